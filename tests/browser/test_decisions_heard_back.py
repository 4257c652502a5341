"""Decisions that could never take effect are refused at once, and proposers hear back, in
the browser (issue 10, items 1 and 3). Every page is checked with axe.

(a) Tamworth: a sanction for a customer never warned, with nothing extreme cited, is refused
    on the proposal form beside "Why a warning was not possible"; with a reason suggested
    it goes for approval.
(b) Natural England: a lift proposed after two clean years, then a new incident: the
    approver is told at the top of the page that it can no longer take effect, with the new
    earliest re-engagement date, and can only send it back or reject it.
(c) Tamworth: a warning is sent back; the proposer sees it on the dashboard and in My
    proposals, changes it and submits it again; the approver sees the changed version.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from contactpolicy.roles import Role
from contactpolicy.workcalendar import add_calendar_months
from restrictions.models import Decision, DecisionStatus
from tests.browser.test_decisions_journey import answer_everything, choose_sanction, fill_date
from tests.cases.factories import CustomerFactory
from tests.factories import UserFactory
from tests.restrictions.factories import category, drive_to, incident, propose_and_submit

pytestmark = pytest.mark.django_db(transaction=True)


def switch_user(page: Page, sign_in, user) -> Page:
    page.context.clear_cookies()
    return sign_in(user)


def test_a_sanction_that_could_never_take_effect_is_refused_on_the_form(
    sign_in, page, live_server, activate_profile, caseworker, assert_accessible
):
    profile = activate_profile("tamworth")
    proposer = UserFactory(username="lena", roles=[Role.LINE_MANAGER])
    customer = CustomerFactory(name="Rita Gorman")
    calls = incident(customer, caseworker, description="Eleven calls in a morning.")

    sign_in(proposer)
    page.goto(f"{live_server.url}/customers/{customer.reference}/decisions/new/?kind=sanction")
    page.locator(f"input[name='incidents'][value='{calls.pk}']").check()
    page.get_by_label("Reasons", exact=True).fill("Eleven calls in a morning, every morning.")
    answer_everything(page, profile)
    one_method = choose_sanction(page, profile, "one_method")
    page.locator(f"#id_s{one_method.pk}_channel").select_option("letter")
    fill_date(page, "review_due", timezone.localdate() + timedelta(days=90))
    page.get_by_role("button", name="Submit for approval").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("No warning has been given")
    expect(page.locator("#id_warning_not_possible_reason-error")).to_contain_text(
        "cite an incident of extreme behaviour, or say why a warning was not possible"
    )
    assert not Decision.objects.exists()
    assert_accessible(page)
    page.screenshot(path="/tmp/decisions-form-refusal.png", full_page=True)

    summary.get_by_role("link", name=re.compile("No warning has been given")).click()
    expect(page.locator("#id_warning_not_possible_reason")).to_be_focused()
    page.locator("#id_warning_not_possible_reason").fill(
        "She has no postal address and refuses to give an email address."
    )
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent for approval")
    assert Decision.objects.get().status == DecisionStatus.SUBMITTED


def test_a_decision_that_can_no_longer_apply_is_only_sent_back_or_rejected(
    sign_in, page, live_server, activate_profile, caseworker, assert_accessible
):
    profile = activate_profile("natural-england")
    head = UserFactory(username="hector", roles=[Role.HEAD_OF_SERVICE])
    proposer = UserFactory(username="lena", roles=[Role.LINE_MANAGER], line_manager=head)
    second = UserFactory(username="lou", roles=[Role.LINE_MANAGER])
    director = UserFactory(username="chloe", roles=[Role.CHIEF_EXECUTIVE])
    customer = CustomerFactory(name="Owen Tranter")
    case = drive_to(
        customer,
        "under_review_of_disengagement",
        proposer=proposer,
        approvers=[head, director],
        recorder=caseworker,
    )
    for old in customer.incidents.all():
        old.occurred_at = timezone.now() - timedelta(days=800)
        old.save(update_fields=["occurred_at"])
    lift = propose_and_submit(proposer, customer, "lift", reasons="Two clean years.")
    incident(customer, caseworker, category=category(profile, "frequency"), days_ago=1)
    earliest = add_calendar_months(timezone.localdate() - timedelta(days=1), 24)

    sign_in(second)
    page.goto(f"{live_server.url}{lift.get_absolute_url()}")
    expect(page.locator("#cannot-apply")).to_contain_text(
        f"can no longer take effect. This policy re-engages only after a continuous period "
        f"with no incident, and the last incident is too recent. The earliest date is "
        f"{earliest:%-d %B %Y}."
    )
    expect(page.locator("#reengage-on")).to_contain_text(f"{earliest:%-d %B %Y}")
    expect(page.get_by_label("Approve", exact=True)).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path="/tmp/decisions-cannot-apply.png", full_page=True)

    page.get_by_role("link", name="Send it back to the proposer or reject it").click()
    page.get_by_label("Reject").check()
    page.get_by_label("Your reasons").fill("A new incident yesterday: two clean years again.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("rejected")
    lift.refresh_from_db()
    assert lift.status == DecisionStatus.REJECTED
    case.refresh_from_db()
    assert case.state == "under_review"


def test_a_proposal_sent_back_is_seen_changed_and_submitted_again(
    sign_in, page, live_server, activate_profile, caseworker, assert_accessible
):
    activate_profile("tamworth")
    proposer = UserFactory(username="lena", first_name="Lena", roles=[Role.LINE_MANAGER])
    approver = UserFactory(username="hector", roles=[Role.HEAD_OF_SERVICE])
    customer = CustomerFactory(name="Peter Quince")
    warning = propose_and_submit(
        proposer,
        customer,
        "warn",
        incidents=[incident(customer, caseworker)],
        review_in_days=None,
        reasons="Rude on the phone.",
    )

    sign_in(approver)
    page.goto(f"{live_server.url}{warning.get_absolute_url()}")
    page.get_by_label("Send back to the proposer to change").check()
    page.get_by_label("Your reasons").fill("Say which calls, on which days, and what was said.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent back")

    switch_user(page, sign_in, proposer)
    proposals = page.locator("#proposals + ul")
    expect(proposals).to_contain_text(warning.reference)
    expect(proposals).to_contain_text("Sent back")
    assert_accessible(page)
    page.screenshot(path="/tmp/decisions-dashboard.png", full_page=True)

    page.get_by_role("link", name="My proposals", exact=True).first.click()
    expect(page.get_by_role("heading", name="My proposals")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text(warning.reference)
    assert_accessible(page)
    page.screenshot(path="/tmp/decisions-my-proposals.png", full_page=True)

    page.get_by_role("link", name=re.compile("Change it")).first.click()
    expect(page.get_by_role("heading", name=f"Change decision {warning.reference}")).to_be_visible()
    expect(page.locator("#sent-back")).to_contain_text("Say which calls, on which days")
    expect(page.get_by_label("Reasons", exact=True)).to_have_value("Rude on the phone.")
    assert_accessible(page)
    page.get_by_label("Reasons", exact=True).fill(
        "Called on 3, 4 and 5 November and swore at the adviser each time."
    )
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent for approval")
    warning.refresh_from_db()
    assert (warning.status, warning.round) == (DecisionStatus.SUBMITTED, 2)

    switch_user(page, sign_in, approver)
    page.goto(f"{live_server.url}{warning.get_absolute_url()}")
    expect(page.get_by_text("Called on 3, 4 and 5 November and swore").first).to_be_visible()
    # The letter the customer would receive gives the changed reasons.
    expect(page.locator("#notice-preview")).to_contain_text("Called on 3, 4 and 5 November")
    expect(page.locator("#summary")).to_contain_text("submission 2")
    expect(page.get_by_label("Approve", exact=True)).to_be_visible()
    assert_accessible(page)
