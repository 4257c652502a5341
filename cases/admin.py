from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Case, Contact, Customer, CustomerIdentifier, CustomerLink
from cases.services import contacts_recompute_preview
from contactpolicy.admin import PolicyProfileAdmin as ProfileRulesAdmin
from contactpolicy.models import PolicyProfile
from contactpolicy.selectors import profile_get
from contactpolicy.services import profile_activate


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


# Switching the active profile moves every open contact's due dates, so the action that
# asks first (saying how many contacts change, and how) is offered here, where contacts
# are known: the profile's own admin in `contactpolicy` cannot see them (ADR 0004).
admin.site.unregister(PolicyProfile)


@admin.register(PolicyProfile)
class PolicyProfileAdmin(ProfileRulesAdmin):
    actions = ["make_active", "copy_for_new_organisation"]

    @admin.action(description="Make this the active profile", permissions=["change"])
    def make_active(self, request, queryset):
        profiles = list(queryset[:2])
        if len(profiles) != 1:
            self.message_user(
                request, "Select exactly one profile to make active.", level=messages.ERROR
            )
            return
        if request.POST.get("post") != "yes":
            return self.make_active_confirmation(request, profiles[0])
        profile = profile_activate(slug=profiles[0].slug, actor=request.user)
        self.message_user(
            request, f"Active policy profile: {profile.name} ({profile.slug})", messages.SUCCESS
        )

    def make_active_confirmation(self, request, profile: PolicyProfile) -> TemplateResponse:
        """Ask before switching: say how many open contacts' due dates change, and how.

        Worked out without saving anything (`contacts_recompute_preview`).
        """
        changed, changes = contacts_recompute_preview(profile=profile_get(slug=profile.slug))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Make {profile.name} the active profile?",
            "opts": self.model._meta,
            "profile": profile,
            "active": PolicyProfile.objects.filter(is_active=True).first(),
            "contacts_changed": changed,
            "changes": changes,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/contactpolicy/policyprofile/make_active_confirmation.html", context
        )
