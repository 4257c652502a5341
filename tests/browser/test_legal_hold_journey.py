"""A manager places a legal hold on a customer from their page, and lifts it, with the
reasons kept (issue 22)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import LegalHold
from cases.services import customer_create

pytestmark = pytest.mark.django_db(transaction=True)

# Where to keep the pages seen, when someone wants to look at them.
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_manager_places_and_lifts_a_hold(
    sign_in, page, live_server, btpa_active, line_manager, assert_accessible
):
    customer = customer_create(created_by=line_manager, name="Rowena Thackeray")
    sign_in(line_manager)
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    page.get_by_role("link", name="Legal hold").click()
    expect(page.get_by_role("heading", name="Legal hold")).to_be_visible()
    assert_accessible(page)
    shot(page, "hold-none")

    page.get_by_role("button", name="Place a hold").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the customer's records are held"
    )
    assert_accessible(page)
    shot(page, "hold-error")

    page.get_by_label("Why must this customer's records be kept?").fill(
        "A claim against the council is before the county court."
    )
    page.get_by_role("button", name="Place a hold").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Legal hold placed on Rowena Thackeray"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text("A legal hold is in force")
    assert_accessible(page)
    shot(page, "hold-in-force")

    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    expect(page.get_by_text("In force", exact=True)).to_be_visible()
    shot(page, "customer-with-hold")

    page.get_by_role("link", name="Legal hold").click()
    page.get_by_label("Why is the hold lifted?").fill("The claim was settled.")
    page.get_by_role("button", name="Lift the hold").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Legal hold lifted")
    assert_accessible(page)
    shot(page, "hold-lifted")

    hold = LegalHold.objects.get()
    assert (hold.reason, hold.lifted_reason) == (
        "A claim against the council is before the county court.",
        "The claim was settled.",
    )
