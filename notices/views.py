"""Notices on screen: preview, issue, download, record sending, the print queue, the
template editor, and the Chief Executive's sign-off, which issues the notice it approves.

Thin views: each reads through `notices.access`, calls one service and redirects; a refusal
is shown in the GOV.UK error summary, never as a bare error page.
"""

import functools
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.access import contact_get_for_user
from contactpolicy import access as contactpolicy_access
from contactpolicy import letterhead
from contactpolicy.access import role_required
from contactpolicy.choices import DecisionKind
from contactpolicy.dispatch import broker_unreachable
from contactpolicy.forms import form_add_service_errors
from contactpolicy.selectors import profile_get_active
from notices import access, gallery, selectors, services
from notices.forms import (
    CopyForm,
    IssueForm,
    NoticeOptionsForm,
    PostBatchForm,
    ProductionCompleteForm,
    ProductionForm,
    ReprintForm,
    SentForm,
    TemplateForm,
    WithdrawForm,
)
from notices.letter import postal_address
from notices.merge_fields import fields_for, required_fields
from notices.models import NoticeKind, NoticeLanguage, PrintFormat, SendMethod
from restrictions import access as restriction_access
from restrictions import selectors as restriction_selectors
from restrictions.decision_forms import AnswerForm
from restrictions.models import DecisionStatus

logger = logging.getLogger(__name__)


def _pdf(data: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# -- One notice ---------------------------------------------------------------------------


def _notice_context(request, notice, **forms) -> dict:
    profile = profile_get_active()
    preview = None
    signatory = None
    unaddressed = False
    actions = notice.available_actions(request.user, profile)
    if notice.is_draft:
        if actions.get("issue"):
            signatory = selectors.notice_signatory(notice, request.user)
        preview = selectors.notice_preview(notice, signatory)
        unaddressed = not postal_address(notice.customer)
    copies = list(notice.copies.select_related("created_by")) if notice.is_issued else []
    context = {
        "notice": notice,
        "customer": notice.customer,
        "preview": preview,
        # Each version requested, with the form to upload the file made for it.
        "productions": [
            (
                p,
                forms["complete_form"]
                if forms.get("complete_pk") == p.pk
                else ProductionCompleteForm(production=p),
            )
            for p in notice.productions.select_related("requested_by", "completed_by")
        ],
        "copies": copies,
        "copy_formats": [
            (value, label)
            for value, label in PrintFormat.choices
            if notice.is_issued
            and value != notice.print_format
            and value not in {c.print_format for c in copies}
        ],
        "actions": actions,
        # Who signs if the viewer issues it: not always the viewer (an appeal's outcome).
        "signatory": signatory,
        "customer_formats": notice.customer.accessibility_format_labels,
        "options_form": forms.get("options_form")
        or NoticeOptionsForm(
            initial={
                "language": notice.language,
                "print_format": notice.print_format,
                "include_policy_annex": notice.include_policy_annex,
            }
        ),
        "sent_form": forms.get("sent_form") or SentForm(postable=notice.postable),
        "issue_form": forms.get("issue_form") or (IssueForm() if unaddressed else None),
        "letterhead_missing": letterhead.missing_in_words(profile) if notice.is_draft else "",
        "may_edit_letterhead": contactpolicy_access.may_edit_letterhead(request.user),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "production_form": forms.get("production_form") or ProductionForm(),
        "reprint_form": forms.get("reprint_form") or ReprintForm(),
        "copy_form": forms.get("copy_form") or CopyForm(),
        "complete_form": forms.get("complete_form"),
        "printing": selectors.notice_printing(notice),
        "problems": forms.get("problems", []),
    }
    return context


@role_required()
def notice_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A notice: its preview while a draft, its stored PDF once issued; and what to do next.
    A POST changes a draft's language, print format or annex."""
    notice = access.notice_get_for_user(request.user, reference)
    status = 200
    options_form = None
    if request.method == "POST":
        if not (allowed := access.may_draft(request.user)):
            raise PermissionDenied(allowed.reason)
        options_form = NoticeOptionsForm(request.POST)
        status = 400
        if options_form.is_valid():
            data = options_form.cleaned_data
            try:
                services.notice_change_draft(notice=notice, actor=request.user, **data)
            except PermissionDenied as error:
                options_form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form_add_service_errors(options_form, error)
            else:
                messages.success(request, f"{notice.reference} updated")
                return redirect(notice)
    context = _notice_context(request, notice, options_form=options_form)
    return TemplateResponse(request, "notices/notice_detail.html", context, status=status)


@role_required()
def notice_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The PDF: for a draft, a preview rendered now; once issued, the stored bytes."""
    notice = access.notice_get_for_user(request.user, reference)
    if notice.is_draft:
        try:
            data, _ = services.notice_render(notice)
        except ValidationError as error:
            raise Http404(error.messages[0]) from error
        return _pdf(data, f"{notice.reference}-draft.pdf", attachment=False)
    return _stored(request, notice, attachment=False)


@role_required()
def notice_download(request: HttpRequest, reference: str) -> HttpResponse:
    """The exact bytes issued, to save or reprint."""
    notice = access.notice_get_for_user(request.user, reference)
    if notice.is_draft:
        raise Http404("A draft has no stored copy yet: issue it first.")
    return _stored(request, notice, attachment=True)


def _unservable(request, notice, error: Exception, **made) -> TemplateResponse:
    """The page saying a stored file is not served. A file that no longer matches its
    checksum is a conflict between the record and the store (409, as the app answers any
    record that cannot be used as asked), not a fault in the code; a store that cannot be
    read is unavailable (503). Either way nothing is served and the cause is logged."""
    status = 409 if isinstance(error, services.ChecksumMismatch) else 503
    return TemplateResponse(
        request, "notices/checksum_mismatch.html", {"notice": notice, **made}, status=status
    )


def _stored(request, notice, *, attachment: bool) -> HttpResponse:
    try:
        data = services.notice_bytes(notice)
    except (services.ChecksumMismatch, OSError) as error:
        if isinstance(error, OSError):
            logger.error("Notice %s: its stored file cannot be read", notice.reference)
        return _unservable(request, notice, error)
    return _pdf(data, f"{notice.reference}.pdf", attachment=attachment)


def _post_action(request, reference, action, form_class=None, form_key="", permission=None):
    """Run one service for a button on the notice page; redisplay the page with the form's
    errors on bad input (400). `permission(user)` is asked before the form is read; a
    refusal by the notice's state is `Refused`, answered by `RefusedMiddleware` (409)."""
    notice = access.notice_get_for_user(request.user, reference)
    if permission is not None and not (allowed := permission(request.user)):
        raise PermissionDenied(allowed.reason)
    form = form_class(request.POST) if form_class else None
    problems: list[str] = []
    status = 400
    if form is None or form.is_valid():
        try:
            message = action(notice, form.cleaned_data if form else {})
        except PermissionDenied as error:
            problems, status = [str(error)], 403
        except ValidationError as error:
            if form is None:
                raise
            form_add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(notice)
    extra = {"problems": problems}
    if form_key:
        extra[form_key] = form
    context = _notice_context(request, notice, **extra)
    return TemplateResponse(request, "notices/notice_detail.html", context, status=status)


@require_POST
@role_required()
def notice_issue(request: HttpRequest, reference: str) -> HttpResponse:
    """Issue the notice. For a customer with no postal address, the form asks first whether
    it will be emailed or handed over: it is never posted."""

    def issue(notice, data):
        issued = services.notice_issue(
            notice=notice, actor=request.user, delivery=data.get("delivery")
        )
        effect = ""
        if issued.decision_id:
            case = issued.decision.restriction_case
            case.refresh_from_db()
            effect = (
                f": the decision has taken effect and the case is now “{case.get_state_display()}”"
            )
        if data.get("delivery") == SendMethod.EMAIL:
            return f"{issued.reference} issued{effect}. It is being emailed to the customer"
        if data.get("delivery") == SendMethod.BY_HAND:
            return f"{issued.reference} issued{effect}. Record it as sent when you hand it over"
        return f"{issued.reference} issued{effect}"

    notice = access.notice_get_for_user(request.user, reference)
    if postal_address(notice.customer):
        return _post_action(request, reference, issue)
    return _post_action(request, reference, issue, IssueForm, "issue_form")


@require_POST
@role_required()
def notice_sent(request: HttpRequest, reference: str) -> HttpResponse:
    def sent(notice, data):
        services.notice_mark_sent(notice=notice, actor=request.user, method=data["method"])
        return f"{notice.reference} recorded as sent"

    notice = access.notice_get_for_user(request.user, reference)
    form_class = functools.partial(SentForm, postable=notice.postable)
    return _post_action(request, reference, sent, form_class, "sent_form", access.may_send)


@require_POST
@role_required()
def notice_email(request: HttpRequest, reference: str) -> HttpResponse:
    def email(notice, _):
        services.notice_send_by_email(notice=notice, actor=request.user)
        return f"{notice.reference} is being emailed; it will show as sent when the email has gone"

    return _post_action(request, reference, email, permission=access.may_send)


@require_POST
@role_required()
def notice_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    def withdraw(notice, data):
        services.notice_withdraw(notice=notice, actor=request.user, reason=data["reason"])
        return f"{notice.reference} withdrawn"

    return _post_action(
        request, reference, withdraw, WithdrawForm, "withdraw_form", access.may_draft
    )


@require_POST
@role_required()
def notice_production(request: HttpRequest, reference: str) -> HttpResponse:
    def produce(notice, data):
        made = services.production_request(notice=notice, actor=request.user, **data)
        return (
            f"{made.get_production_format_display()} version requested, due {made.due_on:%-d %B %Y}"
        )

    return _post_action(
        request, reference, produce, ProductionForm, "production_form", access.may_draft
    )


@require_POST
@role_required()
def notice_copy_make(request: HttpRequest, reference: str) -> HttpResponse:
    """Make the issued notice in another print format (or find the copy already made)."""

    def make(notice, data):
        copy = services.notice_copy_make(
            notice=notice, actor=request.user, print_format=data["print_format"]
        )
        return f"{copy.get_print_format_display()} copy of {notice.reference} ready to print"

    return _post_action(request, reference, make, CopyForm, "copy_form", access.may_copy)


@role_required()
def notice_copy(request: HttpRequest, reference: str, print_format: str) -> HttpResponse:
    """A copy in another print format: its stored bytes, once its checksum is checked."""
    copy = access.notice_copy_get_for_user(request.user, reference, print_format)
    try:
        data = services.notice_copy_bytes(copy)
    except (services.ChecksumMismatch, OSError) as error:
        logger.error("Notice %s: its %s copy cannot be served", reference, print_format)
        return _unservable(request, copy.notice, error, what=str(copy), made_at=copy.created_at)
    return _pdf(data, f"{reference}-{print_format}.pdf", attachment="download" in request.GET)


@require_POST
@role_required()
def production_complete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Upload the file made for a version requested (Braille, easy read, another language).
    Bad input redisplays the notice page with the error on that row's field (400)."""
    production = access.production_get_for_user(request.user, reference, pk)
    if not (allowed := access.may_complete_production(request.user)):
        raise PermissionDenied(allowed.reason)
    form = ProductionCompleteForm(request.POST, request.FILES, production=production)
    if form.is_valid():
        try:
            done = services.production_complete(
                request=production, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The {done.version_name} version of {reference} is recorded",
            )
            return redirect(done.notice)
    notice = access.notice_get_for_user(request.user, reference)
    context = _notice_context(request, notice, complete_form=form, complete_pk=production.pk)
    return TemplateResponse(request, "notices/notice_detail.html", context, status=400)


@role_required()
def production_file(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A produced version's stored file, once its checksum is checked."""
    production = access.production_get_for_user(request.user, reference, pk)
    if not production.is_complete:
        raise Http404("That version has not been produced yet.")
    try:
        data = services.production_bytes(production)
    except (services.ChecksumMismatch, OSError) as error:
        logger.error("Notice %s: its version %s cannot be served", reference, pk)
        return _unservable(
            request,
            production.notice,
            error,
            what=f"the {production.version_name} version of {reference}",
            made_at=production.completed_at,
        )
    name = production.file.name.rsplit("/", 1)[-1]
    kind = "application/pdf" if name.endswith(".pdf") else "text/plain; charset=utf-8"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@role_required()
def notice_reprint(request: HttpRequest, reference: str) -> HttpResponse:
    def reprint(notice, data):
        services.notice_reprint(notice=notice, actor=request.user, reason=data["reason"])
        return f"{notice.reference} will be printed again in the next batch of today's post"

    return _post_action(request, reference, reprint, ReprintForm, "reprint_form", access.may_send)


# -- Drafting from a decision or a contact ------------------------------------------------


@require_POST
@role_required()
def decision_notice(request: HttpRequest, reference: str) -> HttpResponse:
    """Open the approved decision's notice, drafting it the first time."""
    decision = restriction_access.decision_get_for_user(request.user, reference)
    try:
        notice = services.notice_draft_for_decision(decision=decision, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(decision)
    return redirect(notice)


@require_POST
@role_required()
def contact_acknowledgement(request: HttpRequest, reference: str) -> HttpResponse:
    contact = contact_get_for_user(request.user, reference)
    try:
        notice = services.notice_draft_for_contact(contact=contact, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(contact)
    return redirect(notice)


@role_required()
def case_notices(request: HttpRequest, reference: str) -> HttpResponse:
    """Every notice of a restriction case, newest first."""
    case = restriction_access.restriction_case_get_for_user(request.user, reference)
    context = {"case": case, "customer": case.customer, "notices": selectors.case_notices(case)}
    return TemplateResponse(request, "notices/case_notices.html", context)


# -- The print queue ----------------------------------------------------------------------


@role_required()
def print_queue(request: HttpRequest) -> HttpResponse:
    """Issued notices waiting to be posted; a POST marks the ones ticked as posted."""
    rows = selectors.awaiting_post()
    references = [n.reference for n in rows]
    form = PostBatchForm(references=references)
    status = 200
    if request.method == "POST":
        form = PostBatchForm(request.POST, references=references)
        status = 400
        if form.is_valid():
            chosen = [n for n in rows if n.reference in set(form.cleaned_data["notices"])]
            try:
                services.notices_mark_posted(notices=chosen, actor=request.user)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                count = len(chosen)
                messages.success(
                    request, f"{count} notice{'s' if count != 1 else ''} marked as posted"
                )
                return redirect("notices:print_queue")
    context = {
        "rows": rows,
        "form": form,
        "batches": list(selectors.post_batches_open()),
        "awaiting_issue": selectors.awaiting_issue()
        if access.may_see_issuing_counts(request.user)
        else None,
    }
    return TemplateResponse(request, "notices/print_queue.html", context, status=status)


@require_POST
@role_required()
def todays_post(request: HttpRequest) -> HttpResponse:
    """Start joining every notice waiting to be posted into one PDF, each on a fresh sheet;
    the work runs in the background and its page shows how far it has got. Asking again
    shows the batch already prepared for those notices."""
    try:
        batch = services.post_batch_start(actor=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
        return redirect("notices:print_queue")
    return redirect("notices:post_batch", pk=batch.pk)


def _stalled(batch) -> bool:
    return batch.has_stalled(timezone.now()) or (
        batch.finished_at is None and batch.started_at is None and broker_unreachable()
    )


@role_required()
def post_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """Today's post being prepared: progress while it runs, then the file to download."""
    batch = access.post_batch_get_for_user(request.user, pk)
    return TemplateResponse(
        request, "notices/post_batch.html", {"batch": batch, "stalled": _stalled(batch)}
    )


@require_POST
@role_required()
def post_batch_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a stalled batch to the workers again: the same batch, not a new one."""
    batch = access.post_batch_get_for_user(request.user, pk)
    if services.post_batch_resume(batch=batch, actor=request.user):
        messages.success(request, "Today's post has been sent to be prepared again")
    elif batch.finished_at is None and batch.started_at is not None:
        messages.info(request, "Today's post is being prepared")
    elif batch.finished_at is None:
        messages.info(
            request,
            "Today's post was sent to be prepared in the last 2 minutes. If it has not "
            "started in a few minutes, try again.",
        )
    return redirect("notices:post_batch", pk=batch.pk)


@role_required()
def post_batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.post_batch_get_for_user(request.user, pk)
    if not batch.is_ready:
        raise Http404("Today's post is not ready yet.")
    with batch.file.open("rb") as stored:
        data = stored.read()
    return _pdf(data, f"post-{batch.created_at:%Y-%m-%d}-{batch.pk}.pdf", attachment=True)


# -- Templates ----------------------------------------------------------------------------


@role_required(*access.TEMPLATE_EDITOR_ROLES)
def template_list(request: HttpRequest) -> HttpResponse:
    profile = profile_get_active()
    context = {
        "profile": profile,
        "rows": selectors.template_rows(profile),
        "letterhead_missing": letterhead.missing_in_words(profile),
    }
    return TemplateResponse(request, "notices/template_list.html", context)


@role_required(*access.TEMPLATE_EDITOR_ROLES)
def letters_gallery(request: HttpRequest) -> HttpResponse:
    """Every letter the organisation sends, with sample data, in each language and print
    format: to read them all before going live."""
    profile = profile_get_active()
    context = {
        "profile": profile,
        "letters": gallery.gallery_letters(profile, request.user),
        "languages": gallery.gallery_languages(profile),
    }
    return TemplateResponse(request, "notices/letters_gallery.html", context)


@role_required(*access.TEMPLATE_EDITOR_ROLES)
def letters_gallery_pdf(
    request: HttpRequest, kind: str, language: str, print_format: str
) -> HttpResponse:
    """One sample letter as a PDF, rendered on demand."""
    if (
        kind not in NoticeKind.values
        or language not in NoticeLanguage.values
        or print_format not in PrintFormat.values
    ):
        raise Http404("No such letter.")
    profile = profile_get_active()
    data = gallery.gallery_pdf(
        profile, request.user, kind=kind, language=language, print_format=print_format
    )
    if data is None:
        raise Http404("The organisation has no such letter.")
    return _pdf(data, f"sample-{kind}-{language}-{print_format}.pdf", attachment=False)


@role_required(*access.TEMPLATE_EDITOR_ROLES)
def template_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit one template, previewing it against a real decision before saving."""
    if kind not in NoticeKind.values or language not in NoticeLanguage.values:
        raise Http404("No such kind of notice or language.")
    profile = profile_get_active()
    current = selectors.template_current(profile, kind, language)
    form = TemplateForm(
        initial={
            "subject": current.subject if current else "",
            "body": current.body if current else "",
            "translation_checked": bool(current) and not current.awaiting_translation_check,
        }
    )
    preview = None
    status = 200
    if request.method == "POST":
        form = TemplateForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if "preview" in request.POST and not data["preview_decision"].strip():
                # No decision named: the letters gallery's sample, kept nowhere.
                preview = gallery.sample_preview(
                    profile,
                    request.user,
                    kind=kind,
                    language=language,
                    subject=data["subject"],
                    body=data["body"],
                )
                status = 200
            elif "preview" in request.POST:
                preview, problem = selectors.template_preview(
                    profile,
                    kind,
                    language,
                    data["subject"],
                    data["body"],
                    data["preview_decision"],
                    request.user,
                )
                if problem:
                    form.add_error("preview_decision", problem)
                else:
                    status = 200
            else:
                try:
                    services.template_save(
                        profile=profile,
                        kind=kind,
                        language=language,
                        subject=data["subject"],
                        body=data["body"],
                        actor=request.user,
                        translation_checked=data["translation_checked"],
                    )
                except ValidationError as error:
                    form_add_service_errors(form, error)
                else:
                    messages.success(request, "Template saved")
                    return redirect("notices:templates")
    context = {
        "profile": profile,
        "kind": NoticeKind(kind),
        "language": NoticeLanguage(language),
        "current": current,
        "form": form,
        "preview": preview,
        "fields": fields_for(kind),
        "required": set(required_fields(kind, profile)),
        "recent_decisions": selectors.recent_decisions(),
    }
    return TemplateResponse(request, "notices/template_edit.html", context, status=status)


def decision_panel(request, decision, profile) -> dict:
    """The letter on a decision's page (`restrictions.views.decisions.DECISION_PANELS`)."""
    return {"letter": selectors.decision_letter(decision, request.user, profile)}


# -- The Chief Executive's sign-off -------------------------------------------------------


@role_required()
def signoff(request: HttpRequest, reference: str) -> HttpResponse:
    """The Chief Executive's one page: the customer, the evidence, the answers, and the
    notice as it will be issued. Approving issues the notice, signed by the Chief Executive."""
    if not restriction_access.may_sign_off(request.user):
        raise PermissionDenied("Only the Chief Executive can sign off decisions.")
    profile = profile_get_active()
    decision = restriction_access.decision_get_for_user(
        request.user, reference, with_customer_details=True
    )
    form = None
    status, problems = 200, []
    if request.method == "POST":
        form = AnswerForm(request.POST, reason_always=True, decision=decision, profile=profile)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                decided, notice = services.decision_sign_off(
                    decision=decision,
                    actor=request.user,
                    outcome=data["outcome"],
                    reason=data["reason"],
                    confirmed_checklist=data["confirmed_checklist"],
                    warning_not_possible_reason=data.get("warning_not_possible_reason"),
                    exception_answers=data["exception_answers"],
                )
            except PermissionDenied as error:
                form.add_error(None, str(error) or "You cannot answer this decision.")
                status = 403
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                if notice is not None:
                    messages.success(
                        request,
                        f"{decided.reference} approved and notice {notice.reference} issued: the "
                        f"case is now “{decided.restriction_case.get_state_display()}”",
                    )
                    return redirect(notice)
                messages.success(
                    request, f"{decided.reference} {decided.get_status_display().lower()}"
                )
                return redirect(decided)
            decision = restriction_access.decision_get_for_user(
                request.user, reference, with_customer_details=True
            )
    page = restriction_selectors.decision_page(decision, profile, request.user)
    if form is None and decision.status == DecisionStatus.SUBMITTED:
        form = AnswerForm(
            reason_always=True,
            decision=decision,
            can_approve=page.cannot_apply is None,
            profile=profile,
        )
    context = {
        "page": page,
        "decision": decision,
        "customer": decision.restriction_case.customer,
        "case": decision.restriction_case,
        "form": form,
        "problems": problems,
        "problems_anchor": "answer" if form else "cannot-apply",
        "profile": profile,
        "timeline": restriction_selectors.evidence_timeline(decision),
        "can_answer": decision.status == DecisionStatus.SUBMITTED and bool(page.answer),
        "kind_label": DecisionKind(decision.kind).label,
        "notice_preview": selectors.decision_notice_preview(decision, request.user, profile),
    }
    return TemplateResponse(request, "notices/signoff.html", context, status=status)
