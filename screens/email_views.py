"""Answering an email contact from its page, and trying again an email not sent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from cases.forms import PauseForm
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import profile_get_active
from mailboxes import access as mail_access
from mailboxes import services as mail_services
from mailboxes import wording
from mailboxes.forms import EmailTemplateForm, ReplyForm
from mailboxes.models.outbound import EmailTemplateKind, OutboundState, TemplateLanguage
from notices.access import TEMPLATE_EDITOR_ROLES
from screens.views import _contact_page


@require_POST
@role_required()
@once_per_submission
def contact_reply(request: HttpRequest, reference: str) -> HttpResponse:
    """Send a reply by email; a refusal shows its reason above the form."""
    contact = mail_access.contact_get_to_reply(request.user, reference)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            outbound = mail_services.reply_send(
                contact=contact,
                actor=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            _tell(request, outbound)
            return redirect(contact)
    return _contact_page(request, contact, PauseForm(), status=400, reply_form=form)


@require_POST
@role_required()
def outbound_retry(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    outbound = mail_access.outbound_get_to_retry(request.user, reference, pk)
    try:
        mail_services.outbound_retry(outbound=outbound, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        _tell(request, outbound)
    return redirect(outbound.contact)


def _tell(request: HttpRequest, outbound) -> None:
    """Where the email has got to: a worker may not have sent it yet."""
    outbound.refresh_from_db(fields=["state", "error"])
    if outbound.state == OutboundState.SENT:
        messages.success(request, f"Email sent to {outbound.to_address}")
    elif outbound.state == OutboundState.FAILED:
        messages.error(
            request,
            "The email could not be sent. Try again, or tell your administrator if it keeps failing",
        )
    else:
        messages.success(request, f"Email saved: it is being sent to {outbound.to_address}")


@role_required(*TEMPLATE_EDITOR_ROLES)
def email_templates(request: HttpRequest) -> HttpResponse:
    """The automatic emails, each in English and Welsh, and whose wording each uses."""
    rows = []
    for kind in EmailTemplateKind:
        for language in TemplateLanguage:
            _, own = mail_services.email_template_current(kind, language)
            rows.append({"kind": kind, "language": language, "own": own})
    return TemplateResponse(request, "screens/email_templates.html", {"rows": rows})


@role_required(*TEMPLATE_EDITOR_ROLES)
def email_template_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit one automatic email's wording, previewing it with sample values before saving."""
    if kind not in EmailTemplateKind.values or language not in TemplateLanguage.values:
        raise Http404("No such automatic email or language.")
    current, own = mail_services.email_template_current(kind, language)
    form = EmailTemplateForm(initial={"subject": current.subject, "body": current.body})
    preview = None
    status = 200
    if request.method == "POST":
        form = EmailTemplateForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if unknown := wording.unknown_fields(data["subject"] + "\n" + data["body"]):
                form.add_error(
                    "body", "These merge fields do not exist: " + ", ".join(sorted(unknown))
                )
            elif "preview" in request.POST:
                preview = wording.preview(
                    wording.Wording(subject=data["subject"], body=data["body"]),
                    language,
                    profile_get_active().name,
                )
                status = 200
            else:
                try:
                    mail_services.email_template_save(
                        kind=kind,
                        language=language,
                        subject=data["subject"],
                        body=data["body"],
                        actor=request.user,
                    )
                except ValidationError as error:
                    form_add_service_errors(form, error)
                else:
                    messages.success(request, "Email template saved")
                    return redirect("screens:email_templates")
    context = {
        "kind": EmailTemplateKind(kind),
        "language": TemplateLanguage(language),
        "own": own,
        "form": form,
        "preview": preview,
        "fields": wording.MERGE_FIELDS,
    }
    return TemplateResponse(request, "screens/email_template_edit.html", context, status=status)
