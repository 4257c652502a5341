"""A head of service opens the mail and media log, narrows it to the media enquiries of a
quarter, downloads it as CSV, and finds that download on the exports page."""

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.cases.factories import ContactFactory, CustomerFactory, london

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_log_filtered_downloaded_and_found_among_the_exports(
    sign_in, page, live_server, head_of_service, assert_accessible
):
    """BTPA §7.1: "All enquiries are logged." """
    journalist = CustomerFactory(name="Rita Skeeter")
    media = ContactFactory(
        customer=journalist, kind="media", received_at=london(2026, 12, 31, 23, 59)
    )
    ContactFactory(kind="general", received_at=london(2026, 11, 3, 10, 0))
    ContactFactory(kind="media", received_at=london(2027, 1, 1, 0, 0))

    sign_in(head_of_service)
    page.get_by_role("link", name="Logs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mail and media log")
    expect(page.locator("#results")).to_contain_text("3 entries, all dates")

    start = page.get_by_role("group", name="From")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("10")
    start.get_by_label("Year").fill("2026")
    end = page.get_by_role("group", name="To")
    end.get_by_label("Day").fill("31")
    end.get_by_label("Month").fill("12")
    end.get_by_label("Year").fill("2026")
    page.get_by_label("Kind").select_option(label="Media enquiries only")
    page.get_by_role("button", name="Apply filters").click()

    content = page.locator("#results")
    expect(content).to_contain_text("1 entry, 1 October 2026 to 31 December 2026")
    expect(content.get_by_role("link", name=media.reference)).to_be_visible()
    expect(content).to_contain_text("31 Dec 2026 23:59")
    assert_accessible(page)

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download as CSV").click()
    download = waiting.value
    assert download.suggested_filename.startswith("mail-and-media-log-")
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert [row[4] for row in rows[1:]] == [media.reference]
    assert rows[1][6] == "Rita Skeeter"

    page.get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Mail and media log, 1 October 2026 to 31 December 2026")
    expect(row).to_contain_text(str(head_of_service))
    expect(row.locator("td").last).to_have_text("1")

    # A date that does not exist is an error on the page, linked from the summary.
    page.get_by_role("link", name="Logs").click()
    page.get_by_role("group", name="From").get_by_label("Day").fill("31")
    page.get_by_role("group", name="From").get_by_label("Month").fill("2")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The start date must be a real date")
    summary.get_by_role("link", name="The start date must be a real date").click()
    expect(page.get_by_role("group", name="From").get_by_label("Day")).to_be_focused()
    assert_accessible(page)
