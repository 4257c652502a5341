"""Invariants of the working-day calendar, over many calendars and dates (hypothesis).

Calendars vary by region (all four), office hours (none, BTPA's 08:00 to 16:00 Monday to Friday, or
random) and closure days clustered near the date under test, so that they actually get in the way.
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from contactpolicy.workcalendar import (
    LONDON,
    OfficeHours,
    Region,
    WorkCalendar,
    add_calendar_months,
    local_datetime,
    to_local,
    weekday_office_hours,
)

# No example database: nothing is written into the source tree.
SETTINGS = settings(max_examples=200, deadline=None, database=None)

FIRST, LAST = date(2020, 1, 1), date(2035, 12, 31)
BTPA_HOURS = weekday_office_hours(time(8), time(16))

dates = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=0, max_value=60)
minutes = st.integers(min_value=1, max_value=30 * 60).map(lambda m: timedelta(minutes=m))


def _clock(minute_of_day: int) -> time:
    return time(minute_of_day // 60, minute_of_day % 60)


# Office hours start and end on the quarter hour between 06:00 and 22:00. Office time is counted
# on the wall clock and the clocks change at 01:00 and 02:00, so hours spanning the skipped hour
# would have targets that do not exist. Choosing from ready-made lists keeps each example to a
# few draws (the file must stay fast); the simplest choices come first, for shrinking.
HOURS = [
    OfficeHours(_clock(opens), _clock(closes))
    for opens in range(6 * 60, 22 * 60, 15)
    for closes in range(opens + 15, 22 * 60 + 1, 15)
]
WEEKDAY_SETS = sorted(
    (frozenset(w for w in range(7) if mask >> w & 1) for mask in range(1, 128)),
    key=lambda days: (days != frozenset(range(5)), -len(days), sorted(days)),
)


@st.composite
def random_hours(draw: st.DrawFn) -> dict[int, OfficeHours]:
    """Some weekdays with the same hours, and perhaps one day with other hours."""
    weekdays = draw(st.sampled_from(WEEKDAY_SETS))
    hours = dict.fromkeys(weekdays, draw(st.sampled_from(HOURS)))
    if draw(st.booleans()):
        hours[draw(st.sampled_from(sorted(weekdays)))] = draw(st.sampled_from(HOURS))
    return hours


any_hours = st.one_of(st.none(), st.just(BTPA_HOURS), random_hours())
set_hours = st.one_of(st.just(BTPA_HOURS), random_hours())


@st.composite
def calendar_and_day(
    draw: st.DrawFn, hours: st.SearchStrategy = any_hours
) -> tuple[WorkCalendar, date]:
    day = draw(dates)
    offsets = draw(st.lists(st.integers(min_value=-7, max_value=90), max_size=8))
    cal = WorkCalendar(
        region=draw(st.sampled_from(list(Region))),
        office_hours=draw(hours),
        closure_days=frozenset(day + timedelta(days=k) for k in offsets),
    )
    return cal, day


@st.composite
def calendar_and_moment(draw: st.DrawFn) -> tuple[WorkCalendar, datetime]:
    """A calendar with office hours and a moment near its closure days.

    Half the moments are exact opening or closing times, where off-by-one mistakes live.
    """
    cal, day = draw(calendar_and_day(hours=set_hours))
    assert cal.office_hours is not None
    boundaries = sorted({t for h in cal.office_hours.values() for t in (h.opens, h.closes)})
    at = draw(
        st.one_of(
            st.sampled_from(boundaries),
            st.integers(min_value=0, max_value=24 * 60 - 1).map(_clock),
            st.times(),
        )
    )
    return cal, local_datetime(day, at)


def assert_utc(moment: datetime) -> None:
    assert moment.tzinfo is UTC


# -- working days ---------------------------------------------------------------------------------


@SETTINGS
@given(calendar_and_day(), st.integers(min_value=1, max_value=60))
def test_due_day_is_a_working_day_after_receipt(case: tuple[WorkCalendar, date], n: int) -> None:
    cal, day = case
    due = cal.add_working_days(day, n)
    assert due > day
    assert cal.is_working_day(due)


@SETTINGS
@given(calendar_and_day(), counts, counts)
def test_adding_working_days_composes(case: tuple[WorkCalendar, date], n: int, m: int) -> None:
    cal, day = case
    assert cal.add_working_days(cal.add_working_days(day, n), m) == cal.add_working_days(day, n + m)


@SETTINGS
@given(calendar_and_day(), counts)
def test_working_days_between_inverts_adding(case: tuple[WorkCalendar, date], n: int) -> None:
    cal, day = case
    assert cal.working_days_between(day, cal.add_working_days(day, n)) == n


@SETTINGS
@given(calendar_and_day(), counts, counts)
def test_adding_more_working_days_is_later(case: tuple[WorkCalendar, date], n: int, m: int) -> None:
    # Strict even from n = 0 on a non-working day: add(d, 0) is d itself, and every later count
    # lands on a working day strictly after d.
    cal, day = case
    if n < m:
        assert cal.add_working_days(day, n) < cal.add_working_days(day, m)
    elif n == m:
        assert cal.add_working_days(day, n) == cal.add_working_days(day, m)


@SETTINGS
@given(calendar_and_day())
def test_next_and_previous_working_day_skip_nothing(case: tuple[WorkCalendar, date]) -> None:
    cal, day = case
    after = cal.next_working_day(day)
    before = cal.previous_working_day(day)
    assert before < day < after
    assert cal.is_working_day(after)
    assert cal.is_working_day(before)
    assert cal.working_days_between(day, after) == 1
    assert cal.working_days_between(before, day) == int(cal.is_working_day(day))


@SETTINGS
@given(calendar_and_moment(), counts)
def test_working_day_due_is_on_the_nth_working_day_in_utc(
    case: tuple[WorkCalendar, datetime], n: int
) -> None:
    cal, received = case
    due = cal.working_day_due(received, n)
    assert_utc(due)
    assert to_local(due).date() == cal.add_working_days(to_local(received).date(), n)


@SETTINGS
@given(calendar_and_moment(), counts)
def test_extending_keeps_the_wall_clock_time(case: tuple[WorkCalendar, datetime], n: int) -> None:
    cal, due = case
    extended = cal.extend_by_working_days(due, n)
    assert_utc(extended)
    before, after = to_local(due), to_local(extended)
    assert cal.is_working_day(after.date())
    # A due moment on a non-working day first rolls to the next working day: one more.
    rolled = 0 if cal.is_working_day(before.date()) else 1
    assert cal.working_days_between(before.date(), after.date()) == n + rolled
    # The same wall-clock time, unless that time does not exist on the new day (a Sunday
    # working day when the clocks go forward), where it moves on by the hour skipped.
    # A wall-clock time exists if it survives the round trip through UTC (converting a London
    # time to London again is no conversion at all, so it would not tell).
    wall = datetime.combine(after.date(), before.time())
    if wall.replace(tzinfo=LONDON).astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) == wall:
        assert after.time() == before.time()


# -- office hours ---------------------------------------------------------------------------------


@SETTINGS
@given(calendar_and_moment(), minutes)
def test_office_target_lies_inside_office_hours(
    case: tuple[WorkCalendar, datetime], duration: timedelta
) -> None:
    cal, received = case
    due = cal.add_office_time(received, duration)
    assert_utc(due)
    assert due > received
    local = to_local(due)
    assert cal.is_working_day(local.date())
    hours = cal.hours_on(local.date())
    assert hours is not None
    assert hours.opens < local.time() <= hours.closes


@SETTINGS
@given(calendar_and_moment(), minutes, minutes)
def test_office_time_composes(
    case: tuple[WorkCalendar, datetime], a: timedelta, b: timedelta
) -> None:
    cal, received = case
    assert cal.add_office_time(cal.add_office_time(received, a), b) == cal.add_office_time(
        received, a + b
    )


@SETTINGS
@given(calendar_and_moment(), minutes)
def test_office_time_between_inverts_adding(
    case: tuple[WorkCalendar, datetime], duration: timedelta
) -> None:
    # Holds from any moment, not only inside office hours: time before opening never counts.
    cal, received = case
    assert cal.office_time_between(received, cal.add_office_time(received, duration)) == duration


@SETTINGS
@given(calendar_and_moment(), st.integers(min_value=-30 * 24 * 60, max_value=30 * 24 * 60))
def test_office_time_between_is_never_negative(
    case: tuple[WorkCalendar, datetime], offset: int
) -> None:
    cal, start = case
    end = start + timedelta(minutes=offset)
    elapsed = cal.office_time_between(start, end)
    assert elapsed >= timedelta(0)
    if end <= start:
        assert elapsed == timedelta(0)


# -- calendar months ------------------------------------------------------------------------------


@SETTINGS
@given(dates, st.integers(min_value=-120, max_value=120))
def test_add_calendar_months(day: date, months: int) -> None:
    result = add_calendar_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day <= day.day
    assert result.day == min(day.day, last)
