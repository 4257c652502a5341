"""Appeal rules staff meet in the browser.

(a) Natural England: a second appeal at the sanctions stage is over the limit. The record
    page says so before anything is saved, and why; nothing is recorded until staff tick
    that they understand, and the appeal then lands as refused, with the reason.
(b) Tamworth: an administrator reserving sanctions to the Chief Executive blanks who decides
    an appeal when the first choice took part; the appeals section of the profile refuses
    the change with the reason, marked on the setting to change, and nothing is saved.
Every page is checked with axe. Screenshots go to $SCREENSHOTS when it is set, for a person
to look at.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from appeals.models import Appeal, AppealState
from contactpolicy.roles import Role
from tests.appeals.factories import record, restricted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page: Page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_natural_england_a_second_appeal_is_said_to_be_refused_before_it_is_recorded(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path
):
    activate_profile("natural-england")
    their_head = UserFactory(username="hugo", roles=[Role.HEAD_OF_SERVICE])
    decision = restricted(
        "one_method",
        approvers=[their_head, UserFactory(username="cleo", roles=[Role.CHIEF_EXECUTIVE])],
        proposer=UserFactory(username="lena", roles=[Role.LINE_MANAGER], line_manager=their_head),
    )
    first = record(decision)
    case = decision.restriction_case

    sign_in(UserFactory(username="casey", roles=[Role.CASEWORKER]))
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("link", name="Record an appeal").click()
    warning = page.locator("main")
    expect(warning).to_contain_text(
        f"An appeal against {decision.reference} will be recorded as refused"
    )
    expect(warning).to_contain_text(f"they already have ({first.reference} received")
    assert_accessible(page)
    _shot(page, tmp_path, "ne-01-warned-before-recording")

    page.get_by_label(re.compile(decision.reference)).check()
    today = timezone.localdate()
    page.locator("#id_received_on_0").fill(str(today.day))
    page.locator("#id_received_on_1").fill(str(today.month))
    page.locator("#id_received_on_2").fill(str(today.year))
    page.get_by_label("Post").check()
    page.get_by_label("The customer's grounds").fill("I still disagree with the restriction.")
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that this appeal will be recorded as refused"
    )
    assert Appeal.objects.count() == 1
    assert_accessible(page)
    _shot(page, tmp_path, "ne-02-not-confirmed")

    page.get_by_label("I understand it will be recorded as refused").check()
    page.get_by_role("button", name="Record the appeal").click()
    second = Appeal.objects.exclude(pk=first.pk).get()
    assert second.state == AppealState.REFUSED
    expect(page.locator("#summary")).to_contain_text("Refused")
    expect(page.locator("#summary")).to_contain_text(first.reference)
    assert_accessible(page)
    _shot(page, tmp_path, "ne-03-recorded-as-refused")


def test_tamworth_appeal_rules_that_would_deadlock_are_refused_on_the_profile(
    sign_in, page, live_server, activate_profile, administrator, assert_accessible, tmp_path
):
    profile = activate_profile("tamworth")
    profile.decision_rules.filter(decision_kind="sanction").update(reserved_to_chief_executive=True)
    sign_in(administrator)
    page.goto(f"{live_server.url}{reverse('profile_section', args=[profile.slug, 'appeals'])}")
    page.locator("#id_appeal_alternative_decider_role").select_option("")
    page.locator("#id_appeal_alternative_decider_title").fill("")
    page.get_by_label("Why are you making this change?").fill("Only the chief decides")
    page.locator("main").get_by_role("button").last.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Appeals could not be decided: a decision to impose sanctions is reserved to the "
        "Chief Executive"
    )
    expect(summary).to_contain_text("Name who decides an appeal when the first choice took part")
    # The summary leads to the setting to change, which is marked with the same words.
    summary.get_by_role("link").click()
    expect(page.locator("#id_appeal_alternative_decider_role")).to_be_focused()
    expect(page.locator("#id_appeal_alternative_decider_role-error")).to_contain_text(
        "Appeals could not be decided"
    )
    assert_accessible(page)
    _shot(page, tmp_path, "tamworth-01-deadlock-refused")
    profile.refresh_from_db()
    assert profile.appeal_alternative_decider_role == Role.HEAD_OF_SERVICE
