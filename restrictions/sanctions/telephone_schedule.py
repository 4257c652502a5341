"""Telephone at set days and times, or for a limited time, or both.

OPCC and IPCC §6 "place time limits on telephone conversations" with no schedule; BTPA §8
(telephone, 2) restricts calls "to specific days and times" with a time limit "e.g. 15
minutes".
"""

from datetime import datetime

from django import forms
from django.utils import timezone

from contactpolicy.choices import Channel, SanctionKind
from contactpolicy.forms import GovukTimeField
from contactpolicy.wording import WEEKDAYS, soft_mutation
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.TELEPHONE_SCHEDULE


def _weekdays_field(context: base.FieldContext) -> forms.Field:
    weekdays = forms.MultipleChoiceField(
        label="Days calls are allowed",
        choices=[(str(number), name) for number, name in enumerate(WEEKDAYS["en"])],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    weekdays.error_name = "the days calls are allowed"
    return weekdays


def _window_start_field(context: base.FieldContext) -> forms.Field:
    return GovukTimeField(
        label="Calls allowed from", help_text="24-hour clock, like 10:00", required=False
    )


def _window_end_field(context: base.FieldContext) -> forms.Field:
    return GovukTimeField(label="Calls allowed until", help_text="Like 11:00", required=False)


def _max_minutes_field(context: base.FieldContext) -> forms.Field:
    return forms.IntegerField(
        label="Longest call in minutes",
        help_text="For example, 15. A time limit may stand alone: without it, choose the "
        "days and times calls are allowed.",
        min_value=1,
        max_value=240,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the longest call as a number of minutes, like 15",
            "min_value": "The longest call must be at least 1 minute",
            "max_value": "The longest call must be 240 minutes or less",
        },
    )


def _limit_alone(proposed) -> bool:
    """A time limit on its own needs no days or window; days or a window given need the
    rest."""
    scheduled = proposed.weekdays or proposed.window_start or proposed.window_end
    return bool(proposed.max_minutes) and not scheduled


def describe(sanction) -> str:
    days = ", ".join(WEEKDAYS["en"][d] for d in sorted(sanction.weekdays)) or "any day"
    window = (
        f" {sanction.window_start:%H:%M}–{sanction.window_end:%H:%M}"
        if sanction.window_start and sanction.window_end
        else ""
    )
    limit = f", at most {sanction.max_minutes} minutes a call" if sanction.max_minutes else ""
    if sanction.max_minutes and not (sanction.weekdays or window):
        return f"Telephone calls of at most {sanction.max_minutes} minutes"
    return f"Telephone on {days}{window}{limit}"


def _in_window(sanction, moment: datetime) -> bool:
    local = timezone.localtime(moment)
    if sanction.weekdays and local.weekday() not in sanction.weekdays:
        return False
    if sanction.window_start and local.time() < sanction.window_start:
        return False
    return not (sanction.window_end and local.time() >= sanction.window_end)


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    """A call outside its days and times, longer than its limit (OPCC: "place time limits
    on telephone conversations"; BTPA §8 telephone mechanism 2), or permitted. A limit may
    stand alone, without days or times. Other channels are not its business."""
    if contact.channel != Channel.TELEPHONE:
        return None
    described = describe(sanction)
    if not _in_window(sanction, contact.moment):
        return base.told_finding(
            CheckOutcome.BREACH,
            sanction,
            f"{described}. This call is outside the agreed times: read the script and end "
            "the call.",
            described,
            "This call is outside the agreed times",
            read_script=True,
        )
    limit = sanction.max_minutes
    duration = contact.duration_minutes
    if limit and duration is not None and duration > limit:
        return base.told_finding(
            CheckOutcome.BREACH,
            sanction,
            f"{described}. This call lasted {duration} minutes, longer than the "
            f"{limit}-minute limit: end calls when the limit is reached.",
            described,
            f"This call lasted {duration} minutes, longer than the {limit}-minute limit",
        )
    scheduled = sanction.weekdays or sanction.window_start or sanction.window_end
    within = "This call is within the agreed times." if scheduled else ""
    end = f" End the call after {limit} minutes." if limit else ""
    text = f"{described}. {within}{end}".replace(".  ", ". ").strip()
    if not scheduled:
        # A limit on its own: the profile's instruction is about the limit, so it applies.
        text = base.told(sanction, text, described, f"End the call after {limit} minutes")
    return base.Finding(CheckOutcome.PERMITTED, text, sanction)


def _window(sanction) -> tuple[str, str] | None:
    if sanction.window_start and sanction.window_end:
        return f"{sanction.window_start:%H:%M}", f"{sanction.window_end:%H:%M}"
    return None


def _days(sanction, language: str) -> str:
    days = base.join([WEEKDAYS[language][d] for d in sorted(sanction.weekdays)], language)
    # Welsh: "ar" takes the soft mutation ("ar ddydd Mawrth a dydd Iau").
    return soft_mutation(days) if language == "cy" and days else days


WORDS = {
    "en": {
        "on": "on {}",
        "between": "between {} and {}",
        "may": "You may telephone us",
        "limit": "Each call will last no more than {} minutes.",
    },
    "cy": {
        "on": "ar {}",
        "between": "rhwng {} a {}",
        "may": "Cewch ein ffonio",
        "limit": "Bydd pob galwad yn para {} munud ar y mwyaf.",
    },
}


def _sentence(sanction, language: str, words) -> str:
    days, window = _days(sanction, language), _window(sanction)
    between = words["between"].format(*window) if window else ""
    when = " ".join(p for p in [words["on"].format(days) if days else "", between] if p)
    parts = [f"{words['may']} {when}." if when else f"{words['may']}."]
    if sanction.max_minutes:
        parts.append(words["limit"].format(sanction.max_minutes))
    return " ".join(parts)


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "weekdays",
            _weekdays_field,
            required=True,
            missing="Choose the days calls are allowed",
        ),
        base.Parameter(
            "window_start",
            _window_start_field,
            required=True,
            missing="Enter the time calls are allowed from",
        ),
        base.Parameter(
            "window_end",
            _window_end_field,
            required=True,
            missing="Enter the time calls are allowed until",
        ),
        base.Parameter("max_minutes", _max_minutes_field),
    ),
    describe=describe,
    assess=assess,
    wording=base.in_every_language(WORDS, _sentence),
    required_unless=_limit_alone,
)
