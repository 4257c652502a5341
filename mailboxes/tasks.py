from celery import shared_task

from mailboxes.services import SEND_TASK, outbound_send


@shared_task(name=SEND_TASK)
def send_outbound(outbound_id: int) -> bool:
    """Send a stored email once (idempotent: claimed before it is sent)."""
    return outbound_send(outbound_id)
