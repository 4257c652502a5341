"""Short dates show the year whenever it is not the current one, so a wrong year shows."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from contactpolicy.dates import day_and_date, short_date, short_datetime

LONDON = ZoneInfo("Europe/London")
NEW_YEARS_EVE = datetime.date(2026, 12, 31)
NEW_YEARS_DAY = datetime.date(2027, 1, 1)


def test_a_date_this_year_has_no_year():
    assert short_date(datetime.date(2026, 1, 7), today=NEW_YEARS_EVE) == "Wed 7 Jan"


@pytest.mark.parametrize(
    ("value", "today", "expected"),
    [
        (datetime.date(2027, 1, 1), NEW_YEARS_EVE, "Fri 1 Jan 2027"),
        (datetime.date(2026, 12, 31), NEW_YEARS_EVE, "Thu 31 Dec"),
        (datetime.date(2026, 12, 31), NEW_YEARS_DAY, "Thu 31 Dec 2026"),
        (datetime.date(2027, 1, 1), NEW_YEARS_DAY, "Fri 1 Jan"),
        (datetime.date(2062, 1, 3), NEW_YEARS_EVE, "Tue 3 Jan 2062"),
    ],
)
def test_the_year_appears_across_the_boundary(value, today, expected):
    assert short_date(value, today=today) == expected


def test_times_are_read_in_london_before_the_year_is_judged():
    # 23:30 on New Year's Eve in London is still 2026 there, though UTC says the same.
    late = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert short_datetime(late, today=NEW_YEARS_EVE) == "Thu 31 Dec, 23:30"
    assert short_datetime(late, today=NEW_YEARS_DAY) == "Thu 31 Dec 2026, 23:30"
    # Midsummer 23:30 UTC is 00:30 the next day in London.
    summer = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    assert short_datetime(summer, today=NEW_YEARS_EVE) == "Wed 1 Jul, 00:30"


def test_day_and_date_in_full():
    assert day_and_date(datetime.date(2026, 3, 4), today=NEW_YEARS_EVE) == "Wednesday 4 March"
    assert day_and_date(datetime.date(2025, 3, 4), today=NEW_YEARS_EVE) == "Tuesday 4 March 2025"


def test_template_filters_use_today_and_leave_nothing_for_no_date():
    now = timezone.localtime()
    last_year = now.replace(year=now.year - 1, month=3, day=4)
    rendered = Template(
        "{% load dates %}{{ a|short_datetime }}|{{ b|short_date }}|{{ c|short_date }}"
    ).render(Context({"a": last_year, "b": now.date(), "c": None}))
    first, second, third = rendered.split("|")
    assert first.endswith(f"4 Mar {now.year - 1}, {last_year:%H:%M}")
    assert str(now.year) not in second
    assert third == ""


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_written_as_django_formats_them_in_either_language(language):
    from django.utils import translation
    from django.utils.dateformat import format as date_format

    moments = [
        datetime.datetime(2026, month, 1 + month * 2, month, 4 * month, tzinfo=LONDON)
        for month in range(1, 13)
    ]
    with translation.override(language):
        for moment in moments:
            assert short_date(moment.date(), today=NEW_YEARS_DAY) == date_format(moment, "D j M Y")
            assert short_datetime(moment, today=NEW_YEARS_EVE) == date_format(moment, "D j M, H:i")
            assert day_and_date(moment.date(), today=NEW_YEARS_EVE) == date_format(moment, "l j F")
