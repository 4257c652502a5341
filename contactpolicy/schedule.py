"""Every periodic task, with its default time: the one place the beat schedule is declared.

Beat reads its schedule from the database (django-celery-beat), where an Administrator may
change a task's time in Administration (Periodic tasks) without a deploy, but not delete a
task (`roles.ADMINISTRATOR_ACTIONS`). `periodic_tasks_sync` runs after every `migrate` and
writes each task that is not there yet; a task that is there is left as it is, so a
changed time survives every deploy. A new periodic task is one more line here.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Periodic:
    """A task beat sends, by name, at a crontab time in the service's time zone."""

    name: str
    task: str
    minute: str
    hour: str = "*"


SCHEDULE: tuple[Periodic, ...] = (
    Periodic("Contacts coming due and overdue", "cases.contact_reminders", "0", "7,12,16"),
    Periodic("Reviews coming due and overdue", "restrictions.review_reminders", "15", "7"),
    Periodic("Appeal decisions coming due and overdue", "appeals.decision_reminders", "30", "7"),
    Periodic("Notices issued and not sent", "notices.unsent_reminders", "30", "9"),
    Periodic("Daily digest of reminders", "contactpolicy.reminder_digests", "0", "8"),
    # Just after midnight, so a sanction stops the day after its last day.
    Periodic("Sanctions reaching their end date", "restrictions.sanction_expiry", "15", "0"),
    # A safety net behind the recomputation queued whenever the calendar changes.
    Periodic("recompute-due-dates-nightly", "cases.recompute_due_dates", "15", "2"),
    # Referrals made without warning the customer: remind the maker to tell them.
    Periodic("inform-customer-reminders", "restrictions.inform_customer_reminders", "30", "7"),
    # Safeguarding alerts queued while the broker was down, or whose email failed.
    Periodic("safeguarding-alerts-catch-up", "cases.safeguarding_alerts_catch_up", "*/15"),
    # Decisions waiting and incidents recorded whose telling after the commit was lost.
    Periodic("work-waiting-catch-up", "restrictions.work_waiting", "20,50"),
    Periodic("forget-old-submissions", "contactpolicy.forget_old_submissions", "5", "3"),
    # In the quiet of the night: it works in short batches, but touches many rows.
    Periodic("retention-sweep", "screens.retention_sweep", "30", "3"),
    # Each mailbox is polled at its own interval; this only looks for the ones due.
    Periodic("fetch-mail", "mailboxes.fetch_mail", "*"),
)


def periodic_tasks_sync(*, using: str = "default") -> int:
    """Write each scheduled task missing from beat's tables; returns how many were added."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    added = 0
    for periodic in SCHEDULE:
        if PeriodicTask.objects.using(using).filter(name=periodic.name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
            minute=periodic.minute,
            hour=periodic.hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.using(using).create(
            name=periodic.name, task=periodic.task, crontab=crontab, enabled=True
        )
        added += 1
    return added
