"""The leadership report in the browser (issue 21): a head of service opens the report,
chooses the third quarter of 2026 and then the Housing service, opens the records behind a
figure, downloads the CSV and the PDF, and meets the error summary for dates that do not make a
period. axe checks every page as it loads."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contactpolicy.roles import Role
from tests.factories import UserFactory
from tests.notices.factories import flat, pdf_text
from tests.screens.reports_data import build_quarter

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/shots-report")


def test_a_head_of_service_reads_the_quarter_and_its_records(
    sign_in, page, live_server, btpa_active, tmp_path
):
    SHOTS.mkdir(exist_ok=True)
    build_quarter(btpa_active)
    head = UserFactory(username="hester", roles=[Role.HEAD_OF_SERVICE])
    sign_in(head)
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=2, name="Contacts")).to_be_visible()

    page.get_by_text("Choose another period").click()
    page.get_by_label("Quarter", exact=True).select_option("2026-Q3")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quarter 3 of 2026: July to September 2026"
    )
    expect(page.locator(".govuk-body-l")).to_have_text("The whole organisation")
    page.screenshot(path=SHOTS / "report-whole-organisation.png", full_page=True)

    page.get_by_text("Choose another period").click()
    page.get_by_label("Service", exact=True).select_option(label="Housing")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".govuk-body-l")).to_have_text("Housing")
    page.screenshot(path=SHOTS / "report-housing.png", full_page=True)

    page.get_by_role("link", name="see the records counted: Contacts in and out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacts in and out")
    expect(page.locator("tbody tr")).to_have_count(2)
    page.screenshot(path=SHOTS / "report-records.png", full_page=True)

    page.get_by_role("link", name="Back to the report").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    saved = tmp_path / "report.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text())))
    assert rows[0][:2] == ["Section", "Table"]
    assert {row[4]: row[6] for row in rows[1:]}["contacts.total"] == "2"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    printed = tmp_path / "report.pdf"
    download.value.save_as(printed)
    text = flat(pdf_text(printed.read_bytes()))
    assert "Report for Quarter 3 of 2026" in text and "Housing" in text

    page.get_by_text("Choose another period").click()
    page.locator("#id_from_0").fill("31")
    page.locator("#id_from_1").fill("2")
    page.locator("#id_from_2").fill("2026")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    page.screenshot(path=SHOTS / "report-error.png", full_page=True)
