"""The migrations, proved here once, so the rest of the suite can build its database from
the models (tests/database.py): a fresh database migrated from zero to the latest migrations
by `manage.py migrate` has the schema the models build, and the models need no new
migration. The data migrations that matter have tests of their own beside their subjects.
"""

import io
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tests.database import copy_sqlite, migrate_from_zero, schema_of


@contextmanager
def other_database(name: str):
    """A second connection, to database `name` on the same server as the test database."""
    connections.settings["migrated"] = {**connection.settings_dict, "NAME": name}
    try:
        yield connections["migrated"]
    finally:
        connections["migrated"].close()
        del connections["migrated"]
        del connections.settings["migrated"]


def assert_same_schema(migrated, built) -> None:
    migrated_schema, built_schema = schema_of(migrated), schema_of(built)
    assert sorted(migrated_schema) == sorted(built_schema)
    for table, shape in built_schema.items():
        assert migrated_schema[table] == shape, table


@pytest.mark.django_db
def test_migrating_from_zero_builds_what_the_models_build(request, tmp_path):
    if connection.vendor == "sqlite":
        copy = tmp_path / "migrated.sqlite3"
        copy_sqlite(request.getfixturevalue("migrated_sqlite"), copy)
        with other_database(str(copy)) as migrated:
            assert_same_schema(migrated, connection)
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
        migrate_from_zero({"DATABASE_URL": f"postgres://{user}{password}@{host}/{name}"})
        with other_database(name) as migrated:
            assert_same_schema(migrated, connection)
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
