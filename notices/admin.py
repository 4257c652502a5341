"""Django admin for notices: issued notices are read-only and never deleted; templates are
checked as they are in the application's own editor."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from notices.models import Notice, NoticeTemplate, ProductionRequest


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["profile", "kind", "language", "awaiting_translation_check", "updated_at"]
    list_filter = ["profile", "kind", "language", "awaiting_translation_check"]


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "kind", "customer", "state", "issued_at", "sent_method"]
    list_filter = ["state", "kind", "language", "print_format"]
    search_fields = ["reference", "customer__name"]

    def has_add_permission(self, request) -> bool:
        return False  # notices are drafted from their decision or contact

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # drafts change through the application; issued ones never do

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProductionRequest)
class ProductionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["notice", "production_format", "language", "due_on", "completed_at"]
