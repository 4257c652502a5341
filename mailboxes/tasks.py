from celery import shared_task

from mailboxes.fetch import mailboxes_poll


@shared_task(name="mailboxes.fetch_mail")
def fetch_mail() -> int:
    """Every minute: poll each mailbox whose interval has passed. Returns messages taken in."""
    return sum(result.taken_in for result in mailboxes_poll())
