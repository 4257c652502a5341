"""An approver hears of a decision submitted in the browser (issue 20, items 16 and 27).

BTPA: a line manager proposes a sanction and submits it; the Chief Executive signs in,
sees the unread count in the header, the notification in their inbox and the decision under
"Waiting for me" on the dashboard, and follows the link to the sign-off screen. Their email
links to the same screen by the service's full address. Every page is checked with axe.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from restrictions.models import Decision
from tests.browser.test_decisions_journey import (
    answer_everything,
    choose_sanction,
    fill_date,
    switch_user,
)
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident

pytestmark = pytest.mark.django_db(transaction=True)

# Where to keep the pages seen, when someone wants to look at them.
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_chief_executive_hears_of_a_decision_waiting_for_their_sign_off(
    sign_in,
    page,
    live_server,
    btpa_active,
    caseworker,
    line_manager,
    chief_executive,
    assert_accessible,
    settings,
):
    settings.SITE_URL = "https://contact.example.org"
    chief_executive.email = "chloe@example.org"
    chief_executive.save()
    customer = CustomerFactory(name="Margaret Ellison")
    abuse = incident(
        customer,
        caseworker,
        extreme=True,
        days_ago=2,
        description="Called the operator a string of obscenities and threatened her.",
    )

    sign_in(line_manager)
    page.goto(f"{live_server.url}/customers/{customer.reference}/decisions/new/?kind=sanction")
    page.locator(f"input[name='incidents'][value='{abuse.pk}']").check()
    page.get_by_label("Reasons", exact=True).fill(
        "Aggressive and abusive calls to the control room (BTPA §8.3, scenario A)."
    )
    answer_everything(page, btpa_active)
    choose_sanction(page, btpa_active, "one_method")
    fill_date(page, "review_due", timezone.localdate() + timedelta(days=90))
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent for approval")
    decision = Decision.objects.get()

    switch_user(page, sign_in, chief_executive)
    page.goto(f"{live_server.url}/")
    header = page.get_by_role("link", name=re.compile("Notifications"))
    expect(header).to_contain_text("1")
    waiting = page.locator("#waiting-for-me")
    expect(waiting).to_contain_text("Margaret Ellison")
    expect(waiting).to_contain_text(decision.reference)
    assert_accessible(page)
    shot(page, "waiting-for-me")

    header.click()
    message = (
        f"Decision {decision.reference} about Margaret Ellison (Impose sanctions) waits for "
        "your sign-off."
    )
    expect(page.get_by_text(message)).to_be_visible()
    assert_accessible(page)
    shot(page, "inbox-waiting")

    page.get_by_role("button", name=message).click()
    expect(page).to_have_url(re.compile(rf"/sign-off/{decision.reference}/$"))
    expect(page.get_by_role("heading", name="Impose sanctions: Margaret Ellison")).to_be_visible()
    shot(page, "sign-off-followed")

    sent = [m for m in mail.outbox if m.to == ["chloe@example.org"]]
    assert len(sent) == 1
    assert sent[0].subject == message
    assert sent[0].body.startswith(
        f"{message}\nhttps://contact.example.org/sign-off/{decision.reference}/\n"
    )
