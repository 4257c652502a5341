"""The forms of the profile editor, the first-run page and the rules the admin site shares.

A section's form and its lists of rows are made from the section's declaration
(`contactpolicy.profile_sections`); the model's own `clean` and the shared formset rules
(`DecisionRuleFormSet`, `RetentionReasonMixin`) check them, here and in the admin site alike.
"""

import datetime
import json
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import inlineformset_factory, modelform_factory

from contactpolicy.forms import GovukDateField, GovukForm, GovukModelForm
from contactpolicy.models import PolicyProfile, RetentionPeriod, User
from contactpolicy.posts import appeal_deadlock_at, rules_deadlock
from contactpolicy.profile_sections import Inline, Section

CHANGE_REASON_MAX = 100  # simple-history's history_change_reason column
CLOSURE_RANGE_MAX_DAYS = 31


class DecisionRuleFormSet(forms.BaseInlineFormSet):
    """The decision rules, checked with the profile's settings as they stand (or, in the
    admin site, as submitted with them): rules that would leave a decision or an appeal with
    nobody to decide it are refused with the reason (`contactpolicy.posts.rules_deadlock`)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if reason := rules_deadlock(self.instance, kept):
            raise forms.ValidationError(reason, code="deadlock")


class RetentionReasonMixin:
    """A change to a retention period, or to the event it runs from, needs its reason."""

    def clean(self):
        cleaned = super().clean()
        changed = {"years", "runs_from", "kind"} & set(self.changed_data)
        if self.instance.pk and changed and "reason" not in self.changed_data:
            self.add_error("reason", "Say why the retention period changes")
        return cleaned


class RetentionPeriodForm(RetentionReasonMixin, forms.ModelForm):
    class Meta:
        model = RetentionPeriod
        fields = ("kind", "years", "runs_from", "source", "reason")


class GovukRetentionPeriodForm(RetentionReasonMixin, GovukModelForm):
    class Meta:
        model = RetentionPeriod
        fields = ("kind", "years", "runs_from", "source", "reason")


# A nullable yes/no: the empty value is "Not set", which NullBooleanField reads as None.
NOT_SET_CHOICES = [("", "Not set"), ("True", "Yes"), ("False", "No")]


class BoundedJSONField(forms.JSONField):
    """A list or mapping typed as JSON, its length bounded as typed, whatever it parses to
    (a bare number has no length of its own)."""

    def run_validators(self, value):
        super().run_validators(json.dumps(value, cls=self.encoder))


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model field as the editor shows it: a nullable yes/no as three radios."""
    if isinstance(db_field, models.BooleanField) and db_field.null:
        return forms.NullBooleanField(
            label=db_field.verbose_name[:1].upper() + db_field.verbose_name[1:],
            help_text=db_field.help_text,
            required=False,
            widget=forms.RadioSelect(choices=NOT_SET_CHOICES),
        )
    if isinstance(db_field, models.JSONField):
        kwargs["form_class"] = BoundedJSONField
    field = db_field.formfield(**kwargs)
    choices = list(getattr(field, "choices", ()) or ())
    if choices and choices[0][0] in ("", None) and not isinstance(field, forms.ModelChoiceField):
        field.choices = [("", "Not set"), *choices[1:]]
    if isinstance(db_field, models.TextField) and field is not None:
        field.widget.attrs["rows"] = 3
    return field


class ProfileSectionForm(GovukModelForm):
    """One section's settings, and why they change, which the profile's history keeps."""

    error_subjects = {"change_reason": "The reason for the change"}

    change_reason = forms.CharField(
        label="Why are you making this change?",
        help_text="Kept in the profile's history, e.g. “Cabinet approved the new policy”.",
        max_length=CHANGE_REASON_MAX,
        error_messages={"required": "Enter why you are making this change"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The reason comes last, after the section's settings.
        self.fields["change_reason"] = self.fields.pop("change_reason")


class AppealsSectionForm(ProfileSectionForm):
    """The appeal settings, checked with the saved decision rules for deadlocks. A deadlock
    is marked on the setting that resolves it (who decides, or investigates, when the first
    choice took part)."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        rules = list(self.instance.decision_rules.all())
        if reason := rules_deadlock(self.instance, rules):
            field, appeal_reason = appeal_deadlock_at(self.instance, rules)
            self.add_error(
                field if field in self.fields and appeal_reason == reason else None, reason
            )


def section_form_class(section: Section) -> type[ProfileSectionForm]:
    base = AppealsSectionForm if section.slug == "appeals" else ProfileSectionForm
    return modelform_factory(
        PolicyProfile, form=base, fields=section.fields, formfield_callback=formfield
    )


class RowForm(GovukModelForm):
    """One row of a profile's rules; the delete box says what it removes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = "Remove this row"


class GovukRetentionRowForm(GovukRetentionPeriodForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = "Remove this row"


FORMSETS = {"decision_rules": DecisionRuleFormSet}
ROW_FORMS = {"retention_periods": GovukRetentionRowForm}


def inline_formset_class(inline: Inline):
    relation = PolicyProfile._meta.get_field(inline.relation)
    model = relation.related_model
    return inlineformset_factory(
        PolicyProfile,
        model,
        form=ROW_FORMS.get(inline.relation, RowForm),
        formset=FORMSETS.get(inline.relation, forms.BaseInlineFormSet),
        fields=inline.fields,
        extra=1,
        can_delete=True,
        formfield_callback=formfield,
    )


class ClosureRangeForm(GovukForm):
    """One closure day, or several in a row: the first and the last day and the reason."""

    first_day = GovukDateField(
        label="First day closed",
        help_text="For example, 24 12 2027",
        earliest=lambda: datetime.date.today() - datetime.timedelta(days=366),
        latest=datetime.date(2100, 12, 31),
        earliest_message="The first day must be within the last year",
    )
    last_day = GovukDateField(
        label="Last day closed (optional)",
        help_text="Leave empty for a single day.",
        required=False,
        latest=datetime.date(2100, 12, 31),
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Shown to staff, e.g. “Christmas closure”.",
        max_length=200,
        error_messages={"required": "Enter the reason the organisation is closed"},
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", "The last day must be the same as or after the first")
            elif (last - first).days >= CLOSURE_RANGE_MAX_DAYS:
                self.add_error(
                    "last_day",
                    f"Add at most {CLOSURE_RANGE_MAX_DAYS} days at a time",
                )
        return cleaned


# -- Shipped profiles and the first run --------------------------------------------------------


def shipped_profiles() -> list[tuple[str, str]]:
    """(file stem, organisation's name) for each profile the service ships with."""
    found = []
    for path in sorted(Path(settings.BASE_DIR, "fixtures", "profiles").glob("*.json")):
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        names = [
            row["fields"].get("name", path.stem)
            for row in rows
            if row.get("model") == "contactpolicy.policyprofile"
        ]
        if names:
            found.append((path.stem, names[0]))
    return found


class ShippedCopyForm(GovukForm):
    """Which shipped profile to start from, and the new organisation's names."""

    shipped = forms.ChoiceField(
        label="Which policy is closest to yours?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the shipped profile to start from",
            "invalid_choice": "Select the shipped profile to start from",
        },
    )
    name = forms.CharField(
        label="Organisation's full name",
        help_text="e.g. “Lichfield District Council”.",
        max_length=200,
        error_messages={"required": "Enter the organisation's full name"},
    )
    short_name = forms.CharField(
        label="Short name",
        help_text="e.g. “Lichfield”.",
        max_length=50,
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipped"].choices = shipped_profiles()

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if PolicyProfile.objects.filter(slug=slug).exists():
            raise ValidationError("A profile already uses that short identifier")
        return slug


class FirstAdministratorForm(GovukForm):
    """The first administrator: an account with no password, and a link to set one."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={"required": "Enter the administrator's first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={"required": "Enter the administrator's last name"},
    )
    username = forms.CharField(
        label="Username",
        help_text="What they sign in with, e.g. “asmith”.",
        max_length=150,
        error_messages={"required": "Enter a username"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="The link to set their password is sent here.",
        max_length=254,
        error_messages={"required": "Enter the administrator's email address"},
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("Someone already has that username")
        return username
