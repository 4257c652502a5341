"""Working days, office hours and due dates: the one answer to "when is this due?".

Every deadline in the product (acknowledgements, full responses, media enquiries, appeals,
reviews) is computed here, from an organisation's calendar: its office hours per weekday, the
bank holidays of its region (from the ``holidays`` package, offline) and its own closure days.

The "day one" rule. BTPA aims "to acknowledge letters within ten working days and provide a
substantive response within 20 working days of receipt" (000_…, §5). The day of receipt is day
zero: day one is the first working day *after* it, so ``add_working_days(received, 1)`` is the
next working day, whatever time of day the letter arrived. A working day is a day that is not a
weekend, a bank holiday or a closure day; BTPA's "office hours are 08.00 to 16.00, Monday to
Friday. The offices are closed on bank holidays for England" (§5.7).

Arithmetic is done in Europe/London wall-clock time; every datetime returned is aware and in UTC,
ready to be stored. Dates (``datetime.date``) are always London dates.

This module must not import Django: it is pure Python so that it can be tested and reused alone.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "LONDON",
    "MAX_SEARCH_DAYS",
    "MONDAY_TO_FRIDAY",
    "PERIOD_UNITS",
    "REGIONS",
    "OfficeHours",
    "Region",
    "WorkCalendar",
    "add_calendar_months",
    "add_uk_working_days",
    "add_weeks",
    "end_of_local_day",
    "is_uk_working_day",
    "local_datetime",
    "to_local",
    "weekday_office_hours",
]

LONDON = ZoneInfo("Europe/London")

MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))

# No real calendar goes ten years without a working day; a calendar that does is a data error,
# and stepping day by day must stop somewhere rather than spin.
MAX_SEARCH_DAYS = 3660

_END_OF_DAY = time(23, 59, 59)

# Units a period can be counted in when only its last day matters (appeal windows, the time
# to decide an appeal); office hours measure time within a day and are not among them.
PERIOD_UNITS = ("working_days", "calendar_days", "weeks", "calendar_months")


class Region(StrEnum):
    """A bank-holiday region: the ``subdiv`` codes of ``holidays.UK``."""

    ENGLAND = "ENG"
    WALES = "WLS"
    SCOTLAND = "SCT"
    NORTHERN_IRELAND = "NIR"

    @property
    def label(self) -> str:
        return REGIONS[self]


REGIONS: dict[str, str] = {
    Region.ENGLAND: "England",
    Region.WALES: "Wales",
    Region.SCOTLAND: "Scotland",
    Region.NORTHERN_IRELAND: "Northern Ireland",
}


def _coerce_region(value: Region | str) -> Region:
    if isinstance(value, Region):
        return value
    text = str(value).strip()
    for region, label in REGIONS.items():
        if text.upper() == region or text.casefold() == label.casefold():
            return Region(region)
    raise ValueError(
        f"{value!r} is not a bank-holiday region: use ENG (England), WLS (Wales), "
        "SCT (Scotland) or NIR (Northern Ireland)"
    )


@functools.lru_cache(maxsize=512)
def _bank_holidays(region: Region, year: int) -> Mapping[date, str]:
    # Always pass subdiv: holidays.UK without it has only the UK-wide days (no Easter Monday in
    # England, no 2 January in Scotland).
    return MappingProxyType(dict(holidays.UK(subdiv=region.value, years=year).items()))


def _check_aware(moment: datetime, what: str = "the time") -> None:
    if not isinstance(moment, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must include a time zone (got {moment.isoformat()})")


def _check_date(day: date) -> None:
    # A datetime is a date to Python, but it never equals one, so it would silently miss every
    # bank holiday and closure day. Callers convert with to_local(moment).date().
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date, not {type(day).__name__}: use to_local(moment).date()")


def _check_count(n: int, what: str = "the number of working days") -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what} must be a whole number, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"{what} cannot be negative (got {n})")


def to_local(moment: datetime) -> datetime:
    """The same instant as an aware datetime in Europe/London."""
    _check_aware(moment)
    return moment.astimezone(LONDON)


def local_datetime(day: date, at: time) -> datetime:
    """London wall-clock ``day`` at ``at`` as an aware UTC datetime.

    An ambiguous time (the hour repeated when the clocks go back) is taken the first time it
    happens (fold=0). A time that does not exist (the hour skipped when the clocks go forward)
    moves forward by the gap: 01:30 on the last Sunday of March is 02:30 BST.
    """
    _check_date(day)
    if at.tzinfo is not None:
        raise ValueError("the time must be a London wall-clock time without a time zone")
    return _localise(datetime.combine(day, at))


def _localise(wall: datetime) -> datetime:
    return wall.replace(tzinfo=LONDON, fold=0).astimezone(UTC)


def end_of_local_day(day: date) -> datetime:
    """23:59:59 London time on ``day``, as UTC."""
    return local_datetime(day, _END_OF_DAY)


def add_calendar_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (or earlier), clamped to the month's last day.

    One calendar month from 31 January is the last day of February (Tamworth §10 appeals).
    """
    _check_date(day)
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def add_weeks(day: date, weeks: int) -> date:
    """``day`` plus whole weeks (Tamworth §10: an appeal is decided within six weeks)."""
    _check_date(day)
    return day + timedelta(weeks=weeks)


def is_uk_working_day(day: date) -> bool:
    """A working day as the Freedom of Information Act 2000 counts one (s.10(6)): not a
    Saturday or Sunday, Christmas Day, Good Friday, or a bank holiday in *any* part of the
    United Kingdom (so 2 January and St Andrew's Day in Scotland, 17 March and 12 July in
    Northern Ireland are not working days, wherever the organisation is). The
    organisation's own closure days do not stop a statutory clock."""
    _check_date(day)
    if day.weekday() >= 5 or (day.month, day.day) == (12, 25):
        return False
    return not any(day in _bank_holidays(region, day.year) for region in Region)


def add_uk_working_days(start: date, n: int) -> date:
    """The ``n``-th UK working day (``is_uk_working_day``) after ``start``, the day of
    receipt being day zero: FOIA s.10(1), "not later than the twentieth working day
    following the date of receipt"."""
    _check_date(start)
    _check_count(n)
    day = start
    for _ in range(n):
        for offset in range(1, MAX_SEARCH_DAYS + 1):
            if is_uk_working_day(day + timedelta(days=offset)):
                day += timedelta(days=offset)
                break
    return day


@dataclass(frozen=True)
class OfficeHours:
    """One weekday's opening hours, London wall-clock time."""

    opens: time
    closes: time

    def __post_init__(self) -> None:
        for name, value in (("opening", self.opens), ("closing", self.closes)):
            if not isinstance(value, time):
                raise TypeError(f"the {name} time must be a time, not {type(value).__name__}")
            if value.tzinfo is not None:
                raise ValueError(f"the {name} time must be a London time without a time zone")
        if self.closes <= self.opens:
            raise ValueError(
                f"office hours must close after they open "
                f"(opens {self.opens:%H:%M}, closes {self.closes:%H:%M})"
            )


def weekday_office_hours(
    opens: time, closes: time, weekdays: Iterable[int] = MONDAY_TO_FRIDAY
) -> dict[int, OfficeHours]:
    """The same hours on each of ``weekdays`` (0=Monday); BTPA: 08:00 to 16:00, Monday to Friday."""
    hours = OfficeHours(opens, closes)
    return dict.fromkeys(sorted(set(weekdays)), hours)


@dataclass(frozen=True)
class WorkCalendar:
    """An organisation's calendar: bank-holiday region, office hours and closure days.

    Working weekdays are the weekdays in ``office_hours`` when the policy sets them, otherwise
    Monday to Friday (the ordinary meaning of "working day"). A working day is a working weekday
    that is neither a bank holiday in the region nor one of the organisation's closure days.
    """

    region: Region | str = Region.ENGLAND
    office_hours: Mapping[int, OfficeHours] | None = None
    closure_days: frozenset[date] = frozenset()
    working_weekdays: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "region", _coerce_region(self.region))
        closures = frozenset(self.closure_days)
        for day in closures:
            _check_date(day)
        object.__setattr__(self, "closure_days", closures)
        if self.office_hours is None:
            object.__setattr__(self, "working_weekdays", MONDAY_TO_FRIDAY)
            return
        hours = dict(self.office_hours)
        if not hours:
            raise ValueError("this calendar has no working days: set office hours for a weekday")
        for weekday, opening in hours.items():
            if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
                raise ValueError(
                    f"office hours are keyed by weekday 0 (Monday) to 6 (Sunday), not {weekday!r}"
                )
            if not isinstance(opening, OfficeHours):
                raise TypeError(f"office hours for weekday {weekday} must be OfficeHours")
        # A read-only copy, so a caller changing its dict later cannot change the calendar.
        object.__setattr__(self, "office_hours", MappingProxyType(hours))
        object.__setattr__(self, "working_weekdays", frozenset(hours))

    def __hash__(self) -> int:
        hours = None if self.office_hours is None else tuple(sorted(self.office_hours.items()))
        return hash((self.region, hours, self.closure_days))

    # -- days ---------------------------------------------------------------------------------

    def bank_holidays(self, year: int) -> dict[date, str]:
        """The region's bank holidays in ``year``, including substitute ("observed") days."""
        return dict(_bank_holidays(self.region, year))

    def is_working_day(self, day: date) -> bool:
        _check_date(day)
        return self._is_working(day)

    def _is_working(self, day: date) -> bool:
        # Unchecked: for the loops below, which step from an already-checked date.
        return (
            day.weekday() in self.working_weekdays
            and day not in self.closure_days
            and day not in _bank_holidays(self.region, day.year)
        )

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, in plain words; None if it is one."""
        _check_date(day)
        holiday = _bank_holidays(self.region, day.year).get(day)
        if holiday is not None:
            return f"bank holiday: {holiday}"
        if day in self.closure_days:
            return "the office is closed"
        if day.weekday() not in self.working_weekdays:
            return "not a working weekday" if day.weekday() < 5 else "weekend"
        return None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self._step(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self._step(day, -1)

    def _step(self, day: date, direction: int) -> date:
        _check_date(day)
        for offset in range(1, MAX_SEARCH_DAYS + 1):
            candidate = day + timedelta(days=direction * offset)
            if self._is_working(candidate):
                return candidate
        raise ValueError(f"no working day within {MAX_SEARCH_DAYS} days of {day.isoformat()}")

    def working_day_on_or_after(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day."""
        _check_date(day)
        return day if self._is_working(day) else self._step(day, 1)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (the day of receipt is day zero).

        ``add_working_days(d, 0)`` is ``d`` itself, even if ``d`` is not a working day.
        """
        _check_date(start)
        _check_count(n)
        day = start
        for _ in range(n):
            day = self._step(day, 1)
        return day

    def period_end(self, start: date, value: int, unit: str) -> date:
        """The last day of a period of ``value`` ``unit``s that starts on ``start``.

        ``start`` is day zero, as for working days: one calendar month from a letter dated
        31 January ends on the last day of February (29 February in a leap year); six weeks
        from Monday 2 March ends on Monday 13 April; ten working days step over weekends,
        bank holidays and closure days. ``unit`` is one of ``PERIOD_UNITS`` (the values of
        ``contactpolicy.choices.TimeUnit`` that count whole days).
        """
        _check_date(start)
        _check_count(value, "the length of the period")
        match unit:
            case "working_days":
                return self.add_working_days(start, value)
            case "calendar_days":
                return start + timedelta(days=value)
            case "weeks":
                return add_weeks(start, value)
            case "calendar_months":
                return add_calendar_months(start, value)
        raise ValueError(
            f"{unit!r} is not a period of whole days: use one of {', '.join(PERIOD_UNITS)}"
        )

    def deadline(self, start: date, value: int, unit: str) -> date:
        """The last day to act within a period that starts on ``start``: ``period_end``,
        moved on to the next working day when it falls on a day the organisation is closed
        (a weekend, a bank holiday of its region, one of its closure days). A customer
        cannot hand in a letter to an office that is shut, so a deadline never ends there
        (DESIGN.md §9; ADR 0016)."""
        return self.working_day_on_or_after(self.period_end(start, value, unit))

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days ``d`` have ``start < d <= end`` (0 if ``end <= start``)."""
        _check_date(start)
        _check_date(end)
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            count += self._is_working(day)
            day += timedelta(days=1)
        return count

    # -- moments ------------------------------------------------------------------------------

    def hours_on(self, day: date) -> OfficeHours | None:
        """The office hours on ``day``; None if it is not a working day or no hours are set."""
        if self.office_hours is None or not self.is_working_day(day):
            return None
        return self.office_hours[day.weekday()]

    def working_day_due(self, received: datetime, n: int) -> datetime:
        """When "``n`` working days from receipt" runs out, as UTC.

        The close of office hours on the ``n``-th working day after the London date of receipt,
        or 23:59:59 London time when no office hours are set for that weekday.
        """
        _check_aware(received, "the time received")
        _check_count(n)
        day = self.add_working_days(to_local(received).date(), n)
        closes = _END_OF_DAY
        if self.office_hours is not None and day.weekday() in self.office_hours:
            closes = self.office_hours[day.weekday()].closes
        return local_datetime(day, closes)

    def _require_office_hours(self) -> Mapping[int, OfficeHours]:
        if self.office_hours is None:
            raise ValueError("office hours are not set for this organisation")
        return self.office_hours

    def add_office_time(self, received: datetime, duration: timedelta) -> datetime:
        """When ``duration`` of office time has passed since ``received``, as UTC.

        Only time inside office hours on working days counts. Before opening, the clock starts
        at opening; after closing or on a non-working day, at the next working day's opening.
        A target landing exactly at closing time stays there. Office time is measured on the
        London wall clock, so the clocks changing overnight neither adds nor removes an hour.
        """
        hours = self._require_office_hours()
        _check_aware(received, "the time received")
        if duration < timedelta(0):
            raise ValueError("the office time to add cannot be negative")
        wall = to_local(received).replace(tzinfo=None, fold=0)
        day, at = wall.date(), wall.time()
        if not self.is_working_day(day):
            day, at = self.next_working_day(day), time.min
        remaining = duration
        # Every working day after the first consumes a positive amount of office time, so this
        # loop ends; next_working_day bounds the gaps between working days.
        while True:
            opening = hours[day.weekday()]
            start = datetime.combine(day, max(at, opening.opens))
            close = datetime.combine(day, opening.closes)
            if start <= close and remaining <= close - start:
                return _localise(start + remaining)
            remaining -= max(close - start, timedelta(0))
            day, at = self.next_working_day(day), time.min

    def office_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The office time (London wall clock) between two moments; zero if ``end <= start``."""
        hours = self._require_office_hours()
        _check_aware(start, "the start time")
        _check_aware(end, "the end time")
        if end <= start:
            return timedelta(0)
        first = to_local(start).replace(tzinfo=None, fold=0)
        last = to_local(end).replace(tzinfo=None, fold=0)
        total = timedelta(0)
        day = first.date()
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        while day <= last.date():
            opening = hours[day.weekday()]
            lo = max(first, datetime.combine(day, opening.opens))
            hi = min(last, datetime.combine(day, opening.closes))
            if hi > lo:
                total += hi - lo
            day = self.next_working_day(day)
        return total

    def extend_by_working_days(self, due: datetime, n: int) -> datetime:
        """Move a due moment on by ``n`` working days at the same London wall-clock time.

        Used when a clock is paused. A due moment on a non-working day first rolls to the next
        working day.
        """
        _check_aware(due, "the due time")
        _check_count(n)
        local = to_local(due)
        day = local.date()
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        return local_datetime(self.add_working_days(day, n), local.time().replace(fold=0))
