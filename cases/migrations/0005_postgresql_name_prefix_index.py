"""A prefix index on customers' names for two-letter lookups (PostgreSQL only).

The trigram index serves three letters or more; `LIKE 'ab%'` needs the pattern operator
class whatever the database's collation.
"""

from django.db import migrations

FORWARD = "CREATE INDEX IF NOT EXISTS customer_name_prefix ON cases_customer (normalised_name varchar_pattern_ops)"
BACKWARD = "DROP INDEX IF EXISTS customer_name_prefix"


def run(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_dashboard_open_contacts_index")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
