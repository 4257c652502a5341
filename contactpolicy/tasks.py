from celery import shared_task
from celery.signals import task_success
from django.utils import timezone

from contactpolicy.idempotency import submissions_forget_old


@shared_task(name="contactpolicy.health_check")
def health_check(token: str) -> str:
    """Echo a token: proves a worker takes tasks from the broker and returns results."""
    return token


@shared_task(name="contactpolicy.forget_old_submissions")
def forget_old_submissions() -> int:
    """Remove one-time form tokens older than a day (see contactpolicy.idempotency)."""
    return submissions_forget_old()


@task_success.connect(dispatch_uid="contactpolicy-task-success")
def record_success(sender=None, **kwargs) -> None:
    """Note when each task last finished without error, for the health page."""
    from contactpolicy.models import TaskSuccess

    if sender is not None:
        TaskSuccess.objects.update_or_create(
            task=sender.name, defaults={"succeeded_at": timezone.now()}
        )
