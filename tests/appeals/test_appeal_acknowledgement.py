"""An appeal's acknowledgement deadline: the profile's standard for acknowledging
correspondence by the channel the appeal came by, and the sweep that reminds of it.

Of the shipped profiles only BTPA sets acknowledgement standards (letters ten working days,
emails two), and BTPA has no appeal route; Tamworth, IPCC and Natural England, which have
one, set none. So appeals recorded under them have no acknowledgement deadline, and the
recording tests give Tamworth a letter standard of their own.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals import rules, services
from appeals.models import Appeal
from appeals.reminders import ACKNOWLEDGEMENT, appeals_remind
from contactpolicy.choices import Channel, ContactKind, TimeUnit
from contactpolicy.models import Notification, Reminder, ReminderStage, ServiceStandard
from contactpolicy.roles import Role
from contactpolicy.selectors import profile_forget_active, profile_get_active
from contactpolicy.workcalendar import WorkCalendar
from tests.appeals.factories import record, restricted
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db

ENGLAND = WorkCalendar(region="ENG")


@pytest.mark.parametrize(
    ("received_on", "via", "due"),
    [
        # Ten working days from Friday 18 December 2026, over Christmas and New Year.
        (date(2026, 12, 18), "post", date(2027, 1, 6)),
        # Two working days from Christmas Eve: the 25th, the 28th (Boxing Day's substitute)
        # and the weekend do not count.
        (date(2026, 12, 24), "email", date(2026, 12, 30)),
        # Ten working days over Easter 2026 (Good Friday 3 April, Easter Monday 6 April).
        (date(2026, 3, 30), "post", date(2026, 4, 15)),
        # BTPA tracks no clock for telephone calls or visits; "another way" has no channel.
        (date(2026, 12, 18), "telephone", None),
        (date(2026, 12, 18), "in_person", None),
        (date(2026, 12, 18), "other", None),
    ],
)
def test_btpa_acknowledgement_standard_by_channel(activate_profile, received_on, via, due):
    profile = activate_profile("btpa")
    assert rules.acknowledge_due(profile, ENGLAND, received_on, via) == due


@pytest.mark.parametrize("slug", ["tamworth", "ipcc", "natural-england"])
def test_a_profile_without_an_acknowledgement_standard_sets_no_deadline(activate_profile, slug):
    profile = activate_profile(slug)
    for via in ("post", "email", "telephone", "in_person", "other"):
        assert rules.acknowledge_due(profile, ENGLAND, date(2026, 6, 15), via) is None


def _letters_acknowledged_in(days: int):
    ServiceStandard.objects.create(
        profile=profile_get_active(),
        channel=Channel.LETTER,
        kind=ContactKind.GENERAL,
        acknowledge_value=days,
        acknowledge_unit=TimeUnit.WORKING_DAYS,
        description="We acknowledge letters within five working days.",
    )
    profile_forget_active()


def test_recording_an_appeal_stores_its_acknowledgement_deadline(activate_profile):
    activate_profile("tamworth")
    _letters_acknowledged_in(5)
    decision = restricted()
    received = timezone.localdate()
    appeal = record(decision, received_on=received, received_via="post")
    profile = profile_get_active()
    expected = rules.acknowledge_due(profile, services._calendar(profile), received, "post")
    assert appeal.acknowledge_due == expected
    assert appeal.acknowledge_due > received
    by_email = record(restricted(), received_via="email")
    assert by_email.acknowledge_due is None  # no standard for emails


def test_without_a_standard_the_appeal_has_no_acknowledgement_deadline(activate_profile):
    activate_profile("tamworth")
    appeal = record(restricted())
    assert appeal.acknowledge_due is None
    assert appeal.decision_due is not None


def test_the_appeal_page_shows_acknowledge_by_until_acknowledged(activate_profile, client):
    activate_profile("tamworth")
    _letters_acknowledged_in(5)
    appeal = record(restricted())
    manager = person(Role.LINE_MANAGER)
    client.force_login(manager)
    url = reverse("appeals:appeal", kwargs={"reference": appeal.reference})
    page = client.get(url).content.decode()
    assert "Acknowledge by" in page
    assert f"{appeal.acknowledge_due:%-d %B %Y}" in page
    services.appeal_acknowledge(actor=manager, appeal=appeal)
    assert "Acknowledge by" not in client.get(url).content.decode()


@pytest.fixture
def recorded(activate_profile):
    """An appeal received by post, recorded by a caseworker who has a line manager."""
    activate_profile("tamworth")
    _letters_acknowledged_in(5)
    manager = person(Role.LINE_MANAGER)
    recorder = person(Role.CASEWORKER, line_manager=manager)
    appeal = record(restricted(), by=recorder)
    return appeal, recorder, manager


def _acknowledgement_reminders():
    return Reminder.objects.filter(kind=ACKNOWLEDGEMENT)


def _due_in(appeal, days: int) -> date:
    due = timezone.localdate() + timedelta(days=days)
    Appeal.objects.filter(pk=appeal.pk).update(acknowledge_due=due)
    return due


def test_an_acknowledgement_coming_due_reminds_the_recorder_once(recorded):
    appeal, recorder, _ = recorded
    due = _due_in(appeal, 1)
    appeals_remind()
    appeals_remind()
    reminder = _acknowledgement_reminders().get()
    assert (reminder.record_id, reminder.stage, reminder.due_on) == (
        appeal.pk,
        ReminderStage.DUE_SOON,
        due,
    )
    assert reminder.recipient == recorder
    assert "must be acknowledged by" in reminder.message
    assert Notification.objects.filter(recipient=recorder, message=reminder.message).count() == 1


def test_an_acknowledgement_beyond_the_warning_period_reminds_nobody(recorded):
    appeal, _, _ = recorded
    _due_in(appeal, profile_get_active().reminder_warning_days + 1)
    appeals_remind()
    assert not _acknowledgement_reminders().exists()


def test_an_overdue_acknowledgement_goes_to_the_recorder_and_their_manager(recorded):
    appeal, recorder, manager = recorded
    _due_in(appeal, -1)
    appeals_remind()
    appeals_remind()
    stages = dict(_acknowledgement_reminders().values_list("stage", "recipient"))
    assert stages == {
        ReminderStage.OVERDUE: recorder.pk,
        ReminderStage.OVERDUE_MANAGER: manager.pk,
    }


def test_no_reminder_once_the_appeal_is_acknowledged(recorded):
    appeal, _, manager = recorded
    _due_in(appeal, -1)
    services.appeal_acknowledge(actor=manager, appeal=appeal)
    appeals_remind()
    assert not _acknowledgement_reminders().exists()
