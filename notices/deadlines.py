"""When a customer is notified, and so when their time to appeal runs out (ADR 0016).

Time runs from when the customer is notified, not from the date printed on the letter
(DESIGN.md §9). Tamworth §10: the customer must write "within one calendar month of their
notification". A letter dated Friday and posted that day does not reach anyone that day.

- **Deemed notified** (`deemed_notified_on`): a posted letter on the second working day
  after posting, the rule the civil courts use for first-class post (CPR 6.26; CPR 6.14
  for a claim form: "the second business day after"); an email or a letter handed over on
  the day it was sent, or the next working day when it was sent on a day the organisation
  is closed.
- **The deadline** (`appeal_deadline`): the profile's window from that day, moved on to the
  next working day when it ends on a day the organisation is closed
  (`WorkCalendar.deadline`).
- **What the letter says** (`stated_appeal_deadline`): worked out when the letter is
  rendered, before anyone knows how it will go, assuming it is posted on its own date.
  Post is the slowest route, so the date the letter states is never earlier than the
  deadline from any route taken that day.
- **What counts** (`deadline_in_force`): once the notice is sent, the later of the date the
  letter states and the window from the day the customer was actually deemed notified. A
  customer is never held to a date earlier than the one they were told, and a letter
  posted late gives them their full window.

Every date here is counted by the organisation's calendar (`profile.calendar`): its
bank-holiday region, its working weekdays and its closure days.
"""

from datetime import date

from contactpolicy.models import ClosureDay
from contactpolicy.workcalendar import WorkCalendar
from notices.models import Notice, SendMethod

# CPR 6.26: first-class post is deemed served "the second day after it was posted ... provided
# that day is a business day; or if not, the next business day after that day". Counting two
# working days is never earlier than that, and is what staff and customers can check.
POSTED_WORKING_DAYS = 2


def calendar_of(profile) -> WorkCalendar:
    """The organisation's calendar with its closure days (two queries)."""
    return profile.calendar(ClosureDay.objects.values_list("date", flat=True))


def deemed_notified_on(calendar: WorkCalendar, sent_on: date, method: str) -> date:
    """The day the customer is treated as having received a notice sent on `sent_on`.

    Posted: the second working day after posting (Friday 4 December 2026 gives Tuesday 8
    December). Emailed or handed over: that day, or the next working day when the
    organisation was closed that day. Always a working day, never before `sent_on`.
    """
    if method not in SendMethod.values:
        raise ValueError(f"{method!r} is not a way of sending a notice")
    if method == SendMethod.POST:
        return calendar.add_working_days(sent_on, POSTED_WORKING_DAYS)
    return calendar.working_day_on_or_after(sent_on)


def appeal_deadline(profile, calendar: WorkCalendar, notified_on: date | None) -> date | None:
    """The last day to appeal for a customer notified on `notified_on`: the profile's window,
    moved on to a working day. None where the policy sets no window, or nobody has been
    notified yet."""
    if notified_on is None or not (profile.appeal_window_value and profile.appeal_window_unit):
        return None
    return calendar.deadline(notified_on, profile.appeal_window_value, profile.appeal_window_unit)


def stated_appeal_deadline(profile, calendar: WorkCalendar, notice_date: date) -> date | None:
    """The deadline a letter dated `notice_date` states: as if posted that day.

    Rendering cannot know how the letter will go, and a notice records no intended route
    before it is sent. Post is the slowest way, so assuming it means an email or a hand
    delivery the same day only gives the customer a few days more than the law's minimum,
    never fewer; posting later is covered by `deadline_in_force`.
    """
    notified = deemed_notified_on(calendar, notice_date, SendMethod.POST)
    return appeal_deadline(profile, calendar, notified)


def deadline_in_force(stated: date | None, from_notification: date | None) -> date | None:
    """The later of the date the letter states and the window from actual notification."""
    known = [d for d in (stated, from_notification) if d is not None]
    return max(known, default=None)


def notice_appeal_deadline(notice: Notice, calendar: WorkCalendar) -> date | None:
    """The deadline an appeal against this notice's decision is measured against.

    The one stored when the notice was issued and updated when it was sent. A notice
    issued before the dates were stored falls back to the letter's date, worked out the
    same way the letter now would.
    """
    if notice.appeal_deadline is not None:
        return notice.appeal_deadline
    if notice.notice_date is None:
        return None
    stated = stated_appeal_deadline(notice.profile, calendar, notice.notice_date)
    if notice.notified_on is None:
        return stated
    return deadline_in_force(stated, appeal_deadline(notice.profile, calendar, notice.notified_on))
