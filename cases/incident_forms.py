"""Recording an incident: validation only; `cases.services.incident_record` saves."""

from datetime import date, time

from django import forms
from django.utils import timezone

from cases.forms import CLOCK_SKEW, local_moment
from cases.models import ReportedTo, Severity
from contactpolicy.choices import Channel
from contactpolicy.forms import (
    GovukDateField,
    GovukForm,
    GovukTimeField,
    radios,
    records_begin,
    textarea,
    today,
)


class IncidentForm(GovukForm):
    """The behaviour that caused concern, in the words of the active profile's taxonomy.

    The categories and the customer's recent contacts are given as lists already read, so
    rendering the form runs no query of its own.
    """

    error_names = {
        "category": "the kind of behaviour",
        "channel": "how it happened",
        "reported_to": "whether it has been reported to the police or the legal team",
    }

    category = forms.ChoiceField(
        label="What kind of behaviour was it?",
        help_text="The categories of the organisation's policy.",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of behaviour"},
    )
    occurred_date = GovukDateField(
        label="Date it happened",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date it happened"},
        earliest=records_begin,
        latest=today,
        latest_message="The date it happened must be in the past",
    )
    occurred_time = GovukTimeField(
        label="Time it happened",
        help_text="24-hour clock, like 14:30",
        error_messages={"required": "Enter the time it happened"},
    )
    channel = radios(
        "How did it happen?", Channel.choices, error_messages={"required": "Select how it happened"}
    )
    description = textarea(
        "What happened",
        help_text="In the words of the people involved: what was said or done, and by whom.",
        rows=6,
        max_length=10000,
        missing="Enter what happened",
    )
    staff_affected = forms.CharField(
        label="Staff affected (optional)",
        help_text="Names or teams of the staff who were on the receiving end.",
        max_length=300,
        required=False,
    )
    contact = forms.ChoiceField(
        label="Linked contact (optional)",
        help_text="The contact it happened in, from this customer's 20 most recent.",
        required=False,
        error_messages={"invalid_choice": "Choose one of this customer's recent contacts"},
    )
    severity = radios(
        "Severity",
        Severity.choices,
        initial=Severity.MEDIUM,
        error_messages={"required": "Select the severity"},
    )
    extreme = forms.BooleanField(
        label="This behaviour was extreme",
        help_text="An immediate threat to the safety and welfare of staff or others. A warning "
        "need not come first.",
        required=False,
    )
    police_report_required = forms.BooleanField(
        label="Yes",
        help_text="The policy says such behaviour is always reported to the police: you will be "
        "asked to make the report, or to record why it was not made.",
        required=False,
    )
    hate_incident = forms.BooleanField(
        label="This was a hate incident",
        help_text="Hostility because of race, religion, sexual orientation, disability or "
        "transgender identity, as the person affected or anyone else perceives it.",
        required=False,
    )
    reported_to = radios(
        "Has it been reported to the police or the legal team?",
        [
            (ReportedTo.NOT_REPORTED, "No, not reported"),
            (ReportedTo.POLICE, "Reported to the police"),
            (ReportedTo.LEGAL, "Referred to the legal team"),
        ],
        initial=ReportedTo.NOT_REPORTED,
        required=False,
    )
    reported_date = GovukDateField(
        label="Date it was reported",
        required=False,
        earliest=records_begin,
        latest=today,
        latest_message="The date it was reported must be today or earlier",
    )
    report_reference = forms.CharField(
        label="Their reference (optional)",
        help_text="For example, a police crime or incident number.",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )

    def __init__(
        self,
        *args,
        categories=(),
        contacts=(),
        services=(),
        now=None,
        may_mark_extreme=False,
        police_question="",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # Only where the policy has the notion, and only for those it names (BTPA §8.4,
        # §8.6: elsewhere behaviour is extreme by its category alone).
        if not may_mark_extreme:
            del self.fields["extreme"]
        self.police_question = police_question
        if not police_question:
            del self.fields["police_report_required"]
        self._services = {str(s.pk): s for s in services}
        if self._services:
            self.fields["service"] = forms.ChoiceField(
                label="Which service was it in?",
                help_text="We have chosen your own service: change it if it happened in another.",
                choices=[
                    ("", "Choose a service"),
                    *[(pk, s.name) for pk, s in self._services.items()],
                ],
                error_messages={
                    "required": "Select which service it was in",
                    "invalid_choice": "Select one of the organisation's services",
                },
            )
        self.now = now or timezone.now()
        self.categories = list(categories)
        self._categories = {str(c.pk): c for c in self.categories}
        self.fields["category"].choices = [(str(c.pk), c.name) for c in self.categories]
        self._contacts = {c.reference: c for c in contacts}
        self.fields["contact"].choices = [
            ("", "Not linked to a contact"),
            *[
                (
                    c.reference,
                    f"{timezone.localtime(c.received_at):%-d %b %Y %H:%M} · "
                    f"{c.get_channel_display()} · {c.reference} · {c.summary[:60]}",
                )
                for c in contacts
            ],
        ]
        local = timezone.localtime(self.now)
        self.fields["occurred_date"].initial = local.date()
        self.fields["occurred_time"].initial = local.strftime("%H:%M")

    @property
    def category_options(self) -> list[tuple]:
        """Each radio with the category it stands for, for the description and extreme tag."""
        return [
            (option, self._categories.get(str(option.data["value"]))) for option in self["category"]
        ]

    def clean(self):
        data = super().clean()
        data.setdefault("extreme", False)
        data.setdefault("police_report_required", False)
        data["category_object"] = self._categories.get(data.get("category") or "")
        data["contact_object"] = self._contacts.get(data.get("contact") or "")
        data["service_object"] = self._services.get(data.get("service") or "")
        day, at = data.get("occurred_date"), data.get("occurred_time")
        if day and at:
            occurred = local_moment(day, at)
            if occurred > self.now + CLOCK_SKEW:
                self.add_error("occurred_date", "The date it happened must be in the past")
            data["occurred_at"] = occurred
        reported_to, reported_on = data.get("reported_to"), data.get("reported_date")
        data["reported_at"] = None
        if reported_to:
            if reported_on is None and "reported_date" not in self.errors:
                self.add_error("reported_date", "Enter the date it was reported")
            elif reported_on is not None:
                self._check_reported_on(reported_on, day)
                data["reported_at"] = local_moment(reported_on, time(0, 0))
        elif reported_on is not None or data.get("report_reference", "").strip():
            self.add_error(
                "reported_to", "Select who it was reported to, or remove the date and reference"
            )
        return data

    def _check_reported_on(self, reported_on: date, happened_on: date | None) -> None:
        today = timezone.localtime(self.now + CLOCK_SKEW).date()
        if reported_on > today:
            self.add_error("reported_date", "The date it was reported must be today or earlier")
        elif happened_on is not None and reported_on < happened_on:
            self.add_error(
                "reported_date", "The date it was reported must be on or after the incident"
            )
