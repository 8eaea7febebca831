"""What is wrong with a workbook, cell by cell: `Prosjekter, rad 7, kolonne «Tilsagn (kr)»: -5 — må være et helt
beløp på 0 eller mer`. The input models' own rules (`omstilling.intake.schemas`) already speak Norwegian; pydantic's
built-in ones (a bound, a missing value) are told here in the words of the column they are about."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from omstilling.errors import OmstillingError
from omstilling.intake.workbook.cells import KRONER, YEAR
from omstilling.intake.workbook.columns import BY_NAME, SHEETS, Column


class UnreadableFile(OmstillingError):
    """A file that is not a workbook (or CSV) omstilling can read; nothing was imported."""


def thousands(number: int) -> str:
    """20000 → «20 000» (a no-break space between thousands, as the Norwegian pages write numbers)."""
    return f"{number:,}".replace(",", "\u00a0")


LONGEST_SHOWN, SHOWN_START = 200, 60  # a longer cell (a text of pages) is shown by its start and its length
NO_VALUE = object()  # the problem is not about one cell's value (a missing column, a row as a whole)


def show_value(value: object) -> str:
    """A cell's value as the user typed it: text in quotes, dates as dd.mm.åååå, blank as (tom)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "(tom)"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y" if value.time() == time(0) else "%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, str):
        if len(value) > LONGEST_SHOWN:  # a page of text: its start, and how long it is
            start = " ".join(value[:SHOWN_START].split())
            return f'"{start}…" ({thousands(len(value))} tegn)'
        return f'"{value}"'
    return str(value)


@dataclass(frozen=True)
class CellProblem:
    """One thing wrong, where it is (sheet, row, column header), the value found and what is expected."""

    sheet: str
    row: int | None
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", rad {self.row}"
        if self.column is not None:
            where += f", kolonne «{self.column}»"
        if self.value is NO_VALUE:
            return f"{where}: {self.message}"
        return f"{where}: {show_value(self.value)} — {self.message}"


def place(problem: CellProblem) -> tuple[int, int, int]:
    """Where a problem is, in the order the workbook reads: sheet (as the export orders them), row, column."""
    sheet = BY_NAME.get(problem.sheet)
    headers = [c.header for c in sheet.columns] if sheet else []
    column = headers.index(problem.column) if problem.column in headers else len(headers)
    return (SHEETS.index(sheet) if sheet else -1, problem.row or 0, column)


class Problems:
    """The problems of one import: the first `limit` of them by place (sheet, row, column) kept, the rest only
    counted, so that a workbook with a million errors costs no more memory than one with `limit` (None: all kept)."""

    def __init__(self, limit: int | None = None):
        self.limit = limit
        self._kept: list[tuple[tuple[int, ...], CellProblem]] = []  # a heap of the kept: the last-placed on top
        self.seen = 0

    def add(self, problem: CellProblem) -> None:
        key = (*(-n for n in place(problem)), -self.seen)  # negated: heapq keeps the smallest on top
        self.seen += 1
        if self.limit is None or len(self._kept) < self.limit:
            heapq.heappush(self._kept, (key, problem))
        elif key > self._kept[0][0]:
            heapq.heapreplace(self._kept, (key, problem))

    def extend(self, problems: Iterable[CellProblem]) -> None:
        for problem in problems:
            self.add(problem)

    def __len__(self) -> int:
        return self.seen

    def __bool__(self) -> bool:
        return self.seen > 0

    @property
    def listed(self) -> list[CellProblem]:
        """The kept problems in place order."""
        return [problem for _, problem in sorted(self._kept, reverse=True)]

    @property
    def more(self) -> int:
        """How many were found beyond the ones kept."""
        return self.seen - len(self._kept)


class WorkbookInvalid(OmstillingError):
    """A workbook with problems: every one is listed (or, past the limit, the first ones and how many more),
    and nothing was written."""

    def __init__(self, path: Path | str, problems: list[CellProblem], more: int = 0):
        self.path = Path(path)
        self.problems = problems
        self.more = more
        total = len(problems) + more
        shown = f"; de første {len(problems)} er vist, {thousands(more)} til er ikke vist" if more else ""
        super().__init__(
            f"{self.path.name}: {thousands(total)} feil{shown}; ingenting ble importert (databasen er uendret)"
        )

    @property
    def total(self) -> int:
        return len(self.problems) + self.more


def _bound(column: Column, word: str, limit: object) -> str:
    if column.kind is YEAR:
        return f"må være {limit} eller {'senere' if word == 'min' else 'tidligere'}"
    noun = "et helt beløp på " if column.kind is KRONER else ""
    return f"må være {noun}{limit} eller {'mer' if word == 'min' else 'mindre'}"


def explain(error: dict, column: Column) -> str:
    """A pydantic error about `column`, in Norwegian."""
    kind, ctx, message = error["type"], error.get("ctx") or {}, error["msg"].removeprefix("Value error, ")
    if kind == "greater_than_equal":
        return _bound(column, "min", ctx["ge"])
    if kind == "greater_than":
        noun = "et helt beløp " if column.kind is KRONER else ""
        return f"må være {noun}over {ctx['gt']}"
    if kind == "less_than_equal":
        return _bound(column, "max", ctx["le"])
    if kind in ("missing", "string_too_short"):
        return f"må fylles ut: {column.kind.expected}"
    if kind == "too_short":
        return "må ha minst én verdi"
    if kind == "string_pattern_mismatch":
        return column.rule or f"har feil form: {column.kind.expected}"
    if kind == "literal_error":
        return f"må være en av: {str(ctx.get('expected', '')).replace(' or ', ' eller ')}"
    if kind != "value_error":  # another of pydantic's own (English) messages: say what the column takes
        return f"har feil form: {column.kind.expected}"
    if ": " in message and message.split(": ", 1)[0] in (column.field, "value"):
        message = message.split(": ", 1)[1]
    return message
