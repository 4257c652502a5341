"""Running a sweep now (issue 20, item 20) and absolute links in emails (item 27)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from contactpolicy.models import Notification, Reminder
from contactpolicy.reminders import site_link
from contactpolicy.roles import Role
from tests.factories import UserFactory
from tests.reminders.test_sweeps import due_contact

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("run_sweep", *args, stdout=out)
    return out.getvalue()


def test_run_sweep_runs_the_contact_sweep_now_and_tells_nobody_twice(
    btpa_active, django_capture_on_commit_callbacks
):
    """Item 20: "there is no command to run a sweep now (after an outage, or to test)"."""
    officer = UserFactory(roles=[Role.CASEWORKER], email="casey@example.org")
    due_contact(officer, acknowledge_in=timedelta(hours=20))

    with django_capture_on_commit_callbacks(execute=True):
        first = run("cases.contact_reminders")
    with django_capture_on_commit_callbacks(execute=True):
        again = run("contact_reminders")  # by the name after its app's, run a second time

    assert "Ran cases.contact_reminders" in first and "returned 1" in first
    assert "returned 0" in again
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("args", [(), ("--list",)])
def test_run_sweep_lists_every_scheduled_sweep(db, args):
    from contactpolicy.schedule import SCHEDULE

    out = run(*args)

    for periodic in SCHEDULE:
        assert periodic.task in out and periodic.name in out


def test_run_sweep_lists_the_time_an_administrator_moved_a_sweep_to(db):
    """The list says when beat will run each sweep, from its schedule in the database."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from contactpolicy.schedule import SCHEDULE, periodic_tasks_sync

    periodic_tasks_sync()
    contacts = next(p for p in SCHEDULE if p.task == "cases.contact_reminders")
    moved, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="8")
    PeriodicTask.objects.filter(name=contacts.name).update(crontab=moved)

    out = run()

    assert f"{contacts.name}: at 08:30\n" in out
    assert "Sanctions reaching their end date: at 00:15\n" in out
    assert "every 15 minutes" in out and "every minute" in out


def test_run_sweep_refuses_a_name_it_does_not_know(db):
    with pytest.raises(CommandError, match="There is no sweep called “nonsense”"):
        run("nonsense")


@override_settings(SITE_URL="https://contact.example.org")
def test_a_reminder_email_links_to_the_site_address_not_a_relative_path(
    btpa_active, django_capture_on_commit_callbacks
):
    """Item 27: "links in reminder emails are relative (`/contacts/…`)": every email link
    starts with `SITE_URL`, while the inbox keeps the relative link."""
    officer = UserFactory(roles=[Role.CASEWORKER], email="casey@example.org")
    contact = due_contact(officer, acknowledge_in=timedelta(hours=20))

    with django_capture_on_commit_callbacks(execute=True):
        run("cases.contact_reminders")

    path = contact.get_absolute_url()
    assert Notification.objects.get().url == path
    assert f"https://contact.example.org{path}" in mail.outbox[0].body
    assert f"\n{path}" not in mail.outbox[0].body


@override_settings(SITE_URL="https://contact.example.org/")
def test_site_link_joins_the_address_and_path_once():
    assert site_link("/contacts/C-1/") == "https://contact.example.org/contacts/C-1/"
    assert site_link("https://elsewhere.example.org/x") == "https://elsewhere.example.org/x"


def test_the_catch_up_sweep_tells_what_a_lost_telling_left_untold_once(
    btpa_active, django_capture_on_commit_callbacks
):
    """Item 20 with item 16: a decision submitted while its telling was lost (here, the
    test's transaction never commits) is told by the catch-up sweep, once."""
    from tests.cases.factories import CustomerFactory
    from tests.restrictions.factories import incident, person, propose_and_submit

    chief = person(Role.CHIEF_EXECUTIVE)
    customer = CustomerFactory()
    decision = propose_and_submit(
        person(Role.LINE_MANAGER),
        customer,
        "warn",
        incidents=[incident(customer, person(Role.CASEWORKER))],
        review_in_days=0,
    )
    assert not Notification.objects.filter(recipient=chief).exists()

    with django_capture_on_commit_callbacks(execute=True):
        first = run("restrictions.work_waiting")
    with django_capture_on_commit_callbacks(execute=True):
        again = run("work_waiting")

    assert "returned 1" in first and "returned 0" in again
    assert decision.reference in Notification.objects.get(recipient=chief).message


@pytest.mark.parametrize(
    ("site_url", "allowed", "warned"),
    [
        ("https://contact.example.org", ["contact.example.org"], None),
        ("https://contact.example.org", [".example.org"], None),
        ("http://localhost:8000", ["contact.example.org"], "contactpolicy.W002"),
        ("contact.example.org", ["contact.example.org"], "contactpolicy.W001"),
    ],
)
def test_check_deploy_warns_of_a_site_url_the_service_does_not_answer_on(site_url, allowed, warned):
    """Item 27: a deployment that leaves `SITE_URL` at its default sends every emailed link,
    a new member of staff's link to set their password among them, to localhost."""
    from contactpolicy.checks import site_url_check

    with override_settings(SITE_URL=site_url, ALLOWED_HOSTS=allowed):
        found = [warning.id for warning in site_url_check()]
    assert found == ([warned] if warned else [])
