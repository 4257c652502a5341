"""A subject access export in the browser (BTPA profile): started from the customer's page,
its progress watched on a page that refreshes itself, the full copy downloaded, the third
parties marked and the release copy built and downloaded."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from cases.models import SubjectAccessExport
from screens.subject_access.services import export_build, release_build
from tests.cases.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def harriet(btpa_active, media, caseworker):
    customer = CustomerFactory(name="Harriet Ashdown")
    ContactFactory(customer=customer, kind="sar", summary="Please send me everything you hold")
    ContactFactory(
        customer=customer, officer=caseworker, summary="Spoke to Mr Pemberton about her parking"
    )
    return customer


def zip_data(download) -> dict:
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        assert {"index.pdf", "data.json", "SHA256SUMS.txt"} <= set(archive.namelist())
        return json.loads(archive.read("data.json"))


def test_an_export_is_built_reviewed_and_released(
    sign_in, page, live_server, line_manager, harriet, broker_down, assert_accessible
):
    # The broker is away, so the build waits on its page until a worker takes it: here,
    # the test, step by step as a worker would.
    sign_in(line_manager)
    page.goto(f"{live_server.url}{harriet.get_absolute_url()}")
    page.get_by_role("link", name="Subject access export").click()
    expect(page.get_by_role("heading", name="Subject access exports")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start a subject access export").click()

    expect(page.get_by_text("Waiting to start")).to_be_visible()
    expect(page.get_by_text("Step 0 of")).to_be_visible()
    assert_accessible(page)
    export = SubjectAccessExport.objects.get(customer=harriet)
    assert export_build(export_id=export.pk)
    # The page refreshes itself and shows the export ready.
    expect(page.get_by_role("link", name="Download the full copy (zip)")).to_be_visible(
        timeout=15_000
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the full copy (zip)").click()
    full = zip_data(download.value)
    assert full["copy"] == "full"
    assert "Mr Pemberton" in json.dumps(full)

    row = page.get_by_role("row").filter(has_text="Mr Pemberton")
    row.get_by_label("Redact", exact=True).check()
    row.get_by_label("Reason").fill("Another person's name")
    for other in page.get_by_role("row").filter(has_not_text="Mr Pemberton").all()[1:]:
        other.get_by_label("Keep", exact=True).check()
        other.get_by_label("Reason").fill("Senior member of staff")
    page.get_by_role("button", name="Save marks").click()
    expect(page.get_by_text("0 of")).to_be_visible()
    page.get_by_role("button", name="Build the release copy").click()
    expect(page.get_by_text("Waiting for the release copy to start")).to_be_visible()
    assert release_build(export_id=export.pk)
    expect(page.get_by_role("link", name="Download the release copy (zip)")).to_be_visible(
        timeout=15_000
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the release copy (zip)").click()
    released = zip_data(download.value)
    assert released["copy"] == "release"
    assert "Mr Pemberton" not in json.dumps(released)
    assert "[redacted]" in json.dumps(released)
