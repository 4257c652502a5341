"""Polling a mailbox: new messages by UID since the last poll, read-only on the server.

One poll of a mailbox at a time (a row lock, skipped by a second worker), and each message
in its own transaction under the unique constraints, so two workers, a retry or a re-poll
never take a message in twice and one bad message loses none of the others. The server is
opened with EXAMINE and read with BODY.PEEK: nothing is marked, moved or deleted there.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from contactpolicy.selectors import profile_get_active
from mailboxes.intake import take_in
from mailboxes.models import Mailbox
from mailboxes.signin import SignInError, connect
from restrictions.recognition import blocked_senders

logger = logging.getLogger(__name__)

# Messages fetched from the server at once: bounded so a mailbox of 100,000 does not fill
# the worker's memory, large enough that 1,000 take few round trips.
BATCH = 50
# How long a poll may run before another worker takes it to have died.
CLAIM_FOR = timedelta(minutes=10)


@dataclass
class PollResult:
    mailbox: str
    taken_in: int = 0
    skipped: int = 0
    error: str = ""
    busy: bool = False


def _arrived(internaldate) -> datetime:
    """INTERNALDATE, aware (`normalise_times` is off); a server that gave none: now."""
    if isinstance(internaldate, datetime):
        if timezone.is_naive(internaldate):
            return internaldate.replace(tzinfo=UTC)
        return internaldate
    return timezone.now()


def mailbox_due(mailbox: Mailbox, now: datetime) -> bool:
    """Polled when its interval has passed since the last poll began."""
    if mailbox.last_polled_at is None:
        return True
    return now - mailbox.last_polled_at >= timedelta(minutes=mailbox.poll_every_minutes) - (
        timedelta(seconds=15)
    )


def connection_check(mailbox: Mailbox) -> tuple[bool, str]:
    """Sign in and count the folder's messages: (worked, a sentence saying what happened)."""
    try:
        client = connect(mailbox)
    except SignInError as error:
        return False, str(error)
    try:
        folder = client.select_folder(mailbox.folder, readonly=True)
        count = folder.get(b"EXISTS", 0)
    except Exception as error:  # the server's refusal, in its words
        return False, f"Signed in, but the folder “{mailbox.folder}” could not be opened: {error}"
    finally:
        _logout(client)
    noun = "message" if count == 1 else "messages"
    return True, f"Signed in. The folder “{mailbox.folder}” holds {count} {noun}."


def _logout(client) -> None:
    try:
        client.logout()
    except Exception:  # the connection is gone already: nothing to tidy
        logger.debug("IMAP logout failed", exc_info=True)


def _claim(mailbox_id: int, now: datetime) -> bool:
    """Claim the mailbox's poll for this worker with a conditional UPDATE, which only one of
    two workers wins (the other skips it). A claim older than `CLAIM_FOR` is taken to belong
    to a worker that died mid-poll."""
    return bool(
        Mailbox.objects.filter(pk=mailbox_id, is_active=True)
        .filter(Q(poll_claimed_until__isnull=True) | Q(poll_claimed_until__lt=now))
        .update(poll_claimed_until=now + CLAIM_FOR, last_polled_at=now)
    )


def mailbox_poll(mailbox_id: int, *, now: datetime | None = None) -> PollResult:
    """Take in every message that arrived since the last poll. Returns what it did; a
    poll another worker is running already is left to it (`busy`)."""
    now = now or timezone.now()
    if not _claim(mailbox_id, now):
        return PollResult(mailbox=str(mailbox_id), busy=True)
    mailbox = Mailbox.objects.get(pk=mailbox_id)
    result = PollResult(mailbox=mailbox.name)
    try:
        _poll(mailbox, result)
    except Exception as error:  # any failure is recorded for the health page
        logger.warning("Polling mailbox %s failed: %s", mailbox.name, error)
        result.error = str(error)[:1000] or error.__class__.__name__
        Mailbox.objects.filter(pk=mailbox.pk).update(
            last_error=result.error, last_error_at=timezone.now(), poll_claimed_until=None
        )
    else:
        Mailbox.objects.filter(pk=mailbox.pk).update(
            last_success_at=timezone.now(), last_error="", poll_claimed_until=None
        )
    return result


def _poll(mailbox: Mailbox, result: PollResult) -> None:
    client = connect(mailbox)
    try:
        folder = client.select_folder(mailbox.folder, readonly=True)
        uidvalidity = int(folder[b"UIDVALIDITY"])
        if mailbox.uidvalidity != uidvalidity:
            # The server renumbered the folder: read it again from the start; the
            # Message-ID constraint keeps what was taken in already from coming in twice.
            mailbox.uidvalidity, mailbox.last_uid = uidvalidity, 0
            Mailbox.objects.filter(pk=mailbox.pk).update(uidvalidity=uidvalidity, last_uid=0)
        uids = sorted(
            uid
            for uid in client.search(["UID", f"{mailbox.last_uid + 1}:*"])
            if uid > mailbox.last_uid
        )
        profile, blocked = profile_get_active(), blocked_senders()
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            fetched = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
            for uid in batch:
                data = fetched.get(uid)
                if data is None:
                    continue  # expunged since the search
                raw = data.get(b"BODY[]") or b""
                # Should this fail, last_uid stays before it: the next poll tries it again.
                email = take_in(
                    mailbox,
                    uidvalidity=uidvalidity,
                    uid=uid,
                    raw=raw,
                    arrived_at=_arrived(data.get(b"INTERNALDATE")),
                    profile=profile,
                    blocked=blocked,
                )
                if email is None:
                    result.skipped += 1
                else:
                    result.taken_in += 1
            mailbox.last_uid = batch[-1]
            Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=mailbox.last_uid)
    finally:
        _logout(client)


def mailboxes_poll(*, name: str = "", now: datetime | None = None) -> list[PollResult]:
    """Poll every active mailbox whose interval has passed (or the one named, at once)."""
    now = now or timezone.now()
    mailboxes = Mailbox.objects.filter(is_active=True)
    if name:
        mailboxes = mailboxes.filter(name=name)
    return [
        mailbox_poll(mailbox.pk, now=now)
        for mailbox in mailboxes
        if name or mailbox_due(mailbox, now)
    ]
