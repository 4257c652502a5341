"""The beat schedule is declared once (`contactpolicy.schedule`) and written after migrate
without undoing an Administrator's changed times."""

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from contactpolicy.celery import app
from contactpolicy.schedule import SCHEDULE, periodic_tasks_sync

pytestmark = pytest.mark.django_db


def test_every_declared_task_is_scheduled_after_migrate():
    scheduled = dict(PeriodicTask.objects.values_list("name", "task"))
    assert {periodic.name: periodic.task for periodic in SCHEDULE}.items() <= scheduled.items()


def test_every_declared_task_exists():
    assert {periodic.task for periodic in SCHEDULE} <= set(app.tasks)


def test_a_changed_time_survives_the_next_sync():
    sweep = PeriodicTask.objects.get(task="cases.contact_reminders")
    later, _ = CrontabSchedule.objects.get_or_create(minute="45", hour="10")
    sweep.crontab = later
    sweep.save()

    assert periodic_tasks_sync() == 0

    sweep.refresh_from_db()
    assert (sweep.crontab.minute, sweep.crontab.hour) == ("45", "10")


def test_a_missing_task_is_written_again():
    PeriodicTask.objects.filter(task="restrictions.sanction_expiry").delete()

    assert periodic_tasks_sync() == 1

    task = PeriodicTask.objects.get(task="restrictions.sanction_expiry")
    assert (task.crontab.minute, task.crontab.hour, task.enabled) == ("15", "0", True)
