"""Cases (matters), a customer's identifiers and links, and reassigning a contact.

Thin views: parse, call one service from `cases.services`, redirect with a message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from cases import access, selectors, services
from cases.matter_forms import (
    CaseCloseForm,
    CaseForm,
    ContactCaseForm,
    IdentifierForm,
    LinkForm,
    ReassignForm,
)
from cases.models import Case, Customer, CustomerIdentifier
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import profile_get_active

# -- Cases -----------------------------------------------------------------------------------


@role_required()
@once_per_submission
def case_open(request: HttpRequest, reference: str) -> HttpResponse:
    customer = access.customer_get_for_user(request.user, reference)
    form = CaseForm(
        request.POST or None,
        initial={"officer": request.user.pk, "service": request.user.service_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(customer=customer, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} opened")
            return redirect(case)
    context = {"customer": customer, "form": form, "title": "Open a case", "button": "Open case"}
    return TemplateResponse(request, "cases/case_form.html", context)


@role_required()
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = access.case_get_for_user(
        request.user, reference, Case.objects.select_related("customer", "officer")
    )
    context = {
        "case": case,
        "customer": case.customer,
        "contacts": selectors.case_contacts(case),
        "history": case.history.select_related("history_user", "officer").order_by("-history_date")[
            :20
        ],
    }
    return TemplateResponse(request, "cases/case_detail.html", context)


@role_required()
@once_per_submission
def case_edit(request: HttpRequest, reference: str) -> HttpResponse:
    case = access.case_get_for_user(request.user, reference)
    initial = {"subject": case.subject, "officer": case.officer_id, "service": case.service_id}
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_edit(case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} updated")
            return redirect(case)
    context = {
        "customer": case.customer,
        "case": case,
        "form": form,
        "title": "Change the case or its officer",
        "button": "Save changes",
    }
    return TemplateResponse(request, "cases/case_form.html", context)


@role_required()
@once_per_submission
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    case = access.case_get_for_user(request.user, reference)
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Outcome recorded on {case.reference}")
            return redirect(case)
    context = {
        "customer": case.customer,
        "case": case,
        "form": form,
        "title": "Record the outcome",
        "button": "Record outcome",
    }
    return TemplateResponse(request, "cases/case_form.html", context)


@require_POST
@role_required()
def contact_case(request: HttpRequest, reference: str) -> HttpResponse:
    """Attach a contact to one of its customer's cases (`may_work_on_contact`)."""
    contact = access.contact_get_to_work_on(request.user, reference)
    cases = selectors.customer_cases(contact.customer) if contact.customer else []
    form = ContactCaseForm(request.POST, cases=cases)
    if not form.is_valid():
        messages.error(request, "Choose one of the customer's cases")
        return redirect(contact)
    try:
        services.contact_attach_to_case(contact=contact, case=form.cleaned_data["case"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(contact)
    case = form.cleaned_data["case"]
    messages.success(request, f"Attached to {case.reference}" if case else "Taken off its case")
    return redirect(contact)


# -- Identifiers and links -------------------------------------------------------------------


def _customer_with_identifiers(user, reference: str) -> Customer:
    return access.customer_get_for_user(
        user,
        reference,
        Customer.objects.prefetch_related("links__other", "linked_from__customer").prefetch_related(
            "identifiers__retired_by",
        ),
    )


@role_required()
@once_per_submission
def customer_identifiers(request: HttpRequest, reference: str) -> HttpResponse:
    """A customer's identifiers: add one; correct or retire each (retired ones stay listed)."""
    customer = _customer_with_identifiers(request.user, reference)
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            identifier = services.customer_identifier_add(
                customer=customer, kind=data["kind"], value=data["value"], postcode=data["postcode"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Added {identifier.display}")
            return redirect("cases:identifiers", reference=customer.reference)
    identifiers = list(customer.identifiers.all())
    context = {
        "customer": customer,
        "form": form,
        "in_use": [i for i in identifiers if not i.is_retired],
        "retired": [i for i in identifiers if i.is_retired],
        "link_form": LinkForm(prefix="link"),
    }
    return TemplateResponse(request, "cases/identifiers.html", context)


@role_required()
@once_per_submission
def identifier_correct(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    customer = access.customer_get_for_user(request.user, reference)
    identifier = access.identifier_get_for_user(request.user, customer, pk)
    initial = {"value": identifier.value, "postcode": identifier.postcode}
    form = IdentifierForm(request.POST or None, initial=initial, correcting=identifier)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_identifier_correct(
                identifier=identifier,
                value=form.cleaned_data["value"],
                postcode=form.cleaned_data.get("postcode", ""),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Identifier corrected")
            return redirect("cases:identifiers", reference=customer.reference)
    context = {"customer": customer, "identifier": identifier, "form": form}
    return TemplateResponse(request, "cases/identifier_form.html", context)


@require_POST
@role_required()
def identifier_retire(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    customer = access.customer_get_for_user(request.user, reference)
    identifier: CustomerIdentifier = access.identifier_get_for_user(request.user, customer, pk)
    services.customer_identifier_retire(identifier=identifier, retired_by=request.user)
    messages.success(
        request, f"{identifier.display} retired: it no longer recognises {customer.name}"
    )
    return redirect("cases:identifiers", reference=customer.reference)


@role_required()
@once_per_submission
def customer_link_add(request: HttpRequest, reference: str) -> HttpResponse:
    customer = _customer_with_identifiers(request.user, reference)
    form = LinkForm(request.POST or None, prefix="link")
    if request.method == "POST" and form.is_valid():
        try:
            link = services.customer_link_add(customer=customer, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Linked to {link.other.name}")
            return redirect("cases:identifiers", reference=customer.reference)
    identifiers = list(customer.identifiers.all())
    context = {
        "customer": customer,
        "form": IdentifierForm(),
        "in_use": [i for i in identifiers if not i.is_retired],
        "retired": [i for i in identifiers if i.is_retired],
        "link_form": form,
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "cases/identifiers.html", context, status=status)


@require_POST
@role_required()
def customer_link_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    customer = access.customer_get_for_user(request.user, reference)
    link = access.link_get_for_user(request.user, customer, pk)
    services.customer_link_remove(link=link)
    messages.success(request, "Link removed")
    return redirect("cases:identifiers", reference=customer.reference)


# -- Reassigning a contact -------------------------------------------------------------------


@role_required()
@once_per_submission
def contact_reassign(request: HttpRequest, reference: str) -> HttpResponse:
    """Hand a contact to another officer with the reason kept (`may_work_on_contact`), and
    the sender's consent where the contact holds sensitive personal information and the
    profile asks (BTPA §5)."""
    contact = access.contact_get_to_work_on(request.user, reference)
    profile = profile_get_active()
    asks_consent = contact.needs_sender_consent(profile)
    form = ReassignForm(request.POST or None, asks_consent=asks_consent)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_reassign(
                contact=contact,
                reassigned_by=request.user,
                officer=form.cleaned_data["officer"],
                reason=form.cleaned_data["reason"],
                consent=form.consent_answer(),
                profile=profile,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{contact.reference} reassigned to {contact.officer}")
            return redirect(contact)
    context = {"contact": contact, "customer": contact.customer, "form": form, "profile": profile}
    return TemplateResponse(request, "cases/contact_reassign.html", context)


@require_POST
@role_required()
def contact_sensitive(request: HttpRequest, reference: str) -> HttpResponse:
    """Mark a contact as holding sensitive personal information, or take the mark off."""
    contact = access.contact_get_to_work_on(request.user, reference)
    holds = request.POST.get("holds") == "yes"
    services.contact_mark_sensitive(contact=contact, holds=holds)
    messages.success(
        request,
        f"{contact.reference} marked as holding sensitive personal information"
        if holds
        else f"{contact.reference} no longer marked as holding sensitive personal information",
    )
    return redirect(contact)
