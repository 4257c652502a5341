"""The screens staff stumbled on, clicked through as a new user would (issue 20, items 13,
14, 15, 17, 23 and 25): unanswered letters with no clock on the dashboard, one status after
a time-limited sanction ends, the topic question asked first on Log a contact, a customer's
details changed after they were added with the history of it, and the service standards
page naming the kinds of contact that have none."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Customer, IdentifierKind
from cases.services import ContactDetails, contact_log
from restrictions.models import Sanction, Scope
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, decide, sanction

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/screens")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_unanswered_letters_with_no_clock_are_on_the_dashboard_until_answered(
    sign_in, page: Page, live_server, activate_profile, caseworker
):
    """Tamworth sets no service standard for letters: nothing is ever due, but each unanswered
    letter is work waiting, counted and listed, until it is marked answered."""
    activate_profile("tamworth")
    received = timezone.now() - timedelta(days=3)
    letters = [
        contact_log(
            logged_by=caseworker,
            customer=CustomerFactory(),
            details=ContactDetails(
                channel="letter", received_at=received, summary=f"Letter about bins {n}"
            ),
        )
        for n in range(3)
    ]
    assert all(letter.next_due_at is None for letter in letters)

    sign_in(caseworker)
    mine = page.locator("#mine")
    expect(mine).to_contain_text("3 open")
    expect(page.locator("main")).not_to_contain_text("No open contacts")
    for letter in letters:
        expect(page.locator("main")).to_contain_text(letter.reference)
    expect(page.locator("main")).to_contain_text("No due date")
    shot(page, "dashboard-tamworth-unanswered-letters")

    page.get_by_role("button", name=f"Answered {letters[0].reference}").click()
    expect(page.locator("#mine")).to_contain_text("2 open")
    expect(page.get_by_role("button", name=f"Answered {letters[0].reference}")).to_have_count(0)
    shot(page, "dashboard-tamworth-one-answered")


def test_after_a_time_limited_sanction_ends_the_register_and_the_banner_say_so(
    sign_in, page: Page, live_server, activate_profile, caseworker, line_manager, head_of_service
):
    profile = activate_profile("tamworth")
    customer = customer_named("Gordon Pike", caseworker)
    case = sanction(
        customer,
        sanction_of(
            profile,
            "building_exclusion",
            buildings="Marmion House",
            ends_on=timezone.localdate() + timedelta(days=30),
        ),
        proposer=line_manager,
        approvers=[head_of_service],
        recorder=caseworker,
    )
    last_day = timezone.localdate() - timedelta(days=1)
    Sanction.objects.filter(restriction_case=case).update(ends_on=last_day)
    ended = f"{last_day:%-d %B %Y}"

    sign_in(caseworker)
    page.get_by_role("link", name="Sanctions register").first.click()
    row = page.get_by_role("row", name=re.compile("Gordon Pike"))
    expect(row).to_contain_text(f"Sanctions ended on {ended}")
    expect(row).to_contain_text("the restriction is to be reviewed")
    expect(page.locator("main tbody")).not_to_contain_text("Sanctions in place")
    shot(page, "register-after-sanction-ended")

    row.get_by_role("link", name=re.compile("Gordon Pike")).click()
    banner = page.locator("#sanction-banner")
    expect(banner.get_by_role("heading", level=2)).to_have_text(
        f"This customer's sanctions have ended on {ended}"
    )
    expect(banner).to_contain_text(f"Nothing: the sanctions ended on {ended}.")
    expect(banner).not_to_contain_text("contact is restricted")
    shot(page, "customer-after-sanction-ended")

    # Finding them on Log a contact says the same.
    page.get_by_role("link", name="Log a contact").first.click()
    page.get_by_label("Find a customer").press_sequentially("Gordon", delay=30)
    results = page.locator("#lookup-results")
    expect(results.locator(".govuk-tag")).to_have_text("Not in force")
    shot(page, "lookup-after-sanction-ended")


def test_log_a_contact_asks_the_topic_first_and_shows_no_outcome_until_answered(
    sign_in,
    page: Page,
    live_server,
    activate_profile,
    caseworker,
    line_manager,
    head_of_service,
    chief_executive,
):
    """Natural England step 6: "we do not re-engage on the same or a similar topic"."""
    activate_profile("natural-england")
    customer = customer_named("Hill Farm Estates", caseworker, kind="site_owner")
    decide(
        customer,
        "disengage",
        proposer=line_manager,
        approvers=[head_of_service, chief_executive],
        recorder=caseworker,
        scope=Scope.PARTIAL,
        scope_topics="The hedgerow removal dispute",
    )

    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/?customer={customer.reference}")
    page.get_by_label("Email", exact=True).check()
    question = page.get_by_role(
        "group", name="Is it entirely on a different topic from the one we disengaged on?"
    )
    expect(question).to_be_visible()
    outcome = page.locator("#restriction-outcome")
    expect(page.locator("main")).not_to_contain_text("Breach")
    shot(page, "log-contact-topic-question-first")
    # The banner leads down the form to the question.
    page.get_by_role("link", name="Answer whether it is on a different topic").click()
    expect(question.get_by_label("Yes, it is entirely on a different topic")).to_be_in_viewport()

    question.get_by_label("No, it is on the same or a similar topic").check()
    expect(outcome).to_contain_text("Breach")
    shot(page, "log-contact-topic-answered-no")

    question.get_by_label("Yes, it is entirely on a different topic").check()
    expect(outcome).not_to_contain_text("Breach")
    shot(page, "log-contact-topic-answered-yes")


def test_a_customer_added_with_a_postcode_alone_then_has_their_details_changed(
    sign_in, page: Page, live_server, btpa_active, caseworker
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/customers/new/")
    page.get_by_label("Full name or organisation name").fill("Dilys Price")
    page.get_by_label("Postcode").fill("cf64 1aa")
    page.get_by_role("button", name="Add customer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added")
    customer = Customer.objects.get()
    assert customer.identifiers.get(kind=IdentifierKind.ADDRESS).postcode == "CF64 1AA"
    expect(page.locator("main")).to_contain_text("Postcode only")

    page.get_by_role("link", name="Change name, language or accessibility needs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the customer's details")
    page.get_by_label("Full name or organisation name").fill("")
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the customer's name")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Full name or organisation name")).to_be_focused()
    page.get_by_label("Full name or organisation name").fill("Dilys Price-Evans")
    page.get_by_label("Title (optional)").fill("Mrs")
    page.get_by_label("Surname (optional)").fill("Price-Evans")
    page.get_by_label("Welsh", exact=True).check()
    page.get_by_label("Large print").check()
    page.get_by_label("Other accessibility needs or reasonable adjustments").fill(
        "Calls after 2pm only"
    )
    shot(page, "customer-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Dilys Price-Evans")

    page.get_by_role("link", name="History of their details").click()
    history = page.locator("main")
    expect(history).to_contain_text("Preferred language: English")
    expect(history).to_contain_text("Welsh")
    expect(history).to_contain_text("Customer recorded")
    shot(page, "customer-history")
    customer.refresh_from_db()
    assert (customer.title, customer.preferred_language) == ("Mrs", "cy")


def test_the_service_standards_page_names_the_kinds_of_contact_with_none(
    sign_in, page: Page, live_server, activate_profile, administrator
):
    """Tamworth's policy sets no service standard: every kind is listed, FOI and SAR with
    their statutory clocks."""
    profile = activate_profile("tamworth")
    sign_in(administrator)
    page.get_by_role("link", name="Policy profile").click()
    page.get_by_role("link", name=profile.name).click()
    page.goto(f"{live_server.url}/organisation/profiles/{profile.slug}/standards/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service standards")
    main = page.locator("main")
    expect(main).to_contain_text("Kinds of contact with no standard")
    expect(main).to_contain_text("Complaint: any channel")
    expect(main).to_contain_text("always carry their statutory clocks")
    shot(page, "profile-service-standards")
    # A new standard's every setting says what it does.
    page.get_by_text("Add to service standards").click()
    row = page.locator("details#service_standards-0")
    expect(row.get_by_text("How soon the contact is acknowledged")).to_be_visible()
    expect(row.get_by_text("What the time to answer is counted in.")).to_be_visible()
    shot(page, "profile-service-standards-new-row")
