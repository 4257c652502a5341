"""The appeal sweep: appeal acknowledgements and decisions coming due and overdue
(DESIGN.md §10).

Whoever recorded an appeal is told when its acknowledgement falls due within the profile's
warning period while it is still only received, and again once it is overdue, when their
line manager is told too. The investigator (or, before one is assigned, whoever recorded the appeal) is told when
the decision falls due within the profile's warning period, and again once it is overdue,
when their line manager is told too. Told once each (`contactpolicy.reminders`).
"""

from datetime import datetime

from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, AppealState
from contactpolicy.models import ReminderStage
from contactpolicy.reminders import Due, reminder_emails_resume, reminders_issue
from contactpolicy.selectors import profile_get_active

RECORD = "appeals.appeal"
KIND = "appeal_decision"
ACKNOWLEDGEMENT = "appeal_acknowledgement"
OPEN = [AppealState.RECEIVED, AppealState.ACKNOWLEDGED, AppealState.UNDER_INVESTIGATION]


def appeal_reminders_due(*, now: datetime) -> list[Due]:
    today = timezone.localdate(now)
    horizon = profile_get_active().due_soon_until(today)
    rows = (
        Appeal.objects.filter(state__in=OPEN, decision_due__lte=horizon)
        .annotate(
            responsible=Coalesce("investigator_id", "recorded_by_id"),
            manager=Coalesce(F("investigator__line_manager_id"), F("recorded_by__line_manager_id")),
        )
        .filter(responsible__isnull=False)
        .values_list("pk", "reference", "decision_due", "responsible", "manager")
        .order_by()
    )
    path = reverse("appeals:appeal", kwargs={"reference": "REF"})
    dues = []
    for pk, reference, due_on, responsible, manager in rows:
        url = path.replace("REF", reference)
        if due_on >= today:
            message = f"Appeal {reference} must be decided by {due_on:%-d %B %Y}."
            dues.append(Due(RECORD, pk, KIND, ReminderStage.DUE_SOON, due_on, responsible,
                            message, url))  # fmt: skip
            continue
        message = f"Appeal {reference} was due to be decided by {due_on:%-d %B %Y}."
        dues.append(Due(RECORD, pk, KIND, ReminderStage.OVERDUE, due_on, responsible,
                        message, url))  # fmt: skip
        if manager is not None:
            dues.append(Due(RECORD, pk, KIND, ReminderStage.OVERDUE_MANAGER, due_on, manager,
                            message, url))  # fmt: skip
    return dues


def appeal_acknowledgement_reminders_due(*, now: datetime) -> list[Due]:
    today = timezone.localdate(now)
    horizon = profile_get_active().due_soon_until(today)
    rows = (
        Appeal.objects.filter(state=AppealState.RECEIVED, acknowledge_due__lte=horizon)
        .values_list(
            "pk", "reference", "acknowledge_due", "recorded_by_id", "recorded_by__line_manager_id"
        )
        .order_by()
    )
    path = reverse("appeals:appeal", kwargs={"reference": "REF"})
    dues = []
    for pk, reference, due_on, recorder, manager in rows:
        url = path.replace("REF", reference)
        if due_on >= today:
            message = f"Appeal {reference} must be acknowledged by {due_on:%-d %B %Y}."
            dues.append(Due(RECORD, pk, ACKNOWLEDGEMENT, ReminderStage.DUE_SOON, due_on,
                            recorder, message, url))  # fmt: skip
            continue
        message = f"Appeal {reference} was due to be acknowledged by {due_on:%-d %B %Y}."
        dues.append(Due(RECORD, pk, ACKNOWLEDGEMENT, ReminderStage.OVERDUE, due_on, recorder,
                        message, url))  # fmt: skip
        if manager is not None:
            dues.append(Due(RECORD, pk, ACKNOWLEDGEMENT, ReminderStage.OVERDUE_MANAGER, due_on,
                            manager, message, url))  # fmt: skip
    return dues


def appeals_remind(*, now: datetime | None = None) -> int:
    """Tell staff (and their line managers) of appeal acknowledgements and decisions due,
    once each."""
    now = now or timezone.now()
    reminder_emails_resume(now=now)
    dues = appeal_acknowledgement_reminders_due(now=now) + appeal_reminders_due(now=now)
    return len(reminders_issue(dues, now=now))
