"""Each log as CSV lines for given filters, streamed by the views and timed by the
benchmarks: rows read a chunk at a time, names resolved from dictionaries read once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone

from cases.models import ReportedTo, Severity
from contactpolicy.choices import Channel
from contactpolicy.csvfiles import csv_lines
from contactpolicy.exports import counted
from contactpolicy.models import Export
from screens.logs import rows as log_rows
from screens.logs.filters import LogFilters

# Rows fetched from the database at a time: big enough to be quick, small enough that
# memory stays flat whatever the size of the log.
CHUNK = 2000

CHANNELS = dict(Channel.choices)
SEVERITIES, REPORTED_TO = dict(Severity.choices), dict(ReportedTo.choices)


def moment(value: datetime.datetime | None) -> str:
    """Local date and time, as a spreadsheet sorts it."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _lines(headers, rows: Iterable, export: Export | None) -> Iterator[str]:
    return csv_lines(headers, counted(export, rows) if export else rows)


MAIL_HEADERS = (
    "Date and time",
    "Entry",
    "Channel",
    "Kind",
    "Contact reference",
    "Customer reference",
    "Customer",
    "From or to as given",
    "Officer",
)


def mail_log_lines(filters: LogFilters, export: Export | None = None) -> Iterator[str]:
    officers = log_rows.staff_names()
    for_csv = (
        (
            moment(row.moment),
            row.entry_label,
            row.channel_label,
            row.kind_label,
            row.reference,
            row.customer_reference or "",
            row.customer_name or "Not known",
            row.sender,
            officers.get(row.officer_id, ""),
        )
        for row in (
            log_rows.MailRow(*values)
            for values in log_rows.mail_log_rows(filters).iterator(chunk_size=CHUNK)
        )
    )
    return _lines(MAIL_HEADERS, for_csv, export)


CALL_HEADERS = (
    "Date and time",
    "Contact reference",
    "Customer reference",
    "Customer",
    "Caller as given",
    "Ended by",
    "Length in minutes",
    "Reason for ending the call",
)


def terminated_calls_lines(filters: LogFilters, export: Export | None = None) -> Iterator[str]:
    staff = log_rows.staff_names()
    for_csv = (
        (
            moment(row.received_at),
            row.reference,
            row.customer_reference or "",
            row.customer_name or "Not known",
            row.sender,
            staff.get(row.who_id, ""),
            "" if row.duration_minutes is None else row.duration_minutes,
            row.ended_reason,
        )
        for row in (
            log_rows.CallRow(*values)
            for values in log_rows.terminated_call_rows(filters).iterator(chunk_size=CHUNK)
        )
    )
    return _lines(CALL_HEADERS, for_csv, export)


INCIDENT_HEADERS = (
    "Date and time",
    "Incident reference",
    "Customer reference",
    "Customer",
    "Category",
    "Service",
    "Channel",
    "Severity",
    "Staff affected",
    "Reported to",
    "Reported on",
    "Report reference",
    "Police report",
    "Recorded by",
)


def hate_incidents_lines(filters: LogFilters, export: Export | None = None) -> Iterator[str]:
    staff = log_rows.staff_names()
    categories, services = log_rows.category_names(), log_rows.service_names()
    for_csv = (
        (
            moment(row.occurred_at),
            row.reference,
            row.customer_reference,
            row.customer_name,
            categories.get(row.category_id, ""),
            services.get(row.service_id, ""),
            CHANNELS.get(row.channel, row.channel),
            SEVERITIES.get(row.severity, row.severity),
            row.staff_affected,
            REPORTED_TO.get(row.reported_to, "") if row.reported_to else "",
            moment(row.reported_at),
            row.report_reference,
            row.police_report,
            staff.get(row.recorded_by_id, ""),
        )
        for row in (
            log_rows.IncidentRow(*values)
            for values in log_rows.hate_incident_rows(filters).iterator(chunk_size=CHUNK)
        )
    )
    return _lines(INCIDENT_HEADERS, for_csv, export)
