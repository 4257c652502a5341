"""Indexes for finding a customer while a caller waits (PostgreSQL only).

Names are searched anywhere in the string (`LIKE '%smi%'`), which a trigram index
serves; identifiers are searched by prefix (`LIKE '0770%'`), which a B-tree with the
pattern operator class serves whatever the database's collation. SQLite uses the plain
indexes declared on the models.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS customer_name_trgm ON cases_customer "
    "USING gin (normalised_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS identifier_prefix ON cases_customeridentifier "
    "(kind, normalised varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS identifier_prefix",
    "DROP INDEX IF EXISTS customer_name_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
