"""The sanctions register: every customer with sanctions or disengagement in force,
visible to all staff (Natural England step 3: "Access to information on customers that
have sanctions applied will be available to colleagues"), on screen and as CSV."""

import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from contactpolicy.access import role_required
from restrictions.register_forms import RegisterFilterForm
from restrictions.register_selectors import register_cases, register_rows

REGISTER_PAGE_SIZE = 25
CSV_HEADERS = [
    "Customer reference",
    "Customer",
    "Stage",
    "What applies",
    "Since",
    "Next review",
    "Review overdue",
    "Scope",
    "Restriction case",
]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """The cell as text, with a quote before anything a spreadsheet would run."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@role_required()
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    today = timezone.localdate()
    page = Paginator(register_cases(**form.filters(), today=today), REGISTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "selected": form.selected(),
        "page": page,
        "rows": register_rows(page.object_list, today),
        "today": today,
    }
    return TemplateResponse(request, "restrictions/register.html", context)


@role_required()
def register_csv(request: HttpRequest) -> HttpResponse:
    """The same rows as the screen, with the same filters, all of them."""
    form = RegisterFilterForm(request.GET or None)
    today = timezone.localdate()
    rows = register_rows(register_cases(**form.filters(), today=today), today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sanctions-register-{today:%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")  # so that spreadsheet software reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_HEADERS)
    for row in rows:
        writer.writerow(
            csv_safe(cell)
            for cell in (
                row.customer.reference,
                row.customer.name,
                row.stage,
                "; ".join(row.applies),
                row.since.isoformat() if row.since else "",
                row.review_due.isoformat() if row.review_due else "",
                "Yes" if row.review_overdue else "No",
                row.scope,
                row.case.reference,
            )
        )
    return response
