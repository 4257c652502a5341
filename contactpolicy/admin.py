from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UsernameField
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from contactpolicy.accounts import (
    LinkKind,
    superuser_names,
    user_password_link_send,
)
from contactpolicy.choices import Channel
from contactpolicy.history_diff import profile_history_changes
from contactpolicy.models import (
    BehaviourCategory,
    ChecklistItem,
    ClosureDay,
    DecisionRule,
    NoReplyException,
    OfficeHours,
    PolicyProfile,
    RetentionPeriod,
    SanctionType,
    Service,
    ServiceStandard,
    User,
)
from contactpolicy.profile_forms import DecisionRuleFormSet, RetentionPeriodForm
from contactpolicy.roles import SUPERUSER_GRANTED_ROLES, group_name
from contactpolicy.second_factor import second_factor_reset
from contactpolicy.services import calendar_changed, profile_copy
from contactpolicy.statutory import STATUTORY_RESPONSE


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


class StaffCreationForm(forms.ModelForm):
    """A new account: who the person is and their roles, never a password.

    The account is saved without a usable password and its owner is emailed a link to set
    one (contactpolicy.accounts), so a crafted POST carrying password fields sets nothing.
    """

    class Meta:
        model = User
        fields = (
            "username",
            "first_name",
            "last_name",
            "email",
            "groups",
            "grade",
            "job_title",
            "line_manager",
            "service",
        )
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "The link to set their password is sent here."

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


def _with_password_status(fieldsets) -> tuple:
    """The fieldsets with the password hash (and its "Reset password" button) replaced by
    whether a password is set: nobody sets another person's password."""
    return tuple(
        (
            name,
            {
                **options,
                "fields": tuple(
                    "password_status" if field == "password" else field
                    for field in options["fields"]
                ),
            },
        )
        for name, options in fieldsets
    )


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    """Staff and their roles (issue 8, defect 2: separation of duty; issue 17).

    A superuser edits everything. An administrator who is not a superuser manages staff,
    their roles, grade and line manager, but cannot raise anyone to superuser, give staff
    status or individual permissions, grant the Chief Executive role, change their own
    roles or grade, or edit a superuser. The form leaves those fields out, so a crafted POST
    that sends them is ignored, and a forbidden role is not a valid choice.

    Nobody sets another person's password, superusers included: a new account gets a link
    by email to set its own, and "Send a new link" sends another. Django's set-password
    page answers only for one's own account.
    """

    form = StaffChangeForm
    add_form = StaffCreationForm
    add_form_template = "admin/contactpolicy/user/add_form.html"
    change_form_template = "admin/contactpolicy/user/change_form.html"
    list_display = ("username", "first_name", "last_name", "job_title", "grade", "is_active")
    list_filter = ("groups", "is_active", "is_staff")
    history_list_display = ["grade", "line_manager", "is_active", "password_link_sent_at"]
    actions = ["send_password_links"]

    CASEWORK = ("Casework", {"fields": ("grade", "job_title", "line_manager", "service")})
    fieldsets = (*BaseUserAdmin.fieldsets, CASEWORK)
    add_fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Roles", {"fields": ("groups",)}),
        CASEWORK,
    )
    administrator_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Roles", {"fields": ("is_active", "groups")}),
        CASEWORK,
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        fieldsets = (
            super().get_fieldsets(request, obj)
            if request.user.is_superuser
            else self.administrator_fieldsets
        )
        if obj.pk != request.user.pk:
            fieldsets = _with_password_status(fieldsets)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["password_status"]
        if request.user.is_superuser:
            return readonly
        readonly += ["last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["groups", "grade", "is_active"]
        if obj is not None and (
            obj.has_usable_password() or obj.has_role(*SUPERUSER_GRANTED_ROLES)
        ):
            # The address receives the links to set the password: an administrator who
            # could change it to their own could take the account over. They may correct
            # it until its owner has set a password; after that only a superuser can.
            readonly += ["email"]
        return readonly

    @admin.display(description="Password")
    def password_status(self, obj):
        state = "Set by its owner." if obj.has_usable_password() else "Not set yet."
        if obj.password_link_sent_at:
            sent = timezone.localtime(obj.password_link_sent_at).strftime("%-d %B %Y at %H:%M")
            state += f" The latest link to set it was sent on {sent}."
        return format_html(
            "{}<br>Nobody sets another person's password: use <strong>Send a new link to "
            "set their password</strong> if they need one.",
            state,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            user_password_link_send(
                user=form.instance,
                actor=request.user,
                kind=LinkKind.INVITATION,
            )

    def response_add(self, request, obj, post_url_continue=None):
        messages.info(
            request, f"An email with a link to set their password was sent to {obj.email}."
        )
        return super().response_add(request, obj, post_url_continue)

    def user_change_password(self, request, id, form_url=""):
        # Django's set-password page, for one's own account only (issue 17).
        if str(request.user.pk) != str(unquote(id)):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_urls(self):
        return [
            path(
                "<id>/send-password-link/",
                self.admin_site.admin_view(self.send_password_link_view),
                name="contactpolicy_user_send_password_link",
            ),
            *super().get_urls(),
        ]

    def _send_link(self, request, user) -> str | None:
        """Send `user` a new link; why it was not sent, if it was not."""
        if not self.has_change_permission(request, user):
            return "only a superuser can send a superuser a link"
        if not user.is_active:
            return "the account is switched off"
        if not user.email:
            return "the account has no email address"
        user_password_link_send(user=user, actor=request.user, kind=LinkKind.NEW_LINK)
        return None

    def send_password_link_view(self, request, id):
        return require_POST(self._send_password_link)(request, id)

    def _send_password_link(self, request, id):
        """The button on the user's page."""
        user = get_object_or_404(User, pk=id if str(id).isdigit() else None)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        refusal = self._send_link(request, user)
        if refusal:
            messages.error(request, f"No link was sent: {refusal}.")
        else:
            messages.success(request, f"A new link to set their password was sent to {user.email}.")
        return HttpResponseRedirect(reverse("admin:contactpolicy_user_change", args=[user.pk]))

    @admin.action(description="Send a new link to set their password", permissions=["change"])
    def send_password_links(self, request, queryset):
        sent, refused = 0, []
        for user in queryset:
            refusal = self._send_link(request, user)
            if refusal:
                refused.append(f"{user} ({refusal})")
            else:
                sent += 1
        if sent:
            people = "1 person" if sent == 1 else f"{sent} people"
            messages.success(request, f"A new link to set their password was sent to {people}.")
        if refused:
            messages.error(request, f"No link was sent to {'; '.join(refused)}.")

    def has_change_permission(self, request, obj=None):
        # Editing a superuser (or setting their password) would hand over their powers.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser or obj.pk == request.user.pk):
            return request.user.is_superuser and obj.pk != request.user.pk
        return super().has_delete_permission(request, obj)

    # Five roles read best as checkboxes; Django's two-box filter is for long lists, and its
    # search labels carry attributes that assistive technology is not allowed to be given.
    filter_horizontal = ("user_permissions",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(
                name__in=[group_name(role) for role in SUPERUSER_GRANTED_ROLES]
            ).order_by("name")
            kwargs["help_text"] = superuser_only_roles_help()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def superuser_only_roles_help() -> str:
    """Why the Chief Executive role is missing from an administrator's choices, and whom
    to ask instead, named from the database."""
    names = superuser_names()
    if not names:
        ask = (
            "There is no superuser yet: whoever runs the service creates one with "
            "manage.py createsuperuser."
        )
    elif len(names) == 1:
        ask = f"Ask {names[0]}, who is a superuser."
    else:
        ask = f"Ask one of the superusers: {', '.join(names[:-1])} or {names[-1]}."
    # The admin shows help text as HTML: the names are escaped.
    return escape(
        "Only a superuser can give someone the Chief Executive role, for example a deputy, "
        f"or make someone a superuser. {ask}"
    )


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


class LabelledTabularInline(admin.TabularInline):
    """A table of rows whose inputs are named by their column and row (WCAG 1.3.1, 4.1.2):
    the admin's tabular template gives them no label of their own, only a header."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = f", row {index + 1}" if index is not None else ", new row"
                for field in form.fields.values():
                    widget = getattr(field.widget, "widget", field.widget)
                    # A group of checkboxes has a label on each option already.
                    if not isinstance(widget, forms.RadioSelect):
                        field.widget.attrs["aria-label"] = f"{field.label}{row}"

        return Labelled


class OfficeHoursInline(ProfileInlineMixin, LabelledTabularInline):
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


class NoReplyExceptionInline(ProfileInlineMixin, LabelledTabularInline):
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
        ("default_channel", "reply_rule"),
        "source",
    )


class DecisionRuleInline(ProfileInlineMixin, admin.StackedInline):
    model = DecisionRule
    formset = DecisionRuleFormSet
    fields = (
        ("decision_kind", "approver_role", "alternative_approver_role"),
        "alternative_approver_title",
        "approver_is_line_manager_of_correspondent",
        ("approvals_required", "distinct_grades", "reserved_to_chief_executive"),
        "notes",
        "source",
    )


class RetentionPeriodInline(ProfileInlineMixin, admin.StackedInline):
    """The retention schedule (`contactpolicy.retention`): what the retention sweep
    anonymises, and when. Stacked, so the reason has the width to be read."""

    model = RetentionPeriod
    form = RetentionPeriodForm
    fields = (("kind", "years", "runs_from"), "source", "reason")
    verbose_name = "retention period"
    verbose_name_plural = "Retention schedule: how long each kind of record is kept"


class ChecklistItemInline(ProfileInlineMixin, LabelledTabularInline):
    model = ChecklistItem
    fields = ("order", "code", "text", "source")


class ProfileCopyForm(forms.Form):
    """The new organisation's name and short identifier for a copy of a profile."""

    name = forms.CharField(
        label="Organisation's full name",
        max_length=200,
        error_messages={"required": "Enter the organisation's full name"},
    )
    short_name = forms.CharField(
        label="Short name",
        max_length=50,
        help_text="e.g. “Lichfield”.",
        error_messages={"required": "Enter a short name"},
    )
    slug = forms.SlugField(
        label="Short identifier",
        max_length=50,
        help_text="Lower-case letters, numbers and hyphens, e.g. “lichfield”.",
        error_messages={
            "required": "Enter a short identifier",
            "invalid": "Use only lower-case letters, numbers and hyphens",
        },
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if PolicyProfile.objects.filter(slug=slug).exists():
            raise ValidationError("A profile already uses that short identifier")
        return slug


# The profile's own records, edited on its page: their changes show in its history.
PROFILE_RECORDS = (
    OfficeHours,
    ServiceStandard,
    NoReplyException,
    BehaviourCategory,
    SanctionType,
    DecisionRule,
    ChecklistItem,
    RetentionPeriod,
)


@admin.register(PolicyProfile)
class PolicyProfileAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "slug", "is_active", "bank_holiday_region")
    list_filter = ("is_active",)
    search_fields = ("name", "short_name", "slug")
    ordering = ("name",)
    readonly_fields = ("is_active", "shipped_as", "kinds_without_standard")
    empty_value_display = NOT_SET

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each copy's changes in words, those of the records on the profile's page included
        (`contactpolicy.history_diff`)."""
        records = list(historical_records)
        found = profile_history_changes(PolicyProfile.history.model, PROFILE_RECORDS, records)
        for record in records:
            record.history_delta_changes = [
                {"field": change.label, "old": change.before, "new": change.after}
                for change in found[record.history_id]
            ]

    fieldsets = (
        (
            "Organisation",
            {
                "fields": (
                    ("name", "short_name", "slug"),
                    "shipped_as",
                    ("policy_title", "policy_document"),
                    "address",
                    ("telephone", "email"),
                    "is_active",
                    "notes",
                )
            },
        ),
        ("Calendar", {"fields": ("bank_holiday_region",)}),
        ("Service standards", {"fields": ("kinds_without_standard",)}),
        (
            "Warnings and decisions",
            {
                "fields": (
                    "warning_first",
                    "warning_rule",
                    "extreme_skips_warning",
                    "two_person_rule",
                    "effect_before_notice_when_extreme",
                    "police_without_warning",
                    "police_referral_role",
                    "termination_script",
                    "notice_issued_by_approver",
                    "approver_answers_exceptions",
                    "approval_within_service",
                    "legal_advice_by_colleague",
                )
            },
        ),
        (
            "Incidents, the police and injunctions",
            {
                "fields": (
                    "extreme_marked_by_role",
                    "police_always_reported",
                    ("police_consultation_role", "police_consultation_title"),
                    ("injunction_role", "injunction_title"),
                    "agent_client_contact_first",
                )
            },
        ),
        (
            "Appeals",
            {
                "fields": (
                    "appeal_route",
                    "appeal_term",
                    ("appeal_to_role", "appeal_to_title"),
                    (
                        "appeal_alternative_investigator_role",
                        "appeal_alternative_investigator_title",
                    ),
                    ("appeal_decided_by_role", "appeal_decided_by_title"),
                    ("appeal_alternative_decider_role", "appeal_alternative_decider_title"),
                    "appeal_late_decided_by_role",
                    "appeal_outcome_binding",
                    ("appeal_window_value", "appeal_window_unit"),
                    ("appeal_decision_value", "appeal_decision_unit"),
                    ("appeal_limit_per_stage", "appeal_stages"),
                    "complaint_route",
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
                    "review_by_applier",
                    "sanction_review_by_team",
                    "overdue_review_action",
                    "reminder_warning_days",
                    "review_notes",
                )
            },
        ),
        (
            "Telling people",
            {"fields": (("consideration_told_to_role", "consideration_told_to_title"),)},
        ),
        (
            "Reporting",
            {
                "fields": (
                    ("reporting_cadence", "reporting_audience"),
                    "report_csv_suppresses_small_figures",
                )
            },
        ),
        (
            "Data protection",
            {
                "fields": (
                    ("subject_access_role", "subject_access_staff_below_role"),
                    "forwarding_needs_sender_consent",
                )
            },
        ),
        (
            "Email",
            {"fields": ("email_acknowledgement_automatic",)},
        ),
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
        RetentionPeriodInline,
    ]

    actions = ["copy_for_new_organisation"]

    @admin.action(description="Copy for a new organisation", permissions=["add"])
    def copy_for_new_organisation(self, request, queryset):
        """Set up a new organisation from one profile (a shipped one, say): its name and
        short identifier are asked for on the next page (`profile_copy`)."""
        profiles = list(queryset[:2])
        if len(profiles) != 1:
            self.message_user(request, "Choose one profile to copy", messages.ERROR)
            return None
        source = profiles[0]
        form = ProfileCopyForm(request.POST if "copy" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                copy = profile_copy(source=source, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request,
                    f"{copy.name} set up from {source.name}. Fill in its letterhead, then make "
                    "it the active profile.",
                    messages.SUCCESS,
                )
                return redirect("admin:contactpolicy_policyprofile_change", copy.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Copy {source.name} for a new organisation",
            "opts": self.model._meta,
            "profile": source,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/contactpolicy/policyprofile/copy.html", context)

    @admin.display(description="Kinds of contact with no service standard")
    def kinds_without_standard(self, obj):
        """What the standards below leave uncovered, so an administrator sees at once that,
        say, complaints get no due date (saved standards only)."""
        if obj is None or obj.pk is None:
            return "Save the profile to see which kinds of contact its standards cover."
        missing = obj.kinds_without_standard()
        if not missing:
            return "Every kind of contact has a standard on every channel."
        items = format_html_join(
            "",
            "<li>{}: {}{}</li>",
            (
                (
                    kind.label,
                    "any channel"
                    if len(channels) == len(Channel)
                    else ", ".join(c.label for c in channels).lower(),
                    " (the statutory clock still applies)" if kind in STATUTORY_RESPONSE else "",
                )
                for kind, channels in missing
            ),
        )
        return format_html(
            "<p>No due date comes from the profile for these (by channel); they stay on the "
            "worklist until answered. Freedom of information and subject access requests "
            "always carry their statutory clocks (20 working days; one calendar month).</p>"
            '<ul style="margin: 0; padding-left: 1.2em">{}</ul>',
            items,
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A nullable yes/no (the two-person rule) offers "Not set" as its third answer.
        if isinstance(db_field, models.BooleanField) and db_field.null:
            kwargs["widget"] = NotSetNullBooleanSelect
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.is_active:
            calendar_changed()  # office hours, region or standards may have changed


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    """The organisation's services or functions: staff, matters and incidents name one."""

    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


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
