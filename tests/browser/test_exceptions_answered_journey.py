"""BTPA §8.12 in the browser: "the Authority Chief Executive is satisfied that no
exceptions apply". A decision whose proposer said an exceptional circumstance may apply,
and answered a checklist item "No", is approved only once the Chief Executive answers
each, with a reason; the decision's page then shows the answers."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contactpolicy.roles import Role
from restrictions.models import DecisionStatus
from tests.factories import UserFactory
from tests.restrictions.test_approver_satisfied_no_exceptions_apply import _left_open

pytestmark = pytest.mark.django_db(transaction=True)

# Where to keep the pages seen, when someone wants to look at them.
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_btpa_the_chief_executive_answers_each_exception_before_approving(
    sign_in, page, live_server, activate_profile, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    profile = activate_profile("btpa")
    decision, item, _answers = _left_open(profile)
    chief = UserFactory(
        username="cyrus",
        first_name="Cyrus",
        last_name="Hale",
        job_title="Chief Executive",
        roles=[Role.CHIEF_EXECUTIVE],
    )

    sign_in(chief)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    # Reserved to the Chief Executive: the decision's page leads to the sign-off screen.
    page.get_by_role("link", name="Open the sign-off screen").click()
    page.get_by_label("Approve", exact=True).check()
    expect(page.get_by_text("Are you satisfied that no exceptions apply?")).to_be_visible()
    expect(page.get_by_text("The proposer said it may apply: Recently bereaved.")).to_be_visible()
    assert_accessible(page)
    shot(page, "exceptions-1-asked")

    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_role("button", name="Record your decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say whether you are satisfied: Acting out of character")
    expect(summary).to_contain_text("Enter why you are satisfied, or why not: Acting out")
    assert_accessible(page)
    shot(page, "exceptions-2-unanswered")
    # Each message leads to its question.
    summary.get_by_role("link", name="Say whether you are satisfied: Acting out").click()
    expect(page.locator("#id_xa_exc_stress_0")).to_be_focused()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED

    stress = page.locator("#id_xa_exc_stress_0").locator("xpath=ancestor::fieldset[1]")
    stress.get_by_label("Yes, I am satisfied no exception applies").check()
    page.locator("#id_xa_exc_stress_reason").fill(
        "The calls began a year before the bereavement and have not changed since."
    )
    page.locator(f"#id_xa_check_{item.code}_0").check()
    page.locator(f"#id_xa_check_{item.code}_reason").fill(
        "The helpline was offered twice, in letters of March and May."
    )
    page.get_by_label("Your reasons").fill("A warning is proportionate.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED

    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    answered = page.locator("main")
    expect(answered).to_contain_text("Exceptions answered")
    expect(answered).to_contain_text(
        "satisfied no exception applies. The calls began a year before the bereavement"
    )
    expect(answered).to_contain_text(
        f"{item.text.rstrip(' .')}: satisfied. The helpline was offered twice"
    )
    assert_accessible(page)
    shot(page, "exceptions-3-answered")
