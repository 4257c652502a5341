"""The customer's timeline: contacts, incidents, and whatever sources the caller passes.

Each source names a model, how to find one customer's rows and which field dates them.
This app offers its own sources (`CONTACTS`, `INCIDENTS`); apps above it offer theirs,
and the screen that shows a timeline composes the list (`screens.timeline`). Nothing is
registered at start-up, so what a timeline holds is read where it is shown.

A page is read in a fixed number of queries however long the history: one to count, one
for the page's (kind, id, moment) triples across every source (a UNION), and one per kind
to load the rows on the page.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, QuerySet, Value


@dataclass(frozen=True)
class Source:
    kind: str
    rows: Callable[[object], QuerySet]  # customer -> the rows concerning that customer
    moment: str  # the field that dates a row
    template: str  # renders one entry, given `item`
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()


CONTACTS = Source(
    kind="contact",
    rows=lambda customer: customer.contacts.all(),
    moment="received_at",
    template="cases/timeline/_contact.html",
    related=("officer", "case"),
)

INCIDENTS = Source(
    kind="incident",
    rows=lambda customer: customer.incidents.all(),
    moment="occurred_at",
    template="cases/timeline/_incident.html",
    related=("category", "recorded_by"),
)


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


def _keys(customer, sources: Sequence[Source]) -> QuerySet:
    parts = [
        source.rows(customer)
        .order_by()
        .annotate(
            timeline_kind=Value(source.kind, output_field=CharField()),
            timeline_at=F(source.moment),
        )
        .values_list("timeline_kind", "pk", "timeline_at")
        for source in sources
    ]
    first, *rest = parts
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("-timeline_at", "-pk")


def customer_timeline_page(
    customer, number, per_page: int, sources: Sequence[Source]
) -> TimelinePage:
    """One page of the customer's history across `sources`, newest first.

    Queries: one to count, one for the page's keys (a UNION of every source), and one per
    kind on the page, whatever the length of the history.
    """
    if not sources:
        raise ValueError("A timeline needs at least one source.")
    by_kind = {source.kind: source for source in sources}
    if len(by_kind) != len(sources):
        raise ValueError("Each timeline source needs a kind of its own.")
    page = Paginator(_keys(customer, sources), per_page).get_page(number)
    keys = list(page.object_list)
    wanted: dict[str, list[int]] = {}
    for kind, pk, _ in keys:
        wanted.setdefault(kind, []).append(pk)
    loaded = {}
    for kind, pks in wanted.items():
        source = by_kind[kind]
        rows = source.rows(customer).filter(pk__in=pks).select_related(*source.related)
        if source.prefetch:
            rows = rows.prefetch_related(*source.prefetch)
        loaded.update({(kind, row.pk): row for row in rows})
    entries = [
        Entry(kind, moment, loaded[(kind, pk)], by_kind[kind].template)
        for kind, pk, moment in keys
        if (kind, pk) in loaded
    ]
    return TimelinePage(page, entries)
