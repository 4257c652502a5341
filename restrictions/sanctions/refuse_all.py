"""Refuse all communication."""

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

KIND = SanctionKind.REFUSE_ALL


def assess(sanction, contact: ContactInHand) -> Finding:
    telephone = contact.channel == Channel.TELEPHONE
    return Finding(
        CheckOutcome.BREACH,
        told(
            sanction,
            "All communication is refused. Do not engage."
            + (" Read the script and end the call." if telephone else " Read and file it."),
            "All communication is refused",
            # A call under a refusal drawn for correspondence is still ended by script.
            after="Read the script and end the call."
            if telephone and "end the call" not in sanction.sanction_type.staff_instruction
            else "",
        ),
        sanction,
        read_script=telephone,
    )


def in_english(sanction) -> str:
    return "We will not communicate with you at all. Telephone calls will be ended."


def in_welsh(sanction) -> str:
    return "Ni fyddwn yn cyfathrebu â chi o gwbl. Bydd galwadau ffôn yn cael eu dod i ben."


SPEC = SanctionKindSpec(
    kind=KIND,
    parameters=(),
    describe=named_or_described,
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
    ending=UNTIL_REVIEWED,
)
