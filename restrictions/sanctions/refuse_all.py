"""Refuse all communication."""

from contactpolicy.choices import Channel, SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.REFUSE_ALL


def assess(sanction, contact: base.ContactInHand) -> base.Finding:
    telephone = contact.channel == Channel.TELEPHONE
    return base.told_finding(
        CheckOutcome.BREACH,
        sanction,
        "All communication is refused. Do not engage."
        + (" Read the script and end the call." if telephone else " Read and file it."),
        "All communication is refused",
        # A call under a refusal drawn for correspondence is still ended by script.
        after="Read the script and end the call."
        if telephone and "end the call" not in sanction.sanction_type.staff_instruction
        else "",
        read_script=telephone,
    )


SPEC = base.SanctionKindSpec(
    kind=KIND,
    assess=assess,
    wording=base.fixed_wording(
        "We will not communicate with you at all. Telephone calls will be ended.",
        "Ni fyddwn yn cyfathrebu â chi o gwbl. Bydd galwadau ffôn yn cael eu terfynu.",
    ),
)
