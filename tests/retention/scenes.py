"""Customers with every kind of record, made the lawful way where a service exists, and
aged past the retention schedule's six years."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from appeals.models import Appeal, AppealDocument, AppealState
from cases.models import Case, Contact, Customer, Incident, SensitiveNote
from cases.services import case_open, customer_identifier_add, customer_link_add
from restrictions.models import RestrictionCase
from restrictions.referral_services import referral_record
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.restrictions.factories import drive_to, incident


def person_with_everything(
    *,
    name,
    email,
    phone,
    address,
    postcode,
    stage,
    caseworker,
    proposer,
    approvers,
    appeal_open=False,
):
    """A customer whose name, email, phone and address are written into each kind of
    record: contacts, an incident, a matter, a restriction case driven to `stage` (its
    decisions, approvals, sanctions, notices as PDFs, reviews), a referral, an appeal with
    a document, a link, a sensitive note."""
    customer = CustomerFactory(name=name, third_party=f"{name}'s sister")
    customer_identifier_add(customer=customer, kind="email", value=email)
    customer_identifier_add(customer=customer, kind="phone", value=phone)
    customer_identifier_add(customer=customer, kind="address", value=address, postcode=postcode)
    customer_link_add(
        customer=customer, other=CustomerFactory(), kind="same_address", note=f"Lives at {address}"
    )
    SensitiveNote.objects.create(
        customer=customer, text=f"{name} is in distress", created_by=proposer
    )
    ContactFactory(
        customer=customer,
        sender=email,
        summary=f"{name} wrote from {address} and asked us to ring {phone}",
        received_at=timezone.now() - timedelta(days=30),
    )
    shouted = incident(
        customer, caseworker, description=f"{name} shouted at the counter", staff_affected=name
    )
    case_open(customer=customer, subject=f"Complaint from {name}", officer=caseworker)
    restriction = drive_to(customer, stage, proposer=proposer, approvers=approvers)
    decision = restriction.decisions.order_by("pk").first()
    referral_record(
        actor=proposer,
        customer=customer,
        kind="police",
        recipient="BTP",
        made_on=timezone.localdate(),
        incidents=[shouted],
        notes=f"{name} of {address}, {phone}",
    )
    appeal = Appeal.objects.create(
        reference=f"APL-2026-{customer.pk:06d}",
        decision=decision,
        restriction_case=restriction,
        customer=customer,
        stage="warned",
        received_on=timezone.localdate(),
        received_via="email",
        grounds=f"I, {name}, disagree",
        recorded_by=caseworker,
    )
    if not appeal_open:
        Appeal.objects.filter(pk=appeal.pk).update(
            state=AppealState.WITHDRAWN, withdrawn_reason=f"{name} withdrew it"
        )
    document = AppealDocument(
        appeal=appeal,
        original_name=f"{name}.txt",
        content_type="text/plain",
        size=len(name),
        uploaded_by=caseworker,
    )
    document.file.save("grounds.txt", ContentFile(name.encode()), save=True)
    return customer


def age(customer: Customer, *, years: int) -> None:
    """Move everything the customer did `years` back, as if it had happened then."""
    back = timedelta(days=365 * years + 2)
    for model, fields in (
        (Customer, ["created_at"]),
        (Contact, ["received_at"]),
        (Incident, ["occurred_at"]),
        (Case, ["opened_at"]),
        (RestrictionCase, ["opened_at", "lifted_at"]),
    ):
        rows = (
            model.objects.filter(pk=customer.pk)
            if model is Customer
            else model.objects.filter(customer=customer)
        )
        for row in rows:
            model.objects.filter(pk=row.pk).update(
                **{f: getattr(row, f) - back for f in fields if getattr(row, f) is not None}
            )


def person_with_contacts(*, name, email, phone, caseworker, contacts=2):
    """A lighter customer: identifiers, contacts, an incident and a matter."""
    customer = CustomerFactory(name=name)
    customer_identifier_add(customer=customer, kind="email", value=email)
    customer_identifier_add(customer=customer, kind="phone", value=phone)
    for _ in range(contacts):
        ContactFactory(
            customer=customer,
            sender=email,
            summary=f"{name} rang from {phone}",
            received_at=timezone.now() - timedelta(days=30),
        )
    incident(customer, caseworker, description=f"{name} shouted")
    case_open(customer=customer, subject=f"Complaint from {name}", officer=caseworker)
    return customer
