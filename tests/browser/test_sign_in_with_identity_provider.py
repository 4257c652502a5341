"""Signing in with the organisation's identity provider, in a browser: the service and a
real OpenID Connect provider of the tests' own (tests/oidc_provider/), nothing stubbed."""

import pytest
from playwright.sync_api import expect

from contactpolicy.roles import Role
from tests.browser.conftest import authenticator_app, authenticator_code
from tests.factories import UserFactory
from tests.oidc_provider.running import NAME

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_at_provider(page, username: str, password: str) -> None:
    page.get_by_role("button", name=f"Sign in with {NAME}").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Email or username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_an_invited_person_signs_in_with_the_provider_and_a_stranger_cannot(
    page, context, live_server, signed_up_to_provider, assert_accessible
):
    hector = UserFactory(
        username="hector",
        first_name="Hector",
        email="invited@example.gov.uk",
        roles=[Role.HEAD_OF_SERVICE],
    )
    authenticator_app(hector)

    # Someone the provider knows, with no account here, is told why and how to get one.
    page.goto(f"{live_server.url}/sign-in/")
    sign_in_at_provider(page, "stranger", signed_up_to_provider.password)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You cannot sign in with {NAME}")
    expect(page.get_by_text("An administrator must invite you")).to_be_visible()
    assert_accessible(page)
    context.clear_cookies()  # signed out of the provider too

    # An invited head of service whose provider asserted no second factor gives the
    # service's own code, then reaches the dashboard with the service's roles.
    page.get_by_role("link", name="Go back to the sign-in page").click()
    sign_in_at_provider(page, "invited", signed_up_to_provider.password)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Enter the 6-digit code")
    page.get_by_label("Code", exact=True).fill(authenticator_code(hector))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hector")
    expect(page.get_by_text(f"Signed in as {Role.HEAD_OF_SERVICE.label}")).to_be_visible()
