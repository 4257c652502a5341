"""Clocks the law sets, whatever an organisation's policy says.

A freedom of information request is answered within 20 working days (Freedom of
Information Act 2000, s.10) and a subject access request within one calendar month (UK GDPR
Art. 12(3)). A profile may promise sooner; it cannot promise later, nor leave them untimed.
`cases.clocks` applies them; the profile's edit screen names them beside the kinds of
contact its standards leave uncovered. The dates come from `contactpolicy.workcalendar`.
"""

from datetime import datetime

from contactpolicy.choices import ContactKind, TimeUnit
from contactpolicy.workcalendar import (
    WorkCalendar,
    add_uk_working_days,
    end_of_local_day,
    to_local,
)


def _foi_due(calendar: WorkCalendar, received: datetime) -> datetime:
    # Freedom of Information Act 2000 s.10(1): "not later than the twentieth working day
    # following the date of receipt", working days as s.10(6) counts them.
    return end_of_local_day(add_uk_working_days(to_local(received).date(), 20))


def _sar_due(calendar: WorkCalendar, received: datetime) -> datetime:
    # UK GDPR Art. 12(3): "within one month of receipt". The ICO reads it as the same date
    # next month (the month's last day when it has none), moved to the next working day
    # when that is a weekend or bank holiday; the organisation's closure days do not count.
    statutory = WorkCalendar(region=calendar.region)
    return end_of_local_day(
        statutory.deadline(to_local(received).date(), 1, TimeUnit.CALENDAR_MONTHS)
    )


# Requests whose answer the law times, whatever the profile says (ADR 0002): the response
# is due by the statutory day, or by the profile's own target when that is earlier.
STATUTORY_RESPONSE = {
    ContactKind.FOI: _foi_due,
    ContactKind.SAR: _sar_due,
}


def statutory_respond_due(calendar: WorkCalendar, kind: str, received: datetime) -> datetime | None:
    """When the law requires a response to a contact of `kind`, or None if it sets no limit."""
    due = STATUTORY_RESPONSE.get(kind)
    return due(calendar, received) if due else None
