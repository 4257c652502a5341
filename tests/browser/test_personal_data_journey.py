"""Personal data in the browser (issue 22, items 5 and 6).

An administrator reads what the service holds, each lawful basis not yet confirmed, and
confirms the one for sensitive notes after a GOV.UK error for its missing condition. Under
BTPA, an officer marks an email as holding sensitive personal information; handing it on
then asks for the sender's consent, revealing when and how once "consented" is chosen.
"""

import pytest
from playwright.sync_api import expect

from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/tmp/shots-sensitive"


def test_an_administrator_confirms_a_lawful_basis(sign_in, page, live_server, btpa_active):
    admin = UserFactory(username="ada", roles=[Role.ADMINISTRATOR])
    sign_in(admin)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="What we hold").first.click()
    expect(page.get_by_role("heading", name="What we hold", exact=True)).to_be_visible()
    expect(page.locator("#sensitive_notes")).to_contain_text("Not yet confirmed")
    page.screenshot(path=f"{SHOTS}/what-we-hold.png", full_page=True)

    page.locator("#sensitive_notes").get_by_role("link", name="Confirm the lawful basis").click()
    page.get_by_label("Condition for processing special category data").fill("")
    page.get_by_role("button", name="Confirm the lawful basis").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the condition for processing special category data"
    )
    page.screenshot(path=f"{SHOTS}/lawful-basis-error.png", full_page=True)
    page.get_by_label("Condition for processing special category data").fill(
        "Art. 9(2)(g) with DPA 2018 Sch. 1 para 6, statutory and government purposes"
    )
    page.get_by_role("button", name="Confirm the lawful basis").click()
    expect(page.locator("#sensitive_notes")).to_contain_text(f"By {admin}")
    page.screenshot(path=f"{SHOTS}/what-we-hold-confirmed.png", full_page=True)


def test_handing_on_a_sensitive_email_asks_for_consent(sign_in, page, live_server, btpa_active):
    manager = UserFactory(username="mo", roles=[Role.LINE_MANAGER])
    officer = UserFactory(username="olu", roles=[Role.CASEWORKER], line_manager=manager)
    colleague = UserFactory(username="col", roles=[Role.CASEWORKER], line_manager=manager)
    contact = ContactFactory(officer=officer, customer=CustomerFactory(name="Nadia Okafor"))
    sign_in(officer)
    page.goto(f"{live_server.url}{contact.get_absolute_url()}")
    page.get_by_role("button", name="Mark as holding it").click()
    expect(page.get_by_text("Marked as holding it")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/contact-marked.png", full_page=True)

    page.get_by_role("link", name="Reassign").click()
    page.get_by_label("Reassign to").select_option(label=str(colleague))
    page.get_by_label("Why is it being reassigned?").fill("Olu is on leave")
    page.get_by_role("button", name="Reassign").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say whether the sender consented")
    page.get_by_label("The sender consented").check()
    expect(page.get_by_label("How did they consent?")).to_be_visible()
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("How did they consent?").fill("By reply to the email")
    page.screenshot(path=f"{SHOTS}/reassign-consent.png", full_page=True)
    page.get_by_role("button", name="Reassign").click()
    expect(page.locator("#reassignments ~ .govuk-inset-text").first).to_contain_text(
        "Sender's consent: The sender consented, on 2 March 2026"
    )
    page.screenshot(path=f"{SHOTS}/contact-reassigned-with-consent.png", full_page=True)
