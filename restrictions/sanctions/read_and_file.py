"""Read and file: what arrives is logged and read, with a reply only when the sanction
type's rule says one is due (`ReplyRule`)."""

from contactpolicy.choices import ReplyRule, SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.READ_AND_FILE

AT_OUTCOME = (
    "Read and file: log it and read it; no acknowledgement or reply is sent until the matter "
    "has reached an outcome. Mark any safeguarding concern, and a manager is told."
)
NEW_INFORMATION = (
    "Read and file: log it; no acknowledgement or reply is sent unless it contains new "
    "information or a new complaint. Tell a manager of any safeguarding concern."
)


def replies_at_outcome_only(sanction) -> bool:
    """Under this read-and-file sanction, a reply is sent only once the matter has reached
    an outcome (BTPA §8, written correspondence, mechanism 3), so new information does not
    start a reply clock. The rule is the sanction type's, set in the profile with its
    source; the others reply to new information or a new complaint (OPCC, IPCC §6)."""
    return sanction.kind == KIND and sanction.sanction_type.reply_rule == ReplyRule.AT_OUTCOME


def assess(sanction, contact: base.ContactInHand) -> base.Finding:
    fallback = AT_OUTCOME if replies_at_outcome_only(sanction) else NEW_INFORMATION
    return base.told_finding(CheckOutcome.PERMITTED, sanction, fallback)


# What the customer is told, by the sanction type's reply rule: BTPA §8 (written
# correspondence, mechanism 3) replies "only once a matter has reached an outcome"; OPCC and
# IPCC §6 reply to new information or a new complaint.
WORDS = {
    "en": {
        "outcome": "We will read and file what you send us. We will reply only once the matter "
        "has reached an outcome.",
        "new": "We will read and file what you send us. We will reply only when it contains new "
        "information or a new complaint.",
    },
    "cy": {
        "outcome": "Byddwn yn darllen ac yn ffeilio'r hyn a anfonwch atom. Byddwn yn ymateb dim "
        "ond pan fydd y mater wedi cyrraedd canlyniad.",
        "new": "Byddwn yn darllen ac yn ffeilio'r hyn a anfonwch atom. Byddwn yn ymateb dim ond "
        "pan fydd yn cynnwys gwybodaeth newydd neu gŵyn newydd.",
    },
}


def _sentence(sanction, language: str, words) -> str:
    return words["outcome" if replies_at_outcome_only(sanction) else "new"]


SPEC = base.SanctionKindSpec(
    kind=KIND,
    assess=assess,
    wording=base.in_every_language(WORDS, _sentence),
    read_and_file=True,
)
