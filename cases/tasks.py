from celery import shared_task

from cases.services import contacts_recompute_due


@shared_task(name="cases.recompute_due_dates", autoretry_for=(OSError,), retry_backoff=True)
def recompute_due_dates() -> int:
    """Work out open contacts' due dates again after the calendar changed."""
    return contacts_recompute_due()
