"""Reads for reviews: one review with what it weighs, and the queues of reviews to hold.

`review_evidence` gathers, from the decision the review follows to today, what DESIGN.md §7
asks a review to weigh, in a fixed number of queries however long the history.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cases.models import Contact, Incident
from contactpolicy.choices import DecisionKind
from contactpolicy.models import PolicyProfile
from restrictions.enforcement import describe
from restrictions.models import (
    OPEN_REVIEW_STATES,
    CheckOutcome,
    ContactCheck,
    Review,
    Stage,
)
from restrictions.models.lifecycle import reengagement_earliest


class Queue:
    DUE = "due"
    OVERDUE = "overdue"
    MINE = "mine"
    OPEN = "open"
    CLOSED = "closed"


def queue_choices(profile: PolicyProfile) -> list[tuple[str, str]]:
    return [
        (Queue.OPEN, "All open reviews"),
        (Queue.DUE, f"Due in the next {profile.reminder_warning_days} days"),
        (Queue.OVERDUE, "Overdue"),
        (Queue.MINE, "Yours to hold"),
        (Queue.CLOSED, "Concluded, superseded or lapsed"),
    ]


def review_by_pk(pk: int) -> Review | None:
    return (
        Review.objects.select_related(
            "restriction_case__customer",
            "restriction_case__applied_by",
            "scheduled_by",
            "reviewer",
            "started_by",
            "request_recorded_by",
        )
        .filter(pk=pk)
        .first()
    )


def reviews_in(
    queue: str, *, user, today: date, profile: PolicyProfile, reviewing: str = ""
) -> QuerySet:
    """The reviews of one queue, soonest first, with what a row shows."""
    rows = Review.objects.select_related("restriction_case__customer", "reviewer")
    if queue == Queue.CLOSED:
        rows = rows.exclude(state__in=OPEN_REVIEW_STATES).order_by("-due_on", "-pk")
    else:
        rows = rows.filter(state__in=OPEN_REVIEW_STATES).order_by("due_on", "pk")
    if queue == Queue.DUE:
        rows = rows.filter(due_on__gte=today, due_on__lte=profile.due_soon_until(today))
    elif queue == Queue.OVERDUE:
        rows = rows.filter(due_on__lt=today)
    elif queue == Queue.MINE:
        rows = rows.filter(reviewer=user)
    if reviewing:
        rows = rows.filter(reviewing=reviewing)
    return rows


def review_counts(user, today: date, profile: PolicyProfile) -> dict[str, int]:
    """How many open reviews are due soon, overdue and the user's own: one query."""
    return Review.objects.filter(state__in=OPEN_REVIEW_STATES).aggregate(
        due=Count(
            "pk",
            filter=Q(due_on__gte=today, due_on__lte=profile.due_soon_until(today)),
        ),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        mine=Count("pk", filter=Q(reviewer=user)),
    )


@dataclass
class CategoryCount:
    name: str
    dates: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.dates)


@dataclass
class ArrangementCount:
    """Contacts checked against one arrangement: permitted (or redirected) and breaches."""

    label: str
    permitted: list = field(default_factory=list)
    breaches: list = field(default_factory=list)


@dataclass
class ReviewEvidence:
    since: date
    today: date
    incidents_by_category: list[CategoryCount]
    incidents: list
    arrangements: list[ArrangementCount]
    calls_ended: list
    last_incident_on: date | None
    representations: list
    reengage_from: date | None
    clean_months: int | None

    @property
    def incident_count(self) -> int:
        return len(self.incidents)

    @property
    def days_since_last_incident(self) -> int | None:
        if self.last_incident_on is None:
            return None
        return (self.today - self.last_incident_on).days

    @property
    def reengagement_refused(self) -> bool:
        return self.reengage_from is not None and self.reengage_from > self.today


WHOLE_RESTRICTION = "The restriction as a whole"
# A contact checked and permitted without any arrangement limiting it.
UNLIMITED = "Contact no arrangement limits"


def review_evidence(review: Review, profile, *, today: date | None = None) -> ReviewEvidence:
    """What the review weighs, from the decision it follows to `today`: six queries."""
    today = today or timezone.localdate()
    case = review.restriction_case
    since = review.since
    incidents = list(
        Incident.objects.filter(customer_id=case.customer_id, occurred_at__gte=since)
        .select_related("category")
        .order_by("occurred_at", "pk")
    )
    by_category: dict[str, CategoryCount] = {}
    for incident in incidents:
        row = by_category.setdefault(incident.category.name, CategoryCount(incident.category.name))
        row.dates.append(timezone.localtime(incident.occurred_at).date())
    checks = list(
        ContactCheck.objects.filter(restriction_case=case, contact__received_at__gte=since)
        .select_related("contact")
        .prefetch_related("sanctions__sanction_type")
        .order_by("contact__received_at", "pk")
    )
    arrangements: dict[object, ArrangementCount] = defaultdict(lambda: None)
    ordered: list[ArrangementCount] = []

    def row_for(key, label):
        if arrangements[key] is None:
            arrangements[key] = ArrangementCount(label)
            ordered.append(arrangements[key])
        return arrangements[key]

    for check in checks:
        sanctions = list(check.sanctions.all())
        breach = check.outcome == CheckOutcome.BREACH
        rows = [row_for(s.pk, describe(s)) for s in sanctions] or [
            row_for("whole", WHOLE_RESTRICTION) if breach else row_for("unlimited", UNLIMITED)
        ]
        for row in rows:
            if breach:
                row.breaches.append(check.contact)
            else:
                row.permitted.append(check.contact)
    calls_ended = list(
        Contact.objects.filter(
            customer_id=case.customer_id, ended_by_staff=True, received_at__gte=since
        ).order_by("received_at", "pk")
    )
    last = (
        Incident.objects.filter(customer_id=case.customer_id)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    last_on = timezone.localtime(last).date() if last is not None else None
    disengagement = review.reviewing == Stage.DISENGAGED
    reengage_from = None
    if disengagement and profile.reengage_clean_months:
        # The same rule the lifecycle's guard applies, asked of the stage under review.
        reengage_from = reengagement_earliest(_as_reviewed(case, review), profile)
    return ReviewEvidence(
        since=timezone.localtime(since).date(),
        today=today,
        incidents_by_category=sorted(by_category.values(), key=lambda c: (-c.count, c.name)),
        incidents=incidents,
        arrangements=ordered,
        calls_ended=calls_ended,
        last_incident_on=last_on,
        representations=list(review.representations.select_related("recorded_by")),
        reengage_from=reengage_from,
        clean_months=profile.reengage_clean_months if disengagement else None,
    )


# What a review can conclude (DESIGN.md §7): continue, vary or lift.
OUTCOME_KINDS = (DecisionKind.CONTINUE, DecisionKind.VARY, DecisionKind.LIFT)
# Outcomes that re-engage a disengaged customer, held back by the clean period.
REENGAGING_KINDS = (DecisionKind.VARY, DecisionKind.LIFT)


def review_outcomes(options, evidence: ReviewEvidence, profile) -> list:
    """The outcomes the reviewer may record, in the order continue, vary, lift, from the
    case's decision options (`selectors.kind_options`). Under a clean-period rule an outcome
    that re-engages is refused before the earliest date, with that date, as the lifecycle's
    guard would refuse it at approval."""
    outcomes = []
    for option in sorted(
        (o for o in options if o.kind in OUTCOME_KINDS),
        key=lambda option: OUTCOME_KINDS.index(option.kind),
    ):
        if option.available and option.kind in REENGAGING_KINDS and evidence.reengagement_refused:
            option = replace(
                option,
                available=False,
                reason=f"The {profile.short_name} policy re-engages only after "
                f"{evidence.clean_months} months with no incident: the earliest date is "
                f"{evidence.reengage_from:%-d %B %Y}.",
            )
        outcomes.append(option)
    return outcomes


def _as_reviewed(case, review: Review):
    """The case as the lifecycle sees it under this review: a scheduled review of a
    disengagement is of a disengaged case even before it starts."""
    if case.state in (Stage.DISENGAGED, Stage.UNDER_REVIEW):
        return case
    as_reviewed = copy.copy(case)
    as_reviewed.state_before_review = review.reviewing
    return as_reviewed


def case_reviews(case) -> list[Review]:
    """The case's reviews, latest date first (prefetched by `selectors.case_by_reference`)."""
    return list(case.reviews.all())
