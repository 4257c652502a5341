from celery import shared_task

from notices.reminders import notices_remind
from notices.services import EMAIL_TASK, POST_BATCH_TASK, notice_email_send, post_batch_build


@shared_task(name=EMAIL_TASK, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_by_email(notice_id: int, actor_id: int) -> bool:
    """Email an issued notice with its PDF attached (idempotent: sent once)."""
    return notice_email_send(notice_id, actor_id)


@shared_task(name=POST_BATCH_TASK, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def build_post_batch(batch_id: int) -> bool:
    """Join today's post into one PDF, reporting progress on the batch. Idempotent: the
    worker claims the batch first, so a task delivered twice builds it once."""
    return post_batch_build(batch_id)


@shared_task(name="notices.unsent_reminders")
def unsent_reminders() -> int:
    """Remind issuers of notices not sent a day after issue (scheduled; see notices.reminders)."""
    return notices_remind()
