"""The form for an injunction decision; `restrictions.injunction_services` checks the rules."""

from django import forms
from django.utils import timezone

from contactpolicy.forms import GovukDateField, GovukForm, radios, records_begin, textarea, today


class InjunctionForm(GovukForm):
    error_names = {"seek": "whether to seek a court injunction"}

    seek = radios(
        "Will the council seek a court injunction to support the exclusion?",
        [("yes", "Yes, seek an injunction"), ("no", "No, do not seek one")],
        error_messages={"required": "Choose whether to seek a court injunction"},
    )
    reason = textarea(
        "Reason for the decision",
        help_text="For example, the exclusion was ignored on 3 March and the customer was "
        "asked to leave twice.",
        rows=4,
        max_length=5000,
        missing="Enter the reason for the decision",
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the decision"},
        earliest=records_begin,
        latest=today,
        latest_message="The date of the decision must be today or in the past",
    )
    court = forms.CharField(
        label="Court (optional)",
        help_text="Where the injunction was applied for, if it has been.",
        max_length=200,
        required=False,
    )
    applied_on = GovukDateField(
        label="Date it was applied for (optional)",
        help_text="For example, 3 2 2027",
        required=False,
        earliest=records_begin,
        latest=today,
        latest_message="The date it was applied for must be today or in the past",
    )
    court_outcome = forms.CharField(
        label="What the court decided (optional)",
        help_text="For example, “Granted until 1 March 2028”, or leave empty while pending.",
        max_length=300,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
