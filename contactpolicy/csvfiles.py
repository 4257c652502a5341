"""CSV files that leave the product: safe cells, written a line at a time.

Every export streams: `csv_lines` turns rows into lines as they are read, so a file of a
million rows never sits in memory, and `streaming_csv` sends them as they come.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheet software reads a file that starts with it as UTF-8.
BOM = "\ufeff"


def csv_safe(value) -> str:
    """The cell as text, with a quote before anything a spreadsheet would run."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """What `csv.writer` writes to: it hands back the one line just written."""

    def write(self, text: str) -> str:
        return text


def csv_lines(headers: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The BOM with the header line, then one line per row, every cell made safe."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([csv_safe(cell) for cell in headers])
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


def streaming_csv(lines: Iterable[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
