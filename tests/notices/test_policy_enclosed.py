"""The policy is enclosed only when there is one to enclose.

IPCC §6: a customer "will also be advised that the IPCC may take steps to manage
communication in order to handle their contact with the IPCC - a copy of the policy will be
provided to give further explanation." Its decision notices say "A copy of our … is
enclosed." through `{{ policy_enclosure }}` only when the letterhead has the policy as a PDF,
whose pages then follow the letter in the stored bytes; otherwise the paragraph is left out.
"""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from contactpolicy.services import profile_letterhead_change
from notices import shipped
from notices.letter import body_html, policy_enclosure
from notices.models import NoticeKind
from notices.services import notice_bytes, notice_draft_for_decision, notice_html, notice_render
from tests.factories import UserFactory
from tests.notices.factories import approved_sanctions, issue_for, pdf_text, staff

pytestmark = pytest.mark.django_db

# A5, so the policy's pages are told from the letter's A4 ones.
A5 = (420, 595)
ENCLOSED = "A copy of our Managing customer contact policy is enclosed."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(db):
    return staff()


def policy_pdf(pages=2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=A5[0], height=A5[1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_policy_pdf(profile, pages=2):
    from contactpolicy.roles import Role

    return profile_letterhead_change(
        profile=profile,
        actor=UserFactory(username="ada", roles=[Role.ADMINISTRATOR]),
        address=profile.address,
        telephone=profile.telephone,
        email=profile.email,
        web_address=profile.web_address,
        policy_pdf=SimpleUploadedFile("policy.pdf", policy_pdf(pages), "application/pdf"),
    )


def sizes(data: bytes) -> list[tuple[int, int]]:
    return [
        (round(page.mediabox.width), round(page.mediabox.height))
        for page in PdfReader(io.BytesIO(data)).pages
    ]


def test_the_shipped_ipcc_wording_no_longer_says_so_unconditionally():
    for kind in NoticeKind.values:
        found = shipped.texts("ipcc", kind, "en")
        if found:
            assert "A copy of the policy is enclosed" not in found[1]


@pytest.mark.parametrize(
    "kind",
    [
        NoticeKind.WARNING,
        NoticeKind.SANCTIONS_IMPOSED,
        NoticeKind.SANCTIONS_VARIED,
        NoticeKind.DISENGAGEMENT,
        NoticeKind.BUILDING_EXCLUSION,
        NoticeKind.REVIEW_OUTCOME,
    ],
)
def test_the_ipcc_decision_notices_use_the_field(kind):
    _, body = shipped.texts("ipcc", kind, "en")
    assert "\n\n{{ policy_enclosure }}\n\n" in body


def test_an_ipcc_notice_with_the_policy_carries_its_pages_after_the_letter(
    activate_profile, people, client
):
    profile = with_policy_pdf(activate_profile("ipcc"), pages=2)
    decision = approved_sanctions(profile, people)

    notice = issue_for(decision, people)

    stored = notice_bytes(notice)
    pages = sizes(stored)
    assert pages[-2:] == [A5, A5]
    assert all(size != A5 for size in pages[:-2])
    assert notice.page_count == len(pages)
    assert hashlib.sha256(stored).hexdigest() == notice.sha256  # the whole file
    assert ENCLOSED in pdf_text(stored)
    # Reprinted or downloaded again, it is the same document, byte for byte.
    download = reverse("notices:download", kwargs={"reference": notice.reference})
    client.force_login(people["caseworker"])
    assert client.get(download).content == stored
    assert client.get(download).content == stored


def test_a_changed_or_removed_policy_leaves_an_issued_notice_as_it_was(activate_profile, people):
    profile = with_policy_pdf(activate_profile("ipcc"), pages=2)
    notice = issue_for(approved_sanctions(profile, people), people)
    stored = notice_bytes(notice)

    with_policy_pdf(profile, pages=5)

    assert notice_bytes(notice) == stored


def test_the_letter_keeps_its_tags_when_the_policy_follows(activate_profile, people):
    profile = with_policy_pdf(activate_profile("ipcc"))
    notice = issue_for(approved_sanctions(profile, people), people)

    root = PdfReader(io.BytesIO(notice_bytes(notice))).trailer["/Root"]

    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"]


def test_without_a_policy_pdf_the_sentence_and_its_paragraph_are_left_out(activate_profile, people):
    profile = activate_profile("ipcc")
    decision = approved_sanctions(profile, people)
    draft = notice_draft_for_decision(decision=decision, actor=people["chief"])

    html = notice_html(draft)
    notice = issue_for(decision, people)

    assert "enclosed" not in html
    assert "<p></p>" not in html
    assert "enclosed" not in pdf_text(notice_bytes(notice))
    assert A5 not in sizes(notice_bytes(notice))


def test_the_draft_preview_carries_the_policy_as_the_issued_notice_will(activate_profile, people):
    profile = with_policy_pdf(activate_profile("ipcc"), pages=3)
    draft = notice_draft_for_decision(
        decision=approved_sanctions(profile, people), actor=people["chief"]
    )

    data, pages = notice_render(draft)

    assert sizes(data)[-3:] == [A5, A5, A5]
    assert pages == len(sizes(data))


def test_a_profile_whose_wording_does_not_use_the_field_encloses_nothing(activate_profile, people):
    """Tamworth §8 says nothing of enclosing the policy: its letters stay as they were."""
    profile = with_policy_pdf(activate_profile("tamworth"))

    notice = issue_for(approved_sanctions(profile, people), people)

    assert A5 not in sizes(notice_bytes(notice))


def test_the_sentence_in_welsh(activate_profile):
    profile = with_policy_pdf(activate_profile("btpa"))

    # BTPA's policy has a Welsh title shipped for its Welsh letters.
    assert (
        policy_enclosure(profile, "cy") == "Amgaeir copi o'n Polisi Safonau Gwasanaeth Cwsmeriaid."
    )
    assert policy_enclosure(profile, "en") == f"A copy of our {profile.policy_title} is enclosed."


def test_a_paragraph_empty_after_merging_disappears():
    body = "First.\n\n{{ policy_enclosure }}\n\nLast.\n{{ policy_enclosure }}"

    assert body_html(body, {"policy_enclosure": ""}) == "<p>First.</p>\n<p>Last.</p>"
    assert body_html(body, {"policy_enclosure": "Enclosed."}) == (
        "<p>First.</p>\n<p>Enclosed.</p>\n<p>Last.<br>Enclosed.</p>"
    )
