"""Once scheduled the sweep that ends sanctions past their end date. The whole beat
schedule is now declared in `contactpolicy/schedule.py` and written after every migrate;
this migration stays so that the ones after it keep their place."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0016_reviews_revisions_and_appeal_events"),
        ("contactpolicy", "0017_schedule_reminder_sweeps"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = []
