"""The screens that combine several apps: the dashboard, Log a contact, the customer page.

Each app keeps the screens of its own noun; the pages that show a customer's contacts
beside their restriction, incidents beside the decisions they led to, or everyone's
contacts due, live here, the one place that may import every app (ADR 0004).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from appeals import rules as appeal_rules
from appeals import selectors as appeal_selectors
from cases import access, selectors, services
from cases.forms import (
    TOPIC_ANSWERS,
    ContactForm,
    DashboardFilterForm,
    PauseForm,
    WhoFrom,
    local_moment,
)
from cases.matter_forms import ContactCaseForm
from cases.models import Case, Customer, Incident, LegalHold
from cases.timeline import CONTACTS, customer_timeline_page
from contactpolicy.access import STAFF_ROLES, role_required
from contactpolicy.choices import Channel, ContactKind, TimeUnit
from contactpolicy.dashboard import greeting_for
from contactpolicy.forms import GovukDateField, GovukTimeField, form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import (
    NoActiveProfile,
    profile_calendar,
    profile_get_active,
    services_kept,
)
from notices import access as notice_access
from notices import selectors as notice_selectors
from restrictions import access as restriction_access
from restrictions import selectors as restriction_selectors
from restrictions.banner import (
    CheckSummary,
    banner_for,
    contact_check_for,
    customers_mark_restricted,
)
from restrictions.contact_log import NewCustomer, contact_log_checked
from restrictions.models import CheckOutcome, Decision
from restrictions.recognition import blocked_sender
from restrictions.referral_selectors import police_reports_due, referrals_context
from restrictions.review_selectors import Queue, review_counts, reviews_in
from screens.email_context import contact_email_context
from screens.timeline import customer_timeline_for

DASHBOARD_PAGE_SIZE = 25
DASHBOARD_REVIEWS = 5  # the soonest of the user's own; the rest on the Reviews page
TIMELINE_PAGE_SIZE = 20


def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in person's start page: a greeting by role and the contacts due."""
    user = request.user
    if user.is_superuser and not user.roles:
        # A superuser with no role is whoever sets the organisation up: the first run says
        # what is left to do, or that it is done and where to go.
        return redirect("first_run")
    try:
        profile = profile_get_active()
    except NoActiveProfile:
        profile = None
    context = {"greeting": greeting_for(user), "profile": profile}
    if profile is not None and user.has_role(*STAFF_ROLES):
        filters = DashboardFilterForm(request.GET or None)
        wanted = filters.cleaned_data if filters.is_valid() else {}
        channel, state = wanted.get("channel", ""), wanted.get("state", "")
        calendar = profile_calendar(profile)
        now = timezone.now()
        sections = [("mine", "Your contacts", [user], "page")]
        if access.may_see_team_contacts(user):
            sections.append(("team", "Your team's contacts", selectors.team_of(user), "team_page"))
        if restriction_access.may_see_decisions(user):
            context["waiting"] = restriction_selectors.approvals_queue(user, profile)
        if restriction_access.may_propose(user):
            context["proposals_answered"] = restriction_selectors.proposals_needing_attention(
                user, now=now
            )
        if appeal_rules.has_appeal_route(profile):
            context["appeals"] = {
                "term": appeal_rules.term(profile),
                "counts": appeal_selectors.appeal_counts(
                    user=user, today=timezone.localdate(), profile=profile
                ),
            }
        if restriction_access.may_see_reviews(user):
            today = timezone.localdate()
            context["reviews"] = review_counts(user, today, profile)
            if context["reviews"]["mine"]:
                mine = reviews_in(Queue.MINE, user=user, today=today, profile=profile)
                context["my_reviews"] = list(mine[:DASHBOARD_REVIEWS])
        context["filters"] = filters
        context["query_string"] = request.GET.urlencode()
        context["sections"] = []
        for key, title, officers, page_param in sections:
            contacts = selectors.open_contacts(
                officers=officers, calendar=calendar, now=now, channel=channel, state=state
            )
            page = Paginator(contacts, DASHBOARD_PAGE_SIZE).get_page(request.GET.get(page_param))
            context["sections"].append(
                {
                    "key": key,
                    "title": title,
                    "page": page,
                    "page_param": page_param,
                    "rows": selectors.contact_rows(page.object_list, calendar, now),
                }
            )
        if notice_access.may_see_issuing_counts(user):
            context["notice_counts"] = notice_selectors.issuing_counts()
    return TemplateResponse(request, "screens/dashboard.html", context)


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
    template = "screens/_lookup_results.html" if request.htmx else "screens/customer_lookup.html"
    return TemplateResponse(request, template, context)


@role_required()
def customer_detail(request: HttpRequest, reference: str) -> HttpResponse:
    can_hold = access.may_hold(request.user)
    customers = Customer.objects.prefetch_related(
        Prefetch("identifiers", queryset=selectors.identifiers_in_use()),
        "links__other",
        "linked_from__customer",
    )
    if can_hold:
        customers = customers.annotate(
            hold_in_force=Exists(LegalHold.objects.in_force().filter(customer=OuterRef("pk")))
        )
    customer = access.customer_get_for_user(request.user, reference, customers)
    profile = profile_get_active()
    calendar = profile_calendar(profile)
    timeline = customer_timeline_page(
        customer,
        request.GET.get("page"),
        TIMELINE_PAGE_SIZE,
        customer_timeline_for(request.user),
    )
    contacts = [entry.item for entry in timeline.entries if entry.kind == CONTACTS.kind]
    rows = {
        row.contact.pk: row for row in selectors.contact_rows(contacts, calendar, timezone.now())
    }
    for entry in timeline.entries:
        if entry.kind == CONTACTS.kind:
            entry.row = rows[entry.item.pk]
    context = {
        "customer": customer,
        "page": timeline.page,
        "entries": timeline.entries,
        "can_see_sensitive": access.may_see_sensitive_notes(request.user),
        "can_take_subject_access": access.may_take_subject_access_export(request.user, profile),
        "can_propose": access.may_see_decisions(request.user),
        "can_hold": can_hold,
        "hold_in_force": getattr(customer, "hold_in_force", False),
        "cases": selectors.customer_cases(customer),
        # The timeline shows a decision's reasons and links to it for managers only.
        "can_see_decisions": restriction_access.may_see_decisions(request.user),
        "banner": banner_for(customer, script=profile.termination_script, officer=request.user),
        **referrals_context(customer=customer, user=request.user, profile=profile),
    }
    return TemplateResponse(request, "screens/customer_detail.html", context)


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
    known["different_topic"] = TOPIC_ANSWERS.get(data.get("different_topic", ""))
    return known


@role_required()
@once_per_submission
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
        customer = (
            Customer.objects.prefetch_related(
                Prefetch("identifiers", queryset=selectors.identifiers_in_use())
            )
            .filter(reference=chosen)
            .first()
        )
    data = request.POST if request.method == "POST" else request.GET
    banner = banner_for(
        customer,
        script=profile.termination_script,
        officer=request.user,
        **_contact_in_hand(data, customer),
    )
    recognition = None
    if customer is None:
        recognition = _recognise(
            data.get("sender", "")[:300],
            data,
            script=profile.termination_script,
            officer=request.user,
        )
    if request.htmx and request.method == "GET" and request.GET.get("fragment") == "sender":
        return TemplateResponse(
            request, "screens/_sender_recognised.html", {"recognition": recognition}
        )
    if request.htmx and request.method == "GET" and request.GET.get("fragment") == "banner":
        return TemplateResponse(
            request,
            "restrictions/_sanction_banner_swap.html",
            # The banner's link to the topic question, which this page asks.
            {"banner": banner, "topic_question": True},
        )
    initial = {
        "customer": customer.reference if customer else None,
        "who": WhoFrom.EXISTING if customer else None,
        "channel": request.GET.get("channel") or None,
        "sender": request.GET.get("sender", "")[:300] or None,
    }
    form = ContactForm(request.POST or None, initial=initial, profile=profile, restriction=banner)
    if request.method == "POST" and form.is_valid():
        try:
            contact, check = _log_contact(request.user, form, profile)
        except ValidationError as error:
            form_add_service_errors(form, error, fields=form.new_customer_errors)
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
        "media_due": media_due_sentence(profile),
        "customer": customer,
        "banner": banner,
        "recognition": recognition,
        "query": query,
        "customers": customers_mark_restricted(selectors.customer_lookup(query)) if query else [],
    }
    return TemplateResponse(request, "screens/contact_form.html", context)


def _recognise(sender: str, data, *, script: str, officer) -> dict | None:
    """Who the sender's number or address belongs to, offered before staff search, and
    whether it is blocked by a restriction (DESIGN.md §5). None when nothing is known.

    When it belongs to a customer under a restriction (or is blocked by one), that
    customer's sanction banner comes with it, for the contact as far as it is known, so
    staff see what applies before they engage with a caller they could not identify.
    """
    if not sender.strip():
        return None
    customers = customers_mark_restricted(selectors.customers_recognised_by(sender))
    blocked = blocked_sender(sender)
    if not customers and blocked is None:
        return None
    kind = (selectors.sender_identifier(sender) or ("",))[0]
    noun = {"email": "address", "social": "handle", "phone": "number"}.get(kind, "identifier")
    restricted = (
        blocked.customer
        if blocked is not None
        else next((c for c in customers if c.restriction_stage), None)
    )
    banner = None
    if restricted is not None:
        banner = banner_for(
            restricted, script=script, officer=officer, **_contact_in_hand(data, restricted)
        )
    return {
        "customers": customers,
        "blocked": blocked,
        "noun": noun,
        "banner": banner,
        "sender": sender,
        "channel": data.get("channel", "") if data.get("channel", "") in Channel.values else "",
    }


def media_due_sentence(profile) -> str:
    """When a media enquiry's response is due, from the active profile's media standard
    (BTPA §7.1–7.2: "the deadline stipulated by the inquirer or within 3 hours"), or ""
    when its policy sets none: no organisation is told another's standard."""
    standard = next(
        (s for s in profile.service_standards.all() if s.kind == ContactKind.MEDIA and s.tracked),
        None,
    )
    if standard is None:
        return ""
    parts = []
    if standard.requester_deadline_applies:
        parts.append("by the journalist's deadline")
    if standard.respond_value and standard.respond_unit:
        unit = TimeUnit(standard.respond_unit).label.lower()
        if standard.respond_value == 1:
            unit = unit.removesuffix("s")
        parts.append(f"within {standard.respond_value} {unit}")
    if not parts:
        return ""
    sooner = ", whichever is sooner" if len(parts) > 1 else ""
    source = f" ({standard.source})" if standard.source else ""
    return f"The response is due {' or '.join(parts)}{sooner}{source}."


def _log_contact(user, form: ContactForm, profile) -> tuple:
    """Hand what the form read to the one service that logs and checks a contact."""
    data = form.cleaned_data
    new_customer = None
    if data["who"] == WhoFrom.NEW:
        new_customer = NewCustomer(
            name=data["new_name"],
            kind=data["new_kind"] or "individual",
            preferred_language=data["language"] if data["language"] != "other" else "en",
            identifiers=form.new_customer_identifiers(),
            **form.new_customer_greeting(),
        )
    return contact_log_checked(
        actor=user,
        details=form.contact_details(),
        customer=data["customer"] if data["who"] == WhoFrom.EXISTING else None,
        new_customer=new_customer,
        restriction=form.restriction if form.checks_restriction else None,
        instruction_followed=data["instruction_followed"],
        different_topic=data["different_topic"],
        new_information=data["new_information"],
        profile=profile,
    )


def _breach_message(check: CheckSummary) -> str:
    if check.exclusion_breached:
        return (
            "Recorded as a breach of the exclusion: a review of the restriction has been "
            "opened, and the exclusion may be extended"
        )
    return "Recorded as a breach of the restriction: no reply is due"


@role_required()
def contact_detail(request: HttpRequest, reference: str) -> HttpResponse:
    contact = access.contact_get_for_user(request.user, reference)
    return _contact_page(request, contact, PauseForm())


def _contact_page(
    request: HttpRequest, contact, pause_form, status: int = 200, reply_form=None
) -> HttpResponse:
    calendar = profile_calendar(profile_get_active())
    [row] = selectors.contact_rows([contact], calendar, timezone.now())
    cases = selectors.customer_cases(contact.customer) if contact.customer else []
    context = {
        "contact": contact,
        "row": row,
        "pause_form": pause_form,
        "restriction_check": contact_check_for(contact),
        "can_work_on": access.may_work_on_contact(request.user, contact),
        "reassignments": contact.reassignments.select_related(
            "from_officer", "to_officer", "reassigned_by"
        ),
        "case_form": ContactCaseForm(
            initial={"case": contact.case.reference if contact.case else ""}, cases=cases
        ),
        **contact_email_context(request.user, contact, reply_form),
    }
    return TemplateResponse(request, "screens/contact_detail.html", context, status=status)


@require_POST
@role_required()
def contact_pause(request: HttpRequest, reference: str) -> HttpResponse:
    """Pause a contact's clocks; a refusal redisplays the contact's page with its reason."""
    contact = access.contact_get_to_work_on(request.user, reference)
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            services.contact_pause(contact=contact, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Clock paused")
            return redirect(contact)
    return _contact_page(request, contact, form, status=400)


@role_required()
def incident_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """An incident, and for managers the decisions it led to. Casework staff only."""
    incident = access.incident_get_for_user(
        request.user,
        reference,
        Incident.objects.select_related(
            "customer",
            "category",
            "contact",
            "recorded_by",
            "police_report_not_made_by",
            "service",
        ).prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("-created_at", "-pk"))
        ),
    )
    context = {
        "incident": incident,
        "customer": incident.customer,
        "can_see_decisions": access.may_see_decisions(request.user),
        "can_propose": access.may_see_decisions(request.user),
        # Which service it happened in, where the organisation keeps a list of them.
        "asks_service": incident.service_id is not None or services_kept(),
        "can_mark_extreme": not incident.is_extreme
        and bool(access.may_mark_extreme(request.user, profile_get_active())),
        # IPCC §4, Tamworth §9: the report the policy always makes, asked for here too
        # until it is made or a reason is recorded.
        "police_reports_due": [i for i in police_reports_due(incident.customer) if i == incident]
        if incident.police_report_required
        else [],
        "can_record_referrals": bool(restriction_access.may_record_some_referral(request.user)),
    }
    return TemplateResponse(request, "screens/incident_detail.html", context)
