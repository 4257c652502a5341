"""Service-standard clocks on real dates, for the BTPA profile and for every other profile.

BTPA §5: letters acknowledged within 10 working days and answered within 20; emails within
2 and 20; office hours 08:00–16:00 Monday to Friday, closed on bank holidays for England.
England: Christmas Day Fri 25 Dec 2026, Boxing Day observed Mon 28 Dec, New Year's Day
Fri 1 Jan 2027; Good Friday 3 Apr 2026, Easter Monday 6 Apr 2026.
"""

from datetime import UTC, date

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from cases.clocks import ClockState
from cases.services import (
    ContactDetails,
    contact_log,
    contact_pause,
    contact_resume,
    contacts_recompute_due,
)
from contactpolicy.models import ClosureDay
from tests.cases.factories import CustomerFactory, london
from tests.conftest import PROFILE_SLUGS

pytestmark = pytest.mark.django_db


def log(user, *, customer=None, **details):
    details.setdefault("summary", "A question")
    return contact_log(
        logged_by=user,
        customer=customer or CustomerFactory(),
        details=ContactDetails(**details),
    )


@pytest.mark.parametrize(
    ("channel", "received", "acknowledge", "respond"),
    [
        # Letter on Wed 23 Dec: day one is Thu 24 Dec; Christmas, Boxing Day (observed
        # Mon 28) and New Year's Day are skipped: the tenth working day is Mon 11 Jan.
        (
            "letter",
            london(2026, 12, 23, 10, 0),
            london(2027, 1, 11, 16, 0),
            london(2027, 1, 25, 16, 0),
        ),
        # Email on Christmas Eve afternoon: 2 working days is Wed 30 Dec.
        (
            "email",
            london(2026, 12, 24, 15, 0),
            london(2026, 12, 30, 16, 0),
            london(2027, 1, 26, 16, 0),
        ),
        # Email the day before Good Friday: Friday and Easter Monday are holidays, and the
        # response runs past the early May bank holiday (Mon 4 May) to Tue 5 May.
        ("email", london(2026, 4, 2, 9, 0), london(2026, 4, 8, 16, 0), london(2026, 5, 5, 16, 0)),
        # Letter received on Good Friday itself (British Summer Time: 16:00 is 15:00 UTC).
        (
            "letter",
            london(2026, 4, 3, 11, 0),
            london(2026, 4, 20, 16, 0),
            london(2026, 5, 5, 16, 0),
        ),
        # Received on a Saturday: day one is the Monday.
        (
            "email",
            london(2026, 11, 21, 12, 0),
            london(2026, 11, 24, 16, 0),
            london(2026, 12, 18, 16, 0),
        ),
    ],
)
def test_btpa_letters_and_emails(btpa_active, caseworker, channel, received, acknowledge, respond):
    contact = log(caseworker, channel=channel, received_at=received)
    assert contact.acknowledge_due_at == acknowledge
    assert contact.respond_due_at == respond
    assert contact.next_due_at == acknowledge


def test_the_stored_due_time_is_utc(btpa_active, caseworker):
    contact = log(caseworker, channel="email", received_at=london(2026, 4, 2, 9, 0))
    contact.refresh_from_db()
    assert contact.acknowledge_due_at.utcoffset().total_seconds() == 0
    assert contact.acknowledge_due_at.hour == 15  # 16:00 British Summer Time


def test_a_telephone_call_has_no_clock(btpa_active, caseworker):
    contact = log(
        caseworker,
        channel="telephone",
        received_at=london(2026, 11, 20, 15, 0),
        duration_minutes=12,
    )
    assert contact.acknowledge_due_at is None and contact.respond_due_at is None
    assert contact.next_due_at is None
    assert "six rings" in contact.clock_note


def test_a_call_ended_by_staff_keeps_its_reason(btpa_active, caseworker):
    contact = log(
        caseworker,
        channel="telephone",
        received_at=london(2026, 11, 20, 15, 0),
        ended_by_staff=True,
        ended_reason="Repeated abuse after a warning",
    )
    assert contact.ended_by_staff and contact.ended_reason == "Repeated abuse after a warning"


def test_a_call_ended_by_staff_needs_a_reason(btpa_active, caseworker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        log(
            caseworker,
            channel="telephone",
            received_at=london(2026, 11, 20, 15, 0),
            ended_by_staff=True,
        )


@pytest.mark.parametrize(
    ("deadline", "respond"),
    [
        # BTPA §7.2: 3 office hours from Friday 15:00 is Monday 10:00 ...
        (None, london(2026, 11, 23, 10, 0)),
        # ... unless the journalist's own deadline is earlier ...
        (london(2026, 11, 20, 17, 30), london(2026, 11, 20, 17, 30)),
        # ... and a later deadline does not push it back.
        (london(2026, 11, 24, 12, 0), london(2026, 11, 23, 10, 0)),
    ],
)
def test_btpa_media_enquiries(btpa_active, caseworker, deadline, respond):
    contact = log(
        caseworker,
        channel="telephone",
        kind="media",
        received_at=london(2026, 11, 20, 15, 0),
        requester_deadline=deadline,
    )
    assert contact.respond_due_at == respond
    assert contact.acknowledge_due_at is None


def test_a_media_enquiry_over_the_clocks_going_back(btpa_active, caseworker):
    # Clocks go back on Sunday 25 October 2026: 10:00 on Monday is 10:00 UTC, not 09:00.
    contact = log(
        caseworker, channel="email", kind="media", received_at=london(2026, 10, 23, 15, 0)
    )
    assert contact.respond_due_at == london(2026, 10, 26, 10, 0)
    assert contact.respond_due_at.astimezone(UTC).hour == 10


def test_copied_for_information_stops_the_clocks(btpa_active, caseworker):
    contact = log(
        caseworker,
        channel="email",
        received_at=london(2026, 11, 20, 9, 0),
        copied_for_information=True,
    )
    assert contact.acknowledge_due_at is None and contact.respond_due_at is None
    assert contact.clock_note == "Copied for information: no reply is needed."


def test_a_no_reply_exception_stops_the_clocks_with_its_reason(btpa_active, caseworker):
    contact = log(
        caseworker,
        channel="letter",
        received_at=london(2026, 11, 20, 9, 0),
        no_reply_reason="selling",
    )
    assert contact.next_due_at is None
    assert "Selling or promoting a product" in contact.clock_note


def test_btpa_no_reply_exceptions_apply_only_to_the_channels_they_are_written_under(
    btpa_active, caseworker
):
    # BTPA §5: the exceptions are listed under letters and emails; cc and bcc only for email,
    # speculative job applications only for letters.
    with pytest.raises(ValidationError) as info:
        log(
            caseworker,
            channel="letter",
            received_at=london(2026, 11, 20, 9, 0),
            no_reply_reason="cc_bcc",
        )
    assert info.value.message_dict == {
        "no_reply_reason": ["“Sent as cc or bcc” applies only to: email."]
    }
    with pytest.raises(ValidationError):
        log(
            caseworker,
            channel="telephone",
            received_at=london(2026, 11, 20, 9, 0),
            no_reply_reason="selling",
        )


def test_btpa_media_enquiries_are_passed_to_the_communications_manager(btpa_active, caseworker):
    # BTPA §7.1: media enquiries go to the Stakeholder Engagement and Communications Manager.
    contact = log(caseworker, channel="email", kind="media", received_at=london(2026, 11, 20, 9))

    assert contact.clock_note.startswith(
        "Pass it to the Stakeholder Engagement and Communications Manager."
    )


@pytest.mark.parametrize(
    ("received", "outside"),
    [(london(2026, 11, 21, 11, 0), True), (london(2026, 11, 20, 11, 0), False)],
    ids=["saturday", "friday-in-hours"],
)
def test_btpa_social_media_is_monitored_only_in_office_hours(
    btpa_active, caseworker, received, outside
):
    # BTPA §5.9: "monitored during office hours: 08.00-16.00, Monday to Friday".
    contact = log(caseworker, channel="social_media", received_at=received)

    assert ("Received outside office hours" in contact.clock_note) is outside


def test_welsh_correspondence_is_answered_in_welsh(btpa_active, caseworker):
    contact = log(
        caseworker, channel="letter", received_at=london(2026, 11, 20, 9, 0), language="cy"
    )
    assert contact.reply_in_welsh


def test_unless_the_customer_said_there_is_no_need(btpa_active, caseworker):
    customer = CustomerFactory(preferred_language="cy", no_welsh_reply_needed=True)
    contact = log(
        caseworker,
        customer=customer,
        channel="letter",
        received_at=london(2026, 11, 20, 9, 0),
        language="cy",
    )
    assert not contact.reply_in_welsh


def test_an_outgoing_contact_has_no_clock(btpa_active, caseworker):
    contact = log(
        caseworker, channel="letter", direction="out", received_at=london(2026, 11, 20, 9, 0)
    )
    assert contact.next_due_at is None


@pytest.mark.parametrize("slug", [s for s in PROFILE_SLUGS if s != "btpa"])
def test_profiles_without_service_standards_run_no_clock(activate_profile, caseworker, slug):
    """No clock, but still open: it awaits its reply until answered (issue 20, item 13)."""
    profile = activate_profile(slug)
    contact = log(caseworker, channel="email", received_at=london(2026, 12, 23, 10, 0))
    assert contact.next_due_at is None
    assert contact.clock_note == (
        f"The {profile.short_name} policy sets no service standard for this: it stays on the "
        "worklist until it is answered."
    )
    assert contact.is_open


def test_pausing_extends_the_clock_by_the_working_days_paused(btpa_active, caseworker):
    contact = log(caseworker, channel="email", received_at=london(2026, 11, 2, 9, 0))
    assert contact.acknowledge_due_at == london(2026, 11, 4, 16, 0)
    assert contact.respond_due_at == london(2026, 11, 30, 16, 0)

    contact = contact_pause(
        contact=contact, reason="Waiting for their reference", at=london(2026, 11, 3, 10, 0)
    )
    assert contact.next_due_at is None
    # Paused from Tuesday 3 to Monday 9 November: Wed, Thu, Fri and Mon are 4 working days.
    contact = contact_resume(contact=contact, at=london(2026, 11, 9, 10, 0))
    assert contact.paused_working_days == 4
    assert contact.acknowledge_due_at == london(2026, 11, 10, 16, 0)
    assert contact.respond_due_at == london(2026, 12, 4, 16, 0)
    assert contact.next_due_at == contact.acknowledge_due_at


def test_a_closure_day_moves_open_contacts_on(btpa_active, caseworker):
    contact = log(caseworker, channel="email", received_at=london(2026, 12, 21, 9, 0))
    answered = log(caseworker, channel="email", received_at=london(2026, 12, 21, 9, 0))
    answered.acknowledged_at = answered.responded_at = london(2026, 12, 21, 11, 0)
    answered.refresh_next_due()
    answered.save()
    assert contact.acknowledge_due_at == london(2026, 12, 23, 16, 0)

    ClosureDay.objects.create(date=date(2026, 12, 22), reason="Office move")
    assert contacts_recompute_due() == 1

    contact.refresh_from_db()
    answered.refresh_from_db()
    assert contact.acknowledge_due_at == london(2026, 12, 24, 16, 0)
    assert answered.acknowledge_due_at == london(2026, 12, 23, 16, 0)


# The clock tag: one colour per state, from `ClockState.tag_class`, with the state's words.
CLOCK_TAG_MARKUP = {
    ClockState.OVERDUE: '<strong class="govuk-tag govuk-tag--red">Overdue</strong>',
    ClockState.DUE_SOON: '<strong class="govuk-tag govuk-tag--orange">Due soon</strong>',
    ClockState.DUE: '<strong class="govuk-tag govuk-tag--blue">Due</strong>',
    ClockState.MET: '<strong class="govuk-tag govuk-tag--green">Met</strong>',
    ClockState.MISSED: '<strong class="govuk-tag govuk-tag--pink">Missed</strong>',
    ClockState.PAUSED: '<strong class="govuk-tag govuk-tag--grey">Paused</strong>',
    ClockState.NOT_TRACKED: '<strong class="govuk-tag govuk-tag--grey">No clock</strong>',
}


@pytest.mark.parametrize("state", list(ClockState))
def test_each_clock_state_renders_its_tag(state):
    rendered = render_to_string("cases/_clock_tag.html", {"state": state}).strip()
    assert rendered == CLOCK_TAG_MARKUP[state]
