"""A backup taken with the README's commands (scripts/backup.sh) and restored with them
(scripts/restore.sh) into an empty database and a new media folder gives back every issued
notice's PDF, byte for byte: each file every restored row names is there, and each file
with a checksum matches it.

PostgreSQL only: the commands are pg_dump and pg_restore.
"""

import hashlib
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.db import connection, models
from psycopg import sql

from notices.models import Notice
from notices.services import notice_draft_for_contact, notice_issue
from tests.cases.factories import ContactFactory
from tests.notices.factories import addressed_customer, staff
from tests.services import require_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
NOTICES = 2


def database_url(name: str) -> str:
    """The libpq address of database `name` on the test database's server."""
    conn = connection.settings_dict
    password = f":{quote(conn['PASSWORD'], safe='')}" if conn["PASSWORD"] else ""
    host = conn["HOST"] or "localhost"
    port = f":{conn['PORT']}" if conn["PORT"] else ""
    return f"postgres://{quote(conn['USER'], safe='')}{password}@{host}{port}/{name}"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """The deployment's DATA_DIR: the letterhead and every notice are stored under it."""
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    return tmp_path / "data"


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database, dropped afterwards."""
    require_postgresql()
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script: str, folder: Path, *, database: str, data_dir: Path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database, "DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(SCRIPTS / script), str(folder)], env=env, capture_output=True, text=True, timeout=120
    )


def stored_files(database: str) -> list[tuple[str, str, str]]:
    """(table, file name, checksum or "") for every file every row of `database` names."""
    found = []
    with psycopg.connect(database) as restored:
        for model in apps.get_models():
            columns = {f.attname for f in model._meta.concrete_fields}
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.FileField):
                    continue
                checksum = (
                    sql.Identifier("sha256")
                    if field.name == "file" and "sha256" in columns
                    else sql.Literal("")
                )
                rows = restored.execute(
                    sql.SQL("SELECT {file}, {checksum} FROM {table} WHERE {file} <> ''").format(
                        file=sql.Identifier(field.column),
                        checksum=checksum,
                        table=sql.Identifier(model._meta.db_table),
                    )
                ).fetchall()
                found += [(model._meta.db_table, name, digest) for name, digest in rows]
    return found


def test_a_restored_backup_gives_back_every_issued_notice(
    btpa_active, data_dir, tmp_path, empty_database
):
    people = staff()
    for _ in range(NOTICES):
        contact = ContactFactory(customer=addressed_customer())
        notice_issue(
            notice=notice_draft_for_contact(contact=contact, actor=people["caseworker"]),
            actor=people["caseworker"],
        )
    issued = dict(Notice.objects.exclude(sha256="").values_list("file", "sha256"))
    assert len(issued) == NOTICES

    backup = tmp_path / "backup"
    current = database_url(connection.settings_dict["NAME"])
    made = run("backup.sh", backup, database=current, data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    fresh = tmp_path / "restored"
    restored = run("restore.sh", backup, database=empty_database, data_dir=fresh)
    assert restored.returncode == 0, restored.stderr

    files = stored_files(empty_database)
    assert {(name, digest) for table, name, digest in files if table == "notices_notice"} == set(
        issued.items()
    )
    for table, name, digest in files:
        path = fresh / "media" / name
        assert path.is_file(), f"{table}: {name} is missing from the restored media folder"
        if digest:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{table}: {name}"

    # Nothing is restored over a database that holds data.
    again = run("restore.sh", backup, database=current, data_dir=tmp_path / "elsewhere")
    assert again.returncode == 1
    assert "restore into an empty database" in again.stderr
