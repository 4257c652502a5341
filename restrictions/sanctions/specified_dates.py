"""Contact only on specified dates."""

from django import forms
from django.utils import timezone

from contactpolicy.choices import SanctionKind
from contactpolicy.wording import date_list
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.SPECIFIED_DATES


def _dates_field(context: base.FieldContext) -> forms.Field:
    # Several lines: dates are read separated by commas or one a line.
    return forms.CharField(
        label="Dates contact is allowed on",
        help_text="One a line or separated by commas, like 2026-12-01, 15/12/2026 or 5 1 2027",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def describe(sanction) -> str:
    if sanction.dates:
        return "Contact only on " + ", ".join(sanction.dates)
    return base.named_or_described(sanction)


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    if not sanction.dates:
        return None
    described = describe(sanction)
    if timezone.localtime(contact.moment).date().isoformat() not in sanction.dates:
        return base.told_finding(
            CheckOutcome.BREACH,
            sanction,
            f"{described}. Today is not one of them: read and file it.",
            described,
            "Today is not one of them",
        )
    return base.Finding(CheckOutcome.PERMITTED, f"{described}. Today is one of them.", sanction)


def in_english(sanction) -> str:
    return f"You may contact us only on these dates: {date_list(sanction.dates, 'en')}."


def in_welsh(sanction) -> str:
    return f"Cewch gysylltu â ni ar y dyddiadau hyn yn unig: {date_list(sanction.dates, 'cy')}."


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "dates", _dates_field, required=True, missing="Enter the dates contact is allowed on"
        ),
    ),
    describe=describe,
    assess=assess,
    wording=base.wording_needing("dates", en=in_english, cy=in_welsh),
)
