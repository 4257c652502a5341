"""The "What we hold" page: each kind of personal data, where it lives, how long it is kept
and the organisation's lawful basis, with a CSV of the same for its records of processing."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from contactpolicy import access, privacy
from contactpolicy.access import role_required
from contactpolicy.exports import counted, record_export
from contactpolicy.forms import LawfulBasisForm, form_add_service_errors
from contactpolicy.selectors import profile_get_active

CSV_HEADER = [
    "Kind of personal data",
    "What it is",
    "Special category data",
    "Where it lives (tables)",
    "Files in storage",
    "Retention",
    "Lawful basis",
    "Condition for special category data",
    "Confirmed by",
    "Confirmed on",
]


@require_safe
@role_required(*access.PRIVACY_ROLES)
def what_we_hold(request: HttpRequest) -> HttpResponse:
    profile = profile_get_active()
    context = {"held": privacy.what_we_hold(profile), "profile": profile}
    return TemplateResponse(request, "contactpolicy/what_we_hold.html", context)


class _Echo:
    def write(self, value):
        return value


def _rows(held):
    yield CSV_HEADER
    for item in held:
        yield [
            item.kind.name,
            item.kind.what,
            "Yes" if item.kind.special_category else "No",
            "; ".join(place.table for place in item.places),
            "; ".join(item.files),
            item.retention,
            item.basis,
            item.condition,
            item.confirmed_by if item.confirmed else "Not yet confirmed",
            timezone.localtime(item.confirmed_at).strftime("%Y-%m-%d") if item.confirmed else "",
        ]


@require_safe
@role_required(*access.PRIVACY_ROLES)
def what_we_hold_csv(request: HttpRequest) -> HttpResponse:
    held = privacy.what_we_hold(profile_get_active())
    export = record_export(
        request.user,
        kind="what_we_hold",
        description="What we hold: personal data by kind, for the records of processing",
        file_format="csv",
    )
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in _rows(held))
    # A dozen rows: built whole, so the export's row count is written before it is sent.
    response = HttpResponse("".join(counted(export, rows)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="what-we-hold.csv"'
    return response


@role_required(*access.PRIVACY_ROLES)
def lawful_basis_edit(request: HttpRequest, kind: str) -> HttpResponse:
    found = privacy.kind_get(kind)
    if found is None:
        raise Http404("No such kind of personal data")
    held = next(item for item in privacy.what_we_hold(profile_get_active()) if item.kind == found)
    initial = {"basis": held.basis, "condition": held.condition}
    form = LawfulBasisForm(request.POST or None, initial=initial, special=found.special_category)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                privacy.lawful_basis_confirm(
                    kind=found,
                    basis=form.cleaned_data["basis"],
                    condition=form.cleaned_data.get("condition", ""),
                    actor=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"Lawful basis for {found.name.lower()} confirmed")
                return redirect("what_we_hold")
    context = {"held": held, "form": form}
    return TemplateResponse(request, "contactpolicy/lawful_basis_form.html", context, status=status)
