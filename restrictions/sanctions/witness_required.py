"""Contact only with a witness, in a suitable location."""

from contactpolicy.choices import Channel, SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions.base import (
    UNTIL_REVIEWED,
    ContactInHand,
    Finding,
    SanctionKindSpec,
    named_or_described,
    told,
)

KIND = SanctionKind.WITNESS_REQUIRED


def assess(sanction, contact: ContactInHand) -> Finding | None:
    if contact.channel != Channel.VISIT:
        return None
    return Finding(
        CheckOutcome.PERMITTED,
        told(sanction, "Arrange a witness and a suitable room before any meeting."),
        sanction,
    )


def in_english(sanction) -> str:
    return "We will meet you only with a witness present, in a suitable place."


def in_welsh(sanction) -> str:
    return "Byddwn yn cwrdd â chi dim ond ym mhresenoldeb tyst, mewn lle addas."


SPEC = SanctionKindSpec(
    kind=KIND,
    parameters=(),
    describe=named_or_described,
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
    ending=UNTIL_REVIEWED,
)
