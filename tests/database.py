"""The test database: built from the models, then made to look migrated.

Replaying every migration costs most of a minute per database (SQLite rebuilds a table for
each altered column), so the test database is created from the models and every migration
is recorded as applied. What only a migration makes, and the models cannot say, is added
after. `tests/test_migrations.py` proves that migrating a fresh database from zero builds
the same schema, and that the migrations match the models.
"""

import fcntl
import importlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.db.migrations.recorder import MigrationRecorder

ROOT = Path(__file__).resolve().parents[1]

# Migrations that add to the schema through RunPython, which building from the models skips:
# PostgreSQL indexes with operator classes and collations a model's Meta cannot name.
SCHEMA_ONLY_IN_MIGRATIONS = [
    ("cases", "0002_postgresql_lookup_indexes"),
    ("cases", "0005_postgresql_name_prefix_index"),
    ("cases", "0006_postgresql_name_c_collation_index"),
]


def record_every_migration_applied(connection) -> None:
    """Record each migration as applied and add what only those listed above make, so the
    database is where `migrate` from zero leaves it, and migration tests can step back."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = recorder.applied_migrations()
    recorder.Migration.objects.using(connection.alias).bulk_create(
        recorder.Migration(app=app, name=name)
        for app, name in sorted(loader.graph.nodes)
        if (app, name) not in applied
    )
    with connection.schema_editor() as schema_editor:
        for app, name in SCHEMA_ONLY_IN_MIGRATIONS:
            module = importlib.import_module(f"{app}.migrations.{name}")
            for operation in module.Migration.operations:
                assert isinstance(operation, RunPython), (app, name, operation)
                operation.code(apps, schema_editor)


def schema_of(connection) -> dict[str, dict]:
    """Each table's columns and its constraints and indexes, keyed by what they are rather
    than by name: a table renamed by a migration keeps the names its indexes were given."""
    introspection = connection.introspection
    schema = {}
    with connection.cursor() as cursor:
        for table in sorted(introspection.table_names(cursor)):
            columns = sorted(
                (column.name, column.type_code, column.internal_size, column.null_ok)
                for column in introspection.get_table_description(cursor, table)
            )
            constraints = sorted(
                repr(
                    (
                        tuple(info["columns"] or ()),
                        bool(info["primary_key"]),
                        bool(info["unique"]),
                        bool(info["index"]),
                        bool(info["check"]),
                        tuple(info["foreign_key"] or ()),
                        info.get("type"),
                        tuple(info.get("orders") or ()),
                    )
                )
                for info in introspection.get_constraints(cursor, table).values()
            )
            schema[table] = {"columns": columns, "constraints": constraints}
    return schema


def manage(env: dict[str, str], *args: str) -> str:
    """Run `manage.py` with the application's settings in a process of its own; its output."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "contactpolicy.settings", **env}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def migrate_from_zero(env: dict[str, str]) -> None:
    """`manage.py migrate` as a deployment runs it."""
    manage(env, "migrate", "-v0")


def migrated_sqlite_file(root: Path) -> Path:
    """A SQLite database migrated from zero by `manage.py migrate`, made once per test run
    under `root` (shared by the xdist workers) and copied by the tests that need one."""
    target = root / "migrated-from-zero.sqlite3"
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "migrated-from-zero.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            data = root / "migrated-from-zero"
            # An empty DATABASE_URL is the embedded default: SQLite under DATA_DIR.
            migrate_from_zero({"DATA_DIR": str(data), "DATABASE_URL": "", "REDIS_URL": ""})
            copy_sqlite(data / "db.sqlite3", root / "migrated-from-zero.partial")
            (root / "migrated-from-zero.partial").rename(target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database in WAL mode, whatever its log holds."""
    target.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def migrate_only(connection, targets: list[tuple[str, str]]) -> None:
    """Take the database to `targets` as `MigrationExecutor.migrate` does, one migration at a
    time, each from the state of just the migrations it depends on. The executor's own way
    walks every migration of every app with the models rendered, which costs tens of seconds
    for a step of one or two migrations."""
    executor = MigrationExecutor(connection)
    for migration, backwards in executor.migration_plan(targets):
        node = (migration.app_label, migration.name)
        before = executor.loader.project_state(node, at_end=False)
        if backwards:
            executor.unapply_migration(before, migration)
        else:
            executor.apply_migration(before, migration)


def migrate_to_the_latest(connection) -> None:
    executor = MigrationExecutor(connection)
    migrate_only(connection, executor.loader.graph.leaf_nodes())
