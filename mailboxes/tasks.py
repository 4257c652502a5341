from celery import shared_task

from mailboxes.fetch import mailboxes_poll
from mailboxes.services import SEND_TASK, outbound_send


@shared_task(name=SEND_TASK)
def send_outbound(outbound_id: int) -> bool:
    """Send a stored email once (idempotent: claimed before it is sent)."""
    return outbound_send(outbound_id)


@shared_task(name="mailboxes.fetch_mail")
def fetch_mail() -> int:
    """Every minute: poll each mailbox whose interval has passed. Returns messages taken in."""
    return sum(result.taken_in for result in mailboxes_poll())
