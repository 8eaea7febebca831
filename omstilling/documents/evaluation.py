"""The final evaluation's data pack as a workbook (xlsx): one sheet per part of Innovasjon Norge's outline for a
sluttevaluering, with the figures of `omstilling.core.figures.evaluation` (the same dict the PDF summary is rendered
from), as numbers an evaluator can sum and chart: kroner as whole numbers formatted «2 630 000 kr», dates as dates,
shares as per cent. Headers and words in the programme's written standard (the caller speaks it); employment and
unemployment have empty columns for the public statistics the evaluator adds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from fractions import Fraction
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from omstilling.core.formatting import date_long
from omstilling.core.language import _

KRONER = '#,##0" kr"'
WHOLE = "#,##0"
ONE_DECIMAL = "0.0"
PERCENT = '0" %"'
DAY = "DD.MM.YYYY"
BOLD = Font(bold=True)


class Column:
    """A column: its header, how a row gives its value, its number format and width."""

    def __init__(self, header: str, value: Callable[[dict[str, Any]], Any], fmt: str | None = None, width: int = 14):
        self.header, self.value, self.fmt, self.width = header, value, fmt, width


def _cell(value: Any) -> Any:
    if isinstance(value, Fraction):
        return float(value)
    return value


def _sheet(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[dict[str, Any]],
    totals: dict[str, Any] | None = None,
    note: str | None = None,
) -> Worksheet:
    """A sheet with a bold header row frozen at the top, one row per item, and a bold sum row when `totals` gives
    one (keyed by header); a note under the table says what the figures are."""
    sheet = book.create_sheet(title[:31])
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(vertical="top")
    for row in rows:
        sheet.append([_cell(c.value(row)) for c in columns])
    if totals is not None:
        sheet.append([_cell(totals.get(c.header)) for c in columns])
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) + 3)  # the header shows whole
        if column.fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = column.fmt
    sheet.freeze_panes = "A2"
    _printed_across(sheet)
    if note:
        sheet.append([])
        sheet.append([note])
    return sheet


def _printed_across(sheet: Worksheet) -> None:
    """Printed (or made a PDF of) in landscape, all the columns on the page's width and the header on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _area(row: dict[str, Any]) -> str | None:
    found = row.get("focus_area")
    return (
        _("Innsatsområde %(number)s: %(name)s") % {"number": found["number"], "name": found["name"]} if found else None
    )


def _level(goal: dict[str, Any]) -> str:
    if goal["level"] == "strategy":
        return _("Tiltak %(number)s") % {"number": goal["strategy"]}
    if goal["level"] == "focus_area":
        return _("Innsatsområde %(number)s") % {"number": goal["focus_area"]["number"]}
    return _("Programmet")


def _reached(goal: dict[str, Any]) -> str | None:
    """Whether a goal was reached: yes, no, not yet (its period runs on), or nothing for a qualitative goal."""
    if goal["met"] is None:
        return None
    if goal["met"]:
        return _("ja")
    return _("ikke ennå") if goal["running"] else _("nei")


def evaluation_workbook(context: dict[str, Any], title: str, made_on: date) -> bytes:
    """The data pack's workbook from a rendered evaluation's context (`documents.context.build_context`) and title."""
    e = context["evaluation"]
    period, programme = e["period"], context["programme"]
    book = Workbook()
    about = book.active
    about.title = _("Om datagrunnlaget")[:31]
    lines = [
        title,
        programme["name"],
        _("omstillingsstatus %(first)s–%(last)s") % {"first": e["first"], "last": e["last"]},
        _("tall per %(day)s") % {"day": date_long(e["until"])},
        _("Utkast per %(day)s") % {"day": date_long(made_on)},
        "",
        _(
            "Programmets datagrunnlag til den eksterne sluttevalueringen, ordnet etter Innovasjon Norges disposisjon "
            "for sluttevalueringer. Tallene er de programmet har registrert; vurderingene er evaluators."
        ),
        "",
    ]
    for line in lines:
        about.append([line])
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 100
    sheets: list[tuple[str, str]] = []

    def listed(title: str, what: str) -> str:
        sheets.append((title, what))
        return title

    _sheet(
        book,
        listed(_("Aktører"), _("Omstillingsorganisasjonen: styret, programleder, observatørene og kontaktene.")),
        [
            Column(_("Navn"), lambda r: r["name"], width=28),
            Column(_("Rolle"), lambda r: r["role"], width=32),
            Column(_("Organisasjon"), lambda r: r["organisation"], width=36),
            Column(_("Fra"), lambda r: r["term_start"], DAY, 12),
            Column(_("Til"), lambda r: r["term_end"], DAY, 12),
        ],
        e["actors"],
    )
    _sheet(
        book,
        listed(
            _("Styremøter"), _("Styremøter og styreseminarer holdt per år (tomt: ingen møter registrert det året).")
        ),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Styremøter holdt"), lambda r: r["held"], WHOLE),
            Column(_("Styreseminar"), lambda r: r["seminars"], WHOLE),
        ],
        e["meetings"],
    )
    totals = e["resource_totals"]
    _sheet(
        book,
        listed(
            _("Ressursbruk"),
            _(
                "Samlet ressursbruk per år: programmets støtte, administrasjon, bedriftenes egeninnsats og annen "
                "finansiering."
            ),
        ),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Programmets støtte"), lambda r: r["support"], KRONER, 18),
            Column(_("Administrasjon"), lambda r: r["administration"], KRONER, 18),
            Column(_("Bedriftenes egeninnsats"), lambda r: r["own"], KRONER, 20),
            Column(_("Annen finansiering"), lambda r: r["other"], KRONER, 18),
            Column(_("I alt"), lambda r: r["total"], KRONER, 18),
        ],
        e["resources"],
        {
            _("År"): _("Sum"),
            _("Programmets støtte"): totals["support"],
            _("Administrasjon"): totals["administration"],
            _("Bedriftenes egeninnsats"): totals["own"],
            _("Annen finansiering"): totals["other"],
            _("I alt"): totals["total"],
        },
        _(
            "Programmets støtte: tilsagn til prosjekter innvilget i året. Administrasjon: programadministrasjonen etter "
            "regnskapet (tomt: ikke registrert). Egeninnsats og annen finansiering: de samme prosjektenes finansiering."
        ),
    )
    _sheet(
        book,
        listed(_("Målhierarki"), _("Programmets mål, innsatsområdenes og tiltakenes, med måltall og resultat.")),
        [
            Column(_("Nivå"), _level, width=16),
            Column(_("Mål"), lambda r: r["text"], width=60),
            Column(_("Måltype"), lambda r: r["metric_label"], width=30),
            Column(_("Fra"), lambda r: r["period"][0], width=8),
            Column(_("Til"), lambda r: r["period"][1], width=8),
            Column(_("Krav"), lambda r: r["comparator"], width=14),
            Column(_("Måltall"), lambda r: None if r["qualitative"] else r["target"], WHOLE),
            Column(_("Enhet"), lambda r: r["unit"] or None, width=8),
            Column(_("Resultat"), lambda r: None if r["qualitative"] else r["actual"], WHOLE),
            Column(_("Nådd"), _reached, width=10),
            Column(_("Resultat per"), lambda r: r["as_of"], DAY, 12),
        ],
        e["hierarchy"],
        note=_("Kvalitative mål står uten måltall og resultat: vurderingen av dem er evaluators."),
    )
    _sheet(
        book,
        listed(_("Regnskap"), _("Hver budsjettlinje per år med budsjett og regnskap.")),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Type"), lambda r: r["kind_label"], width=12),
            Column(_("Budsjettlinje"), lambda r: r["label"], width=40),
            Column(_("Innsatsområde"), _area, width=32),
            Column(_("Budsjett"), lambda r: r["budget"], KRONER, 16),
            Column(_("Regnskap"), lambda r: r["actual"], KRONER, 16),
        ],
        e["accounts"],
        note=_("Regnskap står tomt der det ikke er registrert, eller året ikke er over."),
    )
    _sheet(
        book,
        listed(_("Støtte per innsatsområde"), _("Prosjekter, støtte innvilget og utbetalt per år og innsatsområde.")),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Innsatsområde"), _area, width=34),
            Column(_("Prosjekter"), lambda r: r["projects"], WHOLE),
            Column(_("Støtte innvilget"), lambda r: r["support"], KRONER, 18),
            Column(_("Utbetalt (netto)"), lambda r: r["paid"], KRONER, 18),
        ],
        e["by_area"],
    )
    _sheet(
        book,
        listed(
            _("Arbeidsplasser per bedrift"),
            _("Nye og sikrede arbeidsplasser, nye bedrifter og meromsetning per bedrift og år, som rapportert."),
        ),
        [
            Column(_("Bedrift"), lambda r: r["owner"], width=36),
            Column(_("Organisasjonsnummer"), lambda r: r["org_number"], width=20),
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Nye"), lambda r: r["new_jobs"], WHOLE, 8),
            Column(_("Sikrede"), lambda r: r["secured_jobs"], WHOLE, 8),
            Column(_("I alt"), lambda r: r["jobs"], WHOLE, 8),
            Column(_("Nye bedrifter"), lambda r: r["new_companies"], WHOLE),
            Column(_("Meromsetning"), lambda r: r["extra_revenue"], KRONER, 18),
        ],
        e["jobs_by_company"],
    )
    _sheet(
        book,
        listed(
            _("Sysselsetting"),
            _("Arbeidsplassene prosjektene har rapportert per år, med kolonner for offentlig statistikk (SSB, NAV)."),
        ),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Nye og sikrede arbeidsplasser"), lambda r: r["jobs"], WHOLE, 18),
            Column(_("Årets mål"), lambda r: r["jobs_target"], WHOLE),
            Column(_("Sysselsatte i kommunen (SSB)"), lambda r: None, WHOLE, 20),
            Column(_("Registrerte helt ledige (NAV)"), lambda r: None, WHOLE, 20),
            Column(_("Helt ledige i prosent (NAV)"), lambda r: None, ONE_DECIMAL, 20),
        ],
        period["years"],
        note=_(
            "Sysselsetting og arbeidsledighet i kommunen er offentlig statistikk og ikke en del av programmets data: "
            "kolonnene er tomme for evaluator å fylle ut."
        ),
    )
    _sheet(
        book,
        listed(_("Andre indikatorer"), _("Nye bedrifter, meromsetning, giring, kompetanseandel og samarbeid per år.")),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Nye bedrifter"), lambda r: r["new_companies"], WHOLE),
            Column(_("Meromsetning"), lambda r: r["extra_revenue"], KRONER, 18),
            Column(_("Giringsfaktor"), lambda r: r["leverage_ratio"], ONE_DECIMAL),
            Column(_("Kompetanseandel"), lambda r: r["competence_percent"], PERCENT),
            Column(_("Samarbeidsprosjekter"), lambda r: r["cooperation"], WHOLE, 18),
        ],
        e["others"],
    )
    _sheet(
        book,
        listed(_("Prosjekter"), _("Hvert prosjekt med bedrift, støtte, finansiering, status og resultater.")),
        [
            Column(_("Nr."), lambda r: r["number"], width=10),
            Column(_("Prosjekt"), lambda r: r["title"], width=40),
            Column(_("Bedrift"), lambda r: r["owner"], width=30),
            Column(_("Organisasjonsnummer"), lambda r: r["org_number"], width=20),
            Column(_("Innsatsområde"), _area, width=30),
            Column(_("Tiltak"), lambda r: r["strategy"], width=10),
            Column(_("Fase"), lambda r: r["phase"], width=14),
            Column(_("Status"), lambda r: r["status"], width=16),
            Column(_("Vedtaksdato"), lambda r: r["decision_date"], DAY, 12),
            Column(_("Sak"), lambda r: r["decision_case"], width=8),
            Column(_("Sluttdato"), lambda r: r["end_date"], DAY, 12),
            Column(_("Tilsagn"), lambda r: r["grant"], KRONER, 16),
            Column(_("Samlet budsjett"), lambda r: r["total_budget"], KRONER, 16),
            Column(_("Egeninnsats"), lambda r: r["funding_own"], KRONER, 16),
            Column(_("Annen finansiering"), lambda r: r["funding_other"], KRONER, 16),
            Column(_("Utbetalt (netto)"), lambda r: r["paid"], KRONER, 16),
            Column(_("Nye"), lambda r: r["new_jobs"], WHOLE, 8),
            Column(_("Sikrede"), lambda r: r["secured_jobs"], WHOLE, 8),
        ],
        e["projects"],
    )
    trend = context["psv_trend"]
    forms = {m["year"]: m["form_label"] for m in trend["means"]}
    _sheet(
        book,
        listed(_("PSV-karakterer"), _("Karakterene fra programstatusvurderingene per indikator og år.")),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Indikatorsett"), lambda r: forms.get(r["year"]), width=40),
            Column(_("Indikator"), lambda r: r["indicator"], width=34),
            Column(_("Type"), lambda r: r["kind_label"], width=18),
            Column(_("Karakter"), lambda r: r["score"], WHOLE, 10),
        ],
        [
            {"year": y, "indicator": row["indicator"], "kind_label": row["kind_label"], "score": score}
            for row in trend["rows"]
            for y, score in zip(trend["years"], row["by_year"], strict=True)
            if score is not None
        ],
    )
    _sheet(
        book,
        listed(
            _("PSV-anbefalinger"), _("Hver programstatusvurdering: konklusjonen, anbefalingene og oppfølgingen av dem.")
        ),
        [
            Column(_("År"), lambda r: r["year"], width=8),
            Column(_("Nr."), lambda r: r["number"], width=6),
            Column(_("Anbefaling"), lambda r: r["text"], width=60),
            Column(_("Oppfølging"), lambda r: r["follow_up"], width=60),
            Column(_("Status"), lambda r: r["status"], width=14),
        ],
        [r | {"year": a["year"]} for a in e["psv"] for r in a["recommendations"]],
        note="\n".join(
            f"{a['year']}: {a['conclusion'] or a['summary']}" for a in e["psv"] if a["conclusion"] or a["summary"]
        )
        or None,
    )
    about.append([_("Arkene:")])
    about[about.max_row][0].font = BOLD
    for title, what in sheets:
        about.append([f"{title}: {what}"])
    for (cell,) in about.iter_rows(min_row=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _printed_across(about)
    book.properties.creator = "omstilling"
    book.properties.title = title
    book.properties.created = book.properties.modified = datetime(made_on.year, made_on.month, made_on.day)
    data = BytesIO()
    book.save(data)
    return data.getvalue()
