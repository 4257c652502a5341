from celery import shared_task
from celery.signals import task_success
from django.utils import timezone

from contactpolicy.accounts import (
    EMAIL_TASK as PASSWORD_LINK_TASK,
)
from contactpolicy.accounts import (
    RESET_TASK,
    password_link_email_send,
    password_reset_links_send,
)
from contactpolicy.idempotency import submissions_forget_old
from contactpolicy.reminders import (
    DIGEST_TASK,
    EMAIL_MAX_ATTEMPTS,
    EMAIL_TASK,
    reminder_digest_send,
    reminder_digests_queue,
    reminder_emails_send,
)


@shared_task(name="contactpolicy.health_check")
def health_check(token: str) -> str:
    """Echo a token: proves a worker takes tasks from the broker and returns results."""
    return token


@shared_task(name="contactpolicy.forget_old_submissions")
def forget_old_submissions() -> int:
    """Remove one-time form tokens older than a day (see contactpolicy.idempotency)."""
    return submissions_forget_old()


@shared_task(
    name=EMAIL_TASK,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=3600,
    max_retries=EMAIL_MAX_ATTEMPTS,
)
def reminder_emails(recipient_id: int) -> int:
    """Email a person their reminders, each claimed first so sent once (see
    contactpolicy.reminders)."""
    return reminder_emails_send(recipient_id)


@shared_task(
    name=DIGEST_TASK,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=3600,
    max_retries=EMAIL_MAX_ATTEMPTS,
)
def reminder_digest(user_id: int) -> int:
    """Email one person their daily digest of reminders."""
    return reminder_digest_send(user_id)


@shared_task(name="contactpolicy.reminder_digests")
def reminder_digests() -> int:
    """Queue the daily digests (scheduled once a day)."""
    return reminder_digests_queue()


@shared_task(
    name=PASSWORD_LINK_TASK,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=EMAIL_MAX_ATTEMPTS,
)
def password_link_email(user_id: int, kind: str) -> bool:
    """Email a person a fresh link to set their password (see contactpolicy.accounts).

    Sending twice sends the same newest link twice: harmless, so retried freely."""
    return password_link_email_send(user_id, kind)


@shared_task(name=RESET_TASK)
def password_reset_links(email: str) -> int:
    """Send a reset link to the accounts with an address someone gave on the sign-in page."""
    return password_reset_links_send(email)


@task_success.connect(dispatch_uid="contactpolicy-task-success")
def record_success(sender=None, **kwargs) -> None:
    """Note when each task last finished without error, for the health page."""
    from contactpolicy.models import TaskSuccess

    if sender is not None:
        TaskSuccess.objects.update_or_create(
            task=sender.name, defaults={"succeeded_at": timezone.now()}
        )
