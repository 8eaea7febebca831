"""Generated rows (Hypothesis) come back from a workbook, and from CSV files, exactly as they went in."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omstilling.intake.workbook.cells import Ladder
from omstilling.intake.workbook.columns import BY_NAME
from omstilling.intake.workbook.export import build_workbook, write_csv
from omstilling.intake.workbook.parse import parse_sheet
from omstilling.intake.workbook.records import key_of
from omstilling.intake.workbook.source import read_source
from tests.support.workbook import portfolios, records_of


def read_back(path: Path) -> dict[str, list[dict]]:
    """The rows of each sheet, parsed as an import into an empty programme would parse them."""
    found = {}
    for raw in read_source(path):
        if raw.name in ("Prosjekter", "Utbetalinger", "Resultater"):
            sheet = BY_NAME[raw.name]
            parsed, problems = parse_sheet(raw, sheet, {}, partial(key_of, sheet))
            assert problems == []
            found[raw.name] = [row.record for row in parsed.rows.values()]
    return found


ROUND_TRIP = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(portfolios())
def test_generated_rows_come_back_from_a_workbook_unchanged(portfolio):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generert.xlsx"
        workbook = build_workbook(records_of(portfolio))
        for name in workbook.sheetnames:
            if name not in portfolio:
                del workbook[name]  # the sheets under test only, to keep this fast
        workbook.save(path)
        assert read_back(path) == portfolio


@ROUND_TRIP
@given(portfolios())
def test_generated_rows_come_back_from_csv_files_unchanged(portfolio):
    with tempfile.TemporaryDirectory() as folder:
        write_csv(records_of(portfolio), Path(folder))
        assert read_back(Path(folder)) == portfolio


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-366, 366),
            st.lists(
                st.sampled_from(
                    ["programleder", "styreleder", "styret", "observator-fylkeskommune", "prosessveileder"]
                ),
                min_size=1,
                max_size=3,
            ),
        ),
        max_size=6,
    )
)
def test_a_generated_reminder_ladder_reads_back_as_written(steps):
    ladder = [{"offset": offset, "roles": roles} for offset, roles in steps]
    written = Ladder().write(ladder)
    assert (Ladder().read(written) if written else []) == ladder
