"""Safeguarding alerts: a contact that raises a safeguarding concern reaches a manager.

DESIGN.md §5 (read and file): "the contact is still read, and … 'safeguarding concern'
… alerts a manager". No restriction silences it: a customer whose correspondence is read
and filed, or from whom we have disengaged, may still tell us of a risk to themselves or
to someone else, and a manager must hear of it the same day.
"""

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from cases.models import Contact
from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import Reminder, ReminderStage
from contactpolicy.reminders import Due, reminder_email_send, reminders_issue
from contactpolicy.workcalendar import to_local

logger = logging.getLogger(__name__)

ALERT_TASK = "cases.safeguarding_alert"
RECORD = "cases.contact"
KIND = "safeguarding"


def safeguarding_recipient(contact: Contact):
    """Who is alerted: the line manager of the officer handling the contact, else the line
    manager of the officer of its matter, else the line manager of whoever logged it."""
    for person in (
        contact.officer,
        contact.case.officer if contact.case_id else None,
        contact.logged_by,
    ):
        manager = getattr(person, "line_manager", None)
        if manager is not None and manager.is_active and manager.email:
            return manager
    return None


def safeguarding_alert_queue(*, contact: Contact) -> None:
    """Queue the alert for a contact marked as a safeguarding concern, after the commit
    that saves it (the task loads the row by its key)."""
    if contact.safeguarding_concern and contact.safeguarding_alerted_at is None:
        send_after_commit(ALERT_TASK, contact.pk)


def contact_safeguarding_alert_send(*, contact_id: int, now: datetime | None = None) -> bool:
    """Tell the manager about one contact raising a safeguarding concern, once.

    The alert is a reminder on the outbox (`contactpolicy.reminders`), keyed to the
    contact, so however many runs raise it, one is claimed and it reaches the manager's
    inbox once. Its email is sent here and now, not in a daily digest, and a retry sends
    it when an earlier attempt failed; the contact records who was alerted once it went.
    Returns whether this call sent the email.
    """
    now = now or timezone.now()
    contact = (
        Contact.objects.select_related(
            "customer",
            "case__officer__line_manager",
            "officer__line_manager",
            "logged_by__line_manager",
        )
        .filter(pk=contact_id, safeguarding_concern=True)
        .first()
    )
    if contact is None or contact.safeguarding_alerted_at is not None:
        return False
    manager = safeguarding_recipient(contact)
    if manager is None:
        logger.warning("No manager to alert of the safeguarding concern in %s", contact)
        return False
    who = contact.customer.name if contact.customer_id else contact.sender
    message = (
        f"Safeguarding concern raised in contact {contact.reference} from {who}. Read it "
        "today, whatever restriction applies to this customer."
    )
    key = {"record_type": RECORD, "record_id": contact.pk, "kind": KIND,
           "stage": ReminderStage.ACTION, "due_on": to_local(contact.received_at).date()}  # fmt: skip
    reminders_issue(
        [Due(**key, recipient_id=manager.pk, message=message, url=contact.get_absolute_url())],
        now=now,
    )
    reminder = Reminder.objects.get(**key, recipient_id=manager.pk)
    sent = reminder_email_send(reminder.pk)
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder.pk)
    if reminder.email_sent_at is not None:
        Contact.objects.filter(pk=contact.pk, safeguarding_alerted_at=None).update(
            safeguarding_alerted_at=reminder.email_sent_at,
            safeguarding_alerted_to=reminder.recipient.email,
        )
    return sent


# Older concerns were dealt with by people, not by this catch-up: a manager alerted today of
# a contact from last month would only be confused.
CATCH_UP_DAYS = 7


def safeguarding_alerts_catch_up(*, now=None) -> int:
    """Send the alerts that were never sent: the broker was down when the contact was saved,
    or the email failed after its retries. Returns how many were sent."""
    now = now or timezone.now()
    waiting = Contact.objects.filter(
        safeguarding_concern=True,
        safeguarding_alerted_at=None,
        received_at__gte=now - timedelta(days=CATCH_UP_DAYS),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in waiting:
        try:
            sent += contact_safeguarding_alert_send(contact_id=pk)
        except Exception as error:  # recorded on its reminder for the next run; others go
            logger.warning("Safeguarding alert for contact %s not sent: %s", pk, error)
    return sent
