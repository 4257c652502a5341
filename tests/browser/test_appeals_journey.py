"""Appeals in the browser.

(a) Tamworth: a customer excluded from Marmion House appeals. A caseworker records it from
    the restriction case; a line manager acknowledges it and issues the acknowledgement;
    the Head of Customer Services investigates and records the findings; a member of CMT
    who took no part in the exclusion upholds it, and that determination is the decision
    (Tamworth §4, §10): the outcome notice is drafted at once, a line manager issues it and
    the exclusion is lifted with it, with no further approval by anyone.
Every page is checked with axe.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from appeals.models import Appeal
from contactpolicy.roles import Role
from restrictions.models import Stage
from tests.appeals.factories import restricted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def switch_user(page: Page, sign_in, user) -> Page:
    page.context.clear_cookies()
    return sign_in(user)


def test_tamworth_an_upheld_appeal_lifts_the_exclusion_with_a_notice(
    sign_in, page, live_server, activate_profile, assert_accessible
):
    activate_profile("tamworth")
    caseworker = UserFactory(username="casey", roles=[Role.CASEWORKER])
    manager = UserFactory(username="lena", roles=[Role.LINE_MANAGER])
    hcs = UserFactory(
        username="hana",
        first_name="Hana",
        last_name="Okafor",
        roles=[Role.HEAD_OF_SERVICE],
        job_title="Head of Customer Services",
    )
    head_of_housing = UserFactory(
        username="harry", roles=[Role.HEAD_OF_SERVICE], job_title="Head of Housing"
    )
    exclusion_chief = UserFactory(username="carla", roles=[Role.CHIEF_EXECUTIVE])
    cmt_member = UserFactory(username="colin", roles=[Role.CHIEF_EXECUTIVE])
    decision = restricted(approvers=[exclusion_chief], proposer=manager)
    case = decision.restriction_case
    assert case.state == Stage.SANCTIONED

    # A caseworker records the appeal the customer wrote.
    sign_in(caseworker)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("#appeals")).to_be_visible()
    page.get_by_role("link", name="Record an appeal").click()
    expect(page.get_by_role("heading", name="Record an appeal")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the decision")
    page.screenshot(path="/tmp/appeal-record.png", full_page=True)
    page.get_by_label(re.compile(decision.reference)).check()
    today = timezone.localdate()
    page.locator("#id_received_on_0").fill(str(today.day))
    page.locator("#id_received_on_1").fill(str(today.month))
    page.locator("#id_received_on_2").fill(str(today.year))
    page.get_by_label("Post").check()
    page.get_by_label("The customer's grounds").fill(
        "I was waiting for a friend in the foyer; I did not shout at anyone."
    )
    page.get_by_role("button", name="Record the appeal").click()
    appeal = Appeal.objects.get()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{appeal.reference} recorded"
    )
    due = today + timezone.timedelta(weeks=6)
    expect(page.locator("#summary")).to_contain_text(f"{due.day} {due:%B %Y}")
    assert_accessible(page)

    # A line manager acknowledges it and issues the acknowledgement.
    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    page.get_by_role("button", name="Acknowledge the appeal").click()
    expect(page.locator("#summary")).to_contain_text("Acknowledged")
    page.get_by_role("link", name=re.compile("Acknowledgement")).click()
    expect(page.get_by_role("heading", name=re.compile("Appeal acknowledgement"))).to_be_visible()
    # The customer has no postal address: the notice is handed over, never posted.
    page.get_by_label("Hand it over").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator("#summary")).to_contain_text("Issued")

    # Another head of service does not investigate: only the Head of Customer Services.
    switch_user(page, sign_in, head_of_housing)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.get_by_role("button", name="Assign")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(
        "Under the Tamworth policy the Head of Customer Services assigns and investigates"
    )

    # The Head of Customer Services investigates.
    switch_user(page, sign_in, hcs)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.get_by_label("Investigator")).not_to_contain_text("Head of Housing")
    page.get_by_label("Investigator").select_option(label="Hana Okafor, Head of Customer Services")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#summary")).to_contain_text("Under investigation")
    page.get_by_label("Findings").fill("CCTV shows the customer seated and quiet in the foyer.")
    page.get_by_role("button", name="Save the findings").click()
    expect(page.locator("#summary")).to_contain_text("CCTV shows the customer seated")
    assert_accessible(page)

    # The Chief Executive who approved the exclusion may not decide the appeal.
    switch_user(page, sign_in, exclusion_chief)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.locator(".govuk-inset-text").last).to_contain_text("You took part in")

    # Another member of CMT upholds it: the determination is the decision, and its outcome
    # notice is drafted at once.
    switch_user(page, sign_in, cmt_member)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    page.screenshot(path="/tmp/appeal-decide.png", full_page=True)
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Reasons").fill("The exclusion rested on a misidentification.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "issue the outcome notice"
    )
    assert_accessible(page)
    page.screenshot(path="/tmp/appeal-decided.png", full_page=True)
    page.goto(f"{live_server.url}/appeals/?show=all")
    expect(page.locator("table")).to_contain_text(appeal.reference)
    assert_accessible(page)
    page.screenshot(path="/tmp/appeal-list.png", full_page=True)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#appeals")).to_be_visible()
    page.screenshot(path="/tmp/appeal-dashboard.png", full_page=True)
    appeal.refresh_from_db()
    lift = appeal.resulting_decision
    assert lift.is_approved
    assert [a.approver for a in lift.approvals.all()] == [cmt_member]

    # A line manager issues the outcome notice: the exclusion is lifted with it.
    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.get_by_role("button", name="Draft the outcome notice")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Outcome")).click()
    expect(page.locator(".app-letter, main")).to_contain_text("We have upheld your appeal")
    page.screenshot(path="/tmp/appeal-outcome-notice.png", full_page=True)
    page.get_by_label("Hand it over").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator("#summary")).to_contain_text("Issued")
    case.refresh_from_db()
    assert case.state == Stage.LIFTED
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("#appeals")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Decided"))).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/appeal-case.png", full_page=True)
