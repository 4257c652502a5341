"""Reads for the appeals screens, each a fixed number of queries whatever the data."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from appeals.models import OPEN_STATES, Appeal
from contactpolicy.models import PolicyProfile, User
from contactpolicy.roles import Role
from restrictions.models import Decision, DecisionStatus, SanctionStatus


def appeal_by_reference(reference: str) -> Appeal | None:
    """One appeal with everything its page shows (one query, plus its documents and the
    approvals of the decision appealed against)."""
    return (
        Appeal.objects.select_related(
            "decision__proposed_by",
            "customer",
            "restriction_case",
            "investigator",
            "decided_by",
            "late_decided_by",
            "recorded_by",
            "resulting_decision",
            "acknowledgement_notice",
            "outcome_notice",
        )
        .prefetch_related("documents", "decision__approvals")
        .filter(reference=reference)
        .first()
    )


def appeals_queue(
    *, user, show: str = "open", state: str = "", today: date, profile: PolicyProfile
) -> QuerySet:
    """The appeals list, filtered; oldest due first."""
    appeals = Appeal.objects.select_related("customer", "decision", "investigator")
    if show == "open":
        appeals = appeals.filter(state__in=OPEN_STATES)
    elif show == "overdue":
        appeals = appeals.filter(state__in=OPEN_STATES, decision_due__lt=today)
    elif show == "due":
        appeals = appeals.filter(
            state__in=OPEN_STATES,
            decision_due__gte=today,
            decision_due__lte=profile.due_soon_until(today),
        )
    elif show == "mine":
        appeals = appeals.filter(mine(user))
    elif show == "closed":
        appeals = appeals.exclude(state__in=OPEN_STATES)
    if state:
        appeals = appeals.filter(state=state)
    return appeals.order_by("decision_due", "received_on", "pk")


def mine(user) -> Q:
    """Open appeals the person investigates."""
    return Q(state__in=OPEN_STATES, investigator=user)


@dataclass(frozen=True)
class AppealCounts:
    open: int
    overdue: int
    due_soon: int
    mine: int


def appeal_counts(*, user, today: date, profile: PolicyProfile) -> AppealCounts:
    """The dashboard's appeal figures in one query."""
    open_ = Q(state__in=OPEN_STATES)
    counts = Appeal.objects.aggregate(
        open=Count("pk", filter=open_),
        overdue=Count("pk", filter=open_ & Q(decision_due__lt=today)),
        due_soon=Count(
            "pk",
            filter=open_
            & Q(decision_due__gte=today, decision_due__lte=profile.due_soon_until(today)),
        ),
        mine=Count("pk", filter=mine(user)),
    )
    return AppealCounts(**counts)


def appealable_decisions(case) -> list[Decision]:
    """The case's decisions that have taken effect, newest first (one query)."""
    return list(
        case.decisions.filter(status=DecisionStatus.APPROVED, applied_at__isnull=False).order_by(
            "-applied_at"
        )
    )


def case_appeals(case) -> list[Appeal]:
    return list(case.appeals.select_related("decision").order_by("-received_on", "-pk"))


def sanctions_in_force(case) -> list:
    return list(case.sanctions.filter(status=SanctionStatus.ACTIVE).select_related("sanction_type"))


def staff_holding(*posts, excluding: set[int] = frozenset()) -> list[User]:
    """Active people holding any of `posts` (`contactpolicy.posts.Post`), less those
    `excluding`, by name (one query)."""
    if not posts:
        return []
    holding = Q()
    for post in posts:
        held = Q(groups__name__in=[Role(r).label for r in post.roles])
        if post.title.strip():
            held &= Q(job_title__iexact=post.title.strip())
        holding = held if not holding else holding | held
    people = User.objects.filter(holding, is_active=True)
    return list(
        people.exclude(pk__in=excluding).distinct().order_by("first_name", "last_name", "username")
    )
