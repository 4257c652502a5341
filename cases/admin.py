from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Case, Contact, Customer, CustomerIdentifier, CustomerLink


class IdentifierInline(admin.TabularInline):
    model = CustomerIdentifier
    fields = ("kind", "value", "postcode")
    extra = 0


class LinkInline(admin.TabularInline):
    model = CustomerLink
    fk_name = "customer"
    fields = ("kind", "other", "note")
    raw_id_fields = ("other",)
    extra = 0


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "name", "kind", "preferred_language")
    search_fields = ("reference", "normalised_name")
    list_filter = ("kind", "preferred_language")
    readonly_fields = ("reference", "created_at", "created_by")
    inlines = [IdentifierInline, LinkInline]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "subject", "customer", "status", "officer")
    list_filter = ("status",)
    search_fields = ("reference", "subject")
    raw_id_fields = ("customer", "officer")
    readonly_fields = ("reference",)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    """Read-only: contacts are logged and their clocks moved through the service screens."""

    list_display = ("reference", "channel", "kind", "received_at", "customer", "officer")
    list_filter = ("channel", "kind")
    search_fields = ("reference",)
    raw_id_fields = ("customer", "case", "officer", "logged_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
