"""Contact through a third party or advocate."""

from django import forms

from contactpolicy.choices import SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.THIRD_PARTY


def _third_party_field(context: base.FieldContext) -> forms.Field:
    return forms.CharField(label="Third party or advocate", max_length=300, required=False)


def describe(sanction) -> str:
    if sanction.third_party:
        return f"Contact through {sanction.third_party} only"
    return base.named_or_described(sanction)


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    if not sanction.third_party:
        return None
    described = describe(sanction)
    return base.told_finding(
        CheckOutcome.REDIRECTED,
        sanction,
        f"{described}. Redirect the customer to {sanction.third_party}.",
        described,
        f"Redirect the customer to {sanction.third_party}",
    )


def in_english(sanction) -> str:
    return f"Please contact us only through {sanction.third_party}."


def in_welsh(sanction) -> str:
    return f"Cysylltwch â ni drwy {sanction.third_party} yn unig."


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "third_party",
            _third_party_field,
            required=True,
            missing="Enter the third party or advocate the customer contacts us through",
            personal=True,
        ),
    ),
    describe=describe,
    assess=assess,
    wording=base.wording_needing("third_party", en=in_english, cy=in_welsh),
)
