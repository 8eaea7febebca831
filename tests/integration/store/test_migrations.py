"""The schema is Alembic's: migrations build exactly the models' schema and keep data across upgrades."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import omstilling.store.models  # noqa: F401
from omstilling.store import db
from tests.support.db import old_project


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(db.alembic_config(db.make_engine("sqlite://")))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_the_migrations_build_exactly_the_schema_the_models_describe(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_a_database_created_at_the_first_migration_keeps_its_data_when_upgraded_to_head(empty_engine):
    first = revisions()[0]
    db.migrate(empty_engine, first)
    assert db.current_revision(empty_engine) == first
    with empty_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO programme (slug, name, municipality, county, county_short, status_start_year, "
                "status_end_year, timezone) VALUES ('gamleby', 'Omstilling Gamleby', 'Gamleby kommune', "
                "'Vestfylket', 'VF', 2012, 2017, 'Europe/Oslo')"
            )
        )
        programme_id = connection.execute(sa.text("SELECT id FROM programme WHERE slug = 'gamleby'")).scalar()
        connection.execute(
            sa.text("INSERT INTO focusarea (programme_id, number, name) VALUES (:p, 1, 'Nyskaping')"),
            {"p": programme_id},
        )
        area_id = connection.execute(sa.text("SELECT id FROM focusarea")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO project (programme_id, number, title, owner, focus_area_id, tags, phase, status, "
                "grant_amount, competence_building, regional_cooperation, network_project) VALUES (:p, '2012-01', "
                "'Ny fabrikk', 'Gamleby Verk AS', :a, '[]', 'forstudie', 'innvilget', 150000, true, false, false)"
            ),
            {"p": programme_id, "a": area_id},
        )
        project_id = connection.execute(sa.text("SELECT id FROM project")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO payment (project_id, date, kind, amount) VALUES (:p, '2012-05-01', 'utbetaling', 75000)"
            ),
            {"p": project_id},
        )
    db.migrate(empty_engine)
    assert db.current_revision(empty_engine) == db.head_revision() == revisions()[-1]
    with empty_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT name, status_end_year FROM programme")).one() == (
            "Omstilling Gamleby",
            2017,
        )
        assert connection.execute(sa.text("SELECT name FROM focusarea")).scalar() == "Nyskaping"
        assert connection.execute(sa.text("SELECT title, grant_amount FROM project")).one() == ("Ny fabrikk", 150000)
        assert connection.execute(sa.text("SELECT amount FROM payment")).scalar() == 75000


def test_migrating_twice_is_harmless(engine):
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision()


def test_two_payments_and_two_results_on_one_day_survive_every_upgrade(empty_engine):
    """Issue 11, case 13: a database at the first schema holding two same-day payments (an instalment and a
    correction) and two same-day results from one source upgrades to head, and keeps both of each."""
    db.migrate(empty_engine, revisions()[0])
    with empty_engine.begin() as connection:
        project_id = old_project(connection)
        for amount in (50000, 25000):
            connection.execute(
                sa.text(
                    "INSERT INTO payment (project_id, date, kind, amount) VALUES (:p, '2012-05-01', 'utbetaling', :a)"
                ),
                {"p": project_id, "a": amount},
            )
        for jobs in (2, 3):
            connection.execute(
                sa.text(
                    "INSERT INTO projectresult (project_id, date, new_jobs, secured_jobs, new_companies, "
                    "extra_revenue, source) VALUES (:p, '2013-01-15', :j, 0, 0, 0, 'egenrapportert')"
                ),
                {"p": project_id, "j": jobs},
            )
    db.migrate(empty_engine)
    with empty_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT amount, reference FROM payment ORDER BY id")).all() == [
            (50000, ""),
            (25000, "2"),
        ]
        assert connection.execute(sa.text("SELECT new_jobs, reference FROM projectresult ORDER BY id")).all() == [
            (2, ""),
            (3, "2"),
        ]


def test_a_database_that_ran_the_old_strict_keys_gets_the_new_ones(empty_engine):
    """A database migrated by the 0002 of before (with the strict keys) loses them at 0006: a third payment of
    the same day with its own reference is accepted, the same reference twice is still refused."""
    from alembic.operations import Operations

    db.migrate(empty_engine, "0005")
    with empty_engine.begin() as connection:
        operations = Operations(MigrationContext.configure(connection, opts={"render_as_batch": True}))
        with operations.batch_alter_table("payment") as batch:
            batch.create_unique_constraint("uq_payment_project_id_date_kind", ["project_id", "date", "kind"])
        project_id = old_project(connection)
        connection.execute(
            sa.text(
                "INSERT INTO payment (project_id, date, kind, amount) VALUES (:p, '2012-05-01', 'utbetaling', 50000)"
            ),
            {"p": project_id},
        )
    db.migrate(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO payment (project_id, date, kind, amount, reference) VALUES "
                "(:p, '2012-05-01', 'utbetaling', 1000, 'B-17')"
            ),
            {"p": project_id},
        )
    with pytest.raises(sa.exc.IntegrityError), empty_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO payment (project_id, date, kind, amount, reference) VALUES "
                "(:p, '2012-05-01', 'utbetaling', 1000, 'B-17')"
            ),
            {"p": project_id},
        )


def test_deadlines_and_the_outbox_survive_the_upgrade_from_the_first_schema(empty_engine):
    """On SQLite, batch mode rebuilds `wheelevent` (0002, 0008) by drop and rename: with foreign keys on, that
    cascaded to every deadline and outbox row. A deadline marked done and the sent history must survive."""
    db.migrate(empty_engine, revisions()[0])
    with empty_engine.begin() as connection:
        old_project(connection)
        pid = connection.execute(sa.text("SELECT id FROM programme")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO wheelevent (programme_id, key, title, kind, rrule, responsible_roles, depends_on, ladder) "
                "VALUES (:p, 'arsrapport', 'Årsrapport', 'frist', 'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31', "
                '\'["programleder"]\', \'[]\', \'[{"offset": 0, "roles": ["programleder"]}]\')'
            ),
            {"p": pid},
        )
        event = connection.execute(sa.text("SELECT id FROM wheelevent")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO deadline (programme_id, event_id, year, occurrence, due_date, status, closed_by) "
                "VALUES (:p, :e, 2014, 1, '2014-01-31', 'utfort', 'Bjørn Iversen')"
            ),
            {"p": pid, "e": event},
        )
        deadline = connection.execute(sa.text("SELECT id FROM deadline")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO outboxmessage (deadline_id, step, recipient, subject, body, status, attempts, planned_for, "
                "created_at) VALUES (:d, 1, 'leder@example.org', 'Fristen er i dag', 'Hei', 'sendt', 0, '2014-01-31', "
                "'2014-01-31 07:00:00')"
            ),
            {"d": deadline},
        )
    db.migrate(empty_engine)
    with empty_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT status, closed_by FROM deadline")).all() == [
            ("utfort", "Bjørn Iversen")
        ]
        assert connection.execute(sa.text("SELECT recipient, status FROM outboxmessage")).all() == [
            ("leder@example.org", "sendt")
        ]


def test_every_table_a_snapshot_is_made_of_raises_the_programmes_revision(engine):
    """The triggers exist after the last migration (an SQLite migration that rebuilds a table drops them), and
    one statement on a table reached through a parent raises the right programme's revision, and only that."""
    from omstilling.store import revision

    with engine.begin() as connection:
        assert revision.triggers_present(connection) == revision.expected_triggers(connection.dialect.name)
        for slug in ("a", "b"):
            connection.execute(
                sa.text(
                    "INSERT INTO programme (slug, name, municipality, county, county_short, status_start_year, "
                    "status_end_year, timezone) VALUES (:s, :s, 'K', 'F', 'F', 2012, 2017, 'Europe/Oslo')"
                ),
                {"s": slug},
            )
        a, b = (
            connection.execute(sa.text("SELECT id FROM programme WHERE slug = :s"), {"s": s}).scalar()
            for s in ("a", "b")
        )
        connection.execute(sa.text("INSERT INTO focusarea (programme_id, number, name) VALUES (:p, 1, 'N')"), {"p": b})
        area = connection.execute(sa.text("SELECT id FROM focusarea")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO project (programme_id, number, title, owner, focus_area_id, tags, phase, status, "
                "grant_amount, competence_building, regional_cooperation, network_project) "
                "VALUES (:p, '1', 'T', 'O', :a, '[]', 'forprosjekt', 'pagar', 1, false, false, false)"
            ),
            {"p": b, "a": area},
        )
        before = revision.revisions(connection, [a, b])
        assert before[a] == 0 and before[b] > 0
        connection.execute(
            sa.text("INSERT INTO funding (project_id, source, amount) SELECT id, 'program', 5 FROM project")
        )
        after = revision.revisions(connection, [a, b])
        assert after[a] == 0 and after[b] > before[b]


def test_a_migration_that_rebuilds_tables_keeps_the_revision_triggers(engine):
    """SQLite's batch mode copies a table and renames the copy: inside `triggers_dropped` it works (without, SQLite
    refuses the rename of a table a trigger names), and every trigger is back after."""
    from alembic.operations import Operations

    from omstilling.store import revision

    if engine.dialect.name != "sqlite":
        pytest.skip("Alembic's batch mode rebuilds tables only on SQLite (PostgreSQL alters them in place)")
    with engine.begin() as connection:
        operations = Operations(MigrationContext.configure(connection))
        with revision.triggers_dropped(connection):
            for table in ("programme", "project"):
                with operations.batch_alter_table(table, recreate="always"):
                    pass
        assert revision.triggers_present(connection) == revision.expected_triggers(connection.dialect.name)


def test_the_outbox_kinds_move_from_the_step_into_their_own_column(empty_engine):
    """0014: rows of every kind, written as 0013 wrote them (the kind in ranges of the step), come out with their kind
    in its own column and the step what the kind says: the ladder step, the SEQUENCE, the id an alert tells about.
    Rows that meet under the old key once converted (a reminder's step 1 and an alert's 1; an announcement's and a
    removal's SEQUENCE 0 to one address) are all kept; and going back down gives the old steps again."""
    from alembic import command

    db.migrate(empty_engine, "0013")
    with empty_engine.begin() as connection:
        old_project(connection)
        pid = connection.execute(sa.text("SELECT id FROM programme")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO wheelevent (programme_id, key, title, kind, rrule, responsible_roles, depends_on, ladder, "
                "phase) VALUES (:p, 'arsrapport', 'Årsrapport', 'frist', 'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31', "
                '\'["programleder"]\', \'[]\', \'[{"offset": -7, "roles": ["programleder"]}, '
                '{"offset": 0, "roles": ["programleder"]}]\', \'hvert-ar\')'
            ),
            {"p": pid},
        )
        connection.execute(
            sa.text(
                "INSERT INTO deadline (programme_id, event_id, year, occurrence, due_date, status) "
                "VALUES (:p, (SELECT id FROM wheelevent), 2014, 1, '2014-01-31', 'apen')"
            ),
            {"p": pid},
        )
        connection.execute(
            sa.text(
                "INSERT INTO invitation (programme_id, uid, summary, starts_at, ends_at, sequence, cancelled, updated_at) "
                "VALUES (:p, 'mote-1@omstilling', 'Styremøte', '2014-02-10 08:00:00', '2014-02-10 10:00:00', 1, true, "
                "'2014-01-20 07:00:00')"
            ),
            {"p": pid},
        )
        request, cancel = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n", "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\n"
        rows = [  # (about, step, recipient, ics): every kind as 0013 encoded it
            ("deadline", 1, "leder@example.org", None),  # a reminder, ladder step 1
            ("deadline", 2, "leder@example.org", None),  # a reminder, ladder step 2
            ("deadline", -1, "leder@example.org", None),  # an alert about row 1
            ("invitation", 1000, "medlem@example.org", request),  # an announcement, SEQUENCE 0
            ("invitation", 1001, "medlem@example.org", cancel),  # the meeting cancelled, SEQUENCE 1
            ("invitation", 1000, "gikk@example.org", request),  # an announcement, SEQUENCE 0, to one who left
            ("invitation", 2000, "gikk@example.org", cancel),  # their removal, SEQUENCE 0
            ("invitation", -6, "leder@example.org", None),  # an alert about row 6
        ]
        for about, step, recipient, ics in rows:
            connection.execute(
                sa.text(
                    f"INSERT INTO outboxmessage ({about}_id, step, recipient, subject, body, ics, status, attempts, "
                    f"planned_for, created_at, role) VALUES ((SELECT id FROM {about}), :s, :r, 'Emne', 'Tekst', :i, "
                    "'sendt', 0, '2014-01-20', '2014-01-20 07:00:00', '')"
                ),
                {"s": step, "r": recipient, "i": ics},
            )
    db.migrate(empty_engine)
    with empty_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT kind, step, recipient FROM outboxmessage ORDER BY id")).all() == [
            ("paminnelse", 1, "leder@example.org"),
            ("paminnelse", 2, "leder@example.org"),
            ("varsel", 1, "leder@example.org"),
            ("invitasjon", 0, "medlem@example.org"),
            ("avlysning", 1, "medlem@example.org"),
            ("invitasjon", 0, "gikk@example.org"),
            ("fjerning", 0, "gikk@example.org"),
            ("varsel", 6, "leder@example.org"),
        ]
    with pytest.raises(sa.exc.IntegrityError), empty_engine.begin() as connection:  # still one row per message
        connection.execute(
            sa.text(
                "INSERT INTO outboxmessage (invitation_id, kind, step, recipient, subject, body, status, attempts, "
                "planned_for, created_at, role) VALUES ((SELECT id FROM invitation), 'fjerning', 0, 'gikk@example.org', "
                "'Emne', 'Tekst', 'venter', 0, '2014-01-21', '2014-01-21 07:00:00', '')"
            )
        )
    command.downgrade(db.alembic_config(empty_engine), "0013")
    with empty_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT step FROM outboxmessage ORDER BY id")).scalars().all() == [
            step for _, step, _, _ in rows
        ]
