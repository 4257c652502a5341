"""Once scheduled the reminder sweeps. The whole beat schedule is now declared in
`contactpolicy/schedule.py` and written after every migrate; this migration stays so that
the ones after it keep their place."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contactpolicy", "0016_reminders_and_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = []
