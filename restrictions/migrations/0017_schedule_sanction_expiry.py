"""Schedule the sweep that ends sanctions past their end date, on the database, where an
administrator can change its time in Administration (Periodic tasks) without a deploy.
Just after midnight, so a sanction stops the day after its last day. A row that exists is
left as it is, so a changed time survives later migrations."""

from django.db import migrations

NAME = "Sanctions reaching their end date"
TASK = "restrictions.sanction_expiry"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab, "enabled": True}
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0016_reviews_revisions_and_appeal_events"),
        ("contactpolicy", "0017_schedule_reminder_sweeps"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
