"""A report table's chart, drawn on the server by matplotlib as SVG markup to place inline.

The same markup goes on the page and into the PDF, so a chart works without JavaScript and
prints. It reads in a screen reader as one image (`role="img"`) named by its `<title>` and
described by its `<desc>`; the data table printed with it (`_chart.html`) says the rest.

- Bars are horizontal, one group a row: long category names read across, not slanted. Line
  charts have a point a month. Each column keeps one GOV.UK colour, at least 3:1 against
  white, and also its own pattern (bars) or marker and dash (lines), named in a legend when
  there are several; every value is written beside its bar, and beside its point on a line
  of up to six, so nothing is told by colour alone.
- A figure that does not apply (None) is left out: no bar and a break in the line, with
  "No standard set" where there is room. It is never drawn as zero.
- Text is kept as text in the house font (DejaVu Sans, bundled with matplotlib and used by
  the letters) at the clear-print size, 12 pt when the chart prints at its full width.
- The markup is safe to inline under the site's Content Security Policy: no script, no
  external reference, no `<style>` and no style attributes (each is made a presentation
  attribute); every id carries the table's key, so two charts on one page never share one.
- The same table gives the same bytes: matplotlib's SVG ids are salted with a constant and
  the file carries no date.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from dataclasses import dataclass
from xml.etree import ElementTree

from django.utils.safestring import mark_safe
from django.utils.text import slugify

from notices.letter import CLEAR_PRINT_MINIMUM
from screens.reports.model import NO_STANDARD, ChartKind, Figure, Table, Unit, number_text

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"

# Inches: the width of an A4 page's text between the letters' 20 mm margins, so the PDF
# prints the chart at its own size and 12 pt text stays 12 pt.
WIDTH = 6.69
TEXT_COLOUR = "#0b0c0c"  # GOV.UK black
SECONDARY_COLOUR = "#484949"  # GOV.UK black, tint 25%: 9:1 against white
GRID_COLOUR = "#cecece"  # GOV.UK black, tint 80%: the grid is a guide, not information


@dataclass(frozen=True)
class Series:
    colour: str
    hatch: str
    marker: str
    dashes: str


# GOV.UK Frontend's palette; each colour is at least 3:1 against white (WCAG 1.4.11).
SERIES = (
    Series("#1d70b8", "", "o", "-"),  # blue
    Series("#b7592a", "///", "s", "--"),  # orange, shade 25%
    Series("#484949", "\\\\\\", "^", ":"),  # black, tint 25%
    Series("#54319f", "xx", "D", "-."),  # purple
)

# Points under this many a line: each is labelled with its value.
LABELLED_POINTS = 6
# A row label wider than this many characters wraps, to at most three lines.
LABEL_WIDTH = 26

RC = {
    "svg.hashsalt": "contact-policy-report",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial"],
    "font.size": CLEAR_PRINT_MINIMUM,
    "text.parse_math": False,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": SECONDARY_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "hatch.linewidth": 1.5,
    "legend.frameon": False,
    "path.simplify": True,
}

_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def chart_id(table: Table) -> str:
    """The id of the table's chart on a page: "chart-incidents-category"."""
    return "chart-" + slugify(table.key.replace(".", "-").replace("_", "-"))


def charted(table: Table) -> bool:
    """Whether the table has a chart: it asks for one and has a figure to draw."""
    return table.chart is not ChartKind.NONE and any(
        figure.value is not None for row in table.rows for figure in row.figures
    )


def description(table: Table) -> str:
    """What the chart shows, in words: the table's own description, or one made from its
    figures: each column's highest and lowest row, or, over months, its first and last."""
    if table.description:
        return table.description
    kind = "Line chart" if table.chart is ChartKind.LINE else "Bar chart"
    sentences = [f"{kind} of {table.title.lower()}, {len(table.rows)} rows."]
    for index, column in enumerate(table.columns):
        pairs = [
            (row.label, row.figures[index])
            for row in table.rows
            if index < len(row.figures) and row.figures[index].value is not None
        ]
        if not pairs:
            missing = next(
                (row.figures[index].shown for row in table.rows if index < len(row.figures)),
                NO_STANDARD,
            )
            sentences.append(f"{column}: {missing[0].lower()}{missing[1:]}.")
        elif table.chart is ChartKind.LINE:
            (first_label, first), (last_label, last) = pairs[0], pairs[-1]
            sentences.append(
                f"{column}: {first.shown} in {first_label}, {last.shown} in {last_label}."
            )
        else:
            high = max(pairs, key=lambda pair: pair[1].value)
            low = min(pairs, key=lambda pair: pair[1].value)
            sentences.append(
                f"{column}: highest {high[0]} ({high[1].shown}), lowest {low[0]} ({low[1].shown})."
            )
    return " ".join(sentences)


def chart_svg(table: Table) -> str:
    """The table's chart as an `<svg>` element, or "" when it has none (`charted`)."""
    if not charted(table):
        return ""
    import matplotlib

    with matplotlib.rc_context(RC):
        figure = _line(table) if table.chart is ChartKind.LINE else _bars(table)
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(out.getvalue(), table)


# -- Drawing ---------------------------------------------------------------------------


def _column(table: Table, index: int) -> list[Figure | None]:
    return [row.figures[index] if index < len(row.figures) else None for row in table.rows]


def _unit(figures) -> Unit:
    """The unit the figures share (counts when they are mixed)."""
    units = {f.unit for f in figures if f is not None and f.value is not None}
    return units.pop() if len(units) == 1 else Unit.COUNT


def _all(table: Table) -> list[Figure]:
    return [figure for row in table.rows for figure in row.figures]


def _axis_label(unit: Unit) -> str:
    return {Unit.PERCENT: "Per cent", Unit.WORKING_DAYS: "Working days"}.get(unit, "Number")


def _wrapped(label: str) -> str:
    lines = textwrap.wrap(label, LABEL_WIDTH) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), LABEL_WIDTH, placeholder="…")]
    return "\n".join(lines)


def _highest(table: Table) -> float:
    values = [float(f.value) for f in _all(table) if f.value is not None]
    return max(values, default=0.0)


def _value_axis(axis, unit: Unit, highest: float, room: float):
    """Scale the value axis from zero, with `room` (a share of the range) beyond the
    highest value for the labels written past it."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if unit is Unit.PERCENT:
        axis.set_ticks([0, 25, 50, 75, 100])
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
        return 100 * (1 + room)
    axis.set_major_locator(MaxNLocator(nbins=5, integer=unit is Unit.COUNT))
    axis.set_major_formatter(
        FuncFormatter(lambda v, _: number_text(int(v)) if v == int(v) else f"{v:g}")
    )
    top = max(highest, 1.0)
    return top * (1 + room)


def _width(text: str, *, bold: bool = False) -> float:
    """How wide `text` sets in the chart's font, in points: its widest line."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=CLEAR_PRINT_MINIMUM, weight="bold" if bold else "normal")
    return max(
        text_to_path.get_text_width_height_descent(line, font, ismath=False)[0]
        for line in text.split("\n")
    )


def _tick_labels(axis, top: float) -> list[str]:
    formatter = axis.get_major_formatter()
    ticks = [t for t in axis.get_major_locator().tick_values(0, top) if 0 <= t <= top]
    return [formatter(t, i) for i, t in enumerate(ticks)]


# Points. The charts are laid out by hand from the widths of their texts, which is about
# twice as fast as matplotlib's constrained layout, where the width of each label decides.
LINE = CLEAR_PRINT_MINIMUM * 1.25
PAD = 6
LEGEND_COLUMNS = 2


def _legend_height(columns: int) -> float:
    return math.ceil(columns / LEGEND_COLUMNS) * (LINE + PAD) + PAD


def _legend(figure, table: Table, handles) -> None:
    if len(table.columns) > 1:
        figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0, 1),
            borderaxespad=0.2,
            ncols=min(len(table.columns), LEGEND_COLUMNS),
            handlelength=2.6,
            handleheight=1.2,
        )


def _bars(table: Table):
    from matplotlib.figure import Figure as Drawing
    from matplotlib.patches import Patch

    columns = len(table.columns)
    rows = len(table.rows)
    labels = [_wrapped(row.label) for row in table.rows]
    lines = max(label.count("\n") + 1 for label in labels)
    row_height = max(0.3 * columns + 0.2, 0.22 * lines + 0.12) * 72
    width = WIDTH * 72
    top = _legend_height(columns) if columns > 1 else PAD
    bottom = 2 * LINE + 3 * PAD
    height = rows * row_height + top + bottom
    left = max(_width(label) for label in labels) + 2 * PAD
    drawing = Drawing(figsize=(WIDTH, height / 72))
    drawing.subplots_adjust(
        left=left / width, right=1 - PAD / width, bottom=bottom / height, top=1 - top / height
    )
    ax = drawing.add_subplot()
    unit = _unit(_all(table))
    group = 0.8
    thickness = group / columns
    handles = []
    for index, name in enumerate(table.columns):
        series = SERIES[index % len(SERIES)]
        handles.append(
            Patch(facecolor=series.colour, edgecolor="white", hatch=series.hatch, label=name)
        )
        drawn: list[tuple[float, float]] = []
        for position, figure in enumerate(_column(table, index)):
            y = position - group / 2 + thickness * (index + 0.5)
            if figure is None or figure.value is None:
                ax.text(
                    0,
                    y,
                    f" {figure.shown if figure is not None else NO_STANDARD}",
                    va="center",
                    ha="left",
                    color=SECONDARY_COLOUR,
                    style="italic",
                )
                continue
            drawn.append((y, float(figure.value)))
            ax.text(float(figure.value), y, f" {figure.shown}", va="center", ha="left")
        if drawn:
            ax.barh(
                [y for y, _ in drawn],
                [value for _, value in drawn],
                height=thickness * 0.92,
                color=series.colour,
                edgecolor="white",
                hatch=series.hatch,
                linewidth=0,
            )
    ax.set_yticks(range(rows), labels=labels)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    # Room past the longest bar for the widest value written beside it.
    written = max(_width(f" {f.shown}") for f in _all(table) if f.value is not None)
    across = width - left - PAD
    room = (written + PAD) / max(across - written - PAD, 1)
    ax.set_xlim(0, _value_axis(ax.xaxis, unit, _highest(table), room))
    ax.set_xlabel(_axis_label(unit))
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    _legend(drawing, table, handles)
    return drawing


def _panels(table: Table) -> list[list[int]]:
    """Which columns share a panel: all in one when their scales are alike, else one each,
    so a column of tens is not flattened against one of thousands."""
    highs = [
        max((float(f.value) for f in _column(table, i) if f and f.value is not None), default=0)
        for i in range(len(table.columns))
    ]
    units = {f.unit for f in _all(table) if f.value is not None}
    positive = [h for h in highs if h > 0]
    alike = len(units) <= 1 and (not positive or max(positive) <= 4 * min(positive))
    return [list(range(len(table.columns)))] if alike else [[i] for i in range(len(table.columns))]


def _line(table: Table):
    from matplotlib.figure import Figure as Drawing
    from matplotlib.lines import Line2D

    panels = _panels(table)
    rows = len(table.rows)
    labels = [row.label for row in table.rows]
    width = WIDTH * 72
    widest = max(_width(label) for label in labels)
    # Month names set level while each fits its share of the width, else slanted.
    slanted = (widest + PAD) * rows > width * 0.8
    titled = len(panels) > 1
    panel = (2.1 if titled else 2.5) * 72
    gap = LINE + 3 * PAD if titled else 0
    top = (
        _legend_height(len(panels[0]))
        if len(panels[0]) > 1
        else (LINE + 2 * PAD if titled else 2 * PAD)
    )
    bottom = (widest * 0.643 + LINE + 2 * PAD) if slanted else LINE + 2 * PAD
    height = panel * len(panels) + gap * (len(panels) - 1) + top + bottom
    drawing = Drawing(figsize=(WIDTH, height / 72))
    axes = drawing.subplots(
        len(panels),
        1,
        sharex=True,
        squeeze=False,
        gridspec_kw={"bottom": bottom / height, "top": 1 - top / height, "hspace": gap / panel},
    )[:, 0]
    left = 0.0
    handles = []
    for ax, columns in zip(axes, panels, strict=True):
        unit = _unit(f for i in columns for f in _column(table, i))
        highest = 0.0
        for index in columns:
            series = SERIES[index % len(SERIES)]
            figures = _column(table, index)
            values = [math.nan if f is None or f.value is None else float(f.value) for f in figures]
            highest = max([highest, *(v for v in values if not math.isnan(v))])
            ax.plot(
                range(rows),
                values,
                color=series.colour,
                marker=series.marker,
                linestyle=series.dashes,
                linewidth=2,
                markersize=7,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    color=series.colour,
                    marker=series.marker,
                    linestyle=series.dashes,
                    linewidth=2,
                    markersize=7,
                    label=table.columns[index],
                )
            )
            if rows <= LABELLED_POINTS:
                for x, figure in enumerate(figures):
                    if figure is not None and figure.value is not None:
                        ax.annotate(
                            figure.shown,
                            (x, float(figure.value)),
                            xytext=(0, 8),
                            textcoords="offset points",
                            ha="center",
                            va="bottom",
                        )
        if rows <= LABELLED_POINTS:
            for x in range(rows):
                if all((f := _column(table, i)[x]) is None or f.value is None for i in columns):
                    ax.text(
                        x,
                        0,
                        NO_STANDARD,
                        ha="center",
                        va="bottom",
                        color=SECONDARY_COLOUR,
                        style="italic",
                    )
        upper = _value_axis(ax.yaxis, unit, highest, 0.25)
        ax.set_ylim(0, upper)
        ax.set_ylabel(_axis_label(unit))
        ticks = max(_width(label) for label in _tick_labels(ax.yaxis, upper))
        left = max(left, LINE + ticks + 3 * PAD)
        if len(panels) > 1:
            ax.set_title(table.columns[columns[0]], loc="left", fontweight="bold")
        ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_xlim(-0.4, rows - 0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes[-1].set_xticks(
        range(rows),
        labels=labels,
        rotation=40 if slanted else 0,
        ha="right" if slanted else "center",
    )
    drawing.subplots_adjust(left=left / width, right=1 - 2 * PAD / width)
    if len(panels) == 1:
        _legend(drawing, table, handles)
    return drawing


# -- From matplotlib's file to markup for a page ---------------------------------------


def _accessible(data: bytes, table: Table) -> str:
    root = ElementTree.fromstring(data)  # noqa: S314 - matplotlib's drawing of our own figures
    prefix = chart_id(table)
    for element in list(root):
        if element.tag in (f"{{{SVG}}}metadata",):
            root.remove(element)
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{{{SVG}}}style":
                parent.remove(child)
    # What the removed stylesheet set for every element, inherited from the root instead.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    referenced: set[str] = set()
    for element in root.iter():
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            # Each CSS property matplotlib writes is also an SVG presentation attribute, which
            # a Content Security Policy without 'unsafe-inline' styles does not block.
            if name:
                element.set(name, value)
        for name, value in element.attrib.items():
            referenced.update(_REFERENCE.findall(value))
            if name == f"{{{XLINK}}}href" and value.startswith("#"):
                referenced.add(value[1:])
    for element in root.iter():
        own = element.get("id")
        if own is not None:
            if own in referenced:
                element.set("id", f"{prefix}-{own}")
            else:
                del element.attrib["id"]
        for name, value in list(element.attrib.items()):
            if name == f"{{{XLINK}}}href" and value.startswith("#"):
                element.set(name, f"#{prefix}-{value[1:]}")
            elif "url(#" in value:
                element.set(name, _REFERENCE.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
    for name in ("width", "height", "version"):
        root.attrib.pop(name, None)
    root.set("class", "app-chart__image")
    root.set("width", "100%")
    root.set("preserveAspectRatio", "xMinYMin meet")
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    title = ElementTree.Element(f"{{{SVG}}}title", id=f"{prefix}-title")
    title.text = table.title
    desc = ElementTree.Element(f"{{{SVG}}}desc", id=f"{prefix}-desc")
    desc.text = description(table)
    root.insert(0, desc)
    root.insert(0, title)
    # Plain names, the namespaces declared on the root: ElementTree's prefixes are global
    # settings that any other library in the process may change.
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG}}}")
        if f"{{{XLINK}}}href" in element.attrib:
            element.set("xlink:href", element.attrib.pop(f"{{{XLINK}}}href"))
        if element.text is not None and not element.text.strip():
            element.text = None
        element.tail = None
    root.attrib = {"xmlns": SVG, "xmlns:xlink": XLINK, **root.attrib}
    # ElementTree escapes every label and description it writes.
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308
