"""Migration 0025: an award's legal basis names the de minimis regulation of its grant date, and the awards already
recorded get theirs by date (Regulation (EC) No 1998/2006 before 2014, (EU) No 1407/2013 in 2014-2023, (EU)
2023/2831 from 2024), on both backends; aidaward keeps its revision triggers through SQLite's rebuild."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from omstilling.store import db
from tests.support.db import old_project


def _award(connection, project: int, day: str) -> None:
    connection.execute(
        sa.text(
            "INSERT INTO aidaward (project_id, org_number, granted_on, basis, amount_nok, gross_nok, nok_per_eur, "
            "rate_day, rate_source, amount_eur, instrument, purpose, recorded_by, recorded_at) VALUES (:p, "
            "'910791907', :d, 'bagatell', 150000, 150000, 8.28, :d, 'ECB', 18115.94, 'tilskudd', '', 'leder', "
            "'2026-12-06 01:00:00')"
        ),
        {"p": project, "d": day},
    )


def test_the_awards_already_recorded_get_the_regulation_of_their_grant_date(empty_engine):
    db.migrate(empty_engine, "0024")
    with empty_engine.begin() as connection:
        project = old_project(connection)
        for day in ("2013-12-31", "2014-01-01", "2023-12-31", "2024-01-01"):
            _award(connection, project, day)
    db.migrate(empty_engine)
    with empty_engine.connect() as connection:
        found = connection.execute(sa.text("SELECT granted_on, basis FROM aidaward ORDER BY granted_on")).all()
    assert [(str(day), basis) for day, basis in found] == [
        ("2013-12-31", "bagatell-1998"),
        ("2014-01-01", "bagatell-1407"),
        ("2023-12-31", "bagatell-1407"),
        ("2024-01-01", "bagatell"),
    ]
    with empty_engine.begin() as connection:  # the revision trigger is still there: a change raises it
        before = connection.execute(sa.text("SELECT coalesce(sum(weight), 0) FROM datachange")).scalar()
        connection.execute(sa.text("UPDATE aidaward SET purpose = 'ny' WHERE granted_on = '2024-01-01'"))
        after = connection.execute(sa.text("SELECT coalesce(sum(weight), 0) FROM datachange")).scalar()
    assert after > before
    command.downgrade(db.alembic_config(empty_engine), "0024")
    with empty_engine.connect() as connection:
        assert set(connection.execute(sa.text("SELECT basis FROM aidaward")).scalars()) == {"bagatell"}
