"""Calls recorded or monitored by a second member of staff."""

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

KIND = SanctionKind.CALLS_RECORDED


def assess(sanction, contact: ContactInHand) -> Finding | None:
    if contact.channel != Channel.TELEPHONE:
        return None
    return Finding(
        CheckOutcome.PERMITTED,
        told(
            sanction, "Start recording the call, or fetch a colleague to listen, before you engage."
        ),
        sanction,
    )


def in_english(sanction) -> str:
    return "Your calls will be recorded or listened to by a second member of staff."


def in_welsh(sanction) -> str:
    return "Bydd eich galwadau'n cael eu recordio neu bydd ail aelod o staff yn gwrando arnynt."


SPEC = SanctionKindSpec(
    kind=KIND,
    parameters=(),
    describe=named_or_described,
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
    ending=UNTIL_REVIEWED,
)
