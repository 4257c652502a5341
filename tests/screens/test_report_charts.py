"""A report's charts (issue 21, item 2): drawn on the server as SVG by matplotlib, each with a
title, a description and its data table, so they print, need no JavaScript and read in a
screen reader; the same table always gives the same bytes."""

import re
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from django.template.loader import render_to_string

from screens.reports.charts import SERIES, chart_id, chart_svg, charted, description
from screens.reports.display import NO_STANDARD, value_words
from screens.reports.model import ChartKind, Figure, Row, Table, Unit
from tests.screens.report_sample import category_table, on_time_table, trend_table

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ROOT = Path(__file__).resolve().parents[2]


def _svg(table: Table) -> ElementTree.Element:
    return ElementTree.fromstring(chart_svg(table))  # noqa: S314 - our own chart


def _texts(root: ElementTree.Element) -> list[str]:
    return [
        "".join(element.itertext()).strip()
        for element in root.iter(f"{SVG}text")
        if "".join(element.itertext()).strip()
    ]


def _one_column(*values, kind=ChartKind.BAR) -> Table:
    return Table(
        key="gap",
        title="Breaches by month",
        columns=("Breaches",),
        rows=tuple(
            Row(label, (Figure(f"gap.{i}", "Breaches", value),))
            for i, (label, value) in enumerate(
                zip(("October", "November", "December"), values, strict=True)
            )
        ),
        chart=kind,
    )


def test_each_chart_is_well_formed_svg_named_and_described_for_a_screen_reader():
    for table in (trend_table(), on_time_table(), category_table()):
        root = _svg(table)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        title, desc = list(root)[:2]
        assert title.tag == f"{SVG}title" and title.text == table.title
        assert desc.tag == f"{SVG}desc" and desc.text == description(table)
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.get("id") == f"{chart_id(table)}-title"


def test_a_chart_has_no_script_no_external_reference_and_no_inline_style():
    """Safe to inline under the site's policy (no 'unsafe-inline' styles, no other origin)."""
    for table in (trend_table(), on_time_table(), category_table()):
        markup = chart_svg(table)
        root = ElementTree.fromstring(markup)  # noqa: S314 - our own chart
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert not tags & {"script", "foreignObject", "image", "style", "a", "iframe"}
        ids = {element.get("id") for element in root.iter()} - {None}
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.startswith("on"), name
                assert name != "style"
                if name in (XLINK_HREF, "href"):
                    assert value.startswith("#") and value[1:] in ids
                for target in re.findall(r"url\(([^)]*)\)", value):
                    assert target.startswith("#") and target[1:] in ids
        assert "javascript:" not in markup.lower()
        assert "<!DOCTYPE" not in markup and "<?xml" not in markup


def test_two_charts_on_one_page_share_no_id():
    first, second = _svg(on_time_table()), _svg(category_table())
    ids = [{e.get("id") for e in root.iter()} - {None} for root in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    assert all(i.startswith(chart_id(on_time_table()) + "-") for i in ids[0])


def test_the_same_table_gives_the_same_bytes_in_another_process():
    """A past period's report is reproducible: matplotlib salts its SVG ids at random in
    each process unless told otherwise, and stamps a date unless told not to."""
    assert chart_svg(on_time_table()) == chart_svg(on_time_table())
    script = (
        "import django, hashlib; django.setup();"
        "from screens.reports.charts import chart_svg;"
        "from tests.screens.report_sample import on_time_table, trend_table;"
        "print(hashlib.sha256((chart_svg(on_time_table()) + chart_svg(trend_table())).encode()).hexdigest())"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT), "PATH": ""},
    )
    import hashlib

    here = hashlib.sha256((chart_svg(on_time_table()) + chart_svg(trend_table())).encode())
    assert other.stdout.strip() == here.hexdigest()


def _bars(root, colour):
    return [p for p in root.iter(f"{SVG}path") if p.get("fill") == colour and p.get("clip-path")]


def test_a_figure_that_does_not_apply_is_a_gap_not_a_bar_of_zero():
    blue = SERIES[0].colour
    gap, zero = _svg(_one_column(5, None, 3)), _svg(_one_column(5, 0, 3))
    assert len(_bars(gap, blue)) == 2
    assert len(_bars(zero, blue)) == 3
    assert NO_STANDARD in _texts(gap)
    assert NO_STANDARD not in _texts(zero)


def test_a_figure_that_does_not_apply_breaks_the_line():
    def line(root):
        (path,) = [
            p
            for p in root.iter(f"{SVG}path")
            if p.get("stroke") == SERIES[0].colour and p.get("fill") == "none"
        ]
        return path.get("d")

    gap = line(_svg(_one_column(5, None, 3, kind=ChartKind.LINE)))
    whole = line(_svg(_one_column(5, 0, 3, kind=ChartKind.LINE)))
    assert gap.count("M") == 2 and "L" not in gap
    assert whole.count("M") == 1 and whole.count("L") == 2
    assert "nan" not in gap.lower()


def test_every_value_is_written_beside_its_bar_or_point():
    """Nothing is told by colour alone: each value is labelled, and each column has its own
    pattern (bars) or marker and dash (lines) as well as its colour."""
    texts = _texts(_svg(category_table()))
    for row in category_table().rows:
        assert row.figures[0].value is not None
        assert str(row.figures[0].value) in texts
    texts = _texts(_svg(on_time_table()))
    for expected in ("96.4%", "88%", "100%", "91.3%", "81.5%", "73.3%", "85%"):
        assert expected in texts
    assert texts.count(NO_STANDARD) == 3
    texts = _texts(_svg(trend_table()))
    for expected in ("1,204", "1,311", "978", "41", "37", "52"):
        assert expected in texts
    assert len({s.hatch for s in SERIES}) == len(SERIES)
    assert len({s.marker for s in SERIES}) == len(SERIES)
    assert len({s.dashes for s in SERIES}) == len(SERIES)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_bars_and_lines_contrast_at_least_three_to_one_with_white():
    """WCAG 1.4.11: graphical objects needed to understand the content, 3:1."""
    for series in SERIES:
        assert (1.05) / (_luminance(series.colour) + 0.05) >= 3, series.colour
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', chart_svg(on_time_table())))
    assert SERIES[0].colour in used and SERIES[1].colour in used


def test_labels_are_text_never_formulas():
    table = Table(
        key="odd",
        title="Odd names",
        columns=("Count",),
        rows=(Row("$x^2$ & <b>bold</b>", (Figure("odd.1", "Count", 2),)),),
        chart=ChartKind.BAR,
    )
    assert "$x^2$ & <b>bold</b>" in _texts(_svg(table))


def test_a_table_with_no_chart_or_nothing_to_draw_has_none():
    assert chart_svg(Table("t", "T", ("A",), trend_table().rows)) == ""
    empty = on_time_table(acknowledged=(None,) * 5, answered=(None,) * 5)
    assert not charted(empty) and chart_svg(empty) == ""


def test_a_description_is_made_from_the_figures_when_the_table_has_none():
    assert description(on_time_table()).startswith("Share of contacts acknowledged")
    assert description(category_table()) == (
        "Bar chart of incidents by category, 8 rows. Incidents: highest Excessive telephone "
        "calls to the contact centre (31), lowest Damage to council property (1)."
    )
    assert "Contacts: 1,204 in October 2026, 978 in December 2026." in description(trend_table())


def test_a_long_year_of_months_is_drawn_with_slanted_labels():
    months = [f"Month {n}" for n in range(1, 13)]
    table = Table(
        key="year",
        title="Share answered on time by month",
        columns=("Answered on time",),
        rows=tuple(
            Row(m, (Figure(f"y.{i}", "Answered", Decimal(60 + i), Unit.PERCENT),))
            for i, m in enumerate(months)
        ),
        chart=ChartKind.LINE,
    )
    texts = _texts(_svg(table))
    assert all(m in texts for m in months)


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.captions, self.svgs, self._in = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th", "caption"):
            self._in, self._text = tag, ""
        self.svgs += tag == "svg"

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in:
            (self.captions if tag == "caption" else self.cells).append(self._text.strip())
            self._in = None


def test_the_chart_include_has_the_chart_its_description_and_every_value_in_a_table():
    table = on_time_table()
    html = render_to_string("screens/reports/_chart.html", {"table": table})
    parser = _Cells()
    parser.feed(html)
    assert parser.svgs == 1
    assert description(table) in html
    assert parser.captions == [f"{table.title}: the figures"]
    assert 'class="govuk-table app-chart__table"' in html
    expected = ["", *table.columns]
    for row in table.rows:
        expected += [row.label, *(value_words(f) for f in row.figures)]
    assert parser.cells == expected
    assert "No standard set" in parser.cells


def test_the_chart_include_marks_small_counts_in_words():
    html = render_to_string("screens/reports/_chart.html", {"table": category_table()})
    parser = _Cells()
    parser.feed(html)
    assert "4 (small number)" in parser.cells and "31" in parser.cells


def test_the_chart_include_without_a_chart_is_the_table_alone():
    table = Table("t", "Breaches by arrangement", ("Breaches",), category_table().rows)
    html = render_to_string("screens/reports/_chart.html", {"table": table})
    parser = _Cells()
    parser.feed(html)
    assert parser.svgs == 0 and parser.captions == ["Breaches by arrangement"]
