"""The production shape: docker-compose.yml and `check --deploy`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "x",
    "SECRET_KEY": "y",
    "ALLOWED_HOSTS": "example.org",
    "SITE_URL": "https://example.org",
}


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


def test_templates_are_compiled_once_per_process():
    """Every template is read and compiled once, in production as in development: the
    cached loader wraps the file-system and app loaders whatever DEBUG says."""
    from django.template import engines
    from django.template.loaders.cached import Loader as CachedLoader

    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1
    assert isinstance(loaders[0], CachedLoader)
    assert [type(loader).__module__ for loader in loaders[0].loaders] == [
        "django.template.loaders.filesystem",
        "django.template.loaders.app_directories",
    ]


def production_settings(monkeypatch, tmp_path, **environment) -> dict:
    """The settings module as a production process reads it, under `environment`."""
    import importlib.util

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example.org:5432/contactpolicy")
    for name in ("DB_CONN_MAX_AGE", "STATIC_ROOT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "contactpolicy.settings_read_afresh", ROOT / "contactpolicy" / "settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def test_database_connections_are_kept_and_checked_before_reuse(monkeypatch, tmp_path):
    """Each web thread keeps its PostgreSQL connection (a minute unless DB_CONN_MAX_AGE
    says otherwise) and checks it is alive before a request uses it again."""
    database = production_settings(monkeypatch, tmp_path)["DATABASES"]["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    tuned = production_settings(monkeypatch, tmp_path, DB_CONN_MAX_AGE="0")
    assert tuned["DATABASES"]["default"]["CONN_MAX_AGE"] == 0


def test_sessions_stay_in_the_database(monkeypatch, tmp_path):
    """Signing out ends the session in every web process at once: sessions are read from
    the database on every request, never from a per-process cache."""
    from django.conf import global_settings

    module = production_settings(monkeypatch, tmp_path, STATIC_ROOT=str(tmp_path / "s"))
    engine = module.get("SESSION_ENGINE", global_settings.SESSION_ENGINE)
    assert engine == "django.contrib.sessions.backends.db"
    assert module["STATIC_ROOT"] == tmp_path / "s"


def gunicorn_settings(**environment) -> dict:
    import runpy

    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_gunicorn_runs_threads_in_each_worker_and_can_be_tuned():
    """The image, docker-compose.yml and the benchmark start gunicorn with gunicorn.conf.py;
    WEB_WORKERS and WEB_THREADS change its shape, an empty value keeps the default."""
    default = gunicorn_settings(WEB_WORKERS="", WEB_THREADS="")
    assert default["worker_class"] == ("gthread" if default["threads"] > 1 else "sync")
    assert default["bind"] == "0.0.0.0:8000"
    assert default["timeout"] * 1000 > 15_000  # DB_STATEMENT_TIMEOUT_MS ends a request first
    tuned = gunicorn_settings(WEB_WORKERS="5", WEB_THREADS="1")
    assert (tuned["workers"], tuned["threads"], tuned["worker_class"]) == (5, 1, "sync")
    for started_by in ("Dockerfile", "docker-compose.yml"):
        assert (
            '"gunicorn", "-c", "gunicorn.conf.py", "contactpolicy.wsgi"'
            in (ROOT / started_by).read_text()
        )
