"""An email arriving as the mailbox takes it in: the message, its contact (logged and checked
against the customer's restriction as *Log a contact* does) and the two joined."""

import hashlib
from email.message import EmailMessage
from email.utils import make_msgid

from django.core.files.base import ContentFile
from django.utils import timezone

from cases.services import ContactDetails
from mailboxes.models import InboundEmail, Mailbox
from restrictions.banner import banner_for
from restrictions.contact_log import contact_log_checked

_uids = iter(range(1, 1_000_000))


def mailbox(officer=None) -> Mailbox:
    return Mailbox.objects.get_or_create(
        address="enquiries@btpa.example.org",
        defaults={
            "name": "General enquiries",
            "host": "127.0.0.1",
            "username": "enquiries",
            "officer": officer,
        },
    )[0]


def email_arrives(
    *,
    logged_by,
    from_address: str = "ann.other@example.net",
    from_name: str = "Ann Other",
    subject: str = "My complaint",
    body: str = "Please look into my complaint.",
    customer=None,
    language: str = "en",
    auto_reply: bool = False,
    copied_for_information: bool = False,
    sender_verified: bool | None = True,
    references: str = "",
):
    """A customer's email taken in by the mailbox; returns its contact."""
    box = mailbox()
    message = EmailMessage()
    message["From"] = f"{from_name} <{from_address}>"
    message["To"] = box.address
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.net")
    message.set_content(body)
    raw = message.as_bytes()
    now = timezone.now()
    details = ContactDetails(
        channel="email",
        received_at=now,
        summary=subject,
        sender=from_address,
        language=language,
        copied_for_information=copied_for_information,
    )
    contact, _ = contact_log_checked(
        actor=logged_by,
        details=details,
        customer=customer,
        restriction=banner_for(customer, channel="email", officer=logged_by, sender=from_address),
        instruction_followed=True,
    )
    uid = next(_uids)
    inbound = InboundEmail(
        mailbox=box,
        uidvalidity=1,
        uid=uid,
        message_id=message["Message-ID"],
        arrived_at=now,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        raw_size=len(raw),
        from_address=from_address,
        from_name=from_name,
        subject=subject,
        references=references,
        body_text=body,
        auto_reply=auto_reply,
        copied_for_information=copied_for_information,
        sender_verified=sender_verified,
        contact=contact,
    )
    inbound.raw.save(f"{uid}.eml", ContentFile(raw), save=False)
    inbound.save()
    return contact
