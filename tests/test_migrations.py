"""The migrations, proved here once, so the rest of the suite can build its database from
the models (tests/database.py): a fresh database migrated from zero to the latest migrations
by `manage.py migrate` has the schema the models build, and the models need no new
migration. The data migrations that matter have tests of their own beside their subjects.
"""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.database import copy_sqlite, manage, migrate_from_zero, schema_of

SCHEMA = "import json; from django.db import connection; from tests.database import schema_of; "
SCHEMA += "print(json.dumps(schema_of(connection)))"


def auto_created_through_tables() -> set[str]:
    return {
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    }


def assert_same_schema(database_url: str, data_dir) -> None:
    """The schema of the database at `database_url`, read in a process of its own, is the
    one the models built for this test run."""
    env = {"DATABASE_URL": database_url, "DATA_DIR": str(data_dir), "REDIS_URL": ""}
    migrated = json.loads(manage(env, "shell", "-c", SCHEMA).strip().splitlines()[-1])
    built = json.loads(json.dumps(schema_of(connection)))
    # Django's migrations make the `id` of a many-to-many table it creates itself with the
    # project's DEFAULT_AUTO_FIELD (bigint on PostgreSQL), where the app's own models say
    # its app's default (django.contrib.auth: integer). Only the width differs.
    for schema in (migrated, built):
        for table in auto_created_through_tables():
            if table in schema:
                schema[table]["columns"] = [
                    [*column[:1], None, None, *column[3:]] if column[0] == "id" else column
                    for column in schema[table]["columns"]
                ]
    assert sorted(migrated) == sorted(built)
    for table, shape in built.items():
        assert migrated[table] == shape, table


@pytest.mark.django_db
def test_migrating_from_zero_builds_what_the_models_build(request, tmp_path):
    if connection.vendor == "sqlite":
        copy = tmp_path / "migrated.sqlite3"
        copy_sqlite(request.getfixturevalue("migrated_sqlite"), copy)
        assert_same_schema(f"sqlite:///{copy}", tmp_path)
        return

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_from_zero"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        user = settings_dict["USER"]
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        host = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
        url = f"postgres://{user}{password}@{host}/{name}"
        migrate_from_zero({"DATABASE_URL": url, "DATA_DIR": str(tmp_path)})
        assert_same_schema(url, tmp_path)
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db
def test_the_models_need_no_new_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"The models have changes no migration makes:\n{out.getvalue()}")
