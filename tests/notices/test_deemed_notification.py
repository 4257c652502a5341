"""Time runs from when the customer is notified, on real dates (DESIGN.md §9, ADR 0016).

Tamworth §10: "the customer must write to the Head of Customer Services stating why they
disagree with the determination made within one calendar month of their notification."

CPR 6.26 deems a document sent by first-class post served on "the second day after it was
posted, left with, delivered to or collected by the relevant service provider provided that
day is a business day; or if not, the next business day after that day". We count the
second working day after posting, which is never earlier; an email or a letter handed over
reaches the customer that day.

England 2026–27: Christmas Day Friday 25 December, Boxing Day's substitute Monday 28
December, New Year's Day Friday 1 January 2027.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactpolicy.workcalendar import PERIOD_UNITS, Region, WorkCalendar
from notices.deadlines import (
    appeal_deadline,
    deadline_in_force,
    deemed_notified_on,
    stated_appeal_deadline,
)
from notices.models import SendMethod

ENGLAND = WorkCalendar(region="ENG")
TAMWORTH_WINDOW = SimpleNamespace(appeal_window_value=1, appeal_window_unit="calendar_months")


def test_posted_on_a_friday_is_received_the_tuesday_after_the_weekend():
    """Friday 4 December 2026: Monday 7 is the first working day after, Tuesday 8 the second."""
    assert deemed_notified_on(ENGLAND, date(2026, 12, 4), SendMethod.POST) == date(2026, 12, 8)


def test_posted_before_christmas_is_received_after_both_bank_holidays():
    """Wednesday 23 December 2026: Thursday 24 is the first working day; Friday 25 (Christmas
    Day), the weekend and Monday 28 (Boxing Day's substitute) are not working days, so the
    second is Tuesday 29 December."""
    assert ENGLAND.non_working_reason(date(2026, 12, 28)) == "bank holiday: Boxing Day (observed)"
    assert deemed_notified_on(ENGLAND, date(2026, 12, 23), SendMethod.POST) == date(2026, 12, 29)


def test_a_closure_day_is_not_a_working_day_of_the_post():
    """An office closed between Christmas and New Year: posted Wednesday 23 December, the
    working days after are Monday 4 and Tuesday 5 January 2027."""
    closed = WorkCalendar(
        region="ENG", closure_days=frozenset(date(2026, 12, d) for d in (24, 29, 30, 31))
    )
    assert deemed_notified_on(closed, date(2026, 12, 23), SendMethod.POST) == date(2027, 1, 5)


def test_scotland_keeps_the_second_of_january():
    """Posted Thursday 31 December 2026 in Scotland: 1 January and 4 January (2 January's
    substitute) are bank holidays there, so the letter arrives Wednesday 6 January; in
    England, Tuesday 5 January."""
    scotland = WorkCalendar(region=Region.SCOTLAND)
    assert deemed_notified_on(scotland, date(2026, 12, 31), SendMethod.POST) == date(2027, 1, 6)
    assert deemed_notified_on(ENGLAND, date(2026, 12, 31), SendMethod.POST) == date(2027, 1, 5)


@pytest.mark.parametrize("method", [SendMethod.EMAIL, SendMethod.BY_HAND])
def test_emailed_or_handed_over_the_customer_is_notified_that_day(method):
    assert deemed_notified_on(ENGLAND, date(2026, 12, 4), method) == date(2026, 12, 4)
    # Sent on Saturday 5 December: notified on the next working day, Monday 7.
    assert deemed_notified_on(ENGLAND, date(2026, 12, 5), method) == date(2026, 12, 7)


def test_an_unknown_way_of_sending_is_refused():
    with pytest.raises(ValueError, match="not a way of sending"):
        deemed_notified_on(ENGLAND, date(2026, 12, 4), "pigeon")


@pytest.mark.parametrize(
    ("notified_on", "would_be", "deadline"),
    [
        # One calendar month would end on Christmas Day; Monday 28 is Boxing Day's
        # substitute, so the Council next opens on Tuesday 29 December.
        (date(2026, 11, 25), date(2026, 12, 25), date(2026, 12, 29)),
        # New Year's Day 2027 is a Friday: Monday 4 January.
        (date(2026, 12, 1), date(2027, 1, 1), date(2027, 1, 4)),
        # Sunday 6 December 2026: Monday 7 December.
        (date(2026, 11, 6), date(2026, 12, 6), date(2026, 12, 7)),
        # An ordinary Tuesday stays where it is.
        (date(2026, 11, 10), date(2026, 12, 10), date(2026, 12, 10)),
    ],
)
def test_a_tamworth_deadline_on_a_closed_day_moves_to_the_next_working_day(
    notified_on, would_be, deadline
):
    """Tamworth §10: "within one calendar month of their notification"."""
    assert ENGLAND.period_end(notified_on, 1, "calendar_months") == would_be
    assert appeal_deadline(TAMWORTH_WINDOW, ENGLAND, notified_on) == deadline


def test_the_letter_states_the_deadline_as_if_posted_on_its_date():
    """A letter dated Friday 4 December 2026 is deemed received Tuesday 8 December; one
    calendar month later is Friday 8 January 2027."""
    assert stated_appeal_deadline(TAMWORTH_WINDOW, ENGLAND, date(2026, 12, 4)) == date(2027, 1, 8)


def test_the_deadline_in_force_is_never_earlier_than_the_letter_says():
    """Dated Friday 4 December 2026. Emailed that day, the window from notification would end
    on Monday 4 January 2027, but the letter says 8 January: 8 January counts. Posted ten
    days late (Monday 14 December, received Wednesday 16), the window runs to Saturday 16
    January, a closed day: Monday 18 January counts."""
    stated = stated_appeal_deadline(TAMWORTH_WINDOW, ENGLAND, date(2026, 12, 4))
    emailed = appeal_deadline(
        TAMWORTH_WINDOW,
        ENGLAND,
        deemed_notified_on(ENGLAND, date(2026, 12, 4), SendMethod.EMAIL),
    )
    assert emailed == date(2027, 1, 4)
    assert deadline_in_force(stated, emailed) == date(2027, 1, 8)
    posted_late = appeal_deadline(
        TAMWORTH_WINDOW,
        ENGLAND,
        deemed_notified_on(ENGLAND, date(2026, 12, 14), SendMethod.POST),
    )
    assert deadline_in_force(stated, posted_late) == date(2027, 1, 18)


def test_no_window_no_deadline():
    no_window = SimpleNamespace(appeal_window_value=None, appeal_window_unit=None)
    assert appeal_deadline(no_window, ENGLAND, date(2026, 12, 4)) is None
    assert appeal_deadline(TAMWORTH_WINDOW, ENGLAND, None) is None
    assert deadline_in_force(None, None) is None


# -- Invariants, for any calendar, day and way of sending ---------------------------------

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
calendars = st.builds(
    WorkCalendar,
    region=st.sampled_from(list(Region)),
    closure_days=st.frozensets(
        st.dates(min_value=date(2020, 1, 1), max_value=date(2036, 6, 30)), max_size=30
    ),
)
methods = st.sampled_from(SendMethod.values)
windows = st.builds(
    SimpleNamespace,
    appeal_window_value=st.integers(min_value=1, max_value=40),
    appeal_window_unit=st.sampled_from(PERIOD_UNITS),
)


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, sent_on=days, method=methods)
def test_the_deemed_day_is_a_working_day_never_before_sending(calendar, sent_on, method):
    notified = deemed_notified_on(calendar, sent_on, method)
    assert calendar.is_working_day(notified)
    assert notified >= sent_on
    if method == SendMethod.POST:
        assert notified > sent_on


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, window=windows, sent_on=days, later=st.integers(0, 60), method=methods)
def test_the_deadline_is_never_on_a_closed_day_and_never_earlier_for_later_sending(
    calendar, window, sent_on, later, method
):
    first = appeal_deadline(window, calendar, deemed_notified_on(calendar, sent_on, method))
    assert calendar.is_working_day(first)
    assert first > sent_on
    second = appeal_deadline(
        window, calendar, deemed_notified_on(calendar, sent_on + timedelta(days=later), method)
    )
    assert second >= first


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, window=windows, dated=days, late=st.integers(0, 30), method=methods)
def test_the_deadline_in_force_is_never_earlier_than_the_letter_states(
    calendar, window, dated, late, method
):
    stated = stated_appeal_deadline(window, calendar, dated)
    sent = appeal_deadline(
        window, calendar, deemed_notified_on(calendar, dated + timedelta(days=late), method)
    )
    in_force = deadline_in_force(stated, sent)
    assert in_force >= stated and in_force >= sent
    assert calendar.is_working_day(in_force)
