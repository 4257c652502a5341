"""Time-limited sanctions reaching their end date (DESIGN.md §10).

A sanction with an end date is in force up to and including that date. The day after,
this sweep ends it through its own transition, with its history row and an audit event
by the application, and tells the case's manager once (`contactpolicy.reminders`). The
case keeps its stage: only an approved decision moves the lifecycle, so when nothing
remains in force the manager is asked to hold the review that lifts or continues it.
"""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from contactpolicy.models import ReminderStage
from contactpolicy.reminders import Due, reminder_emails_resume, reminders_issue
from restrictions.enforcement import describe
from restrictions.models import AuditEventType, Sanction, SanctionStatus
from restrictions.sanctions import CATALOGUE
from restrictions.services import audit_record

RECORD = "restrictions.sanction"
KIND = "sanction_ended"


def _what_ended(sanction: Sanction) -> str:
    ended = CATALOGUE[sanction.kind].ending.ended
    if ended is not None:
        return ended(sanction)
    return f"The restriction “{describe(sanction)}”"


def _message(sanction: Sanction, *, nothing_remains: bool) -> str:
    customer = sanction.restriction_case.customer
    ended = f"{_what_ended(sanction)} for {customer} ended on {sanction.ends_on:%-d %B %Y}."
    if nothing_remains:
        return f"{ended} No arrangement remains: hold the review to lift or continue."
    return f"{ended} The case's other arrangements stay in force."


def sanctions_expire(*, now: datetime | None = None) -> int:
    """End every sanction in force whose end date has passed, and tell each case's
    manager once. Returns how many sanctions this run ended."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reminder_emails_resume(now=now)
    with transaction.atomic():
        expired = (
            Sanction.objects.filter(status=SanctionStatus.ACTIVE, ends_on__lt=today)
            .select_related(
                "sanction_type",
                "officer",
                "deputy",
                "decision",
                "restriction_case__customer",
            )
            .order_by("pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            # Another run ending the same rows holds them: skip them rather than wait.
            expired = expired.select_for_update(skip_locked=True, of=("self",))
        sanctions = list(expired)
        if not sanctions:
            return 0
        for sanction in sanctions:
            sanction.end(on=sanction.ends_on)
            sanction.save(update_fields=["status", "ends_on"])
            audit_record(
                event_type=AuditEventType.SANCTION_ENDED,
                actor=None,
                case=sanction.restriction_case,
                sanction=sanction,
                reason=f"Its end date, {sanction.ends_on:%-d %B %Y}, has passed.",
            )
        case_ids = {sanction.restriction_case_id for sanction in sanctions}
        still_in_force = set(
            Sanction.objects.filter(status=SanctionStatus.ACTIVE, restriction_case_id__in=case_ids)
            .values_list("restriction_case_id", flat=True)
            .order_by()
        )
        dues = []
        for sanction in sanctions:
            case = sanction.restriction_case
            recipient = case.applied_by_id or sanction.decision.proposed_by_id
            if recipient is None:
                continue
            nothing_remains = case.pk not in still_in_force and not case.is_disengaged
            dues.append(
                Due(
                    RECORD,
                    sanction.pk,
                    KIND,
                    ReminderStage.ENDED,
                    sanction.ends_on,
                    recipient,
                    _message(sanction, nothing_remains=nothing_remains),
                    case.get_absolute_url(),
                )
            )
        reminders_issue(dues, now=now)
    return len(sanctions)
