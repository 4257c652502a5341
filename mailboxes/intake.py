"""Each message taken in from a mailbox becomes one contact, exactly once (ADR 0025).

The message is kept as it arrived (the raw bytes and their SHA-256), read with the standard
library's email package, and logged through the same use case as *Log a contact*: the
sender's address recognises a customer as staff typing it would, a restricted customer's
restriction is applied on arrival, and the contact's officer is told what applied. A
message that cannot be read is still kept and still becomes a contact that says so.
"""

import hashlib
import html
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from appeals.rules import document_errors
from cases import selectors as case_selectors
from cases.models import Contact, Customer
from cases.services import ContactDetails
from contactpolicy.models import ReminderStage
from contactpolicy.reminders import people_tell
from contactpolicy.selectors import profile_get_active
from mailboxes.models import InboundAttachment, InboundEmail, Mailbox
from mailboxes.services import acknowledge_by_return
from restrictions.banner import OUTCOME_VERDICTS, banner_for
from restrictions.contact_log import contact_log_checked
from restrictions.contact_services import contact_stop_clocks_for_restriction
from restrictions.models import CheckOutcome
from restrictions.recognition import blocked_sender

logger = logging.getLogger(__name__)

# The body kept as text, and the part of it the contact's summary quotes.
MAX_BODY_CHARS = 100_000
SUMMARY_BODY_CHARS = 4_000
AUTO_REPLY_SUBJECTS = re.compile(
    r"^\s*(automatic reply|auto[- ]?reply|out of (the )?office|autosvar|abwesenheit)",
    re.IGNORECASE,
)
REFERENCE_IN_SUBJECT = re.compile(r"\bCON-\d{4}-\d{3,}\b", re.IGNORECASE)
MESSAGE_IDS = re.compile(r"<[^<>\s]{1,900}>")
RECORD = "cases.contact"
NOTIFY_KIND = "email_restricted_sender"
AUTO_REPLY_NOTE = "An automatic reply (out of office or similar): no clock runs."


def max_attachment_bytes() -> int:
    return getattr(settings, "MAIL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


def max_message_attachments_bytes() -> int:
    return getattr(settings, "MAIL_MESSAGE_ATTACHMENTS_MAX_BYTES", 25 * 1024 * 1024)


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ReadMessage:
    """What the service reads from one message; `problem` says what could not be read."""

    message_id: str = ""
    from_address: str = ""
    from_name: str = ""
    sender_as_given: str = ""
    subject: str = ""
    in_reply_to: str = ""
    references: str = ""
    body_text: str = ""
    auto_reply: bool = False
    copied_for_information: bool = False
    sender_verified: bool | None = None
    attachments: list[Attachment] = field(default_factory=list)
    problem: str = ""


def _header(message: EmailMessage, name: str) -> str:
    """A header as text, "" when absent or unreadable (policy.default may refuse one)."""
    try:
        value = message.get(name)
    except Exception:  # a malformed header: the email package's errors vary
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _addresses(message: EmailMessage, name: str) -> list[str]:
    try:
        values = [str(v) for v in message.get_all(name, [])]
    except Exception:
        return []
    return [address.lower() for _, address in getaddresses(values) if address]


def sender_verified(message: EmailMessage) -> bool | None:
    """What the receiving server's own Authentication-Results (the topmost) says of the
    sender: False when DMARC fails, or SPF fails and DKIM does not pass; True when one of
    them passes; None when it reported nothing."""
    results = _header(message, "Authentication-Results").lower()
    if not results:
        return None

    def verdict(method: str) -> str:
        found = re.search(rf"\b{method}\s*=\s*([a-z]+)", results)
        return found.group(1) if found else ""

    dmarc, spf, dkim = verdict("dmarc"), verdict("spf"), verdict("dkim")
    if dmarc == "fail" or (spf in ("fail", "softfail") and dkim != "pass"):
        return False
    if "pass" in (dmarc, spf, dkim):
        return True
    return None


def is_auto_reply(message: EmailMessage, subject: str) -> bool:
    """Auto-Submitted other than "no", an autoreply header, a bulk or auto-reply precedence,
    or an out-of-office subject (RFC 3834 and what Exchange and others send)."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if _header(message, "X-Autoreply") or _header(message, "X-Autorespond"):
        return True
    if _header(message, "X-Auto-Response-Suppress").lower() in ("all", "oof", "autoreply"):
        return True
    if _header(message, "Precedence").lower() in ("auto_reply", "bulk", "junk"):
        return True
    return bool(AUTO_REPLY_SUBJECTS.match(subject))


def html_to_text(markup: str) -> str:
    """HTML reduced to its text by nh3: every tag removed (scripts and styles with their
    content), entities read, blank runs closed up. Never rendered as HTML."""
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>|</h\d>", "\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set(), attributes={}))
    return _tidy(text)


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:MAX_BODY_CHARS]


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if isinstance(content, bytes):
        content = content.decode(errors="replace")
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return _tidy(content)


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments() if message.is_multipart() else []:
        data = part.get_payload(decode=True) or b""
        name = part.get_filename() or f"attachment-{len(found) + 1}"
        found.append(Attachment(name[:255], part.get_content_type()[:100], data))
    return found


def read_message(raw: bytes, mailbox_address: str) -> ReadMessage:
    """Read what the service needs from a message; what cannot be read is `problem`."""
    read = ReadMessage()
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as error:
        read.problem = f"The message could not be read at all: {error}"[:300]
        return read
    read.message_id = (MESSAGE_IDS.findall(_header(message, "Message-ID")) or [""])[0][:998]
    sender = _header(message, "From")
    read.sender_as_given = sender[:300]
    name, address = parseaddr(sender)
    try:
        validate_email(address)
    except ValidationError:
        address = ""
    read.from_address = address.lower()[:254]
    read.from_name = name[:200]
    read.subject = _header(message, "Subject")[:998]
    read.in_reply_to = " ".join(MESSAGE_IDS.findall(_header(message, "In-Reply-To")))[:998]
    read.references = " ".join(MESSAGE_IDS.findall(_header(message, "References")))
    read.auto_reply = is_auto_reply(message, read.subject)
    ours = mailbox_address.lower()
    to = _addresses(message, "To")
    read.copied_for_information = ours not in to and ours in _addresses(message, "Cc")
    read.sender_verified = sender_verified(message)
    try:
        read.body_text = _body(message)
    except Exception as error:
        read.problem = f"The text of the message could not be read: {error}"[:300]
    try:
        read.attachments = _attachments(message)
    except Exception as error:
        read.problem = read.problem or f"Its attachments could not be read: {error}"[:300]
    if message.defects and not read.problem:
        # Readable, but not as its sender's program meant: worth a look at the raw message.
        read.problem = f"Malformed: {message.defects[0].__class__.__name__}"[:300]
    if not read.from_address and not read.problem:
        read.problem = "The message gives no sender's address"
    return read


def thread_contact(read: ReadMessage, mailbox: Mailbox) -> Contact | None:
    """The contact this message replies to: one whose email's Message-ID it names in
    In-Reply-To or References (latest first), else one whose reference is in its subject."""
    ids = MESSAGE_IDS.findall(f"{read.in_reply_to} {read.references}")[-50:]
    if ids:
        earlier = (
            InboundEmail.objects.filter(message_id__in=ids, contact__isnull=False)
            .select_related("contact__case")
            .order_by("-arrived_at", "-pk")
            .first()
        )
        if earlier is not None:
            return earlier.contact
    reference = REFERENCE_IN_SUBJECT.search(read.subject)
    if reference:
        return (
            Contact.objects.select_related("case")
            .filter(reference=reference.group(0).upper())
            .first()
        )
    return None


def recognise(read: ReadMessage, blocked=None) -> tuple[Customer | None, Customer | None]:
    """The customer the sender's address recognises, as *Log a contact* does (exactly one
    customer with that address in use, or the customer whose block lists it), and that
    customer again when a sender not verified only claims to be them (then the first is
    None: the contact is not matched on an address anyone could forge)."""
    if not read.from_address:
        return None, None
    block = blocked_sender(read.from_address, blocked=blocked)
    if block is not None:
        customer = block.customer
    else:
        customers = case_selectors.customers_recognised_by(read.from_address, limit=2)
        customer = customers[0] if len(customers) == 1 else None
    if read.sender_verified is False:
        return None, customer
    return customer, None


def _summary(read: ReadMessage, claimed: Customer | None) -> str:
    lines = []
    if read.problem and not read.body_text:
        lines.append(
            f"This email could not be read: the message is kept as it arrived. ({read.problem})"
        )
    if read.sender_verified is False:
        note = "Sender not verified: the receiving server's checks of the sender failed."
        if claimed is not None:
            note += f" The address belongs to {claimed.name}; check before treating it as theirs."
        lines.append(note)
    lines.append(f"Subject: {read.subject}" if read.subject else "No subject")
    if read.body_text:
        body = read.body_text[:SUMMARY_BODY_CHARS]
        if len(read.body_text) > SUMMARY_BODY_CHARS:
            body += " […]"
        lines.append(body)
    return "\n\n".join(lines)


def _store_attachments(email: InboundEmail, attachments: list[Attachment]) -> None:
    total = 0
    for position, attachment in enumerate(attachments, start=1):
        data = attachment.data
        row = InboundAttachment(
            email=email,
            position=position,
            filename=attachment.filename,
            content_type=attachment.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        limit = max_attachment_bytes()
        if len(data) > limit:
            row.refused_reason = f"Not kept: larger than {limit // (1024 * 1024)}MB"
        elif total + len(data) > max_message_attachments_bytes():
            row.refused_reason = (
                "Not kept: the message's attachments together are larger than "
                f"{max_message_attachments_bytes() // (1024 * 1024)}MB"
            )
        else:
            upload = SimpleUploadedFile(attachment.filename, data, attachment.content_type)
            errors = document_errors([upload])
            if errors:
                row.refused_reason = f"Not kept: {errors[0]}"[:200]
        if not row.refused_reason:
            total += len(data)
            row.file.save(attachment.filename, ContentFile(data), save=False)
        row.save()


def _tell(contact: Contact, mailbox: Mailbox, check, claimed: Customer | None) -> None:
    """Tell the contact's officer (and the mailbox's) what applied, as the banner would."""
    if check is not None:
        verdict = OUTCOME_VERDICTS[check.outcome]
        message = (
            f"An email from {contact.customer.name}, who is under a restriction, was taken "
            f"in as {contact.reference}: {verdict}. {check.instruction}"
        )
        if check.outcome == CheckOutcome.BREACH:
            message = f"Breach recorded. {message}"
    elif claimed is not None:
        message = (
            f"An email claiming to come from {claimed.name} was taken in as "
            f"{contact.reference}, but the sender is not verified: it was not matched to "
            "them and no breach was recorded. Check it before acting on it."
        )
    else:
        return
    people_tell(
        record_type=RECORD,
        record_id=contact.pk,
        kind=NOTIFY_KIND,
        stage=ReminderStage.INFORMED,
        due_on=timezone.localdate(contact.received_at),
        recipient_ids=[contact.officer_id, mailbox.officer_id],
        message=message[:300],
        url=contact.get_absolute_url(),
    )


def take_in(
    mailbox: Mailbox,
    *,
    uidvalidity: int,
    uid: int,
    raw: bytes,
    arrived_at: datetime,
    profile=None,
    blocked=None,
) -> InboundEmail | None:
    """Keep one message and log it as one contact, in one transaction; None when it was
    taken in already (the same UID, or the same Message-ID, in this mailbox). A poll hands
    in the active profile and the blocked senders (`blocked_senders`), read once for all."""
    read = read_message(raw, mailbox.address)
    taken = InboundEmail.objects.filter(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid)
    if read.message_id:
        taken = taken | InboundEmail.objects.filter(mailbox=mailbox, message_id=read.message_id)
    if taken.exists():
        return None
    email = InboundEmail(
        mailbox=mailbox,
        uidvalidity=uidvalidity,
        uid=uid,
        message_id=read.message_id,
        arrived_at=arrived_at,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        raw_size=len(raw),
        from_address=read.from_address,
        from_name=read.from_name,
        subject=read.subject,
        in_reply_to=read.in_reply_to,
        references=read.references,
        body_text=read.body_text,
        auto_reply=read.auto_reply,
        copied_for_information=read.copied_for_information,
        sender_verified=read.sender_verified,
        problem=read.problem,
    )
    email.raw.save("message.eml", ContentFile(raw), save=False)
    try:
        with transaction.atomic():
            email.save()
            _log_contact(email, read, mailbox, profile, blocked=blocked)
            _store_attachments(email, read.attachments)
    except IntegrityError:
        # Another worker took it in between the check and the insert.
        email.raw.delete(save=False)
        return None
    except Exception as error:
        # Whatever went wrong (a customer's record the contact cannot be logged against),
        # the message is not lost: it becomes a contact from no one in particular.
        logger.exception("Message %s of %s taken in without its recognition", uid, mailbox)
        read.problem = f"It could not be logged as usual: {error}"[:300]
        email.pk = None
        email.problem = read.problem
        try:
            with transaction.atomic():
                email.save()
                _log_contact(email, read, mailbox, profile, recognise_sender=False)
        except IntegrityError:
            email.raw.delete(save=False)
            return None
    else:
        # Where the profile asks for one, the acknowledgement by return (sent after commit).
        acknowledge_by_return(email.contact)
    return email


def _log_contact(
    email: InboundEmail,
    read: ReadMessage,
    mailbox: Mailbox,
    profile,
    *,
    recognise_sender=True,
    blocked=None,
) -> None:
    profile = profile or profile_get_active()
    customer, claimed = recognise(read, blocked) if recognise_sender else (None, None)
    earlier = thread_contact(read, mailbox) if recognise_sender else None
    case = None
    if (
        earlier is not None
        and earlier.case is not None
        and (customer is None or earlier.case.customer_id == customer.pk)
    ):
        case = earlier.case
        customer = customer or (earlier.case.customer if read.sender_verified else None)
    details = ContactDetails(
        channel=mailbox.channel,
        received_at=email.arrived_at,
        summary=_summary(read, claimed),
        sender=(read.from_address or read.sender_as_given or "Unknown sender")[:300],
        case=case,
        language=customer.preferred_language if customer is not None else "en",
        copied_for_information=read.copied_for_information,
    )
    banner = None
    if customer is not None:
        banner = banner_for(
            customer,
            script=profile.termination_script,
            channel=mailbox.channel,
            moment=email.arrived_at,
            contact_case=case,
            sender=read.from_address,
        )
        selected = banner.selected if banner is not None else None
        if banner is not None and (
            not banner.restricting or selected is None or selected.depends_on_topic
        ):
            # Nothing restricts this contact, or its outcome turns on a question only staff
            # can answer (is it on another topic?): staff check it from the contact's page.
            banner = None
    contact, summary = contact_log_checked(
        actor=None,
        details=details,
        customer=customer,
        restriction=banner,
        instruction_followed=True,
        profile=profile,
        officer=mailbox.officer,
    )
    if read.auto_reply and contact.reply_expected:
        contact = contact_stop_clocks_for_restriction(contact=contact, reason=AUTO_REPLY_NOTE)
    email.contact = contact
    email.save(update_fields=["contact"])
    _tell(contact, mailbox, summary.check if summary is not None else None, claimed)
