from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.db import models
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from contactpolicy.models import (
    BehaviourCategory,
    ChecklistItem,
    ClosureDay,
    DecisionRule,
    NoReplyException,
    OfficeHours,
    PolicyProfile,
    SanctionType,
    ServiceStandard,
    User,
)
from contactpolicy.roles import SUPERUSER_GRANTED_ROLES, group_name
from contactpolicy.second_factor import second_factor_reset
from contactpolicy.services import calendar_changed


class StaffChangeForm(UserChangeForm):
    """The user form, with the roles an administrator may grant limited server-side.

    A role the editor may not grant and the person already holds (the Chief Executive role,
    say) is kept as it is: it neither appears as a choice nor is removed by saving.
    """

    def clean_groups(self):
        chosen = self.cleaned_data["groups"]
        offered = self.fields["groups"].queryset
        if self.instance.pk is None:
            return chosen
        kept = self.instance.groups.exclude(pk__in=offered.values("pk"))
        return chosen | kept


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    """Staff and their roles (issue 8, defect 2: separation of duty).

    A superuser edits everything. An administrator who is not a superuser manages staff,
    their roles, grade and line manager, but cannot raise anyone to superuser, give staff
    status or individual permissions, grant the Chief Executive role, change their own
    roles or grade, or edit a superuser. The form leaves those fields out, so a crafted POST
    that sends them is ignored, and a forbidden role is not a valid choice.
    """

    form = StaffChangeForm
    list_display = ("username", "first_name", "last_name", "job_title", "grade", "is_active")
    list_filter = ("groups", "is_active", "is_staff")
    history_list_display = ["grade", "line_manager", "is_active"]

    CASEWORK = ("Casework", {"fields": ("grade", "job_title", "line_manager")})
    fieldsets = (*BaseUserAdmin.fieldsets, CASEWORK)
    administrator_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Roles", {"fields": ("is_active", "groups")}),
        CASEWORK,
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.administrator_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        readonly = ["last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["groups", "grade", "is_active"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # Editing a superuser (or setting their password) would hand over their powers.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser or obj.pk == request.user.pk):
            return request.user.is_superuser and obj.pk != request.user.pk
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(
                name__in=[group_name(role) for role in SUPERUSER_GRANTED_ROLES]
            ).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# -- Second factor (issue 17) ---------------------------------------------------------------
# A lost authenticator app is reset only through this action, which is logged and kept in
# the user's history; django-otp's own device pages would delete devices without either.
admin.site.unregister([TOTPDevice, StaticDevice])


@admin.action(
    description="Reset the second factor of the selected users", permissions=["reset_factor"]
)
def reset_second_factor(modeladmin, request, queryset):
    reset = [user for user in queryset if second_factor_reset(user=user, actor=request.user)]
    names = ", ".join(str(user) for user in reset) or "nobody: none had one"
    modeladmin.message_user(
        request,
        f"Second factor reset for {names}. They set one up again at their next sign-in.",
        messages.SUCCESS if reset else messages.WARNING,
    )


def has_reset_factor_permission(modeladmin, request) -> bool:
    return request.user.is_superuser


UserAdmin.actions = [*UserAdmin.actions, reset_second_factor]
UserAdmin.has_reset_factor_permission = has_reset_factor_permission


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Roles are groups; what a role may do is set by a superuser only.

    An administrator who could edit the Administrator group's permissions could give it
    (and so themselves) any permission at all.
    """

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# -- Policy profiles (DESIGN.md §2) -----------------------------------------------------------
# Where a policy is silent a value is NULL, which these pages show as "Not set".

NOT_SET = "Not set"


class NotSetNullBooleanSelect(forms.NullBooleanSelect):
    """A yes/no/unknown select that says "Not set" rather than "Unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", NOT_SET), ("true", "Yes"), ("false", "No")]


class ProfileInlineMixin:
    extra = 0
    show_change_link = False
    empty_value_display = NOT_SET


class OfficeHoursInline(ProfileInlineMixin, admin.TabularInline):
    model = OfficeHours
    fields = ("weekday", "opens", "closes", "source")


class ServiceStandardInline(ProfileInlineMixin, admin.StackedInline):
    model = ServiceStandard
    fields = (
        ("channel", "kind"),
        ("acknowledge_value", "acknowledge_unit"),
        ("respond_value", "respond_unit"),
        ("tracked", "office_hours_only", "requester_deadline_applies"),
        "routed_to",
        "description",
        "source",
    )


class NoReplyExceptionInline(ProfileInlineMixin, admin.TabularInline):
    model = NoReplyException
    fields = ("reason", "channels", "description", "source")


class BehaviourCategoryInline(ProfileInlineMixin, admin.StackedInline):
    model = BehaviourCategory
    fields = (("order", "code", "name", "is_extreme"), "description", "examples", "source")


class SanctionTypeInline(ProfileInlineMixin, admin.StackedInline):
    model = SanctionType
    fields = (
        ("order", "code", "kind"),
        "name",
        "description",
        ("approver_role", "extreme_only"),
        "staff_instruction",
        "source",
    )


class DecisionRuleInline(ProfileInlineMixin, admin.StackedInline):
    model = DecisionRule
    fields = (
        ("decision_kind", "approver_role", "alternative_approver_role"),
        "alternative_approver_title",
        ("approvals_required", "distinct_grades", "reserved_to_chief_executive"),
        "notes",
        "source",
    )


class ChecklistItemInline(ProfileInlineMixin, admin.TabularInline):
    model = ChecklistItem
    fields = ("order", "code", "text", "source")


@admin.register(PolicyProfile)
class PolicyProfileAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "slug", "is_active", "bank_holiday_region")
    list_filter = ("is_active",)
    search_fields = ("name", "short_name", "slug")
    ordering = ("name",)
    readonly_fields = ("is_active",)
    empty_value_display = NOT_SET
    fieldsets = (
        (
            "Organisation",
            {
                "fields": (
                    ("name", "short_name", "slug"),
                    ("policy_title", "policy_document"),
                    "address",
                    ("telephone", "email"),
                    "is_active",
                    "notes",
                )
            },
        ),
        ("Calendar", {"fields": ("bank_holiday_region",)}),
        (
            "Warnings and decisions",
            {
                "fields": (
                    "warning_first",
                    "warning_rule",
                    "extreme_skips_warning",
                    "two_person_rule",
                    "police_without_warning",
                    "termination_script",
                )
            },
        ),
        (
            "Appeals",
            {
                "fields": (
                    "appeal_route",
                    ("appeal_to_role", "appeal_decided_by_role"),
                    ("appeal_window_value", "appeal_window_unit"),
                    ("appeal_decision_value", "appeal_decision_unit"),
                    ("appeal_limit_per_stage", "appeal_stages"),
                    "appeal_notes",
                )
            },
        ),
        (
            "Reviews",
            {
                "fields": (
                    ("sanction_review_months", "disengagement_review_months"),
                    "reengage_clean_months",
                    "review_on_request",
                    "overdue_review_action",
                    "review_notes",
                )
            },
        ),
        ("Reporting", {"fields": (("reporting_cadence", "reporting_audience"),)}),
        ("Sources", {"classes": ("collapse",), "fields": ("sources",)}),
    )
    inlines = [
        OfficeHoursInline,
        ServiceStandardInline,
        NoReplyExceptionInline,
        BehaviourCategoryInline,
        SanctionTypeInline,
        DecisionRuleInline,
        ChecklistItemInline,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A nullable yes/no (the two-person rule) offers "Not set" as its third answer.
        if isinstance(db_field, models.BooleanField) and db_field.null:
            kwargs["widget"] = NotSetNullBooleanSelect
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.is_active:
            calendar_changed()  # office hours, region or standards may have changed


@admin.register(ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "reason")
    date_hierarchy = "date"
    search_fields = ("reason",)
    empty_value_display = NOT_SET

    # A closure day is not a working day: open contacts' due dates move with it.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar_changed()
