"""The contact sweep: replies coming due and overdue (DESIGN.md §10).

The officer handling a contact is told when its acknowledgement or response falls due
within the profile's warning period (`reminder_warning_days`), and again once it is
overdue, when their line manager is told too. One indexed query finds the contacts with a
clock running out before the horizon; the reminders are written in bulk and told once
(`contactpolicy.reminders`).
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Contact
from contactpolicy.models import ReminderStage
from contactpolicy.reminders import Due, reminder_emails_resume, reminders_issue
from contactpolicy.selectors import profile_get_active
from contactpolicy.workcalendar import to_local

RECORD = "cases.contact"


def contact_reminders_due(*, now: datetime) -> list[Due]:
    """The contact reminders due at `now`, worked out from the contacts' clocks."""
    horizon = profile_get_active().due_soon_until(now)
    rows = (
        Contact.objects.filter(next_due_at__lte=horizon, paused_at=None, officer__isnull=False)
        .values_list(
            "pk",
            "reference",
            "officer_id",
            "officer__line_manager_id",
            "acknowledge_due_at",
            "acknowledged_at",
            "respond_due_at",
            "responded_at",
        )
        .order_by()
    )
    path = reverse("screens:contact", kwargs={"reference": "REF"})
    dues = []
    for pk, reference, officer, manager, ack_due, ack_done, resp_due, resp_done in rows:
        url = path.replace("REF", reference)
        for kind, due_at, done, verb in (
            ("acknowledge", ack_due, ack_done, "acknowledged"),
            ("respond", resp_due, resp_done, "answered"),
        ):
            if due_at is None or done is not None or due_at > horizon:
                continue
            local = to_local(due_at)
            when = f"{local:%-d %B %Y at %H:%M}"
            day = local.date()
            if due_at > now:
                dues.append(
                    Due(
                        RECORD,
                        pk,
                        f"contact_{kind}",
                        ReminderStage.DUE_SOON,
                        day,
                        officer,
                        f"Contact {reference} must be {verb} by {when}.",
                        url,
                    )
                )
                continue
            message = f"Contact {reference} was due to be {verb} by {when} and is overdue."
            dues.append(
                Due(
                    RECORD, pk, f"contact_{kind}", ReminderStage.OVERDUE, day, officer, message, url
                )
            )
            if manager is not None:
                dues.append(
                    Due(
                        RECORD,
                        pk,
                        f"contact_{kind}",
                        ReminderStage.OVERDUE_MANAGER,
                        day,
                        manager,
                        message,
                        url,
                    )
                )
    return dues


def contacts_remind(*, now: datetime | None = None) -> int:
    """Tell officers (and their line managers) of replies coming due or overdue, once.

    Returns how many reminders this run raised.
    """
    now = now or timezone.now()
    reminder_emails_resume(now=now)  # earlier ones first; new ones are queued on claim
    claimed = reminders_issue(contact_reminders_due(now=now), now=now)
    return len(claimed)
