"""What a report holds: plain values that the page, the charts, the PDF and the CSV all read.

Figures are computed once (`screens.reports.figures`) and never again by an output, so the
screen, the PDF and the CSV of one period and scope always agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# A count above zero and under this may point to one person in a small team: shown but
# marked on screen, and left out of the CSV where the profile asks.
SMALL_FIGURE = 5


NO_STANDARD = "No standard set"


def number_text(value: int | Decimal) -> str:
    """A count with thousands separated; a share or a number of days to one decimal place,
    without a trailing ".0"."""
    if isinstance(value, int):
        return f"{value:,}"
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,}"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    WORKING_DAYS = "working_days"


class ChartKind(StrEnum):
    NONE = ""
    BAR = "bar"  # one bar per row; several columns are grouped side by side
    LINE = "line"  # rows are months in order; one line per column


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # the last day, included
    label: str  # "1 October to 31 December 2026"
    code: str = ""  # the period chosen by name ("2026-Q4", "2026-10", "2026"); empty for dates

    def query(self) -> dict[str, str]:
        """The GET parameters that choose this period again (`screens.reports.forms`)."""
        if self.code:
            return {"period": self.code}
        return {
            "from_0": str(self.start.day),
            "from_1": str(self.start.month),
            "from_2": str(self.start.year),
            "to_0": str(self.end.day),
            "to_1": str(self.end.month),
            "to_2": str(self.end.year),
        }


@dataclass(frozen=True)
class Scope:
    label: str  # "The whole organisation", "Housing", "Ann Smith's team"
    service_id: int | None = None
    team_lead_id: int | None = None

    def query(self) -> dict[str, str]:
        """The GET parameters that choose this scope again (`screens.reports.forms`)."""
        if self.service_id is not None:
            return {"service": str(self.service_id)}
        if self.team_lead_id is not None:
            return {"team": str(self.team_lead_id)}
        return {}


@dataclass(frozen=True)
class Figure:
    key: str  # stable and unique within a report ("contacts.channel.email"); the CSV's key
    label: str
    value: int | Decimal | None  # None: it does not apply (the profile sets no such standard)
    unit: Unit = Unit.COUNT
    records: bool = False  # a page lists the records counted
    missing: str = ""  # said instead of a value of None: "No standard set", "None due"

    @property
    def shown(self) -> str:
        """The value in words, the same on the page, in the charts and in the PDF: "1,204",
        "92.5%", "4.5 days", or why there is none. A percentage is held as 0 to 100."""
        if self.value is None:
            return self.missing or NO_STANDARD
        text = number_text(self.value)
        if self.unit is Unit.PERCENT:
            return f"{text}%"
        if self.unit is Unit.WORKING_DAYS:
            return f"{text} day" if self.value == 1 else f"{text} days"
        return text

    @property
    def small(self) -> bool:
        return (
            self.unit is Unit.COUNT
            and isinstance(self.value, int)
            and 0 < self.value < SMALL_FIGURE
        )


@dataclass(frozen=True)
class Row:
    label: str
    figures: tuple[Figure, ...]  # one per column of its table


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]  # the headings of the value columns
    rows: tuple[Row, ...]
    chart: ChartKind = ChartKind.NONE
    description: str = ""  # what the chart shows, in words, for those who cannot see it


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Report:
    organisation: str
    period: Period
    scope: Scope
    sections: tuple[Section, ...]

    def figures(self) -> Iterator[Figure]:
        """Every figure once, in the order the report shows them."""
        for section in self.sections:
            yield from section.figures
            for table in section.tables:
                for row in table.rows:
                    yield from row.figures
