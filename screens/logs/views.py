"""The log pages, their CSV downloads and the record of who took which export.

A page reads one page of rows and the names on it, in a fixed number of queries; a
download streams every row for the same filters, recorded as an export before its first
byte goes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from contactpolicy.csvfiles import streaming_csv
from contactpolicy.exports import record_export
from screens import access
from screens.logs import csv as log_csv
from screens.logs import exports as export_list
from screens.logs import rows as log_rows
from screens.logs.filters import (
    DateRangeForm,
    HateIncidentsFilterForm,
    LogFilters,
    MailLogFilterForm,
)

PAGE_SIZE = 50


@dataclass(frozen=True)
class Log:
    name: str  # the URL name and the export's kind
    title: str
    form: type[DateRangeForm]
    rows: Callable[[LogFilters], QuerySet]
    row: type
    lines: Callable
    filename: str
    summary: str  # what it holds, under the title


MAIL = Log(
    name="mail_log",
    title="Mail and media log",
    form=MailLogFilterForm,
    rows=log_rows.mail_log_rows,
    row=log_rows.MailRow,
    lines=log_csv.mail_log_lines,
    filename="mail-and-media-log",
    summary="Every contact received or sent, and every reply sent, by the day it came or went.",
)
CALLS = Log(
    name="terminated_calls_log",
    title="Terminated calls log",
    form=DateRangeForm,
    rows=log_rows.terminated_call_rows,
    row=log_rows.CallRow,
    lines=log_csv.terminated_calls_lines,
    filename="terminated-calls-log",
    summary="Every telephone call a member of staff ended, with the reason they gave.",
)
HATE = Log(
    name="hate_incidents_log",
    title="Hate and inequality incidents",
    form=HateIncidentsFilterForm,
    rows=log_rows.hate_incident_rows,
    row=log_rows.IncidentRow,
    lines=log_csv.hate_incidents_lines,
    filename="hate-and-inequality-incidents",
    summary="Every incident recorded as a hate incident, with where any police report stands.",
)
LOGS = (MAIL, CALLS, HATE)


def _scope(request: HttpRequest) -> tuple[int | None, str]:
    """The team the reader's logs are limited to, and how the page says so."""
    lead = access.logs_team_lead(request.user)
    if lead is None:
        return None, "the whole organisation"
    return lead.pk, "your team (everyone below you) and your own"


def _range_words(filters: LogFilters) -> str:
    if filters.start and filters.end:
        return f"{filters.start:%-d %B %Y} to {filters.end:%-d %B %Y}"
    if filters.start:
        return f"from {filters.start:%-d %B %Y}"
    if filters.end:
        return f"up to {filters.end:%-d %B %Y}"
    return "all dates"


@dataclass(frozen=True)
class Shown:
    """A row of a log page with the names it shows beside it."""

    row: object
    staff: str = ""
    category: str = ""
    service: str = ""


def _shown(log: Log, rows: list) -> list[Shown]:
    """The page's rows with their names, read for those rows only."""
    if log is HATE:
        staff = log_rows.staff_names(row.recorded_by_id for row in rows)
        categories, services = log_rows.category_names(), log_rows.service_names()
        return [
            Shown(
                row,
                staff.get(row.recorded_by_id, ""),
                categories.get(row.category_id, ""),
                services.get(row.service_id, ""),
            )
            for row in rows
        ]
    who = "officer_id" if log is MAIL else "who_id"
    staff = log_rows.staff_names(getattr(row, who) for row in rows)
    return [Shown(row, staff.get(getattr(row, who), "")) for row in rows]


def _page(request: HttpRequest, log: Log) -> HttpResponse:
    team_lead_id, scope = _scope(request)
    form = log.form(request.GET)
    filters = form.log_filters(team_lead_id)
    page, rows = None, []
    if filters is not None:
        page = Paginator(log.rows(filters), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _shown(log, [log.row(*values) for values in page.object_list])
    context = {
        "log": log,
        "logs": LOGS,
        "form": form,
        "filters": filters,
        "range": _range_words(filters) if filters else "",
        "scope": scope,
        "page": page,
        "rows": rows,
        "may_read_exports": access.may_read_exports(request.user),
    }
    return TemplateResponse(request, f"screens/logs/{log.name}.html", context)


def _csv(request: HttpRequest, log: Log) -> StreamingHttpResponse:
    team_lead_id, scope = _scope(request)
    form = log.form(request.GET)
    filters = form.log_filters(team_lead_id)
    if filters is None:
        raise BadRequest("The filters are not valid.")
    export = record_export(
        request.user,
        kind=log.name,
        description=", ".join([log.title, _range_words(filters), *form.chosen_words(), scope]),
        file_format="csv",
        filters=filters.as_record(),
    )
    return streaming_csv(
        log.lines(filters, export),
        f"{log.filename}-{timezone.localdate():%Y-%m-%d}.csv",
    )


@require_safe
def mail_log(request: HttpRequest) -> HttpResponse:
    return _page(request, MAIL)


@require_safe
def mail_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv(request, MAIL)


@require_safe
def terminated_calls_log(request: HttpRequest) -> HttpResponse:
    return _page(request, CALLS)


@require_safe
def terminated_calls_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv(request, CALLS)


@require_safe
def hate_incidents_log(request: HttpRequest) -> HttpResponse:
    return _page(request, HATE)


@require_safe
def hate_incidents_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv(request, HATE)


@require_safe
def exports(request: HttpRequest) -> HttpResponse:
    access.require_exports_reader(request.user)
    form = export_list.ExportFilterForm(request.GET)
    chosen = form.chosen()
    page = None
    if chosen is not None:
        page = Paginator(export_list.exports_taken(**chosen), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    context = {
        "form": form,
        "page": page,
        "kinds": export_list.KIND_LABELS,
        "logs": LOGS,
        "may_read_logs": access.may_read_logs(request.user),
    }
    return TemplateResponse(request, "screens/logs/exports.html", context)
