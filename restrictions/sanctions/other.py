"""Other proportionate action, in the approver's words."""

from contactpolicy.choices import SanctionKind
from restrictions.sanctions.base import (
    UNTIL_REVIEWED,
    ContactInHand,
    FieldContext,
    Finding,
    Parameter,
    SanctionKindSpec,
    as_written,
    named_or_described,
    textarea,
)

KIND = SanctionKind.OTHER


def _description_field(context: FieldContext):
    return textarea("What the action is")


def assess(sanction, contact: ContactInHand) -> Finding | None:
    return as_written(sanction, named_or_described(sanction))


SPEC = SanctionKindSpec(
    kind=KIND,
    parameters=(
        Parameter("description", _description_field, required=True, missing="Describe the action"),
    ),
    describe=named_or_described,
    assess=assess,
    wording={"en": named_or_described, "cy": named_or_described},
    ending=UNTIL_REVIEWED,
)
