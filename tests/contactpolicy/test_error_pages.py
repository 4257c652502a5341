"""Issue 8, defect 7: every error page is a GOV.UK page, and a lost database answers 503."""

import ast
import os
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.test import Client
from django.urls import reverse
from django.views.defaults import permission_denied

from contactpolicy.errors import server_error

IN_THE_LAYOUT = ['class="govuk-template', 'id="main-content"', "govuk-footer"]


def assert_govuk_page(response, status: int, heading: str) -> None:
    assert response.status_code == status
    content = response.content.decode()
    for marker in IN_THE_LAYOUT:
        assert marker in content
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in content
    assert f"<title>{heading} – Contact policy case management</title>" in content


@pytest.mark.django_db
def test_page_not_found(client, caseworker):
    client.force_login(caseworker)
    assert_govuk_page(client.get("/no-such-page/"), 404, "Page not found")


@pytest.mark.django_db
def test_permission_denied(rf, caseworker):
    request = rf.get("/")
    request.user = caseworker
    response = permission_denied(request, PermissionDenied())
    assert_govuk_page(response, 403, "You cannot see this page")


@pytest.mark.django_db
def test_method_not_allowed(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("logout"))
    assert_govuk_page(response, 405, "Sorry, you cannot do that from this address")
    assert response["Allow"]


@pytest.mark.django_db
def test_bad_request(client, caseworker):
    client.force_login(caseworker)
    assert_govuk_page(
        client.get("/customers/?q=%00"), 400, "Sorry, there is a problem with that request"
    )


@pytest.mark.django_db
def test_a_form_without_its_security_token(caseworker):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "casey", "password": "x"})
    assert_govuk_page(response, 403, "Sorry, your form could not be sent")


def test_server_error(rf):
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        response = server_error(rf.get("/"))
    assert_govuk_page(response, 500, "Sorry, there is a problem with the service")


def test_a_database_error_while_handling_is_a_503(rf):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert_govuk_page(response, 503, "Sorry, the service is unavailable")
    assert response["Retry-After"] == "60"


@pytest.fixture
def unreachable_database(django_db_blocker, tmp_path):
    """A default connection to a database that cannot be opened, for this test only."""
    original = connections[DEFAULT_DB_ALIAS]
    if original.vendor == "postgresql":
        # Nothing listens on the discard port: the connection is refused at once.
        unreachable = {"HOST": "127.0.0.1", "PORT": "9"}
    else:
        unreachable = {"NAME": str(tmp_path / "missing" / "db.sqlite3")}
    broken = original.__class__({**original.settings_dict, **unreachable}, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = original


def test_a_signed_in_request_with_the_database_gone_gets_the_503_page(unreachable_database):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32  # reading the session needs the database

    response = client.get("/")

    assert_govuk_page(response, 503, "Sorry, the service is unavailable")


def test_postgresql_gives_up_on_a_stalled_server(monkeypatch):
    """Connect and statement timeouts come from the environment, with sane defaults."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://app@db.invalid:5432/app",
        "DB_STATEMENT_TIMEOUT_MS": "7000",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(repr(settings.DATABASES['default']['OPTIONS']))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    options = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert options["connect_timeout"] == 5
    assert options["options"] == "-c statement_timeout=7000"
