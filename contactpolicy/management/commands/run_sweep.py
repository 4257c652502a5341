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
        self.stdout.write("The sweeps, with the time each is scheduled (minute, hour):")
        for periodic in SCHEDULE:
            self.stdout.write(
                f"  {periodic.task:45} {periodic.name} ({periodic.minute} {periodic.hour})"
            )
        self.stdout.write("Run one now with `manage.py run_sweep TASK_NAME`.")
