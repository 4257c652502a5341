"""The sanctions register: every customer with sanctions or disengagement in force,
visible to all staff (Natural England step 3: "Access to information on customers that
have sanctions applied will be available to colleagues"), on screen and as CSV."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from contactpolicy.access import role_required
from contactpolicy.csvfiles import csv_lines, streaming_csv
from contactpolicy.exports import counted, record_export
from restrictions.register_forms import RegisterFilterForm
from restrictions.register_selectors import register_cases, register_row, register_rows

REGISTER_PAGE_SIZE = 25
# Cases read, with their sanctions and scoped cases, a chunk at a time.
CSV_CHUNK = 500
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


@require_safe
@role_required()
def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The same rows as the screen, with the same filters, all of them, streamed a chunk
    of cases at a time and recorded as an export."""
    form = RegisterFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    export = record_export(
        request.user,
        kind="register",
        description="Sanctions register",
        file_format="csv",
        filters={key: value for key, value in filters.items() if value},
    )
    cases = register_cases(**filters, today=today).iterator(chunk_size=CSV_CHUNK)
    rows = (register_csv_row(register_row(case, today)) for case in cases)
    return streaming_csv(
        csv_lines(CSV_HEADERS, counted(export, rows)),
        f"sanctions-register-{today:%Y-%m-%d}.csv",
    )


def register_csv_row(row) -> tuple:
    return (
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
