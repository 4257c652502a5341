"""Incidents, proposals, approvals and the Chief Executive's sign-off, in the browser.

(a) A caseworker records an incident from the customer's page.
(b) Natural England: a line manager proposes sanctions with the checklist answered, and two
    people of different grades approve them: another line manager, then a head of service.
(c) BTPA: a line manager proposes a sanction and the Chief Executive signs it off on the
    sign-off screen, which issues its notice; the restriction case then shows the sanction
    in place.
Every page is checked with axe.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from contactpolicy.roles import Role
from restrictions.models import EXCEPTIONAL_CIRCUMSTANCES, Decision
from tests.cases.factories import CustomerFactory
from tests.factories import UserFactory
from tests.restrictions.factories import incident

pytestmark = pytest.mark.django_db(transaction=True)


def switch_user(page: Page, sign_in, user) -> Page:
    page.context.clear_cookies()
    return sign_in(user)


def fill_date(page: Page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def answer_everything(page: Page, profile) -> None:
    """The checklist, the exceptional circumstances, the impact and the proportionality."""
    for item in profile.checklist_items.all():
        page.locator(f"#id_check_{item.code}_0").check()
        page.locator(f"#id_check_{item.code}_notes").fill("Checked against the case file.")
    for code, _ in EXCEPTIONAL_CIRCUMSTANCES:
        page.locator(f"#id_exc_{code}_1").check()
        page.locator(f"#id_exc_{code}_notes").fill("Nothing in the history suggests it.")
    page.get_by_label("Impact of continuing to engage on the business").fill(
        "Three officers spend hours each week on these calls."
    )
    page.get_by_label("Impact of restricted access on the customer").fill(
        "She can still write; her complaint is still answered."
    )
    page.get_by_label("Why each sanction is proportionate").fill(
        "Only how she contacts us changes; nothing she is owed is withheld."
    )


def choose_sanction(page: Page, profile, kind: str):
    stype = next(s for s in profile.sanction_types.all() if s.kind == kind)
    box = page.locator(f"input[name='sanctions'][value='{stype.pk}']")
    box.check()
    return stype


def test_a_caseworker_records_an_incident_from_the_customer_page(
    sign_in, page, live_server, btpa_active, caseworker, assert_accessible
):
    customer = CustomerFactory(name="Margaret Ellison")
    sign_in(caseworker)
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Record an incident")).click()
    expect(page.get_by_role("heading", name="Record an incident")).to_be_visible()
    expect(page.get_by_text("Extreme: a warning need not come first").first).to_be_visible()
    assert_accessible(page)

    # Nothing filled in: the errors are summarised and focus moves to the summary.
    page.locator("#id_occurred_date_0").fill("")
    page.get_by_role("button", name="Record incident").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select the kind of behaviour")
    assert_accessible(page)

    page.get_by_label("Aggressive, hostile or disruptive behaviour").check()
    page.locator("#id_occurred_date_0").fill("20")
    page.locator("#id_occurred_date_1").fill("11")
    page.locator("#id_occurred_date_2").fill("2026")
    page.get_by_label("Time it happened").fill("14:10")
    page.get_by_label("Telephone").check()
    page.get_by_label("What happened").fill("Said he would wait for the officer outside.")
    page.get_by_label("Staff affected (optional)").fill("Sam Patel")
    page.get_by_label("High").check()
    page.get_by_label("Reported to the police").check()
    page.locator("#id_reported_date_0").fill("21")
    page.locator("#id_reported_date_1").fill("11")
    page.locator("#id_reported_date_2").fill("2026")
    page.get_by_label("Their reference (optional)").fill("CAD 4411")
    page.get_by_role("button", name="Record incident").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    details = page.locator(".govuk-summary-list")
    expect(details).to_contain_text("Aggressive, hostile or disruptive behaviour")
    expect(details).to_contain_text("Friday 20 November 2026, 14:10")
    expect(details).to_contain_text("Police on 21 November 2026, reference CAD 4411")
    expect(page.get_by_text("Extreme behaviour", exact=True)).to_be_visible()
    assert_accessible(page)


def test_natural_england_sanctions_approved_by_two_grades(
    sign_in, page, live_server, activate_profile, caseworker, assert_accessible
):
    from datetime import timedelta

    from django.utils import timezone

    profile = activate_profile("natural-england")
    head = UserFactory(username="hector", roles=[Role.HEAD_OF_SERVICE])
    # Annex B: Lena corresponds with the customer; Hector, her line manager, signs off.
    proposer = UserFactory(username="lena", roles=[Role.LINE_MANAGER], line_manager=head)
    second_manager = UserFactory(username="lou", roles=[Role.LINE_MANAGER])
    customer = CustomerFactory(name="Peter Quince")
    threat = incident(
        customer,
        caseworker,
        extreme=True,
        description="Told the adviser he knew where she lived.",
    )

    sign_in(proposer)
    page.goto(f"{live_server.url}/customers/{customer.reference}/decisions/new/?kind=sanction")
    expect(page.get_by_role("heading", name="Propose a decision")).to_be_visible()
    assert_accessible(page)
    page.locator(f"input[name='incidents'][value='{threat.pk}']").check()
    page.get_by_label("Reasons", exact=True).fill(
        "Threatening behaviour towards an adviser (Annex A). A warning is not appropriate."
    )
    answer_everything(page, profile)
    schedule = choose_sanction(page, profile, "telephone_schedule")
    # The parameters this sanction needs are revealed under it.
    for day in ("Tuesday", "Thursday"):
        page.locator(f"#sanction-{schedule.pk}").get_by_label(day).check()
    page.locator(f"#id_s{schedule.pk}_window_start").fill("10:00")
    page.locator(f"#id_s{schedule.pk}_window_end").fill("11:00")
    page.locator(f"#id_s{schedule.pk}_max_minutes").fill("15")
    fill_date(page, "review_due", timezone.localdate() + timedelta(days=180))
    page.get_by_role("button", name="Submit for approval").click()

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("sent for approval: Two approvers of different grades")
    expect(page.locator("#proposed-sanctions")).to_contain_text(
        "Telephone on Tuesday, Thursday 10:00–11:00, at most 15 minutes a call"
    )
    assert_accessible(page)
    decision = Decision.objects.get()

    # The proposer cannot approve their own proposal.
    expect(page.locator("#cannot-answer")).to_contain_text("You proposed this decision")

    # Another line manager approves from the queue.
    switch_user(page, sign_in, second_manager)
    page.goto(f"{live_server.url}/approvals/")
    expect(page.locator("#queue")).to_contain_text("Peter Quince")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Impose sanctions")).click()
    expect(page.get_by_role("heading", name="Impose sanctions: Peter Quince")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "It needs one more approval"
    )
    expect(page.locator("#approvals")).to_contain_text("Line manager, grade 2")
    assert_accessible(page)
    page.screenshot(path="/tmp/decision.png", full_page=True)

    # A head of service (grade 3) gives the second approval; the sanctions start.
    switch_user(page, sign_in, head)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_label("Your reasons").fill("Proportionate to a threat against an adviser.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "approved: the case is now “Sanctions in place”"
    )
    expect(page.locator("#active-sanctions")).to_contain_text("Telephone on Tuesday, Thursday")
    assert_accessible(page)
    page.screenshot(path="/tmp/case.png", full_page=True)


def test_btpa_chief_executive_signs_off(
    sign_in,
    page,
    live_server,
    btpa_active,
    caseworker,
    line_manager,
    chief_executive,
    assert_accessible,
):
    from datetime import timedelta

    from django.utils import timezone

    from cases.services import ContactDetails, contact_log

    customer = CustomerFactory(name="Margaret Ellison", accessibility_formats=["large_print"])
    contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="telephone",
            received_at=timezone.now() - timedelta(days=2),
            summary="Called the control room six times in an hour, swearing at the operator.",
            duration_minutes=4,
            ended_by_staff=True,
            ended_reason="Abusive language after a warning",
        ),
    )
    abuse = incident(
        customer,
        caseworker,
        extreme=True,
        days_ago=2,
        description="Called the operator a string of obscenities and threatened her.",
    )
    incident(
        customer, caseworker, extreme=False, days_ago=10, description="Eleven emails in a day."
    )

    sign_in(line_manager)
    page.goto(f"{live_server.url}/customers/{customer.reference}/decisions/new/?kind=sanction")
    page.locator(f"input[name='incidents'][value='{abuse.pk}']").check()
    page.get_by_label("Reasons", exact=True).fill(
        "Aggressive and abusive calls to the control room (BTPA §8.3, scenario A)."
    )
    answer_everything(page, btpa_active)
    one_method = choose_sanction(page, btpa_active, "one_method")
    expect(page.locator(f"#id_s{one_method.pk}_channel")).to_have_value("letter")
    fill_date(page, "review_due", timezone.localdate() + timedelta(days=90))
    page.screenshot(path="/tmp/proposal.png", full_page=True)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "sent for approval: Chief Executive sign-off"
    )
    expect(page.get_by_text("reserves this decision to the Chief Executive")).to_be_visible()
    assert_accessible(page)

    switch_user(page, sign_in, chief_executive)
    page.goto(f"{live_server.url}/sign-off/")
    expect(page.locator("#queue")).to_contain_text("Margaret Ellison")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Impose sanctions")).click()
    expect(page.get_by_role("heading", name="Impose sanctions: Margaret Ellison")).to_be_visible()
    timeline = page.locator("#evidence-timeline")
    expect(timeline).to_contain_text("Cited")
    expect(timeline).to_contain_text("Called the control room six times")
    expect(timeline).to_contain_text("Eleven emails in a day.")
    # The notice as it will be issued, signed by the Chief Executive when she approves.
    expect(page.locator("#notice-preview")).to_contain_text("You may contact us only by letter")
    expect(page.locator(".moj-identity-bar")).to_contain_text("Large print")
    assert_accessible(page)
    page.screenshot(path="/tmp/signoff.png", full_page=True)

    # Approving needs the confirmation and a written reason.
    page.get_by_label("Approve", exact=True).check()
    page.get_by_role("button", name="Record your decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Confirm you have read the evidence")
    expect(summary).to_contain_text("Write the reasons for your decision")
    assert_accessible(page)
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_label("Your reasons").fill("Scenario A is met and no exception applies (§8.12).")
    page.get_by_role("button", name="Record your decision").click()

    # Signing issues the notice, and the decision takes effect with it.
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "approved and notice"
    )
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Issued, not yet sent")
    assert_accessible(page)
    page.get_by_role("link", name="Back to decision").click()
    page.get_by_role("link", name=re.compile("RES-")).first.click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Sanctions in place")
    expect(page.locator("#active-sanctions")).to_contain_text("Contact by letter only")
    assert_accessible(page)
