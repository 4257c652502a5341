"""A caseworker takes a call from a customer under restriction (BTPA §8, telephone
procedure): the banner and the termination script come before the form, the call is
recorded as a breach, and the sanctions register lists the customer."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.restrictions.restricted import customer_named, sanction, telephone_outside_today

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = (
    "You have already been provided with advice and all avenues have now been exhausted to "
    "assist you. It is not reasonable or necessary for us to continue to speak with you about "
    "this. I will now terminate this call"
)


@pytest.fixture
def restricted_caller(btpa_active, caseworker, line_manager, chief_executive):
    """Calls limited to two days a week, neither of them today; approved by the CE."""
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


def test_a_call_outside_the_agreed_times(
    sign_in, page: Page, live_server, caseworker, restricted_caller, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("Find a customer").press_sequentially("07700 900777", delay=30)
    results = page.locator("#lookup-results")
    expect(results.locator(".govuk-tag")).to_have_text("Restricted")
    assert_accessible(page)
    results.get_by_role("link", name=re.compile("Gordon Pike")).click()

    # Before the form: what applies, and for a telephone call the script, word for word.
    banner = page.locator("#sanction-banner")
    expect(banner.get_by_role("heading", level=2)).to_have_text(
        "This customer's contact is restricted"
    )
    expect(banner).to_contain_text("at most 15 minutes a call")
    form_top = page.locator("#contact-form").bounding_box()["y"]
    assert banner.bounding_box()["y"] < form_top
    assert_accessible(page)

    # Choosing the channel asks the server for that channel's instruction (htmx).
    page.get_by_label("Telephone").check()
    expect(banner.locator(".app-channel-advice").first).to_have_attribute(
        "data-channel", "telephone"
    )
    lead = banner.locator(".app-channel-advice").first
    expect(lead).to_contain_text("This call is outside the agreed times")
    script = lead.locator("figure.app-script")
    expect(script.locator("figcaption")).to_have_text("Read this to the caller, then end the call")
    expect(script.locator("blockquote")).to_have_text(SCRIPT)
    expect(page.locator("#restriction-outcome")).to_contain_text("a breach of the restriction")
    expect(banner.get_by_text("If they got in touch another way")).to_be_visible()
    assert script.bounding_box()["y"] < form_top
    assert_accessible(page)
    page.screenshot(path="/tmp/banner.png", full_page=True)

    # The caseworker reads the script, ends the call and records it.
    page.get_by_label("Length of call in minutes").fill("1")
    page.get_by_label("I ended the call").check()
    page.get_by_label("Why you ended the call").fill("Outside the agreed times: read the script")
    page.get_by_label("Summary").fill("Rang about his complaint again")
    page.get_by_label("I followed the instruction shown for this contact").check()
    page.get_by_role("button", name="Log contact").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("logged")
    expect(page.locator(".govuk-notification-banner").nth(1)).to_contain_text(
        "Recorded as a breach of the restriction"
    )
    restriction = page.locator("#restriction + .govuk-summary-list")
    expect(restriction).to_contain_text("This contact breached the restriction")
    # BTPA's own instruction for telephone mechanism 2 (§8), from the profile.
    expect(restriction).to_contain_text("Read this message word for word, then end the call")
    expect(page.get_by_text("No acknowledgement is due")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/contact_breach.png", full_page=True)


def test_without_javascript_every_channel_is_listed(
    browser, live_server, caseworker, restricted_caller
):
    from tests.factories import PASSWORD

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(caseworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/contacts/new/?customer={restricted_caller.reference}")
    advice = page.locator("#sanction-banner .app-channel-advice")
    expect(advice).to_have_count(5)
    expect(page.locator("#sanction-banner [data-channel=telephone] blockquote")).to_have_text(
        SCRIPT
    )
    context.close()


def test_the_register(
    sign_in, page: Page, live_server, caseworker, restricted_caller, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/register/")
    expect(page.get_by_role("heading", name="Sanctions register")).to_be_visible()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Gordon Pike")
    expect(row).to_contain_text("Sanctions in place")
    expect(row).to_contain_text("at most 15 minutes a call")
    assert_accessible(page)
    page.screenshot(path="/tmp/register.png", full_page=True)

    page.get_by_label("Stage").select_option("disengaged")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No customer under restriction matches the filters.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Disengaged"))).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download as CSV")).click()
    assert download.value.suggested_filename.startswith("sanctions-register-")


def test_a_manager_reports_an_extreme_incident_without_warning(
    sign_in, page: Page, live_server, line_manager, restricted_caller, assert_accessible
):
    from restrictions.models import Referral

    sign_in(line_manager)
    page.goto(f"{live_server.url}/customers/{restricted_caller.reference}/referrals/")
    expect(page.get_by_text("No referral has been recorded for this customer.")).to_be_visible()
    page.get_by_role("link", name="Record a referral").click()
    assert_accessible(page)
    page.get_by_label("Report to the police").check()
    page.get_by_label("Who it went to").fill("British Transport Police, London North")
    page.get_by_label("Their reference (optional)").fill("CRN 4417/26")
    page.get_by_label(re.compile(r"\(extreme\)")).first.check()
    page.get_by_label("It was made without warning the customer").check()
    tell_by = page.locator("#inform-customer")
    expect(tell_by).to_be_visible()
    week = timezone.localdate() + timedelta(days=7)
    tell_by.locator("#id_inform_customer_by_0").fill(str(week.day))
    tell_by.locator("#id_inform_customer_by_1").fill(str(week.month))
    tell_by.locator("#id_inform_customer_by_2").fill(str(week.year))
    page.screenshot(path="/tmp/referral_form.png", full_page=True)
    page.get_by_role("button", name="Record the referral").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Report to the police recorded"
    )
    card = page.locator(".govuk-summary-card")
    expect(card).to_contain_text(f"Made without warning them: tell them by {week:%-d %B %Y}")
    assert_accessible(page)
    card.get_by_role("button", name=re.compile("Mark customer informed")).click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("told on")
    assert Referral.objects.get().customer_informed_on is not None
