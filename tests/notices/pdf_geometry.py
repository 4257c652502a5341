"""What a letter's PDF looks like on paper: its lines and words with their boxes, and the
size of every run of text, read back from the PDF itself.

Positions are in millimetres from the top-left corner of the page; sizes in points. Word
and line boxes come from poppler (`pdftotext -bbox-layout`), which draws each box from the
font's ascent to its descent; sizes come from pypdf, which reports the font size and the
text matrix of each run as it is shown. Checks on the words of a letter (its language, its
wording) can start from `Page.lines` and `Page.text`.
"""

import io
import re
import subprocess
from dataclasses import dataclass, field
from xml.etree import ElementTree

from pypdf import PdfReader

MM_PER_PT = 25.4 / 72
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def within(self, other: "Box", slack: float = 0.0) -> bool:
        return (
            self.left >= other.left - slack
            and self.top >= other.top - slack
            and self.right <= other.right + slack
            and self.bottom <= other.bottom + slack
        )

    def overlap(self, other: "Box") -> tuple[float, float]:
        """How far the two boxes overlap across and down (0 when apart)."""
        across = min(self.right, other.right) - max(self.left, other.left)
        down = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(across, 0.0), max(down, 0.0)


@dataclass(frozen=True)
class Word:
    text: str
    box: Box


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    box: Box

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Run:
    """A run of text as the PDF shows it: where its baseline starts and its size."""

    text: str
    left: float
    baseline: float
    size: float


@dataclass
class Page:
    number: int  # from 1
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line.words]


def _box(element) -> Box:
    return Box(*(float(element.get(k)) * MM_PER_PT for k in ("xMin", "yMin", "xMax", "yMax")))


def _runs(reader: PdfReader, index: int, height_pt: float) -> list[Run]:
    runs: list[Run] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            size = font_size * abs(tm[0] * cm[0])
            runs.append(Run(text.strip(), x * MM_PER_PT, (height_pt - y) * MM_PER_PT, size))

    reader.pages[index].extract_text(visitor_text=visit)
    return runs


def read(data: bytes) -> list[Page]:
    """Every page of the PDF with its lines, words and runs."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    # poppler writes XHTML whose <head> may hold a bare ampersand in the title.
    xml = re.sub(rb"<head>.*?</head>", b"", xml, flags=re.S)
    root = ElementTree.fromstring(xml)  # noqa: S314 - poppler's reading of our own PDF
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for index, element in enumerate(root.iter(f"{_XHTML}page")):
        width, height = float(element.get("width")), float(element.get("height"))
        page = Page(index + 1, width * MM_PER_PT, height * MM_PER_PT)
        for line in element.iter(f"{_XHTML}line"):
            words = tuple(Word(w.text or "", _box(w)) for w in line.iter(f"{_XHTML}word") if w.text)
            if words:
                page.lines.append(Line(words, _box(line)))
        page.runs = _runs(reader, index, height)
        pages.append(page)
    return pages


def overlapping_lines(page: Page, share: float = 0.25) -> list[tuple[str, str]]:
    """Pairs of lines that print over each other: side by side across and overlapping down
    by more than `share` of the shorter line's height. Boxes run from the font's ascent to
    its descent, a little taller than a tightly set line, so lines that merely touch
    overlap by a few hundredths of their height and are not counted."""
    found = []
    lines = sorted(page.lines, key=lambda line: line.box.top)
    for i, first in enumerate(lines):
        for second in lines[i + 1 :]:
            if second.box.top >= first.box.bottom:
                break
            across, down = first.box.overlap(second.box)
            tallest = min(first.box.bottom - first.box.top, second.box.bottom - second.box.top)
            if across > 0.5 and down > share * tallest:
                found.append((first.text, second.text))
    return found


def words_outside(page: Page, area: Box, slack: float = 0.3) -> list[str]:
    return [w.text for w in page.words() if not w.box.within(area, slack)]


def words_inside(page: Page, area: Box) -> list[Word]:
    """The words whose box has its centre inside `area`."""
    return [
        w
        for w in page.words()
        if area.left <= (w.box.left + w.box.right) / 2 <= area.right
        and area.top <= (w.box.top + w.box.bottom) / 2 <= area.bottom
    ]
