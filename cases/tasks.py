from celery import shared_task

from cases.reminders import contacts_remind
from cases.safeguarding import (
    ALERT_TASK,
    contact_safeguarding_alert_send,
    safeguarding_alerts_catch_up,
)
from cases.services import contacts_recompute_due


@shared_task(name="cases.recompute_due_dates", autoretry_for=(OSError,), retry_backoff=True)
def recompute_due_dates() -> int:
    """Work out open contacts' due dates again after the calendar changed."""
    return contacts_recompute_due()


@shared_task(name=ALERT_TASK, autoretry_for=(OSError,), retry_backoff=True)
def safeguarding_alert(contact_id: int) -> bool:
    """Email a manager about a contact raising a safeguarding concern (idempotent)."""
    return contact_safeguarding_alert_send(contact_id=contact_id)


@shared_task(name="cases.safeguarding_alerts_catch_up")
def safeguarding_alerts_catch_up_task() -> int:
    """Send any safeguarding alert that was queued but never sent (DESIGN.md §10)."""
    return safeguarding_alerts_catch_up()


@shared_task(name="cases.contact_reminders")
def contact_reminders() -> int:
    """Remind officers of replies coming due or overdue (scheduled; see cases.reminders)."""
    return contacts_remind()
