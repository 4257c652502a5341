"""A caseworker logs the day's contacts in the browser, keyboard first (BTPA profile)."""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.services import customer_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ellison(btpa_active, caseworker):
    return customer_create(
        created_by=caseworker,
        name="Margaret Ellison",
        identifiers=[("email", "m.ellison@example.org", ""), ("phone", "07700 900461", "")],
    )


def choose_customer_by_typing(page: Page, live_server, typed: str, name: str):
    page.goto(f"{live_server.url}/contacts/new/")
    search = page.get_by_label("Find a customer")
    expect(search).to_be_visible()
    search.press_sequentially(typed, delay=30)
    result = page.locator("#lookup-results").get_by_role("link", name=re.compile(name))
    expect(result).to_be_visible()
    result.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-summary-card__title")).to_contain_text(name)


def fill_received(page: Page, day: int, month: int, year: int, at: str):
    page.locator("#id_received_date_0").fill(str(day))
    page.locator("#id_received_date_1").fill(str(month))
    page.locator("#id_received_date_2").fill(str(year))
    page.locator("#id_received_time").fill(at)


def submit(page: Page):
    page.get_by_role("button", name="Log contact").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("logged")


def test_a_caseworkers_day(sign_in, page, live_server, caseworker, ellison, assert_accessible):
    sign_in(caseworker)

    # A letter, found by typing the phone number the way the caller says it.
    choose_customer_by_typing(page, live_server, "+44 7700 900461", "Margaret Ellison")
    assert_accessible(page)
    page.get_by_label("Letter").check()
    fill_received(page, 3, 4, 2026, "11:00")  # Good Friday
    page.get_by_label("Summary").fill("Complains about station lighting")
    submit(page)
    due = page.locator(".govuk-summary-list").first
    expect(due).to_contain_text("Due by Monday 20 April 2026, 16:00")
    expect(due).to_contain_text("Due by Tuesday 5 May 2026, 16:00")
    assert_accessible(page)
    page.get_by_role("link", name="Go to Margaret Ellison's record").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Complains about station lighting")

    # An email, found by name.
    choose_customer_by_typing(page, live_server, "ellis", "Margaret Ellison")
    page.get_by_label("Email", exact=True).check()
    fill_received(page, 2, 4, 2026, "09:00")
    page.get_by_label("Summary").fill("Chases her letter")
    submit(page)
    expect(page.locator(".govuk-summary-list").first).to_contain_text(
        "Due by Wednesday 8 April 2026, 16:00"
    )

    # A telephone call she abused, ended by staff with the reason logged (IPCC §6).
    choose_customer_by_typing(page, live_server, "m.ellison@", "Margaret Ellison")
    page.get_by_label("Telephone").check()
    page.get_by_label("Length of call in minutes").fill("7")
    page.get_by_label("I ended the call").check()
    page.get_by_label("Why you ended the call").fill("Abusive language after a warning")
    fill_received(page, 20, 11, 2026, "14:10")
    page.get_by_label("Summary").fill("Called about the lighting again")
    submit(page)
    expect(page.get_by_text("No acknowledgement is due")).to_be_visible()
    expect(page.locator(".govuk-summary-list").nth(1)).to_contain_text(
        "Abusive language after a warning"
    )

    # A media enquiry from a journalist nobody knows: 3 office hours from Friday 15:00.
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("Someone I cannot identify").check()
    page.get_by_label("Sender's details as given").fill("Jo Reporter, Evening Courier")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("What kind of contact is it?").select_option("media")
    fill_received(page, 20, 11, 2026, "15:00")
    page.get_by_label("Summary").fill("Asks for a statement on station safety")
    submit(page)
    expect(page.locator(".govuk-summary-list").first).to_contain_text(
        "Due by Monday 23 November 2026, 10:00"
    )

    # An email copied to us for information: no clock runs.
    choose_customer_by_typing(page, live_server, "Ellison", "Margaret Ellison")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Copied for information only").check()
    fill_received(page, 20, 11, 2026, "16:30")
    page.get_by_label("Summary").fill("Copy of her letter to her MP")
    submit(page)
    expect(page.get_by_text("Copied for information: no reply is needed.")).to_be_visible()

    # The dashboard shows the open ones, soonest first; the customer's timeline shows all.
    page.goto(f"{live_server.url}/")
    rows = page.locator("#mine + .app-table-scroll tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Margaret Ellison")
    expect(page.locator("table")).to_contain_text("Jo Reporter")
    assert_accessible(page)
    page.goto(f"{live_server.url}{ellison.get_absolute_url()}")
    expect(page.locator(".moj-timeline__item")).to_have_count(4)
    expect(page.locator(".moj-timeline")).to_contain_text("Call ended by staff")
    assert_accessible(page)


def test_errors_are_summarised_and_focus_moves_to_them(
    sign_in, page, live_server, caseworker, btpa_active, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_role("button", name="Log contact").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select who the contact is from")
    expect(summary).to_contain_text("Select how they got in touch")
    expect(summary).to_contain_text("Enter a summary of the contact")
    summary.get_by_role("link", name="Enter a summary of the contact").click()
    expect(page.get_by_label("Summary")).to_be_focused()
    assert_accessible(page)
