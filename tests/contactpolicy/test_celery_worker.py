"""A real Celery worker takes a task from the broker and answers it.

Once through kombu's filesystem transport (the embedded default `make run` uses) and
once through Redis. The worker is a separate process started from the project's own
settings, so these tests prove the configuration, not a mock of it.
"""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

from tests.services import redis_url

ROOT = Path(__file__).resolve().parents[2]


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "celery", "-A", "contactpolicy", "worker",
        "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "contactpolicy.settings", **env}
    full_env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        command, cwd=ROOT, env=full_env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def wait_until_ready(log: Path, worker: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "ready." in log.read_text():
            return
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped:\n{log.read_text()}")
        time.sleep(0.2)
    pytest.fail(f"the worker was not ready within {timeout} s:\n{log.read_text()}")


def round_trip(client: Celery, env: dict[str, str], tmp_path: Path) -> None:
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_until_ready(log, worker)
        token = secrets.token_hex(8)
        result = client.send_task("contactpolicy.health_check", args=[token])
        assert result.get(timeout=30) == token
        assert "contactpolicy.health_check" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_worker_consumes_a_task_through_the_filesystem_broker(tmp_path):
    queue = tmp_path / "data" / "celery"
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
    )
    for folder in ("queue", "processed", "results", "control"):
        (queue / folder).mkdir(parents=True)
    round_trip(client, {"DATA_DIR": str(tmp_path / "data"), "REDIS_URL": ""}, tmp_path)
    # The exchange tables stay under the data folder, not in the working folder.
    assert list((queue / "control").glob("*.exchange"))


@pytest.mark.services
def test_worker_consumes_a_task_through_redis(tmp_path):
    url = redis_url()
    client = Celery(broker=url, backend=url)
    round_trip(client, {"DATA_DIR": str(tmp_path / "data"), "REDIS_URL": url}, tmp_path)
