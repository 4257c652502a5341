"""Contact only with a witness, in a suitable location."""

from contactpolicy.choices import Channel, SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.WITNESS_REQUIRED


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    if contact.channel != Channel.VISIT:
        return None
    return base.told_finding(
        CheckOutcome.PERMITTED,
        sanction,
        "Arrange a witness and a suitable room before any meeting.",
    )


SPEC = base.SanctionKindSpec(
    kind=KIND,
    assess=assess,
    wording=base.fixed_wording(
        "We will meet you only with a witness present, in a suitable place.",
        "Byddwn yn cwrdd â chi dim ond ym mhresenoldeb tyst, mewn lle addas.",
    ),
)
