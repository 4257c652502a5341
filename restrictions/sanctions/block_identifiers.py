"""Block a phone number or email address: "incoming from those identifiers is flagged as
blocked" (DESIGN.md §5)."""

from cases import normalise
from contactpolicy.choices import Channel, SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.BLOCK_IDENTIFIERS


def comparable(identifier: str) -> str:
    """The form a blocked identifier and a sender are compared in."""
    if normalise.looks_like_phone(identifier):
        return normalise.phone_whole(identifier)
    return normalise.email(identifier)


def _identifiers_field(context: base.FieldContext):
    return base.textarea("Phone numbers or email addresses to block", "One a line.", rows=3)


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    sender = contact.sender
    if not sender or comparable(sender) not in {comparable(x) for x in sanction.blocked_list}:
        return None
    return base.told_finding(
        CheckOutcome.BREACH,
        sanction,
        f"{sender} is blocked. Do not engage.",
        f"{sender} is blocked",
        read_script=contact.channel == Channel.TELEPHONE,
    )


def in_english(sanction) -> str:
    return f"Contact from the following will be blocked: {', '.join(sanction.blocked_list)}."


def in_welsh(sanction) -> str:
    return f"Bydd cysylltiad o'r canlynol yn cael ei rwystro: {', '.join(sanction.blocked_list)}."


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "blocked_identifiers",
            _identifiers_field,
            required=True,
            missing="Enter the phone numbers or email addresses to block",
            personal=True,
        ),
    ),
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
    blocks_senders=True,
)
