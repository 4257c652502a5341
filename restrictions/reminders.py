"""The review sweep: reviews coming due and overdue (DESIGN.md §10).

The reviewer is told when a scheduled review falls due within the profile's warning
period. Once its date has passed unheld, the profile's escalate-or-lapse rule is applied
(`reviews_overdue_apply`); an escalated review is then told to the reviewer and to their
line manager. Told once each (`contactpolicy.reminders`).
"""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from contactpolicy.models import ReminderStage
from contactpolicy.reminders import Due, reminder_emails_resume, reminders_issue
from contactpolicy.selectors import profile_get_active
from restrictions.models import Review, ReviewState
from restrictions.review_services import reviews_overdue_apply

RECORD = "restrictions.review"
KIND = "review"


def review_reminders_due(*, today: date) -> list[Due]:
    """The review reminders due on `today`, from the reviews' states and dates."""
    horizon = profile_get_active().due_soon_until(today)
    rows = (
        Review.objects.filter(
            state__in=[ReviewState.SCHEDULED, ReviewState.ESCALATED],
            due_on__lte=horizon,
            reviewer__isnull=False,
        )
        .values_list(
            "pk",
            "state",
            "due_on",
            "reviewer_id",
            "reviewer__line_manager_id",
            "restriction_case__reference",
        )
        .order_by()
    )
    path = reverse("restrictions:review", kwargs={"pk": 0})
    dues = []
    for pk, state, due_on, reviewer, manager, reference in rows:
        url = path.replace("/0/", f"/{pk}/")
        if state == ReviewState.SCHEDULED and due_on >= today:
            message = f"The review of {reference} is due by {due_on:%-d %B %Y}."
            dues.append(
                Due(RECORD, pk, KIND, ReminderStage.DUE_SOON, due_on, reviewer, message, url)
            )
        elif state == ReviewState.ESCALATED:
            message = (
                f"The review of {reference} was due by {due_on:%-d %B %Y}, was not held and "
                "has been escalated."
            )
            dues.append(
                Due(RECORD, pk, KIND, ReminderStage.OVERDUE, due_on, reviewer, message, url)
            )
            if manager is not None:
                dues.append(
                    Due(
                        RECORD,
                        pk,
                        KIND,
                        ReminderStage.OVERDUE_MANAGER,
                        due_on,
                        manager,
                        message,
                        url,
                    )
                )
    return dues


def reviews_remind(*, now: datetime | None = None) -> int:
    """Apply the overdue-review rule, then tell reviewers and managers, once each.

    Returns how many reminders this run raised.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    reviews_overdue_apply(today=today)
    reminder_emails_resume(now=now)  # earlier ones first; new ones are queued on claim
    claimed = reminders_issue(review_reminders_due(today=today), now=now)
    return len(claimed)
