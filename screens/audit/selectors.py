"""The organisation's audit log: every casework event, every change to a member of staff's
account and every change to the policy profile, and every export taken, in one list,
newest first (ADR 0028).

Each source keeps its own rows (`restrictions.AuditEvent`, `contactpolicy.Export` and the
simple-history copies of `User` and of the profile's records). A page is read in two steps:
one UNION ALL of (moment, source, key) over every source the filters allow, ordered and cut
to a page by a keyset (the moment, source and key of the last row shown), then the page's
rows of each source by key, with their differences (`contactpolicy.history_diff`). That is
a fixed number of queries, at most two or three for each source, whatever the log's size.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, Q, QuerySet, Value

from cases.models import Customer
from contactpolicy.history_diff import (
    ACTION_WORDS,
    Change,
    history_changes,
    history_rows,
    record_label,
)
from contactpolicy.models import (
    BehaviourCategory,
    ChecklistItem,
    ClosureDay,
    DecisionRule,
    Export,
    NoReplyException,
    OfficeHours,
    PolicyProfile,
    RetentionPeriod,
    SanctionType,
    Service,
    ServiceStandard,
    User,
)
from restrictions.models import AuditEvent, Decision, RestrictionCase
from restrictions.models.audit import EVENT_TYPES
from screens.logs.filters import LogFilters
from screens.logs.rows import day_starts, staff_names

PAGE_SIZE = 50
# On the page, a record added with many values shows the first few; the CSV has them all.
CHANGES_SHOWN = 12

EVENT, EXPORT, ACCOUNT, PROFILE = "event", "export", "account", "profile"
KIND_LABELS = {
    EVENT: "Casework event",
    EXPORT: "Export or reading",
    ACCOUNT: "Account change",
    PROFILE: "Policy profile change",
}
# The profile's own records, and the organisation-wide ones its rules depend on.
PROFILE_MODELS = (
    PolicyProfile,
    OfficeHours,
    ServiceStandard,
    NoReplyException,
    BehaviourCategory,
    SanctionType,
    DecisionRule,
    ChecklistItem,
    RetentionPeriod,
    ClosureDay,
    Service,
)


@dataclass(frozen=True)
class Source:
    code: int
    kind: str
    model: type
    moment: str
    actor: str


SOURCES: tuple[Source, ...] = (
    Source(0, EVENT, AuditEvent, "occurred_at", "actor_id"),
    Source(1, EXPORT, Export, "started_at", "user_id"),
    Source(2, ACCOUNT, User.history.model, "history_date", "history_user_id"),
    *(
        Source(3 + number, PROFILE, model.history.model, "history_date", "history_user_id")
        for number, model in enumerate(PROFILE_MODELS)
    ),
)
BY_CODE = {source.code: source for source in SOURCES}


@dataclass(frozen=True)
class AuditFilters:
    """What the log is limited to; all optional. `actor` is a person's key, or NOBODY
    for what the application did itself; `kind` a KIND_LABELS key or "event:<type>"; dates
    are local days, both included; `record` a customer, case or decision reference, a
    username or a profile's short identifier."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    actor: int | str | None = None
    kind: str = ""
    record: str = ""

    def as_record(self) -> dict:
        chosen = {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "actor": self.actor,
            "kind": self.kind,
            "record": self.record,
        }
        return {key: value for key, value in chosen.items() if value not in (None, "")}


NOBODY = "application"


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: the moment, source and key of the row beside it."""

    moment: datetime.datetime
    source: int
    key: int

    PATTERN = re.compile(r"^(\d{1,19})\.(\d{1,3})\.(\d{1,19})$")

    def __str__(self) -> str:
        delta = self.moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
        micro = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micro}.{self.source}.{self.key}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor written by `str`, or None for anything else."""
        match = cls.PATTERN.match(text or "")
        if not match or int(match[2]) not in BY_CODE:
            return None
        try:
            moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                microseconds=int(match[1])
            )
        except OverflowError:
            return None
        return cls(moment, int(match[2]), int(match[3]))


@dataclass
class Entry:
    """One line of the log."""

    moment: datetime.datetime
    source: int
    key: int
    kind: str
    what: str
    actor: str = ""
    role: str = ""
    record: str = ""
    reason: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def changes_shown(self) -> list[Change]:
        return self.changes[:CHANGES_SHOWN]

    @property
    def changes_not_shown(self) -> int:
        return max(0, len(self.changes) - CHANGES_SHOWN)

    @property
    def cursor(self) -> str:
        return str(Cursor(self.moment, self.source, self.key))


def _references(record: str) -> tuple[str, str, str]:
    return record.strip().upper(), record.strip().lower(), record.strip()


def _filtered(source: Source, filters: AuditFilters) -> QuerySet | None:
    """The source's rows for the filters, or None when the filters rule it out."""
    kind = filters.kind
    if kind and kind.split(":")[0] != source.kind:
        return None
    rows = source.model._default_manager.all()
    if kind.startswith("event:"):
        rows = rows.filter(event_type=kind.removeprefix("event:"))
    if filters.actor == NOBODY:
        rows = rows.filter(**{f"{source.actor}__isnull": True})
    elif filters.actor is not None:
        rows = rows.filter(**{source.actor: filters.actor})
    start, after = day_starts(LogFilters(start=filters.start, end=filters.end))
    if start:
        rows = rows.filter(**{f"{source.moment}__gte": start})
    if after:
        rows = rows.filter(**{f"{source.moment}__lt": after})
    if filters.record:
        rows = _about(source, rows, filters.record)
    return rows


def _about(source: Source, rows: QuerySet, record: str) -> QuerySet | None:
    """Only the rows about the record named (each test is an indexed lookup)."""
    upper, lower, given = _references(record)
    if source.kind == EVENT:
        return rows.filter(
            Q(customer_id__in=Customer.objects.filter(reference=upper).values("pk"))
            | Q(
                restriction_case_id__in=RestrictionCase.objects.filter(reference=upper).values("pk")
            )
            | Q(decision_id__in=Decision.objects.filter(reference=upper).values("pk"))
        )
    if source.kind == ACCOUNT:
        return rows.filter(id__in=source.model.objects.filter(username__iexact=given).values("id"))
    if source.kind == PROFILE:
        profiles = PolicyProfile.history.model.objects.filter(slug=lower).values("id")
        if source.model is PolicyProfile.history.model:
            return rows.filter(id__in=profiles)
        if any(f.name == "profile" for f in source.model._meta.fields):
            return rows.filter(profile_id__in=profiles)
    return None


def _keys(filters: AuditFilters, cursor: Cursor | None, newer: bool, limit: int) -> list[tuple]:
    """(moment, source, key) of up to `limit` rows beyond the cursor, newest first: older
    than it, or with `newer` the ones just newer (one query)."""
    parts = []
    for source in SOURCES:
        rows = _filtered(source, filters)
        if rows is None:
            continue
        if cursor is not None:
            rows = rows.filter(_beyond(source, cursor, newer))
        parts.append(
            rows.order_by()
            .annotate(
                audit_moment=F(source.moment),
                audit_source=Value(source.code, output_field=IntegerField()),
                audit_key=F("pk"),
            )
            .values_list("audit_moment", "audit_source", "audit_key")
        )
    if not parts:
        return []
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    order = ("audit_moment", "audit_source", "audit_key")
    if not newer:
        order = tuple(f"-{name}" for name in order)
    keys = list(union.order_by(*order)[:limit])
    return keys[::-1] if newer else keys


def _beyond(source: Source, cursor: Cursor, newer: bool) -> Q:
    """The rows of `source` on the far side of the cursor, in (moment, source, key) order."""
    moment = source.moment
    if newer:
        if source.code > cursor.source:
            return Q(**{f"{moment}__gte": cursor.moment})
        if source.code < cursor.source:
            return Q(**{f"{moment}__gt": cursor.moment})
        return Q(**{f"{moment}__gt": cursor.moment}) | Q(
            **{moment: cursor.moment, "pk__gt": cursor.key}
        )
    if source.code < cursor.source:
        return Q(**{f"{moment}__lte": cursor.moment})
    if source.code > cursor.source:
        return Q(**{f"{moment}__lt": cursor.moment})
    return Q(**{f"{moment}__lt": cursor.moment}) | Q(
        **{moment: cursor.moment, "pk__lt": cursor.key}
    )


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    newer: str | None  # the cursor for the page of newer entries, if any
    older: str | None  # the cursor for the page of older entries, if any


def audit_page(
    filters: AuditFilters,
    *,
    before: Cursor | None = None,
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the log: the newest, the one older than `before`, or the one newer
    than `after`. A fixed number of queries (see the module's docstring)."""
    newer = after is not None and before is None
    keys = _keys(filters, after if newer else before, newer, size + 1)
    more = len(keys) > size
    # The extra row read tells whether there is more; the page is the rows nearest the cursor.
    keys = keys[-size:] if newer else keys[:size]
    entries = entries_for(keys)
    if not entries:
        return Page([], None, None)
    has_newer = more if newer else before is not None
    has_older = True if newer else more
    return Page(
        entries,
        entries[0].cursor if has_newer else None,
        entries[-1].cursor if has_older else None,
    )


def audit_entries(filters: AuditFilters, chunk: int = 500) -> Iterator[Entry]:
    """Every entry for the filters, newest first, read a chunk at a time."""
    cursor = None
    while True:
        keys = _keys(filters, cursor, False, chunk)
        yield from entries_for(keys)
        if len(keys) < chunk:
            return
        cursor = Cursor(*keys[-1])


def entries_for(keys: list[tuple]) -> list[Entry]:
    """The entries for (moment, source, key) tuples, in their order."""
    wanted: dict[int, list[int]] = {}
    for _, code, key in keys:
        wanted.setdefault(code, []).append(key)
    found: dict[tuple[int, int], Entry] = {}
    actors: dict[tuple[int, int], int | None] = {}
    profile_slugs: dict[int, str] | None = None
    for code, pks in wanted.items():
        source = BY_CODE[code]
        if source.kind == EVENT:
            for event in AuditEvent.objects.filter(pk__in=pks).select_related(
                "customer", "restriction_case", "decision"
            ):
                found[code, event.pk] = _event_entry(source, event)
                actors[code, event.pk] = event.actor_id
        elif source.kind == EXPORT:
            for export in Export.objects.filter(pk__in=pks):
                found[code, export.pk] = _export_entry(source, export)
                actors[code, export.pk] = export.user_id
        else:
            rows = history_rows(source.model, pks)
            differences = history_changes(source.model, rows)
            if profile_slugs is None and source.kind == PROFILE:
                profile_slugs = dict(PolicyProfile.objects.values_list("pk", "slug"))
            for row in rows:
                found[code, row.history_id] = _history_entry(
                    source, row, differences[row.history_id], profile_slugs or {}
                )
                actors[code, row.history_id] = row.history_user_id
    names = staff_names(actors.values())
    entries = []
    for _, code, key in keys:
        entry = found.get((code, key))
        if entry is None:
            continue
        actor = actors[code, key]
        entry.actor = names.get(actor, f"Account number {actor}") if actor else "The application"
        entries.append(entry)
    return entries


def _event_entry(source: Source, event: AuditEvent) -> Entry:
    record = [f"Customer {event.customer.reference}"]
    if event.restriction_case_id:
        record.append(f"case {event.restriction_case.reference}")
    if event.decision_id:
        record.append(f"decision {event.decision.reference}")
    changes = []
    if event.from_state or event.to_state:
        changes.append(
            Change(
                "Stage",
                event.get_from_state_display() or "None",
                event.get_to_state_display() or "None",
            )
        )
    return Entry(
        moment=event.occurred_at,
        source=source.code,
        key=event.pk,
        kind=KIND_LABELS[EVENT],
        what=EVENT_TYPES.get(event.event_type, event.event_type),
        role=event.get_actor_role_display() if event.actor_role else "",
        record=", ".join(record),
        reason=event.reason,
        changes=changes,
    )


def _export_entry(source: Source, export: Export) -> Entry:
    rows = "" if export.rows is None else f" ({export.rows} row{'s' if export.rows != 1 else ''})"
    shown = (
        "Read on screen"
        if export.file_format == "screen"
        else f"Exported as {export.file_format.upper()}"
    )
    return Entry(
        moment=export.started_at,
        source=source.code,
        key=export.pk,
        kind=KIND_LABELS[EXPORT],
        what=f"{shown}{rows}",
        record=export.description,
    )


def _history_entry(source: Source, row, changes: list[Change], profile_slugs) -> Entry:
    model = source.model.instance_type
    if source.kind == ACCOUNT:
        record = f"Account {row.username}"
    elif model is PolicyProfile:
        record = f"Profile {row.slug}"
    else:
        profile_id = getattr(row, "profile_id", None)
        owner = f"Profile {profile_slugs.get(profile_id, profile_id)}: " if profile_id else ""
        label = record_label(source.model, row)
        record = f"{owner}{label[:1].lower() + label[1:] if owner else label}"
    return Entry(
        moment=row.history_date,
        source=source.code,
        key=row.history_id,
        kind=KIND_LABELS[source.kind],
        what=ACTION_WORDS.get(row.history_type, row.history_type),
        record=record,
        reason=row.history_change_reason or "",
        changes=changes,
    )
