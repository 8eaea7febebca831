"""What is wrong with a workbook, cell by cell: `Prosjekter, rad 7, kolonne «Tilsagn (kr)»: -5 — må være et helt
beløp på 0 eller mer`. The input models' own rules (`omstilling.intake.schemas`) already speak Norwegian; pydantic's
built-in ones (a bound, a missing value) are told here in the words of the column they are about. Every message is
in the written standard of the programme the workbook is for (the import speaks it: `importer.import_workbook`),
and a problem keeps that standard when it is told later (`CellProblem.standard`)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from omstilling.core import language
from omstilling.core.language import WrittenStandard, _, gettext
from omstilling.errors import OmstillingError
from omstilling.intake.workbook.cells import KRONER, YEAR
from omstilling.intake.workbook.columns import SHEETS, Column, sheet_titled


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
        return _("(tom)")
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
            return _('"%(start)s…" (%(length)s tegn)') % {"start": start, "length": thousands(len(value))}
        return f'"{value}"'
    return str(value)


@dataclass(frozen=True)
class CellProblem:
    """One thing wrong, where it is (sheet, row, column header, as the workbook names them), the value found and
    what is expected; told in the written standard it was found in."""

    sheet: str
    row: int | None
    column: str | None
    value: object
    message: str
    standard: WrittenStandard = field(default_factory=language.current, compare=False)

    def __str__(self) -> str:
        with language.speaking(self.standard):
            where = self.sheet
            if self.row is not None:
                where += _(", rad %(row)s") % {"row": self.row}
            if self.column is not None:
                where += _(", kolonne «%(column)s»") % {"column": self.column}
            if self.value is NO_VALUE:
                return f"{where}: {self.message}"
            return f"{where}: {show_value(self.value)} — {self.message}"


def place(problem: CellProblem) -> tuple[int, int, int]:
    """Where a problem is, in the order the workbook reads: sheet (as the export orders them), row, column."""
    sheet = sheet_titled(problem.sheet)
    headers = [c.headers for c in sheet.columns] if sheet else []
    column = next((i for i, found in enumerate(headers) if problem.column in found), len(headers))
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
        self.standard = language.current()  # the written standard the import spoke: what its report says
        total = len(problems) + more
        facts = {"file": self.path.name, "total": thousands(total), "shown": len(problems), "more": thousands(more)}
        if more:
            told = _(
                "%(file)s: %(total)s feil; de første %(shown)s er vist, %(more)s til er ikke vist; ingenting ble "
                "importert (databasen er uendret)"
            )
        else:
            told = _("%(file)s: %(total)s feil; ingenting ble importert (databasen er uendret)")
        super().__init__(told % facts)

    @property
    def total(self) -> int:
        return len(self.problems) + self.more


def _bound(column: Column, word: str, limit: object) -> str:
    facts = {"limit": limit}
    if column.kind is YEAR:
        return (
            _("må være %(limit)s eller senere") if word == "min" else _("må være %(limit)s eller tidligere")
        ) % facts
    if column.kind is KRONER:
        if word == "min":
            return _("må være et helt beløp på %(limit)s eller mer") % facts
        return _("må være et helt beløp på %(limit)s eller mindre") % facts
    return (_("må være %(limit)s eller mer") if word == "min" else _("må være %(limit)s eller mindre")) % facts


def explain(error: dict, column: Column) -> str:
    """A pydantic error about `column`, in Norwegian."""
    kind, ctx, message = error["type"], error.get("ctx") or {}, error["msg"].removeprefix("Value error, ")
    expected = {"expected": column.kind.expected}
    if kind == "greater_than_equal":
        return _bound(column, "min", ctx["ge"])
    if kind == "greater_than":
        if column.kind is KRONER:
            return _("må være et helt beløp over %(limit)s") % {"limit": ctx["gt"]}
        return _("må være over %(limit)s") % {"limit": ctx["gt"]}
    if kind == "less_than_equal":
        return _bound(column, "max", ctx["le"])
    if kind in ("missing", "string_too_short"):
        return _("må fylles ut: %(expected)s") % expected
    if kind == "too_short":
        return _("må ha minst én verdi")
    if kind == "string_pattern_mismatch":
        return gettext(column.rule) if column.rule else _("har feil form: %(expected)s") % expected
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace(" or ", " eller ")  # «eller» in both standards
        return _("må være en av: %(choices)s") % {"choices": choices}
    if kind != "value_error":  # another of pydantic's own (English) messages: say what the column takes
        return _("har feil form: %(expected)s") % expected
    if ": " in message and message.split(": ", 1)[0] in (column.field, "value"):
        message = message.split(": ", 1)[1]
    return message
