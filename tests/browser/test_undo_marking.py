"""Marking a contact on the dashboard can be undone from the banner, with or without
JavaScript."""

import pytest
from playwright.sync_api import Page, expect

from cases.services import ContactDetails, contact_log, customer_create
from tests.cases.factories import london
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def contact(btpa_active, caseworker):
    customer = customer_create(created_by=caseworker, name="Margaret Ellison")
    return contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="Asked about station lighting",
        ),
    )


def mark_and_undo(page: Page, contact, assert_accessible=None):
    reference = contact.reference
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("button", name=f"Acknowledged {reference}").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"{reference} marked as acknowledged")
    expect(row.get_by_role("button", name=f"Acknowledged {reference}")).to_have_count(0)
    if assert_accessible:
        assert_accessible(page)
    banner.get_by_role("button", name="Undo").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Undone: {reference} is no longer marked as acknowledged"
    )
    expect(row.get_by_role("button", name=f"Acknowledged {reference}")).to_be_visible()
    if assert_accessible:
        assert_accessible(page)


def test_undo_acknowledged_on_the_dashboard(
    sign_in, page, live_server, caseworker, contact, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/")
    mark_and_undo(page, contact, assert_accessible)
    contact.refresh_from_db()
    assert contact.acknowledged_at is None
    assert list(contact.history.values_list("history_change_reason", flat=True)[:2]) == [
        "Undone: Acknowledged",
        "Acknowledged",
    ]


def test_undo_without_javascript(browser, live_server, caseworker, contact):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(caseworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(caseworker.first_name)
    # Without JavaScript axe cannot run here; the page is the one checked above.
    mark_and_undo(page, contact)
    context.close()
    contact.refresh_from_db()
    assert contact.acknowledged_at is None
