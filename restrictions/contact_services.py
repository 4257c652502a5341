"""Writes at the point of contact: record a contact against the restriction in force.

Called inside the transaction that logs the contact (`restrictions.contact_log`), so the
contact, its restriction check and its clocks are saved together or not at all.
"""

from django.db import transaction

from cases.models import Contact
from contactpolicy.models import User
from restrictions.enforcement import Assessment
from restrictions.models import CheckOutcome, ContactCheck
from restrictions.sanctions import CATALOGUE
from restrictions.sanctions.read_and_file import replies_at_outcome_only
from restrictions.services import contact_check_record

READ_AND_FILE_NOTE = "Read and file under the restriction: no reply is due."
READ_AND_FILE_AT_OUTCOME_NOTE = (
    "Read and file under the restriction: a reply is sent only once the matter has reached "
    "an outcome."
)
BREACH_NOTE = "Contact in breach of the restriction: no reply is due."
DISENGAGED_NOTE = "Disengaged under the restriction: read and file, no reply is due."
MATTER_CLOSED_NOTE = (
    "No further engagement on this matter under the restriction: read and file, no reply is due."
)
NO_REPLY_NOTES = frozenset(
    {
        READ_AND_FILE_NOTE,
        READ_AND_FILE_AT_OUTCOME_NOTE,
        BREACH_NOTE,
        DISENGAGED_NOTE,
        MATTER_CLOSED_NOTE,
    }
)


def no_reply_reason(assessment: Assessment, *, new_information: bool = False) -> str | None:
    """Why no reply clock runs for a contact the restriction covers, or None if one does.

    DESIGN.md §5: a breach, a disengaged topic and a matter closed to further engagement
    are read and filed with no reply. Under "read and file" what starts a reply clock is
    the sanction type's rule: new information or a new complaint (OPCC; IPCC §6; Tamworth
    §8), or nothing until the matter reaches an outcome (BTPA §8, written
    correspondence, mechanism 3), when the outcome itself is the reply.
    """
    if assessment.outcome == CheckOutcome.BREACH:
        disengaged = any(
            f.outcome == CheckOutcome.BREACH and f.sanction is None for f in assessment.findings
        )
        return DISENGAGED_NOTE if disengaged else BREACH_NOTE
    if any(
        f.sanction is not None
        and CATALOGUE[f.sanction.kind].covers_matters
        and f.outcome == CheckOutcome.REDIRECTED
        for f in assessment.findings
    ):
        return MATTER_CLOSED_NOTE
    filed = [
        f.sanction
        for f in assessment.findings
        if f.sanction is not None and CATALOGUE[f.sanction.kind].read_and_file
    ]
    if filed and all(replies_at_outcome_only(s) for s in filed):
        return READ_AND_FILE_AT_OUTCOME_NOTE
    if filed and not new_information:
        return READ_AND_FILE_NOTE
    return None


def transfer_to(assessment: Assessment):
    """The named officer a contact must be transferred to, or None (BTPA §8: "all
    communication received by others will be automatically transferred")."""
    for finding in assessment.findings:
        sanction = finding.sanction
        if (
            finding.outcome == CheckOutcome.REDIRECTED
            and sanction is not None
            and CATALOGUE[sanction.kind].transfers_to_officer
        ):
            return sanction.officer
    return None


@transaction.atomic
def contact_stop_clocks_for_restriction(*, contact: Contact, reason: str) -> Contact:
    """Stop a contact's reply clocks because the restriction says no reply is due.

    The reason is kept as the contact's clock note, which its page shows.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    unchanged = (
        contact.acknowledge_due_at is None
        and contact.respond_due_at is None
        and contact.next_due_at is None
        and contact.clock_note == reason
        and not contact.reply_expected
    )
    if unchanged:
        return contact
    contact.acknowledge_due_at = None
    contact.respond_due_at = None
    contact.next_due_at = None
    contact.clock_note = reason
    # No reply is due, so it leaves the worklist too.
    contact.reply_expected = False
    contact.save(
        update_fields=[
            "acknowledge_due_at",
            "respond_due_at",
            "next_due_at",
            "clock_note",
            "reply_expected",
        ]
    )
    return contact


@transaction.atomic
def contact_enforcement_record(
    *,
    contact: Contact,
    assessment: Assessment,
    actor: User,
    instruction_followed: bool,
    different_topic: bool = False,
    new_information: bool = False,
) -> ContactCheck:
    """Keep the check of a contact against the restriction and stop clocks it rules out.

    `assessment` must be worked out on the server from what was submitted (channel, time,
    officer, case, sender, different topic), never taken from the page. A building
    exclusion breach opens a review (`contact_check_record`). `new_information` is kept on
    the check, so the contact's page shows what staff marked rather than guessing it from
    the clock note.
    """
    check = contact_check_record(
        contact=contact,
        assessment=assessment,
        actor=actor,
        instruction_followed=instruction_followed,
        different_topic=different_topic,
        new_information=new_information,
    )
    reason = no_reply_reason(assessment, new_information=new_information)
    if reason is not None:
        contact_stop_clocks_for_restriction(contact=contact, reason=reason)
    return check
