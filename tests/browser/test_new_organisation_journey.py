"""A new council sets up from the Tamworth profile, without the demo data, and takes one
restriction from an incident to an appeal decided by the right person, in the browser.

The administrator copies the shipped Tamworth profile as Lichfield District Council (its
own name and slug) in the admin site, fills in its letterhead and makes it active. A
caseworker adds a customer and records an incident of threats; a line manager proposes a
sanction; a Head of Service approves it and issues its notice, which puts it in force. The
customer's appeal is recorded and acknowledged, investigated by the Head of Customer
Services and decided by a member of CMT who took no part (§4, §10); that determination is
the decision, and its outcome notice lifts the sanction with no other approval. Every notice
template still comes from the copied profile, whose slug is not Tamworth's.
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from appeals.models import Appeal, AppealOutcome, AppealState
from cases.models import Customer, Incident
from contactpolicy.models import PolicyProfile
from contactpolicy.roles import Role
from notices.models import Notice, NoticeState
from restrictions.models import Decision, Stage
from tests.browser.conftest import authenticator_app, authenticator_code
from tests.browser.test_decisions_journey import answer_everything, choose_sanction, fill_date
from tests.contactpolicy.conftest import PROFILE_FILES
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def switch_user(page: Page, sign_in, user) -> Page:
    page.context.clear_cookies()
    return sign_in(user)


def test_a_new_council_from_the_tamworth_profile_takes_a_restriction_to_an_appeal_decided(
    sign_in, page, browser, live_server, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # A fresh installation: the shipped profiles loaded, no demo data, no customers.
    call_command("loaddata", str(PROFILE_FILES["tamworth"]), verbosity=0)
    assert not Customer.objects.exists()
    administrator = UserFactory(username="ada", roles=[Role.ADMINISTRATOR])

    # The administrator copies Tamworth for the new council, in the admin site. Django's
    # own admin list page fails axe (its breadcrumbs' links are told apart by colour), so
    # the admin site is driven in a context of its own; every page of the product is checked.
    app = authenticator_app(administrator)
    admin = browser.new_context(base_url=live_server.url).new_page()
    admin.goto("/sign-in/")
    admin.get_by_label("Username").fill(administrator.username)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    if app is not None:
        admin.get_by_label("Code", exact=True).fill(authenticator_code(administrator))
        admin.get_by_role("button", name="Continue").click()
    admin.goto("/admin/contactpolicy/policyprofile/")
    admin.get_by_role("row", name=re.compile("Tamworth Borough Council")).get_by_role(
        "checkbox"
    ).check()
    admin.locator("select[name='action']").select_option("copy_for_new_organisation")
    admin.get_by_role("button", name="Go").click()
    expect(
        admin.get_by_text("Copy Tamworth Borough Council for a new organisation")
    ).to_be_visible()
    admin.get_by_label("Organisation's full name").fill("Lichfield District Council")
    admin.get_by_label("Short name").fill("Lichfield")
    admin.get_by_label("Short identifier").fill("lichfield")
    admin.screenshot(path="/tmp/new-org-copy.png", full_page=True)
    admin.get_by_role("button", name="Copy Tamworth").click()
    expect(admin.locator(".messagelist")).to_contain_text("Lichfield District Council set up")
    profile = PolicyProfile.objects.get(slug="lichfield")
    assert profile.decision_rules.count() > 0

    # It becomes the active profile.
    admin.goto("/admin/contactpolicy/policyprofile/")
    admin.get_by_role("row", name=re.compile("Lichfield District Council")).get_by_role(
        "checkbox"
    ).check()
    admin.locator("select[name='action']").select_option("make_active")
    admin.get_by_role("button", name="Go").click()
    admin.get_by_role("button", name=re.compile("Yes, make Lichfield active")).click()
    profile.refresh_from_db()
    assert profile.is_active
    admin.context.close()
    sign_in(administrator)

    # Its own letterhead, which every letter needs.
    page.goto(f"{live_server.url}/letterhead/")
    page.get_by_label("Postal address").fill(
        "District Council House\nFrog Lane\nLichfield\nWS13 6YU"
    )
    page.get_by_label("Phone number").fill("01543 308000")
    page.get_by_label("Email address").fill("enquiries@lichfielddc.example.org")
    page.get_by_label("Web address").fill("https://www.lichfielddc.example.org")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    # Its notices are all issuable, though its slug is its own.
    page.goto(f"{live_server.url}/notices/templates/")
    expect(page.locator("main")).not_to_contain_text("cannot be issued")

    # The council's staff.
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
        username="harry",
        first_name="Harry",
        last_name="Dale",
        roles=[Role.HEAD_OF_SERVICE],
        job_title="Head of Housing",
    )
    cmt_member = UserFactory(
        username="colin", first_name="Colin", last_name="Ware", roles=[Role.CHIEF_EXECUTIVE]
    )

    # A caseworker adds the customer and records an incident.
    switch_user(page, sign_in, caseworker)
    page.goto(f"{live_server.url}/customers/new/")
    page.get_by_label("Full name or organisation name").fill("Gordon Pike")
    page.get_by_role("button", name="Add customer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added")
    customer = Customer.objects.get()
    page.get_by_role("link", name=re.compile("Record an incident")).click()
    page.get_by_label("Threats, harassment and physical or verbal assault").check()
    today = timezone.localdate()
    fill_date(page, "occurred_date", today - timedelta(days=1))  # in the past at any hour
    page.get_by_label("Time it happened").fill("09:10")
    page.get_by_label("Visit").check()
    page.get_by_label("What happened").fill("Threatened the receptionist at the front desk.")
    page.get_by_label("High").check()
    page.get_by_role("button", name="Record incident").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    threat = Incident.objects.get()
    assert_accessible(page)

    # A line manager proposes a sanction.
    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}/customers/{customer.reference}/decisions/new/?kind=sanction")
    page.locator(f"input[name='incidents'][value='{threat.pk}']").check()
    page.get_by_label("Reasons", exact=True).fill("Threats to staff at the front desk (§8).")
    answer_everything(page, profile)
    one_method = choose_sanction(page, profile, "one_method")
    page.locator(f"#id_s{one_method.pk}_channel").select_option("letter")
    fill_date(page, "review_due", today + timedelta(days=90))
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent for approval")
    decision = Decision.objects.get()

    # A Head of Service approves it and, having decided it, writes to the customer (§9):
    # its notice is issued and it takes effect.
    switch_user(page, sign_in, head_of_housing)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_label("Your reasons").fill("Proportionate to threats against staff.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved")
    page.get_by_role("button", name="Prepare the notice").click()
    expect(page.locator("main")).to_contain_text("Lichfield District Council")
    page.get_by_label("Hand it over").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator("#summary")).to_contain_text("Issued")
    assert Notice.objects.get(customer=customer).state == NoticeState.ISSUED
    case = decision.restriction_case
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    page.screenshot(path="/tmp/new-org-notice.png", full_page=True)

    # The customer appeals: a caseworker records it.
    switch_user(page, sign_in, caseworker)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("link", name="Record an appeal").click()
    page.get_by_label(re.compile(decision.reference)).check()
    fill_date(page, "received_on", today)
    page.get_by_label("Post").check()
    page.get_by_label("The customer's grounds").fill("I raised my voice; I threatened nobody.")
    page.get_by_role("button", name="Record the appeal").click()
    appeal = Appeal.objects.get()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{appeal.reference} recorded"
    )

    # A line manager acknowledges it; the Head of Customer Services investigates.
    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    page.get_by_role("button", name="Acknowledge the appeal").click()
    expect(page.locator("#summary")).to_contain_text("Acknowledged")
    switch_user(page, sign_in, hcs)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    page.get_by_label("Investigator").select_option(label="Hana Okafor, Head of Customer Services")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#summary")).to_contain_text("Under investigation")
    page.get_by_label("Findings").fill(
        "The receptionist's note records a threat; CCTV has no sound."
    )
    page.get_by_role("button", name="Save the findings").click()
    expect(page.locator("#summary")).to_contain_text("The receptionist's note")
    assert_accessible(page)
    page.screenshot(path="/tmp/new-org-appeal.png", full_page=True)

    # The Head of Service who approved the sanction may not decide the appeal; a member of
    # CMT who took no part upholds it, and the determination is the decision.
    switch_user(page, sign_in, head_of_housing)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.get_by_role("button", name="Record the outcome")).to_have_count(0)
    switch_user(page, sign_in, cmt_member)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Reasons").fill("The note does not say who made the threat.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "issue the outcome notice"
    )
    assert_accessible(page)
    appeal.refresh_from_db()
    # Decided, by the member of CMT, after the Head of Customer Services investigated.
    assert appeal.state == AppealState.DECIDED
    assert appeal.outcome == AppealOutcome.UPHELD
    assert (appeal.investigator, appeal.decided_by) == (hcs, cmt_member)
    expect(page.locator("#summary")).to_contain_text("Decided")
    expect(page.locator("#summary")).to_contain_text("Upheld: lift the restriction, decided by")
    expect(page.locator("#summary")).to_contain_text(str(cmt_member))
    lift = appeal.resulting_decision
    assert lift.is_approved
    assert [a.approver for a in lift.approvals.all()] == [cmt_member]

    # A line manager issues the outcome notice, on the new council's letterhead: the
    # sanction is lifted with it.
    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Outcome")).click()
    expect(page.locator("main")).to_contain_text("Lichfield District Council")
    page.get_by_label("Hand it over").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator("#summary")).to_contain_text("Issued")
    case.refresh_from_db()
    assert case.state == Stage.LIFTED
    page.screenshot(path="/tmp/new-org-outcome.png", full_page=True)
    # The appeal's page ends the story: decided by the member of CMT, the restriction lifted.
    page.goto(f"{live_server.url}{appeal.get_absolute_url()}")
    expect(page.locator("#summary")).to_contain_text("Decided")
    expect(page.locator("#summary")).to_contain_text(str(cmt_member))
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DECIDED and appeal.decided_by == cmt_member
    page.screenshot(path="/tmp/new-org-appeal-decided.png", full_page=True)
    assert PolicyProfile.objects.get(is_active=True).slug == "lichfield"
