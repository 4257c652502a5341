"""Issue 8, defect 6: behind the proxy, one person's failures lock out only that person.

Every request reaches the application from the proxy's address; the client's is the
right-most X-Forwarded-For entry the proxy wrote.
"""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from contactpolicy.proxy import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
REAL_USER = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_CLIENT_IP_CALLABLE = "contactpolicy.proxy.client_ip"
    settings.TRUSTED_PROXIES = []


def sign_in(client, username: str, password: str, forwarded_for: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_someone_elses_failures_do_not_lock_the_user_out(client, behind_proxy, caseworker):
    for _ in range(5):
        # The attacker forges an address on the left; the proxy appends the real one.
        sign_in(client, "casey", "wrong", f"{REAL_USER}, {ATTACKER}")

    attacker = sign_in(client, "casey", PASSWORD, ATTACKER)
    user = sign_in(client, "casey", PASSWORD, REAL_USER)

    assert attacker.status_code == 429, "the attacker is locked out"
    assert user.status_code == 302, "the real user signs in"
    assert user["Location"] == reverse("screens:dashboard")


def test_the_client_is_the_right_most_address_not_of_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXIES = ["172.16.0.0/12"]
    request = rf.get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.1.1.1, {ATTACKER}, 172.18.0.3"
    )
    assert client_ip(request) == ATTACKER


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_without_a_usable_forwarded_address_the_peer_is_the_client(rf, settings, header):
    settings.TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == PROXY


@pytest.mark.parametrize(
    ("behind", "expected"), [("true", "contactpolicy.proxy.client_ip"), ("false", "None")]
)
def test_settings_read_the_forwarded_address_only_behind_the_proxy(behind, expected):
    env = {**os.environ, "BEHIND_PROXY": behind, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(getattr(settings, 'AXES_CLIENT_IP_CALLABLE', None))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == expected
