"""The export's readable index: a PDF in the house style of the organisation's letters,
made from the export's values alone, so the release copy's index shows its redactions."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from screens.subject_access.collect import SECTIONS, describe


def index_context(data: dict, *, manual: list | None = None) -> dict:
    sections = []
    for section in SECTIONS:
        part = data["sections"][section.key]
        sections.append(
            {
                "key": section.key,
                "title": part["title"],
                "count": len(part["records"]),
                "history": len(part["history"]),
                "lines": [describe(section.key, record) for record in part["records"]],
            }
        )
    generated = dt.datetime.fromisoformat(data["generated_at"])
    return {
        "data": data,
        "sections": sections,
        "generated": generated,
        "release": data["copy"] == "release",
        "files": data["files"],
    }


def index_html(data: dict) -> str:
    return render_to_string("screens/subject_access/index_pdf.html", index_context(data))


def index_pdf(data: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=index_html(data)).write_pdf(pdf_variant="pdf/ua-1")
