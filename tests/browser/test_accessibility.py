"""What a screen reader, a keyboard and a narrow screen need (WCAG 2.2 AA), on the screens
casework depends on. Every page opened is checked with axe too (conftest).

- 4.1.3: the restriction warning and the number of customers found are written into live
  regions that were on the page before anything was typed, and stay the same elements.
- 3.3.1, 2.4.3: each link in an error summary moves focus to its field, on Log a contact,
  Propose a decision and the sign-off.
- 1.4.10: at 320 CSS pixels wide the pages do not scroll sideways, with their tables full.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.services import ContactDetails, contact_log
from contactpolicy.models import PolicyProfile
from restrictions.models import Decision
from tests.browser.test_decisions_journey import switch_user
from tests.restrictions.factories import incident, propose_and_submit, sanction_of
from tests.restrictions.restricted import customer_named, sanction, telephone_outside_today

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}
WIDE = {"width": 1280, "height": 900}
SHOTS = "/tmp/accessibility"

REGIONS = "window.__regions = ['app-status', 'app-alert'].map((id) => document.getElementById(id))"
SAME_REGIONS = (
    "window.__regions.every((region) => region && region === document.getElementById(region.id))"
)

# The outermost elements that reach past the right edge, to say what to fix.
WIDEST = """
[...document.querySelectorAll("body *")]
  .filter((e) => !e.closest(".app-table-scroll > *"))
  .filter((e) => e.getBoundingClientRect().right > 321 || e.scrollWidth > e.clientWidth + 1)
  .filter((e) => getComputedStyle(e).overflowX === "visible")
  .slice(-5)
  .map((e) => `${e.tagName}.${e.className} (${e.textContent.trim().slice(0, 40)})`)
"""


@pytest.fixture
def casework(btpa_active, caseworker, line_manager, chief_executive):
    """A restricted caller, a decision waiting for the Chief Executive, and contacts due."""
    gordon = customer_named("Gordon Pike", caseworker, identifiers=[("phone", "07700 900777", "")])
    sanction(
        gordon,
        telephone_outside_today(),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    margaret = customer_named("Northgate Regional Planning Partnership Ltd", caseworker)
    abuse = incident(margaret, caseworker, extreme=True, days_ago=2)
    waiting = propose_and_submit(
        line_manager,
        margaret,
        "sanction",
        incidents=[abuse],
        sanctions=[sanction_of(btpa_active, "one_method", channel="email")],
    )
    for hours in (1, 2):
        contact_log(
            logged_by=caseworker,
            customer=margaret,
            details=ContactDetails(
                channel="email",
                received_at=timezone.now() - timedelta(hours=hours),
                summary="A question about the planning application",
            ),
        )
    return {"gordon": gordon, "margaret": margaret, "waiting": waiting}


def no_sideways_scroll(page: Page, live_server, path: str, name: str) -> None:
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}{path}")
    page.screenshot(path=f"{SHOTS}/{name}-320.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{path} is {width} px wide at 320: " + ", ".join(
        page.evaluate(WIDEST)
    )
    page.set_viewport_size(WIDE)


def follow_each_error_link(page: Page, expected: set[str]) -> None:
    """Each link in the error summary moves focus to its field, when the field is shown."""
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    links = page.locator(".govuk-error-summary__list a")
    targets = [
        href[1:] for href in links.evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
    ]
    assert expected <= set(targets), targets
    for index, target in enumerate(targets):
        if not page.locator(f"#{target}").is_visible():
            continue  # inside a question not revealed: GOV.UK reveals it once chosen
        links.nth(index).click()
        assert page.evaluate("document.activeElement.id") == target, target


def test_a_caseworker_hears_what_changes_and_finds_each_error(
    sign_in, page: Page, live_server, caseworker, casework, assert_accessible
):
    sign_in(caseworker)
    page.goto(f"{live_server.url}/contacts/new/")
    page.evaluate(REGIONS)
    status, alert = page.locator("#app-status"), page.locator("#app-alert")
    expect(status).to_have_attribute("role", "status")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_have_text("")

    page.get_by_label("Find a customer").press_sequentially("Gordon", delay=30)
    expect(status).to_have_text("1 customer found")
    expect(page.locator("#lookup-results")).to_contain_text("Gordon Pike")
    assert page.evaluate(SAME_REGIONS)

    # A caller's number, typed before anyone is chosen, belongs to a restricted customer.
    page.get_by_label("Sender's details as given").press_sequentially("07700 900777", delay=20)
    expect(alert).to_contain_text("This customer's contact is restricted")
    expect(alert).to_contain_text("Gordon Pike")
    expect(status).to_have_text("")
    assert page.evaluate(SAME_REGIONS)
    assert_accessible(page)

    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_role("button", name="Log contact").click()
    follow_each_error_link(page, {"id_who_0", "id_channel_0"})

    for path, name in [("/contacts/new/", "log-a-contact"), ("/", "dashboard")]:
        no_sideways_scroll(page, live_server, path, f"caseworker-{name}")
    expect(page.locator("#mine + .app-table-scroll table")).to_contain_text(
        casework["margaret"].name
    )


def test_managers_find_each_error_and_read_their_queues_on_a_narrow_screen(
    sign_in, page: Page, live_server, line_manager, chief_executive, casework
):
    sign_in(line_manager)
    page.goto(f"{live_server.url}/customers/{casework['margaret'].reference}/decisions/new/")
    page.get_by_role("button", name="Submit for approval").click()
    follow_each_error_link(page, {"id_kind_0"})
    for path, name in [
        ("/", "dashboard"),
        ("/reviews/", "reviews"),
        ("/my-proposals/", "proposals"),
    ]:
        no_sideways_scroll(page, live_server, path, f"manager-{name}")

    switch_user(page, sign_in, chief_executive)
    waiting = casework["waiting"]
    page.goto(f"{live_server.url}/sign-off/{waiting.reference}/")
    page.get_by_role("button", name="Record your decision").click()
    follow_each_error_link(page, {"id_outcome_0"})
    assert Decision.objects.get(pk=waiting.pk).status == waiting.status

    for path, name in [
        ("/approvals/", "approvals"),
        ("/sign-off/", "sign-off-list"),
        (f"/sign-off/{waiting.reference}/", "sign-off"),
        ("/appeals/", "appeals"),
        ("/", "dashboard"),
    ]:
        no_sideways_scroll(page, live_server, path, f"chief-{name}")
    expect(page.locator("#waiting-for-me")).to_contain_text(waiting.reference)


def test_the_statement_is_open_to_all_and_the_admin_profile_page_is_labelled(
    sign_in, page: Page, live_server, administrator, btpa_active
):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Accessibility statement"))
    expect(page.locator("main")).to_contain_text(
        "British Transport Police Authority is committed to making its websites accessible"
    )
    expect(page.locator("main")).to_contain_text("partially compliant")

    sign_in(administrator)
    profile = PolicyProfile.objects.get(is_active=True)
    page.goto(f"{live_server.url}/admin/contactpolicy/policyprofile/{profile.pk}/change/")
    expect(page.get_by_label("Weekday, row 1")).to_be_visible()
    now = page.locator(".datetimeshortcuts a").first.bounding_box()
    assert now["width"] >= 24 and now["height"] >= 24
    no_sideways_scroll(page, live_server, "/notices/templates/", "admin-templates")
