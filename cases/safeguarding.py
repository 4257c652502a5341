"""Safeguarding alerts: a contact that raises a safeguarding concern reaches a manager.

DESIGN.md §5 (read and file): "the contact is still read, and … 'safeguarding concern'
… alerts a manager". No restriction silences it: a customer whose correspondence is read
and filed, or from whom we have disengaged, may still tell us of a risk to themselves or
to someone else, and a manager must hear of it the same day.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from cases.models import Contact
from contactpolicy.dispatch import send_after_commit

logger = logging.getLogger(__name__)

ALERT_TASK = "cases.safeguarding_alert"


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


def contact_safeguarding_alert_send(*, contact_id: int) -> bool:
    """Email the manager about one contact raising a safeguarding concern, once.

    Idempotent: the contact is claimed with a conditional update before the email goes,
    and released if sending fails so a retry sends it. Returns whether an email was sent.
    """
    with transaction.atomic():
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
        now = timezone.now()
        claimed = Contact.objects.filter(pk=contact.pk, safeguarding_alerted_at=None).update(
            safeguarding_alerted_at=now, safeguarding_alerted_to=manager.email
        )
        if not claimed:
            return False
    who = contact.customer.name if contact.customer_id else contact.sender
    subject = f"Safeguarding concern raised in contact {contact.reference}"
    body = (
        f"{contact.logged_by or 'A member of staff'} marked a contact from {who} as raising a "
        f"safeguarding concern. Read it today, whatever restriction applies to this customer:\n\n"
        f"{contact.get_absolute_url()}\n\n"
        f"Summary: {contact.summary}\n"
    )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [manager.email])
    except Exception:
        Contact.objects.filter(pk=contact.pk, safeguarding_alerted_at=now).update(
            safeguarding_alerted_at=None, safeguarding_alerted_to=""
        )
        raise
    return True


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
        except Exception as error:  # released for the next run; the others still go
            logger.warning("Safeguarding alert for contact %s not sent: %s", pk, error)
    return sent
