"""What an approver reads on a decision's page is, word for word, the letter the customer gets:
for every profile and every kind of decision, the body of the letter on the page and the body
of the PDF carry the same text, in the customer's language (DESIGN.md §9)."""

import re
import subprocess
from html.parser import HTMLParser

import pytest

from cases.models import Language
from contactpolicy.choices import DecisionKind
from notices.services import notice_bytes, notice_draft_for_decision, notice_issue, notice_render
from tests.conftest import PROFILE_SLUGS
from tests.notices.factories import addressed_customer, approved_sanctions, flat, staff
from tests.notices.test_rendering import _decision
from tests.notices.test_rendering import people as people  # the fixture, re-exported

pytestmark = pytest.mark.django_db

# What the layout adds around the letter's words: page numbers, and the reference at the
# top of each page after the first.
PAGE_NUMBER = re.compile(
    r"(Page|Tudalen) \d+ (of|o) \d+|(Our reference|Ein cyfeirnod): [A-Z]+-\d+-\d+"
)


class LetterBody(HTMLParser):
    """The text of each paragraph, heading and list item in the page's letter."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.block: list[str] | None = None
        self.blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "notice-preview__body") in attrs:
            self.inside = True
        elif self.inside and tag in {"p", "li", "h2"}:
            self.block = []
        elif self.inside and tag == "br" and self.block is not None:
            self.block.append("\n")

    def handle_endtag(self, tag):
        if tag == "div":
            self.inside = False
        elif self.block is not None and tag in {"p", "li", "h2"}:
            self.blocks.append(normalised("".join(self.block)))
            self.block = None

    def handle_data(self, data):
        if self.block is not None:
            self.block.append(data)


def normalised(text: str) -> str:
    """One space between words, a hyphen the layout broke a line after joined up again."""
    return re.sub(r"-\s+(?=\w)", "-", flat(text)).strip()


def page_letter(client, decision) -> list[str]:
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200
    parser = LetterBody()
    parser.feed(response.content.decode())
    assert parser.blocks, "the page shows no letter"
    return parser.blocks


def pdf_reading_text(pdf: bytes) -> str:
    """The PDF's text in reading order (poppler's `pdftotext`): on each page the sender and
    the address at the top, then the letter."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def assert_same_body(blocks: list[str], pdf: bytes, where) -> None:
    """The PDF's text holds the page's paragraphs, in order and with nothing between them
    but the page numbers and list bullets the layout adds."""
    text = normalised(PAGE_NUMBER.sub(" ", pdf_reading_text(pdf)).replace("•", " "))
    start = text.find(blocks[0])
    assert start >= 0, (where, blocks[0], text)
    body = " ".join(blocks)
    assert text[start : start + len(body)] == body, (where, body, text[start:])


@pytest.mark.parametrize("slug", PROFILE_SLUGS)
def test_the_decision_page_shows_the_body_of_the_pdf(activate_profile, people, client, slug):
    profile = activate_profile(slug)
    client.force_login(people["chief"])
    for kind in DecisionKind.values:
        decision = _decision(profile, kind, addressed_customer(name=f"Morgan Ellis {kind}"), people)
        blocks = page_letter(client, decision)
        notice = notice_draft_for_decision(decision=decision, actor=people["chief"])
        # The PDF issuing would store: the same render, from the same template and facts.
        data, _ = notice_render(notice)
        assert_same_body(blocks, data, (slug, kind))


def test_a_welsh_speaker_s_letter_is_approved_in_welsh_and_issued_word_for_word(
    activate_profile, client
):
    profile = activate_profile("btpa")
    people = staff()
    customer = addressed_customer(name="Gwenllian Rhys", preferred_language=Language.WELSH)
    decision = approved_sanctions(profile, people, customer)
    client.force_login(people["chief"])
    before = page_letter(client, decision)
    assert before[0] == "Annwyl Gwenllian Rhys,"
    notice = notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["chief"]),
        actor=people["chief"],
    )
    assert notice.language == "cy"
    assert_same_body(before, notice_bytes(notice), "btpa cy")
    # Once issued, the page shows the notice issued.
    assert page_letter(client, decision) == before


def test_a_letter_someone_else_will_issue_is_not_signed_with_the_reader_s_name(
    activate_profile, client
):
    profile = activate_profile("btpa")
    people = staff()
    decision = approved_sanctions(profile, people)
    # BTPA reserves sanctions to the Chief Executive, who signs their notice.
    client.force_login(people["manager"])
    letter = page_letter(client, decision)
    assert letter[-1] == (
        "[The name of whoever issues it] [Their job title] British Transport Police Authority"
    )
    assert people["manager"].get_full_name() not in " ".join(letter)
