"""The kinds of sanction (DESIGN.md §5): one module per kind, found through `CATALOGUE`.

Each kind declares its parameters, the line staff read, how a contact is assessed against
it, its wording for the customer in every shipped language, and what its end means
(`base.SanctionKindSpec`). The kinds themselves are `contactpolicy.choices.SanctionKind`,
which the profiles below this app name; adding a kind is a member there and a module here.
"""

from restrictions.sanctions import (
    block_identifiers,
    building_exclusion,
    calls_recorded,
    named_officer,
    no_engagement_on_matter,
    one_method,
    other,
    read_and_file,
    refuse_all,
    specified_dates,
    telephone_schedule,
    third_party,
    witness_required,
    written_agreement,
)
from restrictions.sanctions.base import SanctionKindSpec

CATALOGUE: dict[str, SanctionKindSpec] = {
    module.KIND: module.SPEC
    for module in (
        one_method,
        named_officer,
        telephone_schedule,
        calls_recorded,
        read_and_file,
        no_engagement_on_matter,
        refuse_all,
        block_identifiers,
        witness_required,
        building_exclusion,
        written_agreement,
        third_party,
        specified_dates,
        other,
    )
}


EXCLUSION_KINDS = frozenset(kind for kind, spec in CATALOGUE.items() if spec.ending.exclusion)
BLOCKING_KINDS = frozenset(kind for kind, spec in CATALOGUE.items() if spec.blocks_senders)
