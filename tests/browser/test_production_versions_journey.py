"""A version produced on request, in the browser (issue 19): a manager uploads the easy-read
version the organisation had made against its request on the notice's page; the table then
says who recorded it and when, with a link to download it, beside a Braille version still
due."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfWriter

from notices.models import ProductionFormat
from notices.services import notice_draft_for_contact, notice_issue, production_request
from tests.cases.factories import ContactFactory
from tests.notices.factories import addressed_customer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_version_is_uploaded_and_shown_on_the_notice(
    sign_in, page, live_server, btpa_active, line_manager, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    contact = ContactFactory(customer=addressed_customer(name="Margaret Ellison"))
    notice = notice_issue(
        notice=notice_draft_for_contact(contact=contact, actor=line_manager), actor=line_manager
    )
    due = timezone.localdate() + timedelta(days=10)
    easy_read = production_request(
        notice=notice, actor=line_manager, production_format=ProductionFormat.EASY_READ, due_on=due
    )
    production_request(
        notice=notice, actor=line_manager, production_format=ProductionFormat.BRAILLE, due_on=due
    )
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    produced = tmp_path / "easy-read.pdf"
    with produced.open("wb") as out:
        writer.write(out)

    sign_in(line_manager)
    page.goto(f"{live_server.url}{notice.get_absolute_url()}")
    page.get_by_text("Upload the easy read version due").click()
    record = page.locator(f"#upload-{easy_read.pk}").get_by_role(
        "button", name="Record the version produced"
    )
    record.click()
    # Nothing chosen: the page says so at the top and on the field, its details open.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the file produced")
    expect(page.locator(f"#id_production-{easy_read.pk}-file")).to_be_visible()
    page.screenshot(path="/tmp/production-versions-error.png", full_page=True)
    assert_accessible(page)
    page.locator(f"#id_production-{easy_read.pk}-file").set_input_files(produced)
    record.click()

    expect(
        page.get_by_text(f"The easy read version of {notice.reference} is recorded")
    ).to_be_visible()
    row = page.locator(f"#production-{easy_read.pk}")
    expect(row).to_contain_text("Produced")
    expect(row.get_by_role("link", name="Download the easy read version")).to_be_visible()
    expect(page.locator("#productions")).to_contain_text("Due")
    page.screenshot(path="/tmp/production-versions.png", full_page=True)
    assert_accessible(page)
    with page.expect_download() as download:
        row.get_by_role("link", name="Download the easy read version").click()
    assert download.value.path().read_bytes() == produced.read_bytes()
