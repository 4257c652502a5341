"""The report's PDF for the leadership team (issue 21, item 3): in the letters' house style,
with a cover, contents, each section's figures, tables and charts, page numbers, header
rows repeated on a long table, tagged, and the same bytes for the same report."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from pypdf import PdfReader

from contactpolicy.models import PolicyProfile
from screens.reports.model import Period, Report
from screens.reports.pdf import report_pdf
from tests.screens.report_sample import full_report

TITLE = "Report for 1 October to 31 December 2026"


def _pages(data: bytes) -> list[str]:
    return [
        re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages
    ]


def _profile(audience: str = "Leadership Team") -> PolicyProfile:
    # Unsaved: the PDF reads only the audience and the logo.
    return PolicyProfile(name="Tamworth Borough Council", reporting_audience=audience)


@pytest.fixture(scope="module")
def full():
    data = report_pdf(full_report(long=True), profile=_profile())
    return data, _pages(data)


@pytest.fixture(scope="module")
def no_standards():
    data = report_pdf(full_report(standards=False), profile=_profile(audience=""))
    return data, _pages(data)


def test_the_cover_names_the_organisation_period_scope_and_audience(full):
    cover = full[1][0]
    assert "Tamworth Borough Council" in cover
    assert TITLE in cover
    assert "Covers The whole organisation" in cover
    assert "Prepared for Leadership Team" in cover


def test_a_profile_with_no_audience_leaves_the_line_out(no_standards):
    assert "Prepared for" not in no_standards[1][0]


def test_every_page_is_numbered_page_x_of_y(full):
    pages = full[1]
    assert len(pages) > 4
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_the_contents_on_the_cover_give_the_page_each_section_starts_on(full):
    pages = full[1]
    contents = pages[0].partition(" Contents ")[2]
    assert contents
    for section in full_report().sections:
        match = re.search(rf"{section.title}[ .…]*?(\d+)\b", contents)
        assert match, section.title
        page = int(match.group(1))
        assert f" {section.title}: figures for the period " in f" {pages[page - 1]} "


def test_each_section_shows_its_figures_in_words(full, no_standards):
    text = " ".join(full[1])
    assert "Contacts received 3,493" in text
    assert "Acknowledged on time 93.1%" in text
    assert "Median time to respond 4.5 days" in text
    # Counts of 1 to 4 may point to one person in a small team: marked in words.
    assert "Media enquiries 3 (small number)" in text
    assert "Ended 0" in text and "Ended 0 (small number)" not in text
    none = " ".join(no_standards[1])
    assert "Acknowledged on time No standard set" in none
    assert "Median time to respond No standard set" in none


def test_charts_are_drawn_with_their_descriptions_and_tables(full):
    text = " ".join(full[1])
    for title in (
        "Contacts and incidents by month",
        "Contacts acknowledged and answered on time, by channel",
        "Incidents by category",
    ):
        assert f"{title}: the figures" in text
    assert "Share of contacts acknowledged and answered within the service standard" in text


def test_a_chart_is_never_cut_in_two(full):
    """The chart's heading, its drawing (its axis label) and its description share a page."""
    for page in full[1]:
        if "Incidents by category Abusive" in page or "Bar chart of incidents by category" in page:
            assert "Bar chart of incidents by category" in page
            assert "Number" in page
            break
    else:
        pytest.fail("the incidents chart is on no page")
    chart = [p for p in full[1] if "Per cent" in p]
    assert len(chart) == 1
    assert "Share of contacts acknowledged" in chart[0]


def test_a_long_table_repeats_its_header_row_on_every_page(full):
    pages = [
        p for p in full[1] if "Arrangement 0" in p or "Arrangement 3" in p or "Arrangement 5" in p
    ]
    assert len(pages) >= 2
    for page in pages:
        assert "Breaches Warnings sent" in page
    assert "Arrangement 60: one named officer" in " ".join(full[1])


def test_the_pdf_is_tagged_titled_and_in_english(full):
    reader = PdfReader(io.BytesIO(full[0]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == f"Tamworth Borough Council: {TITLE}"


def test_the_same_report_gives_the_same_bytes(full):
    """A past period's PDF can be made again and compared."""
    assert report_pdf(full_report(long=True), profile=_profile()) == full[0]


def test_the_organisations_logo_heads_the_cover(tmp_path):
    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (600, 150), "#1d70b8").save(logo, format="PNG")
    profile = _profile()
    report = Report(
        organisation="Tamworth Borough Council",
        period=Period(full_report().period.start, full_report().period.end, "October 2026"),
        scope=full_report().scope,
        sections=full_report().sections[:1],
    )
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        profile.letter_logo.save("logo.png", ContentFile(logo.getvalue()), save=False)
        data = report_pdf(report, profile=profile)
    reader = PdfReader(io.BytesIO(data))
    (image,) = reader.pages[0].images
    assert image.image.size == (600, 150)
    assert "Report for October 2026" in _pages(data)[0]


def test_a_short_table_is_kept_on_one_page(full):
    """Three months are never split two and one across a page break."""
    rows = ("October 2026 1,204 41", "November 2026 1,311 37", "December 2026 978 52")
    assert [p for p in full[1] if all(row in p for row in rows)]
