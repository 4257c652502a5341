"""Contact through a third party or advocate."""

from django import forms

from contactpolicy.choices import SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions.base import (
    UNTIL_REVIEWED,
    ContactInHand,
    FieldContext,
    Finding,
    Parameter,
    SanctionKindSpec,
    named_or_described,
    told,
)

KIND = SanctionKind.THIRD_PARTY


def _third_party_field(context: FieldContext) -> forms.Field:
    return forms.CharField(label="Third party or advocate", max_length=300, required=False)


def describe(sanction) -> str:
    if sanction.third_party:
        return f"Contact through {sanction.third_party} only"
    return named_or_described(sanction)


def assess(sanction, contact: ContactInHand) -> Finding | None:
    if not sanction.third_party:
        return None
    described = describe(sanction)
    return Finding(
        CheckOutcome.REDIRECTED,
        told(
            sanction,
            f"{described}. Redirect the customer to {sanction.third_party}.",
            described,
            f"Redirect the customer to {sanction.third_party}",
        ),
        sanction,
    )


def in_english(sanction) -> str:
    if not sanction.third_party:
        return named_or_described(sanction)
    return f"Please contact us only through {sanction.third_party}."


def in_welsh(sanction) -> str:
    if not sanction.third_party:
        return named_or_described(sanction)
    return f"Cysylltwch â ni drwy {sanction.third_party} yn unig."


SPEC = SanctionKindSpec(
    kind=KIND,
    parameters=(
        Parameter(
            "third_party",
            _third_party_field,
            required=True,
            missing="Enter the third party or advocate the customer contacts us through",
            personal=True,
        ),
    ),
    describe=describe,
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
    ending=UNTIL_REVIEWED,
)
