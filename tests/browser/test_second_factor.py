"""Issue 17: the Chief Executive sets up an authenticator app from the QR page at first
sign-in, then signs in with its code; anyone may set one up from Sign-in security."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from contactpolicy.roles import Role
from tests.browser.conftest import authenticator_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/tmp/second_factor_{}.png"


def code_from_key(key: str) -> str:
    """What an authenticator app given this key by hand would show now."""
    totp = TOTP(b32decode(key.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_step(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/sign-off/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_chief_executive_sets_up_an_app_then_signs_in_with_its_code(
    btpa_active, page, live_server, assert_accessible
):
    chief = UserFactory(username="chloe", first_name="Chloe", roles=[Role.CHIEF_EXECUTIVE])

    password_step(page, live_server, chief)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Sign-off")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("enrol"), full_page=True)

    page.get_by_label("Enter the 6-digit code the app shows").fill("123")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The code must be 6 numbers, like 123456")
    expect(summary).to_be_focused()
    assert_accessible(page)

    key = page.locator("#secret-key").inner_text()
    page.get_by_label("Enter the 6-digit code the app shows").fill(code_from_key(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("recovery_codes"), full_page=True)

    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page).to_have_url(f"{live_server.url}/sign-off/")

    page.get_by_role("button", name="Sign out").click()
    password_step(page, live_server, chief)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the 6-digit code from your authenticator app"
    )
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("verify"), full_page=True)

    page.get_by_label("Code").fill("000000" if code_from_key(key) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("verify_error"), full_page=True)

    time.sleep(1.1)  # the one wrong code locks the app for a second
    page.get_by_label("Code").fill(authenticator_code(chief))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/sign-off/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions waiting for your sign-off")


def test_a_caseworker_sets_up_an_app_from_sign_in_security(
    btpa_active, sign_in, page, assert_accessible
):
    sign_in(UserFactory(username="casey", roles=[Role.CASEWORKER]))
    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("settings"), full_page=True)

    page.get_by_role("link", name="Set up an authenticator app").click()
    key = page.locator("#secret-key").inner_text()
    page.get_by_label("Enter the 6-digit code the app shows").fill(code_from_key(key))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="I have saved my recovery codes").click()

    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_text("Recovery codes left", exact=True)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("settings_set_up"), full_page=True)
