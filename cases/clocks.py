"""Service-standard clocks: when a contact must be acknowledged and answered.

The rules come from the active policy profile's standard for the contact's channel and
kind (DESIGN.md §2, "Service standards"), and every date is worked out by the shared
calendar (`contactpolicy.workcalendar`). BTPA §5: letters acknowledged within ten working
days and answered within 20; emails within 2 and 20; media enquiries within the
journalist's deadline or 3 hours (§7.2); no reply to copies for information and the other
stated exceptions.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models

from contactpolicy.choices import CONVERSATIONS, TimeUnit
from contactpolicy.statutory import statutory_respond_due
from contactpolicy.workcalendar import (
    WorkCalendar,
    add_calendar_months,
    add_weeks,
    end_of_local_day,
    to_local,
)


@dataclass(frozen=True)
class Clocks:
    acknowledge_due_at: datetime | None
    respond_due_at: datetime | None
    note: str = ""
    # A reply is owed: the contact stays on its officer's worklist until it is answered,
    # whether or not a clock runs (a policy that sets no standard still expects a reply).
    reply_expected: bool = True


def target_due(calendar: WorkCalendar, received: datetime, value: int, unit: str) -> datetime:
    """The moment a target of `value` `unit`s from `received` falls due."""
    day = to_local(received).date()
    match TimeUnit(unit):
        case TimeUnit.WORKING_DAYS:
            return calendar.working_day_due(received, value)
        case TimeUnit.OFFICE_HOURS:
            return calendar.add_office_time(received, timedelta(hours=value))
        case TimeUnit.CALENDAR_DAYS:
            return end_of_local_day(day + timedelta(days=value))
        case TimeUnit.WEEKS:
            return end_of_local_day(add_weeks(day, value))
        case TimeUnit.CALENDAR_MONTHS:
            return end_of_local_day(add_calendar_months(day, value))


def compute_clocks(
    *,
    profile,
    calendar: WorkCalendar,
    channel: str,
    kind: str,
    received_at: datetime,
    copied_for_information: bool = False,
    no_reply_reason: str = "",
    requester_deadline: datetime | None = None,
) -> Clocks:
    """The acknowledgement and response due times of a newly logged contact.

    A contact no standard covers still awaits a reply (`Clocks.reply_expected`); one whose
    standard runs no clock (BTPA §5: a phone call answered within six rings) does not.
    Freedom of information and subject access requests always carry their statutory
    response clock (`STATUTORY_RESPONSE`), and a call or a visit never an acknowledgement
    clock (`CONVERSATIONS`).
    """
    if copied_for_information:
        return Clocks(None, None, "Copied for information: no reply is needed.", False)
    if no_reply_reason:
        exception = next(
            (e for e in profile.no_reply_exceptions.all() if e.reason == no_reply_reason), None
        )
        label = exception.get_reason_display() if exception else no_reply_reason
        return Clocks(None, None, f"No reply needed: {label}.", False)
    statutory = statutory_respond_due(calendar, kind, received_at)
    standard = profile.standard_for(channel, kind)
    if standard is None:
        if statutory is not None:
            return Clocks(None, statutory)
        return Clocks(
            None,
            None,
            f"The {profile.short_name} policy sets no service standard for this: it stays on "
            "the worklist until it is answered.",
        )
    notes = _handling_notes(standard, calendar, received_at)
    if not standard.tracked:
        if statutory is not None:
            return Clocks(None, statutory, _join(*notes))
        return Clocks(None, None, _join(*notes, standard.description), False)

    acknowledge = respond = None
    if (
        standard.acknowledge_value is not None
        and standard.acknowledge_unit
        and channel not in CONVERSATIONS
    ):
        acknowledge = target_due(
            calendar, received_at, standard.acknowledge_value, standard.acknowledge_unit
        )
    if standard.respond_value is not None and standard.respond_unit:
        respond = target_due(calendar, received_at, standard.respond_value, standard.respond_unit)
    if standard.requester_deadline_applies and requester_deadline is not None:
        respond = min(filter(None, [respond, requester_deadline]))
    if statutory is not None:
        respond = min(filter(None, [respond, statutory]))
    note = _join(*notes, "" if (acknowledge or respond) else standard.description)
    return Clocks(acknowledge, respond, note)


def _handling_notes(standard, calendar: WorkCalendar, received_at: datetime) -> list[str]:
    """What the standard says about who handles the contact and when it is read.

    `routed_to`: BTPA §7.1, media enquiries go to the Stakeholder Engagement and
    Communications Manager. `office_hours_only`: BTPA §5.9, social media is monitored in
    office hours only, so a message outside them waits for the next opening.
    """
    notes = []
    if standard.routed_to:
        notes.append(f"Pass it to the {standard.routed_to}.")
    if standard.office_hours_only and not _in_office_hours(calendar, received_at):
        notes.append(
            "Received outside office hours: this channel is monitored only in office hours, "
            "so it is read when the office next opens."
        )
    return notes


def _in_office_hours(calendar: WorkCalendar, moment: datetime) -> bool:
    local = to_local(moment)
    hours = calendar.hours_on(local.date())
    return hours is not None and hours.opens <= local.time() < hours.closes


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


class ClockState(models.TextChoices):
    NOT_TRACKED = "not_tracked", "No clock"
    PAUSED = "paused", "Paused"
    DUE = "due", "Due"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Met"
    MISSED = "missed", "Missed"

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour for this state; its label is always shown beside it."""
        return CLOCK_TAGS[self]


# Tag colours for a clock's state. The words are always shown as well: nothing is said by
# colour alone (WCAG 1.4.1).
CLOCK_TAGS = {
    ClockState.NOT_TRACKED: "govuk-tag--grey",
    ClockState.PAUSED: "govuk-tag--grey",
    ClockState.DUE: "govuk-tag--blue",
    ClockState.DUE_SOON: "govuk-tag--orange",
    ClockState.OVERDUE: "govuk-tag--red",
    ClockState.MET: "govuk-tag--green",
    ClockState.MISSED: "govuk-tag--pink",
}


def clock_state(
    *,
    due_at: datetime | None,
    done_at: datetime | None,
    now: datetime,
    soon: datetime,
    paused: bool,
) -> ClockState:
    """Where one clock stands. `soon` is the end of the next working day."""
    if due_at is None:
        return ClockState.NOT_TRACKED
    if done_at is not None:
        return ClockState.MET if done_at <= due_at else ClockState.MISSED
    if paused:
        return ClockState.PAUSED
    if now > due_at:
        return ClockState.OVERDUE
    if due_at <= soon:
        return ClockState.DUE_SOON
    return ClockState.DUE


def soon_threshold(calendar: WorkCalendar, now: datetime) -> datetime:
    """Anything due before the close of the next working day is due soon."""
    return calendar.working_day_due(now, 1)
