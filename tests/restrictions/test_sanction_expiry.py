"""Time-limited sanctions end the day after their end date, by the application, and the
case's manager is told once (DESIGN.md §10)."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from contactpolicy.models import Notification, Reminder, ReminderStage
from contactpolicy.roles import Role
from restrictions.banner import restriction_in_force
from restrictions.expiry import sanctions_expire
from restrictions.models import AuditEvent, AuditEventType, Sanction, SanctionStatus, Stage
from restrictions.register_selectors import register_cases, register_rows
from tests.factories import UserFactory
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, sanction

pytestmark = pytest.mark.django_db

# A summer date, when London is an hour ahead of UTC: the sweep must use London's day.
LAST_DAY = date(date.today().year + 1, 7, 15)
# 23:30 in London on the last day, and 00:30 in London the day after.
LAST_EVENING = datetime(LAST_DAY.year, 7, 15, 22, 30, tzinfo=UTC)
NEXT_MORNING = datetime(LAST_DAY.year, 7, 15, 23, 30, tzinfo=UTC)
NEXT_DAY = date(LAST_DAY.year, 7, 16)


@pytest.fixture
def people(activate_profile):
    profile = activate_profile("tamworth")
    return {
        "profile": profile,
        "recorder": UserFactory(username="casey", roles=[Role.CASEWORKER]),
        "proposer": UserFactory(username="lena", roles=[Role.LINE_MANAGER]),
        "approvers": [UserFactory(username="hector", roles=[Role.HEAD_OF_SERVICE])],
    }


def excluded(people, *others, ends_on=LAST_DAY):
    customer = customer_named("Gordon Pike", people["recorder"])
    case = sanction(
        customer,
        sanction_of(
            people["profile"], "building_exclusion", buildings="Marmion House", ends_on=ends_on
        ),
        *others,
        proposer=people["proposer"],
        approvers=people["approvers"],
        recorder=people["recorder"],
    )
    return customer, case


def the_exclusion(case) -> Sanction:
    return case.sanctions.get(kind="building_exclusion")


def test_an_exclusion_ends_the_day_after_its_end_date_in_london(people):
    _, case = excluded(people)

    assert sanctions_expire(now=LAST_EVENING) == 0
    assert the_exclusion(case).status == SanctionStatus.ACTIVE
    assert sanctions_expire(now=NEXT_MORNING) == 1

    exclusion = the_exclusion(case)
    assert exclusion.status == SanctionStatus.ENDED
    assert exclusion.ends_on == LAST_DAY
    history = list(exclusion.history.order_by("history_date"))
    assert history[-1].status == SanctionStatus.ENDED
    assert history[-2].status == SanctionStatus.ACTIVE
    event = AuditEvent.objects.get(event_type=AuditEventType.SANCTION_ENDED, sanction=exclusion)
    assert event.actor is None
    assert event.restriction_case == case
    assert event.reason == f"Its end date, {LAST_DAY:%-d %B %Y}, has passed."
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED  # only an approved decision moves the case


def test_the_banner_and_the_register_no_longer_show_it(people):
    customer, _ = excluded(people)
    shown = restriction_in_force(customer, LAST_DAY)
    assert [s.kind for s in shown.in_force] == ["building_exclusion"]
    [row] = register_rows(register_cases(today=LAST_DAY), LAST_DAY)
    assert row.applies == [f"Excluded from Marmion House until {LAST_DAY:%-d %B %Y}"]

    sanctions_expire(now=NEXT_MORNING)

    # Read on the day after, and read on its last day too: ended is no longer in force.
    for today in (NEXT_DAY, LAST_DAY):
        shown = restriction_in_force(customer, today)
        assert shown is None or shown.in_force == []
        [row] = register_rows(register_cases(today=today), today)
        assert row.stage != "Sanctions in place"
        assert row.applies == [row.status.nothing_applies]


def test_the_case_manager_is_told_once_across_two_runs(people, django_capture_on_commit_callbacks):
    _, case = excluded(people)
    manager = people["proposer"]
    assert case.applied_by == manager  # who applied the decision in force

    with django_capture_on_commit_callbacks(execute=True):
        assert sanctions_expire(now=NEXT_MORNING) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sanctions_expire(now=NEXT_MORNING) == 0

    reminder = Reminder.objects.get()
    assert (reminder.record_type, reminder.record_id, reminder.kind, reminder.stage) == (
        "restrictions.sanction",
        the_exclusion(case).pk,
        "sanction_ended",
        ReminderStage.ENDED,
    )
    assert reminder.due_on == LAST_DAY
    notification = Notification.objects.get()
    assert notification.recipient == manager
    assert notification.url == case.get_absolute_url()
    assert notification.message == (
        f"The exclusion from Marmion House for Gordon Pike ended on {LAST_DAY:%-d %B %Y}. "
        "No arrangement remains: hold the review to lift or continue."
    )
    assert AuditEvent.objects.filter(event_type=AuditEventType.SANCTION_ENDED).count() == 1
    assert [message.to for message in mail.outbox] == [[manager.email]]


def test_the_manager_is_told_what_remains(people):
    _, case = excluded(people, sanction_of(people["profile"], "one_method", channel="letter"))

    assert sanctions_expire(now=NEXT_MORNING) == 1

    assert Notification.objects.get().message.endswith(
        "The case's other arrangements stay in force."
    )
    kept = case.sanctions.get(kind="one_method")
    assert (kept.status, kept.ends_on) == (SanctionStatus.ACTIVE, None)


def test_a_sanction_without_an_end_date_is_left_in_force(people):
    _, case = excluded(people, ends_on=None)

    assert sanctions_expire(now=datetime(LAST_DAY.year + 5, 1, 1, tzinfo=UTC)) == 0

    assert the_exclusion(case).status == SanctionStatus.ACTIVE
    assert not Reminder.objects.exists()
    assert not AuditEvent.objects.filter(event_type=AuditEventType.SANCTION_ENDED).exists()


def test_the_sweep_is_scheduled_after_migrate(db):
    call_command("migrate", verbosity=0)
    task = PeriodicTask.objects.get(task="restrictions.sanction_expiry")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == (
        "15",
        "0",
        "Europe/London",
    )
