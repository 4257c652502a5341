"""Whose block does an unidentified sender's number or address fall under?

DESIGN.md §5: "block a phone number or email address — incoming from those identifiers is
flagged as blocked". The banner does this once the customer is known; on *Log a contact*
staff often have only the number on the screen, so this answers from the sender's details
alone, before anyone searches. Reads only.
"""

from dataclasses import dataclass
from datetime import date

from cases.models import Customer
from restrictions.banner import sanctions_in_force
from restrictions.sanctions import BLOCKING_KINDS
from restrictions.sanctions.block_identifiers import comparable


@dataclass(frozen=True)
class BlockedSender:
    customer: Customer
    identifier: str  # as the sanction lists it

    @property
    def instruction(self) -> str:
        return f"{self.identifier} is blocked. Do not engage."


def blocked_senders(today: date | None = None) -> dict[str, BlockedSender]:
    """Every number and address a block-identifiers sanction in force lists, in comparable
    form, with whose block it is. One query: the block sanctions in force, each with its
    customer (there are few of them, and each lists its identifiers as text). A caller
    recognising many senders at once (a mailbox's poll) reads it once."""
    blocks = (
        sanctions_in_force(today)
        .filter(kind__in=BLOCKING_KINDS)
        .select_related("restriction_case__customer")
        .prefetch_related(None)
    )
    found: dict[str, BlockedSender] = {}
    for sanction in blocks:
        for listed in sanction.blocked_list:
            key = comparable(listed)
            if key and key not in found:
                found[key] = BlockedSender(sanction.restriction_case.customer, listed)
    return found


def blocked_sender(
    sender: str, today: date | None = None, *, blocked: dict[str, BlockedSender] | None = None
) -> BlockedSender | None:
    """The restricted customer whose block-identifiers sanction in force lists this sender's
    number or email address, if any (`blocked`: `blocked_senders()` read already)."""
    wanted = comparable(sender) if sender.strip() else ""
    if not wanted:
        return None
    if blocked is None:
        blocked = blocked_senders(today)
    return blocked.get(wanted)
