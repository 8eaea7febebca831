"""What is wrong with a workbook, cell by cell: `Prosjekter, rad 7, kolonne «Tilsagn (kr)»: -5 — må være et helt
beløp på 0 eller mer`. The input models' own rules (`omstilling.intake.schemas`) already speak Norwegian; pydantic's
built-in ones (a bound, a missing value) are told here in the words of the column they are about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from omstilling.errors import OmstillingError
from omstilling.intake.workbook.cells import KRONER, YEAR
from omstilling.intake.workbook.columns import Column

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


class WorkbookInvalid(OmstillingError):
    """A workbook with problems: every one is listed, and nothing was written."""

    def __init__(self, path: Path | str, problems: list[CellProblem]):
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"{self.path.name}: {len(problems)} feil; ingenting ble importert (databasen er uendret)")


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
