"""Recording an incident: the form is the cases app's, the use case spans two apps.

An incident is evidence (cases), and for a customer whose restriction was lifted it puts
the restriction back to monitoring (DESIGN.md §4), so the screen calls the restrictions
service that does both in one transaction (ADR 0004: a use case spanning apps lives in the
higher app; the screen that combines them lives here).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from cases import access
from cases.incident_forms import IncidentForm
from cases.services import incident_mark_extreme
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import profile_get_active, services_offered
from restrictions.incident_services import incident_record_and_reopen

RECENT_CONTACTS = 20

# The service names the moment `occurred_at`; the form asks for it as a date and a time.
SERVICE_FIELDS = {"occurred_at": "occurred_date", "reported_at": "reported_date"}


@role_required()
@once_per_submission
def incident_record(request: HttpRequest, reference: str) -> HttpResponse:
    """Any member of staff records an incident from the customer's page (DESIGN.md §3)."""
    customer = access.customer_get_for_user(request.user, reference)
    profile = profile_get_active()
    contacts = list(customer.contacts.order_by("-received_at", "-pk")[:RECENT_CONTACTS])
    form = IncidentForm(
        request.POST if request.method == "POST" else None,
        categories=profile.behaviour_categories.all(),
        contacts=contacts,
        may_mark_extreme=bool(access.may_mark_extreme(request.user, profile)),
        police_question=profile.police_always_reported,
        services=services_offered(),
        initial={"service": str(request.user.service_id or "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = incident_record_and_reopen(
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
                extreme=data["extreme"],
                police_report_required=data["police_report_required"],
                reported_to=data["reported_to"] or "",
                reported_at=data["reported_at"],
                report_reference=data["report_reference"],
                service=data["service_object"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, f"Incident {incident.reference} recorded")
            # The incident's page asks for the report the policy always makes, if it is due.
            return redirect(incident)
    context = {"customer": customer, "form": form, "profile": profile}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "cases/incident_form.html", context, status=status)


@require_POST
@role_required()
def incident_extreme(request: HttpRequest, reference: str) -> HttpResponse:
    """Mark an incident's behaviour as extreme, for those the profile names."""
    incident = access.incident_get_for_user(request.user, reference)
    try:
        incident_mark_extreme(actor=request.user, incident=incident)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Incident {incident.reference} marked as extreme behaviour")
    return redirect(incident)
