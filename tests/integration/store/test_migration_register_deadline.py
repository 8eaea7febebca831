"""0024 (issue 29, item 4): a database at 0023 with awards of state aid gets the event kind `registerrapport` and the
event on every programme's wheel, in the programme's written standard, as the starting wheels have it; written out,
its deadlines are the awards the register must be told of, and an award already reported is done."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import select

from omstilling.core.enums import DeadlineStatus, EventKind
from omstilling.store import db
from omstilling.store.models import Deadline, Programme, WheelEvent
from omstilling.wheel.deadlines import materialise

PROGRAMME = (
    "INSERT INTO programme (slug, name, municipality, county, county_short, status_start_year, status_end_year, "
    "timezone, language) VALUES (:slug, :name, 'Gamleby kommune', 'Vestfylket', 'VF', 2012, 2017, 'Europe/Oslo', "
    ":language)"
)
PROJECT = (
    "INSERT INTO project (programme_id, number, title, owner, focus_area_id, tags, phase, status, grant_amount, "
    "competence_building, regional_cooperation, network_project, org_number) VALUES (:p, :number, 'Ny fabrikk', "
    ":owner, (SELECT id FROM focusarea), '[]', 'forstudie', 'innvilget', 1500000, true, false, false, '910791907')"
)
AWARD = (
    "INSERT INTO aidaward (project_id, org_number, granted_on, basis, amount_nok, gross_nok, nok_per_eur, rate_day, "
    "rate_source, amount_eur, instrument, purpose, reported_on, recorded_by, recorded_at) VALUES ((SELECT id FROM "
    "project WHERE number = :number), '910791907', :granted, 'bagatell', :nok, :nok, 8.28, :granted, 'ECB', :eur, "
    "'tilskudd', '', :reported, 'leder@example.org', '2014-03-17 09:00:00')"
)


def test_the_upgrade_puts_the_register_deadline_on_every_wheel_and_its_awards_on_it(empty_engine):
    db.migrate(empty_engine, "0023")
    with empty_engine.begin() as connection:
        for slug, name, language in (("gamleby", "Omstilling Gamleby", "nb"), ("nyby", "Omstilling Nyby", "nn")):
            connection.execute(sa.text(PROGRAMME), {"slug": slug, "name": name, "language": language})
        gamleby = connection.execute(sa.text("SELECT id FROM programme WHERE slug = 'gamleby'")).scalar()
        connection.execute(
            sa.text("INSERT INTO focusarea (programme_id, number, name) VALUES (:p, 1, 'Nyskaping')"), {"p": gamleby}
        )
        for number, owner in (("2014-01", "Gamleby Verk AS"), ("2014-02", "Gamleby Bruk AS"), ("2014-03", "Smått AS")):
            connection.execute(sa.text(PROJECT), {"p": gamleby, "number": number, "owner": owner})
        for number, nok, eur, reported in (
            ("2014-01", 1242000, "150000.00", None),  # to report by 17 September 2014
            ("2014-02", 1242000, "150000.00", "2014-05-02"),  # already reported (e.g. through the workbook)
            ("2014-03", 828000, "99999.99", None),  # under the threshold
        ):
            connection.execute(
                sa.text(AWARD),
                {"number": number, "granted": "2014-03-17", "nok": nok, "eur": eur, "reported": reported},
            )
    db.migrate(empty_engine)
    with db.session_scope(empty_engine) as session:
        events = {
            session.get(Programme, e.programme_id).slug: e
            for e in session.exec(select(WheelEvent).where(WheelEvent.kind == EventKind.AID_REPORT))
        }
        assert sorted(events) == ["gamleby", "nyby"]
        assert events["gamleby"].title == "Rapportering til Registeret for offentlig støtte"
        assert events["nyby"].title == "Rapportering til Registeret for offentleg støtte"
        assert events["gamleby"].key == "registerrapport" and events["gamleby"].responsible_roles == ["programleder"]
        assert [step["offset"] for step in events["gamleby"].ladder] == [-14, 0, 7]
        programme = session.exec(select(Programme).where(Programme.slug == "gamleby")).one()
        materialise(session, programme, 2014, date(2014, 1, 2))
        deadlines = session.exec(
            select(Deadline).where(Deadline.event_id == events["gamleby"].id).order_by(Deadline.occurrence)
        ).all()
        assert [(d.due_date, d.status) for d in deadlines] == [
            (date(2014, 9, 17), DeadlineStatus.OPEN),
            (date(2014, 9, 17), DeadlineStatus.DONE),
        ]
    from alembic import command

    command.downgrade(db.alembic_config(empty_engine), "0023")  # and back down: the event and its deadlines go
    with empty_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT COUNT(*) FROM wheelevent")).scalar() == 0
        assert connection.execute(sa.text("SELECT COUNT(*) FROM deadline")).scalar() == 0
        assert connection.execute(sa.text("SELECT COUNT(*) FROM aidaward")).scalar() == 3
