"""Replace the pattern index on names with one in the C collation (PostgreSQL only).

A B-tree in the C collation serves both `LIKE 'ha%'` (as a range) and ordering names in
that collation, so "the first ten names starting with 'ha'" reads ten index entries. The
pattern-operator index served the range but not the order, and the planner preferred to
read every match through the trigram index and sort them.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS customer_name_prefix",
    'CREATE INDEX IF NOT EXISTS customer_name_c ON cases_customer (normalised_name COLLATE "C", id)',
]
BACKWARD = [
    "DROP INDEX IF EXISTS customer_name_c",
    "CREATE INDEX IF NOT EXISTS customer_name_prefix ON cases_customer (normalised_name varchar_pattern_ops)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_postgresql_name_prefix_index")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
