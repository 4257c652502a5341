"""Set `Referral.reminder_sent_at` from the history rows that recorded the reminders.

Until now a reminder was recorded as a history row whose change reason was this sentence;
the latest such row's date is when the maker was last reminded.
"""

from django.db import migrations
from django.db.models import Max

REMINDER_SENT = "Reminder to inform the customer emailed to the maker"


def forwards(apps, schema_editor):
    Referral = apps.get_model("restrictions", "Referral")
    HistoricalReferral = apps.get_model("restrictions", "HistoricalReferral")
    last_sent = (
        HistoricalReferral.objects.filter(history_change_reason=REMINDER_SENT)
        .values("id")
        .annotate(sent_at=Max("history_date"))
        .order_by()
    )
    for row in last_sent.iterator():
        Referral.objects.filter(pk=row["id"]).update(reminder_sent_at=row["sent_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0004_referral_reminder_sent_at"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
