"""Natural England Annex B in the browser: the line manager of the staff member
corresponding with the customer signs sanctions off.

The proposal names the correspondent (the officer of the customer's latest contact, chosen
for the proposer); the proposer's own line manager, one level too high, is told who signs
off; the correspondent's line manager signs off and the sanctions start.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contactpolicy.roles import Role
from restrictions.models import Decision
from tests.browser.test_decisions_journey import (
    answer_everything,
    choose_sanction,
    fill_date,
    switch_user,
)
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.factories import UserFactory
from tests.restrictions.factories import incident

pytestmark = pytest.mark.django_db(transaction=True)

# Where to keep the pages seen, when someone wants to look at them.
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_natural_england_the_correspondents_line_manager_signs_off(
    sign_in, page, live_server, activate_profile, assert_accessible
):
    profile = activate_profile("natural-england")
    director = UserFactory(
        username="hana", first_name="Hana", last_name="Okafor", roles=[Role.HEAD_OF_SERVICE]
    )
    proposer = UserFactory(username="lena", roles=[Role.LINE_MANAGER], line_manager=director)
    team_manager = UserFactory(
        username="tom", first_name="Tom", last_name="Reed", roles=[Role.LINE_MANAGER]
    )
    officer = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        roles=[Role.CASEWORKER],
        line_manager=team_manager,
    )
    chief = UserFactory(username="cyrus", roles=[Role.CHIEF_EXECUTIVE])
    customer = CustomerFactory(name="Peter Quince")
    ContactFactory(customer=customer, officer=officer)
    threat = incident(
        customer, officer, extreme=True, description="Told the adviser he knew where she lived."
    )

    sign_in(proposer)
    page.goto(f"{live_server.url}/customers/{customer.reference}/decisions/new/?kind=sanction")
    correspondent = page.get_by_label("Who corresponds with the customer?")
    expect(correspondent).to_have_value(str(officer.pk))
    assert_accessible(page)
    page.locator(f"input[name='incidents'][value='{threat.pk}']").check()
    page.get_by_label("Reasons", exact=True).fill(
        "Threatening behaviour towards an adviser (Annex A). A warning is not appropriate."
    )
    answer_everything(page, profile)
    choose_sanction(page, profile, "one_method")
    stype = next(s for s in profile.sanction_types.all() if s.kind == "one_method")
    page.locator(f"#id_s{stype.pk}_channel").select_option("email")
    fill_date(page, "review_due", timezone.localdate() + timedelta(days=180))
    shot(page, "correspondent-1-proposal")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent for approval")
    expect(page.locator("#correspondent")).to_contain_text(
        "Their line manager, Tom Reed, signs sanctions off"
    )
    assert_accessible(page)
    shot(page, "correspondent-2-submitted")
    decision = Decision.objects.get()
    assert decision.correspondent == officer

    switch_user(page, sign_in, chief)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "It needs one more approval"
    )

    # The proposer's line manager is one level too high: told who signs off.
    switch_user(page, sign_in, director)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    expect(page.locator("#cannot-answer")).to_contain_text(
        "the line manager of Priya Shah, Tom Reed, signs this off"
    )
    assert_accessible(page)
    shot(page, "correspondent-3-one-level-too-high")

    switch_user(page, sign_in, team_manager)
    page.goto(f"{live_server.url}/approvals/")
    shot(page, "correspondent-4-approvals-waiting")
    page.get_by_role("link", name=re.compile("Impose sanctions")).click()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_label("Your reasons").fill("Proportionate to a threat against an adviser.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "approved: the case is now “Sanctions in place”"
    )
    assert_accessible(page)
    shot(page, "correspondent-5-signed-off")


def test_natural_england_an_appeals_variation_is_signed_off_by_the_correspondents_manager(
    sign_in, page, live_server, activate_profile, assert_accessible
):
    """An appeal partly upheld proposes keeping fewer sanctions. The appeal decider's own
    line manager is told who signs it off: the line manager of the officer corresponding
    with the customer, who signs it off."""
    from contactpolicy.roles import Role as R
    from tests.restrictions.factories import (
        approve,
        category,
        propose_and_submit,
        sanction_of,
    )
    from tests.restrictions.test_natural_england_correspondent import _decided_appeal_varying

    profile = activate_profile("natural-england")
    director = UserFactory(
        username="hana", first_name="Hana", last_name="Okafor", roles=[R.HEAD_OF_SERVICE]
    )
    team_manager = UserFactory(
        username="tom", first_name="Tom", last_name="Reed", roles=[R.LINE_MANAGER]
    )
    officer = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        roles=[R.CASEWORKER],
        line_manager=team_manager,
    )
    deciders_manager = UserFactory(
        username="cyrus", first_name="Cyrus", last_name="Hale", roles=[R.CHIEF_EXECUTIVE]
    )
    decider = UserFactory(
        username="dev",
        first_name="Dev",
        last_name="Malik",
        roles=[R.HEAD_OF_SERVICE],
        line_manager=deciders_manager,
    )
    customer = CustomerFactory(name="Peter Quince")
    ContactFactory(customer=customer, officer=officer)
    threat = incident(
        customer,
        officer,
        category=category(profile, "abusive"),
        extreme=True,
        description="Told the adviser he knew where she lived.",
    )
    decision = propose_and_submit(
        director,
        customer,
        "sanction",
        incidents=[threat],
        sanctions=[
            sanction_of(profile, "one_method", channel="email"),
            sanction_of(profile, "named_officer", officer=officer),
        ],
    )
    approve(decision, UserFactory(roles=[R.CHIEF_EXECUTIVE]))
    approve(decision, team_manager)
    vary = _decided_appeal_varying(decision, "one_method", decider)
    approve(vary, UserFactory(roles=[R.HEAD_OF_SERVICE]), issue=False)

    sign_in(deciders_manager)
    page.goto(f"{live_server.url}{vary.get_absolute_url()}")
    expect(page.locator("#correspondent")).to_contain_text("Priya Shah")
    expect(page.locator("#cannot-answer")).to_contain_text(
        "the line manager of Priya Shah, Tom Reed, signs this off"
    )
    assert_accessible(page)
    shot(page, "correspondent-6-appeal-variation-deciders-manager")

    switch_user(page, sign_in, team_manager)
    page.goto(f"{live_server.url}{vary.get_absolute_url()}")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_label("Your reasons").fill("Email alone is enough, as the appeal found.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved")
    assert_accessible(page)
    shot(page, "correspondent-7-appeal-variation-signed-off")
    vary.refresh_from_db()
    assert vary.status == "approved"
