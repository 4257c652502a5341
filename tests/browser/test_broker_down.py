"""With the broker stopped, a caseworker logs a contact and sees it saved."""

import time

import pytest
from playwright.sync_api import expect

from cases.models import Contact
from tests.browser.test_contact_logging import choose_customer_by_typing, fill_received, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ellison(btpa_active, caseworker):
    from cases.services import customer_create

    return customer_create(
        created_by=caseworker,
        name="Margaret Ellison",
        identifiers=[("email", "m.ellison@example.org", "")],
    )


def test_a_contact_is_saved_while_the_broker_is_stopped(
    sign_in, page, live_server, caseworker, ellison, broker_down
):
    sign_in(caseworker)
    choose_customer_by_typing(page, live_server, "ellis", "Margaret Ellison")
    page.get_by_label("Email", exact=True).check()
    fill_received(page, 2, 4, 2026, "09:00")
    page.get_by_label("Summary").fill("Says her neighbour is at risk")
    # Queues the manager's alert: the one task logging a contact sends to the broker.
    page.get_by_label("It raises a safeguarding concern").check()
    started = time.monotonic()
    submit(page)
    assert time.monotonic() - started < 5
    expect(page.locator(".govuk-warning-text")).to_contain_text("No manager has been alerted")
    contact = Contact.objects.get(summary="Says her neighbour is at risk")
    assert contact.safeguarding_concern
