"""Natural England in the browser: step 4, "It is the responsibility of the team involved
in applying sanctions and their line manager to review any sanctions applied"; and "Site
owners", "the colleague in contact with the customer may consider speaking to the Legal
Team for advice"."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contactpolicy.roles import Role
from restrictions.models import Referral, ReferralKind, ReviewState
from tests.browser.test_decisions_journey import switch_user
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.factories import UserFactory
from tests.restrictions.factories import (
    approve,
    category,
    incident,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Where to keep the pages seen, when someone wants to look at them.
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_natural_england_the_applying_team_reviews_and_a_colleague_seeks_legal_advice(
    sign_in, page, live_server, activate_profile, assert_accessible
):
    profile = activate_profile("natural-england")
    director = UserFactory(
        username="hana", first_name="Hana", last_name="Okafor", roles=[Role.HEAD_OF_SERVICE]
    )
    applier = UserFactory(
        username="ada",
        first_name="Ada",
        last_name="Lowe",
        roles=[Role.LINE_MANAGER],
        line_manager=director,
    )
    colleague = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        roles=[Role.CASEWORKER],
        line_manager=director,
    )
    elsewhere = UserFactory(
        username="omar",
        first_name="Omar",
        last_name="Bell",
        roles=[Role.LINE_MANAGER],
        line_manager=UserFactory(roles=[Role.HEAD_OF_SERVICE]),
    )
    customer = CustomerFactory(name="Peter Quince")
    ContactFactory(customer=customer, officer=colleague)
    evidence = incident(
        customer,
        colleague,
        category=category(profile, "abusive"),
        extreme=True,
        description="Swore at the adviser about the site agreement.",
    )
    decision = propose_and_submit(
        applier,
        customer,
        "sanction",
        incidents=[evidence],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
        correspondent=colleague,
    )
    approve(decision, UserFactory(roles=[Role.CHIEF_EXECUTIVE]))
    approve(decision, director)
    case = customer.restriction_cases.get()

    # "Site owners": the colleague in contact records seeking the Legal Team's advice.
    sign_in(colleague)
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    page.get_by_role("link", name="Record a referral").click()
    kinds = page.locator("fieldset").filter(has_text="What kind of referral is it?")
    expect(kinds).to_contain_text("Advice sought from the legal team")
    expect(kinds).not_to_contain_text("Report to the police")
    assert_accessible(page)
    shot(page, "ne-1-colleague-referral-form")
    page.get_by_label("Advice sought from the legal team").check()
    page.get_by_label("Who it went to").fill("Legal Team")
    page.get_by_label("Notes (optional)").fill(
        "Whether we may stop replying about the site agreement while payments continue."
    )
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)
    shot(page, "ne-2-colleague-advice-recorded")
    referral = Referral.objects.get()
    assert (referral.kind, referral.made_by) == (ReferralKind.LEGAL_ADVICE, colleague)

    # Step 4: a manager of another team is told who reviews the sanctions.
    switch_user(page, sign_in, elsewhere)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.get_by_role("button", name="Start a review")).to_have_count(0)
    expect(page.locator("#review-refusal")).to_contain_text(
        "the team that applied these sanctions and their line manager review them: Ada Lowe"
    )
    assert_accessible(page)
    shot(page, "ne-3-another-team-told-who-reviews")

    # The applying team's line manager starts it.
    switch_user(page, sign_in, director)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("button", name="Start a review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Review started")
    assert_accessible(page)
    shot(page, "ne-4-team-manager-reviews")
    assert case.reviews.filter(state=ReviewState.IN_PROGRESS).exists()
