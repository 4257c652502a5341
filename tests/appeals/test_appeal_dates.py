"""Appeal deadlines and due dates on real dates, through the calendar and each profile.

The day a notice is issued (or an appeal received) is day zero. Christmas 2026: Friday 25
December, Boxing Day's substitute Monday 28 December, New Year's Day Friday 1 January 2027.
Easter 2026: Good Friday 3 April, Easter Monday 6 April.
"""

from datetime import date

import pytest

from appeals import rules
from contactpolicy.workcalendar import WorkCalendar

pytestmark = pytest.mark.django_db

ENGLAND = WorkCalendar(region="ENG")


@pytest.mark.parametrize(
    ("notified_on", "last_day"),
    [
        # The last day of a shorter month, Saturday 28 February 2026: the Council is
        # closed, so the deadline moves to Monday 2 March.
        (date(2026, 1, 31), date(2026, 3, 2)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year, a Tuesday
        (date(2028, 2, 29), date(2028, 3, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 2, 1)),  # Sunday 31 January 2027 moves on
        (date(2026, 6, 15), date(2026, 7, 15)),
    ],
)
def test_tamworth_one_calendar_month_to_appeal(activate_profile, notified_on, last_day):
    profile = activate_profile("tamworth")
    assert rules.appeal_deadline(profile, profile.calendar(), notified_on) == last_day


def test_tamworth_an_appeal_on_the_last_day_is_in_time_and_the_next_day_late(activate_profile):
    profile = activate_profile("tamworth")
    deadline = rules.appeal_deadline(profile, profile.calendar(), date(2026, 1, 31))
    assert not rules.is_late(deadline, date(2026, 3, 2))
    assert rules.is_late(deadline, date(2026, 3, 3))
    assert not rules.is_late(None, date(2030, 1, 1))  # no window: never late


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 2), date(2026, 4, 13)),  # six weeks, whatever falls between
        (date(2026, 12, 24), date(2027, 2, 4)),
        (date(2028, 1, 31), date(2028, 3, 13)),
    ],
)
def test_tamworth_an_appeal_is_decided_within_six_weeks_of_receipt(activate_profile, received, due):
    profile = activate_profile("tamworth")
    assert rules.decision_due(profile, profile.calendar(), received) == due


@pytest.mark.parametrize(
    ("notice_date", "value", "last_day"),
    [
        # Wednesday 23 December 2026: 24, 29, 30, 31 December, then 4 to 8 and 11 January.
        (date(2026, 12, 23), 10, date(2027, 1, 11)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        # Wednesday 1 April 2026: Thursday 2 April, then 7 to 10 April after Easter.
        (date(2026, 4, 1), 5, date(2026, 4, 10)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
    ],
)
def test_a_window_in_working_days_steps_over_christmas_and_easter(
    activate_profile, notice_date, value, last_day
):
    profile = activate_profile("tamworth")
    profile.appeal_window_value, profile.appeal_window_unit = value, "working_days"
    assert rules.appeal_deadline(profile, profile.calendar(), notice_date) == last_day


def test_a_closure_day_is_not_a_working_day_of_the_window(activate_profile):
    profile = activate_profile("tamworth")
    profile.appeal_window_value, profile.appeal_window_unit = 1, "working_days"
    closed = profile.calendar([date(2026, 12, 29)])
    assert rules.appeal_deadline(profile, closed, date(2026, 12, 24)) == date(2026, 12, 30)


@pytest.mark.parametrize("slug", ["ipcc", "natural-england", "btpa", "opcc"])
def test_a_profile_with_no_time_limit_sets_no_deadline_or_due_date(activate_profile, slug):
    profile = activate_profile(slug)
    assert rules.appeal_deadline(profile, profile.calendar(), date(2026, 1, 31)) is None
    assert rules.decision_due(profile, profile.calendar(), date(2026, 1, 31)) is None


def test_the_window_has_not_started_before_the_notice_is_issued(activate_profile):
    profile = activate_profile("tamworth")
    assert rules.appeal_deadline(profile, profile.calendar(), None) is None


@pytest.mark.parametrize(
    ("unit", "value", "last_day"),
    [
        ("calendar_days", 30, date(2026, 3, 2)),
        ("weeks", 2, date(2026, 2, 14)),
        ("calendar_months", 1, date(2026, 2, 28)),
        ("working_days", 3, date(2026, 2, 4)),
    ],
)
def test_period_end_counts_each_unit_from_day_zero(unit, value, last_day):
    assert ENGLAND.period_end(date(2026, 1, 31), value, unit) == last_day


def test_period_end_refuses_office_hours_and_negative_lengths():
    with pytest.raises(ValueError, match="not a period of whole days"):
        ENGLAND.period_end(date(2026, 1, 31), 3, "office_hours")
    with pytest.raises(ValueError, match="cannot be negative"):
        ENGLAND.period_end(date(2026, 1, 31), -1, "weeks")
