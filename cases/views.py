"""Customers and contacts: thin views that parse, call one service and redirect.

The pages that combine customers and contacts with restrictions (the customer page, Log a
contact, a contact's page) are in `screens`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cases import access, selectors, services
from cases.customer_forms import CustomerDetailsForm
from cases.forms import CustomerForm, SensitiveNoteForm
from cases.models import Customer
from contactpolicy.access import role_required
from contactpolicy.dates import short_datetime
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.templatetags.undo import undo_tag


@role_required()
@once_per_submission
def customer_create(request: HttpRequest) -> HttpResponse:
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            customer = services.customer_create(
                created_by=request.user,
                name=data["new_name"],
                kind=data["new_kind"],
                preferred_language=data["preferred_language"],
                other_language=data["other_language"],
                accessibility_formats=data["accessibility_formats"],
                accessibility_needs=data["accessibility_needs"],
                third_party=data["third_party"],
                identifiers=form.new_customer_identifiers(),
                **form.new_customer_greeting(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error, fields=form.new_customer_errors)
        else:
            messages.success(request, f"Customer {customer.reference} added")
            return redirect(customer)
    return TemplateResponse(request, "cases/customer_form.html", {"form": form})


# An error report (the debug page, an emailed report) shows a request's posted fields: the
# note's words are masked there like a password.
@sensitive_post_parameters("text")
@role_required()
@once_per_submission
def customer_sensitive_notes(request: HttpRequest, reference: str) -> HttpResponse:
    """Sensitive notes: managers and above only, and every view is logged."""
    customer = access.customer_notes_get_for_user(request.user, reference)
    form = SensitiveNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sensitive_note_add(
            customer=customer, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, "Sensitive note added")
        return redirect("cases:sensitive_notes", reference=customer.reference)
    services.sensitive_notes_viewed(customer=customer, viewer=request.user)
    context = {
        "customer": customer,
        "notes": customer.sensitive_notes.select_related("created_by"),
        "form": form,
    }
    return TemplateResponse(request, "cases/sensitive_notes.html", context)


def _back(request: HttpRequest, contact):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(contact)


def _marked(request: HttpRequest, mark: services.ClockMark, done: str, already: str):
    contact = mark.contact
    if not mark.changed:
        messages.info(request, f"{contact.reference} was already {already}")
    else:
        # The banner offers to undo it: see contactpolicy/templatetags/undo.py.
        messages.success(
            request,
            f"{contact.reference} marked as {done}",
            extra_tags=undo_tag(reverse("cases:mark_undo", args=[contact.reference]), mark.record),
        )
    return _back(request, contact)


@require_POST
@role_required()
def contact_acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    contact = access.contact_get_to_work_on(request.user, reference)
    mark = services.contact_acknowledge(contact=contact, actor=request.user)
    return _marked(request, mark, "acknowledged", "acknowledged")


@require_POST
@role_required()
def contact_respond(request: HttpRequest, reference: str) -> HttpResponse:
    contact = access.contact_get_to_work_on(request.user, reference)
    mark = services.contact_respond(contact=contact, actor=request.user)
    return _marked(request, mark, "answered", "answered")


@require_POST
@role_required()
def contact_mark_undo(request: HttpRequest, reference: str) -> HttpResponse:
    """Undo marking a contact acknowledged or answered (the Undo button in its banner)."""
    contact = access.contact_get_to_work_on(request.user, reference)
    record = request.POST.get("record", "")
    try:
        contact, undone = services.contact_mark_undo(
            contact=contact,
            actor=request.user,
            record=int(record) if record.isascii() and record.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, f"{contact.reference} is still marked. {error.messages[0]}")
    else:
        due = short_datetime(contact.next_due_at) if contact.next_due_at else None
        messages.success(
            request,
            f"Undone: {contact.reference} is no longer marked as {undone.lower()}"
            + (f". Next due {due}" if due else ""),
        )
    return _back(request, contact)


@require_POST
@role_required()
def contact_resume(request: HttpRequest, reference: str) -> HttpResponse:
    contact = access.contact_get_to_work_on(request.user, reference)
    services.contact_resume(contact=contact)
    messages.success(
        request, "Clock restarted: the due dates have moved on by the working days it was paused"
    )
    return redirect(contact)


@role_required()
@once_per_submission
def customer_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Change a customer's name, greeting, language and accessibility needs."""
    customer = access.customer_get_to_edit(request.user, reference)
    form = CustomerDetailsForm.for_customer(customer, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.customer_update(
                customer=customer,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in Customer.DETAILS},
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Customer details changed" if changed else "Nothing was changed",
            )
            return redirect(customer)
    return TemplateResponse(
        request, "cases/customer_edit.html", {"customer": customer, "form": form}
    )


@role_required()
def customer_history(request: HttpRequest, reference: str) -> HttpResponse:
    """Who changed the customer's details and identifiers, what and when."""
    customer = access.customer_get_to_edit(request.user, reference)
    context = {"customer": customer, "changes": selectors.customer_changes(customer)}
    return TemplateResponse(request, "cases/customer_history.html", context)
