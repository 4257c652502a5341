"""Issue 17: an account is its owner's from the start. An administrator invites a head of
service, who sets their own password from the emailed link, sets up an authenticator app at
first sign-in, and signs in with its code from then on."""

import re
import time
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

from contactpolicy.models import User
from contactpolicy.roles import Role
from tests.browser.conftest import authenticator_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/password/set/\S+/")
HER_PASSWORD = "Heron lantern quarry 7730"
SHOTS = "/tmp/account_{}.png"


def code_from_key(key: str) -> str:
    totp = TOTP(b32decode(key.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_step(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_invitation_then_own_password_then_authenticator_app_then_sign_in_with_it(
    btpa_active, sign_in, page, live_server, assert_accessible, settings
):
    # Links in emails start with SITE_URL: here the address the test server answers on.
    settings.SITE_URL = live_server.url
    sign_in(UserFactory(username="ada", roles=[Role.ADMINISTRATOR]))

    # The administrator creates the account: no password field, a link goes out instead.
    page.goto(f"{live_server.url}/admin/contactpolicy/user/add/")
    expect(page.locator("input[type=password]")).to_have_count(0)
    page.locator("#id_username").fill("hana")
    page.locator("#id_first_name").fill("Hana")
    page.locator("#id_last_name").fill("Okafor")
    page.locator("#id_email").fill("hana.okafor@example.org")
    page.get_by_label("Head of service").check()
    page.screenshot(path=SHOTS.format("admin_add"), full_page=True)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("hana.okafor@example.org")
    hana = User.objects.get(username="hana")
    assert not hana.has_usable_password()
    page.get_by_role("button", name="Log out").click()

    # She follows the link in her email and chooses her own password.
    [link] = LINK.findall(mail.outbox[-1].body)
    assert mail.outbox[-1].to == ["hana.okafor@example.org"]
    page.goto(link)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("set_password"), full_page=True)
    page.get_by_label("New password", exact=True).fill(HER_PASSWORD)
    page.get_by_label("Confirm your new password").fill(HER_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password has been set")).to_be_visible()
    page.screenshot(path=SHOTS.format("password_set"), full_page=True)

    # The link is spent.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Set your password")

    # First sign-in: a head of service must set up an authenticator app before anything else.
    password_step(page, live_server, "hana", HER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    page.goto(f"{live_server.url}/approvals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert_accessible(page)
    key = page.locator("#secret-key").inner_text()
    page.get_by_label("Enter the 6-digit code the app shows").fill(code_from_key(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.get_by_role("button", name="Sign out").first.click()

    # From then on: password, then the code from the app.
    password_step(page, live_server, "hana", HER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the 6-digit code from your authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(authenticator_code(hana))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}/approvals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions waiting for your approval")
    assert_accessible(page)
