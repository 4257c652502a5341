"""A notice from proposal to post, in the browser (DESIGN.md §4, §9).

A BTPA line manager proposes sanctions; the Chief Executive reads the notice on the
sign-off screen and signs it, which issues the notice and makes the decision take effect.
The notice is downloaded and its bytes equal a reprint's; it waits in the print queue in
today's post, and is marked as posted.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CustomerIdentifier, IdentifierKind
from notices.models import Notice, NoticeState, SendMethod
from restrictions.models import Stage
from tests.browser.test_decisions_journey import (
    answer_everything,
    choose_sanction,
    fill_date,
    switch_user,
)
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_notice_is_signed_issued_downloaded_and_posted(
    sign_in,
    page,
    live_server,
    btpa_active,
    caseworker,
    line_manager,
    chief_executive,
    assert_accessible,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    chief_executive.first_name, chief_executive.last_name = "Charlotte", "Adeyemi"
    chief_executive.job_title = "Chief Executive"
    chief_executive.save()
    customer = CustomerFactory(name="Margaret Ellison")
    CustomerIdentifier.objects.create(
        customer=customer,
        kind=IdentifierKind.ADDRESS,
        value="3 Canal Side\nLlandaff\nCardiff",
        postcode="CF5 2AA",
    )
    abuse = incident(
        customer,
        caseworker,
        extreme=True,
        days_ago=2,
        description="Called the operator a string of obscenities and threatened her.",
    )

    # A line manager proposes sanctions.
    sign_in(line_manager)
    page.goto(f"{live_server.url}/customers/{customer.reference}/decisions/new/?kind=sanction")
    page.locator(f"input[name='incidents'][value='{abuse.pk}']").check()
    page.get_by_label("Reasons", exact=True).fill(
        "Aggressive and abusive calls to the control room (BTPA §8.3, scenario A)."
    )
    answer_everything(page, btpa_active)
    choose_sanction(page, btpa_active, "one_method")
    fill_date(page, "review_due", timezone.localdate() + timedelta(days=90))
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent for approval")

    # The Chief Executive reads the real notice on the sign-off screen.
    switch_user(page, sign_in, chief_executive)
    page.goto(f"{live_server.url}/sign-off/")
    page.get_by_role("link", name=re.compile("Impose sanctions")).click()
    preview = page.locator("#notice-preview")
    expect(preview).to_contain_text("Dear Margaret Ellison,")
    expect(preview).to_contain_text("You may contact us only by letter")
    expect(preview).to_contain_text("Member and Staff Complaints Policy")
    expect(preview).to_contain_text("Charlotte Adeyemi")
    assert_accessible(page)
    page.screenshot(path="/tmp/notices-signoff.png", full_page=True)

    # Signing issues it: the decision takes effect with the notice.
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("I have read the evidence and am satisfied").check()
    page.get_by_label("Your reasons").fill("Scenario A is met and no exception applies (§8.12).")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "case is now “Sanctions in place”"
    )
    notice = Notice.objects.get(customer=customer)
    assert notice.state == NoticeState.ISSUED
    assert customer.restriction_cases.get().state == Stage.SANCTIONED
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanctions imposed: Margaret Ellison")
    assert_accessible(page)
    page.screenshot(path="/tmp/notices-issued.png", full_page=True)

    # Downloaded, it is the stored file, byte for byte; a reprint is the same bytes.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the notice (PDF)").click()
    downloaded = download_info.value.path().read_bytes()
    reprint = page.request.get(f"{live_server.url}/notices/{notice.reference}/pdf/").body()
    assert downloaded[:5] == b"%PDF-"
    assert downloaded == reprint
    with notice.file.open("rb") as stored:
        assert stored.read() == downloaded

    # It waits in the print queue, in today's post, until it is marked as posted.
    switch_user(page, sign_in, caseworker)
    page.goto(f"{live_server.url}/notices/print-queue/")
    expect(page.get_by_role("heading", name="Notices waiting to be posted")).to_be_visible()
    assert_accessible(page)
    # Today's post is joined in the background; its page shows progress, then the file.
    page.get_by_role("button", name="Prepare today's post (PDF)").click()
    expect(page.get_by_role("heading", name="Today's post")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as batch_info:
        page.get_by_role("link", name="Download today's post (PDF)").click()
    assert batch_info.value.path().read_bytes()[:5] == b"%PDF-"
    page.get_by_role("link", name="Back to the print queue").click()
    page.get_by_role("button", name="Mark as posted").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select the notices that were posted")
    assert_accessible(page)
    page.get_by_label(re.compile(notice.reference)).check()
    page.screenshot(path="/tmp/notices-queue.png", full_page=True)
    page.get_by_role("button", name="Mark as posted").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 notice marked as posted"
    )
    expect(page.get_by_text("There are no notices waiting to be posted.")).to_be_visible()
    notice.refresh_from_db()
    assert (notice.state, notice.sent_method, notice.sent_by) == (
        NoticeState.SENT,
        SendMethod.POST,
        caseworker,
    )

    # The customer's timeline shows the notice and how it was sent.
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    expect(page.locator(".moj-timeline")).to_contain_text("Notice: Sanctions imposed")
    expect(page.locator(".moj-timeline")).to_contain_text("sent by post")
