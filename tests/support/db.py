"""A database for a test: SQLite in a folder of its own (the PostgreSQL ones are conftest.py's fixtures), and rows
written in plain SQL into a database at an old schema, for the migrations' tests."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from omstilling.store import db


def sqlite_engine(folder: Path) -> Engine:
    """An engine on a new SQLite file in `folder` (no schema yet)."""
    return db.make_engine(f"sqlite:///{folder / 'omstilling.db'}")


def old_project(connection) -> int:
    """A programme «gamleby» with one focus area and one project (2012-01), written in SQL that every schema since the
    first accepts; the project's id."""
    connection.execute(
        sa.text(
            "INSERT INTO programme (slug, name, municipality, county, county_short, status_start_year, "
            "status_end_year, timezone) VALUES ('gamleby', 'Omstilling Gamleby', 'Gamleby kommune', "
            "'Vestfylket', 'VF', 2012, 2017, 'Europe/Oslo')"
        )
    )
    programme_id = connection.execute(sa.text("SELECT id FROM programme")).scalar()
    connection.execute(
        sa.text("INSERT INTO focusarea (programme_id, number, name) VALUES (:p, 1, 'Nyskaping')"), {"p": programme_id}
    )
    connection.execute(
        sa.text(
            "INSERT INTO project (programme_id, number, title, owner, focus_area_id, tags, phase, status, "
            "grant_amount, competence_building, regional_cooperation, network_project) VALUES (:p, '2012-01', "
            "'Ny fabrikk', 'Gamleby Verk AS', (SELECT id FROM focusarea), '[]', 'forstudie', 'innvilget', 150000, "
            "true, false, false)"
        ),
        {"p": programme_id},
    )
    return connection.execute(sa.text("SELECT id FROM project")).scalar()
