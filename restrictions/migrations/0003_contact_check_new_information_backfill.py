"""Set `ContactCheck.new_information` on the checks recorded before it was a column.

Until now the contact's page inferred it: a read-and-file sanction bore on the contact, it
was not a breach, and the contact's clock note was not one of the restriction's no-reply
sentences. The same rule, with the sentences as they were written, sets the column once.
"""

from django.db import migrations

READ_AND_FILE = "read_and_file"
BREACH = "breach"
NO_REPLY_NOTES = [
    "Read and file under the restriction: no reply is due.",
    "Contact in breach of the restriction: no reply is due.",
    "Disengaged under the restriction: read and file, no reply is due.",
    "No further engagement on this matter under the restriction: read and file, no reply is due.",
]


def forwards(apps, schema_editor):
    ContactCheck = apps.get_model("restrictions", "ContactCheck")
    (
        ContactCheck.objects.filter(sanctions__kind=READ_AND_FILE)
        .exclude(outcome=BREACH)
        .exclude(contact__clock_note__in=NO_REPLY_NOTES)
        .update(new_information=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0002_contact_check_new_information"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
