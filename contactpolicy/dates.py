"""Dates as staff read them: short where space is short, with the year whenever it is not
this year, so that a mistyped year ("3 Jan" of 2062) shows itself."""

import datetime

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR

# Written out as Django's date format writes "D j M", "l j F", " Y" and "H:i" (with its
# translated names), without parsing a format string for every date of a list.


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _year(value, today: datetime.date | None) -> str:
    today = today or timezone.localdate()
    return "" if value.year == today.year else f" {value.year:04d}"


def short_date(value, today: datetime.date | None = None) -> str:
    """ "Wed 3 Jan", or "Wed 3 Jan 2025" outside the current year."""
    value = _local(value)
    return (
        f"{WEEKDAYS_ABBR[value.weekday()]} {value.day} {MONTHS_3[value.month].title()}"
        f"{_year(value, today)}"
    )


def short_datetime(value, today: datetime.date | None = None) -> str:
    """ "Wed 3 Jan, 14:30", or "Wed 3 Jan 2025, 14:30" outside the current year."""
    value = _local(value)
    return f"{short_date(value, today)}, {value.hour:02d}:{value.minute:02d}"


def day_and_date(value, today: datetime.date | None = None) -> str:
    """ "Wednesday 3 January", or "Wednesday 3 January 2025" outside the current year."""
    value = _local(value)
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month]}{_year(value, today)}"
