"""Log a contact with a caller as they give themselves (BTPA profile): a number without its
leading 0 from someone not yet identified brings the restricted customer's banner and the
offer to log the contact against them; the lookup finds a name given surname first and a
number without its 0; and a stray NUL in the form shows the form again, as typed."""

import re

import pytest
from playwright.sync_api import expect

from tests.restrictions.restricted import customer_named, sanction, telephone_outside_today

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gordon(btpa_active, caseworker, line_manager, chief_executive):
    customer = customer_named(
        "Gordon Pike", caseworker, identifiers=[("phone", "07700 900777", "")]
    )
    sanction(
        customer,
        telephone_outside_today(),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    return customer


@pytest.fixture
def priya(btpa_active, caseworker):
    return customer_named("Priya Sharma", caseworker, identifiers=[("phone", "07700 900123", "")])


def test_an_unidentified_caller_with_a_restricted_number(
    sign_in, page, live_server, caseworker, gordon, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("Someone I cannot identify").check()
    page.get_by_label("Sender's details as given").press_sequentially("7700 900777", delay=20)

    recognised = page.locator("#sender-recognised")
    banner = recognised.locator("#sanction-banner")
    expect(banner.get_by_role("heading", level=2)).to_have_text(
        "This customer's contact is restricted"
    )
    expect(banner).to_contain_text("at most 15 minutes a call")
    expect(recognised).to_contain_text("This number belongs to Gordon Pike")
    assert_accessible(page)

    # The banner follows the channel, as a chosen customer's does.
    page.get_by_label("Telephone").check()
    lead = banner.locator(".app-channel-advice").first
    expect(lead).to_have_attribute("data-channel", "telephone")
    expect(lead).to_contain_text("This call is outside the agreed times")
    expect(lead.locator("figure.app-script figcaption")).to_have_text(
        "Read this to the caller, then end the call"
    )
    assert_accessible(page)
    page.screenshot(path="/tmp/intake-recognised.png", full_page=True)

    recognised.get_by_role("link", name="Log this contact against Gordon Pike").click()
    expect(page.locator(".govuk-summary-card__title")).to_contain_text("Gordon Pike")
    expect(page.get_by_label("Sender's details as given")).to_have_value("7700 900777")
    expect(page.get_by_label("Telephone")).to_be_checked()
    expect(page.locator("#sanction-banner .app-channel-advice").first).to_have_attribute(
        "data-channel", "telephone"
    )


@pytest.mark.parametrize("typed", ["Sharma Priya", "7700 900123"])
def test_the_lookup_finds_the_caller_as_they_give_themselves(
    sign_in, page, live_server, caseworker, priya, typed, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("Find a customer").press_sequentially(typed, delay=30)
    results = page.locator("#lookup-results")
    expect(results.get_by_role("link", name=re.compile("Priya Sharma"))).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=f"/tmp/intake-lookup-{typed.replace(' ', '-')}.png", full_page=True)


def test_a_nul_in_the_form_keeps_what_was_typed(
    sign_in, page, live_server, caseworker, btpa_active, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("Someone I cannot identify").check()
    page.get_by_label("Sender's details as given").fill("07700 900555")
    page.get_by_label("Letter").check()
    # Pasted text can carry a NUL that no one sees.
    page.locator("#id_summary").evaluate(
        "element => { element.value = 'Wrote about the bins' + String.fromCharCode(0) + '.'; }"
    )
    page.get_by_role("button", name="Log contact").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        "Summary must only include letters, numbers, spaces and punctuation"
    )
    expect(page.locator("#id_summary")).to_have_value("Wrote about the bins.")
    expect(page.get_by_label("Sender's details as given")).to_have_value("07700 900555")
    expect(page.get_by_label("Letter")).to_be_checked()
    assert_accessible(page)
    page.screenshot(path="/tmp/intake-nul.png", full_page=True)
