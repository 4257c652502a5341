"""The letterhead in the browser (ADR 0015).

An IPCC administrator finds the letterhead from the notice templates: every part is "To be
completed", as the IPCC policy gives none. Saving it empty shows GOV.UK errors; completed,
with the policy as a PDF, it is saved. Before that, a member of staff who presses Issue is
told what the letterhead lacks; a notice to a customer with no postal address says it
cannot be posted and asks how it will go.
"""

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter

from contactpolicy.models import PolicyProfile
from contactpolicy.roles import Role
from notices.services import notice_draft_for_contact
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.factories import UserFactory
from tests.notices.factories import addressed_customer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ipcc_unfinished(activate_profile, settings, tmp_path):
    """IPCC as shipped: its policy gives no postal address, phone, email or web address."""
    settings.MEDIA_ROOT = tmp_path
    profile = activate_profile("ipcc")
    for field in ("address", "telephone", "email", "web_address"):
        setattr(profile, field, "")
    profile.save()
    return profile


def test_an_administrator_completes_the_letterhead(
    sign_in, page, live_server, ipcc_unfinished, tmp_path
):
    admin = UserFactory(username="ada", roles=[Role.ADMINISTRATOR])
    sign_in(admin)
    page.goto(f"{live_server.url}/notices/templates/")
    page.get_by_role("link", name="change the letterhead").click()
    expect(page.get_by_role("heading", name="Letterhead", exact=True)).to_be_visible()
    expect(page.locator("#letterhead")).to_contain_text("To be completed")
    page.screenshot(path="/tmp/letterhead-to-be-completed.png", full_page=True)

    page.get_by_role("button", name="Save letterhead").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the organisation's postal address"
    )
    page.screenshot(path="/tmp/letterhead-errors.png", full_page=True)

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    policy = tmp_path / "policy.pdf"
    with policy.open("wb") as out:
        writer.write(out)
    page.get_by_label("Postal address").fill("90 High Holborn\nLondon\nWC1V 6BH")
    page.get_by_label("Phone number").fill("01632 960 002")
    page.get_by_label("Email address").fill("enquiries@ipcc.example.org")
    page.get_by_label("Web address").fill("https://www.ipcc.example.org")
    page.get_by_label("The policy as a PDF (optional)").set_input_files(str(policy))
    page.get_by_role("button", name="Save letterhead").click()

    expect(page.get_by_text("Letterhead saved")).to_be_visible()
    expect(page.locator("#letterhead")).not_to_contain_text("To be completed")
    page.screenshot(path="/tmp/letterhead-saved.png", full_page=True)
    profile = PolicyProfile.objects.get(slug="ipcc")
    assert profile.letterhead_missing() == []
    assert profile.policy_pdf
    assert profile.history.first().history_user == admin


def test_issuing_is_refused_with_the_reason_and_the_way_to_put_it_right(
    sign_in, page, live_server, ipcc_unfinished
):
    staff_admin = UserFactory(username="sam", roles=[Role.CASEWORKER, Role.ADMINISTRATOR])
    contact = ContactFactory(customer=addressed_customer(name="Morgan Ellis"))
    draft = notice_draft_for_contact(contact=contact, actor=staff_admin)
    sign_in(staff_admin)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.locator("#letterhead-missing")).to_contain_text("web address")

    page.get_by_role("button", name="Issue the notice").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("No letter can be issued until the organisation's letterhead")
    expect(summary.get_by_role("link", name="Complete the letterhead")).to_be_visible()
    page.screenshot(path="/tmp/letterhead-refusal.png", full_page=True)


def test_a_notice_that_cannot_be_posted_says_so_before_it_is_issued(
    sign_in, page, live_server, btpa_active, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    caseworker = UserFactory(username="cara", roles=[Role.CASEWORKER])
    draft = notice_draft_for_contact(
        contact=ContactFactory(customer=CustomerFactory(name="Robin Hale")), actor=caseworker
    )
    sign_in(caseworker)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.locator("#no-postal-address")).to_contain_text("cannot be posted")

    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether to email the notice or hand it over"
    )
    page.screenshot(path="/tmp/letterhead-no-address.png", full_page=True)
    page.get_by_label("Hand it over").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.get_by_text("Record it as sent when you hand it over")).to_be_visible()
