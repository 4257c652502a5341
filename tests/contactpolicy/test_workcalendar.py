"""Due dates on real calendars: bank holidays, closure days, office hours and clock changes.

Dates are checked against ``holidays`` 0.109 (pinned) so that a new release that moves a holiday
fails here first. Runs without Django: ``pytest -p no:django tests/contactpolicy``.
"""

import ast
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import holidays
import pytest

from contactpolicy import workcalendar
from contactpolicy.workcalendar import (
    LONDON,
    REGIONS,
    OfficeHours,
    Region,
    WorkCalendar,
    add_calendar_months,
    add_weeks,
    end_of_local_day,
    local_datetime,
    to_local,
    weekday_office_hours,
)

# BTPA §5.7: "office hours are 08.00 to 16.00, Monday to Friday ... closed on bank holidays for
# England".
BTPA_HOURS = weekday_office_hours(time(8), time(16))
ENGLAND = WorkCalendar(Region.ENGLAND)
BTPA = WorkCalendar(Region.ENGLAND, office_hours=BTPA_HOURS)
WALES = WorkCalendar(Region.WALES)
SCOTLAND = WorkCalendar(Region.SCOTLAND)
NORTHERN_IRELAND = WorkCalendar(Region.NORTHERN_IRELAND)

CLOSED_29_TO_31_DEC_2026 = frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)})


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An aware London time, as staff would read it off the wall."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def assert_utc(moment: datetime) -> None:
    assert moment.tzinfo is UTC


# -- the module stands alone --------------------------------------------------------------------


def test_module_imports_nothing_from_django() -> None:
    tree = ast.parse(Path(workcalendar.__file__).read_text())
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert imported <= {
        "__future__",
        "calendar",
        "collections",
        "dataclasses",
        "datetime",
        "enum",
        "functools",
        "holidays",
        "types",
        "zoneinfo",
    }


# -- bank holidays, checked against the holidays package itself ---------------------------------


@pytest.mark.parametrize(
    ("subdiv", "day", "name"),
    [
        # England 2026: Christmas Day is a Friday, Boxing Day a Saturday (substitute Monday 28th).
        ("ENG", date(2026, 12, 25), "Christmas Day"),
        ("ENG", date(2026, 12, 26), "Boxing Day"),
        ("ENG", date(2026, 12, 28), "Boxing Day (observed)"),
        ("ENG", date(2027, 1, 1), "New Year's Day"),
        # Easter 2026 and 2027.
        ("ENG", date(2026, 4, 3), "Good Friday"),
        ("ENG", date(2026, 4, 6), "Easter Monday"),
        ("ENG", date(2027, 3, 26), "Good Friday"),
        ("ENG", date(2027, 3, 29), "Easter Monday"),
        # Scotland: 2 January, and the one-off Monday 15 June 2026 (in holidays 0.109).
        ("SCT", date(2026, 1, 2), "New Year Holiday"),
        ("SCT", date(2026, 6, 15), "Scotland's participation in the FIFA World Cup final"),
        ("SCT", date(2026, 11, 30), "Saint Andrew's Day"),
        # Northern Ireland: St Patrick's Day and the Battle of the Boyne. 12 July 2026 is a
        # Sunday, so Monday 13th is the substitute day.
        ("NIR", date(2026, 3, 17), "Saint Patrick's Day"),
        ("NIR", date(2026, 7, 12), "Battle of the Boyne"),
        ("NIR", date(2026, 7, 13), "Battle of the Boyne (observed)"),
        ("NIR", date(2027, 7, 12), "Battle of the Boyne"),
        # Scotland 2023: 1 January a Sunday, so 2 and 3 January are off; two holidays falling on
        # one day share it under a joined name.
        ("SCT", date(2023, 1, 2), "New Year Holiday; New Year's Day (observed)"),
        ("SCT", date(2023, 1, 3), "New Year Holiday (observed)"),
        # One-off UK-wide days arrive with new releases of holidays (why it is pinned exactly).
        ("ENG", date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        ("ENG", date(2023, 5, 8), "Coronation of Charles III"),
    ],
)
def test_bank_holiday_is_in_the_pinned_holidays_data(subdiv: str, day: date, name: str) -> None:
    assert holidays.UK(subdiv=subdiv, years=day.year).get(day) == name
    cal = WorkCalendar(subdiv)
    assert cal.bank_holidays(day.year)[day] == name
    assert not cal.is_working_day(day)
    assert cal.non_working_reason(day) == f"bank holiday: {name}"


def test_england_2026_bank_holidays_are_exactly_the_eight_plus_a_substitute() -> None:
    assert ENGLAND.bank_holidays(2026) == {
        date(2026, 1, 1): "New Year's Day",
        date(2026, 4, 3): "Good Friday",
        date(2026, 4, 6): "Easter Monday",
        date(2026, 5, 4): "May Day",
        date(2026, 5, 25): "Spring Bank Holiday",
        date(2026, 8, 31): "Late Summer Bank Holiday",
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 26): "Boxing Day",
        date(2026, 12, 28): "Boxing Day (observed)",
    }


def test_bank_holidays_returns_a_copy_the_caller_may_change() -> None:
    ENGLAND.bank_holidays(2026).clear()
    assert date(2026, 12, 25) in ENGLAND.bank_holidays(2026)


@pytest.mark.parametrize(
    ("region", "day"),
    [
        # Easter Monday is not a bank holiday in Scotland.
        (Region.SCOTLAND, date(2026, 4, 6)),
        # The Scottish summer holiday is the first Monday of August, not the last.
        (Region.SCOTLAND, date(2026, 8, 31)),
        # St Patrick's Day is Northern Ireland's only.
        (Region.ENGLAND, date(2026, 3, 17)),
        (Region.WALES, date(2026, 3, 17)),
        (Region.SCOTLAND, date(2026, 3, 17)),
        # 2 January is Scotland's only.
        (Region.ENGLAND, date(2026, 1, 2)),
        (Region.NORTHERN_IRELAND, date(2026, 1, 2)),
        # The 2026 one-off is Scotland's only.
        (Region.ENGLAND, date(2026, 6, 15)),
    ],
)
def test_regional_day_is_ordinary_elsewhere(region: Region, day: date) -> None:
    assert WorkCalendar(region).is_working_day(day)


@pytest.mark.parametrize("year", range(2020, 2036))
def test_wales_has_the_same_bank_holidays_as_england(year: int) -> None:
    assert WALES.bank_holidays(year) == ENGLAND.bank_holidays(year)


def test_regions_are_the_holidays_subdivisions_with_plain_labels() -> None:
    assert set(Region) == set(holidays.UK.subdivisions)
    assert {region.value: region.label for region in Region} == {
        "ENG": "England",
        "WLS": "Wales",
        "SCT": "Scotland",
        "NIR": "Northern Ireland",
    }
    assert REGIONS["SCT"] == "Scotland"


@pytest.mark.parametrize("value", ["ENG", "eng", " England ", "england", Region.ENGLAND])
def test_region_may_be_given_by_code_or_name(value: str) -> None:
    assert WorkCalendar(value).region is Region.ENGLAND


# -- working days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cal", "received", "n", "due"),
    [
        # BTPA letter received Wed 23 Dec 2026, acknowledge within 10 working days: Thu 24 (1),
        # [Fri 25, Sat 26, Sun 27, Mon 28 substitute], Tue 29 to Thu 31 (2-4), [Fri 1 Jan],
        # Mon 4 to Fri 8 Jan (5-9), Mon 11 Jan (10).
        (ENGLAND, date(2026, 12, 23), 10, date(2027, 1, 11)),
        # Email received Thu 24 Dec 2026, acknowledge within 2 working days: Tue 29, Wed 30.
        (ENGLAND, date(2026, 12, 24), 2, date(2026, 12, 30)),
        # Received on Good Friday 2026: the next working day is Tuesday after Easter Monday.
        (ENGLAND, date(2026, 4, 3), 1, date(2026, 4, 7)),
        (ENGLAND, date(2026, 4, 3), 2, date(2026, 4, 8)),
        # 20 working days from Mon 30 March 2026 across Easter: 22 weekdays, 2 bank holidays.
        (ENGLAND, date(2026, 3, 30), 20, date(2026, 4, 29)),
        # Easter 2027: Thu 25 March (1), [Fri 26, weekend, Mon 29], Tue 30 (2).
        (ENGLAND, date(2027, 3, 24), 2, date(2027, 3, 30)),
        # Received on a Saturday: day one is Monday.
        (ENGLAND, date(2026, 11, 21), 1, date(2026, 11, 23)),
        # Zero working days is the day itself, working or not.
        (ENGLAND, date(2026, 12, 25), 0, date(2026, 12, 25)),
        # Scotland: 1 and 2 January 2026 (Thu, Fri) are both holidays.
        (ENGLAND, date(2025, 12, 31), 2, date(2026, 1, 5)),
        (SCOTLAND, date(2025, 12, 31), 2, date(2026, 1, 6)),
        # Scotland: Mon 15 June 2026 one-off.
        (ENGLAND, date(2026, 6, 12), 1, date(2026, 6, 15)),
        (SCOTLAND, date(2026, 6, 12), 1, date(2026, 6, 16)),
        # Scotland works on Easter Monday.
        (SCOTLAND, date(2026, 4, 2), 1, date(2026, 4, 6)),
        # Scotland 2027: 2 January is a Saturday, substitute Monday 4 January.
        (SCOTLAND, date(2026, 12, 31), 1, date(2027, 1, 5)),
        # Northern Ireland: Tue 17 March 2026.
        (ENGLAND, date(2026, 3, 16), 1, date(2026, 3, 17)),
        (NORTHERN_IRELAND, date(2026, 3, 16), 1, date(2026, 3, 18)),
        # Northern Ireland: 12 July 2027 is a Monday.
        (ENGLAND, date(2027, 7, 9), 1, date(2027, 7, 12)),
        (NORTHERN_IRELAND, date(2027, 7, 9), 1, date(2027, 7, 13)),
        # Wales is England.
        (WALES, date(2026, 12, 23), 10, date(2027, 1, 11)),
    ],
)
def test_add_working_days(cal: WorkCalendar, received: date, n: int, due: date) -> None:
    assert cal.add_working_days(received, n) == due
    assert cal.working_days_between(received, due) == n


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        # The office also closes 29 to 31 Dec 2026. Letter of Wed 23 Dec: Thu 24 (1), Mon 4 Jan (2)
        # ... Thu 14 Jan (10).
        (date(2026, 12, 23), 10, date(2027, 1, 14)),
        # Email of Thu 24 Dec: Mon 4 Jan (1), Tue 5 Jan (2).
        (date(2026, 12, 24), 2, date(2027, 1, 5)),
    ],
)
def test_closure_days_push_due_dates(received: date, n: int, due: date) -> None:
    cal = WorkCalendar(Region.ENGLAND, closure_days=CLOSED_29_TO_31_DEC_2026)
    assert cal.add_working_days(received, n) == due
    assert cal.non_working_reason(date(2026, 12, 30)) == "the office is closed"


@pytest.mark.parametrize(
    ("day", "next_day", "previous_day"),
    [
        (date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 23)),
        (date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 24)),
        (date(2026, 4, 6), date(2026, 4, 7), date(2026, 4, 2)),
        (date(2026, 11, 21), date(2026, 11, 23), date(2026, 11, 20)),
    ],
)
def test_next_and_previous_working_day(day: date, next_day: date, previous_day: date) -> None:
    assert ENGLAND.next_working_day(day) == next_day
    assert ENGLAND.previous_working_day(day) == previous_day


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 11, 21), "weekend"),
        (date(2026, 12, 26), "bank holiday: Boxing Day"),
        (date(2026, 11, 23), None),
    ],
)
def test_non_working_reason(day: date, reason: str | None) -> None:
    assert ENGLAND.non_working_reason(day) == reason


def test_working_weekdays_follow_the_office_hours_when_set() -> None:
    saturdays_too = weekday_office_hours(time(9), time(12), weekdays=range(6))
    cal = WorkCalendar(Region.ENGLAND, office_hours=saturdays_too)
    assert cal.is_working_day(date(2026, 11, 21))  # a Saturday
    assert not cal.is_working_day(date(2026, 11, 22))  # a Sunday
    assert cal.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 21)
    four_days = WorkCalendar(office_hours=weekday_office_hours(time(8), time(16), range(4)))
    assert four_days.non_working_reason(date(2026, 11, 20)) == "not a working weekday"


def test_adding_a_closure_day_gives_a_new_calendar_with_later_due_dates() -> None:
    # DESIGN §2: when a closure day is added, due dates of open contacts are recomputed.
    closed = replace(BTPA, closure_days=BTPA.closure_days | {date(2026, 11, 24)})
    assert closed.office_hours == BTPA.office_hours
    assert BTPA.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert closed.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)


def test_working_weekdays_default_to_monday_to_friday() -> None:
    assert ENGLAND.working_weekdays == frozenset(range(5))
    assert ENGLAND.office_hours is None


def test_working_days_between_is_zero_when_end_is_not_after_start() -> None:
    assert ENGLAND.working_days_between(date(2026, 12, 1), date(2026, 12, 1)) == 0
    assert ENGLAND.working_days_between(date(2026, 12, 10), date(2026, 12, 1)) == 0


def test_calendar_is_immutable_and_hashable() -> None:
    hours = dict(BTPA_HOURS)
    cal = WorkCalendar(Region.ENGLAND, office_hours=hours)
    hours[5] = OfficeHours(time(9), time(12))  # the caller's dict changing later ...
    assert 5 not in cal.working_weekdays  # ... does not change the calendar
    assert cal == BTPA
    assert hash(cal) == hash(BTPA)


# -- working days to a moment -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cal", "received", "n", "due_local"),
    [
        # Letter received Wed 23 Dec 2026, 10 working days: close of business Mon 11 Jan.
        (BTPA, london(2026, 12, 23, 11), 10, london(2027, 1, 11, 16)),
        # Without office hours the day runs to 23:59:59.
        (ENGLAND, london(2026, 12, 24, 9), 2, datetime(2026, 12, 30, 23, 59, 59, tzinfo=LONDON)),
        # Received late in the evening still counts that day as day zero.
        (BTPA, london(2026, 12, 24, 22), 2, london(2026, 12, 30, 16)),
    ],
)
def test_working_day_due(
    cal: WorkCalendar, received: datetime, n: int, due_local: datetime
) -> None:
    due = cal.working_day_due(received, n)
    assert_utc(due)
    assert due == due_local


@pytest.mark.parametrize(
    ("received", "due_utc"),
    [
        # Fri 27 March 2026 (GMT); clocks go forward Sun 29 March. 2 working days: Tue 31 March,
        # close of business 16:00 BST = 15:00 UTC.
        (datetime(2026, 3, 27, 12, tzinfo=UTC), datetime(2026, 3, 31, 15, tzinfo=UTC)),
        # Fri 23 Oct 2026 (BST); clocks go back Sun 25 Oct. Tue 27 Oct 16:00 GMT = 16:00 UTC.
        (datetime(2026, 10, 23, 12, tzinfo=UTC), datetime(2026, 10, 27, 16, tzinfo=UTC)),
        # 23:30 UTC on Tue 31 March 2026 is 00:30 BST on Wed 1 April: receipt is the London
        # date, so day one is Thu 2 April, day two is Tue 7 April (after Easter).
        (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), datetime(2026, 4, 7, 15, tzinfo=UTC)),
    ],
)
def test_working_day_due_across_clock_changes(received: datetime, due_utc: datetime) -> None:
    due = BTPA.working_day_due(received, 2)
    assert_utc(due)
    assert due == due_utc
    assert to_local(due).time() == time(16)


# -- office hours -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "duration", "due"),
    [
        # BTPA §7.2 media enquiry, 3 hours: Fri 20 Nov 2026 15:00 -> 1 hour Friday, 2 Monday.
        (london(2026, 11, 20, 15), timedelta(hours=3), london(2026, 11, 23, 10)),
        # Received before opening: the clock starts at 08:00.
        (london(2026, 11, 18, 7), timedelta(hours=3), london(2026, 11, 18, 11)),
        # Received after closing: the clock starts at 08:00 next working day.
        (london(2026, 11, 18, 17, 30), timedelta(hours=3), london(2026, 11, 19, 11)),
        # Received on a Saturday: Monday 08:00.
        (london(2026, 11, 21, 10), timedelta(hours=3), london(2026, 11, 23, 11)),
        # Christmas Eve afternoon: 2 hours on Thu 24 Dec, then closed Fri 25 to Mon 28, the last
        # hour on Tue 29 Dec.
        (london(2026, 12, 24, 14), timedelta(hours=3), london(2026, 12, 29, 9)),
        # Exactly at closing stays at closing ...
        (london(2026, 11, 18, 15), timedelta(hours=1), london(2026, 11, 18, 16)),
        (london(2026, 11, 18, 8), timedelta(hours=8), london(2026, 11, 18, 16)),
        # ... but received at closing, the clock starts next morning.
        (london(2026, 11, 18, 16), timedelta(hours=1), london(2026, 11, 19, 9)),
        # A whole office day and a minute.
        (london(2026, 11, 18, 8), timedelta(hours=8, minutes=1), london(2026, 11, 19, 8, 1)),
        # Zero office time: the moment the clock starts.
        (london(2026, 11, 18, 7), timedelta(0), london(2026, 11, 18, 8)),
        (london(2026, 11, 18, 16), timedelta(0), london(2026, 11, 18, 16)),
    ],
)
def test_add_office_time(received: datetime, duration: timedelta, due: datetime) -> None:
    result = BTPA.add_office_time(received, duration)
    assert_utc(result)
    assert result == due


def test_add_office_time_respects_closure_days() -> None:
    cal = WorkCalendar(Region.ENGLAND, BTPA_HOURS, CLOSED_29_TO_31_DEC_2026)
    # Christmas Eve 14:00 + 3 hours: closed until Mon 4 Jan 2027.
    assert cal.add_office_time(london(2026, 12, 24, 14), timedelta(hours=3)) == london(
        2027, 1, 4, 9
    )


@pytest.mark.parametrize(
    ("received", "due_utc"),
    [
        # Fri 27 March 2026 15:00 GMT; clocks go forward Sun 29 March; Mon 30 March 10:00 BST.
        (london(2026, 3, 27, 15), datetime(2026, 3, 30, 9, tzinfo=UTC)),
        # Fri 23 Oct 2026 15:00 BST; clocks go back Sun 25 Oct; Mon 26 Oct 10:00 GMT.
        (london(2026, 10, 23, 15), datetime(2026, 10, 26, 10, tzinfo=UTC)),
    ],
)
def test_add_office_time_across_clock_changes(received: datetime, due_utc: datetime) -> None:
    due = BTPA.add_office_time(received, timedelta(hours=3))
    assert_utc(due)
    assert due == due_utc
    assert to_local(due).time() == time(10)
    assert BTPA.office_time_between(received, due) == timedelta(hours=3)


@pytest.mark.parametrize(
    ("start", "end", "elapsed"),
    [
        (london(2026, 11, 20, 15), london(2026, 11, 23, 10), timedelta(hours=3)),
        (london(2026, 11, 20, 6), london(2026, 11, 20, 20), timedelta(hours=8)),
        # A full week of BTPA office hours.
        (london(2026, 11, 16, 0), london(2026, 11, 23, 0), timedelta(hours=40)),
        # Christmas 2026: seven office days, Mon 21 to Thu 24 Dec and Tue 29 to Thu 31 Dec.
        (london(2026, 12, 21, 0), london(2027, 1, 1, 0), timedelta(hours=7 * 8)),
        # Nothing inside office hours, or end before start.
        (london(2026, 11, 21, 9), london(2026, 11, 22, 17), timedelta(0)),
        (london(2026, 11, 23, 10), london(2026, 11, 20, 15), timedelta(0)),
    ],
)
def test_office_time_between(start: datetime, end: datetime, elapsed: timedelta) -> None:
    assert BTPA.office_time_between(start, end) == elapsed


# -- paused clocks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "n", "extended"),
    [
        # Due Wed 23 Dec 2026 16:00, paused 3 working days: Thu 24, Tue 29, Wed 30.
        (london(2026, 12, 23, 16), 3, london(2026, 12, 30, 16)),
        # Across the autumn clock change the wall-clock time is kept: 16:00 BST -> 16:00 GMT.
        (london(2026, 10, 23, 16), 1, london(2026, 10, 26, 16)),
        # Due on a Saturday: roll to Monday first, then count.
        (london(2026, 11, 21, 12), 0, london(2026, 11, 23, 12)),
        (london(2026, 11, 21, 12), 1, london(2026, 11, 24, 12)),
    ],
)
def test_extend_by_working_days(due: datetime, n: int, extended: datetime) -> None:
    result = BTPA.extend_by_working_days(due, n)
    assert_utc(result)
    assert result == extended


# -- calendar months and weeks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        # Tamworth §10: one calendar month from 31 January is the last day of February.
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # over the year end
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
        (date(2026, 1, 31), 13, date(2027, 2, 28)),
    ],
)
def test_add_calendar_months(day: date, months: int, expected: date) -> None:
    assert add_calendar_months(day, months) == expected


def test_add_weeks_six_weeks_to_decide_an_appeal() -> None:
    # Tamworth §10: appeal received Mon 2 Feb 2026, decided within six weeks.
    assert add_weeks(date(2026, 2, 2), 6) == date(2026, 3, 16)


# -- local time helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "at", "utc"),
    [
        (date(2026, 1, 15), time(9), datetime(2026, 1, 15, 9, tzinfo=UTC)),
        (date(2026, 7, 15), time(9), datetime(2026, 7, 15, 8, tzinfo=UTC)),
        # 01:30 on Sun 29 March 2026 does not exist: it moves forward an hour (02:30 BST).
        (date(2026, 3, 29), time(1, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # 01:30 on Sun 25 Oct 2026 happens twice: the first (BST) is taken.
        (date(2026, 10, 25), time(1, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
)
def test_local_datetime(day: date, at: time, utc: datetime) -> None:
    result = local_datetime(day, at)
    assert_utc(result)
    assert result == utc


def test_end_of_local_day() -> None:
    assert end_of_local_day(date(2026, 7, 15)) == datetime(2026, 7, 15, 22, 59, 59, tzinfo=UTC)
    assert end_of_local_day(date(2026, 1, 15)) == datetime(2026, 1, 15, 23, 59, 59, tzinfo=UTC)


def test_to_local() -> None:
    local = to_local(datetime(2026, 7, 15, 8, tzinfo=UTC))
    assert local.tzinfo is LONDON
    assert local.replace(tzinfo=None) == datetime(2026, 7, 15, 9)


# -- bad input gets a plain answer ----------------------------------------------------------------

NAIVE = datetime(2026, 11, 20, 15)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: BTPA.working_day_due(NAIVE, 2), "the time received must include a time zone"),
        (
            lambda: BTPA.add_office_time(NAIVE, timedelta(hours=3)),
            "the time received must include a time zone",
        ),
        (
            lambda: BTPA.office_time_between(NAIVE, london(2026, 11, 23, 10)),
            "the start time must include a time zone",
        ),
        (lambda: BTPA.extend_by_working_days(NAIVE, 1), "the due time must include a time zone"),
        (lambda: to_local(NAIVE), "the time must include a time zone"),
        (
            lambda: ENGLAND.add_working_days(date(2026, 11, 20), -1),
            "the number of working days cannot be negative (got -1)",
        ),
        (
            lambda: BTPA.working_day_due(london(2026, 11, 20, 15), -2),
            "the number of working days cannot be negative (got -2)",
        ),
        (
            lambda: BTPA.extend_by_working_days(london(2026, 11, 20, 15), -1),
            "the number of working days cannot be negative (got -1)",
        ),
        (
            lambda: BTPA.add_office_time(london(2026, 11, 20, 15), timedelta(hours=-1)),
            "the office time to add cannot be negative",
        ),
        (
            lambda: OfficeHours(time(16), time(8)),
            "office hours must close after they open (opens 16:00, closes 08:00)",
        ),
        (
            lambda: OfficeHours(time(9), time(9)),
            "office hours must close after they open (opens 09:00, closes 09:00)",
        ),
        (
            lambda: ENGLAND.add_office_time(london(2026, 11, 20, 15), timedelta(hours=3)),
            "office hours are not set for this organisation",
        ),
        (
            lambda: ENGLAND.office_time_between(london(2026, 11, 20, 15), london(2026, 11, 23, 15)),
            "office hours are not set for this organisation",
        ),
        (lambda: WorkCalendar(office_hours={}), "this calendar has no working days"),
        (
            lambda: WorkCalendar(office_hours={7: OfficeHours(time(8), time(16))}),
            "office hours are keyed by weekday 0 (Monday) to 6 (Sunday), not 7",
        ),
        (lambda: WorkCalendar("Wessex"), "'Wessex' is not a bank-holiday region"),
        (
            lambda: local_datetime(date(2026, 1, 1), time(9, tzinfo=UTC)),
            "the time must be a London wall-clock time without a time zone",
        ),
    ],
)
def test_bad_input_is_refused_in_plain_english(call, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        call()
    assert str(excinfo.value).startswith(message)


def test_a_datetime_is_not_taken_for_a_date() -> None:
    # A datetime never equals a date, so it would miss every bank holiday: refuse it.
    with pytest.raises(TypeError, match="expected a date"):
        ENGLAND.is_working_day(datetime(2026, 12, 25, 9))


def test_a_calendar_closed_for_ten_years_stops_looking() -> None:
    start = date(2026, 1, 1)
    closed = frozenset(start + timedelta(days=i) for i in range(1, 3700))
    cal = WorkCalendar(Region.ENGLAND, closure_days=closed)
    with pytest.raises(ValueError, match="no working day within 3660 days"):
        cal.next_working_day(start)
