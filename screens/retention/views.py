"""The legal hold on a customer: managers place and lift it, with a reason each time."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from cases import access
from cases.hold_services import legal_hold_lift, legal_hold_place
from cases.models import LegalHold
from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.roles import MANAGER_ROLES
from screens.retention.forms import HoldLiftForm, HoldPlaceForm


@role_required(*MANAGER_ROLES)
@once_per_submission
def legal_hold(request: HttpRequest, reference: str) -> HttpResponse:
    """The customer's holds, past and present, and the form that places one or lifts the
    one in force. Three queries whatever the customer's history: the customer, the holds
    with who placed and lifted them, and the session's user."""
    customer = access.customer_get_to_hold(request.user, reference)
    holds = list(
        LegalHold.objects.filter(customer=customer).select_related("placed_by", "lifted_by")
    )
    in_force = next((hold for hold in holds if hold.in_force), None)
    form_class = HoldLiftForm if in_force else HoldPlaceForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = legal_hold_lift if in_force else legal_hold_place
        try:
            service(actor=request.user, customer=customer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            done = "lifted" if in_force else "placed"
            messages.success(request, f"Legal hold {done} on {customer.name}")
            return redirect("screens:legal_hold", reference=customer.reference)
    context = {"customer": customer, "holds": holds, "in_force": in_force, "form": form}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "screens/legal_hold.html", context, status=status)
