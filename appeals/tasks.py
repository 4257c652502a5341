from celery import shared_task

from appeals.reminders import appeals_remind


@shared_task(name="appeals.decision_reminders")
def decision_reminders() -> int:
    """Remind investigators of appeal decisions coming due or overdue (scheduled; see
    appeals.reminders)."""
    return appeals_remind()
