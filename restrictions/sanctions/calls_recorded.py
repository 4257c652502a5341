"""Calls recorded or monitored by a second member of staff."""

from contactpolicy.choices import Channel, SanctionKind
from restrictions.sanctions import base

KIND = SanctionKind.CALLS_RECORDED

SPEC = base.SanctionKindSpec(
    kind=KIND,
    assess=base.precaution_on(
        Channel.TELEPHONE,
        "Start recording the call, or fetch a colleague to listen, before you engage.",
    ),
    wording=base.fixed_wording(
        "Your calls will be recorded or listened to by a second member of staff.",
        "Bydd eich galwadau'n cael eu recordio neu bydd ail aelod o staff yn gwrando arnynt.",
    ),
)
