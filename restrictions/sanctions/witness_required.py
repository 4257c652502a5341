"""Contact only with a witness, in a suitable location."""

from contactpolicy.choices import Channel, SanctionKind
from restrictions.sanctions import base

KIND = SanctionKind.WITNESS_REQUIRED

SPEC = base.SanctionKindSpec(
    kind=KIND,
    assess=base.precaution_on(
        Channel.VISIT, "Arrange a witness and a suitable room before any meeting."
    ),
    wording=base.fixed_wording(
        "We will meet you only with a witness present, in a suitable place.",
        "Byddwn yn cwrdd â chi dim ond ym mhresenoldeb tyst, mewn lle addas.",
    ),
)
