"""Is everything the application relies on working? The health page and `manage.py health`.

Each check is green or red with a sentence saying why. A periodic task is red when it has
not succeeded for twice its interval: one missed run can be a deploy or a restart, two
mean beat or the workers have stopped (DESIGN.md §10: the sweeps catch up, but only once
they run again).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from celery import current_app
from django.db import connection
from django.utils import timezone

from contactpolicy import schedule

# Checks the apps above this one add (a mailbox's polls): each returns a list of `Check`.
# Registered from an app's `ready()`, so this module imports nothing above it.
CHECKS_REGISTERED: list = []


def checks_register(provider) -> None:
    """Add an app's checks to the page and the command (once, however often called)."""
    if provider not in CHECKS_REGISTERED:
        CHECKS_REGISTERED.append(provider)


# A web page waits at most this long for the broker and for the workers' answers.
BROKER_TIMEOUT = 1.0
WORKER_TIMEOUT = 1.0


@dataclass(frozen=True)
class Check:
    group: str  # "Services", "Workers" or "Periodic tasks"
    name: str
    ok: bool
    detail: str


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def _every(interval: datetime.timedelta) -> str:
    minutes = int(interval.total_seconds() // 60)
    if minutes % (60 * 24) == 0:
        days = minutes // (60 * 24)
        return "every day" if days == 1 else f"every {days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "every hour" if hours == 1 else f"every {hours} hours"
    return "every minute" if minutes == 1 else f"every {minutes} minutes"


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver's error means the same to an administrator
        return Check("Services", "Database", False, f"Cannot be reached: {error}")
    return Check("Services", "Database", True, f"Answers ({connection.vendor})")


def broker_check(app=None) -> Check:
    app = app or current_app
    try:
        with app.connection_for_write(
            connect_timeout=BROKER_TIMEOUT, transport_options={"max_retries": 0}
        ) as broker:
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
            transport = broker.transport_cls
    except Exception as error:  # the broker's errors vary by transport
        return Check("Services", "Broker", False, f"Cannot be reached: {error}")
    return Check("Services", "Broker", True, f"Takes tasks ({transport})")


def worker_checks(app=None, broker_ok: bool = True) -> list[Check]:
    """One row per worker that answers a ping; a red row if none does."""
    if not broker_ok:
        return [Check("Workers", "Workers", False, "Cannot be asked: the broker is down")]
    app = app or current_app
    try:
        answers = app.control.inspect(timeout=WORKER_TIMEOUT).ping() or {}
    except Exception as error:  # the broker's errors vary by transport
        return [Check("Workers", "Workers", False, f"Cannot be asked: {error}")]
    if not answers:
        return [
            Check(
                "Workers",
                "Workers",
                False,
                f"No worker answered within {WORKER_TIMEOUT:g} second: "
                "background work and reminders wait until one is started",
            )
        ]
    return [
        Check("Workers", name, answer.get("ok") == "pong", "Answered")
        for name, answer in sorted(answers.items())
    ]


def schedule_interval(schedule, after: datetime.datetime) -> datetime.timedelta | None:
    """The time between two runs of a Celery schedule that follow `after`, or None."""
    run_every = getattr(schedule, "run_every", None)
    if hasattr(schedule, "remaining_delta"):  # crontab: the gap between its next two runs
        start, delta, _ = schedule.remaining_delta(after)
        first = start + delta
        start, delta, _ = schedule.remaining_delta(first)
        return start + delta - first
    if isinstance(run_every, datetime.timedelta):
        return run_every
    return None


def periodic_checks(now: datetime.datetime | None = None) -> list[Check]:
    """Every enabled task in the beat schedule (django-celery-beat's tables), with when it
    last succeeded. The ones declared in `contactpolicy.schedule` that are not written there
    yet are red."""
    from django_celery_beat.models import PeriodicTask

    from contactpolicy.models import TaskSuccess

    now = now or timezone.now()
    succeeded = dict(TaskSuccess.objects.values_list("task", "succeeded_at"))
    tasks = list(
        PeriodicTask.objects.filter(enabled=True)
        .exclude(name__startswith="celery.")
        .select_related("interval", "crontab", "solar", "clocked")
        .order_by("name")
    )
    checks = []
    for task in tasks:
        last = succeeded.get(task.task)
        interval = schedule_interval(task.schedule, last or task.date_changed)
        detail = f"Runs {_every(interval)}" if interval else "Runs on its own schedule"
        detail += f"; last succeeded {_when(last)}" if last else "; has not succeeded yet"
        since = last or task.date_changed
        ok = interval is None or now - since <= 2 * interval
        if not ok:
            detail += f": more than {_every(2 * interval).removeprefix('every ')} ago"
        checks.append(Check("Periodic tasks", task.name, ok, detail))
    known = {task.name for task in tasks}
    for name in sorted({periodic.name for periodic in schedule.SCHEDULE} - known):
        if PeriodicTask.objects.filter(name=name, enabled=False).exists():
            continue  # an administrator turned it off
        checks.append(
            Check(
                "Periodic tasks",
                name,
                False,
                "Not in the schedule yet (migrate writes it): celery beat has not started it",
            )
        )
    return checks


def health_checks(app=None) -> list[Check]:
    """Every check, in the order the page shows them."""
    database = database_check()
    broker = broker_check(app)
    checks = [database, broker, *worker_checks(app, broker_ok=broker.ok)]
    if database.ok:
        checks += periodic_checks()
        for provider in CHECKS_REGISTERED:
            checks += provider()
    return checks
