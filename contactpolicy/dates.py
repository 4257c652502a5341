"""Dates as staff read them: short where space is short, with the year whenever it is not
this year, so that a mistyped year ("3 Jan" of 2062) shows itself."""

import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _with_year(value, day_format: str, today: datetime.date | None) -> str:
    today = today or timezone.localdate()
    if value.year != today.year:
        day_format += " Y"
    return date_format(value, day_format)


def short_date(value, today: datetime.date | None = None) -> str:
    """ "Wed 3 Jan", or "Wed 3 Jan 2025" outside the current year."""
    return _with_year(_local(value), "D j M", today)


def short_datetime(value, today: datetime.date | None = None) -> str:
    """ "Wed 3 Jan, 14:30", or "Wed 3 Jan 2025, 14:30" outside the current year."""
    value = _local(value)
    return f"{_with_year(value, 'D j M', today)}, {date_format(value, 'H:i')}"


def day_and_date(value, today: datetime.date | None = None) -> str:
    """ "Wednesday 3 January", or "Wednesday 3 January 2025" outside the current year."""
    return _with_year(_local(value), "l j F", today)
