"""Email out: the acknowledgement by return and staff's reply, each threaded to the
customer's message, stored, and sent by SMTP once the transaction commits (ADR 0026).

An email is a row before it is a message. `outbound_send` claims a waiting row with one
conditional UPDATE, so a task delivered twice sends once; what the SMTP server accepts
marks the contact (acknowledged, or answered), what it refuses leaves the row "not sent"
for staff to try again (`outbound_retry`). A row left "being sent" by a worker that died
mid-send is never sent again by itself: whether the server took it cannot be known.
"""

import hashlib
import smtplib
from email.utils import format_datetime, make_msgid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cases import services as case_services
from cases.models import Contact
from contactpolicy.choices import Channel
from contactpolicy.dispatch import send_after_commit
from contactpolicy.selectors import profile_get_active
from mailboxes.models import EmailTemplate, InboundEmail, OutboundEmail
from mailboxes.models.outbound import OutboundKind, OutboundState
from mailboxes.wording import SHIPPED, Wording, merge, merge_values
from restrictions.banner import banner_for
from restrictions.models import CheckOutcome

SEND_TASK = "mailboxes.outbound_send"
# A thread's References header keeps the first message and the latest ones (RFC 5322 §3.6.4).
REFERENCES_KEPT = 20
REPLY_MAX_LENGTH = 10_000
SUBJECT_MAX_LENGTH = 200


def _inbound(contact: Contact) -> InboundEmail | None:
    try:
        return contact.inbound_email
    except InboundEmail.DoesNotExist:
        return None


def _thread(inbound: InboundEmail) -> tuple[str, str]:
    """In-Reply-To and References for a message answering `inbound`."""
    ids = inbound.references.split()
    if inbound.message_id and inbound.message_id not in ids:
        ids.append(inbound.message_id)
    if len(ids) > REFERENCES_KEPT:
        ids = ids[:1] + ids[-(REFERENCES_KEPT - 1) :]
    return inbound.message_id, " ".join(ids)


def _message(outbound: OutboundEmail) -> EmailMessage:
    headers = {
        "Message-ID": outbound.message_id,
        "Date": format_datetime(outbound.created_at),
    }
    if outbound.in_reply_to:
        headers["In-Reply-To"] = outbound.in_reply_to
    if outbound.references:
        headers["References"] = outbound.references
    if outbound.kind == OutboundKind.ACKNOWLEDGEMENT:
        # RFC 3834: an automatic answer, so the customer's own auto-reply does not answer it.
        headers["Auto-Submitted"] = "auto-replied"
    if outbound.language == "cy":
        headers["Content-Language"] = "cy"
    return EmailMessage(
        subject=outbound.subject,
        body=outbound.body_text,
        from_email=outbound.mailbox.address,
        to=[outbound.to_address],
        headers=headers,
    )


def _create(
    *,
    contact: Contact,
    inbound: InboundEmail,
    kind: str,
    subject: str,
    body: str,
    language: str,
    actor,
) -> OutboundEmail:
    in_reply_to, references = _thread(inbound)
    domain = inbound.mailbox.address.rpartition("@")[2]
    outbound = OutboundEmail.objects.create(
        contact=contact,
        kind=kind,
        mailbox=inbound.mailbox,
        to_address=inbound.from_address,
        subject=subject,
        body_text=body,
        language=language,
        message_id=make_msgid(domain=domain),
        in_reply_to=in_reply_to,
        references=references,
        created_by=actor,
    )
    data = _message(outbound).message().as_bytes()
    outbound.raw_sha256 = hashlib.sha256(data).hexdigest()
    outbound.raw.save(f"{outbound.pk}.eml", ContentFile(data), save=False)
    outbound.save(update_fields=["raw", "raw_sha256"])
    send_after_commit(SEND_TASK, outbound.pk)
    return outbound


def _restriction_refusal(contact: Contact, officer, *, automatic: bool = False) -> str | None:
    """Why a restricted customer's arrangement rules out an email to them now, or None.

    Under read and file no automatic email goes at all: whether what they sent is new
    information or a new complaint that is answered (OPCC, IPCC §6), or the matter has
    reached its outcome (BTPA §8, mechanism 3), is for staff who have read it to say.
    """
    banner = banner_for(contact.customer, channel=Channel.EMAIL, officer=officer)
    if banner is None:
        return None
    assessment = banner.assess(channel=Channel.EMAIL, officer=officer, contact_case=contact.case)
    if assessment.outcome != CheckOutcome.PERMITTED:
        return assessment.instruction or "The customer's restriction does not allow it"
    if automatic and banner.read_and_file:
        return (
            "The customer's restriction says to read and file what they send: staff decide "
            "whether it is answered"
        )
    if banner.read_and_file and not contact.reply_expected:
        return (
            "The customer's restriction says to read and file what they send: no reply is "
            "due on this contact"
        )
    return None


# -- Acknowledgement by return -----------------------------------------------------------


def acknowledgement_withheld(contact: Contact, profile=None) -> str | None:
    """Why no automatic acknowledgement goes to the sender of `contact`, or None if one does."""
    inbound = _inbound(contact)
    if inbound is None:
        return "It did not come by email"
    profile = profile or profile_get_active()
    if not profile.email_acknowledgement_automatic:
        return "The profile does not send automatic acknowledgements"
    if inbound.auto_reply:
        return "It is an automatic reply"
    if inbound.copied_for_information or contact.copied_for_information:
        return "It was copied for information"
    if inbound.sender_verified is False:
        return "The sender's address was not verified"
    if not inbound.from_address:
        return "It has no sender's address"
    if contact.acknowledge_due_at is None:
        return "The service standard asks for no acknowledgement"
    if contact.acknowledged_at is not None:
        return "It has been acknowledged already"
    if contact.customer_id and (
        refusal := _restriction_refusal(contact, contact.officer, automatic=True)
    ):
        return refusal
    return None


def _name(contact: Contact, inbound: InboundEmail, language: str) -> str:
    if contact.customer_id:
        return contact.customer.name
    return inbound.from_name or {"en": "Sir or Madam", "cy": "Syr neu Fadam"}[language]


def acknowledge_by_return(contact: Contact) -> OutboundEmail | None:
    """Acknowledge an email contact at once, from the mailbox it came to, in the customer's
    language, where the profile's standard asks for an acknowledgement and the profile
    allows an automatic one; None where none is sent (`acknowledgement_withheld` says why).

    Called once the contact is saved. The email is sent after the commit; the contact is
    marked acknowledged when the SMTP server accepts it. At most one per contact.
    """
    contact = Contact.objects.select_related("customer", "officer", "case").get(pk=contact.pk)
    profile = profile_get_active()
    if acknowledgement_withheld(contact, profile) is not None:
        return None
    inbound = contact.inbound_email
    language = "cy" if contact.reply_in_welsh else "en"
    wording, _ = email_template_current(OutboundKind.ACKNOWLEDGEMENT, language)
    values = merge_values(
        contact,
        organisation=profile.name,
        name=_name(contact, inbound, language),
        language=language,
    )
    try:
        with transaction.atomic():
            return _create(
                contact=contact,
                inbound=inbound,
                kind=OutboundKind.ACKNOWLEDGEMENT,
                subject=merge(wording.subject, values)[:SUBJECT_MAX_LENGTH],
                body=merge(wording.body, values),
                language=language,
                actor=None,
            )
    except IntegrityError:
        return None  # acknowledged by return already


@transaction.atomic
def email_template_save(
    *, kind: str, language: str, subject: str, body: str, actor
) -> EmailTemplate:
    """Keep the organisation's wording of one automatic email in one language."""
    template = (
        EmailTemplate.objects.select_for_update().filter(kind=kind, language=language).first()
    )
    template = template or EmailTemplate(kind=kind, language=language)
    template.subject, template.body, template.updated_by = subject.strip(), body.strip(), actor
    template.full_clean()
    template.save()
    return template


def email_template_current(kind: str, language: str) -> tuple[Wording, bool]:
    """The wording in use, and whether it is the organisation's own (else the shipped one)."""
    edited = EmailTemplate.objects.filter(kind=kind, language=language).first()
    if edited is not None:
        return Wording(subject=edited.subject, body=edited.body), True
    return SHIPPED[(kind, language)], False


# -- Reply from the contact --------------------------------------------------------------


def reply_subject(contact: Contact) -> str:
    """The reply's subject as first offered: "Re: " the customer's, with the reference."""
    inbound = _inbound(contact)
    subject = (inbound.subject if inbound else "").strip()
    if subject[:3].lower() != "re:":
        subject = f"Re: {subject}" if subject else "Re: your email"
    if contact.reference not in subject:
        subject = f"{subject} [{contact.reference}]"
    return subject[:SUBJECT_MAX_LENGTH]


def reply_refusal(contact: Contact, user) -> str | None:
    """Why `user` may not reply by email to `contact` now, or None."""
    inbound = _inbound(contact)
    if inbound is None:
        return "This contact did not come by email, so it cannot be answered by email"
    if not inbound.from_address:
        return "The email has no sender's address to reply to"
    if contact.customer_id:
        return _restriction_refusal(contact, user)
    return None


def reply_send(*, contact: Contact, actor, subject: str, body: str) -> OutboundEmail:
    """Store a reply to an email contact and send it by SMTP after the commit, threaded to
    the customer's message; the contact is answered when the SMTP server accepts it.

    Refused, with the reason, for a contact that did not come by email, or where a
    restricted customer's arrangement rules out this officer writing by email now.
    """
    subject, body = subject.strip(), body.strip()
    errors = {}
    if not subject:
        errors["subject"] = "Enter the subject"
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = f"The subject must be {SUBJECT_MAX_LENGTH} characters or fewer"
    if not body:
        errors["body"] = "Enter the reply"
    elif len(body) > REPLY_MAX_LENGTH:
        errors["body"] = f"The reply must be {REPLY_MAX_LENGTH:,} characters or fewer"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = (
            Contact.objects.select_for_update(of=("self",))
            .select_related("customer")
            .get(pk=contact.pk)
        )
        if refusal := reply_refusal(contact, actor):
            raise ValidationError(refusal)
        return _create(
            contact=contact,
            inbound=contact.inbound_email,
            kind=OutboundKind.REPLY,
            subject=subject,
            body=body,
            language="cy" if contact.reply_in_welsh else "en",
            actor=actor,
        )


# -- Sending -----------------------------------------------------------------------------


def outbound_send(outbound_id: int) -> bool:
    """Send a waiting email once; True if the SMTP server accepted it now.

    The claim is one conditional UPDATE, so a second delivery of the task, or a second
    worker, finds nothing waiting and sends nothing.
    """
    claimed = OutboundEmail.objects.filter(pk=outbound_id, state=OutboundState.WAITING).update(
        state=OutboundState.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    outbound = OutboundEmail.objects.select_related("mailbox", "contact", "created_by").get(
        pk=outbound_id
    )
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([_message(outbound)])
    except (OSError, smtplib.SMTPException) as error:
        outbound.state = OutboundState.FAILED
        outbound.error = f"{type(error).__name__}: {error}"[:500]
        outbound.save(update_fields=["state", "error"])
        return False
    with transaction.atomic():
        outbound.state = OutboundState.SENT
        outbound.sent_at = timezone.now()
        outbound.error = ""
        outbound.save(update_fields=["state", "sent_at", "error"])
        if outbound.kind == OutboundKind.ACKNOWLEDGEMENT:
            case_services.contact_acknowledge(contact=outbound.contact, at=outbound.sent_at)
        else:
            case_services.contact_respond(
                contact=outbound.contact, actor=outbound.created_by, at=outbound.sent_at
            )
    return True


def outbound_retry(*, outbound: OutboundEmail, actor) -> OutboundEmail:
    """Try again to send an email the SMTP server did not take; refused once it is sent or
    being sent, so it never goes twice."""
    with transaction.atomic():
        moved = OutboundEmail.objects.filter(pk=outbound.pk, state=OutboundState.FAILED).update(
            state=OutboundState.WAITING
        )
        if not moved:
            raise ValidationError("It has been sent already, or is being sent")
        send_after_commit(SEND_TASK, outbound.pk)
    outbound.refresh_from_db()
    return outbound
