"""Issue 8, defect 8: GOV.UK's timeout warning before an idle sign-out."""

import pytest
from playwright.sync_api import expect

from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_idle_timeout(settings):
    # Warned two minutes before a 2 minute 3 second timeout: the dialog opens after 3 s.
    settings.SESSION_IDLE_TIMEOUT = 123


def test_stay_signed_in_keeps_the_session(
    short_idle_timeout, btpa_active, sign_in, page, assert_accessible
):
    sign_in(UserFactory(username="casey", roles=[Role.CASEWORKER]))
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")

    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_contain_text("we will sign you out in 2 minutes")
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()

    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_sign_out_from_the_warning(short_idle_timeout, btpa_active, sign_in, page, live_server):
    sign_in(UserFactory(username="casey", roles=[Role.CASEWORKER]))
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)

    dialog.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
