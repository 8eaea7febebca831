"""Deadlines in the database: a year's wheel materialised idempotently, and marked done or skipped.

Running `materialise` again changes nothing. When a rule changes, open deadlines that are not yet due follow
it (and occurrences the rule no longer gives are removed while open and in the future); done, skipped and
overdue ones stay as they were. Safe to run from two processes at once: the unique key
(event, year, occurrence) decides, and the loser skips the row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from omstilling.core.enums import DeadlineStatus, EventKind
from omstilling.core.formatting import date_short, number
from omstilling.core.language import _
from omstilling.core.wheel import WorkCalendar, wheel_year
from omstilling.errors import InputError, NotFound, OmstillingError, Problem
from omstilling.store.load import awards_to_report, board_meetings, decisions_to_follow_up, wheel_event_data
from omstilling.store.models import AidAward, BoardCase, BoardMeeting, ClosedDay, Deadline, Programme, WheelEvent


@dataclass(frozen=True)
class MaterialiseResult:
    created: int
    moved: int
    removed: int
    unchanged: int


def work_calendar(session: Session, programme: Programme) -> WorkCalendar:
    rules = session.exec(select(ClosedDay.rrule).where(ClosedDay.programme_id == programme.id)).all()
    return WorkCalendar.for_rules(tuple(rules))


def materialise(session: Session, programme: Programme, year: int, as_of: date) -> MaterialiseResult:
    """Write the year's deadlines of the programme's wheel (see the module's rules)."""
    events = session.exec(select(WheelEvent).where(WheelEvent.programme_id == programme.id)).all()
    meetings = board_meetings(session.exec(select(BoardMeeting).where(BoardMeeting.programme_id == programme.id)))
    decided = decisions_to_follow_up(session.exec(select(BoardCase).where(BoardCase.programme_id == programme.id)))
    reporting = {e.id for e in events if e.kind is EventKind.AID_REPORT}
    awarded = awards_to_report(session, [programme.id]).get(programme.id, ()) if reporting else ()
    status_years = (programme.status_start_year, programme.status_end_year)
    wanted = {
        (o.event.id, o.number): o
        for o in wheel_year(
            [wheel_event_data(e, meetings, status_years, decided, awarded) for e in events],
            year,
            work_calendar(session, programme),
        )
    }
    # an award already reported (its day recorded elsewhere, e.g. by the workbook) has its deadline done
    reported = (
        dict(
            session.exec(
                select(col(AidAward.id), col(AidAward.reported_on)).where(
                    col(AidAward.id).in_([k[1] for k in wanted if k[0] in reporting]),
                    col(AidAward.reported_on).is_not(None),
                )
            ).all()
        )
        if reporting
        else {}
    )
    existing = {
        (d.event_id, d.occurrence): d
        for d in session.exec(select(Deadline).where(Deadline.programme_id == programme.id, Deadline.year == year))
    }
    created = moved = removed = unchanged = 0
    for key, occurrence in wanted.items():
        deadline = existing.get(key)
        reported_on = reported.get(key[1]) if key[0] in reporting else None
        if deadline is None:
            try:
                with session.begin_nested():
                    added = Deadline(
                        programme_id=programme.id,
                        event_id=key[0],
                        year=year,
                        occurrence=key[1],
                        due_date=occurrence.due,
                    )
                    if reported_on is not None:
                        _reported(added, reported_on, programme)
                    session.add(added)
                created += 1
            except IntegrityError:  # another process materialised it first
                unchanged += 1
        elif reported_on is not None and deadline.status is DeadlineStatus.OPEN:
            _reported(deadline, reported_on, programme)
            session.add(deadline)
            moved += 1
        elif deadline.due_date != occurrence.due and _may_follow(deadline, as_of):
            deadline.due_date = occurrence.due
            session.add(deadline)
            moved += 1
        else:
            unchanged += 1
    for key, deadline in existing.items():
        if key not in wanted and _may_follow(deadline, as_of):
            session.delete(deadline)
            removed += 1
    session.flush()
    return MaterialiseResult(created, moved, removed, unchanged)


def reported_at(day: date, programme: Programme) -> datetime:
    """When an award reported on `day` counts as marked: noon in the programme's time zone, in UTC (the agenda reads
    the day back; the register takes no time of day)."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(programme.timezone or "Europe/Oslo")).astimezone(UTC)


def _reported(deadline: Deadline, day: date, programme: Programme) -> None:
    """An award's deadline done on the day it was reported."""
    deadline.status = DeadlineStatus.DONE
    deadline.closed_at = reported_at(day, programme)


def _may_follow(deadline: Deadline, as_of: date) -> bool:
    return deadline.status is DeadlineStatus.OPEN and deadline.due_date >= as_of


NOTE_LIMIT = 2000
"""The longest note a marked deadline keeps (characters), wherever it is marked from."""
BY_LIMIT = 200
"""The longest name of who marked a deadline (the column's length)."""


def find_event(session: Session, programme: Programme, text: str) -> WheelEvent | None:
    """The programme's event a person means: its key, or its title, or the document it is the deadline of
    ("Årsrapport"), or its kind ("Styremøte", "Oppfølging av vedtak"), case, accents and punctuation aside; None
    when no event, or more than one, fits."""
    from omstilling.core.enums import DocumentKind
    from omstilling.core.words import loose

    events = list(
        session.exec(select(WheelEvent).where(WheelEvent.programme_id == programme.id).order_by(WheelEvent.key))
    )
    exact = [e for e in events if e.key == text]
    if exact:
        return exact[0]
    wanted = loose(text)
    kinds = [k for k in DocumentKind if wanted in (loose(k.value), loose(k.label))]
    event_kinds = [k for k in EventKind if k in (EventKind.BOARD_MEETING, EventKind.FOLLOW_UP, EventKind.AID_REPORT)]
    event_kinds = [k for k in event_kinds if wanted in (loose(k.value), loose(k.label))]
    for fits in (
        lambda e: wanted in (loose(e.key), loose(e.title)),
        lambda e: any(str(e.document or "") == k.value for k in kinds),
        lambda e: any(str(e.kind) == k.value for k in event_kinds),
    ):
        found = [e for e in events if fits(e)]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def mark(
    session: Session,
    programme: Programme,
    event_key: str,
    year: int,
    *,
    status: DeadlineStatus,
    by: str,
    at: datetime,
    note: str | None = None,
    as_of: date,
    occurrence: int | None = None,
    due: date | None = None,
    case: str | None = None,
    project: str | None = None,
    reported_on: date | None = None,
    granted: date | None = None,
) -> Deadline:
    """Mark the year's first open deadline of an event done or skipped (or reopen it with OPEN); with
    `occurrence`, exactly that one (the web app's page is one occurrence: a board meeting of several); with `due`,
    the one due that day; with `case` (a `vedtak` event), the follow-up of that board case ("12/14"); with
    `project` (a `registerrapport` event), the report of that project's award (the one granted on `granted`, when
    it has several). The note is kept
    stripped, at most `NOTE_LIMIT` characters; a blank note is none.

    A `registerrapport` deadline and its award never disagree: marked done, the award is reported on
    `reported_on` (else the day `as_of`); opened again, it is not reported; skipped, it stays unreported."""
    note = (note or "").replace("\r\n", "\n").replace("\r", "\n").strip() or None  # a browser sends CRLF
    by = by.strip()
    problems = []
    if note is not None and len(note) > NOTE_LIMIT:
        problems.append(
            Problem(
                "merknad",
                _("er for lang: høyst %(limit)s tegn, denne har %(length)s; ingenting ble endret")
                % {"limit": number(NOTE_LIMIT), "length": number(len(note))},
            )
        )
    if len(by) > BY_LIMIT:
        problems.append(
            Problem("markert av", _("er for langt: høyst %(limit)s tegn; ingenting ble endret") % {"limit": BY_LIMIT})
        )
    for field, text in (("merknad", note or ""), ("markert av", by)):
        if any(ord(c) < 32 and c not in "\n\t" for c in text):
            problems.append(Problem(field, _("har kontrolltegn som ikke kan lagres; ingenting ble endret")))
    if problems:
        raise InputError("frist", problems)
    event = find_event(session, programme, event_key)
    if event is None:
        keys = ", ".join(
            session.exec(select(WheelEvent.key).where(WheelEvent.programme_id == programme.id).order_by(WheelEvent.key))
        )
        raise NotFound(
            _("ingen hendelse «%(event)s» i årshjulet til «%(programme)s» (hendelser: %(events)s)")
            % {"event": event_key, "programme": programme.slug, "events": keys or _("ingen")}
        )
    # the input is checked before anything is written
    if case is not None and (due is not None or occurrence is not None):
        raise InputError(
            "frist", [Problem("sak", _("velg enten en sak eller en dato, ikke begge; ingenting ble endret"))]
        )
    if project is not None and (due is not None or occurrence is not None or case is not None):
        raise InputError(
            "frist",
            [Problem("prosjekt", _("velg enten et prosjekt eller en dato, ikke begge; ingenting ble endret"))],
        )
    if reported_on is not None and reported_on > as_of:
        raise InputError(
            "frist",
            [
                Problem(
                    "dato",
                    _("%(day)s er ikke kommet ennå; ingenting ble endret") % {"day": date_short(reported_on)},
                )
            ],
        )
    if project is not None:
        if event.kind is not EventKind.AID_REPORT:
            raise NotFound(
                _("«%(event)s» er ikke rapportering til Registeret for offentlig støtte, så et prosjekt passer ikke")
                % {"event": event_key}
            )
        occurrence = _award_of(session, programme, project, granted).id
    if case is not None:
        from omstilling.store.models import BoardCase

        if event.kind is not EventKind.FOLLOW_UP:
            raise NotFound(f"«{event_key}» følger ikke opp styresaker, så --sak passer ikke (bruk --dato)")
        found = session.exec(
            select(BoardCase).where(BoardCase.programme_id == programme.id, BoardCase.number == case)
        ).first()
        if found is None:
            raise NotFound(
                _("ingen styresak «%(case)s» i «%(programme)s»") % {"case": case, "programme": programme.slug}
            )
        occurrence = found.id
    materialise(session, programme, year, as_of)
    deadlines = session.exec(
        select(Deadline)
        .where(Deadline.event_id == event.id, Deadline.year == year)
        .order_by(Deadline.occurrence)
        .with_for_update()
    ).all()
    if occurrence is not None:
        deadlines = [d for d in deadlines if d.occurrence == occurrence]
    if due is not None:
        deadlines = [d for d in deadlines if d.due_date == due]
    if not deadlines:
        if case is not None:
            none = _("«%(event)s» har ingen frist for sak %(which)s i %(year)s")
        elif project is not None:
            none = _("«%(event)s» har ingen frist for prosjekt %(which)s i %(year)s")
        elif occurrence is not None:
            none = _("«%(event)s» har ingen frist nr. %(which)s i %(year)s")
        elif due is not None:
            none = _("«%(event)s» har ingen frist %(which)s i %(year)s")
        else:
            none = _("«%(event)s» har ingen frist i %(year)s")
        which = (
            case
            if case is not None
            else project.strip()
            if project is not None
            else occurrence
            if occurrence is not None
            else date_short(due)
            if due
            else ""
        )
        raise NotFound(none % {"event": event_key, "which": which, "year": year})
    if status is DeadlineStatus.OPEN:
        candidates = [d for d in deadlines if d.status is not DeadlineStatus.OPEN]
    else:
        candidates = [d for d in deadlines if d.status is DeadlineStatus.OPEN]
    if not candidates:
        last = deadlines[-1]
        if last.closed_by:
            already = _("«%(event)s» %(year)s er allerede %(status)s av %(by)s; ingenting ble endret")
        else:
            already = _("«%(event)s» %(year)s er allerede %(status)s; ingenting ble endret")
        figures = {"event": event_key, "year": year, "status": last.status.label, "by": last.closed_by}
        raise InputError("frist", [Problem("status", already % figures)])
    deadline = candidates[0]
    if reported_on is not None and status is DeadlineStatus.DONE and event.kind is EventKind.AID_REPORT:
        award = session.get(AidAward, deadline.occurrence)
        if award is not None and reported_on < award.granted_on:  # an award is reported after it is granted
            raise InputError(
                "frist",
                [
                    Problem(
                        "dato",
                        _("støtten ble tildelt %(granted)s og kan ikke være rapportert %(day)s; ingenting ble endret")
                        % {"granted": date_short(award.granted_on), "day": date_short(reported_on)},
                    )
                ],
            )
        at = reported_at(reported_on, programme)  # done the day it was reported, as the agenda sees it
    # One conditional UPDATE decides between two people marking at once (SQLite takes no row lock for the
    # SELECT above): the row changes only if it still has the status it was read with.
    table = Deadline.__table__
    changed = session.connection().execute(
        sa.update(table)
        .where(table.c.id == deadline.id, table.c.status == deadline.status.value)
        .values(
            status=status.value,
            closed_by=None if status is DeadlineStatus.OPEN else by,
            # an instant is stored in UTC, whatever zone the caller's clock gave it in
            closed_at=None if status is DeadlineStatus.OPEN else (at.astimezone(UTC) if at.tzinfo else at),
            note=note,
        )
    )
    if changed.rowcount != 1:
        session.expire(deadline)
        if deadline.closed_by:
            just = _("«%(event)s» %(year)s ble nettopp markert %(status)s av %(by)s; ingenting ble endret")
        else:
            just = _("«%(event)s» %(year)s ble nettopp markert %(status)s; ingenting ble endret")
        figures = {"event": event_key, "year": year, "status": deadline.status.label, "by": deadline.closed_by}
        raise InputError("frist", [Problem("status", just % figures)])
    if event.kind is EventKind.AID_REPORT and status is not DeadlineStatus.SKIPPED:
        award = session.get(AidAward, deadline.occurrence)
        if award is not None:
            award.reported_on = (reported_on or as_of) if status is DeadlineStatus.DONE else None
            session.add(award)
            session.flush()
    session.expire(deadline)
    return deadline


def _award_of(session: Session, programme: Programme, project: str, granted: date | None = None) -> AidAward:
    """The award on a programme's project granted on `granted` (without a date: its only one; a project with several
    is refused, naming their dates); another programme's project is never reached."""
    from omstilling.store import choose
    from omstilling.store.stateaid import one_award, project_awards

    found = choose.project(session, programme, project)
    number = found.number
    awards = project_awards(session, found.id)
    if not awards:
        raise NotFound(
            _("prosjekt %(number)s har ingen registrert bagatellmessig støtte; ingenting ble endret")
            % {"number": number}
        )
    return one_award(awards, number, granted)


def aid_report_address(
    session: Session, programme: Programme, project: str, granted: date | None = None
) -> tuple[WheelEvent, int, AidAward]:
    """Where the report of a project's award (the one granted on `granted`, when it has several) stands on the
    programme's wheel: its `registerrapport` event, the year of its deadline, and the award. Refused in Norwegian
    when the wheel has no such event, the project no award (or several and no date), or the award is under the
    register's threshold."""
    from omstilling.core.wheel.rules import aid_reports

    award = _award_of(session, programme, project, granted)
    event = session.exec(
        select(WheelEvent)
        .where(WheelEvent.programme_id == programme.id, WheelEvent.kind == EventKind.AID_REPORT)
        .order_by(col(WheelEvent.id))
    ).first()
    if event is None:
        raise NotFound(
            _(
                "årshjulet til «%(programme)s» har ingen frist for rapportering til Registeret for offentlig støtte; "
                "ingenting ble endret"
            )
            % {"programme": programme.slug}
        )
    awarded = awards_to_report(session, [programme.id]).get(programme.id, ())
    due = {award_id: day for award_id, day, _what in aid_reports(wheel_event_data(event, aid_awards=awarded))}
    if award.id not in due:
        raise OmstillingError(
            _(
                "støtten til prosjekt %(number)s er under terskelen for rapportering til Registeret for offentlig "
                "støtte, så den har ingen frist; ingenting ble endret"
            )
            % {"number": project.strip()}
        )
    return event, due[award.id].year, award
