"""An issued notice in another print format, on request (DESIGN.md §9, ADR 0006).

A customer recorded as needing large print gets the large-print notice at issue; if they
ask for the standard one too (or a standard-print customer for large print), it is made
from what the notice froze when it was issued, stored once with its own checksum, and
printed or downloaded like the notice itself.
"""

import pytest
from django.urls import reverse

from cases.models import AccessibilityFormat
from contactpolicy.refusals import Refused
from notices.models import NoticeCopy, PrintFormat
from notices.services import notice_bytes, notice_copy_bytes, notice_copy_make
from tests.notices.factories import (
    addressed_customer,
    approved_sanctions,
    flat,
    issue_for,
    pdf_text,
    staff,
)
from tests.queries import count_queries
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(db):
    return staff()


@pytest.fixture
def large_print_notice(activate_profile, people):
    profile = activate_profile("tamworth")
    customer = addressed_customer(
        name="Morgan Ellis", accessibility_formats=[AccessibilityFormat.LARGE_PRINT]
    )
    notice = issue_for(approved_sanctions(profile, people, customer), people)
    assert notice.print_format == PrintFormat.LARGE_PRINT
    return notice


def test_a_large_print_notice_is_copied_in_standard_print_with_the_same_words(
    large_print_notice, people
):
    notice = large_print_notice
    copy = notice_copy_make(
        notice=notice, actor=people["caseworker"], print_format=PrintFormat.STANDARD
    )
    data = notice_copy_bytes(copy)
    assert copy.created_by == people["caseworker"]
    assert copy.page_count >= 1 and len(copy.sha256) == 64
    issued, copied = flat(pdf_text(notice_bytes(notice))), flat(pdf_text(data))
    for words in (
        notice.reference,
        notice.subject_line,
        "Morgan Ellis",
        f"{notice.notice_date:%-d %B %Y}",
        f"{notice.appeal_deadline_stated:%-d %B %Y}",
        notice.signatory_name,
    ):
        assert words in issued and words in copied, words
    assert data != notice_bytes(notice)


def test_the_copy_says_what_the_notice_said_even_after_the_record_changes(
    large_print_notice, people
):
    notice = large_print_notice
    notice.customer.name = "Morgan Ellis-Price"
    notice.customer.save()
    copy = notice_copy_make(
        notice=notice, actor=people["caseworker"], print_format=PrintFormat.STANDARD
    )
    text = flat(pdf_text(notice_copy_bytes(copy)))
    assert "Morgan Ellis" in text and "Ellis-Price" not in text


def test_asking_twice_gives_the_same_stored_copy(large_print_notice, people):
    notice = large_print_notice
    first = notice_copy_make(
        notice=notice, actor=people["caseworker"], print_format=PrintFormat.STANDARD
    )
    again = notice_copy_make(notice=notice, actor=people["head"], print_format=PrintFormat.STANDARD)
    assert again.pk == first.pk and again.created_by == people["caseworker"]
    assert NoticeCopy.objects.filter(notice=notice).count() == 1


def test_the_format_issued_is_not_copied_and_a_draft_is_not_copied(activate_profile, people):
    profile = activate_profile("tamworth")
    notice = issue_for(approved_sanctions(profile, people), people)
    assert notice.print_format == PrintFormat.STANDARD
    with pytest.raises(Exception, match="issued in Standard print"):
        notice_copy_make(
            notice=notice, actor=people["caseworker"], print_format=PrintFormat.STANDARD
        )
    draft_decision = approved_sanctions(profile, people, addressed_customer())
    from notices.services import notice_draft_for_decision

    draft = notice_draft_for_decision(decision=draft_decision, actor=people["chief"])
    with pytest.raises(Refused, match="Only an issued notice"):
        notice_copy_make(
            notice=draft, actor=people["caseworker"], print_format=PrintFormat.LARGE_PRINT
        )


def test_the_notice_page_offers_the_other_format_and_serves_the_copy(
    large_print_notice, people, client
):
    notice = large_print_notice
    client.force_login(people["manager"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Make a standard print copy" in page
    assert "Make a large print copy" not in page
    assert "Request Braille, easy read or another language" in page

    made = client.post(
        reverse("notices:copy_make", args=[notice.reference]),
        {"print_format": PrintFormat.STANDARD},
    )
    assert made.status_code == 302
    page = client.get(notice.get_absolute_url()).content.decode()
    copy = NoticeCopy.objects.get(notice=notice)
    assert "Make a standard print copy" not in page
    assert copy.sha256 in page and copy.get_absolute_url() in page

    opened = client.get(copy.get_absolute_url())
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
    assert opened.content == notice_copy_bytes(copy)
    downloaded = client.get(copy.get_absolute_url(), {"download": "1"})
    assert downloaded["Content-Disposition"].startswith("attachment")


def test_a_copy_whose_bytes_changed_is_never_served(large_print_notice, people, client):
    copy = notice_copy_make(
        notice=large_print_notice, actor=people["caseworker"], print_format=PrintFormat.STANDARD
    )
    with copy.file.storage.open(copy.file.name, "wb") as stored:
        stored.write(b"%PDF-1.7 something else")
    client.force_login(people["caseworker"])
    response = client.get(copy.get_absolute_url())
    assert response.status_code == 409
    assert f"The stored copy of {copy} cannot be served" in response.content.decode()


def test_someone_without_a_staff_role_cannot_ask_for_a_copy(large_print_notice, client):
    client.force_login(person(None))
    response = client.post(
        reverse("notices:copy_make", args=[large_print_notice.reference]),
        {"print_format": PrintFormat.STANDARD},
    )
    assert response.status_code == 403
    assert not NoticeCopy.objects.exists()


def test_the_notice_page_runs_the_same_queries_however_many_copies(
    large_print_notice, people, client
):
    notice = large_print_notice
    client.force_login(people["caseworker"])
    before = count_queries(client, notice.get_absolute_url())
    notice_copy_make(notice=notice, actor=people["caseworker"], print_format=PrintFormat.STANDARD)
    assert count_queries(client, notice.get_absolute_url()) == before
