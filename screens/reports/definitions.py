"""The definitions of the report's figures (issue 21; DESIGN.md §11), and their counting:
one aggregate query per kind of record, whatever the size of the data.

Every counted figure is defined once, as a `Counted`: the kind of record it counts and the
`Q` that picks them out. `build_report` counts them all with conditional aggregation, and
`figure_records` lists the records of one of them with the very same `Q`, so the page of
records behind a figure shows exactly what was counted.

A past period's figures depend only on what was recorded, never on the moment they are
asked for: each figure reads dates of events that happened, and the period's bounds.
Only the current period's "overdue now" and "in force now" read today.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from appeals.models import Appeal, AppealOutcome, AppealState
from cases.models import Case, Contact, Incident
from cases.models.contacts import Direction
from contactpolicy.choices import Channel, ContactKind, DecisionKind, SanctionKind
from contactpolicy.models import Service
from contactpolicy.selectors import profile_calendar, staff_below
from contactpolicy.workcalendar import local_datetime, to_local
from restrictions.models import ContactCheck, Decision, Referral, Review, Sanction
from restrictions.models.decisions import DecisionStatus
from restrictions.models.referrals import ReferralKind
from restrictions.models.reviews import ReviewState
from restrictions.models.sanctions import CheckOutcome, SanctionStatus
from screens.reports.model import (
    Period,
    Scope,
)

NONE_DUE = "None due"
NONE_ANSWERED = "None answered"

# A sanction that came into force (whatever became of it since).
BROUGHT_INTO_FORCE = (SanctionStatus.ACTIVE, SanctionStatus.ENDED, SanctionStatus.LIFTED)
LEFT_FORCE = (SanctionStatus.ENDED, SanctionStatus.LIFTED)


@dataclass(frozen=True)
class RecordKind:
    """One kind of record a figure counts: its rows, and how the scope narrows them."""

    key: str
    noun: str  # "contacts", for the records page's heading
    rows: Callable[[], QuerySet]
    service: Callable[[int], Q]  # the records of one service
    team: Callable[[QuerySet], Q]  # the records of a team (a queryset of its members' ids)


def _customer_in_service(path: str) -> Callable[[int], Q]:
    """Records about a customer who has a matter of the service (restrictions, reviews,
    appeals and referrals concern the customer, not one matter)."""

    def narrow(service_id: int) -> Q:
        return Q(Exists(Case.objects.filter(customer_id=OuterRef(path), service_id=service_id)))

    return narrow


CONTACTS = RecordKind(
    "contacts",
    "contacts",
    lambda: Contact.objects.all(),
    lambda service_id: Q(case__service_id=service_id),
    lambda team: Q(officer_id__in=team),
)
INCIDENTS = RecordKind(
    "incidents",
    "incidents",
    lambda: Incident.objects.all(),
    lambda service_id: Q(service_id=service_id),
    lambda team: Q(recorded_by_id__in=team),
)
DECISIONS = RecordKind(
    "decisions",
    "decisions",
    lambda: Decision.objects.filter(status=DecisionStatus.APPROVED, applied_at__isnull=False),
    _customer_in_service("restriction_case__customer_id"),
    lambda team: Q(proposed_by_id__in=team),
)
SANCTIONS = RecordKind(
    "sanctions",
    "sanctions",
    lambda: Sanction.objects.all(),
    _customer_in_service("restriction_case__customer_id"),
    lambda team: Q(decision__proposed_by_id__in=team),
)
BREACHES = RecordKind(
    "breaches",
    "breaches",
    lambda: ContactCheck.objects.filter(outcome=CheckOutcome.BREACH),
    lambda service_id: Q(contact__case__service_id=service_id),
    lambda team: Q(contact__officer_id__in=team),
)
REVIEWS = RecordKind(
    "reviews",
    "reviews",
    lambda: Review.objects.all(),
    _customer_in_service("restriction_case__customer_id"),
    lambda team: Q(reviewer_id__in=team),
)
APPEALS = RecordKind(
    "appeals",
    "appeals",
    lambda: Appeal.objects.all(),
    _customer_in_service("customer_id"),
    lambda team: Q(recorded_by_id__in=team),
)
REFERRALS = RecordKind(
    "referrals",
    "referrals",
    lambda: Referral.objects.all(),
    _customer_in_service("customer_id"),
    lambda team: Q(made_by_id__in=team),
)
RECORD_KINDS = (
    CONTACTS,
    INCIDENTS,
    DECISIONS,
    SANCTIONS,
    BREACHES,
    REVIEWS,
    APPEALS,
    REFERRALS,
)


@dataclass(frozen=True)
class Counted:
    """A figure that counts records: which kind, and the `Q` that picks them out."""

    key: str
    label: str
    kind: RecordKind
    where: Q
    # Set where the query joins a many-to-many relation (a breach's sanctions), which
    # would count one record once per related row.
    distinct: bool = False


@dataclass(frozen=True)
class Window:
    """The period as moments and dates, and what "now" means for it."""

    period: Period
    today: datetime.date
    start: datetime.datetime  # midnight starting the first day, London time, as UTC
    end: datetime.datetime  # midnight after the last day: excluded
    now: datetime.datetime  # the end; for the current period, this moment
    current: bool  # the period has not ended yet
    as_of: datetime.date  # the period's last day, or today for the current period

    @classmethod
    def of(cls, period: Period, today: datetime.date) -> Window:
        start = local_datetime(period.start, datetime.time())
        end = local_datetime(period.end + datetime.timedelta(days=1), datetime.time())
        current = period.end >= today
        as_of = min(period.end, today)
        now = local_datetime(as_of + datetime.timedelta(days=1), datetime.time())
        if current and today == timezone.localdate():
            # The current period, asked today: what is due by this moment, not by midnight.
            now = timezone.now()
        return cls(period, today, start, end, min(now, end), current, as_of)

    def moments(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def days(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.period.start, f"{field}__lte": self.period.end})

    def months(self) -> list[tuple[str, str, datetime.date, datetime.date]]:
        """(code, label, first day, last day) of each month the period touches, in order."""
        months = []
        first = self.period.start.replace(day=1)
        while first <= self.period.end:
            following = (first + datetime.timedelta(days=32)).replace(day=1)
            last = min(following - datetime.timedelta(days=1), self.period.end)
            months.append((f"{first:%Y-%m}", f"{first:%B %Y}", max(first, self.period.start), last))
            first = following
        return months

    def month_moments(self, field: str, first: datetime.date, last: datetime.date) -> Q:
        return Q(
            **{
                f"{field}__gte": local_datetime(first, datetime.time()),
                f"{field}__lt": local_datetime(last + datetime.timedelta(days=1), datetime.time()),
            }
        )


def _standards(profile) -> tuple[bool, bool]:
    """Whether the profile sets any acknowledgement target, and any response target."""
    standards = list(profile.service_standards.all())
    acknowledge = any(s.tracked and s.acknowledge_value is not None for s in standards)
    respond = any(s.tracked and s.respond_value is not None for s in standards)
    return acknowledge, respond


def _acknowledgement_due(window: Window) -> Q:
    return Q(acknowledge_due_at__gte=window.start, acknowledge_due_at__lt=window.now)


def _acknowledged_on_time(window: Window) -> Q:
    return _acknowledgement_due(window) & Q(acknowledged_at__lte=F("acknowledge_due_at"))


def _response_due(window: Window) -> Q:
    return Q(respond_due_at__gte=window.start, respond_due_at__lt=window.now)


def _answered_on_time(window: Window) -> Q:
    return _response_due(window) & Q(responded_at__lte=F("respond_due_at"))


def _overdue(window: Window) -> Q:
    """Due before the period's end (or now) and not answered by then."""
    if window.current:
        return Q(respond_due_at__lt=window.now, responded_at__isnull=True)
    return Q(respond_due_at__lt=window.end) & (
        Q(responded_at__isnull=True) | Q(responded_at__gte=window.end)
    )


def _answered_in_period(window: Window) -> Q:
    """Contacts with a response clock answered in the period: those whose time to respond
    the median and the 90th percentile are taken of."""
    return Q(respond_due_at__isnull=False) & window.moments("responded_at")


@dataclass(frozen=True)
class Definitions:
    """Every counted figure of one report, by key, and what the report's tables need."""

    counted: dict[str, Counted]
    # Per kind of record, the rows any of its figures may count: the aggregate reads only
    # these (through the indexes on their dates), not the whole table.
    scans: dict[str, Q]
    window: Window
    acknowledge_standard: bool
    respond_standard: bool
    categories: list
    services: list
    sanction_kinds: list[tuple[str, str]]


def definitions(profile, period: Period, *, today: datetime.date) -> Definitions:
    """Every counted figure of the report for `period`: the one home of their definitions.

    Reads the organisation's services (one query); the profile's categories, sanction
    catalogue and standards come prefetched with the active profile.
    """
    window = Window.of(period, today)
    counted: dict[str, Counted] = {}

    def add(key: str, label: str, kind: RecordKind, where: Q, *, distinct: bool = False):
        counted[key] = Counted(key, label, kind, where, distinct)

    # Contacts.
    received = window.moments("received_at")
    add("contacts.total", "Contacts in and out", CONTACTS, received)
    for direction in Direction:
        add(
            f"contacts.{direction.value}",
            f"{direction.label} contacts",
            CONTACTS,
            received & Q(direction=direction),
        )
    for channel in Channel:
        for direction in Direction:
            add(
                f"contacts.channel.{channel.value}.{direction.value}",
                f"{direction.label} by {channel.label.lower()}",
                CONTACTS,
                received & Q(channel=channel, direction=direction),
            )
    for kind in ContactKind:
        for direction in Direction:
            add(
                f"contacts.kind.{kind.value}.{direction.value}",
                f"{kind.label}: {direction.label.lower()}",
                CONTACTS,
                received & Q(kind=kind, direction=direction),
            )
    for code, label, first, last in window.months():
        for direction in Direction:
            add(
                f"contacts.month.{code}.{direction.value}",
                f"{direction.label} contacts in {label}",
                CONTACTS,
                window.month_moments("received_at", first, last) & Q(direction=direction),
            )

    # Service standards.
    acknowledge_standard, respond_standard = _standards(profile)
    if acknowledge_standard:
        add(
            "standards.acknowledge.due",
            "Acknowledgements due",
            CONTACTS,
            _acknowledgement_due(window),
        )
        add(
            "standards.acknowledge.on_time",
            "Acknowledged on time",
            CONTACTS,
            _acknowledged_on_time(window),
        )
    if respond_standard:
        add("standards.respond.due", "Responses due", CONTACTS, _response_due(window))
        add("standards.respond.on_time", "Answered on time", CONTACTS, _answered_on_time(window))
        add(
            "standards.respond.answered",
            "Answered in the period, with a response target",
            CONTACTS,
            _answered_in_period(window),
        )
        add(
            "standards.overdue",
            "Overdue now" if window.current else "Overdue at the period's end",
            CONTACTS,
            _overdue(window),
        )
    for channel in Channel:
        by_channel = Q(channel=channel)
        if acknowledge_standard:
            add(
                f"standards.channel.{channel.value}.acknowledge.due",
                f"Acknowledgements due by {channel.label.lower()}",
                CONTACTS,
                _acknowledgement_due(window) & by_channel,
            )
            add(
                f"standards.channel.{channel.value}.acknowledge.on_time",
                f"Acknowledged on time by {channel.label.lower()}",
                CONTACTS,
                _acknowledged_on_time(window) & by_channel,
            )
        if respond_standard:
            add(
                f"standards.channel.{channel.value}.respond.due",
                f"Responses due by {channel.label.lower()}",
                CONTACTS,
                _response_due(window) & by_channel,
            )
            add(
                f"standards.channel.{channel.value}.respond.on_time",
                f"Answered on time by {channel.label.lower()}",
                CONTACTS,
                _answered_on_time(window) & by_channel,
            )

    # Incidents.
    occurred = window.moments("occurred_at")
    add("incidents.total", "Incidents", INCIDENTS, occurred)
    add(
        "incidents.hate",
        "Hate and inequality incidents",
        INCIDENTS,
        occurred & Q(hate_incident=True),
    )
    categories = list(profile.behaviour_categories.all())
    for category in categories:
        add(
            f"incidents.category.{category.code}",
            category.name,
            INCIDENTS,
            occurred & Q(category_id=category.pk),
        )
    services = list(Service.objects.order_by("name", "pk"))
    for service in services:
        add(
            f"incidents.service.{service.pk}",
            service.name,
            INCIDENTS,
            occurred & Q(service_id=service.pk),
        )
    add("incidents.service.none", "No service recorded", INCIDENTS, occurred & Q(service=None))
    for code, label, first, last in window.months():
        add(
            f"incidents.month.{code}",
            f"Incidents in {label}",
            INCIDENTS,
            window.month_moments("occurred_at", first, last),
        )

    # Restrictions: the decisions that took effect, and the sanctions they brought.
    applied = window.moments("applied_at")
    for key, label, kinds in (
        ("restrictions.warnings", "Warnings given", (DecisionKind.WARN,)),
        ("restrictions.started", "Sanctions imposed", (DecisionKind.SANCTION,)),
        (
            "restrictions.varied",
            "Sanctions varied or exclusions extended",
            (DecisionKind.VARY, DecisionKind.EXTEND_EXCLUSION),
        ),
        ("restrictions.disengagements", "Disengagements", (DecisionKind.DISENGAGE,)),
        ("restrictions.lifted", "Restrictions lifted", (DecisionKind.LIFT,)),
    ):
        add(key, label, DECISIONS, applied & Q(kind__in=kinds))
    add(
        "restrictions.ended",
        "Sanctions that left force",
        SANCTIONS,
        window.days("ends_on") & Q(status__in=LEFT_FORCE),
    )
    add(
        "restrictions.in_force",
        "Sanctions in force now" if window.current else "Sanctions in force at the period's end",
        SANCTIONS,
        Q(status__in=BROUGHT_INTO_FORCE, starts_on__lte=window.as_of)
        & (Q(ends_on__isnull=True) | Q(ends_on__gt=window.as_of)),
    )
    add(
        "restrictions.exclusions",
        "Exclusions from buildings begun",
        SANCTIONS,
        window.days("starts_on")
        & Q(status__in=BROUGHT_INTO_FORCE, kind=SanctionKind.BUILDING_EXCLUSION),
    )

    # Breaches, by the arrangement breached.
    breached = window.moments("contact__received_at")
    add("breaches.total", "Breaches recorded", BREACHES, breached, distinct=True)
    catalogue = {t.kind: None for t in profile.sanction_types.all()}
    sanction_kinds = [(kind, SanctionKind(kind).label) for kind in catalogue]
    for kind, label in sanction_kinds:
        add(
            f"breaches.kind.{kind}",
            label,
            BREACHES,
            breached & Q(sanctions__kind=kind),
            distinct=True,
        )

    # Reviews held in the period: on time if held by the end of their due day.
    held = Q(state=ReviewState.CONCLUDED) & window.moments("closed_at")
    add("reviews.held", "Reviews held", REVIEWS, held)
    add(
        "reviews.on_time",
        "Reviews held on time",
        REVIEWS,
        held & Q(closed_at__date__lte=F("due_on")),
    )
    add("reviews.late", "Reviews held late", REVIEWS, held & Q(closed_at__date__gt=F("due_on")))

    # Appeals.
    appealed = window.days("received_on")
    add("appeals.received", "Appeals received", APPEALS, appealed)
    add("appeals.late", "Received after the deadline", APPEALS, appealed & Q(is_late=True))
    decided = Q(state=AppealState.DECIDED) & window.moments("decided_at")
    for outcome in AppealOutcome:
        add(
            f"appeals.outcome.{outcome.value}", outcome.label, APPEALS, decided & Q(outcome=outcome)
        )

    # Referrals.
    made = window.days("made_on")
    add("referrals.total", "Referrals made", REFERRALS, made)
    for kind in ReferralKind:
        add(f"referrals.kind.{kind.value}", kind.label, REFERRALS, made & Q(kind=kind))

    scans = {
        CONTACTS.key: received
        | _acknowledgement_due(window)
        | _response_due(window)
        | _answered_in_period(window)
        | _overdue(window),
        INCIDENTS.key: occurred,
        DECISIONS.key: applied,
        BREACHES.key: breached,
        REVIEWS.key: held,
        APPEALS.key: appealed | decided,
        REFERRALS.key: made,
    }
    return Definitions(
        counted,
        scans,
        window,
        acknowledge_standard,
        respond_standard,
        categories,
        services,
        sanction_kinds,
    )


def scoped(kind: RecordKind, scope: Scope) -> QuerySet:
    """The records of `kind` that the scope covers."""
    rows = kind.rows()
    if scope.service_id is not None:
        rows = rows.filter(kind.service(scope.service_id))
    if scope.team_lead_id is not None:
        from contactpolicy.models import User

        lead = User(pk=scope.team_lead_id)
        rows = rows.filter(
            kind.team(staff_below(lead).values("pk")) | kind.team([scope.team_lead_id])
        )
    return rows


def count_all(defs: Definitions, scope: Scope) -> dict[str, int]:
    """Every figure of one kind of record in one aggregate query per kind."""
    by_kind: dict[str, list[Counted]] = {}
    for figure in defs.counted.values():
        by_kind.setdefault(figure.kind.key, []).append(figure)
    values: dict[str, int] = {}
    for kind in RECORD_KINDS:
        figures = by_kind.get(kind.key)
        if not figures:
            continue
        aliases = {f"n{i}": figure for i, figure in enumerate(figures)}
        rows = scoped(kind, scope)
        if kind.key in defs.scans:
            rows = rows.filter(defs.scans[kind.key])
        totals = rows.aggregate(
            **{
                alias: Count("pk", filter=figure.where, distinct=figure.distinct)
                for alias, figure in aliases.items()
            }
        )
        values.update({figure.key: totals[alias] for alias, figure in aliases.items()})
    return values


def share_of(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def working_days_to_respond(profile, window: Window, scope: Scope) -> list[int]:
    """Working days from receipt to response of each contact answered in the period, by
    the organisation's calendar (one query for the contacts)."""
    calendar = profile_calendar(profile)

    @cache
    def between(received: datetime.date, responded: datetime.date) -> int:
        return calendar.working_days_between(received, responded)

    moments = scoped(CONTACTS, scope).filter(_answered_in_period(window))
    return sorted(
        between(to_local(received).date(), to_local(responded).date())
        for received, responded in moments.values_list("received_at", "responded_at").iterator(
            chunk_size=5000
        )
    )


def percentile(values: list[int], share: int) -> Decimal:
    """The nearest-rank percentile of sorted `values`: the smallest value that at least
    `share` per cent of them do not exceed."""
    rank = max(1, -(-share * len(values) // 100))
    return Decimal(values[rank - 1])
