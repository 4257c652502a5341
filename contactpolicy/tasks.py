from celery import shared_task

from contactpolicy.idempotency import submissions_forget_old


@shared_task(name="contactpolicy.health_check")
def health_check(token: str) -> str:
    """Echo a token: proves a worker takes tasks from the broker and returns results."""
    return token


@shared_task(name="contactpolicy.forget_old_submissions")
def forget_old_submissions() -> int:
    """Remove one-time form tokens older than a day (see contactpolicy.idempotency)."""
    return submissions_forget_old()
