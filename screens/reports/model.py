"""What a report holds: plain values that the page, the charts, the PDF and the CSV all read.

Figures are computed once (`screens.reports.figures`) and never again by an output, so the
screen, the PDF and the CSV of one period and scope always agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# A count above zero and under this may point to one person in a small team: shown but
# marked on screen, and left out of the CSV where the profile asks.
SMALL_FIGURE = 5


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


@dataclass(frozen=True)
class Scope:
    label: str  # "The whole organisation", "Housing", "Ann Smith's team"
    service_id: int | None = None
    team_lead_id: int | None = None


@dataclass(frozen=True)
class Figure:
    key: str  # stable and unique within a report ("contacts.channel.email"); the CSV's key
    label: str
    value: int | Decimal | None  # None: it does not apply (the profile sets no such standard)
    unit: Unit = Unit.COUNT
    records: bool = False  # a page lists the records counted

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
