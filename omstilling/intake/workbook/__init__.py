"""Programme data in and out of Excel (and CSV): the round trip programme leaders live by.

columns      the sheets and their Norwegian columns, written once
cells        how one cell is read and written (kroner, dates, choices, lists, the reminder ladder)
records      the database's rows as records, keyed as the sheets key them
export       records → workbook (drop-downs, formats, frozen headers) or CSV; instructions the Veiledning sheet
source       workbook or CSV files → plain cells; a file that is no workbook is one clear line
parse        cells → validated records through the input models, each problem at its sheet/row/column
checks       rules across rows and sheets, on the programme as it would be after the import
diff, apply  what changes, and writing it in one unit of work (nothing at all when anything is wrong)
"""

from omstilling.intake.workbook.diff import Change, SheetChanges
from omstilling.intake.workbook.export import (
    build_workbook,
    export_csv,
    export_workbook,
    write_csv,
    write_workbook,
)
from omstilling.intake.workbook.importer import ImportReport, import_workbook
from omstilling.intake.workbook.problems import CellProblem, WorkbookInvalid
from omstilling.intake.workbook.records import programme_records
from omstilling.intake.workbook.source import UnreadableFile

__all__ = [
    "CellProblem",
    "Change",
    "ImportReport",
    "SheetChanges",
    "UnreadableFile",
    "WorkbookInvalid",
    "build_workbook",
    "export_csv",
    "export_workbook",
    "import_workbook",
    "programme_records",
    "write_csv",
    "write_workbook",
]
