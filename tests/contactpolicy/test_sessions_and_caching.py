"""Issue 8, defect 8: no signed-in page in the browser's cache, and an idle timeout."""

import time

import pytest
from django.urls import reverse

from contactpolicy.middleware import LAST_ACTIVITY

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_not_stored(client, caseworker, btpa_active):
    client.force_login(caseworker)

    response = client.get(reverse("screens:dashboard"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_register_export_is_not_stored(client, head_of_service, btpa_active):
    client.force_login(head_of_service)

    response = client.get("/register.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("signed_in", [True, False])
def test_every_response_refuses_device_features(client, caseworker, btpa_active, signed_in):
    if signed_in:
        client.force_login(caseworker)

    response = client.get(reverse("login"))

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - seconds
    session.save()


def test_thirty_idle_minutes_sign_the_user_out(client, caseworker, btpa_active):
    client.force_login(caseworker)
    idle_for(client, 30 * 60 + 5)

    response = client.get(reverse("screens:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_request_within_the_idle_time_keeps_the_session(client, caseworker, btpa_active):
    client.force_login(caseworker)
    idle_for(client, 29 * 60)

    response = client.get(reverse("screens:dashboard"))

    assert response.status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY] < 5


def test_stay_signed_in_restarts_the_idle_clock(client, caseworker):
    client.force_login(caseworker)
    idle_for(client, 28 * 60)

    response = client.post(reverse("session_keep_alive"))

    assert response.status_code == 204
    assert time.time() - client.session[LAST_ACTIVITY] < 5


def test_keep_alive_after_the_timeout_does_not_revive_the_session(client, caseworker):
    client.force_login(caseworker)
    idle_for(client, 31 * 60)

    response = client.post(reverse("session_keep_alive"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_page_carries_the_timeout_warning(client, caseworker, btpa_active):
    client.force_login(caseworker)
    idle_for(client, 10 * 60)

    content = client.get(reverse("screens:dashboard")).content.decode()

    assert 'id="timeout-warning"' in content
    assert 'data-full-timeout="1800"' in content
    assert 'data-warning="120"' in content
    assert "app/session-timeout.js" in content
