"""Whether to seek a court injunction to support a building exclusion (Tamworth §8): the
decision of the post the profile names, recorded from the restriction case's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from contactpolicy.access import role_required
from contactpolicy.forms import form_add_service_errors
from contactpolicy.idempotency import once_per_submission
from contactpolicy.selectors import profile_get_active
from restrictions import access
from restrictions.enforcement import describe
from restrictions.injunction_forms import InjunctionForm
from restrictions.injunction_services import injunction_decide


@role_required()
@once_per_submission
def injunction_decision(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = access.exclusion_get_for_injunction(request.user, pk)
    case = sanction.restriction_case
    form = InjunctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            injunction_decide(
                actor=request.user,
                sanction=sanction,
                seek=data["seek"] == "yes",
                reason=data["reason"],
                decided_on=data["decided_on"],
                court=data["court"],
                applied_on=data["applied_on"],
                court_outcome=data["court_outcome"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Injunction decision recorded")
            return redirect(case)
    context = {
        "form": form,
        "sanction": sanction,
        "described": describe(sanction),
        "case": case,
        "customer": case.customer,
        "profile": profile_get_active(),
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "restrictions/injunction_form.html", context, status=status)
