"""Reads for customers and contacts: what each screen shows, in a fixed number of queries."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Collate
from django.utils import timezone

from cases import normalise
from cases.clocks import ClockState, clock_state, soon_threshold
from cases.models import (
    AccessibilityFormat,
    Case,
    Contact,
    Customer,
    CustomerIdentifier,
    IdentifierKind,
)
from contactpolicy.selectors import staff_below
from contactpolicy.workcalendar import WorkCalendar

LOOKUP_LIMIT = 10
REFERENCE = re.compile(r"^(CUS|CON|CAS)-?(\d{4})-?(\d{1,6})$", re.IGNORECASE)


def _name_order(prefix: bool):
    """How to order names so that PostgreSQL picks the plan that suits the search.

    A prefix search orders in the C collation, which the index `customer_name_c` stores:
    "the first ten names starting with 'pa'" reads ten entries. A search anywhere in the
    name orders in POSIX (the same order, but no index holds it), so the planner reads the
    matches through the trigram index and sorts them, rather than walking every name in
    order hoping to meet ten matches early, which for a rare fragment means all of them.
    """
    if connection.vendor == "postgresql":
        return Collate("normalised_name", "C" if prefix else "POSIX")
    return F("normalised_name")


def customer_lookup(query: str, *, limit: int = LOOKUP_LIMIT) -> list[Customer]:
    """Customers matching what staff typed: a reference, phone, email, postcode, handle or name.

    Tolerant of formatting: "+44 7700 900123" and "7700 900123" find 07700900123 (read as
    `normalise.phone_prefixes` reads them), "Sharma Priya" finds Priya Sharma, case and
    spaces are ignored.
    At most four queries, each served by its own index: the matching identifiers (prefix
    index), those customers, the customers matching by name (trigrams for three letters or
    more anywhere in the name, the prefix index for two letters at its start), and the
    identifiers of the customers shown.
    """
    text = query.strip()
    if len(text) < 2:
        return []
    candidates: list[Customer] = []
    if match := REFERENCE.match(text.replace(" ", "")):
        prefix, year, number = match.groups()
        reference = f"{prefix.upper()}-{year}-{int(number):06d}"
        field = {"CUS": "reference", "CON": "contacts__reference"}.get(
            prefix.upper(), "cases__reference"
        )
        candidates = list(Customer.objects.filter(**{field: reference})[:limit])
    else:
        identifier = Q()
        if not text.startswith("@") and ("@" in text or " " not in text):
            identifier |= Q(kind=IdentifierKind.EMAIL, normalised__startswith=normalise.email(text))
        if text.startswith("@") or " " not in text:
            identifier |= Q(
                kind=IdentifierKind.SOCIAL, normalised__startswith=normalise.handle(text)
            )
        if normalise.looks_like_phone(text):
            for prefix in normalise.phone_prefixes(text):
                identifier |= Q(kind=IdentifierKind.PHONE, normalised__startswith=prefix)
        if normalise.looks_like_postcode(text):
            identifier |= Q(
                kind=IdentifierKind.ADDRESS, normalised__startswith=normalise.postcode(text)
            )
        if identifier:
            matched = list(
                CustomerIdentifier.objects.filter(identifier, retired_at__isnull=True)
                .order_by()
                .values_list("customer_id", flat=True)[: limit * 3]
            )
            if matched:
                candidates += Customer.objects.filter(pk__in=matched)
        name = normalise.name(text)
        if not normalise.looks_like_phone(text) and len(name) >= 2:
            order = _name_order(prefix=all(len(word) < 3 for word in name.split(" ")))
            candidates += Customer.objects.filter(_by_name(name)).order_by(order, "pk")[:limit]
    unique = {customer.pk: customer for customer in candidates}
    customers = sorted(unique.values(), key=lambda c: (c.normalised_name, c.pk))[:limit]
    prefetch_related_objects(customers, Prefetch("identifiers", queryset=identifiers_in_use()))
    return customers


def _by_name(name: str) -> Q:
    """Customers whose name holds every word typed, in any order: "Sharma Priya" finds
    Priya Sharma, as people give their name surname first on the phone. Words of three
    letters or more are served by the trigram index; a shorter word beside them only
    narrows what they find, and short words alone are a prefix search."""
    words = name.split(" ")
    if all(len(word) < 3 for word in words):
        return Q(normalised_name__startswith=name)
    in_any_order = Q()
    for word in words:
        in_any_order &= Q(normalised_name__contains=word)
    return in_any_order


def identifiers_in_use() -> QuerySet:
    """Identifiers that still recognise a contact: a retired one stays on record only."""
    return CustomerIdentifier.objects.filter(retired_at__isnull=True).order_by("kind", "pk")


def sender_identifier(sender: str) -> tuple[str, str] | None:
    """The kind and comparable form of a sender's details as typed, if they look like a
    phone number, an email address or a social media handle (a name gives None)."""
    text = sender.strip()
    if text.startswith("@") and len(text) > 1 and " " not in text:
        return IdentifierKind.SOCIAL, normalise.handle(text)
    if "@" in text and " " not in text:
        return IdentifierKind.EMAIL, normalise.email(text)
    if normalise.looks_like_phone(text) and len(normalise.NON_DIGITS.sub("", text)) >= 10:
        return IdentifierKind.PHONE, normalise.phone_whole(text)
    return None


def customers_recognised_by(sender: str, *, limit: int = 3) -> list[Customer]:
    """Customers one of whose identifiers in use is exactly the sender's number, email or
    handle (Log a contact offers them before staff search). Two queries at most."""
    found = sender_identifier(sender)
    if found is None:
        return []
    kind, normalised = found
    return list(
        Customer.objects.filter(
            identifiers__kind=kind,
            identifiers__normalised=normalised,
            identifiers__retired_at__isnull=True,
        )
        .distinct()
        .order_by("normalised_name", "pk")[:limit]
    )


def customer_cases(customer: Customer) -> list[Case]:
    """The customer's cases, newest first, with their officers: one query."""
    return list(customer.cases.select_related("officer").order_by("-opened_at", "-pk"))


def case_contacts(case: Case) -> list[Contact]:
    """The contacts on a case, newest first: one query."""
    return list(case.contacts.select_related("officer").order_by("-received_at", "-pk"))


@dataclass
class ContactRow:
    contact: Contact
    acknowledge: ClockState
    respond: ClockState

    @property
    def worst(self) -> ClockState:
        order = [ClockState.OVERDUE, ClockState.DUE_SOON, ClockState.DUE, ClockState.PAUSED]
        for state in order:
            if state in (self.acknowledge, self.respond):
                return state
        return self.respond if self.respond != ClockState.NOT_TRACKED else self.acknowledge


def contact_rows(contacts, calendar: WorkCalendar, now: datetime) -> list[ContactRow]:
    soon = soon_threshold(calendar, now)
    rows = []
    for contact in contacts:
        acknowledge, respond = (
            clock_state(
                due_at=due_at, done_at=done_at, now=now, soon=soon, paused=contact.is_paused
            )
            for due_at, done_at in (
                (contact.acknowledge_due_at, contact.acknowledged_at),
                (contact.respond_due_at, contact.responded_at),
            )
        )
        rows.append(ContactRow(contact, acknowledge, respond))
    return rows


OPEN_STATES = {ClockState.OVERDUE, ClockState.DUE_SOON, ClockState.DUE, ClockState.PAUSED}


def open_contacts(
    *,
    officers: QuerySet | list,
    calendar: WorkCalendar,
    now: datetime | None = None,
    channel: str = "",
    state: str = "",
) -> QuerySet:
    """Contacts of these officers still awaiting their reply (`Contact.objects.open`),
    soonest due first and those with no due date last, in the order they were logged.

    A page of them is two queries (the count and the rows) however many there are.
    """
    now = now or timezone.now()
    contacts = (
        Contact.objects.open().filter(officer__in=officers).select_related("customer", "officer")
    )
    if channel:
        contacts = contacts.filter(channel=channel)
    soon = soon_threshold(calendar, now)
    if state == ClockState.OVERDUE:
        contacts = contacts.filter(next_due_at__lt=now)
    elif state == ClockState.DUE_SOON:
        contacts = contacts.filter(next_due_at__gte=now, next_due_at__lte=soon)
    elif state == ClockState.DUE:
        contacts = contacts.filter(next_due_at__gt=soon)
    elif state == ClockState.PAUSED:
        contacts = contacts.filter(paused_at__isnull=False, next_due_at__isnull=True)
        return contacts.order_by("paused_at", "pk")
    elif state == ClockState.NOT_TRACKED:
        contacts = contacts.filter(paused_at__isnull=True, next_due_at__isnull=True)
        return contacts.order_by("received_at", "pk")
    # The order the partial index `contact_officer_open` keeps (PostgreSQL puts NULLs last).
    return contacts.order_by(F("next_due_at").asc(nulls_last=True), "pk")


def team_of(manager) -> QuerySet:
    """The active staff in `manager`'s team, everyone below them in the line-manager tree
    (the screen asks `may_see_team_contacts`)."""
    return staff_below(manager).filter(is_active=True)


@dataclass(frozen=True)
class DetailChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class CustomerChange:
    """One saved change to a customer's details or identifiers: when, by whom, what."""

    when: datetime
    who: str
    what: str
    changes: list[DetailChange]


def _shown(record, name: str) -> str:
    """A historical value as the customer's page words it."""
    value = getattr(record, name)
    if name == "accessibility_formats":
        labels = dict(AccessibilityFormat.choices)
        return ", ".join(labels.get(code, code) for code in value or []) or "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    display = getattr(record, f"get_{name}_display", None)
    return (display() if display and value else str(value or "")) or "Not given"


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "The system"


def customer_changes(customer: Customer) -> list[CustomerChange]:
    """Every change to the customer's details and identifiers, newest first, from their
    simple-history records: two queries, however many changes."""
    found = []
    records = list(customer.history.select_related("history_user").order_by("history_date"))
    for before, after in zip([None, *records], records, strict=False):
        if before is None:
            found.append(CustomerChange(after.history_date, _who(after), "Customer recorded", []))
            continue
        delta = after.diff_against(before)
        changes = [
            DetailChange(
                str(Customer._meta.get_field(c.field).verbose_name).capitalize(),
                _shown(before, c.field),
                _shown(after, c.field),
            )
            for c in delta.changes
            if c.field in Customer.DETAILS
        ]
        if changes:
            found.append(
                CustomerChange(after.history_date, _who(after), "Details changed", changes)
            )
    identifiers = list(
        CustomerIdentifier.history.filter(customer_id=customer.pk)
        .select_related("history_user")
        .order_by("id", "history_date")
    )
    for before, after in zip([None, *identifiers], identifiers, strict=False):
        kind = after.get_kind_display()
        if before is None or before.id != after.id:
            found.append(
                CustomerChange(
                    after.history_date,
                    _who(after),
                    f"{kind} added",
                    [DetailChange(kind, "", _address(after))],
                )
            )
        elif _address(before) != _address(after):
            found.append(
                CustomerChange(
                    after.history_date,
                    _who(after),
                    f"{kind} corrected",
                    [DetailChange(kind, _address(before), _address(after))],
                )
            )
        elif before.retired_at is None and after.retired_at is not None:
            found.append(
                CustomerChange(
                    after.history_date,
                    _who(after),
                    f"{kind} retired",
                    [DetailChange(kind, _address(after), "Retired")],
                )
            )
    return sorted(found, key=lambda change: change.when, reverse=True)


def _address(record) -> str:
    """As `CustomerIdentifier.display` says it: a postcode alone has no line before it."""
    return ", ".join(part for part in (record.value, record.postcode) if part)
