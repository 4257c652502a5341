"""The health page and `manage.py health`: the database, the broker, each worker and each
periodic task, green or red with the reason."""

import datetime
import time

import pytest
from celery import Celery
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from contactpolicy.health import broker_check, periodic_checks, schedule_interval, worker_checks
from contactpolicy.models import TaskSuccess
from tests.contactpolicy.test_celery_worker import start_worker, wait_until_ready
from tests.services import redis_url

pytestmark = pytest.mark.django_db

HOURLY = "hourly-sweep"


@pytest.fixture
def hourly():
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    task = PeriodicTask.objects.create(name=HOURLY, task="cases.sweep", interval=every_hour)
    PeriodicTask.objects.filter(pk=task.pk).update(
        date_changed=timezone.now() - datetime.timedelta(days=3)
    )
    return task


def check_named(name: str):
    [found] = [check for check in periodic_checks() if check.name == name]
    return found


def test_a_task_that_succeeded_within_twice_its_interval_is_green(hourly):
    TaskSuccess.objects.create(
        task="cases.sweep", succeeded_at=timezone.now() - datetime.timedelta(minutes=100)
    )

    check = check_named(HOURLY)

    assert check.ok
    assert check.detail.startswith("Runs every hour; last succeeded ")


def test_a_task_that_has_not_succeeded_for_twice_its_interval_is_red(hourly):
    TaskSuccess.objects.create(
        task="cases.sweep", succeeded_at=timezone.now() - datetime.timedelta(minutes=121)
    )

    check = check_named(HOURLY)

    assert not check.ok
    assert check.detail.endswith("more than 2 hours ago")


def test_a_task_that_never_succeeded_is_red_two_intervals_after_it_was_scheduled(hourly):
    assert not check_named(HOURLY).ok
    PeriodicTask.objects.filter(pk=hourly.pk).update(date_changed=timezone.now())
    assert check_named(HOURLY).ok


def test_a_daily_crontab_runs_every_day():
    daily = CrontabSchedule.objects.create(minute="15", hour="2", timezone="Europe/London")
    task = PeriodicTask.objects.create(name="nightly", task="x", crontab=daily)

    assert schedule_interval(task.schedule, timezone.now()) == datetime.timedelta(days=1)


def test_a_scheduled_task_beat_has_not_written_yet_is_red():
    PeriodicTask.objects.filter(name="forget-old-submissions").delete()

    check = check_named("forget-old-submissions")

    assert not check.ok
    assert "celery beat has not started" in check.detail


def test_a_task_that_succeeds_is_recorded():
    from contactpolicy.tasks import forget_old_submissions

    forget_old_submissions.delay()

    assert TaskSuccess.objects.get(task="contactpolicy.forget_old_submissions")


def test_the_administrator_sees_the_broker_down_in_red(client, administrator, broker_down):
    client.force_login(administrator)

    response = client.get(reverse("health"))

    assert response.status_code == 200
    rows = response.context["groups"]
    assert rows["Services"][0].ok  # the database
    broker = rows["Services"][1]
    assert (broker.ok, broker.detail.startswith("Cannot be reached")) == (False, True)
    assert not rows["Workers"][0].ok
    content = response.content.decode()
    assert "govuk-tag--red" in content and "Not working" in content


def test_the_command_fails_when_something_is_not_working(broker_down, capsys):
    with pytest.raises(CommandError, match="Broker"):
        call_command("health")
    assert "Services: Database: working" in capsys.readouterr().out


def test_the_command_passes_when_everything_works(monkeypatch, capsys, hourly):
    from contactpolicy import health
    from contactpolicy.health import Check

    monkeypatch.setattr(
        health, "worker_checks", lambda app=None, broker_ok=True: [Check("Workers", "w", True, "")]
    )

    PeriodicTask.objects.exclude(pk=hourly.pk).update(enabled=False)
    TaskSuccess.objects.create(task="cases.sweep", succeeded_at=timezone.now())

    call_command("health")  # the filesystem broker takes tasks

    out = capsys.readouterr().out
    assert "NOT WORKING" not in out
    assert f"Periodic tasks: {HOURLY}: working" in out


def test_a_worker_that_answers_is_listed_by_name(tmp_path):
    queue = tmp_path / "data" / "celery"
    for folder in ("queue", "processed", "results", "control"):
        (queue / folder).mkdir(parents=True)
    client = Celery(
        set_as_current=False,  # the tests' own app, eager, stays the current one
        broker="filesystem://",
        broker_transport_options={
            "data_folder_in": str(queue / "queue"),
            "data_folder_out": str(queue / "queue"),
            "processed_folder": str(queue / "processed"),
            "control_folder": str(queue / "control"),
            "store_processed": False,
        },
    )
    assert not worker_checks(client)[0].ok  # none started yet
    log = tmp_path / "worker.log"
    worker = start_worker({"DATA_DIR": str(tmp_path / "data"), "REDIS_URL": ""}, log)
    try:
        wait_until_ready(log, worker)
        # "ready" is logged before the worker first polls its control folder; on a busy
        # machine a one-second ping can fall between two polls, so ask until it answers.
        deadline = time.monotonic() + 60
        while True:
            [check] = worker_checks(client)
            if check.ok or time.monotonic() > deadline:
                break
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert check.ok and check.name.startswith("celery@")


@pytest.mark.services
def test_a_reachable_redis_broker_is_green():
    check = broker_check(Celery(broker=redis_url(), set_as_current=False))

    assert check.ok, check.detail
    assert "redis" in check.detail.lower()
