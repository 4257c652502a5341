"""The notice sweep: notices issued but not yet sent a day later (DESIGN.md §10).

The person who issued the notice is told, once, that it is still waiting to go
(`contactpolicy.reminders`).
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from contactpolicy.models import ReminderStage
from contactpolicy.reminders import Due, reminder_emails_resume, reminders_issue
from contactpolicy.workcalendar import to_local
from notices.models import Notice, NoticeState

RECORD = "notices.notice"
KIND = "notice_unsent"
UNSENT_AFTER = timedelta(days=1)


def notice_reminders_due(*, now: datetime) -> list[Due]:
    rows = (
        Notice.objects.filter(
            state=NoticeState.ISSUED, issued_at__lte=now - UNSENT_AFTER, issued_by__isnull=False
        )
        .values_list("pk", "reference", "issued_at", "issued_by_id")
        .order_by()
    )
    path = reverse("notices:notice", kwargs={"reference": "REF"})
    return [
        Due(
            RECORD,
            pk,
            KIND,
            ReminderStage.ACTION,
            to_local(issued_at).date(),
            issued_by,
            f"Notice {reference}, issued on {to_local(issued_at):%-d %B %Y}, has not been sent.",
            path.replace("REF", reference),
        )
        for pk, reference, issued_at, issued_by in rows
    ]


def notices_remind(*, now: datetime | None = None) -> int:
    """Tell issuers of notices still not sent a day after issue, once. Returns how many."""
    now = now or timezone.now()
    reminder_emails_resume(now=now)  # earlier ones first; new ones are queued on claim
    claimed = reminders_issue(notice_reminders_due(now=now), now=now)
    return len(claimed)
