"""Telling people once (DESIGN.md §10): the mechanism every reminder sweep shares.

A sweep works out from the database what is due and hands it to `reminders_issue`, which

1. inserts a `Reminder` row per (record, kind, stage, due date, recipient), claimed by this run,
   with INSERT … ON CONFLICT DO NOTHING on the unique key: running the sweep again adds
   nothing, and of two sweeps running at once only one inserts a key (the other waits for
   it to commit, then skips it);
2. claims any row still unclaimed with a conditional UPDATE (WHERE claimed_at IS NULL),
   which, likewise, only one of two runs wins;
3. raises the claimed rows' notifications in bulk, and, once the claim has committed,
   queues their emails.

An email is sent by `reminder_email_send`, which claims the send with a conditional UPDATE
too and records every attempt and its error, so a failed send is retried (the task backs
off) without losing the claim. Emails that were never queued, because the broker was
down or a message was lost, are queued again by `reminder_emails_resume` on the next
sweep: the work is derived from the database, so an outage only delays a reminder.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import Notification, NotificationSettings, Reminder, User

logger = logging.getLogger(__name__)

EMAIL_TASK = "contactpolicy.reminder_emails"
DIGEST_TASK = "contactpolicy.reminder_digest"
# An email started this long ago and not recorded as sent is taken to have failed.
EMAIL_STALE_AFTER = timedelta(minutes=10)
EMAIL_MAX_ATTEMPTS = 6
BATCH_SIZE = 2000
# Rows per INSERT: under SQLite's limit of 32,766 parameters, at 11 a row.
INSERT_ROWS = 2000


@dataclass(frozen=True)
class Due:
    """One reminder a sweep found due."""

    record_type: str
    record_id: int
    kind: str
    stage: str
    due_on: date
    recipient_id: int
    message: str
    url: str


def people_tell(
    *,
    record_type: str,
    record_id: int,
    kind: str,
    stage: str,
    due_on: date,
    recipient_ids: Iterable[int | None],
    message: str,
    url: str,
    actor_id: int | None = None,
    now: datetime | None = None,
) -> list[tuple[int, int]]:
    """Tell each of these people of one event about a record (work waiting for them, or
    something the policy says they are told of), by inbox and by email or digest as they
    prefer, once: telling them again of the same record, kind, stage and date adds nothing.
    Nobody is told of what they did themselves. Returns the (reminder, recipient) pairs
    claimed now.
    """
    people = sorted({pk for pk in recipient_ids if pk is not None and pk != actor_id})
    dues = [Due(record_type, record_id, kind, stage, due_on, pk, message, url) for pk in people]
    if not dues:
        return []
    return reminders_issue(dues, now=now)


def reminders_issue(dues: Iterable[Due], *, now: datetime | None = None) -> list[tuple[int, int]]:
    """Record the reminders found due and tell their recipients of the new ones, once.

    Returns the (reminder, recipient) pairs this call claimed; those another run claimed
    are left alone.
    """
    now = now or timezone.now()
    claim = uuid.uuid4()
    with transaction.atomic():
        _insert_claimed(dues, now=now, claim=claim)
        # Rows left unclaimed (none, unless written another way) are claimed here.
        Reminder.objects.filter(claimed_at=None).update(claimed_at=now, claim=claim)
        claimed = list(Reminder.objects.filter(claim=claim).values_list("pk", "recipient_id"))
        if not claimed:
            return []
        _raise_notifications(claim)
        _queue_emails(recipient for _, recipient in claimed)
    return claimed


def _insert_claimed(dues: Iterable[Due], *, now: datetime, claim: uuid.UUID) -> None:
    """Insert the reminders, claimed by this run, in multi-row INSERTs that skip every
    key recorded already (ON CONFLICT DO NOTHING, on PostgreSQL and SQLite alike).

    In key order, so that two sweeps inserting at once wait on each other's rows in the
    same order rather than deadlock; the second finds the keys taken and inserts nothing.
    """
    table = Reminder._meta.db_table
    prep = Reminder._meta.get_field("claim").get_db_prep_value(claim, connection)
    columns = (
        "record_type, record_id, kind, stage, due_on, recipient_id, message, url, "
        "created_at, claimed_at, claim, email_attempts, email_last_error"
    )
    moment = connection.ops.adapt_datetimefield_value(now)
    day = connection.ops.adapt_datefield_value
    rows = sorted(
        dues,
        key=lambda d: (d.record_type, d.record_id, d.kind, d.stage, d.due_on, d.recipient_id),
    )
    conflict = "ON CONFLICT (record_type, record_id, kind, stage, due_on, recipient_id) DO NOTHING"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the whole set: a column of values each, unnested.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the models
                "SELECT r.*, %s, %s, %s::uuid, 0, '' FROM unnest("
                "%s::varchar[], %s::bigint[], %s::varchar[], %s::varchar[], %s::date[], "
                f"%s::bigint[], %s::varchar[], %s::varchar[]) AS r {conflict}",
                [
                    now,
                    now,
                    prep,
                    [d.record_type for d in rows],
                    [d.record_id for d in rows],
                    [d.kind for d in rows],
                    [str(d.stage) for d in rows],
                    [d.due_on for d in rows],
                    [d.recipient_id for d in rows],
                    [d.message[:300] for d in rows],
                    [d.url for d in rows],
                ],
            )
            return
        for start in range(0, len(rows), INSERT_ROWS):
            batch = rows[start : start + INSERT_ROWS]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, '')"] * len(batch))
            params = []
            for due in batch:
                params += [
                    due.record_type, due.record_id, due.kind, str(due.stage), day(due.due_on),
                    due.recipient_id, due.message[:300], due.url, moment, moment, prep,
                ]  # fmt: skip
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} {conflict}",  # noqa: S608
                params,
            )


def _raise_notifications(claim: uuid.UUID) -> None:
    """One notification for each reminder of the claim, in one INSERT … SELECT."""
    notification, reminder = Notification._meta.db_table, Reminder._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {notification} "  # noqa: S608 - table names from the models
            "(recipient_id, kind, message, url, created_at, reminder_id) "
            f"SELECT recipient_id, kind, message, url, claimed_at, id FROM {reminder} "
            "WHERE claim = %s",
            [Reminder._meta.get_field("claim").get_db_prep_value(claim, connection)],
        )


def _digest_user_ids() -> set[int]:
    return set(
        NotificationSettings.objects.filter(daily_digest=True).values_list("user_id", flat=True)
    )


def _emails_pending(*, now: datetime) -> QuerySet:
    """Single emails claimed and not sent, nor being sent by a worker right now."""
    return (
        Reminder.objects.filter(claimed_at__isnull=False, email_sent_at=None)
        .filter(email_attempts__lt=EMAIL_MAX_ATTEMPTS)
        .filter(Q(email_started_at=None) | Q(email_started_at__lt=now - EMAIL_STALE_AFTER))
        .exclude(recipient_id__in=_digest_user_ids())
    )


def _queue_emails(recipient_ids: Iterable[int]) -> None:
    """One task per recipient, after the claim commits: it sends each of their reminders."""
    digest = _digest_user_ids()
    for pk in sorted(set(recipient_ids) - digest):
        send_after_commit(EMAIL_TASK, pk)


def reminder_emails_resume(*, now: datetime | None = None) -> int:
    """Queue again the single emails claimed but never sent (a lost message, a broker
    that was down, a worker that stopped mid-send). Returns how many people they are for."""
    now = now or timezone.now()
    recipients = list(
        _emails_pending(now=now).values_list("recipient_id", flat=True).distinct().order_by()
    )
    with transaction.atomic():
        _queue_emails(recipients)
    return len(recipients)


def reminder_emails_send(recipient_id: int) -> int:
    """Send a person each of their reminders' emails not sent yet. Returns how many went.

    Every reminder is tried; when any failed, the last error is raised afterwards so the
    task retries with back-off (the ones sent are recorded and are not sent again).
    """
    sent = 0
    failure: Exception | None = None
    pending = _emails_pending(now=timezone.now()).filter(recipient_id=recipient_id)
    for pk in pending.values_list("pk", flat=True).order_by("pk"):
        try:
            sent += reminder_email_send(pk)
        except Exception as error:  # the mail backend's errors vary; retry them all
            failure = error
    if failure is not None:
        raise failure
    return sent


def reminder_email_send(reminder_id: int) -> bool:
    """Email one reminder, unless it has been sent or another worker is sending it.

    Raises the mail backend's error after recording it, for the task to retry.
    """
    now = timezone.now()
    started = Reminder.objects.filter(
        Q(email_started_at=None) | Q(email_started_at__lt=now - EMAIL_STALE_AFTER),
        pk=reminder_id,
        claimed_at__isnull=False,
        email_sent_at=None,
    ).update(email_started_at=now, email_attempts=F("email_attempts") + 1)
    if not started:
        return False
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    if not reminder.recipient.email:
        Reminder.objects.filter(pk=reminder_id).update(
            email_started_at=None, email_last_error="The recipient has no email address."
        )
        return False
    try:
        send_mail(
            subject=reminder.message[:120],
            message=_email_body([reminder]),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[reminder.recipient.email],
        )
    except Exception as error:
        Reminder.objects.filter(pk=reminder_id).update(
            email_started_at=None, email_last_error=str(error)[:500]
        )
        raise
    Reminder.objects.filter(pk=reminder_id).update(email_sent_at=timezone.now())
    return True


def reminder_digests_queue() -> int:
    """Queue one digest email per person who asked for them and has reminders unsent."""
    users = (
        Reminder.objects.filter(claimed_at__isnull=False, email_sent_at=None)
        .filter(recipient__notification_settings__daily_digest=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    ids = list(users)
    with transaction.atomic():
        for pk in ids:
            send_after_commit(DIGEST_TASK, pk)
    return len(ids)


def reminder_digest_send(user_id: int) -> int:
    """Email a person the reminders not yet sent to them, in one message.

    The reminders are claimed for this digest first, so two digests never list the same
    reminder; a failed send releases them for the next attempt. Returns how many it listed.
    """
    now = timezone.now()
    user = User.objects.get(pk=user_id)
    pending = Reminder.objects.filter(
        Q(email_started_at=None) | Q(email_started_at__lt=now - EMAIL_STALE_AFTER),
        recipient_id=user_id,
        claimed_at__isnull=False,
        email_sent_at=None,
    )
    claimed = pending.update(email_started_at=now, email_attempts=F("email_attempts") + 1)
    if not claimed or not user.email:
        return 0
    reminders = list(Reminder.objects.filter(recipient_id=user_id, email_started_at=now))
    try:
        send_mail(
            subject=f"Your reminders: {len(reminders)} to look at",
            message=_email_body(reminders),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except Exception as error:
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
            email_started_at=None, email_last_error=str(error)[:500]
        )
        raise
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(email_sent_at=timezone.now())
    return len(reminders)


def site_link(path: str) -> str:
    """The absolute address of `path` in the service (`SITE_URL`), for a link in an email:
    a relative link leads nowhere outside the service."""
    if "://" in path:
        return path
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def _email_body(reminders: list[Reminder]) -> str:
    lines = [f"{r.message}\n{site_link(r.url)}" for r in reminders]
    return "\n\n".join(lines) + "\n\nYour inbox in the service lists every reminder.\n"


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_mark_read(user, *, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them when no id is given."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
