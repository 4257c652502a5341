"""Letters fit to post, in the browser: the letters gallery an administrator reads before
going live, and a posted notice's page with the day the customer was notified, the last
day to appeal, and a standard-print copy of a large-print notice (DESIGN.md §9).

Screenshots go to $SCREENSHOTS when it is set, for a person to look at."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import AccessibilityFormat
from contactpolicy.roles import Role
from notices.models import NoticeCopy, SendMethod
from notices.services import notice_mark_sent
from tests.notices.factories import addressed_customer, approved_sanctions, issue_for, staff

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_an_administrator_reads_every_letter_in_the_gallery(
    sign_in, page, live_server, activate_profile, administrator, assert_accessible, tmp_path
):
    activate_profile("tamworth")
    sign_in(administrator)
    page.goto(f"{live_server.url}/notices/templates/")
    page.get_by_role("link", name="See every letter with sample data").click()
    expect(page.get_by_role("heading", name="Letters gallery")).to_be_visible()
    expect(page.get_by_text("Dear Ms Sample,").first).to_be_visible()
    page.set_viewport_size({"width": 1100, "height": 900})
    _shot(page, tmp_path, "letters-gallery")
    assert_accessible(page)


def test_a_posted_large_print_notice_shows_its_dates_and_gives_a_standard_copy(
    sign_in, page, live_server, activate_profile, assert_accessible, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    profile = activate_profile("tamworth")
    people = staff()
    customer = addressed_customer(
        name="Morgan Ellis", accessibility_formats=[AccessibilityFormat.LARGE_PRINT]
    )
    notice = issue_for(approved_sanctions(profile, people, customer), people)
    notice = notice_mark_sent(notice=notice, actor=people["caseworker"], method=SendMethod.POST)
    assert people["manager"].has_role(Role.LINE_MANAGER)
    sign_in(people["manager"])
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{live_server.url}{notice.get_absolute_url()}")
    expect(page.locator("#notified")).to_contain_text("the second working day after posting")
    expect(page.locator("#appeal-deadline")).to_contain_text(
        f"{notice.appeal_deadline:%A %-d %B %Y}"
    )
    _shot(page, tmp_path, "notice-before-copy")
    page.get_by_role("button", name="Make a standard print copy").click()
    expect(page.locator("#copies")).to_contain_text("Standard print")
    _shot(page, tmp_path, "notice-with-copy")
    assert_accessible(page)
    assert NoticeCopy.objects.filter(notice=notice).count() == 1
