"""A programme's rows as workbook records: one dict per row, keyed as the sheet keys it, references given by
the numbers people use (focus area 1, strategy 3.1.2, project 2014-05). Export writes these; import compares
the workbook's records with them. One query per table."""

from __future__ import annotations

import re
from datetime import UTC, date
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from omstilling.core.agenda import event_rule_in_words
from omstilling.core.enums import DocumentKind, FundingSource, MeetingStatus, Role, TextSection
from omstilling.core.zone import DEFAULT_TIMEZONE
from omstilling.intake.stateaid import ENTERED
from omstilling.intake.workbook.columns import SHEETS, Sheet
from omstilling.store.models import (
    AidAward,
    AidDeclaration,
    BoardCase,
    BoardMeeting,
    BudgetLine,
    ClosedDay,
    Contact,
    DeclaredAid,
    Deviation,
    FocusArea,
    Funding,
    Goal,
    IndicatorScore,
    LeaderText,
    Payment,
    Person,
    Programme,
    Project,
    ProjectResult,
    PsvIndicator,
    QuotaRule,
    Recommendation,
    RoleAssignment,
    StatusAssessment,
    Strategy,
    UndertakingLink,
    WheelEvent,
)

Record = dict[str, Any]
Records = dict[str, dict[tuple, Record]]  # sheet name → key → record


def key_of(sheet: Sheet, record: Record) -> tuple:
    """The record's key as its sheet keys it; a key field that may be blank is "" when it is."""
    return tuple(
        "" if field in sheet.blank_key and record.get(field) is None else record.get(field) for field in sheet.key
    )


def natural(text: str | None) -> tuple:
    """Sort "3.1.10" after "3.1.2", and case numbers "02/14" by year, then number."""
    text = text or ""
    if match := re.fullmatch(r"(\d+)/(\d+)", text):
        text = f"{match[2]}/{match[1]}"
    return tuple(int(part) if i % 2 else part for i, part in enumerate(re.split(r"(\d+)", text)))


def meeting_of(kind: DocumentKind, name: str) -> date | None:
    """The meeting a meeting's document is named by (`styrerapport-2014-06-16` → 16.06.2014); None for a year's."""
    if not kind.for_meeting:
        return None
    try:
        return date.fromisoformat(name.removeprefix(f"{kind.value}-"))
    except ValueError:
        return None


def _fields(row: Any, *names: str) -> Record:
    return {name: getattr(row, name) for name in names}


def programme_records(session: Session, programme: Programme | None) -> Records:
    """Every sheet's records for `programme` (empty sheets when it is None: a new programme)."""
    records: Records = {sheet.name: {} for sheet in SHEETS}
    if programme is None:
        return records
    pid = programme.id

    def put(sheet_name: str, items: list[Record], order=None) -> None:
        sheet = next(s for s in SHEETS if s.name == sheet_name)
        for record in sorted(items, key=order) if order else items:
            records[sheet_name][key_of(sheet, record)] = record

    put(
        "Program",
        [
            _fields(
                programme,
                "slug",
                "name",
                "municipality",
                "county",
                "county_short",
                "status_start_year",
                "status_end_year",
                "timezone",
                "invitations",
                "language",
            )
        ],
    )

    areas = {a.id: a.number for a in session.exec(select(FocusArea).where(FocusArea.programme_id == pid))}
    put(
        "Innsatsområder",
        [
            _fields(a, "number", "name", "description")
            for a in session.exec(select(FocusArea).where(FocusArea.programme_id == pid))
        ],
        order=lambda r: r["number"],
    )

    role_order = {role: i for i, role in enumerate(Role)}
    put(
        "Personer",
        [
            {
                "name": person.name,
                **_fields(role, "role", "organisation", "term_start", "term_end"),
                "email": contact.email if contact else None,
                "phone": contact.phone if contact else None,
            }
            for role, person, contact in session.exec(
                select(RoleAssignment, Person, Contact)
                .join(Person, Person.id == RoleAssignment.person_id)
                .outerjoin(Contact, Contact.person_id == Person.id)
                .where(RoleAssignment.programme_id == pid)
            )
        ],
        order=lambda r: (role_order[r["role"]], r["term_start"], r["name"]),
    )

    strategy_rows = session.exec(select(Strategy).where(Strategy.programme_id == pid)).all()
    strategies = {s.id: s.number for s in strategy_rows}
    put(
        "Tiltak",
        [
            {
                **_fields(s, "year", "number", "name", "description", "count_target", "target_text"),
                "focus_area": areas[s.focus_area_id],
                "tags": list(s.tags),
                "exclude_tags": list(s.exclude_tags),
            }
            for s in strategy_rows
        ],
        order=lambda r: (r["year"], natural(r["number"])),
    )

    put(
        "Mål",
        [
            {
                **_fields(g, "key", "metric", "comparator", "target", "baseline", "period_start", "period_end", "text"),
                "focus_area": areas.get(g.focus_area_id),
                "strategy": strategies.get(g.strategy_id),
            }
            for g in session.exec(select(Goal).where(Goal.programme_id == pid).order_by(Goal.id))
        ],
    )
    put(
        "Budsjett",
        [
            {**_fields(b, "year", "category", "label", "amount", "actual"), "focus_area": areas.get(b.focus_area_id)}
            for b in session.exec(select(BudgetLine).where(BudgetLine.programme_id == pid).order_by(BudgetLine.id))
        ],
        order=lambda r: r["year"],
    )

    project_rows = session.exec(select(Project).where(Project.programme_id == pid)).all()
    projects = {p.id: p.number for p in project_rows}
    put(
        "Prosjekter",
        [
            {
                **_fields(
                    p,
                    "number",
                    "title",
                    "owner",
                    "org_number",
                    "phase",
                    "status",
                    "grant_amount",
                    "decision_date",
                    "decision_case",
                    "start_date",
                    "end_date",
                    "competence_building",
                    "regional_cooperation",
                    "network_project",
                ),
                "focus_area": areas[p.focus_area_id],
                "strategy": strategies.get(p.strategy_id),
                "tags": list(p.tags),
            }
            for p in project_rows
        ],
        order=lambda r: natural(r["number"]),
    )

    put(
        "Finansiering",
        [
            {"project": projects[f.project_id], "source": f.source, "amount": f.amount}
            for f in session.exec(select(Funding).join(Project).where(Project.programme_id == pid))
        ],
        order=lambda r: (natural(r["project"]), list(FundingSource).index(r["source"])),
    )
    put(
        "Utbetalinger",
        [
            {
                "project": projects[p.project_id],
                **_fields(p, "date", "kind", "amount", "note"),
                "reference": p.reference,
            }
            for p in session.exec(select(Payment).join(Project).where(Project.programme_id == pid))
        ],
        order=lambda r: (natural(r["project"]), r["date"], r["kind"]),
    )
    put(
        "Resultater",
        [
            {
                "project": projects[r.project_id],
                **_fields(r, "date", "source", "new_jobs", "secured_jobs", "new_companies", "extra_revenue", "note"),
                "reference": r.reference,
            }
            for r in session.exec(select(ProjectResult).join(Project).where(Project.programme_id == pid))
        ],
        order=lambda r: (natural(r["project"]), r["date"], r["source"]),
    )

    put(
        "Støtte",
        [
            {
                "project": projects[a.project_id],
                **_fields(
                    a,
                    "granted_on",
                    "org_number",
                    "amount_nok",
                    "gross_nok",
                    "instrument",
                    "purpose",
                    "recipient_size",
                    "industry",
                    "region",
                    "nok_per_eur",
                    "rate_day",
                    "amount_eur",
                ),
                "rate": a.nok_per_eur if a.rate_source.startswith(ENTERED) else None,
            }
            for a in session.exec(select(AidAward).join(Project).where(Project.programme_id == pid))
        ],
        order=lambda r: (r["granted_on"], natural(r["project"])),
    )
    declarations = session.exec(select(AidDeclaration).where(AidDeclaration.programme_id == pid)).all()
    declared: dict[int, list[DeclaredAid]] = {d.id: [] for d in declarations if d.id is not None}
    for row in session.exec(
        select(DeclaredAid).join(AidDeclaration).where(AidDeclaration.programme_id == pid).order_by(DeclaredAid.id)
    ):
        declared[row.declaration_id].append(row)
    put(
        "Erklæringer",
        [
            {
                **_fields(d, "org_number", "declared_on", "signed_by"),
                "grantor": row.grantor if row else None,
                "scheme": (row.scheme or None) if row else None,
                "granted_on": row.granted_on if row else None,
                "amount_eur": row.amount_eur if row else None,
                "amount_nok": row.amount_nok if row else None,
            }
            for d in declarations
            for row in (declared.get(d.id or 0) or [None])
        ],
        order=lambda r: (r["org_number"], r["declared_on"], r["granted_on"] or date.min, r["grantor"] or ""),
    )
    put(
        "Foretak",
        [
            {**_fields(link, "org_number", "counts_with", "why"), "remove": False}
            for link in session.exec(select(UndertakingLink).where(UndertakingLink.programme_id == pid))
        ],
        order=lambda r: (r["org_number"], r["counts_with"]),
    )

    meeting_rows = session.exec(select(BoardMeeting).where(BoardMeeting.programme_id == pid)).all()
    meetings = {m.id: m for m in meeting_rows}
    put(
        "Styremøter",
        [_fields(m, "id", "date", "kind", "status", "start_time", "location") for m in meeting_rows],
        order=lambda r: (r["date"], r["kind"]),
    )
    put(
        "Saker",
        [
            {
                **_fields(
                    c,
                    "number",
                    "title",
                    "kind",
                    "background",
                    "proposal",
                    "decision",
                    "follow_up",
                    "follow_up_role",
                    "follow_up_due",
                ),
                "meeting_date": meetings[c.meeting_id].date,
                "meeting": (c.meeting_id,),
                "project": projects.get(c.project_id),
            }
            for c in session.exec(select(BoardCase).where(BoardCase.programme_id == pid))
        ],
        order=lambda r: (r["meeting_date"], natural(r["number"])),
    )

    zone = ZoneInfo(programme.timezone or DEFAULT_TIMEZONE)
    # A meeting's texts whose meeting has moved or is cancelled are kept in the database but printed nowhere; the
    # workbook leaves them out, so that an unchanged round trip never names a meeting the board no longer holds.
    held = {m.date for m in meetings.values() if m.status is not MeetingStatus.CANCELLED}
    put(
        "Tekster",
        [
            {
                **_fields(t, "kind", "year", "section"),
                "meeting_date": meeting_of(t.kind, t.name),
                "body": t.body.strip(),  # as a cell gives it back
                "written_by": t.written_by,
                "written_at": (t.written_at if t.written_at.tzinfo else t.written_at.replace(tzinfo=UTC))
                .astimezone(zone)
                .date(),
            }
            for t in session.exec(select(LeaderText).where(LeaderText.programme_id == pid))
            if meeting_of(t.kind, t.name) in held or meeting_of(t.kind, t.name) is None
        ],
        order=lambda r: (
            r["year"],
            r["meeting_date"] or date.min,
            list(DocumentKind).index(r["kind"]),
            list(TextSection).index(r["section"]),
        ),
    )

    put(
        "Avvik",
        [
            _fields(d, "subject", "period", "cause", "action", "status")
            for d in session.exec(select(Deviation).where(Deviation.programme_id == pid).order_by(Deviation.id))
        ],
    )
    put(
        "PSV-indikatorer",
        [
            _fields(i, "number", "name", "kind", "description")
            for i in session.exec(select(PsvIndicator).where(PsvIndicator.programme_id == pid))
        ],
        order=lambda r: r["number"],
    )
    assessments = {a.id: a for a in session.exec(select(StatusAssessment).where(StatusAssessment.programme_id == pid))}
    put(
        "PSV",
        [
            _fields(a, "year", "meeting_date", "facilitator", "summary", "form", "conclusion")
            for a in assessments.values()
        ],
        order=lambda r: r["year"],
    )
    put(
        "PSV-score",
        [
            {"year": assessments[s.assessment_id].year, **_fields(s, "indicator", "kind", "score", "justification")}
            for s in session.exec(
                select(IndicatorScore)
                .join(StatusAssessment)
                .where(StatusAssessment.programme_id == pid)
                .order_by(IndicatorScore.id)
            )
        ],
        order=lambda r: (r["year"], r["kind"] != "prosess"),
    )
    put(
        "PSV-anbefalinger",
        [
            {"year": assessments[r.assessment_id].year, **_fields(r, "number", "text", "follow_up", "status")}
            for r in session.exec(
                select(Recommendation).join(StatusAssessment).where(StatusAssessment.programme_id == pid)
            )
        ],
        order=lambda r: (r["year"], r["number"]),
    )
    put(
        "Årshjul",
        [
            {
                **_fields(
                    e,
                    "key",
                    "title",
                    "kind",
                    "rrule",
                    "document",
                    "start_time",
                    "duration_minutes",
                    "description",
                    "phase",
                ),
                "responsible_roles": list(e.responsible_roles),
                "depends_on": list(e.depends_on),
                "ladder": [{"offset": s["offset"], "roles": list(s["roles"])} for s in e.ladder],
                "rule_text": event_rule_in_words(e.kind, e.rrule),
            }
            for e in session.exec(select(WheelEvent).where(WheelEvent.programme_id == pid).order_by(WheelEvent.id))
        ],
    )
    put(
        "Kvoter",
        [
            {
                **_fields(q, "key", "title", "minimum", "months_per_period", "notice_days", "description"),
                "meeting_kinds": list(q.meeting_kinds),
            }
            for q in session.exec(select(QuotaRule).where(QuotaRule.programme_id == pid).order_by(QuotaRule.id))
        ],
    )
    put(
        "Fridager",
        [
            _fields(c, "key", "title", "rrule")
            for c in session.exec(select(ClosedDay).where(ClosedDay.programme_id == pid).order_by(ClosedDay.id))
        ],
    )
    return records
