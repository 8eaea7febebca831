"""Charts for the documents, written as SVG by hand: jobs against target by year, budget against spending; their
words and figures in the current written standard (`omstilling.core.language`, set by `publish`).

SVG, because HTML and Typst (the PDF) take it as it is, sharp at any size, and writing it costs nothing: drawing
the same two charts with matplotlib took a fresh process about 0,7 s (0,45 s of it importing matplotlib), about as
long as all four conversions of the report. Word gets a PNG of each (`png`: Typst rasterizes the SVG, in the
process, in some 30 ms), since an SVG in a .docx needs a PNG beside it for older Word and for LibreOffice.

The layout is measured, not guessed: every word's width comes from DejaVu Sans's own advance widths (`_WIDTHS`,
the font the SVG names first and Typst draws with), so the left column is as wide as the longest budget line's
name and no two words meet (tests/unit/documents/test_chart_labels.py checks the SVG's boxes; the look lane
measures them again as Chromium lays them out)."""

from __future__ import annotations

import math
import os
import re
import struct
import textwrap
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omstilling.core.formatting import number
from omstilling.core.language import _
from omstilling.store.files import write_atomically

NEW, SECURED, TARGET, BUDGET, GRANTED, PAID = "#1f5f99", "#8fb3d9", "#c0392b", "#d5e0ec", "#1f5f99", "#2e7d32"
# The light fills (1,3:1 and 2,2:1 against white) get an edge of 4,2:1, so every bar stands out from the page as
# WCAG 1.4.11 asks of a graphic's parts (3:1); the dark ones have 5:1 or more of their own.
EDGES = {BUDGET: "#5b7fa6", SECURED: "#5b7fa6"}
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
WIDTH = 700  # the canvas is 7 inches wide, in hundredths of an inch
PT = 100 / 72  # one typographic point in the canvas's units
TITLE, LEGEND, TICKS, NAMES, SMALL = 11 * PT, 9 * PT, 10 * PT, 9 * PT, 8 * PT
GRID, AXIS = "#dddddd", "#222222"

# DejaVu Sans's advance widths in 1/2048 em, by the characters that share them (from the font's hmtx table).
_WIDTHS_BY_GROUP = {
    563: "'", 569: "ijlí", 604: "IJ", 651: " ,.’‘·\u00a0", 690: "/:;\\|", 721: "f", 739: "-", 799: "()[]", 803: "t",
    821: "!", 842: "r", 942: '"', 1024: "*_`–§", 1061: "“”", 1067: "s", 1075: "z", 1087: "?", 1126: "cç", 1141: "L",
    1178: "F", 1186: "k", 1212: "vxy", 1235: "P", 1251: "TY", 1253: "oøöóòô«»", 1255: "aåäáà", 1260: "eéèê",
    1290: "ß", 1294: "E", 1298: "hnuüúñ", 1300: "Sbdgpq", 1303: "$0123456789{}€", 1343: "K", 1401: "AVÅÄ",
    1403: "XZ", 1405: "B", 1423: "R", 1430: "C", 1499: "UÜ", 1532: "N", 1540: "H", 1577: "D", 1587: "G", 1597: "&",
    1612: "OQØÖ", 1675: "w", 1716: "#+<=>^~", 1767: "M", 1946: "%", 1985: "½", 1995: "mÆ", 2011: "æ", 2025: "W",
    2048: "@—…",
}  # fmt: skip
_WIDTHS = {char: width / 2048 for width, chars in _WIDTHS_BY_GROUP.items() for char in chars}
_UNKNOWN = 1.75  # a character outside the table (another script, a symbol): as wide as the font's widest (‱)


def text_width(text: str, size: float) -> float:
    """The width of `text` set in DejaVu Sans at `size` (canvas units)."""
    return sum(_WIDTHS.get(char, _UNKNOWN) for char in text) * size


# Characters XML 1.0 forbids (a workbook's cell may hold them): left out of the SVG, which must stay readable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass
class Word:
    """A piece of text on the canvas and the box it takes (for the tests: no two may overlap)."""

    text: str
    x: float
    y: float  # baseline
    size: float
    anchor: str = "start"  # start, middle or end, as SVG's text-anchor

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom): the advance width, and the font's ascent and descent (0,93 and 0,24 em)."""
        width = text_width(self.text, self.size)
        left = self.x - {"start": 0.0, "middle": width / 2, "end": width}[self.anchor]
        return (left, self.y - 0.93 * self.size, left + width, self.y + 0.24 * self.size)


@dataclass
class Canvas:
    """An SVG being drawn: shapes as written, and the words kept apart so their boxes can be checked."""

    height: float
    title: str
    shapes: list[str] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)

    def rect(self, x: float, y: float, width: float, height: float, colour: str) -> None:
        if width > 0 and height > 0:
            edge = f' stroke="{EDGES[colour]}" stroke-width="1"' if colour in EDGES else ""
            self.shapes.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}" fill="{colour}"{edge}/>'
            )

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> None:
        self.shapes.append(
            f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" stroke="{colour}" stroke-width="{width:.2f}"/>'
        )

    def word(self, text: str, x: float, y: float, size: float, anchor: str = "start") -> Word:
        word = Word(text, x, y, size, anchor)
        self.words.append(word)
        return word

    def _opening(self) -> str:
        size = f'width="{WIDTH / 100:g}in" height="{self.height / 100:.2f}in"'
        return f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 0 {WIDTH} {self.height:.2f}" role="img" font-family="{FONT}">'

    def svg(self) -> str:
        texts = [
            f'<text x="{w.x:.2f}" y="{w.y:.2f}" font-size="{w.size:.2f}"'
            + (f' text-anchor="{w.anchor}"' if w.anchor != "start" else "")
            + f">{_text(w.text)}</text>"
            for w in self.words
        ]
        return "\n".join(
            [
                self._opening(),
                f"<title>{_text(self.title)}</title>",
                f'<rect width="{WIDTH}" height="{self.height:.2f}" fill="#ffffff"/>',
                *self.shapes,
                f'<g fill="{AXIS}">',
                *texts,
                "</g>",
                "</svg>",
                "",
            ]
        )


def nice_ticks(most: float, bins: int, integers: bool = True) -> list[float]:
    """Round values from 0 up to `most` at most `bins` steps apart: a step of 1, 2, 2,5 or 5 times a power of ten
    (2,5 only where the values stay whole numbers), none beyond `most`."""
    if most <= 0:
        return [0]
    raw = most / bins
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if integers and step != int(step):
            continue
        if step >= raw:
            break
    step = max(step, 1) if integers else step
    count = int(most // step + 1e-9)
    return [step * n for n in range(count + 1)]


def _legend(canvas: Canvas, x: float, y: float, entries: Sequence[tuple[str, str, str]]) -> None:
    """A row of entries from `x`, baseline `y`: (kind «bar» or «line», colour, words)."""
    for kind, colour, words in entries:
        if kind == "line":
            canvas.line(x, y - LEGEND * 0.35, x + 22, y - LEGEND * 0.35, colour, 4)
        else:
            canvas.rect(x, y - LEGEND * 0.8, 22, LEGEND * 0.85, colour)
        word = canvas.word(words, x + 28, y, LEGEND)
        x = word.box[2] + 22


def _save(canvas: Canvas, path: Path) -> Path:
    return write_atomically(path, canvas.svg(), make_folder=True)


def jobs_canvas(by_year: list[dict[str, Any]]) -> Canvas | None:
    """Stacked bars of new and secured jobs per year, with the year's target as a mark. None if no data."""
    years = [row for row in by_year if row["total"] or row["target"]]
    if not years:
        return None
    title = _("Nye og sikrede arbeidsplasser per år")
    canvas = Canvas(380, title)
    canvas.word(title, WIDTH / 2, 22, TITLE, anchor="middle")
    targets = [row["target"] for row in years if row["target"]]
    top_value = max([row["total"] for row in years] + targets) * 1.15 + 1
    ticks = nice_ticks(top_value, 8)
    labels = [number(tick) for tick in ticks]
    left = 10 + max(text_width(label, TICKS) for label in labels) + 10
    right, top, bottom = WIDTH - 12, 70, canvas.height - 34
    legend: list[tuple[str, str, str]] = [("bar", NEW, _("Nye")), ("bar", SECURED, _("Sikrede"))]
    if targets:
        legend.append(("line", TARGET, _("Mål for året")))
    _legend(canvas, left, 50, legend)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / top_value

    for tick, label in zip(ticks, labels, strict=True):
        canvas.line(left - 4, y_of(tick), left, y_of(tick), AXIS, 1)
        canvas.word(label, left - 7, y_of(tick) + TICKS * 0.35, TICKS, anchor="end")
    slot = (right - left) / len(years)
    # every year named when the names fit under their bars, else every second (third …) year, from the first
    every = math.ceil((max(text_width(str(row["year"]), TICKS) for row in years) + 8) / slot)
    for index, row in enumerate(years):
        centre = left + slot * (index + 0.5)
        bar = slot * 0.6
        canvas.rect(centre - bar / 2, y_of(row["new"]), bar, y_of(0) - y_of(row["new"]), NEW)
        secured_top = y_of(row["new"] + row["secured"])
        canvas.rect(centre - bar / 2, secured_top, bar, y_of(row["new"]) - secured_top, SECURED)
        if row["target"]:
            canvas.line(centre - slot * 0.38, y_of(row["target"]), centre + slot * 0.38, y_of(row["target"]), TARGET, 4)
        if index % every == 0:
            canvas.word(str(row["year"]), centre, bottom + 8 + TICKS, TICKS, anchor="middle")
    canvas.line(left, top - 6, left, bottom, AXIS, 1)
    canvas.line(left, bottom, right, bottom, AXIS, 1)
    return canvas


def jobs_chart(by_year: list[dict[str, Any]], path: Path) -> Path | None:
    """The jobs chart written to `path` (SVG); None if no data."""
    canvas = jobs_canvas(by_year)
    return _save(canvas, path) if canvas else None


# A budget line's name is wrapped at this many letters; the chart grows in height with the lines it needs.
LABEL_WIDTH = 28
LINE_HEIGHT = NAMES * 1.2
BAR = 16


def budget_canvas(spending: list[dict[str, Any]]) -> Canvas | None:
    """Grouped horizontal bars per spending line: budget, granted, paid; None if no project lines.

    Horizontal, so a line's name (wrapped, and as long as a programme makes it) stands on its own lines left of its
    bars, in a column as wide as the longest of them, and the chart grows in height as the names and lines need: no
    two names can run into each other, whatever their length."""
    lines = [line for line in spending if line["granted"] is not None]
    if not any(line[key] for line in lines for key in ("budget", "granted", "paid")):
        return None  # (no line, or nothing budgeted, granted or paid: no bar to draw)
    names = [_wrapped(line["label"].replace("Prosjektmidler ", "")) for line in lines]
    heights = [max(3 * BAR + 14, LINE_HEIGHT * len(name) + 14) for name in names]
    top = 66
    title = _("Budsjett, innvilget og utbetalt (kr)")
    canvas = Canvas(top + sum(heights) + 30, title)
    most = max([line[key] or 0 for line in lines for key in ("budget", "granted", "paid")] + [1]) * 1.04
    ticks = nice_ticks(most, 4, integers=True)
    tick_labels = [number(tick) for tick in ticks]
    left = 8 + max(text_width(part, NAMES) for name in names for part in name) + 10
    right = WIDTH - max(12.0, text_width(tick_labels[-1], SMALL) / 2 + 4)
    bottom = top + sum(heights)
    canvas.word(title, left, 20, TITLE)
    _legend(
        canvas,
        left,
        46,
        [("bar", BUDGET, _("Budsjett")), ("bar", GRANTED, _("Innvilget")), ("bar", PAID, _("Utbetalt"))],
    )

    def x_of(value: float) -> float:
        return left + (right - left) * value / most

    for tick, label in zip(ticks, tick_labels, strict=True):
        canvas.line(x_of(tick), top, x_of(tick), bottom + 4, GRID if tick else AXIS, 1)
        canvas.word(label, x_of(tick), bottom + 8 + SMALL, SMALL, anchor="middle")
    y = float(top)
    for line, name, height in zip(lines, names, heights, strict=True):
        centre = y + height / 2
        for offset, key, colour in ((-1, "budget", BUDGET), (0, "granted", GRANTED), (1, "paid", PAID)):
            canvas.rect(left, centre + offset * BAR - BAR / 2, x_of(line[key] or 0) - left, BAR, colour)
        first = centre - LINE_HEIGHT * (len(name) - 1) / 2 + NAMES * 0.35
        for number_, part in enumerate(name):
            canvas.word(part, left - 10, first + number_ * LINE_HEIGHT, NAMES, anchor="end")
        y += height
    canvas.line(left, bottom, right, bottom, AXIS, 1)
    return canvas


def budget_chart(spending: list[dict[str, Any]], path: Path) -> Path | None:
    """The budget chart written to `path` (SVG); None if no project lines."""
    canvas = budget_canvas(spending)
    return _save(canvas, path) if canvas else None


# The names' column takes at most this much of the width; a word wider than that is broken where it must be.
NAMES_COLUMN = WIDTH * 0.45
# A name takes at most this many lines (a 216-letter word stays whole); a longer one ends in «…» (the table beside
# the chart has it whole).
NAME_LINES = 6


def _wrapped(label: str) -> list[str]:
    """A name on lines of at most LABEL_WIDTH letters, broken between words (a longer word stays whole, unless it
    is wider than the names' column: then it is cut to fit)."""
    lines = []
    for line in textwrap.wrap(label, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]:
        piece, width = "", 0.0
        for char in line:
            char_width = _WIDTHS.get(char, _UNKNOWN) * NAMES
            if piece and width + char_width > NAMES_COLUMN:
                lines.append(piece)
                piece, width = "", 0.0
            piece, width = piece + char, width + char_width
        lines.append(piece)
    if len(lines) > NAME_LINES:
        last = lines[NAME_LINES - 1]
        while last and text_width(last + " …", NAMES) > NAMES_COLUMN:
            last = last[:-1]
        lines = [*lines[: NAME_LINES - 1], last.rstrip() + " …"]
    return lines


PPI = 150


def png(svgs: Sequence[Path]) -> list[bytes]:
    """Each SVG as a PNG at 150 pixels per inch (for Word), drawn by Typst in one compilation, at the SVG's own size
    and with its size in inches recorded in the PNG (so Word places it 7 inches wide, as the other formats)."""
    if not svgs:
        return []
    import typst  # (here: only a Word document needs the pictures)

    root = Path(os.path.commonpath([svg.parent for svg in svgs]))
    names = [svg.relative_to(root).as_posix().replace("\\", "\\\\").replace('"', '\\"') for svg in svgs]
    pages = "\n#pagebreak()\n".join(f'#image("{name}")' for name in names)
    source = f"#set page(width: auto, height: auto, margin: 0pt, fill: white)\n{pages}\n"
    drawn = typst.compile(source.encode(), root=str(root), format="png", ppi=PPI)
    pictures = drawn if isinstance(drawn, list) else [drawn]
    return [_with_resolution(picture, PPI) for picture in pictures]


def _with_resolution(picture: bytes, ppi: int) -> bytes:
    """The PNG with a pHYs chunk (pixels per metre) after its header, replacing any it had."""
    per_metre = round(ppi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    chunks, at = [], 8
    while at < len(picture):
        (length,) = struct.unpack(">I", picture[at : at + 4])
        kind = picture[at + 4 : at + 8]
        end = at + 12 + length
        if kind != b"pHYs":
            chunks.append(picture[at:end])
            if kind == b"IHDR":
                chunks.append(chunk)
        at = end
    return picture[:8] + b"".join(chunks)
