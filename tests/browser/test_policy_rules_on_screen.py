"""Each policy's own rules as staff meet them in the browser: who marks behaviour extreme
(BTPA §8.4, §8.6; Natural England "Extreme behaviour"), the report to the police Tamworth §9
always makes and who writes to the customer there, the Head of Customer Services'
injunction decision (Tamworth §8), and the agent's client contacted before disengaging
(Natural England "Agents / contractors").

Each page is checked with axe and photographed into the test's own temporary folder."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CustomerLink
from contactpolicy.models import Service
from contactpolicy.roles import Role
from notices.services import notice_draft_for_decision
from restrictions.models import InjunctionDecision, Referral, ReferralKind
from restrictions.services import restriction_case_for
from tests.browser.test_decisions_journey import fill_date, switch_user
from tests.factories import UserFactory
from tests.notices.factories import addressed_customer, approve_without_issuing
from tests.restrictions.factories import incident, propose_and_submit, sanction_of
from tests.restrictions.restricted import customer_named, sanction

pytestmark = pytest.mark.django_db(transaction=True)

EXTREME = "This behaviour was extreme"


def shoot(page, tmp_path, name):
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def test_btpa_offers_no_extreme_mark_and_natural_england_offers_it_to_a_director(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path
):
    activate_profile("btpa")
    chief = UserFactory(username="cyrus", roles=[Role.CHIEF_EXECUTIVE])
    customer = customer_named("Margaret Ellison", chief)
    sign_in(chief)
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Record an incident")).click()
    expect(page.get_by_role("heading", name="Record an incident")).to_be_visible()
    # BTPA's extreme cases are categories A and B, marked on the categories themselves.
    expect(page.get_by_text("Extreme: a warning need not come first").first).to_be_visible()
    expect(page.get_by_label(EXTREME)).to_have_count(0)
    expect(page.get_by_text("always reported to the police")).to_have_count(0)
    assert_accessible(page)
    shoot(page, tmp_path, "incident-form-btpa")

    activate_profile("natural-england")
    director = UserFactory(username="hana", roles=[Role.HEAD_OF_SERVICE])
    officer = UserFactory(username="priya", roles=[Role.CASEWORKER])
    peter = customer_named("Peter Quince", officer)
    for user, offered in ((officer, 0), (director, 1)):
        switch_user(page, sign_in, user)
        page.goto(f"{live_server.url}/customers/{peter.reference}/incidents/new/")
        expect(page.get_by_role("heading", name="Record an incident")).to_be_visible()
        expect(page.get_by_label(EXTREME)).to_have_count(offered)
    expect(page.get_by_text("Extreme: a warning need not come first")).to_have_count(0)
    assert_accessible(page)
    shoot(page, tmp_path, "incident-form-natural-england-director")


def test_tamworth_an_assault_asks_for_the_report_until_it_is_made(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path
):
    profile = activate_profile("tamworth")
    officer = UserFactory(username="casey", first_name="Casey", roles=[Role.CASEWORKER])
    manager = UserFactory(username="lena", first_name="Lena", roles=[Role.LINE_MANAGER])
    customer = customer_named("Rex Hollins", officer)
    case = restriction_case_for(customer, actor=manager)

    sign_in(officer)
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Record an incident")).click()
    expect(page.get_by_text(profile.police_always_reported)).to_be_visible()
    expect(page.get_by_label(EXTREME)).to_have_count(0)
    page.get_by_label(profile.behaviour_categories.order_by("order").first().name).check()
    fill_date(page, "occurred_date", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Time it happened").fill("10:15")
    page.get_by_label("Visit or meeting").check()
    page.get_by_label("What happened").fill("Pushed the officer against the counter.")
    page.locator("#id_police_report_required").check()
    page.get_by_role("button", name="Record incident").click()
    expect(page.get_by_text("always reported to the police").first).to_be_visible()
    assert_accessible(page)
    shoot(page, tmp_path, "incident-recorded-tamworth")

    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    due = page.locator("#police-reports-due-title").locator("xpath=../..")
    expect(due).to_contain_text("this incident is always reported to the police")
    assert_accessible(page)
    shoot(page, tmp_path, "case-police-report-due")
    due.get_by_role("link", name=re.compile("Record the report")).click()
    expect(page.get_by_label("Report to the police")).to_be_checked()
    page.get_by_label("Who it went to").fill("Staffordshire Police")
    assert_accessible(page)
    shoot(page, tmp_path, "police-report-form-tamworth")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert Referral.objects.filter(kind=ReferralKind.POLICE, incidents__customer=customer).exists()
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("#police-reports-due-title")).to_have_count(0)


def test_tamworth_the_head_of_customer_services_decides_on_an_injunction(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path
):
    profile = activate_profile("tamworth")
    officer = UserFactory(username="casey", roles=[Role.CASEWORKER])
    manager = UserFactory(username="lena", roles=[Role.LINE_MANAGER])
    housing = UserFactory(username="hal", job_title="Head of Housing", roles=[Role.HEAD_OF_SERVICE])
    hcs = UserFactory(
        username="hana",
        first_name="Hana",
        last_name="Okafor",
        job_title="Head of Customer Services",
        roles=[Role.HEAD_OF_SERVICE],
    )
    customer = customer_named("Rex Hollins", officer)
    case = sanction(
        customer,
        sanction_of(profile, "building_exclusion", buildings="Marmion House", permanent=True),
        proposer=manager,
        approvers=[housing],
        recorder=officer,
    )

    sign_in(housing)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Court injunctions")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Record an injunction decision"))
    ).to_have_count(0)

    switch_user(page, sign_in, hcs)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Record an injunction decision")).click()
    expect(page.get_by_role("heading", name="Decide on a court injunction")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether to seek a court injunction"
    )
    assert_accessible(page)
    page.get_by_label("Yes, seek an injunction").check()
    page.get_by_label("Reason for the decision").fill("The exclusion was ignored twice in March.")
    fill_date(page, "decided_on", timezone.localdate())
    page.get_by_label("Court (optional)").fill("Birmingham County Court")
    assert_accessible(page)
    shoot(page, tmp_path, "injunction-form")
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("The exclusion was ignored twice in March.", exact=True)
    ).to_be_visible()
    expect(page.locator("#injunctions ~ .govuk-summary-card")).to_contain_text(
        "Birmingham County Court"
    )
    assert InjunctionDecision.objects.get().decided_by == hcs
    assert_accessible(page)
    shoot(page, tmp_path, "case-injunction-decided")


def test_natural_england_prompts_for_the_agents_client_before_disengaging(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path
):
    activate_profile("natural-england")
    officer = UserFactory(username="priya", roles=[Role.CASEWORKER])
    director = UserFactory(username="hana", roles=[Role.HEAD_OF_SERVICE])
    proposer = UserFactory(username="lena", roles=[Role.LINE_MANAGER], line_manager=director)
    agent = customer_named("Planning Agents Ltd", officer, kind="agent")
    farm = customer_named("Hill Farm Estates", officer, kind="site_owner")
    CustomerLink.objects.create(customer=agent, other=farm, kind="agent_for")
    incident(agent, officer, description="Abusive emails to the adviser.")

    sign_in(proposer)
    propose = f"{live_server.url}/customers/{agent.reference}/decisions/new/?kind=disengage"
    page.goto(propose)
    prompt = page.locator("#agent-client-first")
    expect(prompt).to_contain_text("Before disengaging from them")
    assert_accessible(page)
    shoot(page, tmp_path, "agent-client-prompt")

    prompt.get_by_role("link", name="Record the contact with their client").click()
    expect(page.get_by_label("Who it went to")).to_have_value("Hill Farm Estates")
    page.get_by_label("What was shared or said").fill(
        "Told them their agent's emails are abusive and may delay the licence."
    )
    assert_accessible(page)
    shoot(page, tmp_path, "agent-client-contact-form")
    page.get_by_role("button", name="Record the referral").click()
    # Back on the proposal, the disengagement chosen, with nothing held back.
    expect(page.get_by_role("heading", name="Propose a decision")).to_be_visible()
    expect(page.get_by_text("Contact with an agent's client recorded")).to_be_visible()
    expect(page.get_by_label("Disengage")).to_be_checked()
    expect(page.locator("#agent-client-first")).to_have_count(0)
    assert Referral.objects.filter(kind=ReferralKind.AGENT_CLIENT, customer=agent).exists()
    assert_accessible(page)
    shoot(page, tmp_path, "agent-client-recorded")


def test_tamworth_the_head_of_the_service_concerned_writes_to_the_customer(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    activate_profile("tamworth")
    housing, planning = (Service.objects.create(name=n) for n in ("Housing", "Planning"))
    officer = UserFactory(username="casey", roles=[Role.CASEWORKER], service=housing)
    manager = UserFactory(username="lena", roles=[Role.LINE_MANAGER], service=housing)
    head_of_housing = UserFactory(
        username="hal",
        first_name="Hal",
        last_name="Moss",
        job_title="Head of Housing",
        roles=[Role.HEAD_OF_SERVICE],
        service=housing,
    )
    head_of_planning = UserFactory(
        username="pia", job_title="Head of Planning", roles=[Role.HEAD_OF_SERVICE], service=planning
    )
    customer = addressed_customer(name="Rex Hollins")
    decision = propose_and_submit(
        manager,
        customer,
        "warn",
        incidents=[incident(customer, officer)],
        review_in_days=None,
    )
    decision = approve_without_issuing(decision, [head_of_housing])
    notice = notice_draft_for_decision(decision=decision, actor=manager)

    for user in (manager, head_of_planning):
        switch_user(page, sign_in, user)
        page.goto(f"{live_server.url}{notice.get_absolute_url()}")
        expect(page.locator("#issue")).to_have_count(0)
        expect(page.locator(".govuk-inset-text").last).to_contain_text("writes to the customer")
        # The preview is not signed by the line manager who drafted it.
        expect(page.get_by_text("[The name of whoever issues it]")).to_be_visible()
    assert_accessible(page)
    shoot(page, tmp_path, "notice-refused-to-another-head")

    switch_user(page, sign_in, head_of_housing)
    page.goto(f"{live_server.url}{notice.get_absolute_url()}")
    page.locator("#issue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    notice.refresh_from_db()
    assert (notice.signatory, notice.signatory_role) == (head_of_housing, "Head of Housing")
    assert_accessible(page)
    shoot(page, tmp_path, "notice-issued-by-the-head-of-housing")
