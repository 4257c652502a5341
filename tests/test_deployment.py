"""The production shape: docker-compose.yml and `check --deploy`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_ENV = {"POSTGRES_PASSWORD": "x", "SECRET_KEY": "y", "ALLOWED_HOSTS": "example.org"}


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    if legacy := shutil.which("docker-compose"):
        return [legacy]
    pytest.skip("neither `docker compose` nor docker-compose is installed")


def test_compose_file_is_accepted_and_has_the_production_services():
    command = compose_command()
    env = {**os.environ, **COMPOSE_ENV}
    check = subprocess.run(
        [*command, "config", "--services"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert {"db", "redis", "web", "worker", "beat"} <= set(check.stdout.split())


def test_compose_refuses_to_start_without_secrets():
    command = compose_command()
    env = {k: v for k, v in os.environ.items() if k not in COMPOSE_ENV}
    check = subprocess.run([*command, "config"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert check.returncode != 0
    assert "POSTGRES_PASSWORD" in check.stderr


def test_check_deploy_reports_nothing_with_debug_off(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "contactpolicy.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-key-" + "x7Qp3mZ9" * 6,
        "DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' live server
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "System check identified no issues" in check.stdout


def test_gunicorn_is_reachable_only_by_the_proxy():
    """The application trusts X-Forwarded-* headers, so only the proxy may reach gunicorn."""
    compose = (ROOT / "docker-compose.yml").read_text()
    assert '"${WEB_BIND_ADDRESS:-127.0.0.1}:8000:8000"' in compose
    assert '- "8000:8000"' not in compose
