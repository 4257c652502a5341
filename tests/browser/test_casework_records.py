"""The records behind the casework, kept up in the browser (BTPA profile): a customer's
cases, their identifiers and links, recognising a sender on Log a contact, and handing a
contact to a colleague with the reason kept."""

import re

import pytest
from playwright.sync_api import expect

from cases.services import ContactDetails, contact_log, customer_create
from contactpolicy.roles import Role
from tests.factories import UserFactory
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import sanction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def priya(btpa_active, caseworker):
    return customer_create(
        created_by=caseworker,
        name="Priya Sharma",
        identifiers=[("phone", "07700 900123", ""), ("email", "priya@example.org", "")],
    )


def test_a_case_is_opened_a_contact_put_on_it_and_the_case_closed(
    sign_in, page, live_server, caseworker, priya, assert_accessible
):
    from django.utils import timezone

    contact = contact_log(
        logged_by=caseworker,
        customer=priya,
        details=ContactDetails(
            channel="letter",
            received_at=timezone.now(),
            summary="Asks about the station car park",
        ),
    )
    sign_in(caseworker)
    page.goto(f"{live_server.url}{priya.get_absolute_url()}")
    expect(page.locator("#cases + p")).to_have_text("No cases yet.")
    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Subject").fill("Station car park charges")
    assert_accessible(page)
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("opened")
    expect(page.get_by_role("heading", level=1)).to_have_text("Station car park charges")
    reference = page.locator(".govuk-caption-l").inner_text()

    # The contact is put on the case from its own page, and shows it.
    page.goto(f"{live_server.url}{contact.get_absolute_url()}")
    page.get_by_label("Put this contact on a case").select_option(reference)
    page.get_by_role("button", name="Save case").click()
    expect(page.locator(".govuk-summary-list").nth(1)).to_contain_text(reference)
    page.get_by_role("link", name=re.compile(reference)).click()
    expect(page.locator("table")).to_contain_text(contact.reference)

    # The outcome, with its date.
    page.get_by_role("link", name=re.compile("Record the outcome")).click()
    page.get_by_label("The case is closed").check()
    page.get_by_label("Outcome", exact=True).fill("Charges explained; no refund due")
    today = timezone.localdate()
    page.locator("#id_outcome_date_0").fill(str(today.day))
    page.locator("#id_outcome_date_1").fill(str(today.month))
    page.locator("#id_outcome_date_2").fill(str(today.year))
    assert_accessible(page)
    page.get_by_role("button", name="Record outcome").click()
    expect(page.locator(".govuk-tag")).to_have_text("Closed")
    expect(page.locator(".govuk-summary-list")).to_contain_text("no refund due")
    assert_accessible(page)
    page.goto(f"{live_server.url}{priya.get_absolute_url()}")
    expect(page.locator("#cases ~ table")).to_contain_text("Closed")
    assert_accessible(page)


def test_identifiers_are_added_corrected_and_retired_and_customers_linked(
    sign_in, page, live_server, caseworker, priya, assert_accessible
):
    brother = customer_create(created_by=caseworker, name="Ravi Sharma")
    sign_in(caseworker)
    page.goto(f"{live_server.url}{priya.get_absolute_url()}")
    page.get_by_role("link", name="Change address, identifiers or linked customers").click()
    assert_accessible(page)

    # A bad number is refused with the error summary; a good one is kept in its written form.
    page.get_by_label("Phone number", exact=True).check()
    page.get_by_label("Email address, phone number, address or handle").fill("12345")
    page.get_by_role("button", name="Add identifier").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a phone number")
    assert_accessible(page)
    page.get_by_label("Phone number", exact=True).check()
    page.get_by_label("Email address, phone number, address or handle").fill("+447700900456")
    page.get_by_role("button", name="Add identifier").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("07700 900456")

    # A typing mistake corrected; an old number retired, still on record.
    page.get_by_role("link", name="Correct priya@example.org").click()
    page.get_by_label("Email address").fill("priya.sharma@example.org")
    assert_accessible(page)
    page.get_by_role("button", name="Save correction").click()
    page.get_by_role("button", name="Retire 07700 900123").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("retired")
    retired = page.locator("h2:has-text('Retired') + .govuk-summary-list")
    expect(retired).to_contain_text("07700 900123")
    expect(retired).to_contain_text(f"by {caseworker}")

    # Linked to her brother, who stays free of anything that applies to her.
    page.get_by_label("Reference of the customer to link").fill(brother.reference)
    page.get_by_label("Same address").check()
    page.get_by_label("Note (optional)").fill("Her brother, same flat")
    page.get_by_role("button", name="Link customer").click()
    expect(page.locator("#links + .govuk-inset-text + .govuk-summary-list")).to_contain_text(
        "Ravi Sharma"
    )
    assert_accessible(page)

    # Log a contact no longer recognises the retired number, and does the corrected address.
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("Someone I cannot identify").check()
    page.get_by_label("Sender's details as given").press_sequentially("07700900123", delay=20)
    page.wait_for_timeout(800)
    expect(page.locator("#sender-recognised")).not_to_contain_text("belongs to")
    page.get_by_label("Sender's details as given").fill("")
    page.get_by_label("Sender's details as given").press_sequentially(
        "priya.sharma@example.org", delay=10
    )
    expect(page.locator("#sender-recognised")).to_contain_text(
        "This address belongs to Priya Sharma"
    )


def test_a_known_number_is_offered_and_a_blocked_one_shows_the_block(
    sign_in,
    page,
    live_server,
    caseworker,
    line_manager,
    chief_executive,
    priya,
    btpa_active,
    assert_accessible,
):
    sanction(
        priya,
        sanction_of(btpa_active, "block_identifiers", blocked_identifiers="07700 900999"),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/")
    sender = page.get_by_label("Sender's details as given")
    sender.press_sequentially("07700 900 999", delay=20)
    expect(page.locator("#sender-recognised > .govuk-warning-text")).to_contain_text(
        "07700 900999 is blocked under the restriction on Priya Sharma"
    )
    assert_accessible(page)
    sender.fill("")
    sender.press_sequentially("+44 7700 900123", delay=20)
    offer = page.locator("#sender-recognised")
    expect(offer).to_contain_text("This number belongs to Priya Sharma")
    assert_accessible(page)
    offer.get_by_role("link", name="Log this contact against Priya Sharma").click()
    expect(page.locator(".govuk-summary-card__title")).to_contain_text("Priya Sharma")
    expect(page.locator("#sanction-banner")).to_be_visible()


def test_a_manager_reassigns_a_contact_and_the_reason_shows(
    sign_in, page, live_server, priya, assert_accessible
):
    from django.utils import timezone

    manager = UserFactory(
        username="mo", first_name="Mo", last_name="Khan", roles=[Role.LINE_MANAGER]
    )
    olu = UserFactory(
        username="olu",
        first_name="Olu",
        last_name="Ade",
        roles=[Role.CASEWORKER],
        line_manager=manager,
    )
    UserFactory(
        username="col",
        first_name="Cal",
        last_name="Lee",
        roles=[Role.CASEWORKER],
        line_manager=manager,
    )
    contact = contact_log(
        logged_by=olu,
        customer=priya,
        details=ContactDetails(
            channel="email",
            received_at=timezone.now(),
            summary="Chases her refund",
        ),
    )
    sign_in(manager)
    page.goto(f"{live_server.url}{contact.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("^Reassign")).click()
    page.get_by_role("button", name="Reassign").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
    assert_accessible(page)
    page.get_by_label("Reassign to").select_option(label="Cal Lee")
    page.get_by_label("Why is it being reassigned?").fill("Olu is on leave for two weeks")
    page.get_by_role("button", name="Reassign").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "reassigned to Cal Lee"
    )
    note = page.locator("#reassignments + .govuk-inset-text")
    expect(note).to_contain_text("from Olu Ade to Cal Lee, by Mo Khan")
    expect(note).to_contain_text("Olu is on leave for two weeks")
    assert_accessible(page)
