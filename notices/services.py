"""Writes for notices: draft, issue (the moment a decision takes effect), send, withdraw.

Issuing renders the letter once, stores its exact bytes through Django's storage API with
their SHA-256 checksum and, for a decision, applies the decision's transition
(`restrictions.services.decision_apply`) in the same transaction: the case changes stage
exactly when the customer's notice exists. Reading a notice back checks the checksum and
refuses to hand out bytes that do not match.
"""

import hashlib
import io
import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from cases.models import Contact, IdentifierKind, next_reference
from cases.services import contact_acknowledge
from contactpolicy import access as contactpolicy_access
from contactpolicy import letterhead
from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import User
from contactpolicy.refusals import Refusal, Refused, proceed
from contactpolicy.selectors import profile_get_active
from contactpolicy.storage import file_save
from notices import access, deadlines
from notices.letter import (
    ADDRESS_LINES_MAX,
    CLEAR_PRINT_MINIMUM,
    WINDOW_WIDTH_MM,
    address_fits,
    address_lines,
    decision_notice_kind,
    encloses_policy,
    facts_of,
    language_for,
    letter_html,
    likely_long,
    merge_values,
    postal_address,
    print_format_for,
    recipient_of,
    render_pdf,
    signatory_for,
    signatory_role,
    template_for,
    with_policy,
)
from notices.merge_fields import template_errors
from notices.models import (
    Notice,
    NoticeCopy,
    NoticeKind,
    NoticeRefusalCode,
    NoticeState,
    NoticeTemplate,
    PostBatch,
    PostBatchNotice,
    PostReprint,
    PrintFormat,
    ProductionFormat,
    ProductionRequest,
    SendMethod,
)
from notices.selectors import draft_facts, post_batch_candidates, post_batches_open
from restrictions.models import ApprovalOutcome, Decision, DecisionStatus
from restrictions.services import decision_answer, decision_apply

logger = logging.getLogger(__name__)

EMAIL_TASK = "notices.send_by_email"


class ChecksumMismatch(Exception):
    """A stored notice's bytes no longer match the checksum taken when it was issued."""

    def __init__(self, message: str, notice: Notice):
        super().__init__(message)
        self.notice = notice


def _refuse(answer) -> None:
    if not answer:
        raise PermissionDenied(answer.reason)


def _refused(notice: Notice, code: str, sentence: str) -> Refused:
    """The notice cannot change so now: shown on its page with 409 (ADR 0009)."""
    return Refused(Refusal(code, sentence), notice)


def letterhead_refusal(profile, actor: User) -> Refusal | None:
    """Why no letter can be issued now, or None: the organisation's letterhead lacks a
    postal address, phone number, email or web address (ADR 0015). Customers are told to
    write, call or complain "at the address at the top of this letter". The refusal links
    to the letterhead page for someone who may complete it."""
    missing = profile.letterhead_missing()
    if not missing:
        return None
    sentence = (
        f"No letter can be issued until the organisation's letterhead has its "
        f"{letterhead.missing_in_words(profile)}. An administrator adds "
        f"{'it' if len(missing) == 1 else 'them'} on the Letterhead page, under Notice "
        "templates."
    )
    if contactpolicy_access.may_edit_letterhead(actor):
        return Refusal(
            NoticeRefusalCode.NO_LETTERHEAD,
            sentence,
            link_url=reverse("letterhead"),
            link_text="Complete the letterhead",
        )
    return Refusal(NoticeRefusalCode.NO_LETTERHEAD, sentence)


@transaction.atomic
def notice_draft_for_decision(
    *,
    decision: Decision,
    actor: User,
    language: str | None = None,
    print_format: str | None = None,
    include_policy_annex: bool = False,
) -> Notice:
    """The decision's notice as a draft, or the draft it already has.

    Its language and print format come from the customer's record (Welsh where they write
    in Welsh and the organisation has Welsh notices; large print where recorded) unless
    staff choose otherwise.
    """
    _refuse(access.may_draft(actor))
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    existing = decision.notices.exclude(state=NoticeState.WITHDRAWN).first()
    if existing is not None:
        return existing
    if decision.status != DecisionStatus.APPROVED:
        raise ValidationError("A notice is drafted once its decision is approved.")
    profile = profile_get_active()
    customer = decision.restriction_case.customer
    return _create(
        kind=decision_notice_kind(decision),
        decision=decision,
        customer=customer,
        profile=profile,
        actor=actor,
        language=language,
        print_format=print_format,
        include_policy_annex=include_policy_annex,
    )


@transaction.atomic
def notice_draft_of_kind(*, decision: Decision, kind: str, actor: User) -> Notice:
    """A draft notice of `kind` about an approved decision: an appeal's acknowledgement or
    outcome. Issuing it makes the decision take effect if it has not yet, as for any
    notice about a decision."""
    _refuse(access.may_draft(actor))
    if decision.status != DecisionStatus.APPROVED:
        raise ValidationError("A notice is drafted once its decision is approved.")
    profile = profile_get_active()
    customer = decision.restriction_case.customer
    language = language_for(customer, profile)
    if template_for(profile, kind, language) is None:
        raise ValidationError(
            f"There is no template for a {NoticeKind(kind).label.lower()} notice: an "
            "administrator must write one."
        )
    return _create(kind=kind, decision=decision, customer=customer, profile=profile, actor=actor)


@transaction.atomic
def notice_draft_for_contact(*, contact: Contact, actor: User) -> Notice:
    """An acknowledgement of a contact, as a draft."""
    _refuse(access.may_send(actor))
    if contact.customer_id is None:
        raise ValidationError("Match the contact to a customer before acknowledging it.")
    existing = contact.notices.exclude(state=NoticeState.WITHDRAWN).first()
    if existing is not None:
        return existing
    return _create(
        kind=NoticeKind.CONTACT_ACKNOWLEDGEMENT,
        contact=contact,
        customer=contact.customer,
        profile=profile_get_active(),
        actor=actor,
    )


def _create(
    *,
    kind,
    customer,
    profile,
    actor,
    decision=None,
    contact=None,
    language=None,
    print_format=None,
    include_policy_annex=False,
) -> Notice:
    chosen_format = print_format or print_format_for(customer)
    signatory = signatory_for(kind=kind, decision=decision, notice_id=None, actor=actor)
    return Notice.objects.create(
        reference=next_reference("NOT", timezone.localdate().year),
        kind=kind,
        decision=decision,
        contact=contact,
        customer=customer,
        profile=profile,
        language=language or language_for(customer, profile),
        print_format=chosen_format,
        format_overridden=chosen_format != print_format_for(customer),
        include_policy_annex=include_policy_annex,
        signatory=signatory,
        signatory_name=signatory.get_full_name() or signatory.username,
        signatory_role=signatory_role(signatory),
        created_by=actor,
    )


@transaction.atomic
def notice_change_draft(
    *, notice: Notice, actor: User, language: str, print_format: str, include_policy_annex: bool
) -> Notice:
    """Change a draft's language, print format or annex before it is issued."""
    _refuse(access.may_draft(actor))
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_draft:
        raise _refused(
            notice,
            NoticeRefusalCode.WRONG_STATE,
            "This notice has been issued: it cannot be changed.",
        )
    if template_for(notice.profile, notice.kind, language) is None:
        raise ValidationError(
            {"language": ["There is no template for this notice in that language"]}
        )
    notice.language = language
    notice.print_format = print_format
    notice.format_overridden = print_format != print_format_for(notice.customer)
    notice.include_policy_annex = include_policy_annex
    notice.save()
    return notice


def notice_html(notice: Notice, *, on: date | None = None, numbered: bool = False) -> str:
    """The letter as HTML, as it would be issued today (or as it was, once issued)."""
    facts = draft_facts(notice, on=on)
    if notice.is_draft:
        template = template_for(notice.profile, notice.kind, notice.language)
        if template is None:
            raise ValidationError(
                f"There is no {notice.get_language_display()} template for a "
                f"{notice.get_kind_display().lower()} notice: an administrator must write one."
            )
        body, subject = template.body, template.subject
    else:
        template, body, subject = None, notice.body_used, notice.subject_line
    return letter_html(
        facts=facts,
        template=template,
        print_format=notice.print_format,
        include_annex=notice.include_policy_annex,
        numbered=numbered,
        body=body,
        subject=subject,
    )


def notice_render(notice: Notice, *, on: date | None = None) -> tuple[bytes, int]:
    """The PDF of a notice as it stands (a preview for a draft), with the policy after it
    when the letter says it is enclosed."""
    data, pages = render_pdf(
        lambda numbered: notice_html(notice, on=on, numbered=numbered),
        likely_long=likely_long(notice),
    )
    if notice.is_draft:
        template = template_for(notice.profile, notice.kind, notice.language)
        body = template.body if template is not None else ""
    else:
        body = notice.body_used
    if encloses_policy(body, notice.profile):
        return with_policy(data, pages, notice.profile)
    return data, pages


def address_refusal(notice: Notice) -> str:
    """Why the customer's name and address cannot be printed in the envelope's window, or
    "" when they can. Nothing is clipped from the window: a letter whose address does not
    fit is not issued (DESIGN.md §9)."""
    lines = recipient_of(notice.customer)
    if address_fits(lines, notice.print_format):
        return ""
    return (
        f"The name and address take {address_lines(lines, CLEAR_PRINT_MINIMUM)} lines, more "
        f"than the envelope's window holds ({ADDRESS_LINES_MAX} lines, shorter ones at most "
        f"{WINDOW_WIDTH_MM} mm wide at {CLEAR_PRINT_MINIMUM} pt). Shorten the customer's "
        "address, keeping the postcode on its own last line, before issuing this notice."
    )


@transaction.atomic
def notice_issue(*, notice: Notice, actor: User, delivery: str | None = None) -> Notice:
    """Freeze the notice, render it once, store its bytes and checksum, and make its
    decision take effect, all in one transaction.

    Refused while the organisation's letterhead is incomplete (`letterhead_refusal`). A
    notice to a customer with no postal address is issued as not `postable`: it never
    enters today's post. `delivery` is how it will reach them instead, asked on the
    notice's page ("" when asked and not answered; None where nobody was asked, as at
    sign-off): `SendMethod.EMAIL` queues the email once the notice is issued (refused first
    if the customer has no email address); `SendMethod.BY_HAND` leaves it to be handed over
    and recorded."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    profile = notice.profile
    _refuse(access.may_issue(actor, notice, profile))
    already = f"This notice is already {notice.get_state_display().lower()}."
    if not notice.is_draft:
        raise _refused(notice, NoticeRefusalCode.WRONG_STATE, already)
    if refusal := letterhead_refusal(profile, actor):
        raise Refused(refusal, notice)
    decision = None
    if notice.decision_id:
        decision = Decision.objects.select_for_update().get(pk=notice.decision_id)
        if not decision.is_approved:
            raise _refused(
                notice,
                NoticeRefusalCode.DECISION_NOT_APPROVED,
                "The decision is not approved, so its notice cannot be issued.",
            )
    template = template_for(profile, notice.kind, notice.language)
    if template is None:
        raise _refused(
            notice,
            NoticeRefusalCode.NO_TEMPLATE,
            f"There is no {notice.get_language_display()} template for a "
            f"{notice.get_kind_display().lower()} notice: an administrator must write one.",
        )
    if errors := template_errors(
        subject=template.subject, body=template.body, kind=notice.kind, profile=profile
    ):
        sentence = " ".join(m for messages in errors.values() for m in messages)
        raise _refused(notice, NoticeRefusalCode.NO_TEMPLATE, sentence)
    postable = bool(postal_address(notice.customer))
    if delivery is not None and not postable:
        if delivery not in (SendMethod.EMAIL, SendMethod.BY_HAND):
            raise ValidationError(
                {"delivery": ["Choose whether to email the notice or hand it over"]}
            )
        if delivery == SendMethod.EMAIL and not _email_of(notice.customer):
            raise ValidationError(
                {
                    "delivery": [
                        "The customer has no email address on record: choose to hand the "
                        "notice over"
                    ]
                }
            )
    if refusal := address_refusal(notice):
        raise _refused(notice, NoticeRefusalCode.ADDRESS_TOO_LONG, refusal)
    today = timezone.localdate()
    signatory = signatory_for(kind=notice.kind, decision=decision, notice_id=notice.pk, actor=actor)
    notice.signatory = signatory
    notice.signatory_name = signatory.get_full_name() or signatory.username
    notice.signatory_role = signatory_role(signatory)
    notice.notice_date = today
    notice.subject_line = template.subject
    notice.body_used = template.body
    if notice.decision_id:
        # The date the letter states (ADR 0016); it counts until the notice is sent.
        notice.appeal_deadline_stated = deadlines.stated_appeal_deadline(
            profile, deadlines.calendar_of(profile), today
        )
        notice.appeal_deadline = notice.appeal_deadline_stated
    facts = facts_of(notice)
    # Kept, so a copy in another format later says exactly what this letter says.
    notice.values_used = merge_values(facts)
    data, pages = render_pdf(
        lambda numbered: letter_html(
            facts=facts,
            template=template,
            print_format=notice.print_format,
            include_annex=notice.include_policy_annex,
            numbered=numbered,
            values=notice.values_used,
        ),
        likely_long=likely_long(notice),
    )
    if encloses_policy(template.body, profile):
        data, pages = with_policy(data, pages, profile)
    notice.sha256 = hashlib.sha256(data).hexdigest()
    notice.page_count = pages
    notice.postable = postable
    file_save(field_file=notice.file, name=f"{notice.reference}.pdf", data=data)
    stored_name = notice.file.name
    try:
        proceed(notice, notice.issue, wrong_state=already)
        notice.issued_at = timezone.now()
        notice.issued_by = actor
        notice.save()
        if decision is not None and decision.applied_at is None:
            decision_apply(decision=decision, actor=actor)
        if notice.kind == NoticeKind.CONTACT_ACKNOWLEDGEMENT:
            # The letter is the acknowledgement: its clock stops when the letter is issued,
            # so nobody marks it by hand as well or writes a second one.
            contact_acknowledge(
                contact=notice.contact,
                actor=actor,
                at=notice.issued_at,
                by_letter=notice.reference,
            )
        if delivery == SendMethod.EMAIL and not postable:
            send_after_commit(EMAIL_TASK, notice.pk, actor.pk)
    except Exception:
        # Nothing was issued: the stored file must not outlive the rolled-back row.
        notice.file.storage.delete(stored_name)
        raise
    return notice


@transaction.atomic
def notice_issue_for_decision(decision: Decision, actor: User) -> Notice:
    """Draft and issue an approved decision's notice in one step."""
    notice = notice_draft_for_decision(decision=decision, actor=actor)
    return notice_issue(notice=notice, actor=actor)


def notice_bytes(notice: Notice) -> bytes:
    """The exact bytes issued, after checking them against the checksum taken then."""
    if notice.is_draft or not notice.file:
        raise ValidationError("This notice has not been issued.")
    with notice.file.storage.open(notice.file.name, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != notice.sha256:
        logger.error(
            "Notice %s: the stored file does not match its checksum; it was not served",
            notice.reference,
        )
        raise ChecksumMismatch(
            f"The stored copy of {notice.reference} does not match the notice issued.", notice
        )
    return data


def _checked(field_file, sha256: str, what: str, notice: Notice) -> bytes:
    with field_file.storage.open(field_file.name, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        logger.error("%s: the stored file does not match its checksum; it was not served", what)
        raise ChecksumMismatch(f"The stored copy of {what} does not match what was made.", notice)
    return data


@transaction.atomic
def notice_copy_make(*, notice: Notice, actor: User, print_format: str) -> NoticeCopy:
    """The issued notice in another print format, made once and stored with its checksum.

    Rendered from what the notice froze at issue: the subject and body used, the merge
    values, the date and the signatory; only the print format differs. Asking again for a
    format already made returns that copy (one per notice and format, a unique constraint;
    the notice's row lock makes two requests at once wait for each other). The copy records
    who asked for it.
    """
    _refuse(access.may_copy(actor))
    if print_format not in PrintFormat.values:
        raise ValidationError({"print_format": ["Choose the print format"]})
    notice = Notice.objects.select_for_update().select_related("profile").get(pk=notice.pk)
    if not notice.is_issued:
        raise _refused(
            notice,
            NoticeRefusalCode.WRONG_STATE,
            "Only an issued notice is copied in another format: change a draft's print "
            "format instead.",
        )
    if print_format == notice.print_format:
        raise ValidationError(
            {"print_format": [f"The notice was issued in {notice.get_print_format_display()}"]}
        )
    existing = notice.copies.filter(print_format=print_format).first()
    if existing is not None:
        return existing
    facts = facts_of(notice)
    values = notice.values_used or merge_values(facts)
    data, pages = render_pdf(
        lambda numbered: letter_html(
            facts=facts,
            template=None,
            print_format=print_format,
            include_annex=notice.include_policy_annex,
            numbered=numbered,
            body=notice.body_used,
            subject=notice.subject_line,
            values=values,
        ),
        likely_long=likely_long(notice, print_format),
    )
    if encloses_policy(notice.body_used, notice.profile):
        data, pages = with_policy(data, pages, notice.profile)
    copy = NoticeCopy(
        notice=notice,
        print_format=print_format,
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=pages,
        created_by=actor,
    )
    file_save(field_file=copy.file, name=f"{notice.reference}-{print_format}.pdf", data=data)
    try:
        copy.save()
    except Exception:
        copy.file.storage.delete(copy.file.name)
        raise
    return copy


def notice_copy_bytes(copy: NoticeCopy) -> bytes:
    """A copy's stored bytes, after checking them against its checksum."""
    return _checked(copy.file, copy.sha256, str(copy), copy.notice)


@transaction.atomic
def notice_mark_sent(*, notice: Notice, actor: User, method: str, at=None) -> Notice:
    """Record that the notice was posted, emailed or handed over, and when.

    Also records the day the customer is deemed notified (the second working day after
    posting; the day of an email or hand delivery) and the appeal deadline that now counts:
    the later of the letter's date and the window from that day (ADR 0016). Every way of
    sending comes through here: the notice page, the print queue and the email task.
    """
    _refuse(access.may_send(actor))
    if method not in SendMethod.values:
        raise ValidationError({"method": ["Choose how the notice was sent"]})
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if method == SendMethod.POST and not notice.postable:
        raise _refused(
            notice,
            NoticeRefusalCode.NOT_POSTABLE,
            f"{notice.reference} cannot be posted: the customer had no postal address when it "
            "was issued. Email it or hand it over.",
        )
    proceed(
        notice,
        notice.mark_sent,
        wrong_state=f"{notice.reference} is {notice.get_state_display().lower()}: only an "
        "issued notice can be marked as sent.",
    )
    notice.sent_at = at or timezone.now()
    notice.sent_by = actor
    notice.sent_method = method
    calendar = deadlines.calendar_of(notice.profile)
    notice.notified_on = deadlines.deemed_notified_on(
        calendar, timezone.localtime(notice.sent_at).date(), method
    )
    if notice.decision_id:
        notice.appeal_deadline = deadlines.deadline_in_force(
            notice.appeal_deadline_stated,
            deadlines.appeal_deadline(notice.profile, calendar, notice.notified_on),
        )
    notice.save(
        update_fields=[
            "state",
            "sent_at",
            "sent_by",
            "sent_method",
            "notified_on",
            "appeal_deadline",
        ]
    )
    return notice


@transaction.atomic
def notices_mark_posted(*, notices: Iterable[Notice], actor: User) -> list[Notice]:
    """Mark a batch from the print queue as posted; any already sent is refused."""
    return [notice_mark_sent(notice=n, actor=actor, method=SendMethod.POST) for n in notices]


def post_batch_pdf(notices: Iterable[Notice], progress=None) -> bytes:
    """Today's post: every notice's stored bytes in one PDF, each starting on a fresh sheet
    (a blank back page after a notice with an odd number of pages, for double-sided
    printing). Each notice's checksum is checked first."""
    writer = PdfWriter()
    for done, notice in enumerate(notices, start=1):
        reader = PdfReader(io.BytesIO(notice_bytes(notice)))
        writer.append(reader)
        if len(reader.pages) % 2:
            box = reader.pages[-1].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
        if progress is not None:
            progress(done)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


POST_BATCH_TASK = "notices.build_post_batch"
# Tries at taking notices that another request was taking at the same moment.
POST_BATCH_ATTEMPTS = 3


def post_batch_content_key(items: Iterable[tuple[int, int | None]]) -> str:
    """SHA-256 of a batch's (notice, reprint or None) pairs in order: the same notices give
    the same key, and a reprint asked for on purpose gives a new one."""
    pairs = sorted(items, key=lambda item: (item[0], item[1] or 0))
    text = ",".join(f"{notice}.{reprint}" if reprint else str(notice) for notice, reprint in pairs)
    return hashlib.sha256(text.encode()).hexdigest()


def post_batch_start(*, actor: User, day: date | None = None) -> PostBatch:
    """Prepare today's post: join every notice waiting to be posted and in no batch yet (or
    asked to be printed again) into one PDF, in the background; its page shows progress.

    Idempotent by content and day: the same notices on the same day give the batch made
    already (a unique key), and a notice is held by one batch at a time, so of several
    requests at once one makes the batch and the others return it. When every notice
    waiting is in a batch already, that batch is returned. A batch whose worker never
    started or went silent is sent to the workers again, never copied.
    """
    _refuse(access.may_send(actor))
    day = day or timezone.localdate()
    for _attempt in range(POST_BATCH_ATTEMPTS):
        try:
            with transaction.atomic():
                return _post_batch_take(actor=actor, day=day)
        except IntegrityError:
            # Another request took some of these notices into its batch as this one tried:
            # look again at what is left.
            continue
    raise ValidationError("Today's post is being prepared by someone else. Try again.")


def _post_batch_take(*, actor: User, day: date) -> PostBatch:
    now = timezone.now()
    for stalled in post_batches_open().filter(PostBatch.stalled_q(now)):
        post_batch_resume(batch=stalled, actor=actor)
    items = post_batch_candidates()
    if not items:
        batch = post_batches_open().first()
        if batch is None:
            raise ValidationError("There are no notices waiting to be posted.")
        return batch
    batch, created = PostBatch.objects.get_or_create(
        day=day,
        content_key=post_batch_content_key(items),
        failed_reason="",
        defaults={"total": len(items), "created_by": actor, "queued_at": now},
    )
    if not created:
        return batch
    # Fails (IntegrityError) if another batch took one of these notices meanwhile.
    PostBatchNotice.objects.bulk_create(
        PostBatchNotice(batch=batch, notice_id=notice, reprint_id=reprint)
        for notice, reprint in items
    )
    send_after_commit(POST_BATCH_TASK, batch.pk)
    return batch


def post_batch_resume(*, batch: PostBatch, actor: User) -> bool:
    """Send a stalled batch to the workers again: the same batch, never a copy. True if it
    was sent now; of two people asking at once, one sends it."""
    _refuse(access.may_send(actor))
    now = timezone.now()
    with transaction.atomic():
        # Queued afresh: a silent worker's claim is dropped, so its late writes are not kept.
        resumed = PostBatch.objects.filter(PostBatch.stalled_q(now), pk=batch.pk).update(
            queued_at=now, claim=None, started_at=None, alive_at=None, done=0
        )
        if resumed:
            logger.info("Post batch %s had stalled; sent to the workers again", batch.pk)
            send_after_commit(POST_BATCH_TASK, batch.pk)
    batch.refresh_from_db()
    return bool(resumed)


class _ClaimLost(Exception):
    """Another worker claimed the batch after this one went silent."""


def post_batch_build(batch_id: int) -> bool:
    """The task's body: claim the batch, join its stored notices, counting progress as it
    goes. True if it was built now.

    Idempotent: the claim is a conditional UPDATE, so of two workers given the same batch
    (a task delivered twice, or resumed while the first still ran) one builds it; a
    finished batch, or one a live worker holds, is left alone. A worker silent for
    `PostBatch.SILENT_AFTER` loses its claim, and its late writes are discarded.
    """
    now = timezone.now()
    claim = uuid.uuid4()
    claimed = PostBatch.objects.filter(PostBatch.claimable_q(now), pk=batch_id).update(
        claim=claim, started_at=now, alive_at=now, done=0
    )
    if not claimed:
        return False
    batch = PostBatch.objects.get(pk=batch_id)
    notices = list(batch.notices.order_by("issued_at", "pk"))
    step = max(1, len(notices) // 20)
    mine = PostBatch.objects.filter(pk=batch_id, claim=claim, finished_at=None)

    def progress(done: int) -> None:
        reported = done % step == 0 or done == len(notices)
        if reported and not mine.update(done=done, alive_at=timezone.now()):
            raise _ClaimLost

    try:
        data = post_batch_pdf(notices, progress=progress)
    except _ClaimLost:
        return False
    except ChecksumMismatch as error:
        with transaction.atomic():
            if mine.update(failed_reason=str(error), finished_at=timezone.now()):
                # Nothing was printed: its notices may go in the next batch.
                PostBatchNotice.objects.filter(batch_id=batch_id).update(held=False)
        return False
    except Exception:
        # Let the task's retry (a file that could not be read, say) claim it again at once.
        mine.update(claim=None, started_at=None, alive_at=None, done=0)
        raise
    field = batch.file.field
    name = field.storage.save(
        field.generate_filename(batch, f"post-{batch.day:%Y-%m-%d}-{batch.pk}.pdf"),
        ContentFile(data),
    )
    if not mine.update(file=name, done=len(notices), finished_at=timezone.now()):
        field.storage.delete(name)
        return False
    return True


@transaction.atomic
def notice_reprint(*, notice: Notice, actor: User, reason: str) -> PostReprint:
    """Print a notice again on purpose, in the next batch of today's post: recorded with who
    asked and why. Only for a notice waiting to be posted whose batch was prepared; asking
    again before that reprint is printed returns it."""
    _refuse(access.may_send(actor))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["Write why the notice is printed again"]})
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.awaits_sending:
        raise _refused(
            notice,
            NoticeRefusalCode.WRONG_STATE,
            f"{notice.reference} is {notice.get_state_display().lower()}: only a notice "
            "waiting to be posted can be printed again.",
        )
    printed = PostBatchNotice.objects.filter(
        notice=notice, held=True, batch__finished_at__isnull=False, batch__failed_reason=""
    )
    if not printed.exists():
        raise _refused(
            notice,
            NoticeRefusalCode.NOT_PRINTED,
            f"{notice.reference} has not been printed yet: it will be in the next batch of "
            "today's post.",
        )
    waiting = notice.reprints.exclude(rows__held=True).first()
    if waiting is not None:
        return waiting
    return PostReprint.objects.create(notice=notice, reason=reason, requested_by=actor)


@transaction.atomic
def decision_sign_off(
    *,
    decision: Decision,
    actor: User,
    outcome: str,
    reason: str = "",
    confirmed_checklist: bool = False,
    warning_not_possible_reason: str | None = None,
    exception_answers: Mapping | None = None,
) -> tuple[Decision, Notice | None]:
    """The Chief Executive's answer at sign-off. An approval that decides the decision issues
    its notice at once, signed by them: the decision takes effect as the letter exists. If
    the notice cannot be issued, the approval is not recorded either; an incomplete
    letterhead refuses an approval before anything is written."""
    if outcome == ApprovalOutcome.APPROVE and (
        refusal := letterhead_refusal(profile_get_active(), actor)
    ):
        raise Refused(refusal, decision)
    decided = decision_answer(
        decision=decision,
        actor=actor,
        outcome=outcome,
        reason=reason,
        confirmed_checklist=confirmed_checklist,
        warning_not_possible_reason=warning_not_possible_reason,
        exception_answers=exception_answers,
    )
    if decided.status != DecisionStatus.APPROVED:
        return decided, None
    notice = notice_issue_for_decision(decided, actor)
    decided.refresh_from_db()
    return decided, notice


def _email_of(customer) -> str:
    found = [
        i
        for i in customer.identifiers.all()
        if i.kind == IdentifierKind.EMAIL and i.retired_at is None
    ]
    return found[-1].value if found else ""


@transaction.atomic
def notice_send_by_email(*, notice: Notice, actor: User) -> None:
    """Queue the email that carries the notice; it is sent after this transaction commits
    and the notice is marked as sent when the email has gone."""
    _refuse(access.may_send(actor))
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.awaits_sending:
        raise _refused(
            notice,
            NoticeRefusalCode.WRONG_STATE,
            "Only an issued notice that has not been sent can be emailed.",
        )
    if not _email_of(notice.customer):
        raise _refused(
            notice, NoticeRefusalCode.NO_EMAIL, "The customer has no email address on record."
        )
    send_after_commit(EMAIL_TASK, notice.pk, actor.pk)


def notice_email_send(notice_id: int, actor_id: int) -> bool:
    """Send the notice by email (the task's body). Idempotent: a notice already sent is
    left alone. True if it was sent now."""
    notice = Notice.objects.select_related("customer", "profile").get(pk=notice_id)
    if notice.state != NoticeState.ISSUED:
        return False
    to = _email_of(notice.customer)
    if not to:
        return False
    data = notice_bytes(notice)
    message = EmailMessage(
        subject=f"{notice.subject_line} ({notice.reference})",
        body=(
            f"Dear {notice.customer.name},\n\nPlease find attached our letter "
            f"{notice.reference}.\n\n{notice.profile.name}"
        ),
        to=[to],
    )
    message.attach(f"{notice.reference}.pdf", data, "application/pdf")
    message.send()
    notice_mark_sent(notice=notice, actor=User.objects.get(pk=actor_id), method=SendMethod.EMAIL)
    return True


@transaction.atomic
def notice_withdraw(*, notice: Notice, actor: User, reason: str) -> Notice:
    _refuse(access.may_draft(actor))
    if not reason.strip():
        raise ValidationError({"reason": ["Write why the notice is withdrawn"]})
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    proceed(
        notice,
        notice.withdraw,
        wrong_state="Only a draft can be withdrawn: an issued notice stays as issued.",
    )
    notice.withdrawn_at = timezone.now()
    notice.withdrawn_by = actor
    notice.withdrawn_reason = reason.strip()
    notice.save()
    return notice


@transaction.atomic
def production_request(
    *, notice: Notice, actor: User, production_format: str, due_on: date, language: str = ""
) -> ProductionRequest:
    """Order a version the application cannot print itself (Braille, easy read, another
    language), due by `due_on`."""
    _refuse(access.may_draft(actor))
    errors = {}
    if production_format not in ProductionFormat.values:
        errors["production_format"] = ["Choose the format to produce"]
    if production_format == ProductionFormat.OTHER_LANGUAGE and not language.strip():
        errors["language"] = ["Enter the language to translate it into"]
    if due_on < timezone.localdate():
        errors["due_on"] = ["The due date must be today or in the future"]
    if errors:
        raise ValidationError(errors)
    return ProductionRequest.objects.create(
        notice=notice,
        production_format=production_format,
        language=language.strip(),
        due_on=due_on,
        requested_by=actor,
    )


# A produced version is a letter of a few pages, or a Braille file of a few hundred kB.
PRODUCTION_MAX_BYTES = 20 * 1024 * 1024
# Braille is often kept as a Braille Ready File (.brf, plain ASCII Braille) or text for an
# embosser; every other version, and Braille too, may be a PDF.
BRAILLE_TEXT_SUFFIXES = (".brf", ".txt")


def production_file_kind(production: ProductionRequest, name: str, data: bytes) -> str:
    """The produced file's content type, or a `ValidationError` saying what is accepted: a
    PDF that opens, or for Braille also a plain-text .brf or .txt file."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    braille = production.production_format == ProductionFormat.BRAILLE
    accepted = "a PDF, or a BRF or TXT file" if braille else "a PDF"
    if suffix == "pdf":
        try:
            opens = data.startswith(b"%PDF") and len(PdfReader(io.BytesIO(data)).pages) > 0
        except Exception:  # pypdf raises many kinds of error for a damaged file
            opens = False
        if not opens:
            raise ValidationError({"file": ["The selected file must be a PDF that opens"]})
        return "application/pdf"
    if braille and f".{suffix}" in BRAILLE_TEXT_SUFFIXES:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"file": ["The selected file must be plain text"]}) from None
        if b"\x00" in data:
            raise ValidationError({"file": ["The selected file must be plain text"]})
        return "text/plain"
    raise ValidationError({"file": [f"The selected file must be {accepted}"]})


@transaction.atomic
def production_complete(*, request: ProductionRequest, actor: User, upload) -> ProductionRequest:
    """Record the version the organisation had made for a request (a Braille transcription,
    an easy-read or a translated version): its file stored once with its SHA-256, and who
    recorded it and when. Only for an issued notice: a draft may still change.

    The request's row is locked, so of two people uploading at once one completes it and
    the other is refused; a request already completed is refused, never replaced (ADR
    0006: what the customer was sent stays as it was). If the file store cannot be written
    (`StorageUnavailable`, 503) the transaction rolls back and nothing is recorded; a
    file stored before a later failure is deleted."""
    _refuse(access.may_complete_production(actor))
    if upload is None:
        raise ValidationError({"file": ["Select the file produced"]})
    if upload.size > PRODUCTION_MAX_BYTES:
        raise ValidationError({"file": ["The selected file must be smaller than 20MB"]})
    data = upload.read()
    if not data:
        raise ValidationError({"file": ["The selected file is empty"]})
    production = (
        ProductionRequest.objects.select_for_update().select_related("notice").get(pk=request.pk)
    )
    if not production.notice.is_issued:
        raise _refused(
            production.notice,
            NoticeRefusalCode.WRONG_STATE,
            "Record the version once the notice is issued: a draft may still change, and "
            "the version must say what the letter issued says.",
        )
    if production.is_complete:
        raise _refused(
            production.notice,
            NoticeRefusalCode.WRONG_STATE,
            f"The {production.version_name} version was already recorded on "
            f"{timezone.localtime(production.completed_at):%-d %B %Y}: it is kept as it was.",
        )
    kind = production_file_kind(production, upload.name, data)
    suffix = "pdf" if kind == "application/pdf" else upload.name.lower().rsplit(".", 1)[-1]
    production.sha256 = hashlib.sha256(data).hexdigest()
    production.completed_at = timezone.now()
    production.completed_by = actor
    file_save(
        field_file=production.file,
        name=f"{production.notice.reference}-{production.production_format}.{suffix}",
        data=data,
    )
    try:
        production.save(update_fields=["file", "sha256", "completed_at", "completed_by"])
    except Exception:
        production.file.storage.delete(production.file.name)
        raise
    return production


def production_bytes(production: ProductionRequest) -> bytes:
    """A produced version's stored bytes, after checking them against its checksum."""
    if not production.is_complete:
        raise ValidationError("This version has not been produced yet.")
    return _checked(production.file, production.sha256, str(production), production.notice)


@transaction.atomic
def template_save(
    *,
    profile,
    kind: str,
    language: str,
    subject: str,
    body: str,
    actor: User,
    translation_checked: bool = False,
) -> NoticeTemplate:
    """Save an organisation's template after checking its merge fields."""
    access.require_template_editor(actor)
    errors = template_errors(subject=subject, body=body, kind=kind, profile=profile)
    if not subject.strip():
        errors["subject"] = ["Enter the letter's heading"]
    if errors:
        raise ValidationError(errors)
    template, _ = NoticeTemplate.objects.update_or_create(
        profile=profile,
        kind=kind,
        language=language,
        defaults={
            "subject": subject.strip(),
            "body": body.replace("\r\n", "\n").strip(),
            "updated_by": actor,
            # A Welsh text waits for the translator's check until someone confirms it.
            "awaiting_translation_check": language != "en" and not translation_checked,
        },
    )
    return template


__all__ = [
    "ChecksumMismatch",
    "decision_sign_off",
    "merge_values",
    "notice_bytes",
    "notice_change_draft",
    "notice_copy_bytes",
    "notice_copy_make",
    "notice_draft_for_contact",
    "notice_draft_for_decision",
    "notice_draft_of_kind",
    "notice_email_send",
    "notice_html",
    "notice_issue",
    "notice_issue_for_decision",
    "notice_mark_sent",
    "notice_render",
    "notice_reprint",
    "notice_send_by_email",
    "notice_withdraw",
    "notices_mark_posted",
    "post_batch_build",
    "post_batch_content_key",
    "post_batch_pdf",
    "post_batch_resume",
    "post_batch_start",
    "production_bytes",
    "production_complete",
    "production_request",
    "template_save",
]
