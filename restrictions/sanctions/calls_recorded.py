"""Calls recorded or monitored by a second member of staff."""

from contactpolicy.choices import Channel, SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.CALLS_RECORDED


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    if contact.channel != Channel.TELEPHONE:
        return None
    return base.told_finding(
        CheckOutcome.PERMITTED,
        sanction,
        "Start recording the call, or fetch a colleague to listen, before you engage.",
    )


SPEC = base.SanctionKindSpec(
    kind=KIND,
    assess=assess,
    wording=base.fixed_wording(
        "Your calls will be recorded or listened to by a second member of staff.",
        "Bydd eich galwadau'n cael eu recordio neu bydd ail aelod o staff yn gwrando arnynt.",
    ),
)
