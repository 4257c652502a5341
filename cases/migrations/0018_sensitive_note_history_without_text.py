"""A sensitive note's history keeps that it changed, not its words.

The words already copied into history rows are blanked before the column goes: PostgreSQL's
DROP COLUMN only hides a column, leaving its values in the table's pages until each row is
rewritten, so dropping alone would not forget them.
"""

from django.db import migrations


def forget_the_words(apps, schema_editor):
    history = apps.get_model("cases", "HistoricalSensitiveNote")
    history.objects.exclude(text="").update(text="")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_legal_holds_and_forgetting"),
    ]

    operations = [
        migrations.RunPython(forget_the_words, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="historicalsensitivenote", name="text"),
    ]
