"""A report as a PDF for the leadership team, in the letters' house style (DESIGN.md §11).

The page is the letters' own (`notices/_page_style.html`: A4, their margins, "Page X of Y"),
in their font and clear-print sizes (`notices.letter.SIZES`), with the organisation's logo
from its letterhead. A cover names the organisation, the period, what the report covers and
whom it is for; the contents follow; then each section with its figures, its tables and
their charts, drawn by `charts.chart_svg` as on the page. A chart is never cut in two, and
a table that runs over a page repeats its header row.

The PDF is tagged (PDF/UA), titled and in English, as the letters are. It carries no date
of its own making, so the same report gives the same bytes: a past period's PDF can be made
again and compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from notices.letter import LABELS, SIZES
from notices.models import PrintFormat
from screens.reports.charts import chart_id, chart_svg, charted, description
from screens.reports.display import NO_STANDARD, SMALL_WORDS, value_words
from screens.reports.model import SMALL_FIGURE, Report, Table

# A table of this many rows or fewer is kept on one page rather than leave a row or two
# at the top of the next.
WHOLE_ROWS = 12


@dataclass(frozen=True)
class Chart:
    id: str
    svg: str
    description: str


def title(report: Report) -> str:
    return f"Report for {report.period.label}"


def _chart(table: Table) -> Chart | None:
    if not charted(table):
        return None
    return Chart(id=chart_id(table), svg=chart_svg(table), description=description(table))


def report_html(report: Report, *, profile) -> str:
    sections = [
        {
            "section": section,
            "figures": [(figure, value_words(figure)) for figure in section.figures],
            "tables": [
                {
                    "table": table,
                    "chart": _chart(table),
                    "rows": [
                        (row, [value_words(figure) for figure in row.figures]) for row in table.rows
                    ],
                }
                for table in section.tables
            ],
        }
        for section in report.sections
    ]
    return render_to_string(
        "screens/reports/report_pdf.html",
        {
            "report": report,
            "title": title(report),
            "audience": profile.reporting_audience,
            "logo": profile.letter_logo.path if profile.letter_logo else "",
            "sections": sections,
            "sizes": SIZES[PrintFormat.STANDARD],
            "labels": LABELS["en"],
            "small_words": SMALL_WORDS,
            "small_figure": SMALL_FIGURE,
            "no_standard": NO_STANDARD,
            "whole_rows": WHOLE_ROWS,
        },
    )


def report_pdf(report: Report, *, profile) -> bytes:
    """The report as a tagged PDF (PDF/UA)."""
    from weasyprint import HTML

    return HTML(string=report_html(report, profile=profile)).write_pdf(pdf_variant="pdf/ua-1")
