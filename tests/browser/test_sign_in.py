import pytest
from playwright.sync_api import expect

from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = [
    (Role.CASEWORKER, "Your casework"),
    (Role.LINE_MANAGER, "Your team"),
    (Role.HEAD_OF_SERVICE, "Decisions and reviews"),
    (Role.CHIEF_EXECUTIVE, "Sign-off"),
    (Role.ADMINISTRATOR, "Administration"),
]


def test_sign_in_page_is_accessible(page, live_server, assert_accessible):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/sign-in/?next=/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)


def test_wrong_password_shows_the_error_summary(page, live_server, assert_accessible):
    UserFactory(username="casey", roles=[Role.CASEWORKER])
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(summary).to_be_focused()
    assert_accessible(page)


@pytest.mark.parametrize(("role", "panel"), ROLES, ids=[r.value for r, _ in ROLES])
def test_each_role_reaches_its_dashboard(role, panel, sign_in, page, assert_accessible):
    user = UserFactory(username=f"demo-{role.value}", first_name="Sam", roles=[role])
    sign_in(user)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam")
    expect(page.get_by_text(f"Signed in as {role.label}")).to_be_visible()
    expect(page.get_by_role("heading", name=panel)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
