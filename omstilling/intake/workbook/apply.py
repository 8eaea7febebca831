"""Writing a checked import: new rows go through the `omstilling.intake.writes` that add them (so their own rules run
once more), changed rows are updated in place by their key. Everything happens in the caller's unit of work;
anything the database still refuses is tied to its sheet and row, and the whole import rolls back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from omstilling.core.enums import CaseKind
from omstilling.core.language import _
from omstilling.errors import RECORD, InputError
from omstilling.intake import writes
from omstilling.intake.workbook.aid import SHEETS as AID_SHEETS
from omstilling.intake.workbook.aid import AidPlan, AidWriter
from omstilling.intake.workbook.diff import SheetChanges
from omstilling.intake.workbook.parse import ParsedSheet, Row
from omstilling.intake.workbook.problems import NO_VALUE, CellProblem, WorkbookInvalid
from omstilling.intake.workbook.records import Record, Records
from omstilling.store.models import (
    BoardCase,
    BoardMeeting,
    BudgetLine,
    ClosedDay,
    Contact,
    Deviation,
    FocusArea,
    Funding,
    Goal,
    IndicatorScore,
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
    WheelEvent,
)

ADD: dict[str, Callable[..., Any]] = {
    "Personer": writes.add_role,
    "Innsatsområder": writes.add_focus_area,
    "Tiltak": writes.add_strategy,
    "Mål": writes.add_goal,
    "Budsjett": writes.add_budget_line,
    "Utbetalinger": writes.add_payment,
    "Resultater": writes.add_result,
    "Avvik": writes.add_deviation,
    "PSV-indikatorer": writes.add_psv_indicator,
    "PSV": writes.add_assessment,
    "PSV-score": writes.add_score,
    "PSV-anbefalinger": writes.add_recommendation,
    "Årshjul": writes.add_wheel_event,
    "Kvoter": writes.add_quota_rule,
    "Fridager": writes.add_closed_day,
}
REFERENCES = {"id", "meeting", "meeting_date", "project", "focus_area", "strategy"}  # numbers, not columns


class Writer:
    """Applies one import's new and changed rows, sheet by sheet, in the order the sheets refer to each other."""

    def __init__(
        self,
        session: Session,
        programme: Programme | None,
        parsed: dict[str, ParsedSheet],
        state: Records,
        path: str,
        today: date,
        written_by: str = "system",
        now: datetime | None = None,
        aid_plan: AidPlan | None = None,
    ):
        self.session, self.programme, self.parsed, self.state = session, programme, parsed, state
        self.path, self.today = path, today
        self.written_by, self.now = written_by, now  # who wrote the texts that change, and when
        self.meetings: dict[tuple, int] = {}  # meeting key → id, for the cases
        self.aid = AidWriter(session, lambda: self.programme, aid_plan or AidPlan(), written_by)  # state aid

    def run(self, changes: list[SheetChanges]) -> Programme:
        for sheet_changes in changes:
            name, rows = sheet_changes.name, self.parsed[sheet_changes.name].rows
            new = [rows[c.key] for c in sheet_changes.new]
            changed = [rows[c.key] for c in sheet_changes.changed]
            if name == "Utbetalinger":
                new.sort(key=lambda r: (r.record["date"], r.record["kind"] != "utbetaling"))
            if name == "Årshjul":
                new = self.dependencies_first(new)
                self.each(name, new, self.add)
                self.each(name, changed, self.update)
            else:
                self.each(name, changed, self.update)
                self.each(name, new, self.add)
        return self.programme

    def each(self, name: str, rows: list[Row], write: Callable[[str, Row], None]) -> None:
        for row in rows:
            try:
                write(name, row)
                self.session.flush()
            except InputError as exc:
                self.refuse(name, row, "; ".join(p.message if p.field == RECORD else str(p) for p in exc.problems))
            except DBAPIError as exc:
                self.refuse(
                    name, row, _("databasen avviste raden: %(why)s") % {"why": str(exc.orig or exc).splitlines()[0]}
                )

    def refuse(self, name: str, row: Row, message: str) -> None:
        title = self.parsed[name].sheet.title
        raise WorkbookInvalid(self.path, [CellProblem(title, row.number, None, NO_VALUE, message)])

    @staticmethod
    def dependencies_first(rows: list[Row]) -> list[Row]:
        """New wheel events in sheet order, except that an event comes after the new events it depends on."""
        ordered, placed, waiting = [], set(), list(rows)
        new_keys = {r.record["key"] for r in rows}
        while waiting:
            ready = next(r for r in waiting if all(d in placed or d not in new_keys for d in r.record["depends_on"]))
            ordered.append(ready)
            placed.add(ready.record["key"])
            waiting.remove(ready)
        return ordered

    # --- new rows ---------------------------------------------------------------------------------------------

    def add(self, name: str, row: Row) -> None:
        record = row.record
        if name == "Program":
            self.programme = writes.create_programme(self.session, record)
        elif name == "Prosjekter":
            funding = [
                {"source": f["source"], "amount": f["amount"]}
                for (number, _source), f in self.state["Finansiering"].items()
                if number == record["number"]
            ]
            writes.add_project(self.session, self.programme, {**record, "funding": funding})
        elif name == "Finansiering":
            project = self.project(record["project"])
            if not self.session.exec(
                select(Funding.id).where(Funding.project_id == project.id, Funding.source == record["source"])
            ).first():
                self.session.add(Funding(project_id=project.id, source=record["source"], amount=record["amount"]))
        elif name == "Styremøter":
            meeting = writes.add_meeting(self.session, self.programme, {k: v for k, v in record.items() if k != "id"})
            self.meetings[row.key] = meeting.id
        elif name == "Saker":
            self.session.add(BoardCase(programme_id=self.programme.id, **self.case_values(record)))
        elif name == "Tekster":
            self.put_text(record)
        elif name in AID_SHEETS:
            self.aid.add(name, row)
        else:
            services_record = {k: v for k, v in record.items() if k not in ("meeting", "meeting_date")}
            ADD[name](self.session, self.programme, services_record)

    # --- changed rows -----------------------------------------------------------------------------------------

    def update(self, name: str, row: Row) -> None:
        record = row.record
        if name == "Personer":
            return self.update_role(record)
        if name == "Tekster":
            return self.put_text(record)
        if name in AID_SHEETS:
            return self.aid.update(name, row)
        target, values = self.find(name, row.key), {k: v for k, v in record.items() if k not in REFERENCES}
        if name in ("Tiltak", "Budsjett", "Prosjekter", "Mål"):
            values |= self.placement(name, record)
        if name == "Budsjett":
            values["kind"] = record["category"].kind
        if name == "Saker":
            values = self.case_values(record)
        if name in ("PSV-score", "PSV-anbefalinger"):
            values.pop("year")  # which assessment: the key, not a column of the row
        if name == "Årshjul":
            values["ladder"] = [{"offset": s["offset"], "roles": list(s["roles"])} for s in record["ladder"]]
        for field, value in values.items():
            setattr(target, field, value)
        self.session.add(target)

    def find(self, name: str, key: tuple) -> Any:
        pid = self.programme.id
        queries = {
            "Program": lambda: select(Programme).where(Programme.id == pid),
            "Innsatsområder": lambda: select(FocusArea).where(
                FocusArea.programme_id == pid, FocusArea.number == key[0]
            ),
            "Tiltak": lambda: select(Strategy).where(
                Strategy.programme_id == pid, Strategy.year == key[0], Strategy.number == key[1]
            ),
            "Mål": lambda: select(Goal).where(Goal.programme_id == pid, Goal.key == key[0]),
            "Budsjett": lambda: select(BudgetLine).where(
                BudgetLine.programme_id == pid, BudgetLine.year == key[0], BudgetLine.label == key[1]
            ),
            "Prosjekter": lambda: select(Project).where(Project.programme_id == pid, Project.number == key[0]),
            "Finansiering": lambda: select(Funding).where(
                Funding.project_id == self.project(key[0]).id, Funding.source == key[1]
            ),
            "Utbetalinger": lambda: select(Payment).where(
                Payment.project_id == self.project(key[0]).id,
                Payment.date == key[1],
                Payment.kind == key[2],
                Payment.reference == (key[3] or ""),
            ),
            "Resultater": lambda: select(ProjectResult).where(
                ProjectResult.project_id == self.project(key[0]).id,
                ProjectResult.date == key[1],
                ProjectResult.source == key[2],
                ProjectResult.reference == (key[3] or ""),
            ),
            "Styremøter": lambda: select(BoardMeeting).where(
                BoardMeeting.programme_id == pid, BoardMeeting.id == key[0]
            ),
            "Saker": lambda: select(BoardCase).where(BoardCase.programme_id == pid, BoardCase.number == key[0]),
            "Avvik": lambda: select(Deviation).where(
                Deviation.programme_id == pid, Deviation.subject == key[0], Deviation.period == key[1]
            ),
            "PSV-indikatorer": lambda: select(PsvIndicator).where(
                PsvIndicator.programme_id == pid, PsvIndicator.number == key[0]
            ),
            "PSV": lambda: select(StatusAssessment).where(
                StatusAssessment.programme_id == pid, StatusAssessment.year == key[0]
            ),
            "PSV-score": lambda: (
                select(IndicatorScore)
                .join(StatusAssessment)
                .where(
                    StatusAssessment.programme_id == pid,
                    StatusAssessment.year == key[0],
                    IndicatorScore.indicator == key[1],
                )
            ),
            "PSV-anbefalinger": lambda: (
                select(Recommendation)
                .join(StatusAssessment)
                .where(
                    StatusAssessment.programme_id == pid,
                    StatusAssessment.year == key[0],
                    Recommendation.number == key[1],
                )
            ),
            "Årshjul": lambda: select(WheelEvent).where(WheelEvent.programme_id == pid, WheelEvent.key == key[0]),
            "Kvoter": lambda: select(QuotaRule).where(QuotaRule.programme_id == pid, QuotaRule.key == key[0]),
            "Fridager": lambda: select(ClosedDay).where(ClosedDay.programme_id == pid, ClosedDay.key == key[0]),
        }
        return self.session.exec(queries[name]()).one()

    def project(self, number: str | None) -> Project | None:
        if number is None:
            return None
        return self.session.exec(
            select(Project).where(Project.programme_id == self.programme.id, Project.number == number)
        ).one()

    def area_id(self, number: int | None) -> int | None:
        if number is None:
            return None
        return self.session.exec(
            select(FocusArea.id).where(FocusArea.programme_id == self.programme.id, FocusArea.number == number)
        ).one()

    def strategy(self, number: str, year: int) -> Strategy:
        """The strategy `number` of the latest plan up to `year`, as `services` picks it."""
        return self.session.exec(
            select(Strategy)
            .where(Strategy.programme_id == self.programme.id, Strategy.number == number, Strategy.year <= year)
            .order_by(Strategy.year.desc())
        ).first()

    def placement(self, name: str, record: Record) -> dict[str, Any]:
        """Focus area and strategy ids for a strategy, goal, budget line or project, resolved as the services do."""
        values = {"focus_area_id": self.area_id(record.get("focus_area"))}
        if name in ("Mål", "Prosjekter"):
            strategy = None
            if record.get("strategy"):
                year = (
                    record["period_end"]
                    if name == "Mål"
                    else (record.get("decision_date") or record.get("start_date") or self.today).year
                )
                strategy = self.strategy(record["strategy"], year)
            values["strategy_id"] = strategy.id if strategy else None
            if values["focus_area_id"] is None and strategy is not None:
                values["focus_area_id"] = strategy.focus_area_id
        return values

    def case_values(self, record: Record) -> dict[str, Any]:
        meeting = record["meeting"]
        meeting_id = self.meetings[meeting] if meeting[0] == "ny" else meeting[0]
        project = self.project(record.get("project"))
        return {
            "meeting_id": meeting_id,
            "number": record["number"],
            "title": record["title"],
            "proposal": record.get("proposal"),
            "decision": record.get("decision"),
            "project_id": project.id if project else None,
            "follow_up": record.get("follow_up"),
            "follow_up_role": record.get("follow_up_role"),
            "follow_up_due": record.get("follow_up_due"),
            "kind": record.get("kind") or CaseKind.DECISION,
            "background": record.get("background"),
        }

    def put_text(self, record: Record) -> None:
        """A section's text, new or changed: written by the one importing, now."""
        values = {k: record.get(k) for k in ("kind", "year", "meeting_date", "section", "body")}
        if self.programme is not None:  # always: the sheet Program comes first, or the programme was there
            writes.put_leader_text(self.session, self.programme, values, written_by=self.written_by, now=self.now)

    def update_role(self, record: Record) -> None:
        assignment, person = self.session.exec(
            select(RoleAssignment, Person)
            .join(Person, Person.id == RoleAssignment.person_id)
            .where(
                RoleAssignment.programme_id == self.programme.id,
                Person.name == record["name"],
                RoleAssignment.role == record["role"],
                RoleAssignment.term_start == record["term_start"],
            )
        ).one()
        assignment.organisation, assignment.term_end = record.get("organisation"), record.get("term_end")
        self.session.add(assignment)
        contact = self.session.exec(select(Contact).where(Contact.person_id == person.id)).first()
        email, phone = record.get("email"), record.get("phone")
        if contact is not None and email is None and phone is None:
            self.session.delete(contact)
        elif email is not None or phone is not None:
            contact = contact or Contact(person_id=person.id)
            contact.email, contact.phone = email, phone
            self.session.add(contact)
