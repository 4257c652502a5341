"""Service standards per kind of contact, statutory clocks, and no acknowledgement clock for a
conversation: on real dates around Christmas 2026.

Issue 20, item 23: "a standard entered the obvious way covers general enquiries only;
complaints, FOI, SAR and media contacts then have no due date and vanish from the worklist
(with 13 above). The profile editor shows which kinds have no standard, FOI and SAR carry
their statutory clocks (20 working days; one calendar month) whatever the profile says, and a
phone call or visit is not given an acknowledgement clock."

Freedom of Information Act 2000 s.10(1): "not later than the twentieth working day following
the date of receipt"; s.10(6): a working day is not a Saturday, Sunday, Christmas Day, Good
Friday or a bank holiday "in any part of the United Kingdom". UK GDPR Art. 12(3): "within
one month of receipt of the request".
Bank holidays: Christmas Day Fri 25 Dec 2026, Boxing Day observed Mon 28 Dec, New Year's
Day Fri 1 Jan 2027; in Scotland 2 January is observed on Mon 4 Jan 2027.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.services import ContactDetails, contact_log
from contactpolicy.models import ClosureDay, PolicyProfile, ServiceStandard
from contactpolicy.workcalendar import add_uk_working_days, is_uk_working_day
from tests.cases.factories import CustomerFactory, london

pytestmark = pytest.mark.django_db


def log(user, profile=None, **details):
    details.setdefault("summary", "A request")
    return contact_log(
        logged_by=user,
        customer=CustomerFactory(),
        details=ContactDetails(**details),
        profile=profile,
    )


def end_of(year, month, day):
    return london(year, month, day, 23, 59, 59)


@pytest.fixture
def tamworth(activate_profile):
    return activate_profile("tamworth")


@pytest.fixture
def general_for_any_channel(tamworth):
    """The standard an administrator enters first: any channel, general enquiry."""
    ServiceStandard.objects.create(
        profile=tamworth,
        channel=None,
        kind="general",
        acknowledge_value=5,
        acknowledge_unit="working_days",
        respond_value=15,
        respond_unit="working_days",
        description="We acknowledge within 5 working days and reply within 15.",
    )
    return PolicyProfile.objects.get(pk=tamworth.pk)


@pytest.mark.parametrize("kind", ["complaint", "media", "complaint_member_staff"])
def test_a_general_standard_for_any_channel_covers_every_kind(
    caseworker, general_for_any_channel, kind
):
    contact = log(
        caseworker,
        general_for_any_channel,
        channel="email",
        kind=kind,
        received_at=london(2026, 12, 21, 10, 0),
    )
    # Day zero Mon 21 Dec; Christmas, Boxing Day (observed 28) and New Year's Day skipped.
    assert contact.acknowledge_due_at == end_of(2026, 12, 30)
    assert contact.respond_due_at == end_of(2027, 1, 14)


def test_a_kind_s_own_standard_still_comes_before_the_general_one(
    caseworker, general_for_any_channel
):
    ServiceStandard.objects.create(
        profile=general_for_any_channel,
        channel=None,
        kind="complaint",
        respond_value=10,
        respond_unit="working_days",
        description="Complaints within 10 working days.",
    )
    profile = PolicyProfile.objects.get(pk=general_for_any_channel.pk)
    contact = log(
        caseworker,
        profile,
        channel="letter",
        kind="complaint",
        received_at=london(2026, 12, 21, 10),
    )
    assert (contact.acknowledge_due_at, contact.respond_due_at) == (None, end_of(2027, 1, 7))


def test_a_freedom_of_information_request_has_its_statutory_clock_where_the_policy_sets_none(
    caseworker, tamworth
):
    contact = log(caseworker, channel="email", kind="foi", received_at=london(2026, 12, 7, 10, 0))
    # The 20th UK working day: Christmas, Boxing Day (28), New Year's Day and Scotland's
    # 2 January (observed Mon 4 Jan) are skipped, though Tamworth is in England.
    assert contact.respond_due_at == end_of(2027, 1, 8)
    assert contact.acknowledge_due_at is None
    assert contact.is_open


def test_the_statutory_clock_wins_when_the_profile_s_own_runs_later(btpa_active, caseworker):
    """BTPA §7: FOI requests "in accordance with the relevant legislation", 20 working days of
    its own calendar. With the office shut between Christmas and New Year its own target
    would fall after the law's; the law's stands."""
    received = london(2026, 12, 7, 10, 0)
    own = log(caseworker, channel="email", kind="foi", received_at=received)
    assert own.respond_due_at == london(2027, 1, 7, 16, 0)  # its own target is sooner: kept
    for day in (29, 30, 31):
        ClosureDay.objects.create(date=date(2026, 12, day), reason="Christmas closure")

    closed = log(caseworker, channel="email", kind="foi", received_at=received)

    assert closed.respond_due_at == end_of(2027, 1, 8)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # The same date next month: Wed 25 Nov 2026 would be Christmas Day; then the
        # weekend and Boxing Day observed on Monday 28: Tuesday 29 December.
        (london(2026, 11, 25, 10, 0), end_of(2026, 12, 29)),
        # No 31 February: the month's last day, Sunday 28 Feb 2027, then Monday 1 March.
        (london(2027, 1, 31, 10, 0), end_of(2027, 3, 1)),
        (london(2026, 12, 8, 10, 0), end_of(2027, 1, 8)),
    ],
)
def test_a_subject_access_request_has_one_calendar_month(caseworker, tamworth, received, due):
    contact = log(caseworker, channel="letter", kind="sar", received_at=received)
    assert contact.respond_due_at == due


def test_a_profile_that_runs_no_clock_for_foi_still_gets_the_statutory_one(caseworker, tamworth):
    ServiceStandard.objects.create(
        profile=tamworth, channel=None, kind="foi", tracked=False, description="See our FOI page."
    )
    profile = PolicyProfile.objects.get(pk=tamworth.pk)
    contact = log(
        caseworker, profile, channel="email", kind="foi", received_at=london(2026, 12, 7, 10)
    )
    assert contact.respond_due_at == end_of(2027, 1, 8)


@pytest.mark.parametrize("channel", ["telephone", "visit"])
def test_a_call_or_a_visit_gets_no_acknowledgement_clock(
    caseworker, general_for_any_channel, channel
):
    contact = log(
        caseworker, general_for_any_channel, channel=channel, received_at=london(2026, 12, 21, 10)
    )
    assert contact.acknowledge_due_at is None
    assert contact.respond_due_at == end_of(2027, 1, 14)


def test_a_standard_for_calls_refuses_an_acknowledgement_target(tamworth):
    standard = ServiceStandard(
        profile=tamworth,
        channel="telephone",
        kind="general",
        acknowledge_value=1,
        acknowledge_unit="working_days",
        description="Calls.",
    )
    with pytest.raises(ValidationError) as refused:
        standard.full_clean()
    assert "acknowledge_value" in refused.value.message_dict


def test_uk_working_days_skip_every_part_of_the_uk_s_bank_holidays():
    assert not is_uk_working_day(date(2027, 1, 4))  # Scotland: 2 January observed
    assert not is_uk_working_day(date(2026, 11, 30))  # Scotland: St Andrew's Day
    assert not is_uk_working_day(date(2027, 3, 17))  # Northern Ireland: St Patrick's Day
    assert not is_uk_working_day(date(2026, 12, 25))
    assert is_uk_working_day(date(2026, 12, 24))
    assert add_uk_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)
    assert add_uk_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_the_profile_editor_names_the_kinds_with_no_standard(client, administrator, tamworth):
    client.force_login(administrator)
    url = reverse("admin:contactpolicy_policyprofile_change", args=[tamworth.pk])

    page = client.get(url).content.decode()

    assert "Kinds of contact with no service standard" in page
    assert "<li>Complaint: any channel</li>" in page
    assert (
        "<li>Freedom of information request: any channel (the statutory clock still applies)</li>"
        in page
    )


def test_the_profile_editor_says_when_every_kind_is_covered(client, administrator, btpa_active):
    """BTPA sets a general standard for every channel: every kind falls back to one."""
    client.force_login(administrator)
    url = reverse("admin:contactpolicy_policyprofile_change", args=[btpa_active.pk])

    page = client.get(url).content.decode()

    assert "Every kind of contact has a standard on every channel." in page
