"""How one cell is read and written, per kind of column: text, whole numbers, kroner, dates, choices, lists.

`read` takes what openpyxl (or the csv module, `from_text=True`) hands over and returns the Python value, or
raises `CellError` saying what is expected, in Norwegian: programme leaders read it. `write` is the value a
workbook cell gets, `text` the value as text, `csv_text` what a CSV file holds (text that a spreadsheet would take
for a formula guarded by an apostrophe, which the CSV reader takes off again) and `show` what a summary prints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum

from omstilling.core.enums import LabelledEnum, Role
from omstilling.core.formatting import date_short, number
from omstilling.intake.schemas import ROLE_GROUPS

SPACES = re.compile(r"[\s\u00a0\u202f]+")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an .xlsx file cannot hold
LARGEST = 2**31 - 1  # the database's integer columns
# Text a spreadsheet would run as a formula when it opens a CSV file (`=HYPERLINK(…)`, `+47 999`, `-fjernet`, `@sum`),
# or text that starts with apostrophes before such a character; and the same text guarded by one more apostrophe.
FORMULA_LIKE = re.compile(r"'*[=+\-@\t\r]")
GUARDED = re.compile(r"'+[=+\-@\t\r]")


def guard_formula(text: object) -> object:
    """Text for a CSV cell that no spreadsheet takes for a formula: a leading apostrophe where it could be one.
    `unguard_formula` undoes it exactly, so `'=allerede sitert` comes back as itself too."""
    return f"'{text}" if isinstance(text, str) and FORMULA_LIKE.match(text) else text


def unguard_formula(text: object) -> object:
    """A CSV cell as it was before `guard_formula`: one leading apostrophe fewer where one was added."""
    return text[1:] if isinstance(text, str) and GUARDED.match(text) else text


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message says what is expected."""


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _labels(enum: type[LabelledEnum]) -> str:
    return ", ".join(member.label for member in enum)


@dataclass(frozen=True)
class Kind:
    """Plain text: what every other kind refines."""

    expected: str = "tekst"
    number_format: str = "@"  # text, so Excel leaves "2014-01" and "01/14" alone
    wrap: bool = False  # long text: the cells wrap, so a paragraph can be read where it stands

    def read(self, raw: object, from_text: bool = False) -> object:
        if isinstance(raw, datetime | date | time):
            raise CellError("Excel har gjort teksten om til en dato; formater cellen som tekst og skriv den på nytt")
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return str(raw).strip()

    def write(self, value: object) -> object:
        return None if value is None else ILLEGAL.sub("", str(value))

    def text(self, value: object) -> str:
        return "" if value is None else str(value)

    def csv_text(self, value: object) -> object:
        """What a CSV file holds: the text, guarded so that a spreadsheet does not run it as a formula."""
        return guard_formula(self.text(value))

    def show(self, value: object) -> str:
        return self.text(value)


@dataclass(frozen=True)
class Whole(Kind):
    """A whole number; `noun` says what kind ("et helt beløp", "et årstall") in messages."""

    expected: str = "et helt tall"
    number_format: str = "0"
    noun: str = "et helt tall"
    fraction: str = "må være et helt tall, uten desimaler"
    grouped: bool = True  # thousands separators when shown (not for years and IDs)

    def read(self, raw: object, from_text: bool = False) -> int:
        value = self._whole(raw)
        if abs(value) > LARGEST:
            raise CellError(f"er for stort: høyst {number(LARGEST)}")
        return value

    def _whole(self, raw: object) -> int:
        if isinstance(raw, bool):
            raise CellError(f"er en sannhetsverdi, ikke {self.noun}")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float):
            if raw.is_integer():
                return int(raw)
            raise CellError(self.fraction)
        if isinstance(raw, datetime | date | time):
            raise CellError(f"er en dato, ikke {self.noun}")
        text = SPACES.sub("", str(raw))
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d+[.,]\d+", text):
            raise CellError(self.fraction)
        raise CellError(f"er tekst, ikke et tall: skriv {self.noun}")

    def write(self, value: object) -> object:
        return value

    def csv_text(self, value: object) -> object:
        return self.text(value)  # a number, even a negative one, stays a number

    def show(self, value: object) -> str:
        if value is None:
            return ""
        return number(value) if self.grouped else str(value)


KRONER = Whole(
    expected="et helt beløp i kroner, uten øre",
    number_format='#,##0" kr"',
    noun="et helt beløp i kroner",
    fraction="må være et helt beløp i kroner, uten øre",
)
YEAR = Whole(expected="et årstall, f.eks. 2014", noun="et årstall", grouped=False)
COUNT = Whole(expected="et helt tall, 0 eller mer", number_format="#,##0")
ID = Whole(expected="møtets ID fra eksporten (tom for nye møter)", noun="et ID-nummer", grouped=False)
SCORE = Whole(expected="en score fra 1 til 5", noun="en score fra 1 til 5", grouped=False)
TEXT = Kind()


@dataclass(frozen=True)
class Prose(Kind):
    """Free text of some length (a case's background, the programme leader's own words): wrapped in its cells,
    and shortened where a summary shows it (the changes of an import)."""

    expected: str = "fritekst; linjeskift er lov"
    wrap: bool = True
    shown: int = 60  # characters a summary shows

    def show(self, value: object) -> str:
        text = " ".join(self.text(value).split())
        return text if len(text) <= self.shown else text[: self.shown - 1].rstrip() + "…"


PROSE = Prose()


@dataclass(frozen=True)
class Day(Kind):
    """A calendar date: a real date cell in a workbook, ISO text (or dd.mm.åååå) in CSV."""

    expected: str = "en dato (dd.mm.åååå)"
    number_format: str = "DD.MM.YYYY"

    def read(self, raw: object, from_text: bool = False) -> date:
        if isinstance(raw, datetime):
            if raw.time() != time(0):
                raise CellError("har et klokkeslett; skriv bare datoen")
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise CellError("er et tall, ikke en dato: skriv en dato, f.eks. 16.06.2014")
        text = str(raw).strip()
        if not from_text:
            raise CellError("er tekst, ikke en dato: skriv en dato i cellen, f.eks. 16.06.2014")
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return date.fromisoformat(text)
            if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day)
        except ValueError:
            raise CellError("er ikke en gyldig dato") from None
        raise CellError("er ikke en dato: skriv ÅÅÅÅ-MM-DD, f.eks. 2014-06-16")

    def write(self, value: object) -> object:
        return value

    def text(self, value: object) -> str:
        return "" if value is None else value.isoformat()

    def show(self, value: object) -> str:
        return "" if value is None else date_short(value)


@dataclass(frozen=True)
class Clock(Kind):
    """A time of day, hours and minutes."""

    expected: str = "et klokkeslett (tt:mm)"
    number_format: str = "HH:MM"

    def read(self, raw: object, from_text: bool = False) -> time:
        if isinstance(raw, time):
            return raw.replace(second=0, microsecond=0)
        if isinstance(raw, datetime) and raw.date() in (date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1)):
            return raw.time().replace(second=0, microsecond=0)
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(raw).strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
        raise CellError("er ikke et klokkeslett: skriv tt:mm, f.eks. 09:00")

    def write(self, value: object) -> object:
        return value

    def text(self, value: object) -> str:
        return "" if value is None else value.strftime("%H:%M")


@dataclass(frozen=True)
class YesNo(Kind):
    expected: str = "Ja eller Nei"
    number_format: str = "@"
    choices: tuple[str, ...] = ("Ja", "Nei")

    def read(self, raw: object, from_text: bool = False) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold()
        if text in ("ja", "j", "yes", "y", "true", "sann", "x", "1"):
            return True
        if text in ("nei", "n", "no", "false", "usann", "0"):
            return False
        raise CellError("skriv Ja eller Nei")

    def write(self, value: object) -> object:
        return None if value is None else ("Ja" if value else "Nei")

    text = write


@dataclass(frozen=True)
class Choice(Kind):
    """One of an enum's members, by its Norwegian label (or its slug)."""

    enum: type[LabelledEnum] = Role
    what: str = "verdi"
    only: tuple[LabelledEnum, ...] = ()  # the members offered, when not all of them are (the drop-down's list)
    by_value: bool = False  # written as the member's short value («innkalling»), not its label; both are read

    @property
    def members(self) -> tuple[LabelledEnum, ...]:
        return self.only or tuple(self.enum)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(member.value if self.by_value else member.label for member in self.members)

    @property
    def list_name(self) -> str:
        """The name of the drop-down's list: the enum's, or for some of its members the enum's and theirs."""
        return "+".join((self.enum.__name__, *(m.value for m in self.only)))

    def read(self, raw: object, from_text: bool = False) -> Enum:
        try:
            return self.enum.parse(str(raw))
        except ValueError:
            raise CellError(f"ukjent {self.what}; velg en av: {', '.join(self.choices)}") from None

    def write(self, value: object) -> object:
        if value is None:
            return None
        member = self.enum(value)
        return member.value if self.by_value else member.label

    text = write


@dataclass(frozen=True)
class TextList(Kind):
    """Several short texts in one cell, separated by commas: "Raufoss Industripark, SMB-Utvikling"."""

    expected: str = "en liste skilt med komma"

    def read(self, raw: object, from_text: bool = False) -> list[str]:
        return [item.strip() for item in str(super().read(raw, from_text)).split(",") if item.strip()]

    def write(self, value: object) -> object:
        return ", ".join(ILLEGAL.sub("", str(item)) for item in value) if value else None

    def text(self, value: object) -> str:
        return ", ".join(str(item) for item in value or ())


@dataclass(frozen=True)
class ChoiceList(TextList):
    """Several members of an enum in one cell: "ordinært styremøte, styreseminar"."""

    enum: type[LabelledEnum] = Role
    what: str = "verdi"

    def read(self, raw: object, from_text: bool = False) -> list[Enum]:
        items = super().read(raw, from_text)
        return [Choice(enum=self.enum, what=self.what).read(item) for item in items]

    def write(self, value: object) -> object:
        return ", ".join(self.enum(item).label for item in value) if value else None

    def text(self, value: object) -> str:
        return self.write(value) or ""


def read_role(text: str) -> str:
    """A role's slug from its label or slug, or a role group such as "styret"."""
    text = text.strip()
    if text.casefold() in ROLE_GROUPS:
        return text.casefold()
    try:
        return Role.parse(text).value
    except ValueError:
        raise CellError(f"ukjent rolle «{text}»; velg blant: {_labels(Role)}, {', '.join(ROLE_GROUPS)}") from None


def show_role(slug: str) -> str:
    return slug if slug in ROLE_GROUPS else Role(slug).label


@dataclass(frozen=True)
class RoleList(TextList):
    """Roles in one cell, by label or slug, or a group such as "styret": "programleder, styreleder"."""

    expected: str = "roller skilt med komma, f.eks. «programleder, styreleder»"

    def read(self, raw: object, from_text: bool = False) -> list[str]:
        return [read_role(item) for item in super().read(raw, from_text)]

    def write(self, value: object) -> object:
        return ", ".join(show_role(slug) for slug in value) if value else None

    def text(self, value: object) -> str:
        return self.write(value) or ""


LADDER_STEP = re.compile(r"\s*([+-]?\d+)\s*:\s*(.+)")


@dataclass(frozen=True)
class Ladder(Kind):
    """A reminder ladder in one cell: "-28: programleder; -14: programleder; 0: programleder, styreleder"."""

    expected: str = "trinn skilt med semikolon, hvert «dager: roller», f.eks. «-14: programleder; 0: styret»"

    def read(self, raw: object, from_text: bool = False) -> list[dict]:
        steps = []
        for part in filter(str.strip, str(super().read(raw, from_text)).split(";")):
            match = LADDER_STEP.fullmatch(part)
            if not match:
                raise CellError(f"«{part.strip()}» er ikke et trinn: skriv «dager: roller», f.eks. «-14: programleder»")
            roles = [read_role(item) for item in match[2].split(",") if item.strip()]
            steps.append({"offset": int(match[1]), "roles": roles})
        return steps

    def write(self, value: object) -> object:
        return "; ".join(self.step(s) for s in value) if value else None

    def text(self, value: object) -> str:
        return self.write(value) or ""

    @staticmethod
    def step(step: dict) -> str:
        offset = step["offset"]
        return f"{'+' if offset > 0 else ''}{offset}: {', '.join(show_role(r) for r in step['roles'])}"
