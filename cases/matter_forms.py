"""Forms for cases (matters), a customer's identifiers and links, and reassigning a
contact. Validation only; `cases.services` saves."""

from django import forms

from cases.forms import POSTCODE
from cases.models import CaseStatus, Customer, IdentifierKind, LinkKind, SenderConsent
from cases.services import SenderConsentAnswer
from contactpolicy.access import STAFF_ROLES
from contactpolicy.forms import (
    GovukDateField,
    GovukForm,
    RevealingRadioSelect,
    radios,
    records_begin,
    textarea,
    today,
)
from contactpolicy.models import User
from contactpolicy.roles import group_name
from contactpolicy.selectors import services_offered


def casework_staff():
    """Active members of the casework staff, who can handle a case or a contact."""
    labels = [group_name(role) for role in STAFF_ROLES]
    return (
        User.objects.filter(is_active=True, groups__name__in=labels)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class CaseForm(GovukForm):
    subject = forms.CharField(
        label="Subject",
        help_text="What the matter, complaint, enquiry or request is about.",
        max_length=300,
        error_messages={"required": "Enter the subject of the case"},
    )
    officer = StaffChoiceField(
        label="Handling officer",
        queryset=casework_staff(),
        required=False,
        empty_label="Nobody yet",
        error_messages={"invalid_choice": "Choose a member of staff"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = casework_staff()
        # An organisation that keeps no list of services is not asked.
        self._services = {str(service.pk): service for service in services_offered()}
        if self._services:
            self.fields["service"] = forms.ChoiceField(
                label="Service",
                help_text="The service or function the case belongs to.",
                choices=[
                    ("", "Not recorded"),
                    *[(pk, service.name) for pk, service in self._services.items()],
                ],
                required=False,
                error_messages={"invalid_choice": "Choose one of the organisation's services"},
            )

    def clean_service(self):
        return self._services.get(self.cleaned_data.get("service") or "")


class CaseCloseForm(GovukForm):
    error_names = {
        "status": "whether the outcome is reached or the case is closed",
    }
    status = radios(
        "What has happened?",
        [
            (CaseStatus.OUTCOME_REACHED, "The outcome is reached"),
            (CaseStatus.CLOSED, "The case is closed"),
        ],
        error_messages={"required": "Select whether the outcome is reached or the case is closed"},
    )
    outcome = textarea("Outcome", rows=4, max_length=5000, missing="Enter the outcome")
    outcome_date = GovukDateField(
        label="Outcome date",
        help_text="For example, 27 3 2026",
        earliest=records_begin,
        latest=today,
        latest_message="The outcome date must be today or in the past",
    )


class ContactCaseForm(GovukForm):
    """Attach a contact to one of its customer's cases (or to none)."""

    case = forms.ChoiceField(label="Case", required=False)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._cases = {c.reference: c for c in cases}
        self.fields["case"].choices = [("", "No case")] + [
            (c.reference, f"{c.reference}: {c.subject}") for c in cases
        ]

    def clean_case(self):
        value = self.cleaned_data["case"]
        return self._cases.get(value) if value else None


class IdentifierForm(GovukForm):
    kind = radios(
        "Type", IdentifierKind.choices, error_messages={"required": "Select the type of identifier"}
    )
    value = textarea(
        "Email address, phone number, address or handle", rows=2, max_length=500, required=False
    )
    postcode = forms.CharField(label="Postcode (for an address)", max_length=10, required=False)

    def __init__(self, *args, correcting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        if correcting is not None:
            del self.fields["kind"]
            self.fields["value"].label = correcting.get_kind_display()
            if correcting.kind != IdentifierKind.ADDRESS:
                del self.fields["postcode"]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip().upper()
        if value and not POSTCODE.match(value):
            raise forms.ValidationError("Enter a real postcode, like SW1A 2AA")
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or (self.correcting and self.correcting.kind)
        if kind == IdentifierKind.EMAIL and data.get("value"):
            try:
                forms.EmailField().clean(data["value"].strip())
            except forms.ValidationError:
                self.add_error(
                    "value", "Enter an email address in the correct format, like name@example.com"
                )
        if kind and kind != IdentifierKind.ADDRESS and not data.get("value", "").strip():
            self.add_error("value", "Enter the " + IdentifierKind(kind).label.lower())
        return data


class LinkForm(GovukForm):
    error_names = {
        "kind": "how they are connected",
    }
    other = forms.ModelChoiceField(
        queryset=Customer.objects.all(),
        to_field_name="reference",
        label="Reference of the customer to link",
        help_text="For example, CUS-2026-000012",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the reference of the customer to link",
            "invalid_choice": "No customer has that reference",
        },
    )
    kind = radios(
        "How are they connected?",
        LinkKind.choices,
        error_messages={"required": "Select how they are connected"},
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def clean_other(self):
        return self.cleaned_data["other"]


class ReassignForm(GovukForm):
    error_subjects = {
        "reason": "the reason for reassigning it",
    }
    officer = StaffChoiceField(
        label="Reassign to",
        queryset=casework_staff(),
        error_messages={
            "required": "Choose who the contact goes to",
            "invalid_choice": "Choose a member of staff",
        },
    )
    reason = textarea(
        "Why is it being reassigned?",
        help_text="Kept with the contact and shown on its page.",
        rows=3,
        max_length=2000,
        missing="Enter why the contact is being reassigned",
    )
    consent = forms.ChoiceField(
        label="Has the sender consented to their contact being handed on?",
        choices=SenderConsent.choices,
        required=False,
        widget=RevealingRadioSelect(
            reveals={
                SenderConsent.GIVEN: "consent-given",
                SenderConsent.EXCEPTION: "consent-exception",
            }
        ),
    )
    consent_given_on = GovukDateField(
        label="When did they consent?",
        help_text="For example, 27 3 2026",
        required=False,
        earliest=records_begin,
        latest=today,
        latest_message="The date the sender consented must be today or earlier",
    )
    consent_how = forms.CharField(
        label="How did they consent?",
        help_text="For example, by reply to the email, or by telephone to the officer.",
        max_length=300,
        required=False,
    )
    consent_exception = textarea(
        "Which exception in the law applies?",
        help_text="For example, to protect someone's vital interests when they cannot be asked.",
        rows=3,
        max_length=2000,
        required=False,
    )
    CONSENT_FIELDS = ("consent", "consent_given_on", "consent_how", "consent_exception")

    def __init__(self, *args, asks_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = casework_staff()
        self.asks_consent = asks_consent
        if not asks_consent:
            for name in self.CONSENT_FIELDS:
                del self.fields[name]

    def consent_answer(self) -> SenderConsentAnswer | None:
        if not self.asks_consent:
            return None
        data = self.cleaned_data
        return SenderConsentAnswer(
            consent=data.get("consent", ""),
            given_on=data.get("consent_given_on"),
            how=data.get("consent_how", ""),
            exception=data.get("consent_exception", ""),
        )
