"""A superuser resets a lost second factor from the admin site; it is logged and kept in
the user's history."""

import logging

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from contactpolicy.second_factor import recovery_codes_replace, second_factor_reset
from tests.contactpolicy.second_factor_helpers import app_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:contactpolicy_user_changelist")


@pytest.fixture
def superuser(db):
    return UserFactory(username="sue", is_superuser=True, is_staff=True)


@pytest.fixture
def lost(btpa_active, chief_executive):
    """The Chief Executive, whose phone is lost: an app and recovery codes on record."""
    app_for(chief_executive)
    recovery_codes_replace(user=chief_executive)
    return chief_executive


def reset_action(client, *users):
    return client.post(
        CHANGELIST,
        {
            "action": "reset_second_factor",
            "_selected_action": [user.pk for user in users],
            "index": 0,
            "select_across": 0,
        },
    )


def test_a_superuser_resets_a_lost_factor_and_it_is_recorded(client, superuser, lost, caplog):
    client.force_login(superuser)

    with caplog.at_level(logging.WARNING, logger="contactpolicy.second_factor"):
        response = reset_action(client, lost)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lost).exists()
    assert not StaticDevice.objects.filter(user=lost).exists()
    entry = lost.history.latest("history_date")
    assert entry.history_change_reason == "Second factor reset"
    assert entry.history_user == superuser
    assert "Second factor reset for chloe by sue (2 devices removed)" in caplog.text


def test_after_a_reset_they_set_up_an_app_again_at_their_next_request(client, superuser, lost):
    client.force_login(lost)
    assert client.get("/").status_code == 200

    second_factor_reset(user=lost, actor=superuser)

    assert client.get("/")["Location"].startswith(reverse("second_factor_enrol"))


def test_an_administrator_who_is_not_a_superuser_cannot_reset(client, administrator, lost):
    client.force_login(administrator)

    assert "reset_second_factor" not in client.get(CHANGELIST).content.decode()
    reset_action(client, lost)

    assert TOTPDevice.objects.filter(user=lost).exists()
    with pytest.raises(PermissionError):
        second_factor_reset(user=lost, actor=administrator)


def test_the_device_pages_are_not_in_the_admin_site(client, superuser):
    client.force_login(superuser)

    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
