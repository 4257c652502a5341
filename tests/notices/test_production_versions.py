"""A version of an issued notice produced on request (issue 19): the Braille, easy-read or
translated version the organisation had made is uploaded against its request, stored once
with its own checksum, recorded on the notice, and served only while it matches."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from contactpolicy.refusals import Refused
from notices.models import ProductionFormat, ProductionRequest
from notices.services import (
    PRODUCTION_MAX_BYTES,
    notice_draft_for_contact,
    notice_issue,
    production_bytes,
    production_complete,
    production_request,
)
from tests.cases.factories import ContactFactory
from tests.conftest import SignedInClient
from tests.contactpolicy.test_error_pages import assert_govuk_page
from tests.notices.factories import addressed_customer
from tests.notices.test_issuing_without_storage import make_media_unwritable
from tests.queries import count_queries
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


def a_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data: bytes, name: str = "easy-read.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def people(post_people):
    return post_people


@pytest.fixture
def notice(media, waiting):
    return waiting()


def requested(notice, people, production_format=ProductionFormat.EASY_READ, language=""):
    return production_request(
        notice=notice,
        actor=people["manager"],
        production_format=production_format,
        due_on=timezone.localdate() + timedelta(days=10),
        language=language,
    )


def complete_url(production) -> str:
    return reverse(
        "notices:production_complete",
        kwargs={"reference": production.notice.reference, "pk": production.pk},
    )


def field(production) -> str:
    return f"production-{production.pk}-file"


def test_an_uploaded_version_is_stored_with_its_checksum_and_downloaded_as_it_was(
    notice, people, client
):
    production = requested(notice, people)
    data = a_pdf(2)
    client.force_login(people["manager"])

    response = client.post(complete_url(production), {field(production): upload(data)})

    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    production.refresh_from_db()
    assert production.completed_by == people["manager"] and production.completed_at
    assert production.sha256 == hashlib.sha256(data).hexdigest()
    assert production_bytes(production) == data
    client.force_login(people["caseworker"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert f"Produced {timezone.localtime(production.completed_at):%-d %B %Y} by" in page
    assert production.get_absolute_url() in page and production.sha256 in page
    downloaded = client.get(production.get_absolute_url())
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/pdf"
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert downloaded.content == data


def test_braille_may_be_a_plain_brf_file(notice, people):
    production = requested(notice, people, ProductionFormat.BRAILLE)
    text = b",! NOTICE ,,NOT\n"
    done = production_complete(
        request=production, actor=people["manager"], upload=upload(text, "notice.brf")
    )
    assert done.file.name.endswith(".brf") and production_bytes(done) == text


def test_a_version_is_recorded_once(notice, people):
    production = requested(notice, people, ProductionFormat.OTHER_LANGUAGE, "Polish")
    first = production_complete(request=production, actor=people["manager"], upload=upload(a_pdf()))
    with pytest.raises(Refused, match="already recorded"):
        production_complete(request=production, actor=people["head"], upload=upload(a_pdf(3)))
    production.refresh_from_db()
    assert production.sha256 == first.sha256 and production.completed_by == people["manager"]


def test_a_draft_has_no_version_recorded_until_it_is_issued(media, people, client):
    contact = ContactFactory(customer=addressed_customer())
    draft = notice_draft_for_contact(contact=contact, actor=people["caseworker"])
    production = requested(draft, people)
    client.force_login(people["manager"])
    assert (
        "Upload the easy read version" not in client.get(draft.get_absolute_url()).content.decode()
    )
    with pytest.raises(Refused, match="once the notice is issued"):
        production_complete(request=production, actor=people["manager"], upload=upload(a_pdf()))
    production.refresh_from_db()
    assert not production.is_complete and not production.file
    issued = notice_issue(notice=draft, actor=people["caseworker"])
    assert "Upload the easy read version" in client.get(issued.get_absolute_url()).content.decode()


def test_a_second_upload_on_the_page_is_refused_with_the_reason(notice, people, client):
    production = requested(notice, people)
    production_complete(request=production, actor=people["manager"], upload=upload(a_pdf()))
    client.force_login(people["head"])
    response = client.post(complete_url(production), {field(production): upload(a_pdf(2))})
    assert response.status_code == 409
    assert "already recorded" in response.content.decode()


@pytest.mark.parametrize(
    ("production_format", "name", "data", "message"),
    [
        (ProductionFormat.EASY_READ, "version.brf", b"braille", "must be a PDF"),
        (ProductionFormat.EASY_READ, "version.pdf", b"%PDF-1.7 broken", "a PDF that opens"),
        (ProductionFormat.BRAILLE, "version.docx", b"PK\x03\x04", "a PDF, or a BRF or TXT"),
        (ProductionFormat.BRAILLE, "version.txt", b"\xff\xfe\x00b", "must be plain text"),
    ],
)
def test_only_the_accepted_types_are_stored(
    notice, people, client, production_format, name, data, message
):
    production = requested(notice, people, production_format)
    client.force_login(people["manager"])
    response = client.post(complete_url(production), {field(production): upload(data, name)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert f'href="#id_{field(production)}"' in page
    production.refresh_from_db()
    assert not production.is_complete and not production.file


def test_a_file_too_large_or_missing_is_refused_with_the_govuk_message(notice, people, client):
    production = requested(notice, people)
    client.force_login(people["manager"])
    big = upload(b"%PDF" + b"0" * PRODUCTION_MAX_BYTES)
    response = client.post(complete_url(production), {field(production): big})
    assert response.status_code == 400
    assert "The selected file must be smaller than 20MB" in response.content.decode()
    missing = client.post(complete_url(production), {})
    assert missing.status_code == 400
    assert "Select the file produced" in missing.content.decode()
    production.refresh_from_db()
    assert not production.is_complete


def test_who_may_not_record_or_read_a_version(notice, people, client):
    production = requested(notice, people)
    client.force_login(people["caseworker"])
    assert (
        client.post(complete_url(production), {field(production): upload(a_pdf())}).status_code
        == 403
    )
    # Not produced yet: nothing to download.
    assert client.get(production.get_absolute_url()).status_code == 404
    production_complete(request=production, actor=people["manager"], upload=upload(a_pdf()))
    client.force_login(person(None))
    assert client.get(production.get_absolute_url()).status_code == 403
    elsewhere = reverse(
        "notices:production_file", kwargs={"reference": "NOT-2000-000001", "pk": production.pk}
    )
    client.force_login(people["caseworker"])
    assert client.get(elsewhere).status_code == 404


def test_a_version_whose_bytes_changed_is_never_served(notice, people, client):
    production = requested(notice, people)
    done = production_complete(request=production, actor=people["manager"], upload=upload(a_pdf()))
    with done.file.storage.open(done.file.name, "wb") as stored:
        stored.write(b"%PDF-1.7 something else")
    client.force_login(people["caseworker"])
    response = client.get(done.get_absolute_url())
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f"The stored copy of the easy read version of {notice.reference} cannot" in page
    assert "something else" not in page


def test_with_the_file_store_unwritable_nothing_is_recorded(notice, people, settings, tmp_path):
    production = requested(notice, people)
    unwritable = tmp_path / "now"
    unwritable.mkdir()
    make_media_unwritable(settings, unwritable)
    client = SignedInClient(raise_request_exception=False)
    client.force_login(people["manager"])

    response = client.post(complete_url(production), {field(production): upload(a_pdf())})

    assert_govuk_page(response, 503, "Sorry, the service is unavailable")
    production.refresh_from_db()
    assert not production.is_complete and not production.sha256 and not production.file
    assert [p.name for p in unwritable.rglob("*")] == ["file_not_dir"]
    assert production.history.count() == 1


def test_the_notice_page_runs_the_same_queries_however_many_versions(notice, people, client):
    client.force_login(people["manager"])
    requested(notice, people)
    before = count_queries(client, notice.get_absolute_url())
    done = requested(notice, people, ProductionFormat.BRAILLE)
    production_complete(request=done, actor=people["head"], upload=upload(a_pdf()))
    requested(notice, people, ProductionFormat.OTHER_LANGUAGE, "Welsh")
    assert count_queries(client, notice.get_absolute_url()) == before
    assert ProductionRequest.objects.filter(notice=notice).count() == 3
