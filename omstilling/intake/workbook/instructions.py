"""The instructions sheet (Veiledning): how the round trip works, then every sheet's key and every column,
drawn from the same column definitions the import reads; in the current written standard (`core.language`), as
the rest of the workbook."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from omstilling.core.language import N_, _, gettext
from omstilling.intake.workbook.columns import SHEETS

GUIDE = (
    N_("Slik bruker du arbeidsboka"),
    N_(
        "Hvert ark har én type opplysninger. Første rad er overskriftene: ikke endre dem. Hold musen over en "
        "overskrift for å se hva kolonnen skal inneholde; alt står også i tabellen under."
    ),
    N_(
        "Mørkeblå overskrift: påkrevd kolonne. Lyseblå: valgfri. En tom celle gir standardverdien (0, Nei, eller "
        "ingen verdi), også for en rad som finnes fra før."
    ),
    N_(
        "Hver rad kjennes igjen på nøkkelen sin (se tabellen). Finnes nøkkelen fra før, oppdateres raden; ellers "
        "blir den ny. Endrer du en nøkkel, blir det en ny rad, og den gamle blir stående."
    ),
    N_(
        "Importen sletter aldri: rader du fjerner fra et ark, og ark du fjerner, blir stående som de er i "
        "databasen. Egne notater kan stå på egne ark; de leses ikke."
    ),
    N_(
        "Styremøter har ingen naturlig nøkkel (dato og type endres når et møte flyttes). Derfor skriver eksporten"
        " en Møte-ID. Flytt et møte ved å endre datoen: sakene følger med, du trenger ikke endre Møtedato på "
        "arket Saker. Nye møter får tom Møte-ID og kjennes igjen på dato og type."
    ),
    N_(
        "Arket Tekster har programleders egne ord i dokumentene (sammendrag, vurdering av de kvalitative målene, "
        "kommentar til avvikene, veien videre): én rad per del av et dokument, kjent igjen på dokument, år, møte "
        "(for en rapport til styret) og del. Som på de andre arkene sletter importen ingen tekst: en rad du "
        "fjerner, blir stående. Tøm cellen Tekst for å ta bort en tekst; delen står da som ikke skrevet. Den som "
        "importerer, står som den som skrev tekstene som endres."
    ),
    N_(
        "Beløp i hele kroner, uten øre. Datoer skrives som datoer (dd.mm.åååå). Lister skrives i én celle, skilt "
        "med komma: «programleder, styreleder». Påminnelser: trinn skilt med semikolon, hvert «dager: roller», "
        "der negative dager er før fristen: «-28: programleder; -14: programleder; 0: programleder, styreleder»."
    ),
    N_(
        "Nedtrekkslistene viser gyldige verdier (statuser, faser, roller, sakstyper, innsatsområder, tiltak, "
        "prosjekter). "
        "Både teksten og kortformen godtas (f.eks. «pågår» og «pagar»)."
    ),
    N_(
        "Kontroller først: omstilling import FIL.xlsx --dry-run viser hva som vil endres, uten å skrive noe. Uten"
        " --dry-run skrives alt i én operasjon. Er noe galt, skrives ingenting, og hver feil vises med ark, rad "
        "og kolonne, verdien og hva som forventes."
    ),
    N_(
        "Nytt program: skriv et nytt kortnavn på arket Program og fyll ut resten (en tom arbeidsbok: omstilling "
        "export --template FIL.xlsx)."
    ),
    N_(
        "CSV: én fil per ark, navngitt etter arket (Prosjekter.csv), med de samme overskriftene; semikolon eller "
        "komma mellom cellene; datoer som ÅÅÅÅ-MM-DD. Importer en mappe med slike filer: omstilling import MAPPE. "
        "Tekst som begynner med =, +, - eller @ får en apostrof foran i CSV-eksporten, så regnearket ikke tar den "
        "for en formel; importen tar apostrofen bort igjen."
    ),
    N_(
        "Personvern: e-post og telefon (arket Personer) tas bare med når eksporten bes om det (--with-contacts). "
        "Del ikke en slik arbeidsbok videre."
    ),
)
TABLE = (N_("Ark"), N_("Kolonne"), N_("Påkrevd"), N_("Format"), N_("Forklaring"))
BOLD = Font(bold=True)
WRAP = "omstilling-tekst"  # a named style: much cheaper to give a cell than its own Alignment
SHEET = "omstilling-ark"


def write_instructions(worksheet: Worksheet, title: str | None, with_contacts: bool) -> None:
    """The guide, then a table of every sheet (its key and purpose) and every column."""
    workbook = worksheet.parent
    if WRAP not in workbook.named_styles:
        workbook.add_named_style(NamedStyle(WRAP, alignment=Alignment(wrap_text=True, vertical="top")))
        workbook.add_named_style(
            NamedStyle(
                SHEET,
                font=BOLD,
                fill=PatternFill("solid", fgColor="DDEBF7"),
                alignment=Alignment(wrap_text=True, vertical="top"),
            )
        )
    heading = _("Arbeidsbok for %(title)s") % {"title": title} if title else _("Arbeidsbok for et omstillingsprogram")
    worksheet.cell(1, 1, heading).font = Font(bold=True, size=14)
    row = 3
    for text in map(gettext, GUIDE):
        cell = worksheet.cell(row, 1, text if row == 3 else f"• {text}")
        cell.style = WRAP
        if row == 3:
            cell.font = BOLD
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        worksheet.row_dimensions[row].height = 15 * max(1, len(text) // 120 + 1)
        row += 1
    row += 1
    for index, header in enumerate(TABLE, start=1):
        worksheet.cell(row, index, gettext(header)).font = BOLD
    for sheet in SHEETS:
        row += 1
        key = _("Nøkkel: %(key)s") % {"key": sheet.key_headers}
        for index, value in enumerate((sheet.title, key, "", "", sheet.purpose), start=1):
            worksheet.cell(row, index, value).style = SHEET
        for column in sheet.visible(with_contacts):
            row += 1
            required = _("ja") if column.required else ""
            values = (sheet.title, column.header, required, column.kind.expected, column.explained)
            for index, value in enumerate(values, start=1):
                worksheet.cell(row, index, value).style = WRAP
    for letter, width in zip("ABCDE", (16, 24, 9, 40, 90), strict=True):
        worksheet.column_dimensions[letter].width = width
