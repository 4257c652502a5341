"""The audit log page and its CSV. Reading either is recorded as an `Export` (ADR 0028):
one row for each page read, one for each file taken."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from contactpolicy.csvfiles import csv_lines, streaming_csv
from contactpolicy.exports import SCREEN, counted, record_export
from screens import access
from screens.audit.forms import AuditFilterForm
from screens.audit.selectors import AuditFilters, Cursor, audit_entries, audit_page

HEADERS = (
    "Date and time",
    "Who",
    "Role",
    "Kind",
    "What happened",
    "Record",
    "Changes",
    "Reason",
)


def _description(form: AuditFilterForm, filters: AuditFilters) -> str:
    if filters.start and filters.end:
        when = f"{filters.start:%-d %B %Y} to {filters.end:%-d %B %Y}"
    elif filters.start:
        when = f"from {filters.start:%-d %B %Y}"
    elif filters.end:
        when = f"up to {filters.end:%-d %B %Y}"
    else:
        when = "all dates"
    return ", ".join(["Audit log", when, *form.chosen_words()])


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    access.require_audit_log_reader(request.user)
    form = AuditFilterForm(request.GET)
    filters = form.audit_filters()
    page = None
    if filters is not None:
        page = audit_page(
            filters,
            before=Cursor.parse(request.GET.get("before")),
            after=Cursor.parse(request.GET.get("after")),
        )
        record_export(
            request.user,
            kind="audit_log_read",
            description=_description(form, filters),
            file_format=SCREEN,
            filters=filters.as_record(),
            rows=len(page.entries),
        )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "filtered": any(
            value for name, value in request.GET.items() if name not in ("before", "after")
        ),
    }
    return TemplateResponse(request, "screens/audit/audit_log.html", context)


def _csv_rows(entries):
    for entry in entries:
        yield (
            timezone.localtime(entry.moment).strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor,
            entry.role,
            entry.kind,
            entry.what,
            entry.record,
            "; ".join(str(change) for change in entry.changes),
            entry.reason,
        )


@require_safe
def audit_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    access.require_audit_log_reader(request.user)
    form = AuditFilterForm(request.GET)
    filters = form.audit_filters()
    if filters is None:
        raise BadRequest("The filters are not valid.")
    export = record_export(
        request.user,
        kind="audit_log",
        description=_description(form, filters),
        file_format="csv",
        filters=filters.as_record(),
    )
    return streaming_csv(
        csv_lines(HEADERS, counted(export, _csv_rows(audit_entries(filters)))),
        f"audit-log-{timezone.localdate():%Y-%m-%d}.csv",
    )
