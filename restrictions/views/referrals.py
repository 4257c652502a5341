"""Referrals about a customer (DESIGN.md §8): every member of staff can read them; line
managers and above record them and mark the customer as informed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.access import customer_get_for_user
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.roles import MANAGER_ROLES, post_label
from contactpolicy.selectors import profile_get_active
from restrictions import access
from restrictions.models import ReferralKind
from restrictions.referral_forms import PoliceReportNotMadeForm, ReferralForm
from restrictions.referral_selectors import post_holders, referrals_context
from restrictions.referral_services import (
    incident_police_report_not_made,
    referral_customer_informed,
    referral_record,
)


@role_required()
def referral_list(request: HttpRequest, reference: str) -> HttpResponse:
    customer = customer_get_for_user(request.user, reference)
    context = referrals_context(customer=customer, user=request.user)
    return TemplateResponse(request, "restrictions/referrals.html", context)


@role_required()
@once_per_submission
def referral_create(request: HttpRequest, reference: str) -> HttpResponse:
    profile = profile_get_active()
    customer = access.customer_get_for_referral(request.user, reference, profile)
    consultation = {}
    if profile.police_consultation_role:
        role, title = profile.police_consultation_role, profile.police_consultation_title
        consultation = {
            "consultees": post_holders(role, title),
            "consulted_post": post_label(role, title),
        }
    form = ReferralForm(
        request.POST or None,
        customer=customer,
        kinds=access.referral_kinds_for(request.user, profile),
        initial=_initial(request, customer),
        **consultation,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = referral_record(
                actor=request.user,
                customer=customer,
                kind=data["kind"],
                recipient=data["recipient"],
                made_on=data["made_on"],
                incidents=data["incidents"],
                external_reference=data["external_reference"],
                what_was_shared=data["what_was_shared"],
                basis=data["basis"],
                notes=data["notes"],
                without_warning=data["without_warning"],
                inform_customer_by=data["inform_customer_by"],
                consulted=data["consulted_user"],
                consulted_on=data["consulted_on"],
                consultation_advice=data["consultation_advice"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{referral.get_kind_display()} recorded")
            if referral.kind == ReferralKind.AGENT_CLIENT and access.may_propose(request.user):
                # Natural England, "Agents / contractors": the client contacted, the
                # disengagement the prompt held back may now be proposed.
                where = reverse(
                    "restrictions:decision_propose", kwargs={"reference": customer.reference}
                )
                return redirect(f"{where}?kind=disengage")
            return redirect("restrictions:referrals", reference=customer.reference)
    context = {"form": form, "customer": customer, "profile": profile}
    return TemplateResponse(request, "restrictions/referral_form.html", context)


def _initial(request: HttpRequest, customer) -> dict:
    """What a link from a prompt fills in: the kind, and the incident it is about."""
    initial = {}
    if request.GET.get("kind") in ReferralKind.values:
        initial["kind"] = request.GET["kind"]
    if initial.get("kind") == ReferralKind.AGENT_CLIENT:
        # Natural England, "Agents / contractors": the agent's clients, as linked.
        clients = [link.other.name for link in customer.links.all() if link.kind == "agent_for"]
        if clients:
            initial["recipient"] = ", ".join(clients)[:300]
    incident = customer.incidents.filter(reference=request.GET.get("incident", "")[:20]).first()
    if incident is not None:
        initial["incidents"] = [incident.pk]
    return initial


@require_POST
@role_required(*MANAGER_ROLES)
def referral_mark_informed(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.referral_get_for_user(request.user, pk)
    try:
        referral_customer_informed(referral=referral, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{referral.customer.name} recorded as told of the referral")
    return redirect("restrictions:referrals", reference=referral.customer.reference)


@role_required(*MANAGER_ROLES)
@once_per_submission
def police_report_not_made(request: HttpRequest, reference: str) -> HttpResponse:
    """Record why an incident the policy always reports to the police was not reported
    (IPCC §4, Tamworth §9): the customer's page asks for the report until then."""
    incident = access.incident_get_for_police_report(request.user, reference)
    form = PoliceReportNotMadeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident_police_report_not_made(
                actor=request.user, incident=incident, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Reason for not reporting {incident.reference} recorded")
            return redirect(incident.customer)
    context = {"form": form, "incident": incident, "customer": incident.customer}
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "restrictions/police_report_not_made.html", context, status=status
    )
