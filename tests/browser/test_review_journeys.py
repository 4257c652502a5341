"""Reviews in the browser.

(b) Natural England: the disengagement's review, held at 12 months by the person who applied
    it, refuses re-engagement and shows the earliest date under the two-clean-years rule.
(c) IPCC: the annual review continues the sanctions to a new date, approved by the head of
    function, and the review-outcome notice is issued; the next review is scheduled.
Every page is checked with axe.
"""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from contactpolicy.roles import Role
from contactpolicy.workcalendar import add_calendar_months
from notices.models import NoticeKind
from restrictions.models import Decision, RestrictionCase, Review, ReviewState, Stage
from tests.browser.test_decisions_journey import answer_everything, fill_date, switch_user
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    category,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def test_natural_england_review_at_12_months_refuses_reengagement(
    sign_in, page: Page, live_server, activate_profile, assert_accessible
):
    profile = activate_profile("natural-england")
    colleague = person(Role.CASEWORKER)
    head, director = person(Role.HEAD_OF_SERVICE), person(Role.CHIEF_EXECUTIVE)
    manager = person(Role.LINE_MANAGER, line_manager=head, first_name="Nadia", last_name="Okafor")
    second_manager = person(Role.LINE_MANAGER)
    customer = CustomerFactory(name="Gideon Marsh")
    evidence = [
        incident(customer, colleague, category=category(profile, code), days_ago=days)
        for code, days in (("frequency", 480), ("repetition", 450), ("duration", 400))
    ]
    approve(
        propose_and_submit(manager, customer, "warn", incidents=evidence[:1], review_in_days=0),
        head,
    )
    sanction = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=evidence[1:2],
        sanctions=[sanction_of(profile, "named_officer", officer=manager)],
    )
    approve(sanction, second_manager)
    approve(sanction, head)
    in_a_year = add_calendar_months(timezone.localdate(), 12)
    disengage = propose_and_submit(
        manager,
        customer,
        "disengage",
        incidents=evidence[2:],
        review_in_days=(in_a_year - timezone.localdate()).days,
    )
    approve(disengage, head)
    approve(disengage, director)
    case = customer.restriction_cases.get()
    review = case.reviews.get(state=ReviewState.SCHEDULED)
    assert (review.due_on, review.reviewer) == (in_a_year, manager)
    # Twelve months on: the disengagement took effect a year ago and its review is due today.
    today = timezone.localdate()
    a_year_ago = timezone.now() - (in_a_year - today)
    Decision.objects.filter(pk=disengage.pk).update(applied_at=a_year_ago)
    RestrictionCase.objects.filter(pk=case.pk).update(disengaged_at=a_year_ago, review_due=today)
    Review.objects.filter(pk=review.pk).update(since=a_year_ago, due_on=today, first_due_on=today)
    # One incident since, eleven months ago.
    incident(customer, colleague, category=category(profile, "frequency"), days_ago=335)
    last = today - timedelta(days=335)
    earliest = add_calendar_months(last, 24)

    # Another manager may look, but the person who applied it holds the review (step 7).
    switch_user(page, sign_in, second_manager)
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    expect(
        page.get_by_text("the person who applied this restriction, Nadia Okafor")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Start the review")).to_have_count(0)

    switch_user(page, sign_in, manager)
    page.goto(f"{live_server.url}/reviews/?show=mine")
    expect(page.get_by_role("link", name=re.compile("Gideon Marsh"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Gideon Marsh")).click()
    expect(
        page.get_by_role("heading", name="Review of disengagement: Gideon Marsh")
    ).to_be_visible()
    page.get_by_role("button", name="Start the review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Review started")
    panel = page.locator("#reengagement")
    expect(panel).to_contain_text(
        f"Re-engagement is not possible yet. The earliest date is {_long_date(earliest)}."
    )
    expect(panel).to_contain_text(f"the last was on {_long_date(last)}")
    expect(page.locator("#review-summary")).to_contain_text("335 (last on")
    expect(page.get_by_role("row", name=re.compile("Frequency"))).to_contain_text("1")
    assert_accessible(page)
    page.screenshot(path="/tmp/review-natural-england.png", full_page=True)

    # Re-engaging (lifting, or varying to sanctions) is refused until the earliest date.
    for outcome in ("Lift", "Vary sanctions"):
        refused = page.locator("li", has_text=f"{outcome}: not possible now")
        expect(refused).to_contain_text(
            "The Natural England policy re-engages only after 24 months with no incident: "
            f"the earliest date is {_long_date(earliest)}."
        )
        expect(page.get_by_role("link", name=outcome)).to_have_count(0)
    expect(page.get_by_role("link", name="Continue after review")).to_be_visible()


def test_ipcc_annual_review_continues_sanctions_with_a_new_date(
    sign_in, page: Page, live_server, activate_profile, assert_accessible
):
    profile = activate_profile("ipcc")
    caseworker = person(Role.CASEWORKER)
    manager = person(Role.LINE_MANAGER, first_name="Owen", last_name="Pryce")
    head = person(Role.HEAD_OF_SERVICE, job_title="Head of Casework")
    customer = CustomerFactory(name="Rosalind Ferris")
    first = incident(customer, caseworker, days_ago=400)
    approve(
        propose_and_submit(manager, customer, "warn", incidents=[first], review_in_days=0), head
    )
    again = incident(customer, caseworker, days_ago=380)
    approve(
        propose_and_submit(
            manager,
            customer,
            "sanction",
            incidents=[again],
            sanctions=[
                sanction_of(
                    profile,
                    "telephone_schedule",
                    weekdays=[1],
                    window_start=time(9),
                    window_end=time(12),
                    max_minutes=20,
                )
            ],
            # Due within the profile's warning period, so it is on the list of reviews due.
            review_in_days=profile.reminder_warning_days,
        ),
        head,
    )
    case = customer.restriction_cases.get()
    review = case.reviews.get()

    sign_in(manager)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#reviews")).to_be_visible()
    page.get_by_role("link", name=re.compile("reviews due in the next")).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Rosalind Ferris")).click()
    page.get_by_role("link", name="Record the customer's representations").click()
    fill_date(page, "received_on", timezone.localdate())
    page.get_by_label("Letter").check()
    page.get_by_label("What the customer said").fill(
        "I have called only on Tuesday mornings and ask to keep that arrangement."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Record the representations").click()
    expect(page.locator("#representations")).to_be_visible()
    expect(page.get_by_text("I have called only on Tuesday mornings")).to_be_visible()
    page.get_by_role("button", name="Start the review").click()
    assert_accessible(page)

    page.get_by_role("link", name="Continue after review").click()
    expect(page.locator("#review-outcome")).to_contain_text("outcome of the review due")
    page.get_by_label("Reasons", exact=True).fill(
        "Calls have kept to the agreed morning; the arrangement still protects the team."
    )
    answer_everything(page, profile)
    new_date = add_calendar_months(timezone.localdate(), 12)
    fill_date(page, "review_due", new_date)
    assert_accessible(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent for approval")

    switch_user(page, sign_in, head)
    page.goto(f"{live_server.url}/approvals/")
    page.get_by_role("link", name=re.compile("Continue after review")).click()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_role("button", name="Record your decision").click()
    page.get_by_role("button", name="Prepare the notice").click()
    expect(
        page.get_by_text("We have reviewed how we manage your contact with us").first
    ).to_be_visible()
    # Rosalind Ferris has no postal address: the notice is handed over, never posted.
    page.get_by_label("Hand it over").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    review.refresh_from_db()
    case.refresh_from_db()
    assert review.state == ReviewState.CONCLUDED
    assert (case.state, case.review_due) == (Stage.SANCTIONED, new_date)
    decision = review.outcome_decisions.get()
    assert decision.notices.get().kind == NoticeKind.REVIEW_OUTCOME
    following = case.reviews.get(state=ReviewState.SCHEDULED)
    assert following.due_on == new_date

    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    expect(page.get_by_text("Concluded")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(decision.reference))).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/review-ipcc.png", full_page=True)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    reviews = page.locator("#reviews").locator("xpath=following-sibling::table[1]")
    expect(reviews).to_contain_text(f"{new_date.day} {new_date:%b %Y}")
    expect(reviews).to_contain_text("Concluded")
