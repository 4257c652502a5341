"""The sanctions register (DESIGN.md §5; Natural England step 3 "publish, share and
report" and its Customer Sanctions Log): every customer with sanctions or disengagement
in force, what applies, since when and when it is next reviewed.

The screen and the CSV read the same rows in a fixed number of queries whatever their
number: the cases with their customers, their scoped cases, and the sanctions in force.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cases import normalise
from contactpolicy.choices import SanctionKind
from contactpolicy.models import SanctionType
from restrictions.banner import sanctions_in_force
from restrictions.models import RESTRICTING_STATES, RestrictionCase, Scope
from restrictions.status import RestrictionStatus, restriction_status, with_sanction_dates

STAGE_CHOICES = [(str(stage), stage.label) for stage in RESTRICTING_STATES]


def register_cases(
    *,
    stage: str = "",
    kind: str = "",
    overdue: bool = False,
    q: str = "",
    today: date | None = None,
) -> QuerySet:
    """Restriction cases with sanctions or disengagement in force, reviews due first.

    Filters: the stage, a kind of sanction in force, reviews overdue, and a name or
    customer reference.
    """
    today = today or timezone.localdate()
    cases = (
        with_sanction_dates(RestrictionCase.objects.filter(state__in=RESTRICTING_STATES), today)
        .select_related("customer")
        .prefetch_related(
            "scope_cases",
            Prefetch("sanctions", queryset=sanctions_in_force(today), to_attr="in_force"),
        )
    )
    if stage:
        cases = cases.filter(state=stage)
    if kind:
        cases = cases.filter(
            Exists(sanctions_in_force(today).filter(restriction_case=OuterRef("pk"), kind=kind))
        )
    if overdue:
        cases = cases.filter(review_due__lt=today)
    text = q.strip()
    if text:
        name = normalise.name(text)
        matches = Q(customer__reference__iexact=text.replace(" ", ""))
        if name:
            matches |= Q(customer__normalised_name__contains=name)
        cases = cases.filter(matches)
    return cases.order_by(F("review_due").asc(nulls_last=True), "customer__normalised_name", "pk")


def sanction_kinds_in_catalogue() -> list[tuple[str, str]]:
    """The kinds of sanction the active profile allows, for the filter (one query)."""
    kinds = set(SanctionType.objects.filter(profile__is_active=True).values_list("kind", flat=True))
    return [(kind.value, kind.label) for kind in SanctionKind if kind in kinds]


@dataclass
class RegisterRow:
    case: RestrictionCase
    status: RestrictionStatus
    since: date | None
    review_overdue: bool
    scope: str

    @property
    def customer(self):
        return self.case.customer

    @property
    def stage(self) -> str:
        return self.status.label

    @property
    def applies(self) -> list[str]:
        return self.status.applies

    @property
    def review_due(self) -> date | None:
        return self.case.review_due


def register_row(case: RestrictionCase, today: date) -> RegisterRow:
    """One customer's line in the register, from a case `register_cases` loaded."""
    partial = case.scope == Scope.PARTIAL
    moment = case.disengaged_at if case.is_disengaged else case.sanctioned_at
    scope = "All contact"
    if case.is_disengaged and partial:
        topics = [line.strip() for line in case.scope_topics.splitlines() if line.strip()]
        cases = [c.reference for c in case.scope_cases.all()]
        scope = "; ".join(topics + ([f"Cases {', '.join(cases)}"] if cases else []))
        scope = scope or "Some topics"
    return RegisterRow(
        case=case,
        status=restriction_status(case, case.in_force, today),
        since=timezone.localtime(moment).date() if moment else None,
        review_overdue=case.review_due is not None and case.review_due < today,
        scope=scope,
    )


def register_rows(cases, today: date | None = None) -> list[RegisterRow]:
    today = today or timezone.localdate()
    return [register_row(case, today) for case in cases]
