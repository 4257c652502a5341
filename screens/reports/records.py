"""The records behind one figure as rows of a table: what each record's own page is
called, when it happened, whose it is and what it was. Nothing sensitive is shown (no
summaries, notes or descriptions): the link leads to the record's own page, which asks
its own access rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from screens.reports import definitions as figures

PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordRow:
    reference: str
    url: str
    when: str
    customer: str
    what: str


def _customer(customer, fallback: str = "Not known") -> str:
    if customer is None:
        return fallback
    return f"{customer.name} ({customer.reference})"


def _local(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y, %H:%M}" if moment else "Not recorded"


def _day(day: datetime.date | None) -> str:
    return f"{day:%-d %b %Y}" if day else "Not recorded"


def _contact(contact) -> RecordRow:
    what = f"{contact.get_direction_display()} {contact.get_channel_display().lower()}"
    if not contact.is_general:
        what += f": {contact.get_kind_display().lower()}"
    return RecordRow(
        contact.reference,
        contact.get_absolute_url(),
        _local(contact.received_at),
        _customer(contact.customer, contact.sender or "Not known"),
        what,
    )


def _incident(incident) -> RecordRow:
    what = incident.category.name
    if incident.hate_incident:
        what += " (hate or inequality incident)"
    return RecordRow(
        incident.reference,
        incident.get_absolute_url(),
        _local(incident.occurred_at),
        _customer(incident.customer),
        what,
    )


def _decision(decision) -> RecordRow:
    return RecordRow(
        decision.reference,
        decision.get_absolute_url(),
        _local(decision.applied_at),
        _customer(decision.restriction_case.customer),
        decision.get_kind_display(),
    )


def _sanction(sanction) -> RecordRow:
    case = sanction.restriction_case
    return RecordRow(
        case.reference,
        case.get_absolute_url(),
        _day(sanction.starts_on),
        _customer(case.customer),
        f"{sanction.sanction_type.name} ({sanction.get_status_display().lower()})",
    )


def _breach(check) -> RecordRow:
    contact = check.contact
    return RecordRow(
        contact.reference,
        contact.get_absolute_url(),
        _local(contact.received_at),
        _customer(contact.customer),
        f"Breach of {check.restriction_case.reference}",
    )


def _review(review) -> RecordRow:
    return RecordRow(
        f"Review of {review.restriction_case.reference}",
        review.get_absolute_url(),
        _local(review.closed_at),
        _customer(review.restriction_case.customer),
        f"Due {review.due_on:%-d %B %Y}",
    )


def _appeal(appeal) -> RecordRow:
    what = appeal.get_state_display()
    if appeal.outcome:
        what = appeal.get_outcome_display()
    if appeal.is_late:
        what += ", received late"
    return RecordRow(
        appeal.reference,
        appeal.get_absolute_url(),
        _day(appeal.received_on),
        _customer(appeal.customer),
        what,
    )


def _referral(referral) -> RecordRow:
    return RecordRow(
        referral.get_kind_display(),
        reverse("restrictions:referrals", kwargs={"reference": referral.customer.reference}),
        _day(referral.made_on),
        _customer(referral.customer),
        f"To {referral.recipient}",
    )


# Per kind of record: what to fetch with each row, its order, and how to show it.
PRESENTATION = {
    figures.CONTACTS.key: (("customer",), ("received_at", "pk"), _contact),
    figures.INCIDENTS.key: (("customer", "category"), ("occurred_at", "pk"), _incident),
    figures.DECISIONS.key: (("restriction_case__customer",), ("applied_at", "pk"), _decision),
    figures.SANCTIONS.key: (
        ("restriction_case__customer", "sanction_type"),
        ("starts_on", "pk"),
        _sanction,
    ),
    figures.BREACHES.key: (
        ("contact__customer", "restriction_case"),
        ("contact__received_at", "pk"),
        _breach,
    ),
    figures.REVIEWS.key: (("restriction_case__customer",), ("closed_at", "pk"), _review),
    figures.APPEALS.key: (("customer",), ("received_on", "pk"), _appeal),
    figures.REFERRALS.key: (("customer",), ("made_on", "pk"), _referral),
}

WHEN = {
    figures.CONTACTS.key: "Received",
    figures.INCIDENTS.key: "Happened",
    figures.DECISIONS.key: "Took effect",
    figures.SANCTIONS.key: "In force from",
    figures.BREACHES.key: "Contact received",
    figures.REVIEWS.key: "Held",
    figures.APPEALS.key: "Received",
    figures.REFERRALS.key: "Made",
}


def ordered(kind_key: str, rows: QuerySet) -> QuerySet:
    related, order, _show = PRESENTATION[kind_key]
    return rows.select_related(*related).order_by(*order)


def shown(kind_key: str, page) -> list[RecordRow]:
    return [PRESENTATION[kind_key][2](record) for record in page]
