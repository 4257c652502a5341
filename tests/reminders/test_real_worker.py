"""A real worker runs the contact sweep: a due contact produces exactly one reminder,
its notification and one email, however many times the sweep is sent.

The worker and the commands are separate processes on their own database under a scratch
DATA_DIR (a copy of the one `manage.py migrate` made from zero for the run), through the filesystem broker of the embedded defaults and through Redis.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

from tests.contactpolicy.test_celery_worker import start_worker, wait_until_ready
from tests.database import copy_sqlite
from tests.services import redis_url

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from contactpolicy.services import profile_activate
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory
call_command("loaddata", "fixtures/profiles/btpa.json", verbosity=0)
profile_activate(slug="btpa")
officer = UserFactory(username="casey", roles=[Role.CASEWORKER])
# Received a month ago and acknowledged: its response is overdue, whatever the calendar
# says once the activation's recomputation of due dates has run in the worker.
received = timezone.now() - timedelta(days=30)
contact = ContactFactory(officer=officer, received_at=received, acknowledged_at=received)
contact.acknowledge_due_at = received + timedelta(days=2)
contact.respond_due_at = received + timedelta(days=20)
contact.refresh_next_due()
contact.save()
print(contact.reference)
"""

STATE = """
import json
from contactpolicy.models import Notification, Reminder
print(json.dumps({
    "reminders": Reminder.objects.count(),
    "notifications": Notification.objects.count(),
    "sent": Reminder.objects.filter(email_sent_at__isnull=False).count(),
}))
"""


def manage(env: dict[str, str], *args: str) -> str:
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "contactpolicy.settings", **env}
    full_env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def sweep_twice_through(
    client: Celery, env: dict[str, str], tmp_path: Path, migrated: Path
) -> None:
    # A database `manage.py migrate` made once for the run, as a deployment's would be.
    Path(env["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    copy_sqlite(migrated, Path(env["DATA_DIR"]) / "db.sqlite3")
    reference = manage(env, "shell", "-c", SETUP)
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_until_ready(log, worker)
        first = client.send_task("cases.contact_reminders")
        second = client.send_task("cases.contact_reminders")
        assert sorted([first.get(timeout=60), second.get(timeout=60)]) == [0, 1]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = json.loads(manage(env, "shell", "-c", STATE))
            if state["sent"]:
                break
            time.sleep(1)
        assert state == {"reminders": 1, "notifications": 1, "sent": 1}
        # The console mail backend prints the one email in the worker's log.
        assert log.read_text().count(f"Subject: Contact {reference} was due to be answered") == 1
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_a_due_contact_gives_one_reminder_through_the_filesystem_broker(tmp_path, migrated_sqlite):
    data = tmp_path / "data"
    queue = data / "celery"
    for folder in ("queue", "processed", "results", "control"):
        (queue / folder).mkdir(parents=True)
    client = Celery(
        broker="filesystem://",
        backend=f"file://{queue / 'results'}",
        broker_transport_options={
            "data_folder_in": str(queue / "queue"),
            "data_folder_out": str(queue / "queue"),
            "processed_folder": str(queue / "processed"),
            "control_folder": str(queue / "control"),
            "store_processed": False,
        },
        set_as_current=False,
    )
    sweep_twice_through(client, {"DATA_DIR": str(data), "REDIS_URL": ""}, tmp_path, migrated_sqlite)


@pytest.mark.services
def test_a_due_contact_gives_one_reminder_through_redis(tmp_path, migrated_sqlite):
    url = redis_url()
    client = Celery(broker=url, backend=url, set_as_current=False)
    env = {"DATA_DIR": str(tmp_path / "data"), "REDIS_URL": url}
    sweep_twice_through(client, env, tmp_path, migrated_sqlite)
