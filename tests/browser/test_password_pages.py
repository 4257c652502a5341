"""The pages a person sets their own password on, in Chromium with axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/password/set/\S+/")


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    page, live_server, assert_accessible, settings
):
    # Links in emails start with SITE_URL: here the address the test server answers on.
    settings.SITE_URL = live_server.url
    UserFactory(username="casey", email="casey@example.org", roles=[Role.CASEWORKER])
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page)

    page.get_by_label("Email address").fill("casey@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    [link] = LINK.findall(mail.outbox[-1].body)
    assert link.startswith(f"{live_server.url}/password/set/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("Quiet orange tractor 4417")
    page.get_by_label("Confirm your new password").fill("Quiet orange tractor 4417")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password has been set")).to_be_visible()
    assert_accessible(page)
