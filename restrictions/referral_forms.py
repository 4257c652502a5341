"""The form for recording a referral. Validation of the policy's rules is the service's
(`restrictions.referral_services.referral_record`); this form parses."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from cases.models import Incident
from contactpolicy.forms import GovukDateField, GovukForm, radios, records_begin, textarea, today
from restrictions.models import ReferralKind


class IncidentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, incident: Incident) -> str:
        when = timezone.localtime(incident.occurred_at)
        extreme = " (extreme)" if incident.is_extreme else ""
        return f"{incident.reference}: {incident.category.name}{extreme}, {when:%-d %B %Y}"


# A referral made without warning is told to the customer "as soon as appropriate"; no
# policy allows longer than a year, and a date further off would silence its reminder.
INFORM_WITHIN_DAYS = 365


class ReferralForm(GovukForm):
    error_names = {
        "kind": "what kind of referral it is",
    }
    error_subjects = {
        "inform_customer_by": "the date to tell the customer by",
    }
    kind = radios(
        "What kind of referral is it?",
        ReferralKind.choices,
        error_messages={"required": "Choose what kind of referral it is"},
    )
    recipient = forms.CharField(
        label="Who it went to",
        help_text="The police force, the legal team, the agency, or the client, employer or "
        "professional body.",
        max_length=300,
        error_messages={"required": "Enter who it went to"},
    )
    made_on = GovukDateField(
        label="Date it was made",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date it was made"},
        earliest=records_begin,
        latest=today,
        latest_message="The date it was made must be today or in the past",
    )
    external_reference = forms.CharField(
        label="Their reference (optional)",
        help_text="For example, a crime reference number.",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    incidents = IncidentChoiceField(
        label="Incidents it cites",
        queryset=Incident.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_was_shared = textarea(
        "What was shared or said",
        help_text="For information sharing, and for an agent's client, employer or "
        "professional body.",
        rows=4,
        max_length=5000,
        required=False,
    )
    basis = textarea(
        "On what basis",
        help_text="For information sharing: the lawful basis or the protocol, for example the "
        "Staffordshire Information Sharing Protocol.",
        rows=3,
        max_length=2000,
        required=False,
    )
    notes = textarea("Notes (optional)", rows=3, max_length=5000, required=False)
    without_warning = forms.BooleanField(
        label="It was made without warning the customer",
        help_text="Only a report to the police or the legal team, and only for extreme "
        "behaviour. The customer must then be told as soon as appropriate.",
        required=False,
    )
    inform_customer_by = GovukDateField(
        label="Tell the customer by",
        help_text="The date by which the customer will be told of the steps taken. You will "
        "be reminded by email from that day until it is done.",
        required=False,
        earliest=today,
        latest=lambda: today() + timedelta(days=INFORM_WITHIN_DAYS),
        earliest_message="The date to tell the customer by must be today or later",
        latest_message="The customer must be told within a year: choose a date within "
        "a year from today",
    )

    consulted = forms.ChoiceField(
        label="Who did you consult?",
        required=False,
        error_messages={"invalid_choice": "Choose one of the people listed"},
    )
    consulted_on = GovukDateField(
        label="Date you consulted them",
        help_text="For example, 27 3 2026",
        required=False,
        earliest=records_begin,
        latest=today,
        latest_message="The date you consulted them must be today or in the past",
    )
    consultation_advice = textarea("What did they say?", rows=3, max_length=5000, required=False)

    def __init__(self, *args, customer, kinds=None, consultees=None, consulted_post="", **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        if kinds is not None:
            # Only the kinds this person may record under the policy are offered.
            self.fields["kind"].choices = [
                (value, label) for value, label in ReferralKind.choices if value in kinds
            ]
            self.fields["kind"].error_messages["invalid_choice"] = (
                "Choose one of the kinds of referral you may record"
            )
            if len(self.fields["kind"].choices) == 1:
                # The only kind this person may record is chosen for them.
                self.initial.setdefault("kind", self.fields["kind"].choices[0][0])
            if not {ReferralKind.POLICE, ReferralKind.LEGAL} & set(kinds):
                # Only a report to the police or the legal team is made without warning:
                # someone who may record neither is not asked.
                del self.fields["without_warning"]
                del self.fields["inform_customer_by"]
        self.fields["incidents"].queryset = customer.incidents.select_related("category").order_by(
            "-occurred_at"
        )
        self.fields["made_on"].initial = timezone.localdate()
        # Tamworth §9: a police report after consultation, where the profile asks for one.
        self.consulted_post = consulted_post
        if consultees is None:
            for name in ("consulted", "consulted_on", "consultation_advice"):
                del self.fields[name]
        else:
            self._consultees = {str(user.pk): user for user in consultees}
            self.fields["consulted"].label = f"Which {consulted_post} did you consult?"
            self.fields["consulted"].choices = [
                ("", "Choose a person"),
                *[(pk, str(user)) for pk, user in self._consultees.items()],
            ]

    def clean(self):
        data = super().clean()
        chosen = data.get("consulted") or ""
        data["consulted_user"] = getattr(self, "_consultees", {}).get(chosen)
        data.setdefault("consulted_on", None)
        data.setdefault("consultation_advice", "")
        data.setdefault("without_warning", False)
        data.setdefault("inform_customer_by", None)
        return data


class PoliceReportNotMadeForm(GovukForm):
    error_names = {"reason": "the reason it was not reported"}
    error_subjects = {"reason": "The reason"}

    reason = textarea(
        "Why was it not reported to the police?",
        help_text="For example, the person affected asked for it not to be, or the police "
        "already know of it under another reference.",
        rows=4,
        max_length=2000,
        missing="Enter why it was not reported to the police",
    )
