"""A customer with every kind of record the product holds, for the subject access tests."""

from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.hold_services import legal_hold_place
from cases.services import (
    case_open,
    contact_reassign,
    customer_identifier_add,
    customer_link_add,
    sensitive_note_add,
    sensitive_notes_viewed,
)
from contactpolicy.roles import Role
from mailboxes.intake import take_in
from mailboxes.models import Mailbox, OutboundEmail
from mailboxes.models.outbound import OutboundKind, OutboundState
from restrictions.referral_services import referral_record
from tests.appeals.factories import record, restricted
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.restrictions.factories import person


def customer_with_everything(tag: str, *, staff: dict):
    """A customer named for `tag`, each of whose records carries `tag` in its words, with
    identifiers, a link, a sensitive note viewed, a case, contacts (a subject access request
    among them) one reassigned, incidents, a warning and a sanction approved with notices
    issued, an appeal with a document and a referral."""
    customer = CustomerFactory(name=f"{tag} Customer", surname=tag, third_party="")
    customer_identifier_add(customer=customer, kind="email", value=f"{tag.lower()}@example.org")
    customer_identifier_add(
        customer=customer, kind="phone", value="07700 900" + str(len(tag) % 10) * 3
    )
    customer_identifier_add(
        customer=customer, kind="address", value=f"1 {tag} Street, Tamworth", postcode="B79 7BZ"
    )
    sensitive_note_add(
        customer=customer, author=staff["manager"], text=f"{tag} sensitive health note"
    )
    sensitive_notes_viewed(customer=customer, viewer=staff["manager"])
    matter = case_open(
        customer=customer, subject=f"{tag} planning matter", officer=staff["caseworker"]
    )
    asked = ContactFactory(
        customer=customer,
        kind="sar",
        case=matter,
        summary=f"{tag} asks for a copy of their data",
        officer=staff["caseworker"],
        received_at=timezone.now() - timedelta(days=2),
        respond_due_at=timezone.now() + timedelta(days=28),
        reply_expected=True,
    )
    other = ContactFactory(
        customer=customer,
        summary=f"{tag} wrote again; Mrs Quillfeather at reception took the call",
        officer=staff["caseworker"],
    )
    contact_reassign(
        contact=other,
        officer=staff["manager"],
        reason=f"{tag} reassigned",
        reassigned_by=staff["manager"],
    )
    legal_hold_place(actor=staff["manager"], customer=customer, reason=f"{tag} claim in court")
    decision = restricted(customer=customer, proposer=staff["manager"])
    appeal = record(
        decision,
        by=staff["caseworker"],
        grounds=f"{tag} says the officer misheard",
        documents=[
            SimpleUploadedFile(
                f"{tag}-grounds.txt", f"{tag} grounds of appeal".encode(), "text/plain"
            )
        ],
    )
    referral = referral_record(
        actor=staff["manager"],
        customer=customer,
        kind="sharing",
        recipient="Staffordshire Police",
        made_on=timezone.localdate(),
        what_was_shared=f"{tag} incident log",
        basis="Crime prevention",
    )
    emailed(tag)
    return {
        "customer": customer,
        "contacts": [asked, other],
        "decision": decision,
        "appeal": appeal,
        "referral": referral,
    }


def emailed(tag: str):
    """An email from the customer's address, taken in from a mailbox, with an attachment,
    and the reply sent back to it."""
    mail = EmailMessage()
    mail["From"] = f"{tag.lower()}@example.org"
    mail["To"] = f"help-{tag.lower()}@council.example"
    mail["Subject"] = f"{tag} emailed us"
    mail.set_content(f"{tag} writes about the planning matter")
    mail.add_attachment(f"{tag} attached notes".encode(), "text", "plain", filename="notes.txt")
    mailbox = Mailbox.objects.create(
        name=f"{tag} mailbox",
        address=f"help-{tag.lower()}@council.example",
        host="imap.council.example",
        username="help",
    )
    email = take_in(mailbox, uidvalidity=1, uid=1, raw=bytes(mail), arrived_at=timezone.now())
    OutboundEmail.objects.create(
        contact=email.contact,
        kind=OutboundKind.REPLY,
        mailbox=mailbox,
        to_address=email.from_address,
        subject=f"Re: {tag} emailed us",
        body_text=f"We have answered {tag} about the planning matter",
        message_id=make_msgid(domain="council.example"),
        in_reply_to=email.message_id,
        state=OutboundState.SENT,
        sent_at=timezone.now(),
    )
    return email


def linked(customer, other_name: str):
    other = CustomerFactory(name=other_name)
    customer_link_add(customer=customer, other=other, kind="same_address")
    return other


def staff():
    return {
        "caseworker": person(Role.CASEWORKER, first_name="Casey", last_name="Junior"),
        "manager": person(Role.LINE_MANAGER, first_name="Lena", last_name="Middle"),
    }
