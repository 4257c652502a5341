"""The report on screen, the records behind each figure, and the report as CSV."""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from contactpolicy.csvfiles import csv_safe
from contactpolicy.exports import record_export
from contactpolicy.selectors import profile_get_active
from screens import access
from screens.reports import pdf, records
from screens.reports.figures import build_report, figure_records
from screens.reports.forms import ReportForm
from screens.reports.model import Figure, Report, Unit

CSV_HEADERS = ("Section", "Table", "Row", "Column", "Key", "Label", "Value", "Unit")
FEWER_THAN_FIVE = "fewer than 5"
UNIT_WORDS = {Unit.COUNT: "count", Unit.PERCENT: "per cent", Unit.WORKING_DAYS: "working days"}


def _form(request: HttpRequest) -> tuple[ReportForm, object]:
    access.require_report_reader(request.user)
    profile = profile_get_active()
    form = ReportForm(
        request.GET or None, user=request.user, profile=profile, today=timezone.localdate()
    )
    return form, profile


def _query(report: Report) -> str:
    return urlencode({**report.period.query(), **report.scope.query()})


@require_safe
def report(request: HttpRequest) -> HttpResponse:
    form, profile = _form(request)
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "screens/reports/report.html", {"form": form}, status=400)
    the_report = _report_for(request, form, profile)
    context = {
        "form": form,
        "report": the_report,
        "query": _query(the_report),
        "suppresses_small": profile.report_csv_suppresses_small_figures,
    }
    return TemplateResponse(request, "screens/reports/report.html", context)


def _report_for(request: HttpRequest, form: ReportForm, profile) -> Report:
    period, scope = _chosen(form)
    access.require_scope(request.user, scope)
    return build_report(profile, period, scope, today=form.today)


def _chosen(form: ReportForm):
    if form.is_bound:
        return form.period, form.scope
    form.cleaned_data = {}
    return form.period, form.scope


@require_safe
def report_records(request: HttpRequest, key: str) -> HttpResponse:
    form, profile = _form(request)
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "screens/reports/report.html", {"form": form}, status=400)
    period, scope = _chosen(form)
    access.require_scope(request.user, scope)
    found = figure_records(key, profile, period, scope, today=form.today)
    if found is None:
        raise Http404("No figure of the report has that name.")
    counted, rows = found
    kind = counted.kind.key
    page = Paginator(records.ordered(kind, rows), records.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "counted": counted,
        "period": period,
        "scope": scope,
        "page": page,
        "rows": records.shown(kind, page.object_list),
        "when": records.WHEN[kind],
        "page_size": records.PAGE_SIZE,
        "query": urlencode({**period.query(), **scope.query()}),
    }
    return TemplateResponse(request, "screens/reports/records.html", context)


def _csv_value(figure: Figure, suppress_small: bool) -> str:
    if figure.value is None:
        return figure.shown
    if suppress_small and figure.small:
        return FEWER_THAN_FIVE
    return str(figure.value)


def report_csv_rows(report: Report, *, suppress_small: bool) -> list[list[str]]:
    """One row per figure, in the order the page shows them."""
    rows = [list(CSV_HEADERS)]

    def row(section, table, row_label, column, figure: Figure) -> None:
        rows.append(
            [
                csv_safe(cell)
                for cell in (
                    section,
                    table,
                    row_label,
                    column,
                    figure.key,
                    figure.label,
                    _csv_value(figure, suppress_small),
                    UNIT_WORDS[figure.unit],
                )
            ]
        )

    for section in report.sections:
        for figure in section.figures:
            row(section.title, "", "", "", figure)
        for table in section.tables:
            for table_row in table.rows:
                for column, figure in zip(table.columns, table_row.figures, strict=True):
                    row(section.title, table.title, table_row.label, column, figure)
    return rows


def _downloaded(request: HttpRequest, file_format: str):
    """The report chosen by the query string, recorded as an export before it is sent;
    or the page with its errors."""
    form, profile = _form(request)
    if form.is_bound and not form.is_valid():
        return None, TemplateResponse(
            request, "screens/reports/report.html", {"form": form}, status=400
        )
    the_report = _report_for(request, form, profile)
    record_export(
        request.user,
        kind="report",
        description=f"Report: {the_report.period.label}, {the_report.scope.label}",
        file_format=file_format,
        filters={**the_report.period.query(), **the_report.scope.query()},
    )
    return (the_report, profile), None


def _file_name(report: Report, extension: str) -> str:
    name = report.period.code or f"{report.period.start:%Y-%m-%d}-to-{report.period.end:%Y-%m-%d}"
    return f'attachment; filename="report-{name}.{extension}"'


@require_safe
def report_csv(request: HttpRequest) -> HttpResponse:
    chosen, refused = _downloaded(request, "csv")
    if refused:
        return refused
    the_report, profile = chosen
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        report_csv_rows(the_report, suppress_small=profile.report_csv_suppresses_small_figures)
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _file_name(the_report, "csv")
    return response


@require_safe
def report_pdf(request: HttpRequest) -> HttpResponse:
    chosen, refused = _downloaded(request, "pdf")
    if refused:
        return refused
    the_report, profile = chosen
    response = HttpResponse(pdf.report_pdf(the_report, profile=profile), "application/pdf")
    response["Content-Disposition"] = _file_name(the_report, "pdf")
    return response
