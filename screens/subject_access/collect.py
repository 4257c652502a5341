"""What a subject access export holds: every record about one customer, from every app.

`SECTIONS` names each kind of record, the query that finds the customer's rows and how the
index describes one. `collect` reads them all, with the history of each, into plain values
(the JSON of the export), and finds the third parties' personal data among them for the
redaction review (`Finding`). Every field of every row is exported as stored: a new field
on a model reaches the export without a change here.

Staff are named by their names; the customer's own records by their references; another
customer (a linked one) by name and reference, listed as a third party. Stored files
(notices as issued, their copies and versions, appeal documents) are read as bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Subquery

from appeals.models import Appeal, AppealDocument
from cases.access import staff_named_as_third_party
from cases.models import (
    Case,
    Contact,
    ContactReassignment,
    Customer,
    CustomerIdentifier,
    CustomerLink,
    Incident,
    LegalHold,
    SensitiveNote,
    SensitiveNoteView,
    ThirdPartyKind,
)
from mailboxes.models import InboundAttachment, InboundEmail, OutboundEmail
from notices.models import Notice, NoticeCopy, PostReprint, ProductionRequest
from restrictions.models import (
    Approval,
    AuditEvent,
    ContactCheck,
    Decision,
    InjunctionDecision,
    Referral,
    Representation,
    RestrictionCase,
    Review,
    Sanction,
)

# Derived for searching, not information about anyone.
SKIPPED_FIELDS = {"normalised_name", "normalised"}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    model: type[models.Model]
    rows: Callable[[Customer], models.QuerySet]
    # The index's one line about a row: (label, date, what), from the exported values.
    describe: Callable[[dict], tuple[str, str, str]]
    files: tuple[str, ...] = ()


def _day(value) -> str:
    return (value or "")[:10]


def _said(first, then) -> str:
    """ "first: then", or `first` alone when nothing follows."""
    then = " ".join(str(then or "").split())
    return f"{first}: {then}" if then else str(first or "")


def _short(text, limit: int = 160) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


SECTIONS: tuple[Section, ...] = (
    Section(
        "customer",
        "Your record",
        Customer,
        lambda c: Customer.objects.filter(pk=c.pk),
        lambda r: (r["reference"], _day(r["created_at"]), r["name"]),
    ),
    Section(
        "identifiers",
        "Addresses, email addresses, phone numbers and handles",
        CustomerIdentifier,
        lambda c: CustomerIdentifier.objects.filter(customer=c),
        lambda r: (r["kind"], _day(r["retired_at"]), _short(f"{r['value']} {r['postcode']}")),
    ),
    Section(
        "links",
        "Links to other customers",
        CustomerLink,
        lambda c: CustomerLink.objects.filter(Q(customer=c) | Q(other=c)),
        lambda r: (r["kind"], "", _short(f"{r['customer']} — {r['other']} {r['note']}")),
    ),
    Section(
        "sensitive_notes",
        "Sensitive notes",
        SensitiveNote,
        lambda c: SensitiveNote.objects.filter(customer=c),
        lambda r: ("Note", _day(r["created_at"]), _short(r["text"])),
    ),
    Section(
        "sensitive_note_views",
        "Who viewed the sensitive notes",
        SensitiveNoteView,
        lambda c: SensitiveNoteView.objects.filter(customer=c),
        lambda r: ("Viewed", _day(r["viewed_at"]), r["viewed_by"] or ""),
    ),
    Section(
        "matters",
        "Cases (matters, complaints, enquiries and requests)",
        Case,
        lambda c: Case.objects.filter(customer=c),
        lambda r: (r["reference"], _day(r["opened_at"]), _short(r["subject"])),
    ),
    Section(
        "contacts",
        "Contacts: letters, emails, calls, visits and replies",
        Contact,
        lambda c: Contact.objects.filter(customer=c),
        lambda r: (
            r["reference"],
            _day(r["received_at"]),
            _short(_said(f"{r['channel']}, {r['direction']}", r["summary"])),
        ),
    ),
    Section(
        "contact_reassignments",
        "Contacts passed to another officer",
        ContactReassignment,
        lambda c: ContactReassignment.objects.filter(contact__customer=c),
        lambda r: (r["contact"], _day(r["reassigned_at"]), _short(r["reason"])),
    ),
    Section(
        "incidents",
        "Incidents",
        Incident,
        lambda c: Incident.objects.filter(customer=c),
        lambda r: (r["reference"], _day(r["occurred_at"]), _short(r["description"])),
    ),
    Section(
        "restriction_cases",
        "Restriction cases",
        RestrictionCase,
        lambda c: RestrictionCase.objects.filter(customer=c),
        lambda r: (r["reference"], _day(r["opened_at"]), f"{r['state']}, {r['scope']}"),
    ),
    Section(
        "decisions",
        "Decisions, with their reasons",
        Decision,
        lambda c: Decision.objects.filter(restriction_case__customer=c),
        lambda r: (r["reference"], _day(r["created_at"]), _short(_said(r["kind"], r["reasons"]))),
    ),
    Section(
        "approvals",
        "Approvals of decisions",
        Approval,
        lambda c: Approval.objects.filter(decision__restriction_case__customer=c),
        lambda r: (
            r["decision"],
            _day(r["at"]),
            _short(_said(f"{r['outcome']} by {r['approver']}", r["reason"])),
        ),
    ),
    Section(
        "sanctions",
        "Sanctions",
        Sanction,
        lambda c: Sanction.objects.filter(restriction_case__customer=c),
        lambda r: (
            r["decision"],
            r["starts_on"] or "",
            _short(_said(f"{r['kind']}, {r['status']}", r["description"])),
        ),
    ),
    Section(
        "injunction_decisions",
        "Decisions on injunctions",
        InjunctionDecision,
        lambda c: InjunctionDecision.objects.filter(sanction__restriction_case__customer=c),
        lambda r: ("Injunction", r["decided_on"] or "", _short(r["reason"])),
    ),
    Section(
        "emails",
        "Emails you sent us, as they arrived",
        InboundEmail,
        lambda c: InboundEmail.objects.filter(contact__customer=c),
        lambda r: (r["contact"], _day(r["arrived_at"]), _short(r["subject"])),
        files=("raw",),
    ),
    Section(
        "email_attachments",
        "Attachments to your emails",
        InboundAttachment,
        lambda c: InboundAttachment.objects.filter(email__contact__customer=c),
        lambda r: ("Attachment", "", r["filename"]),
        files=("file",),
    ),
    Section(
        "emails_sent",
        "Emails we sent you",
        OutboundEmail,
        lambda c: OutboundEmail.objects.filter(contact__customer=c),
        lambda r: (r["contact"], _day(r["sent_at"]), _short(r["subject"])),
        files=("raw",),
    ),
    Section(
        "contact_checks",
        "Checks of contacts against restrictions",
        ContactCheck,
        lambda c: ContactCheck.objects.filter(restriction_case__customer=c),
        lambda r: (r["contact"], _day(r["recorded_at"]), _short(r["instruction"])),
    ),
    Section(
        "reviews",
        "Reviews",
        Review,
        lambda c: Review.objects.filter(restriction_case__customer=c),
        lambda r: (r["restriction_case"], r["due_on"] or "", f"{r['reviewing']}, {r['state']}"),
    ),
    Section(
        "representations",
        "Representations made to reviews",
        Representation,
        lambda c: Representation.objects.filter(review__restriction_case__customer=c),
        lambda r: ("Representation", r["received_on"] or "", _short(r["summary"])),
    ),
    Section(
        "notices",
        "Notices (letters), as stored",
        Notice,
        lambda c: Notice.objects.filter(customer=c),
        lambda r: (r["reference"], r["notice_date"] or "", _short(r["subject_line"])),
        files=("file",),
    ),
    Section(
        "notice_copies",
        "Notices in other print formats",
        NoticeCopy,
        lambda c: NoticeCopy.objects.filter(notice__customer=c),
        lambda r: (r["notice"], _day(r["created_at"]), r["print_format"]),
        files=("file",),
    ),
    Section(
        "notice_productions",
        "Notices produced in other formats or languages",
        ProductionRequest,
        lambda c: ProductionRequest.objects.filter(notice__customer=c),
        lambda r: (r["notice"], _day(r["requested_at"]), f"{r['production_format']}"),
        files=("file",),
    ),
    Section(
        "notice_reprints",
        "Notices posted again",
        PostReprint,
        lambda c: PostReprint.objects.filter(notice__customer=c),
        lambda r: (r["notice"], _day(r["requested_at"]), _short(r["reason"])),
    ),
    Section(
        "appeals",
        "Appeals",
        Appeal,
        lambda c: Appeal.objects.filter(customer=c),
        lambda r: (r["reference"], r["received_on"] or "", _short(r["grounds"])),
    ),
    Section(
        "appeal_documents",
        "Documents sent with appeals",
        AppealDocument,
        lambda c: AppealDocument.objects.filter(appeal__customer=c),
        lambda r: (r["appeal"], _day(r["uploaded_at"]), r["original_name"]),
        files=("file",),
    ),
    Section(
        "referrals",
        "Referrals and information shared",
        Referral,
        lambda c: Referral.objects.filter(customer=c),
        lambda r: (
            r["kind"],
            r["made_on"] or "",
            _short(_said(r["recipient"], r["what_was_shared"])),
        ),
    ),
    Section(
        "audit_events",
        "Audit record of decisions and restrictions",
        AuditEvent,
        lambda c: AuditEvent.objects.filter(customer=c),
        lambda r: (
            str(r["event_type"]).replace("_", " ").capitalize(),
            _day(r["occurred_at"]),
            _short(r["reason"]),
        ),
    ),
    Section(
        "legal_holds",
        "Holds that keep your records from being deleted on their date",
        LegalHold,
        lambda c: LegalHold.objects.filter(customer=c),
        lambda r: ("Legal hold", _day(r["placed_at"]), _short(r["reason"])),
    ),
)

# Free text that names other people, found by their title: "Mr Jones", "Dr A Patel".
NAMED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Rev|Revd|Cllr)\.?\s+"
    r"(?:[A-Z]\.?\s+)?[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?"
)

# Fields that name a person other than the customer, as typed by staff.
NAMED_FIELDS = {
    (Customer, "third_party"): ThirdPartyKind.NAMED_PERSON,
    (Sanction, "third_party"): ThirdPartyKind.NAMED_PERSON,
    (Incident, "staff_affected"): ThirdPartyKind.STAFF,
    (Contact, "safeguarding_alerted_to"): ThirdPartyKind.STAFF,
    (Notice, "signatory_name"): ThirdPartyKind.STAFF,
}

MAX_PLACES = 6


@dataclass
class Finding:
    """A third party's personal data in the export: what, and where."""

    kind: str
    value: str
    places: list[str] = field(default_factory=list)
    occurrences: int = 0

    def seen(self, place: str) -> None:
        self.occurrences += 1
        if place not in self.places and len(self.places) < MAX_PLACES:
            self.places.append(place)


@dataclass
class StoredFile:
    path: str
    field_file: object
    stored_sha256: str
    section: str
    record: str
    record_id: int


@dataclass
class Collected:
    data: dict
    files: list[StoredFile]
    findings: dict[tuple[str, str], Finding]

    @property
    def records(self) -> int:
        return sum(
            len(part["records"]) + len(part["history"]) for part in self.data["sections"].values()
        )


def plain(value):
    """A stored value as JSON holds it."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


class Collector:
    """Reads one customer's records; `steps` yields a label before each part of the work."""

    def __init__(self, customer: Customer, profile):
        self.customer = customer
        self.profile = profile
        self.rows: dict[str, list] = {}
        self.history: dict[str, list] = {}
        self.labels: dict[type, dict[int, str]] = defaultdict(dict)
        self.findings: dict[tuple[str, str], Finding] = {}
        self.files: list[StoredFile] = []
        self.staff: dict[int, tuple[str, bool]] = {}
        self.customers: dict[int, tuple[str, str]] = {}
        own = {customer.name, customer.surname, customer.contact_name}
        self.own_words = {w.casefold() for name in own for w in name.split() if len(w) > 1}

    # -- reading -------------------------------------------------------------------------------
    def read_section(self, section: Section) -> None:
        rows = section.rows(self.customer)
        m2m = [f.name for f in section.model._meta.many_to_many]
        if m2m:
            rows = rows.prefetch_related(*m2m)
        self.rows[section.key] = list(rows.order_by("pk"))
        for row in self.rows[section.key]:
            self.labels[section.model][row.pk] = getattr(row, "reference", "") or str(row.pk)

    def read_history(self, section: Section) -> None:
        manager = getattr(section.model, "history", None)
        if manager is None:
            self.history[section.key] = []
            return
        ids = section.rows(self.customer).values("pk")
        self.history[section.key] = list(
            manager.filter(id__in=Subquery(ids)).order_by("id", "history_date", "history_id")
        )

    def read_related(self) -> None:
        """Everything the rows point at, one query per kind: staff, other customers, and
        the labels (references) of records outside the export, such as categories."""
        wanted: dict[type, set[int]] = defaultdict(set)
        for rows in (*self.rows.values(), *self.history.values()):
            for row in rows:
                for f in row._meta.concrete_fields:
                    pk = getattr(row, f.attname) if f.is_relation else None
                    if pk is not None and pk not in self.labels.get(f.related_model, {}):
                        wanted[f.related_model].add(pk)
                for name in self._m2m_names(row):
                    for other in getattr(row, name).all():
                        wanted[type(other)].add(other.pk)
        user_model = get_user_model()
        for model, pks in wanted.items():
            if model is user_model:
                for user in user_model.objects.filter(pk__in=pks):
                    self.staff[user.pk] = (
                        str(user),
                        staff_named_as_third_party(user, self.profile),
                    )
            elif model is Customer:
                for other in Customer.objects.filter(pk__in=pks).only("reference", "name"):
                    self.customers[other.pk] = (other.reference, other.name)
            elif model is ContentType:
                for kind in ContentType.objects.filter(pk__in=pks):
                    self.labels[ContentType][kind.pk] = f"{kind.app_label}.{kind.model}"
            else:
                for other in model._default_manager.filter(pk__in=pks):
                    self.labels[model][other.pk] = getattr(other, "reference", "") or str(other)
        self.customers[self.customer.pk] = (self.customer.reference, self.customer.name)

    @staticmethod
    def _m2m_names(row) -> list[str]:
        if row._meta.model_name.startswith("historical"):
            return []
        return [f.name for f in row._meta.many_to_many]

    # -- writing -------------------------------------------------------------------------------
    def values(self, section: Section, row, place: str) -> dict:
        out = {}
        for f in row._meta.concrete_fields:
            if f.name in SKIPPED_FIELDS:
                continue
            if f.is_relation:
                out[f.name] = self._related(
                    f, getattr(row, f.attname), f"{place}, {f.verbose_name}"
                )
            elif isinstance(f, models.FileField):
                out[f.name] = getattr(row, f.attname).name or ""
            else:
                value = plain(f.value_from_object(row))
                out[f.name] = value
                if isinstance(value, str) and value:
                    kind = NAMED_FIELDS.get((section.model, f.name))
                    if kind:
                        self.find(kind, value, f"{place}, {f.verbose_name}")
        for name in self._m2m_names(row):
            out[name] = [
                self.labels[o._meta.model].get(o.pk, str(o.pk)) for o in getattr(row, name).all()
            ]
        return out

    def _related(self, f, pk, place: str):
        if pk is None:
            return None
        model = f.related_model
        if model is get_user_model():
            name, third_party = self.staff.get(pk, (f"Former member of staff {pk}", True))
            if third_party:
                self.find(ThirdPartyKind.STAFF, name, place)
            return name
        if model is Customer:
            reference, name = self.customers[pk]
            if pk == self.customer.pk:
                return reference
            self.find(ThirdPartyKind.OTHER_CUSTOMER, name, place)
            return f"{name} ({reference})"
        return self.labels[model].get(pk, str(pk))

    def find(self, kind: str, value: str, place: str) -> None:
        value = value.strip()[:500]
        if not value:
            return
        key = (kind, value)
        if key not in self.findings:
            self.findings[key] = Finding(kind=kind, value=value)
        self.findings[key].seen(place)

    def named_in_text(self, data: dict) -> None:
        """People named by their title in free text, other than the customer."""
        for section in SECTIONS:
            part = data["sections"][section.key]
            noun = str(section.model._meta.verbose_name).capitalize()
            for record in (*part["records"], *part["history"]):
                for name, value in record.items():
                    if not isinstance(value, str) or len(value) < 6:
                        continue
                    for match in NAMED.finditer(value):
                        words = {w.casefold().strip(".") for w in match.group().split()[1:]}
                        if words & self.own_words:
                            continue
                        label = record.get("reference") or record.get("id")
                        field = name.replace("_", " ")
                        self.find(
                            ThirdPartyKind.NAMED_PERSON, match.group(), f"{noun} {label}, {field}"
                        )

    def place(self, section: Section, row) -> str:
        noun = str(section.model._meta.verbose_name).capitalize()
        return f"{noun} {getattr(row, 'reference', '') or row.pk}"

    def stored_files(self, section: Section, row, record: dict) -> None:
        for name in section.files:
            field_file = getattr(row, name)
            if not field_file.name:
                continue
            # A copy or version of a notice is known by the notice's reference.
            label = getattr(row, "reference", "") or self.labels[Notice].get(
                getattr(row, "notice_id", None), f"{section.model._meta.verbose_name} {row.pk}"
            )
            base = field_file.name.rsplit("/", 1)[-1]
            path = f"files/{section.key}/{row.pk}-{base}"
            self.files.append(
                StoredFile(
                    path=path,
                    field_file=field_file,
                    stored_sha256=getattr(row, "sha256", "") or "",
                    section=section.key,
                    record=str(label),
                    record_id=row.pk,
                )
            )
            record[f"{name}_in_export"] = path


def collect_steps(collector: Collector) -> Iterator[str]:
    """The collection, as steps: each yields its label before it runs."""
    for section in SECTIONS:
        yield f"Reading {section.title.lower()}"
        collector.read_section(section)
        collector.read_history(section)
    yield "Reading the staff and records they point at"
    collector.read_related()


def assemble(collector: Collector, *, generated_at: dt.datetime) -> Collected:
    """The export's plain values, from what the collector read."""
    sections = {}
    for section in SECTIONS:
        records = []
        for row in collector.rows[section.key]:
            place = collector.place(section, row)
            record = collector.values(section, row, place)
            collector.stored_files(section, row, record)
            records.append(record)
        history = []
        for row in collector.history[section.key]:
            place = f"{collector.place(section, row)} (history)"
            history.append(collector.values(section, row, place))
        sections[section.key] = {"title": section.title, "records": records, "history": history}
    data = {
        "format": "subject-access-export/1",
        "organisation": collector.profile.name,
        "customer": {"reference": collector.customer.reference, "name": collector.customer.name},
        "generated_at": generated_at.isoformat(),
        "copy": "full",
        "sections": sections,
        "files": [],
    }
    collector.named_in_text(data)
    return Collected(data=data, files=collector.files, findings=collector.findings)


def _choice_labels(model) -> dict[str, dict]:
    return {f.name: dict(f.choices) for f in model._meta.concrete_fields if f.choices}


def describe(key: str, record: dict) -> tuple[str, str, str]:
    """The index's line about an exported record, its coded values in words."""
    section = next(section for section in SECTIONS if section.key == key)
    labels = _choice_labels(section.model)
    shown = {
        name: str(labels[name].get(value, value)) if name in labels and value else value
        for name, value in record.items()
    }
    return tuple(str(part or "") for part in section.describe(shown))
