"""The rows of each log, as plain tuples read straight from the database.

No model instances and no join that could multiply a row: each query reads its own table
with the customer beside it (one row each way), and the names of staff, categories and
services come from small dictionaries read once (`staff_names` and friends). The screen
slices these queries a page at a time; the CSV iterates them whole, a chunk at a time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Contact, Direction, Incident, ReportedTo
from contactpolicy.choices import Channel, ContactKind
from contactpolicy.models import BehaviourCategory, Service, User
from contactpolicy.selectors import staff_below
from screens.logs.filters import LogFilters

# What one line of the mail and media log records.
RECEIVED, SENT, REPLY = "in", "out", "reply"
ENTRY_LABELS = {RECEIVED: "Received", SENT: "Sent", REPLY: "Reply sent"}
CHANNELS, KINDS = dict(Channel.choices), dict(ContactKind.choices)


def day_starts(filters: LogFilters) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The first moment of the range, and the first moment after it (local days)."""
    zone = timezone.get_default_timezone()

    def start_of(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone)

    after = filters.end + datetime.timedelta(days=1) if filters.end else None
    return (
        start_of(filters.start) if filters.start else None,
        start_of(after) if after else None,
    )


def in_range(rows: QuerySet, field: str, filters: LogFilters) -> QuerySet:
    start, after = day_starts(filters)
    if start:
        rows = rows.filter(**{f"{field}__gte": start})
    if after:
        rows = rows.filter(**{f"{field}__lt": after})
    return rows


def in_team(rows: QuerySet, fields: Iterable[str], filters: LogFilters) -> QuerySet:
    """Only the records of the team lead's staff, or their own, where a team is set."""
    if filters.team_lead_id is None:
        return rows
    lead = User(pk=filters.team_lead_id)
    mine = Q()
    for field in fields:
        mine |= Q(**{f"{field}__in": staff_below(lead).values("pk")}) | Q(**{field: lead.pk})
    return rows.filter(mine)


# The mail and media log (BTPA §5.2 and §7.1): every contact in or sent, and every reply
# to a contact, on the day it went.
MAIL_COLUMNS = (
    "moment",
    "entry",
    "id",
    "reference",
    "channel",
    "kind",
    "customer__reference",
    "customer__name",
    "sender",
    "officer_id",
)


@dataclass(frozen=True)
class MailRow:
    moment: datetime.datetime
    entry: str
    id: int
    reference: str
    channel: str
    kind: str
    customer_reference: str | None
    customer_name: str | None
    sender: str
    officer_id: int | None

    @property
    def entry_label(self) -> str:
        return ENTRY_LABELS[self.entry]

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


def mail_log_rows(filters: LogFilters) -> QuerySet:
    """Tuples of MAIL_COLUMNS, newest first: contacts by the time they came or went, and
    replies by the time they were sent."""
    contacts = in_team(Contact.objects.all(), ("officer",), filters)
    if filters.channel:
        contacts = contacts.filter(channel=filters.channel)
    if filters.kind:
        contacts = contacts.filter(kind=filters.kind)
    logged = in_range(contacts, "received_at", filters).annotate(
        moment=F("received_at"), entry=F("direction")
    )
    replies = in_range(
        contacts.filter(direction=Direction.INCOMING, responded_at__isnull=False),
        "responded_at",
        filters,
    ).annotate(moment=F("responded_at"), entry=Value(REPLY))
    if filters.direction == Direction.INCOMING:
        parts = [logged.filter(direction=Direction.INCOMING)]
    elif filters.direction == Direction.OUTGOING:
        parts = [logged.filter(direction=Direction.OUTGOING), replies]
    else:
        parts = [logged, replies]
    parts = [part.order_by().values_list(*MAIL_COLUMNS) for part in parts]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("-moment", "-id", "entry")


# The terminated-calls log (IPCC §6): every telephone call staff ended, with the reason.
CALL_COLUMNS = (
    "received_at",
    "id",
    "reference",
    "customer__reference",
    "customer__name",
    "sender",
    "who_id",
    "duration_minutes",
    "ended_reason",
)


@dataclass(frozen=True)
class CallRow:
    received_at: datetime.datetime
    id: int
    reference: str
    customer_reference: str | None
    customer_name: str | None
    sender: str
    who_id: int | None
    duration_minutes: int | None
    ended_reason: str


def terminated_call_rows(filters: LogFilters) -> QuerySet:
    calls = Contact.objects.filter(channel=Channel.TELEPHONE, ended_by_staff=True)
    calls = in_team(in_range(calls, "received_at", filters), ("officer", "logged_by"), filters)
    # The officer on the call; where none is named, whoever logged it.
    calls = calls.annotate(who_id=Coalesce("officer_id", "logged_by_id"))
    return calls.order_by("-received_at", "-id").values_list(*CALL_COLUMNS)


# The hate and inequality incidents (Tamworth §4).
INCIDENT_COLUMNS = (
    "occurred_at",
    "id",
    "reference",
    "customer__reference",
    "customer__name",
    "category_id",
    "service_id",
    "channel",
    "severity",
    "staff_affected",
    "reported_to",
    "reported_at",
    "report_reference",
    "police_report_required",
    "police_report_not_made_reason",
    "recorded_by_id",
)


@dataclass(frozen=True)
class IncidentRow:
    occurred_at: datetime.datetime
    id: int
    reference: str
    customer_reference: str
    customer_name: str
    category_id: int
    service_id: int | None
    channel: str
    severity: str
    staff_affected: str
    reported_to: str
    reported_at: datetime.datetime | None
    report_reference: str
    police_report_required: bool
    police_report_not_made_reason: str
    recorded_by_id: int | None

    @property
    def police_report(self) -> str:
        """Where the police report stands, in words."""
        if self.reported_to == ReportedTo.POLICE:
            return "Reported"
        if self.police_report_not_made_reason:
            return f"Not made: {self.police_report_not_made_reason}"
        if self.police_report_required:
            return "Due"
        return "Not required"


def hate_incident_rows(filters: LogFilters) -> QuerySet:
    incidents = Incident.objects.filter(hate_incident=True)
    if filters.service_id:
        incidents = incidents.filter(service_id=filters.service_id)
    incidents = in_team(in_range(incidents, "occurred_at", filters), ("recorded_by",), filters)
    return incidents.order_by("-occurred_at", "-id").values_list(*INCIDENT_COLUMNS)


def staff_names(ids: Iterable[int | None] | None = None) -> dict[int, str]:
    """Staff names by id: those of `ids`, or everyone's (a few thousand at most)."""
    people = User.objects.all()
    if ids is not None:
        people = people.filter(pk__in={pk for pk in ids if pk is not None})
    return {
        pk: f"{first} {last}".strip() or username
        for pk, first, last, username in people.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }


def category_names() -> dict[int, str]:
    return dict(BehaviourCategory.objects.values_list("pk", "name"))


def service_names() -> dict[int, str]:
    return dict(Service.objects.values_list("pk", "name"))
