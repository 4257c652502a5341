"""Each mailbox on the health page: when it was last polled successfully, and its error."""

from datetime import datetime, timedelta

from django.utils import timezone

from contactpolicy.health import Check
from mailboxes.models import Mailbox


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def mailbox_check(mailbox: Mailbox, now: datetime) -> Check:
    """Red once the mailbox has not been polled successfully for two of its intervals: one
    failed poll can be the server's blip, two mean mail is waiting. Nothing is lost while it
    is red: the next successful poll takes in everything since the last."""
    interval = timedelta(minutes=mailbox.poll_every_minutes)
    last = mailbox.last_success_at
    since = last or mailbox.last_polled_at
    ok = since is not None and now - since <= 2 * interval + timedelta(minutes=1)
    if last is not None:
        detail = f"Last polled successfully {_when(last)}"
    else:
        detail = "Has not been polled successfully yet"
    if mailbox.last_error:
        at = f" ({_when(mailbox.last_error_at)})" if mailbox.last_error_at else ""
        detail += f". Last error{at}: {mailbox.last_error}"
    if since is None:
        ok = False
    return Check("Mailboxes", f"{mailbox.name} <{mailbox.address}>", ok, detail)


def mailbox_checks(now: datetime | None = None) -> list[Check]:
    """One check per mailbox in use: one query."""
    now = now or timezone.now()
    return [mailbox_check(m, now) for m in Mailbox.objects.filter(is_active=True)]
