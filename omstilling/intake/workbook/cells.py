"""How one cell is read and written, per kind of column: text, whole numbers, kroner, dates, choices, lists.

`read` takes what openpyxl (or the csv module, `from_text=True`) hands over and returns the Python value, or
raises `CellError` saying what is expected, in Norwegian: programme leaders read it, in their programme's written
standard (`omstilling.core.language`: the texts here are bokmål as written, `expected` gives the current standard's). `write` is the value a
workbook cell gets, `text` the value as text, `csv_text` what a CSV file holds (text that a spreadsheet would take
for a formula guarded by an apostrophe, which the CSV reader takes off again) and `show` what a summary prints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum

from omstilling.core import language
from omstilling.core.enums import LabelledEnum, Role
from omstilling.core.formatting import date_short, number
from omstilling.core.language import N_, WrittenStandard, _, gettext
from omstilling.errors import OmstillingError
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
    """Plain text: what every other kind refines. `expecting` says what a cell must hold, as written (bokmål);
    `expected` says it in the current written standard."""

    expecting: str = N_("tekst")
    number_format: str = "@"  # text, so Excel leaves "2014-01" and "01/14" alone
    wrap: bool = False  # long text: the cells wrap, so a paragraph can be read where it stands

    @property
    def expected(self) -> str:
        return gettext(self.expecting)

    def read(self, raw: object, from_text: bool = False) -> object:
        if isinstance(raw, datetime | date | time):
            raise CellError(_("Excel har gjort teksten om til en dato; formater cellen som tekst og skriv den på nytt"))
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

    expecting: str = N_("et helt tall")
    number_format: str = "0"
    noun: str = N_("et helt tall")
    fraction: str = N_("må være et helt tall, uten desimaler")
    grouped: bool = True  # thousands separators when shown (not for years and IDs)

    def read(self, raw: object, from_text: bool = False) -> int:
        value = self._whole(raw)
        if abs(value) > LARGEST:
            raise CellError(_("er for stort: høyst %(largest)s") % {"largest": number(LARGEST)})
        return value

    def _whole(self, raw: object) -> int:
        noun = {"noun": gettext(self.noun)}
        if isinstance(raw, bool):
            raise CellError(_("er en sannhetsverdi, ikke %(noun)s") % noun)
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float):
            if raw.is_integer():
                return int(raw)
            raise CellError(gettext(self.fraction))
        if isinstance(raw, datetime | date | time):
            raise CellError(_("er en dato, ikke %(noun)s") % noun)
        text = SPACES.sub("", str(raw))
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d+[.,]\d+", text):
            raise CellError(gettext(self.fraction))
        raise CellError(_("er tekst, ikke et tall: skriv %(noun)s") % noun)

    def write(self, value: object) -> object:
        return value

    def csv_text(self, value: object) -> object:
        return self.text(value)  # a number, even a negative one, stays a number

    def show(self, value: object) -> str:
        if value is None:
            return ""
        return number(value) if self.grouped else str(value)


KRONER = Whole(
    expecting=N_("et helt beløp i kroner, uten øre"),
    number_format='#,##0" kr"',
    noun=N_("et helt beløp i kroner"),
    fraction=N_("må være et helt beløp i kroner, uten øre"),
)
YEAR = Whole(expecting=N_("et årstall, f.eks. 2014"), noun=N_("et årstall"), grouped=False)
COUNT = Whole(expecting=N_("et helt tall, 0 eller mer"), number_format="#,##0")
ID = Whole(expecting=N_("møtets ID fra eksporten (tom for nye møter)"), noun=N_("et ID-nummer"), grouped=False)
SCORE = Whole(expecting=N_("en score fra 1 til 5"), noun=N_("en score fra 1 til 5"), grouped=False)
TEXT = Kind()


@dataclass(frozen=True)
class Fraction(Kind):
    """A number with decimals (euro and cents, an exchange rate), read as a `Decimal` to `places` decimals: a number
    cell, or text with a decimal comma or point («8,28», «12 345,67»)."""

    expecting: str = N_("et tall")
    number_format: str = "0.00"
    places: int = 2

    def read(self, raw: object, from_text: bool = False) -> Decimal:
        if isinstance(raw, bool):
            raise CellError(_("er en sannhetsverdi, ikke et tall"))
        if isinstance(raw, datetime | date | time):
            raise CellError(_("er en dato, ikke et tall"))
        if isinstance(raw, int | float):
            value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        else:
            text = SPACES.sub("", str(raw)).replace(",", ".")
            if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
                raise CellError(_("er ikke et tall: skriv %(expected)s") % {"expected": self.expected})
            value = Decimal(text)
        if value != value.quantize(Decimal(1).scaleb(-self.places)):
            raise CellError(_("har for mange desimaler: høyst %(places)s") % {"places": self.places})
        return value.quantize(Decimal(1).scaleb(-self.places))

    def write(self, value: object) -> object:
        return None if value is None else float(str(value))  # a number cell (the import reads it back to `places`)

    def text(self, value: object) -> str:
        return "" if value is None else f"{Decimal(str(value)):.{self.places}f}"

    def csv_text(self, value: object) -> object:
        return self.text(value)

    def show(self, value: object) -> str:
        return "" if value is None else number(float(str(value)), self.places)


EURO = Fraction(expecting=N_("et beløp i euro, med høyst to desimaler"), number_format='#,##0.00" €"', places=2)
RATE = Fraction(expecting=N_("en kurs i kroner per euro, f.eks. 8,2800"), number_format="0.0000", places=4)


@dataclass(frozen=True)
class Prose(Kind):
    """Free text of some length (a case's background, the programme leader's own words): wrapped in its cells,
    and shortened where a summary shows it (the changes of an import)."""

    expecting: str = N_("fritekst; linjeskift er lov")
    wrap: bool = True
    shown: int = 60  # characters a summary shows

    def show(self, value: object) -> str:
        text = " ".join(self.text(value).split())
        return text if len(text) <= self.shown else text[: self.shown - 1].rstrip() + "…"


PROSE = Prose()


@dataclass(frozen=True)
class Day(Kind):
    """A calendar date: a real date cell in a workbook, ISO text (or dd.mm.åååå) in CSV."""

    expecting: str = N_("en dato (dd.mm.åååå)")
    number_format: str = "DD.MM.YYYY"

    def read(self, raw: object, from_text: bool = False) -> date:
        if isinstance(raw, datetime):
            if raw.time() != time(0):
                raise CellError(_("har et klokkeslett; skriv bare datoen"))
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise CellError(_("er et tall, ikke en dato: skriv en dato, f.eks. 16.06.2014"))
        text = str(raw).strip()
        if not from_text:
            raise CellError(_("er tekst, ikke en dato: skriv en dato i cellen, f.eks. 16.06.2014"))
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return date.fromisoformat(text)
            if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day)
        except ValueError:
            raise CellError(_("er ikke en gyldig dato")) from None
        raise CellError(_("er ikke en dato: skriv ÅÅÅÅ-MM-DD, f.eks. 2014-06-16"))

    def write(self, value: object) -> object:
        return value

    def text(self, value: object) -> str:
        return "" if value is None else value.isoformat()

    def show(self, value: object) -> str:
        return "" if value is None else date_short(value)


@dataclass(frozen=True)
class Clock(Kind):
    """A time of day, hours and minutes."""

    expecting: str = N_("et klokkeslett (tt:mm)")
    number_format: str = "HH:MM"

    def read(self, raw: object, from_text: bool = False) -> time:
        if isinstance(raw, time):
            return raw.replace(second=0, microsecond=0)
        if isinstance(raw, datetime) and raw.date() in (date(1899, 12, 30), date(1899, 12, 31), date(1900, 1, 1)):
            return raw.time().replace(second=0, microsecond=0)
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(raw).strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
        raise CellError(_("er ikke et klokkeslett: skriv tt:mm, f.eks. 09:00"))

    def write(self, value: object) -> object:
        return value

    def text(self, value: object) -> str:
        return "" if value is None else value.strftime("%H:%M")


@dataclass(frozen=True)
class YesNo(Kind):
    expecting: str = N_("Ja eller Nei")
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
        raise CellError(_("skriv Ja eller Nei"))

    def write(self, value: object) -> object:
        return None if value is None else ("Ja" if value else "Nei")

    text = write


@dataclass(frozen=True)
class Standard(Kind):
    """A programme's written standard (målform), written as people call it, «bokmål» or «nynorsk»; the codes nb and
    nn are read too, and a blank cell is bokmål."""

    expecting: str = N_("bokmål eller nynorsk (tom gir bokmål)")
    choices: tuple[str, ...] = tuple(standard.word for standard in WrittenStandard)

    def read(self, raw: object, from_text: bool = False) -> WrittenStandard:
        try:
            return WrittenStandard.parse(str(raw))
        except OmstillingError:
            raise CellError(_("ukjent målform; skriv bokmål eller nynorsk")) from None

    def write(self, value: object) -> object:
        return None if value is None else WrittenStandard(str(value)).word

    def text(self, value: object) -> str:
        return "" if value is None else WrittenStandard(str(value)).word


@dataclass(frozen=True)
class Choice(Kind):
    """One of an enum's members, by its Norwegian label (or its slug); a label in either written standard is read
    (a nynorsk programme may fill in a workbook exported in bokmål, and the other way round)."""

    expecting: str = ""  # unless given: «en av: …» the choices, in the current written standard
    enum: type[LabelledEnum] = Role
    what: str = N_("verdi")
    only: tuple[LabelledEnum, ...] = ()  # the members offered, when not all of them are (the drop-down's list)
    by_value: bool = False  # written as the member's short value («innkalling»), not its label; both are read

    @property
    def expected(self) -> str:
        if self.expecting:
            return gettext(self.expecting)
        return _("en av: %(choices)s") % {"choices": ", ".join(self.choices)}

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
        found = parse_label(self.enum, str(raw))
        if found is None:
            raise CellError(
                _("ukjent %(what)s; velg en av: %(choices)s")
                % {"what": gettext(self.what), "choices": ", ".join(self.choices)}
            )
        return found

    def write(self, value: object) -> object:
        if value is None:
            return None
        member = self.enum(value)
        return member.value if self.by_value else member.label

    text = write


@dataclass(frozen=True)
class TextList(Kind):
    """Several short texts in one cell, separated by commas: "Raufoss Industripark, SMB-Utvikling"."""

    expecting: str = N_("en liste skilt med komma")

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
    what: str = N_("verdi")

    def read(self, raw: object, from_text: bool = False) -> list[Enum]:
        items = super().read(raw, from_text)
        return [Choice(enum=self.enum, what=self.what).read(item) for item in items]

    def write(self, value: object) -> object:
        return ", ".join(self.enum(item).label for item in value) if value else None

    def text(self, value: object) -> str:
        return self.write(value) or ""


def parse_label(enum: type[LabelledEnum], text: str) -> LabelledEnum | None:
    """A member of `enum` by its slug or its label in either written standard («programleder», «programleiar»);
    None when it is none of them."""
    try:
        return enum.parse(text)
    except ValueError:
        pass
    for standard in WrittenStandard:
        with language.speaking(standard):
            try:
                return enum.parse(text)
            except ValueError:
                continue
    return None


def read_role(text: str) -> str:
    """A role's slug from its label (in either written standard) or slug, or a role group such as "styret"."""
    text = text.strip()
    if text.casefold() in ROLE_GROUPS:
        return text.casefold()
    found = parse_label(Role, text)
    if found is None:
        raise CellError(
            _("ukjent rolle «%(role)s»; velg blant: %(roles)s")
            % {"role": text, "roles": f"{_labels(Role)}, {', '.join(ROLE_GROUPS)}"}
        )
    return found.value


def show_role(slug: str) -> str:
    return slug if slug in ROLE_GROUPS else Role(slug).label


@dataclass(frozen=True)
class RoleList(TextList):
    """Roles in one cell, by label or slug, or a group such as "styret": "programleder, styreleder"."""

    expecting: str = N_("roller skilt med komma, f.eks. «programleder, styreleder»")

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

    expecting: str = N_("trinn skilt med semikolon, hvert «dager: roller», f.eks. «-14: programleder; 0: styret»")

    def read(self, raw: object, from_text: bool = False) -> list[dict]:
        steps = []
        for part in filter(str.strip, str(super().read(raw, from_text)).split(";")):
            match = LADDER_STEP.fullmatch(part)
            if not match:
                raise CellError(
                    _("«%(step)s» er ikke et trinn: skriv «dager: roller», f.eks. «-14: programleder»")
                    % {"step": part.strip()}
                )
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
