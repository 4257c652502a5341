"""Signing in with a second factor: held at the code or set-up page until it is given.

These tests use a plain `django.test.Client`, whose `force_login` is the password step
alone; the suite's `client` fixture would sign in with a verified app.
"""

import re
from base64 import b32encode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.contactpolicy.second_factor_helpers import app_for, code_now, wrong_code

pytestmark = pytest.mark.django_db

SIGN_OFF = "/sign-off/"
ENROL = reverse("second_factor_enrol")
VERIFY = reverse("second_factor_verify")


@pytest.fixture
def chief(btpa_active, chief_executive):
    return chief_executive


def password_only(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_chief_executive_without_an_app_is_sent_to_set_one_up_before_sign_off(chief):
    browser = password_only(chief)

    response = browser.get(SIGN_OFF)

    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fsign-off%2F"


def test_posts_and_the_admin_site_are_held_back_too(chief):
    browser = password_only(chief)

    assert browser.post(SIGN_OFF)["Location"] == ENROL
    assert browser.get("/admin/")["Location"].startswith(ENROL)
    assert browser.get("/customers/")["Location"].startswith(ENROL)


def test_an_htmx_request_is_told_to_load_the_set_up_page(chief):
    browser = password_only(chief)

    response = browser.get(SIGN_OFF, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(ENROL)


def test_signing_out_and_the_health_check_stay_open(btpa_active, administrator):
    browser = password_only(administrator)

    assert browser.get(reverse("health")).status_code == 200
    assert browser.post(reverse("logout"))["Location"] == reverse("login")


def test_with_an_app_but_no_code_yet_they_are_asked_for_the_code(chief):
    app_for(chief)
    browser = password_only(chief)

    response = browser.get(SIGN_OFF)

    assert response["Location"] == f"{VERIFY}?next=%2Fsign-off%2F"
    page = browser.get(response["Location"]).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page


def test_after_a_right_code_they_reach_sign_off(chief):
    device = app_for(chief)
    browser = password_only(chief)

    response = browser.post(VERIFY, {"code": code_now(device), "next": SIGN_OFF})

    assert response["Location"] == SIGN_OFF
    assert browser.get(SIGN_OFF).status_code == 200


def test_a_code_typed_with_spaces_is_accepted(chief):
    device = app_for(chief)
    browser = password_only(chief)
    code = code_now(device)

    response = browser.post(VERIFY, {"code": f" {code[:3]} {code[3:]} "})

    assert response["Location"] == reverse("screens:dashboard")


def assert_error(response, message: str) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert f'<a href="#id_code">{message}' in page
    assert "<title>Error:" in page


def test_a_wrong_code_is_refused_with_a_govuk_error(chief):
    device = app_for(chief)
    browser = password_only(chief)

    response = browser.post(VERIFY, {"code": wrong_code(device), "next": SIGN_OFF})

    assert_error(response, "The code is not right")
    assert browser.get(SIGN_OFF).status_code == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "Enter the 6-digit code from your authenticator app, or a recovery code"),
        ("12ab56", "Enter the 6-digit code from your authenticator app, or a recovery code"),
        ("1" * 5000, "Enter the 6-digit code from your authenticator app, or a recovery code"),
        ("١٢٣٤٥٦", "Enter the 6-digit code from your authenticator app, or a recovery code"),
        ("123\x00456", "Code must only include letters, numbers, spaces and punctuation"),
    ],
    ids=["empty", "short", "letters", "huge", "arabic digits", "nul"],
)
def test_what_is_not_a_code_is_refused_before_it_is_checked(chief, typed, message):
    device = app_for(chief)
    browser = password_only(chief)

    response = browser.post(VERIFY, {"code": typed})

    assert_error(response, message)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_wrong_codes_lock_the_app_for_longer_each_time(chief):
    device = app_for(chief)
    browser = password_only(chief)
    browser.post(VERIFY, {"code": wrong_code(device)})
    browser.post(VERIFY, {"code": wrong_code(device)})

    response = browser.post(VERIFY, {"code": code_now(device)})

    assert_error(response, "You have entered too many wrong codes. Wait")
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    assert browser.get(SIGN_OFF).status_code == 302


def enrol(browser: Client) -> list[str]:
    """Set up an app through the pages, as a person would: the recovery codes shown."""
    page = browser.get(ENROL).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(confirmed=False)
    response = browser.post(ENROL, {"code": code_now(device)})
    assert response.status_code == 302, response.content.decode()
    page = browser.get(response["Location"]).content.decode()
    return re.findall(r"<li>([a-z2-7]{8})</li>", page)


def test_setting_up_an_app_shows_the_qr_code_and_the_key_then_ten_recovery_codes(chief):
    browser = password_only(chief)
    page = browser.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=chief, confirmed=False)
    assert re.search(r'<div class="app-qr-code" role="img"[^>]*><svg', page)
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'id="secret-key"><strong>([A-Z2-7 ]+)</strong>', page).group(1)
    assert shown.replace(" ", "") == secret

    codes = enrol(browser)

    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=chief).count() == 10
    assert TOTPDevice.objects.get(user=chief).confirmed
    assert browser.get(SIGN_OFF).status_code == 200
    # Shown once: going back to the page does not show them again.
    assert browser.get(reverse("second_factor_recovery_codes"))["Location"] == reverse(
        "second_factor_settings"
    )


def test_a_wrong_first_code_does_not_set_up_the_app(chief):
    browser = password_only(chief)
    browser.get(ENROL)
    device = TOTPDevice.objects.get(user=chief)

    response = browser.post(ENROL, {"code": wrong_code(device)})

    assert_error(response, "The code is not right")
    device.refresh_from_db()
    assert not device.confirmed
    assert browser.get(SIGN_OFF)["Location"].startswith(ENROL)


def test_the_set_up_page_keeps_one_key_until_it_is_confirmed(chief):
    browser = password_only(chief)
    browser.get(ENROL)
    browser.get(ENROL)

    assert TOTPDevice.objects.filter(user=chief).count() == 1


def test_a_recovery_code_works_once(chief):
    codes = enrol(password_only(chief))
    code = codes[0]

    first = password_only(chief)
    response = first.post(VERIFY, {"code": code.upper(), "next": SIGN_OFF})
    assert response["Location"] == SIGN_OFF
    assert first.get(SIGN_OFF).status_code == 200

    again = password_only(chief)
    response = again.post(VERIFY, {"code": code})
    assert_error(response, "The recovery code is not right, or it has been used already")
    assert StaticToken.objects.filter(device__user=chief).count() == 9


def test_someone_with_an_app_cannot_set_up_another_before_giving_a_code(chief):
    app_for(chief)
    browser = password_only(chief)

    assert browser.get(ENROL)["Location"] == VERIFY
    assert browser.post(ENROL, {"code": "123456"})["Location"] == VERIFY


def test_a_caseworker_who_chose_an_app_is_asked_for_its_code(btpa_active, caseworker):
    device = app_for(caseworker)
    browser = password_only(caseworker)

    assert browser.get("/")["Location"].startswith(VERIFY)
    browser.post(VERIFY, {"code": code_now(device)})
    assert browser.get("/").status_code == 200


def test_a_caseworker_may_set_up_an_app_from_sign_in_security(btpa_active, caseworker):
    browser = password_only(caseworker)
    page = browser.get("/").content.decode()
    assert 'href="/sign-in-security/">Sign-in security</a>' in page
    assert "Set up an authenticator app" in browser.get("/sign-in-security/").content.decode()

    assert len(enrol(browser)) == 10
    assert "Recovery codes left" in browser.get("/sign-in-security/").content.decode()


def test_new_recovery_codes_replace_the_old_ones(chief):
    browser = password_only(chief)
    old = enrol(browser)

    response = browser.post(reverse("second_factor_new_recovery_codes"))
    new = re.findall(r"<li>([a-z2-7]{8})</li>", browser.get(response["Location"]).content.decode())

    assert len(new) == 10
    assert not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_only_our_own_pages_are_followed_after_the_code(chief):
    device = app_for(chief)
    browser = password_only(chief)

    response = browser.post(VERIFY, {"code": code_now(device), "next": "https://evil.example/"})

    assert response["Location"] == reverse("screens:dashboard")


@pytest.mark.parametrize("wanted", ["0", "dashboard", "//evil.example/", "/" + "a" * 3000])
def test_a_next_that_is_not_a_path_here_goes_to_the_dashboard(chief, wanted):
    device = app_for(chief)
    browser = password_only(chief)

    response = browser.post(VERIFY, {"code": code_now(device), "next": wanted})

    assert response["Location"] == reverse("screens:dashboard")
