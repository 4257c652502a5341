"""Appeals in the browser.

(a) Tamworth: a customer excluded from Marmion House appeals. A caseworker records it from
    the restriction case; a line manager acknowledges it and issues the acknowledgement;
    the Head of Customer Services investigates and records the findings; a member of CMT
    who took no part in the exclusion upholds it, and that determination is the decision
    (Tamworth §4, §10): the outcome notice is drafted at once, a line manager issues it and
    the exclusion is lifted with it, with no further approval by anyone. The issued letter
    says so, signed by the member of CMT who decided.
Every page is checked with axe. Screenshots of each step, and the issued outcome notice's
PDF, go to $SCREENSHOTS when it is set, for a person to look at.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from appeals.models import Appeal
from contactpolicy.roles import Role
from restrictions.models import Stage
from tests.appeals.factories import restricted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _folder(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page: Page, tmp_path, name: str) -> None:
    page.screenshot(path=str(_folder(tmp_path) / f"{name}.png"), full_page=True)


def switch_user(page: Page, sign_in, user) -> Page:
    page.context.clear_cookies()
    return sign_in(user)


def test_tamworth_an_upheld_appeal_lifts_the_exclusion_with_a_notice(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path
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
    cmt_member = UserFactory(
        username="colin",
        first_name="Colin",
        last_name="Adeyemi",
        roles=[Role.CHIEF_EXECUTIVE],
        job_title="Corporate Director",
    )
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
    _shot(page, tmp_path, "01-record-errors")
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
    _shot(page, tmp_path, "02-recorded")

    # A line manager acknowledges it and issues the acknowledgement.
    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    page.get_by_role("button", name="Acknowledge the appeal").click()
    expect(page.locator("#summary")).to_contain_text("Acknowledged")
    page.get_by_role("link", name=re.compile("Acknowledgement")).click()
    expect(page.get_by_role("heading", name=re.compile("Appeal acknowledgement"))).to_be_visible()
    _shot(page, tmp_path, "03-acknowledgement")
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
    _shot(page, tmp_path, "04-another-head-of-service")

    # The Head of Customer Services investigates.
    switch_user(page, sign_in, hcs)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.get_by_label("Investigator")).not_to_contain_text("Head of Housing")
    _shot(page, tmp_path, "05-assign")
    page.get_by_label("Investigator").select_option(label="Hana Okafor, Head of Customer Services")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#summary")).to_contain_text("Under investigation")
    page.get_by_label("Findings").fill("CCTV shows the customer seated and quiet in the foyer.")
    page.get_by_role("button", name="Save the findings").click()
    expect(page.locator("#summary")).to_contain_text("CCTV shows the customer seated")
    assert_accessible(page)
    _shot(page, tmp_path, "06-findings")

    # The Chief Executive who approved the exclusion may not decide the appeal.
    switch_user(page, sign_in, exclusion_chief)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.locator(".govuk-inset-text").last).to_contain_text("You took part in")
    expect(page.get_by_role("button", name="Record the outcome")).to_have_count(0)
    _shot(page, tmp_path, "07-chief-who-took-part")

    # Another member of CMT upholds it: the determination is the decision, and its outcome
    # notice is drafted at once.
    switch_user(page, sign_in, cmt_member)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    _shot(page, tmp_path, "08-decide")
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Reasons").fill("The exclusion rested on a misidentification.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "issue the outcome notice"
    )
    assert_accessible(page)
    _shot(page, tmp_path, "09-decided")
    page.goto(f"{live_server.url}/appeals/?show=all")
    expect(page.locator("table")).to_contain_text(appeal.reference)
    assert_accessible(page)
    _shot(page, tmp_path, "10-list")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#appeals")).to_be_visible()
    _shot(page, tmp_path, "11-dashboard")
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
    # The manager issues it, but the member of CMT who decided signs it.
    expect(page.locator("#who-signs")).to_contain_text("it is signed by Colin Adeyemi")
    _shot(page, tmp_path, "12-outcome-notice")
    page.get_by_label("Hand it over").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator("#summary")).to_contain_text("Issued")
    _shot(page, tmp_path, "13-outcome-issued")
    case.refresh_from_db()
    assert case.state == Stage.LIFTED

    # The letter the customer is handed: the appeal upheld, signed by the member of CMT
    # who decided it, not by the Chief Executive whose exclusion it lifts.
    appeal.refresh_from_db()
    pdf = page.request.get(f"{live_server.url}/notices/{appeal.outcome_notice.reference}/pdf/")
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    (_folder(tmp_path) / "outcome-notice.pdf").write_bytes(pdf.body())
    letter = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf.body())).pages)
    letter = " ".join(letter.split())
    assert "We have upheld your appeal" in letter
    assert "Colin Adeyemi" in letter
    assert exclusion_chief.get_full_name() not in letter
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("#appeals")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Decided"))).to_be_visible()
    assert_accessible(page)
    _shot(page, tmp_path, "14-case-lifted")
