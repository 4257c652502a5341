"""Incidents: record behaviour that caused concern, and show it. Thin views over services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from cases import selectors, services
from cases.incident_forms import IncidentForm
from cases.models import Incident
from cases.views import _apply_errors
from contactpolicy.access import role_required
from contactpolicy.selectors import profile_get_active
from restrictions.models import Decision

RECENT_CONTACTS = 20

# The service names the moment `occurred_at`; the form asks for it as a date and a time.
SERVICE_FIELDS = {"occurred_at": "occurred_date", "reported_at": "reported_date"}


def _service_errors(form: IncidentForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {SERVICE_FIELDS.get(field, field): errors for field, errors in error.error_dict.items()}
        )
    _apply_errors(form, error)


@role_required()
def incident_record(request: HttpRequest, reference: str) -> HttpResponse:
    """Any member of staff records an incident from the customer's page (DESIGN.md §3)."""
    customer = selectors.customer_get_for_user(request.user, reference)
    profile = profile_get_active()
    contacts = list(customer.contacts.order_by("-received_at", "-pk")[:RECENT_CONTACTS])
    form = IncidentForm(
        request.POST if request.method == "POST" else None,
        categories=profile.behaviour_categories.all(),
        contacts=contacts,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_record(
                recorded_by=request.user,
                customer=customer,
                category=data["category_object"],
                occurred_at=data["occurred_at"],
                channel=data["channel"],
                description=data["description"],
                staff_affected=data["staff_affected"],
                contact=data["contact_object"],
                severity=data["severity"],
                hate_incident=data["hate_incident"],
                reported_to=data["reported_to"] or "",
                reported_at=data["reported_at"],
                report_reference=data["report_reference"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Incident {incident.reference} recorded")
            return redirect(incident)
    context = {"customer": customer, "form": form, "profile": profile}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "cases/incident_form.html", context, status=status)


@role_required()
def incident_detail(request: HttpRequest, reference: str) -> HttpResponse:
    incidents = Incident.objects.select_related(
        "customer", "category", "contact", "recorded_by"
    ).prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.order_by("-created_at", "-pk"))
    )
    try:
        incident = incidents.get(reference=reference.upper())
    except Incident.DoesNotExist as error:
        raise Http404("No incident has that reference.") from error
    context = {
        "incident": incident,
        "customer": incident.customer,
        "can_see_decisions": request.user.is_manager,
    }
    return TemplateResponse(request, "cases/incident_detail.html", context)
