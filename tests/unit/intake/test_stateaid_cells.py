"""The workbook's cells for euros and exchange rates (issue 29): a number cell or text with a decimal comma is read
to the cent or to four decimals; more decimals, a date or a word is said in Norwegian."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from omstilling.intake.workbook.cells import EURO, RATE, CellError


@pytest.mark.parametrize(
    ("kind", "raw", "read"),
    [
        (EURO, 18115.94, Decimal("18115.94")),
        (EURO, "12 345,6", Decimal("12345.60")),
        (EURO, 150000, Decimal("150000.00")),
        (RATE, 8.28, Decimal("8.2800")),
        (RATE, "8,2824", Decimal("8.2824")),
        (RATE, "8.13550", Decimal("8.1355")),
    ],
)
def test_a_number_or_a_number_written_as_text_is_read(kind, raw, read):
    assert kind.read(raw) == read


@pytest.mark.parametrize(
    ("kind", "raw", "said"),
    [
        (EURO, 1.234, "har for mange desimaler: høyst 2"),
        (RATE, "8,28245", "har for mange desimaler: høyst 4"),
        (EURO, date(2014, 3, 17), "er en dato, ikke et tall"),
        (RATE, "åtte", "er ikke et tall: skriv en kurs i kroner per euro, f.eks. 8,2800"),
        (EURO, True, "er en sannhetsverdi, ikke et tall"),
    ],
)
def test_what_is_not_such_a_number_is_said(kind, raw, said):
    with pytest.raises(CellError, match=f"^{said}$"):
        kind.read(raw)


def test_a_rate_is_written_as_a_number_and_shown_with_four_decimals():
    assert RATE.write(Decimal("8.2800")) == 8.28
    assert RATE.show(Decimal("8.28")) == "8,2800"
    assert EURO.show(Decimal("18115.94")) == "18\u00a0115,94"
    assert EURO.csv_text(Decimal("18115.9")) == "18115.90"
