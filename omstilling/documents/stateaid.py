"""State aid's documents (issue 29): the grant letter (tilsagnsbrev) with its de minimis paragraph, the declaration
form a company fills in (egenerklæring om bagatellmessig støtte), and the programme's awards in the fields of
Registeret for offentlig støtte (Excel and CSV).

The letter and the form are Markdown from the house's templates (`tilsagnsbrev.md.j2`, `egenerklaering.md.j2`), made
into HTML, Word and PDF/A as every document is (`publish.convert`, `pdf.markdown_to_pdf`, without a first page of
their own: a letter opens with its heading). Every word, date and number is in the programme's written standard.
Plain facts in (the application layer gathers them: `omstilling.app.stateaid_documents`), bytes out."""

from __future__ import annotations

import csv
import io
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from markupsafe import Markup

from omstilling.config import get_settings
from omstilling.core import language
from omstilling.core.formatting import date_long, date_short, number
from omstilling.core.language import _, ngettext
from omstilling.core.stateaid import REGULATIONS, Regulation, ReportingRule, eur_text, org_number_text
from omstilling.documents.pdf import TitlePage, markdown_to_pdf
from omstilling.documents.publish import convert
from omstilling.documents.render import environment
from omstilling.intake.workbook.cells import guard_formula

LETTER_FORMATS = ("md", "html", "docx", "pdf")
"""What a letter or a form can be written as."""
REGISTER_FORMATS = ("xlsx", "csv")
"""What the register export can be written as."""
WIDEST_COLUMN = 40
"""The register workbook's widest column."""
ECB = "ECB"
"""The rate source of the European Central Bank's reference rates (`app.stateaid.import_rates`)."""
FORM_ROWS = 6
"""Empty rows the declaration form offers for aid from others."""
LINE = Markup("\\_" * 36)
"""A line to write on, in the form (escaped underscores)."""
ROW_SPACE = Markup("`#box(height: 6mm)`{=typst}\u00a0")
"""An empty row of the form's table, tall enough to write in on paper (the PDF; Word and HTML get a plain row)."""


def rate_text(rate: Decimal) -> str:
    """`8,2800`: NOK per euro with four decimals, as the ECB's rates have at most."""
    return number(float(rate), 4)


def rule_text(rule: ReportingRule) -> str:
    """The register's deadline in words: «6 måneder etter tildelingsdatoen», «20 virkedager etter …»."""
    if rule.working_days is not None:
        return ngettext(
            "%(num)s virkedag etter tildelingsdatoen", "%(num)s virkedager etter tildelingsdatoen", rule.working_days
        ) % {"num": rule.working_days}
    months = rule.months or 0
    return ngettext("%(num)s måned etter tildelingsdatoen", "%(num)s måneder etter tildelingsdatoen", months) % {
        "num": months
    }


# --- The facts --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AidLine:
    """One award or declared aid counted in the company's three years: from whom, for what, when, how much."""

    grantor: str
    reference: str
    granted: date
    eur: Decimal
    declared: bool


@dataclass(frozen=True)
class LetterFacts:
    """What a grant letter says: the grantor (the programme), the recipient, the project and the board's decision,
    the award (amounts, rate, grant date), the single undertaking's aid in the three years that end on the grant
    date, the ceiling, and when the programme reports the award to the register (None: under its threshold)."""

    programme: str
    municipality: str
    language: str
    project: str
    project_title: str
    owner: str
    org_number: str
    decision_date: date | None
    decision_case: str | None
    granted_on: date
    amount_nok: int
    gross_nok: int
    instrument: str
    """The instrument's key (`core.stateaid.AidInstrument`): «tilskudd», «lan», «garanti»."""
    nok_per_eur: Decimal
    rate_day: date
    rate_source: str
    amount_eur: Decimal
    window_start: date
    window_end: date
    linked: tuple[str, ...]
    """The other organisation numbers that count as one undertaking with the recipient."""
    lines: tuple[AidLine, ...]
    total_eur: Decimal
    ceiling_eur: Decimal
    report_by: date | None
    signer: str | None
    made_on: date
    regulation: Regulation = REGULATIONS[-1]
    """The de minimis regulation in force on the grant date: the letter cites it, its ceiling and its window."""

    @property
    def left_eur(self) -> Decimal:
        return max(self.ceiling_eur - self.total_eur, Decimal(0))


@dataclass(frozen=True)
class FormFacts:
    """What the declaration form is filled in with: the programme it goes to, and the company and project when
    known (a blank form has neither)."""

    programme: str
    municipality: str
    language: str
    ceiling_eur: Decimal
    made_on: date
    owner: str | None = None
    org_number: str | None = None
    project: str | None = None
    project_title: str | None = None
    regulation: Regulation = REGULATIONS[-1]
    """The regulation the form asks under: the project's award's, else the one in force on its decision date or
    on the day the form is made."""


def _regulation(rule: Regulation, granted: date) -> dict[str, Any]:
    return {
        "name": rule.name,
        "commission": rule.commission_name,
        "article": rule.article,
        "fiscal": rule.fiscal_years,
        "year": granted.year,
    }


@dataclass(frozen=True)
class RegisterRow:
    """One award in the register's fields (`REGISTER_COLUMNS`), with whether and by when it must be reported."""

    grantor: str
    municipality: str
    org_number: str
    recipient: str
    basis: str
    purpose: str
    scheme: str
    instrument: str
    amount_nok: int
    gross_nok: int
    amount_eur: Decimal
    nok_per_eur: Decimal
    rate_day: date
    rate_source: str
    size: str
    region: str
    industry: str
    granted_on: date
    project: str
    report_by: date | None
    reported_on: date | None


@dataclass(frozen=True)
class RegisterFacts:
    """A programme's awards for the register, and the rule they were judged by."""

    programme: str
    language: str
    rows: tuple[RegisterRow, ...]
    rule: ReportingRule
    made_on: date
    year: int | None = None


# --- The letter and the form ------------------------------------------------------------------------------------


def letter_title(facts: LetterFacts) -> str:
    return _("Tilsagn om tilskudd til prosjekt %(project)s") % {"project": facts.project}


def form_title() -> str:
    return _("Egenerklæring om bagatellmessig støtte")


def _source(facts: LetterFacts) -> str | None:
    """The rate's source in words for the letter: the ECB's reference rate is named, an entered rate keeps its note."""
    return None if facts.rate_source == ECB else facts.rate_source


def _letter_context(facts: LetterFacts) -> dict[str, Any]:
    return {
        "title": letter_title(facts),
        "programme": {"name": facts.programme, "municipality": facts.municipality},
        "recipient": {
            "owner": facts.owner,
            "org": org_number_text(facts.org_number),
            "linked": ", ".join(org_number_text(n) for n in facts.linked),
        },
        "project": {"number": facts.project, "title": facts.project_title},
        "decision": {"date": facts.decision_date, "case": facts.decision_case},
        "award": {
            "granted": facts.granted_on,
            "nok": number(facts.amount_nok),
            "gross": number(facts.gross_nok),
            "is_grant": facts.instrument == "tilskudd" and facts.gross_nok == facts.amount_nok,
            "eur": eur_text(facts.amount_eur),
            "rate": rate_text(facts.nok_per_eur),
            "rate_day": facts.rate_day,
            "source": _source(facts),
        },
        "company": {
            "start": facts.window_start,
            "end": facts.window_end,
            "total": eur_text(facts.total_eur),
            "ceiling": eur_text(facts.ceiling_eur),
            "left": eur_text(facts.left_eur),
            "over": facts.total_eur > facts.ceiling_eur,
            "lines": [
                {
                    "grantor": line.grantor,
                    "reference": line.reference,
                    "granted": line.granted,
                    "eur": number(float(line.eur), 2),
                    "declared": line.declared,
                }
                for line in facts.lines
            ],
            "sum": number(float(facts.total_eur), 2),
        },
        "report_by": facts.report_by,
        "signer": facts.signer,
        "made_on": facts.made_on,
        "regulation": _regulation(facts.regulation, facts.granted_on),
    }


def _form_context(facts: FormFacts) -> dict[str, Any]:
    return {
        "title": form_title(),
        "programme": {"name": facts.programme, "municipality": facts.municipality},
        "company": {
            "owner": facts.owner,
            "org": org_number_text(facts.org_number) if facts.org_number else None,
        },
        "project": {"number": facts.project, "title": facts.project_title} if facts.project else None,
        "ceiling": eur_text(facts.ceiling_eur),
        "rows": range(FORM_ROWS),
        "line": LINE,
        "row_space": ROW_SPACE,
        "made_on": facts.made_on,
        "regulation": _regulation(facts.regulation, facts.made_on),
    }


def _render(template: str, context: dict[str, Any]) -> str:
    return environment(get_settings().templates_dir).get_template(template).render(**context)


def letter_markdown(facts: LetterFacts) -> str:
    """The grant letter's Markdown, in the programme's written standard."""
    with language.speaking(facts.language):
        return _render("tilsagnsbrev.md.j2", _letter_context(facts))


def form_markdown(facts: FormFacts) -> str:
    """The declaration form's Markdown, in the programme's written standard."""
    with language.speaking(facts.language):
        return _render("egenerklaering.md.j2", _form_context(facts))


def _files(markdown: str, page: TitlePage, formats: Sequence[str]) -> dict[str, bytes]:
    templates = get_settings().templates_dir
    made: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in formats:
            if fmt == "pdf":
                made[fmt] = markdown_to_pdf(markdown, page, Path(folder), templates, cover=False)
            else:
                made[fmt] = convert(markdown, fmt, page.title, Path(folder), templates, page)
    return made


def letter_files(facts: LetterFacts, formats: Sequence[str]) -> dict[str, bytes]:
    """The grant letter in each format (md, html, docx, pdf)."""
    markdown = letter_markdown(facts)
    with language.speaking(facts.language):
        page = TitlePage(letter_title(facts), facts.programme, facts.owner, date_long(facts.made_on))
    return _files(markdown, page, formats)


def form_files(facts: FormFacts, formats: Sequence[str]) -> dict[str, bytes]:
    """The declaration form in each format (md, html, docx, pdf)."""
    markdown = form_markdown(facts)
    with language.speaking(facts.language):
        page = TitlePage(form_title(), facts.programme, facts.owner or "", date_long(facts.made_on))
    return _files(markdown, page, formats)


# --- The register export ----------------------------------------------------------------------------------------

REGISTER_COLUMNS: tuple[str, ...] = (
    "grantor",
    "municipality",
    "org_number",
    "recipient",
    "basis",
    "purpose",
    "scheme",
    "instrument",
    "amount_nok",
    "gross_nok",
    "amount_eur",
    "nok_per_eur",
    "rate_day",
    "rate_source",
    "size",
    "region",
    "industry",
    "granted_on",
    "project",
    "must_report",
    "report_by",
    "reported_on",
)
"""The export's columns: the register's fields, then the programme's own (project, must report, by when, done)."""


def register_headers() -> list[str]:
    """The columns' names in the current written standard."""
    names = {
        "grantor": _("Støttegiver"),
        "municipality": _("Kommune"),
        "org_number": _("Mottakers organisasjonsnummer"),
        "recipient": _("Mottaker"),
        "basis": _("Hjemmel"),
        "purpose": _("Formål"),
        "scheme": _("Ordning eller ad hoc"),
        "instrument": _("Støtteinstrument"),
        "amount_nok": _("Beløp (kr)"),
        "gross_nok": _("Brutto tilskuddsekvivalent (kr)"),
        "amount_eur": _("Beløp (euro)"),
        "nok_per_eur": _("Kurs (kr per euro)"),
        "rate_day": _("Kursdato"),
        "rate_source": _("Kurskilde"),
        "size": _("Mottakers størrelse"),
        "region": _("Region"),
        "industry": _("Næring (NACE)"),
        "granted_on": _("Tildelingsdato"),
        "project": _("Prosjekt"),
        "must_report": _("Skal rapporteres"),
        "report_by": _("Rapporteringsfrist"),
        "reported_on": _("Rapportert"),
    }
    return [names[key] for key in REGISTER_COLUMNS]


def _values(row: RegisterRow) -> dict[str, Any]:
    return {
        "grantor": row.grantor,
        "municipality": row.municipality,
        "org_number": row.org_number,
        "recipient": row.recipient,
        "basis": row.basis,
        "purpose": row.purpose,
        "scheme": row.scheme,
        "instrument": row.instrument,
        "amount_nok": row.amount_nok,
        "gross_nok": row.gross_nok,
        "amount_eur": row.amount_eur,
        "nok_per_eur": row.nok_per_eur,
        "rate_day": row.rate_day,
        "rate_source": row.rate_source,
        "size": row.size,
        "region": row.region,
        "industry": row.industry,
        "granted_on": row.granted_on,
        "project": row.project,
        "must_report": _("ja") if row.report_by else _("nei"),
        "report_by": row.report_by,
        "reported_on": row.reported_on,
    }


def _notes(facts: RegisterFacts) -> list[tuple[str, str]]:
    """The export's explanation sheet: what it is, the rule it was judged by, and when it was made."""
    reported = sum(1 for r in facts.rows if r.report_by)
    return [
        (_("Program"), facts.programme),
        (_("År"), str(facts.year) if facts.year else _("alle år")),
        (_("Laget"), date_short(facts.made_on)),
        (_("Tildelinger"), str(len(facts.rows))),
        (_("Skal rapporteres"), str(reported)),
        (_("Terskel for rapportering"), eur_text(facts.rule.threshold_eur)),
        (_("Frist for rapportering"), rule_text(facts.rule)),
        (
            _("Om eksporten"),
            _(
                "Programmets tildelinger av bagatellmessig støtte med feltene Registeret for offentlig støtte "
                "(Brønnøysundregistrene) ber om. En tildeling skal rapporteres når beløpet i euro er minst terskelen, "
                "innen fristen. Terskelen og fristen er innstillinger (OMSTILLING_REGISTER_THRESHOLD_EUR, "
                "OMSTILLING_REGISTER_DEADLINE)."
            ),
        ),
    ]


def register_xlsx(facts: RegisterFacts) -> bytes:
    """The awards as an Excel workbook: a sheet of the awards (headers frozen and filtered, amounts and dates as
    numbers and dates), and a sheet that says what the export is and the rule it was judged by."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    formats = {
        "amount_nok": "#,##0",
        "gross_nok": "#,##0",
        "amount_eur": "#,##0.00",
        "nok_per_eur": "0.0000",
        "rate_day": "DD.MM.YYYY",
        "granted_on": "DD.MM.YYYY",
        "report_by": "DD.MM.YYYY",
        "reported_on": "DD.MM.YYYY",
    }
    with language.speaking(facts.language):
        headers = register_headers()
        rows = [_values(r) for r in facts.rows]
        notes = _notes(facts)
        sheet_names = (_("Tildelinger"), _("Om eksporten"))
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = sheet_names[0]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(name="Calibri", bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    keys = list(REGISTER_COLUMNS)
    for values in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in (values[k] for k in keys)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even when it looks like a formula (openpyxl's "=…")
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        longest_word = max(len(word) for word in headers[index - 1].split())
        widest = max([longest_word + 2] + [len(str(values[key] or "")) + 2 for values in rows])
        sheet.column_dimensions[letter].width = min(max(widest, 9), WIDEST_COLUMN)
        if key in formats:
            for cell in sheet[letter][1:]:
                cell.number_format = formats[key]
    # a text longer than its column (the regulation, a long purpose) wraps within it instead of being cut off by the
    # next cell, and its row is made tall enough (a spreadsheet does not grow a row for text it did not wrap itself)
    for row_number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        lines = 1
        for index, cell in enumerate(row, start=1):
            width = sheet.column_dimensions[get_column_letter(index)].width
            if isinstance(cell.value, str) and len(cell.value) + 2 > width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                lines = max(lines, math.ceil(len(cell.value) / max(width - 4, 1)))
            else:
                cell.alignment = Alignment(vertical="top")
        if lines > 1:
            sheet.row_dimensions[row_number].height = 15 * lines
    sheet.row_dimensions[1].height = 45  # the headers on up to three lines
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(len(rows) + 1, 2)}"
    # printed: landscape A4, the columns over two pages' width, the headers on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 2
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
    about = book.create_sheet(sheet_names[1])
    for name, value in notes:
        about.append([name, value])
        about.cell(about.max_row, 1).font = Font(name="Calibri", bold=True)
        about.cell(about.max_row, 1).alignment = Alignment(vertical="top")
        about.cell(about.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if len(value) > 80:  # a spreadsheet does not grow a row for wrapped text it did not write itself
            about.row_dimensions[about.max_row].height = 15 * (len(value) // 80 + 1)
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 90
    about.page_setup.orientation = "landscape"
    about.page_setup.paperSize = about.PAPERSIZE_A4
    about.sheet_properties.pageSetUpPr.fitToPage = True
    about.page_setup.fitToHeight = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_value(value: Any) -> str:
    """A value as a Norwegian spreadsheet reads it: decimal comma, dates dd.mm.åååå, nothing for none."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return str(guard_formula(value))  # «=HYPERLINK(…)», «+cmd»: text, never a formula in a spreadsheet
    return str(value)


def register_csv(facts: RegisterFacts) -> bytes:
    """The awards as CSV for a Norwegian spreadsheet: semicolons, decimal comma, dates dd.mm.åååå, UTF-8 with a
    byte order mark (so Excel reads æøå), the headers first."""
    with language.speaking(facts.language):
        headers = register_headers()
        rows = [_values(r) for r in facts.rows]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    keys = list(REGISTER_COLUMNS)
    for values in rows:
        writer.writerow([_csv_value(values[k]) for k in keys])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def register_files(facts: RegisterFacts, formats: Sequence[str]) -> dict[str, bytes]:
    """The register export in each format (xlsx, csv)."""
    makers = {"xlsx": register_xlsx, "csv": register_csv}
    return {fmt: makers[fmt](facts) for fmt in formats}
