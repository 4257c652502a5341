"""Run one of the scheduled sweeps now: after an outage, or to see what it does.

The sweep runs in this process exactly as beat's scheduled run does, by its task's name,
so it is as idempotent: the reminders it raises are keyed to their records
(`contactpolicy.reminders`), and running it again, or beside the scheduled run, tells
nobody twice. The sweeps are those of `contactpolicy.schedule.SCHEDULE`.
"""

from django.core.management.base import BaseCommand, CommandError

from contactpolicy.schedule import SCHEDULE, Periodic


def sweep_named(name: str) -> Periodic | None:
    """The scheduled sweep with this task name (`cases.contact_reminders`), or with this
    name after its app's (`contact_reminders`)."""
    wanted = name.strip().casefold()
    for periodic in SCHEDULE:
        task = periodic.task.casefold()
        if wanted in (task, task.split(".", 1)[-1]):
            return periodic
    return None


def scheduled_times() -> dict[str, tuple[str, str]] | None:
    """Each sweep's (minute, hour) by its name, as beat reads them: an administrator may
    have moved one from its default (`contactpolicy.schedule`). None where the database
    has no schedule yet (not migrated). One query."""
    from django.db import DatabaseError
    from django_celery_beat.models import PeriodicTask

    rows = PeriodicTask.objects.filter(crontab__isnull=False).values_list(
        "name", "crontab__minute", "crontab__hour"
    )
    try:
        return {name: (minute, hour) for name, minute, hour in rows}
    except DatabaseError:
        return None


def when_text(minute: str, hour: str) -> str:
    """A crontab's minute and hour in words: "at 07:00, 12:00 and 16:00"."""
    if hour == "*":
        if minute == "*":
            return "every minute"
        if minute.startswith("*/") and minute[2:].isdigit():
            return f"every {minute[2:]} minutes"
        if all(part.isdigit() for part in minute.split(",")):
            return f"at {_and(minute.split(','))} minutes past each hour"
    elif all(part.isdigit() for part in f"{minute},{hour}".split(",")):
        times = [f"{int(h):02}:{int(m):02}" for h in hour.split(",") for m in minute.split(",")]
        return f"at {_and(times)}"
    return f"minute {minute}, hour {hour}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class Command(BaseCommand):
    help = (
        "Run a scheduled sweep now, by its task name, as its scheduled run would: nobody is "
        "told twice. With no name (or --list), list the sweeps."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name", nargs="?", help="the sweep's task name, e.g. cases.contact_reminders"
        )
        parser.add_argument(
            "--list", action="store_true", dest="list_only", help="list the sweeps and stop"
        )

    def handle(self, *args, name: str | None, list_only: bool, **options):
        if list_only or not name:
            self._list()
            return
        periodic = sweep_named(name)
        if periodic is None:
            raise CommandError(
                f"There is no sweep called “{name}”. Run `manage.py run_sweep --list` to see them."
            )
        from contactpolicy.celery import app

        app.autodiscover_tasks(force=True)
        task = app.tasks.get(periodic.task)
        if task is None:
            raise CommandError(f"The task {periodic.task} is not installed.")
        result = task.apply(throw=True).get()
        self.stdout.write(
            self.style.SUCCESS(f"Ran {periodic.task} ({periodic.name}): it returned {result}.")
        )

    def _list(self) -> None:
        times = scheduled_times()
        if times is None:
            self.stdout.write(
                "The sweeps, and when each runs by default (the database has no schedule yet):"
            )
            times = {}
        else:
            self.stdout.write("The sweeps, and when each runs:")
        for periodic in SCHEDULE:
            minute, hour = times.get(periodic.name, (periodic.minute, periodic.hour))
            self.stdout.write(f"  {periodic.task:45} {periodic.name}: {when_text(minute, hour)}")
        self.stdout.write("Run one now with `manage.py run_sweep TASK_NAME`.")
