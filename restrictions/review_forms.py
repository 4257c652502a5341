"""Forms for reviews. They parse and bound the input; the review services apply the rules
(a date before the one set, a request the profile allows, a review still open)."""

from datetime import timedelta

from django import forms

from contactpolicy.choices import Channel
from contactpolicy.forms import GovukDateField, GovukForm, radios, records_begin, textarea, today
from contactpolicy.models import PolicyProfile
from restrictions.models import Stage
from restrictions.review_selectors import Queue, queue_choices
from restrictions.review_services import SUMMARY_MAX

# No policy reviews less often than yearly; a new date within two years bounds the input.
BRING_FORWARD_WITHIN_DAYS = 731


class BringForwardForm(GovukForm):
    error_names = {"requested_by": "who asked for the review to be held sooner"}
    error_subjects = {"reason": "the reason the review is brought forward"}

    requested_by = radios(
        "Who asked for the review to be held sooner?",
        [
            ("customer", "The customer, showing a more acceptable approach"),
            ("manager", "A manager"),
        ],
        error_messages={"required": "Select who asked for the review to be brought forward"},
    )
    due_on = GovukDateField(
        label="New review date",
        help_text="Today or later, and before the date set. For example, 27 3 2027",
        error_messages={"required": "Enter the new review date"},
        earliest=today,
        latest=lambda: today() + timedelta(days=BRING_FORWARD_WITHIN_DAYS),
        earliest_message="The new review date must be today or later",
        latest_message="The new review date must be within two years",
    )
    reason = textarea(
        "Why is it brought forward?",
        rows=3,
        max_length=2000,
        missing="Enter why the review is brought forward",
    )


class RepresentationForm(GovukForm):
    received_on = GovukDateField(
        label="Date received",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the representations were received"},
        earliest=records_begin,
        latest=today,
        latest_message="The date received must be today or in the past",
    )
    channel = radios(
        "How they reached us",
        Channel.choices,
        error_messages={"required": "Select how the representations reached us"},
    )
    summary = textarea(
        "What the customer said",
        help_text="In their words where you can, or a fair summary.",
        rows=5,
        max_length=SUMMARY_MAX,
        missing="Enter what the customer said",
    )


class ReviewFilterForm(GovukForm):
    show = forms.ChoiceField(label="Show", required=False)
    reviewing = forms.ChoiceField(
        label="Of",
        choices=[
            ("", "Both"),
            (Stage.SANCTIONED, "Sanctions"),
            (Stage.DISENGAGED, "Disengagement"),
        ],
        required=False,
    )

    def __init__(self, *args, profile: PolicyProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = queue_choices(profile)

    def queue(self) -> str:
        return (self.cleaned_data.get("show") if self.is_valid() else "") or Queue.OPEN

    def reviewing_value(self) -> str:
        return (self.cleaned_data.get("reviewing") if self.is_valid() else "") or ""
