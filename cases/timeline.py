"""The customer's timeline: contacts, incidents, decisions and whatever else apps register.

Each source names a model, how to find one customer's rows and which field dates them.
A page is read in a fixed number of queries however long the history: one to count, one
for the page's (kind, id, moment) triples across every source (a UNION), and one per kind
to load the rows on the page.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, QuerySet, Value


@dataclass(frozen=True)
class Source:
    kind: str
    rows: object  # callable: customer -> QuerySet of the rows concerning that customer
    moment: str  # the field that dates a row
    template: str  # renders one entry, given `item`
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.kind] = source


@dataclass
class Entry:
    kind: str
    moment: datetime
    item: object
    template: str = ""


@dataclass
class TimelinePage:
    page: Page
    entries: list[Entry] = field(default_factory=list)


def _keys(customer) -> QuerySet:
    parts = [
        source.rows(customer)
        .order_by()
        .annotate(
            timeline_kind=Value(source.kind, output_field=CharField()),
            timeline_at=F(source.moment),
        )
        .values_list("timeline_kind", "pk", "timeline_at")
        for source in SOURCES.values()
    ]
    first, *rest = parts
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("-timeline_at", "-pk")


def customer_timeline_page(customer, number, per_page: int = 20) -> TimelinePage:
    page = Paginator(_keys(customer), per_page).get_page(number)
    keys = list(page.object_list)
    wanted: dict[str, list[int]] = {}
    for kind, pk, _ in keys:
        wanted.setdefault(kind, []).append(pk)
    loaded = {}
    for kind, pks in wanted.items():
        source = SOURCES[kind]
        rows = source.rows(customer).filter(pk__in=pks).select_related(*source.related)
        if source.prefetch:
            rows = rows.prefetch_related(*source.prefetch)
        loaded.update({(kind, row.pk): row for row in rows})
    entries = [
        Entry(kind, moment, loaded[(kind, pk)], SOURCES[kind].template)
        for kind, pk, moment in keys
        if (kind, pk) in loaded
    ]
    return TimelinePage(page, entries)
