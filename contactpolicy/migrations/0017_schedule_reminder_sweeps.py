"""Schedule the reminder sweeps on the database, where an administrator can change their
times in Administration (Periodic tasks) without a deploy. Rows that exist are left as
they are, so a changed time survives later migrations."""

from django.db import migrations

# name: (task, minute, hour): weekdays and weekends alike, in the service's time zone.
SWEEPS = {
    "Contacts coming due and overdue": ("cases.contact_reminders", "0", "7,12,16"),
    "Reviews coming due and overdue": ("restrictions.review_reminders", "15", "7"),
    "Appeal decisions coming due and overdue": ("appeals.decision_reminders", "30", "7"),
    "Notices issued and not sent": ("notices.unsent_reminders", "30", "9"),
    "Daily digest of reminders": ("contactpolicy.reminder_digests", "0", "8"),
}


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, minute, hour) in SWEEPS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/London",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
        )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=SWEEPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contactpolicy", "0016_reminders_and_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
