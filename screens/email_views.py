"""Answering an email contact from its page, and trying again an email not sent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cases.forms import PauseForm
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from mailboxes import access as mail_access
from mailboxes import services as mail_services
from mailboxes.forms import ReplyForm
from mailboxes.models.outbound import OutboundState
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
