"""Other proportionate action, in the approver's words."""

from contactpolicy.choices import SanctionKind
from restrictions.sanctions import base

KIND = SanctionKind.OTHER


def _description_field(context: base.FieldContext):
    return base.textarea("What the action is")


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    return base.as_written(sanction, base.named_or_described(sanction))


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "description", _description_field, required=True, missing="Describe the action"
        ),
    ),
    assess=assess,
    wording={"en": base.named_or_described, "cy": base.named_or_described},
)
