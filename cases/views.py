"""Customers and contacts: thin views that parse, call one service and redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.forms import (
    ContactForm,
    CustomerForm,
    PauseForm,
    SensitiveNoteForm,
    WhoFrom,
    local_moment,
)
from cases.models import Case, Customer
from cases.timeline import customer_timeline_page
from contactpolicy.access import require_manager, role_required
from contactpolicy.forms import GovukDateField, GovukTimeField
from contactpolicy.selectors import profile_calendar, profile_get_active
from restrictions.banner import (
    CheckSummary,
    banner_for,
    contact_check_for,
    customers_mark_restricted,
)
from restrictions.contact_services import contact_enforcement_record, transfer_to
from restrictions.models import CheckOutcome
from restrictions.referral_selectors import referrals_context

TIMELINE_PAGE_SIZE = 20


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@role_required()
def customer_lookup(request: HttpRequest) -> HttpResponse:
    """Find a customer as you type. htmx asks for the results fragment only."""
    query = request.GET.get("q", "")[:200]
    customers = customers_mark_restricted(selectors.customer_lookup(query))
    context = {
        "query": query,
        "customers": customers,
        "choose": request.GET.get("choose") == "contact",
    }
    template = "cases/_lookup_results.html" if request.htmx else "cases/customer_lookup.html"
    return TemplateResponse(request, template, context)


@role_required()
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
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Customer {customer.reference} added")
            return redirect(customer)
    return TemplateResponse(request, "cases/customer_form.html", {"form": form})


@role_required()
def customer_detail(request: HttpRequest, reference: str) -> HttpResponse:
    customer = selectors.customer_get_for_user(
        request.user,
        reference,
        Customer.objects.prefetch_related("identifiers", "links__other", "linked_from__customer"),
    )
    profile = profile_get_active()
    calendar = profile_calendar(profile)
    timeline = customer_timeline_page(customer, request.GET.get("page"), TIMELINE_PAGE_SIZE)
    contacts = [entry.item for entry in timeline.entries if entry.kind == "contact"]
    rows = {
        row.contact.pk: row for row in selectors.contact_rows(contacts, calendar, timezone.now())
    }
    for entry in timeline.entries:
        if entry.kind == "contact":
            entry.row = rows[entry.item.pk]
    context = {
        "customer": customer,
        "page": timeline.page,
        "entries": timeline.entries,
        "can_see_sensitive": request.user.is_manager,
        "banner": banner_for(customer, script=profile.termination_script, officer=request.user),
        **referrals_context(customer=customer, user=request.user),
    }
    return TemplateResponse(request, "cases/customer_detail.html", context)


@role_required()
def customer_sensitive_notes(request: HttpRequest, reference: str) -> HttpResponse:
    """Sensitive notes: managers and above only, and every view is logged."""
    require_manager(request.user)
    customer = selectors.customer_get_for_user(request.user, reference)
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


def _contact_in_hand(data, customer: Customer | None) -> dict:
    """What is known of the contact being logged, for the sanction banner.

    Read leniently from the form's own field names (in the query string of the banner
    fragment, or in a submitted form that may still be invalid): anything missing or
    unreadable is left out, and the time then defaults to now.
    """
    known = {"channel": data.get("channel", ""), "sender": data.get("sender", "")[:300]}
    try:
        day = GovukDateField(required=False).clean(
            [data.get(f"received_date_{i}", "") for i in range(3)]
        )
        at = GovukTimeField(required=False).clean(data.get("received_time", ""))
    except ValidationError:
        day = at = None
    if day and at:
        known["moment"] = local_moment(day, at)
    reference = data.get("case", "").strip().upper()[:30]
    if reference and customer is not None:
        known["contact_case"] = Case.objects.filter(reference=reference, customer=customer).first()
    known["different_topic"] = data.get("different_topic") in {"on", "true", "1"}
    return known


@role_required()
def contact_log(request: HttpRequest) -> HttpResponse:
    """The screen staff use most: find the customer, record the contact, see the due dates.

    When the customer chosen has an active restriction, the sanction banner comes before
    the form (DESIGN.md §5): what applies and the instruction for the channel being
    logged. htmx asks for the banner alone (`?fragment=banner`) when the channel or the
    time changes; without JavaScript the banner lists the instruction for every channel.
    """
    profile = profile_get_active()
    chosen = request.GET.get("customer") or request.POST.get("customer")
    customer = None
    if chosen:
        customer = Customer.objects.prefetch_related("identifiers").filter(reference=chosen).first()
    data = request.POST if request.method == "POST" else request.GET
    banner = banner_for(
        customer,
        script=profile.termination_script,
        officer=request.user,
        **_contact_in_hand(data, customer),
    )
    if request.htmx and request.method == "GET" and request.GET.get("fragment") == "banner":
        return TemplateResponse(
            request, "restrictions/_sanction_banner_swap.html", {"banner": banner}
        )
    initial = {
        "customer": customer.reference if customer else None,
        "who": WhoFrom.EXISTING if customer else None,
        "channel": request.GET.get("channel") or None,
    }
    form = ContactForm(request.POST or None, initial=initial, profile=profile, restriction=banner)
    if request.method == "POST" and form.is_valid():
        try:
            contact, check = _log_contact(request.user, form, profile)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Contact {contact.reference} logged")
            if check is not None and check.check.outcome == CheckOutcome.BREACH:
                messages.warning(request, _breach_message(check))
            elif contact.officer_id not in (None, request.user.pk):
                messages.info(request, f"Transferred to {contact.officer}, the named officer")
            return redirect(contact)
    query = request.GET.get("q", "")[:200]
    context = {
        "form": form,
        "profile": profile,
        "customer": customer,
        "banner": banner,
        "query": query,
        "customers": customers_mark_restricted(selectors.customer_lookup(query)) if query else [],
    }
    return TemplateResponse(request, "cases/contact_form.html", context)


def _breach_message(check: CheckSummary) -> str:
    if check.exclusion_breached:
        return (
            "Recorded as a breach of the exclusion: a review of the restriction has been "
            "opened, and the exclusion may be extended"
        )
    return "Recorded as a breach of the restriction: no reply is due"


@transaction.atomic
def _log_contact(user, form: ContactForm, profile) -> tuple:
    """Log the contact and, for a restricted customer, its check against the restriction.

    One transaction: the contact, its check and its stopped clocks are saved together or
    not at all. The assessment is worked out again here from what was submitted; a
    contact the named officer must handle is given to them (BTPA §8: "automatically
    transferred").
    """
    data = form.cleaned_data
    customer = data["customer"] if data["who"] == WhoFrom.EXISTING else None
    if data["who"] == WhoFrom.NEW:
        customer = services.customer_create(
            created_by=user,
            name=data["new_name"],
            kind=data["new_kind"] or "individual",
            preferred_language=data["language"] if data["language"] != "other" else "en",
            identifiers=form.new_customer_identifiers(),
        )
    assessment = None
    if form.checks_restriction:
        assessment = form.restriction.assess(
            channel=data["channel"],
            moment=data["received_at"],
            officer=user,
            contact_case=data["case"],
            sender=data["sender"],
            different_topic=data["different_topic"],
        )
    contact = services.contact_log(
        logged_by=user,
        customer=customer,
        sender=data["sender"],
        channel=data["channel"],
        kind=data["kind"],
        direction=data["direction"],
        received_at=data["received_at"],
        case=data["case"],
        summary=data["summary"],
        officer=transfer_to(assessment) if assessment is not None else None,
        language=data["language"],
        copied_for_information=data["copied_for_information"],
        no_reply_reason=data["no_reply_reason"],
        no_reply_note=data["no_reply_note"],
        duration_minutes=data["duration_minutes"],
        ended_by_staff=data["ended_by_staff"],
        ended_reason=data["ended_reason"],
        requester_deadline=data.get("requester_deadline"),
        profile=profile,
    )
    if assessment is None:
        return contact, None
    check = contact_enforcement_record(
        contact=contact,
        assessment=assessment,
        recorded_by=user,
        instruction_followed=data["instruction_followed"],
        different_topic=data["different_topic"],
        new_information=data["new_information"],
    )
    return contact, CheckSummary(check, [f.sanction for f in assessment.findings if f.sanction])


@role_required()
def contact_detail(request: HttpRequest, reference: str) -> HttpResponse:
    contact = selectors.contact_get_for_user(request.user, reference)
    return _contact_page(request, contact, PauseForm())


def _contact_page(request: HttpRequest, contact, pause_form, status: int = 200) -> HttpResponse:
    calendar = profile_calendar(profile_get_active())
    [row] = selectors.contact_rows([contact], calendar, timezone.now())
    context = {
        "contact": contact,
        "row": row,
        "pause_form": pause_form,
        "restriction_check": contact_check_for(contact),
    }
    return TemplateResponse(request, "cases/contact_detail.html", context, status=status)


def _back(request: HttpRequest, contact):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(contact)


@require_POST
@role_required()
def contact_acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    contact = selectors.contact_get_for_user(request.user, reference)
    services.contact_acknowledge(contact=contact)
    messages.success(request, f"{contact.reference} marked as acknowledged")
    return _back(request, contact)


@require_POST
@role_required()
def contact_respond(request: HttpRequest, reference: str) -> HttpResponse:
    contact = selectors.contact_get_for_user(request.user, reference)
    services.contact_respond(contact=contact)
    messages.success(request, f"{contact.reference} marked as answered")
    return _back(request, contact)


@require_POST
@role_required()
def contact_pause(request: HttpRequest, reference: str) -> HttpResponse:
    contact = selectors.contact_get_for_user(request.user, reference)
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            services.contact_pause(contact=contact, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Clock paused")
            return redirect(contact)
    return _contact_page(request, contact, form, status=400)


@require_POST
@role_required()
def contact_resume(request: HttpRequest, reference: str) -> HttpResponse:
    contact = selectors.contact_get_for_user(request.user, reference)
    services.contact_resume(contact=contact)
    messages.success(
        request, "Clock restarted: the due dates have moved on by the working days it was paused"
    )
    return redirect(contact)
