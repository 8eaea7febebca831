"""The workbook's state aid (sheets Støtte, Erklæringer, Foretak): checked against the whole installation, then written.

The checks need the database, not only the workbook: each new or changed award is converted at the rate of its
grant date and checked against the ceiling, in date order, together with every award of every programme and every
declared aid to its single undertaking (the workbook's own declarations and links counting as they will be); a
declared amount in NOK needs the rate of its date; a link may be taken away only by the programme that recorded it.
The sums are read while holding the undertakings' lock (`store.stateaid.lock_undertaking`), so a concurrent grant to
the same company waits for this import and sees it. Every problem is a `CellProblem` at its sheet, row and column;
a grant near the ceiling is a warning the import reports. A programme's workbook reaches only its own rows: its
awards are on its own projects (`Checker.projects`), its declarations and links are its own, and a link another
programme recorded is never taken away or changed through it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from omstilling.core.language import _
from omstilling.core.stateaid import RATE_STALE_DAYS, Aid, AidSource, RateMissing
from omstilling.errors import InputError
from omstilling.intake import stateaid as recording
from omstilling.intake.schemas import AwardIn
from omstilling.intake.workbook.parse import ParsedSheet, Row
from omstilling.intake.workbook.problems import CellProblem
from omstilling.intake.workbook.records import Record, Records
from omstilling.store import stateaid as stored
from omstilling.store.models import AidAward, AidDeclaration, DeclaredAid, Programme, Project, UndertakingLink
from omstilling.store.models.base import stored_id

AWARDS, DECLARATIONS, LINKS = "Støtte", "Erklæringer", "Foretak"
SHEETS = (AWARDS, DECLARATIONS, LINKS)


@dataclass
class AidPlan:
    """What the checks worked out for the writer: each award's columns (rate and euro included) by its key, each
    declared row's euro by its key, and the warnings to report."""

    awards: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    declared_eur: dict[tuple, Decimal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _changed(sheet: ParsedSheet, current: dict[tuple, Record]) -> list[Row]:
    """The sheet's rows that are new or differ from what is stored."""
    found = []
    for key, row in sheet.rows.items():
        old = current.get(key)
        if old is None or any(old.get(name) != value for name, value in row.record.items()):
            found.append(row)
    return found


class AidChecker:
    """The state-aid problems of one import, and the plan for writing it."""

    def __init__(
        self,
        session: Session,
        programme: Programme | None,
        parsed: dict[str, ParsedSheet],
        current: Records,
        state: Records,
        *,
        programme_name: str,
        by: str,
        lock: bool,
    ):
        self.session, self.programme, self.parsed = session, programme, parsed
        self.current, self.state = current, state
        self.programme_name, self.by, self.lock = programme_name, by, lock
        self.problems: list[CellProblem] = []
        self.plan = AidPlan()

    def report(self, name: str, row: Row, field_name: str, message: str) -> None:
        sheet = self.parsed[name].sheet
        column = sheet.column(field_name)
        header = column.header if column else None
        self.problems.append(CellProblem(sheet.title, row.number, header, row.cell(field_name), message))

    def run(self) -> list[CellProblem]:
        awards = _changed(self.parsed[AWARDS], self.current[AWARDS])
        declared = _changed(self.parsed[DECLARATIONS], self.current[DECLARATIONS])
        links = _changed(self.parsed[LINKS], self.current[LINKS])
        if not (awards or declared or links):
            return []
        self.links_removed_elsewhere(links)
        self.declarations(declared)
        numbers = {r.record["org_number"] for r in declared} | {
            n for r in links for n in (r.record["org_number"], r.record["counts_with"])
        }
        facts = {row.key: self.project_facts(row) for row in awards}
        numbers |= {f.org_number for f in facts.values() if f and f.org_number}
        numbers |= {r.record["org_number"] for r in awards if r.record.get("org_number")}
        if self.lock:
            stored.lock_undertaking(self.session, numbers, links_change=bool(links))
        candidates = self.awards(awards, facts)
        declared_aid = self.declared(declared)
        if not self.problems and declared_aid:
            self.declared_over(declared, declared_aid, links)
        if self.problems or not candidates:
            return self.problems
        verdicts = recording.verdicts(
            self.session,
            candidates,
            leave_out=self.stored_award_ids([r.key for r in awards]),
            leave_out_declared=self.stored_declared_ids([r.key for r in declared]),
            declared=declared_aid,
            links=self.links_after(links),
        )
        rows = {r.key: r for r in awards}
        for key, verdict in verdicts.items():
            if verdict.refused:
                self.report(AWARDS, rows[key], "amount_nok", verdict.message or "")
            elif verdict.warned and verdict.message:
                title = self.parsed[AWARDS].sheet.title
                self.plan.warnings.append(
                    _("%(sheet)s, rad %(row)s: %(message)s")
                    % {"sheet": title, "row": rows[key].number, "message": verdict.message}
                )
        return self.problems

    # --- awards ---------------------------------------------------------------------------------------------

    def project_facts(self, row: Row) -> recording.ProjectFacts | None:
        project = self.state["Prosjekter"].get((row.record["project"],))
        if project is None:
            return None  # (not the programme's: `Checker.projects` has said so)
        return recording.ProjectFacts(
            project["number"],
            project["owner"],
            project.get("org_number"),
            project.get("decision_date"),
            project.get("grant_amount") or 0,
        )

    def awards(self, rows: list[Row], facts: dict[tuple, recording.ProjectFacts | None]) -> list[recording.Candidate]:
        candidates = []
        for row in rows:
            project = facts.get(row.key)
            if project is None:
                continue
            data = AwardIn.model_validate(row.record)
            granted = data.granted_on or project.decision_date
            rates = stored.rates_around(self.session, granted, RATE_STALE_DAYS) if granted else {}
            try:
                values = recording.award_fields(project, data, rates, by=self.by)
            except InputError as exc:
                for problem in exc.problems:
                    self.report(AWARDS, row, problem.field, problem.message)
                continue
            self.plan.awards[row.key] = values
            aid = Aid(
                values["org_number"],
                values["granted_on"],
                values["amount_eur"],
                self.programme_name,
                AidSource.GRANTED,
                project.number,
            )
            candidates.append(recording.Candidate(aid, project.owner, row.key))
        return candidates

    def stored_award_ids(self, keys: list[tuple]) -> list[int]:
        if self.programme is None or not keys:
            return []
        wanted = set(keys)
        rows = self.session.exec(
            select(AidAward.id, Project.number, AidAward.granted_on)
            .join(Project, col(Project.id) == col(AidAward.project_id))
            .where(Project.programme_id == self.programme.id)
        )
        return [id_ for id_, number, day in rows if (number, day) in wanted and id_ is not None]

    # --- declarations ---------------------------------------------------------------------------------------

    def declarations(self, rows: list[Row]) -> None:
        """A declaration (org.nr. and date) has one signer (the stored one, else its first row's), and either no
        other aid or rows of it, not both."""
        stored_signers = {
            (r["org_number"], r["declared_on"]): r["signed_by"] for r in self.current[DECLARATIONS].values()
        }
        first_rows: dict[tuple, Row] = {}
        for row in sorted(self.parsed[DECLARATIONS].rows.values(), key=lambda r: r.number):
            first_rows.setdefault((row.record["org_number"], row.record["declared_on"]), row)
        grantors: dict[tuple, int] = defaultdict(int)
        for record in self.state[DECLARATIONS].values():
            if record.get("grantor"):
                grantors[(record["org_number"], record["declared_on"])] += 1
        for row in sorted(rows, key=lambda r: r.number):
            which = (row.record["org_number"], row.record["declared_on"])
            first = first_rows[which]
            signer = stored_signers.get(which, first.record["signed_by"])
            if row.record["signed_by"] != signer:
                self.report(
                    DECLARATIONS,
                    row,
                    "signed_by",
                    _("samme erklæring (org.nr. og dato) er registrert som signert av «%(other)s»") % {"other": signer}
                    if which in stored_signers
                    else _("samme erklæring (org.nr. og dato) er signert av «%(other)s» på rad %(row)s")
                    % {"other": signer, "row": first.number},
                )
            elif row.record.get("grantor") is None and grantors[which]:
                self.report(
                    DECLARATIONS,
                    row,
                    "grantor",
                    _("erklæringen har rader med støtte fra andre; en rad uten støttegiver sier at den ikke har det"),
                )

    def declared(self, rows: list[Row]) -> list[Aid]:
        found = []
        for row in rows:
            record = row.record
            if record.get("grantor") is None:
                continue
            try:
                eur = recording.declared_eur(
                    _Declared(record["granted_on"], record.get("amount_eur"), record.get("amount_nok")),
                    stored.rates_around(self.session, record["granted_on"], RATE_STALE_DAYS),
                )
            except RateMissing as exc:
                self.report(DECLARATIONS, row, "amount_nok", str(exc))
                continue
            self.plan.declared_eur[row.key] = eur
            found.append(
                Aid(
                    record["org_number"],
                    record["granted_on"],
                    eur,
                    record["grantor"],
                    AidSource.DECLARED,
                    record.get("scheme") or "",
                )
            )
        return found

    def declared_over(self, rows: list[Row], aid: list[Aid], links: list[Row]) -> None:
        """Declared aid is a fact, not refused: when it takes a company over the ceiling, the import says so (a
        warning at the company's first changed row), as `app.stateaid.record_declaration` does."""
        leave_out = self.stored_declared_ids([r.key for r in rows])
        every_link = self.links_after(links)
        first: dict[str, int] = {}
        for row in sorted(rows, key=lambda r: r.number):
            first.setdefault(row.record["org_number"], row.number)
        for org, number_ in first.items():
            warning = recording.declared_warning(
                self.session, [a for a in aid if a.org_number == org], leave_out_declared=leave_out, links=every_link
            )
            if warning:
                title = self.parsed[DECLARATIONS].sheet.title
                self.plan.warnings.append(
                    _("%(sheet)s, rad %(row)s: %(message)s") % {"sheet": title, "row": number_, "message": warning}
                )

    def stored_declared_ids(self, keys: list[tuple]) -> list[int]:
        if self.programme is None or not keys:
            return []
        wanted = set(keys)
        rows = self.session.exec(
            select(DeclaredAid, AidDeclaration.org_number, AidDeclaration.declared_on)
            .join(AidDeclaration, col(AidDeclaration.id) == col(DeclaredAid.declaration_id))
            .where(AidDeclaration.programme_id == self.programme.id)
        )
        return [
            stored_id(row)
            for row, org, day in rows
            if (org, day, row.grantor, row.scheme or "", row.granted_on) in wanted
        ]

    # --- links ----------------------------------------------------------------------------------------------

    def links_removed_elsewhere(self, rows: list[Row]) -> None:
        """«Fjern» on a link this programme did not record: another programme's (never taken away through this
        workbook, and not named), or nobody's."""
        for row in rows:
            if not row.record.get("remove") or row.key in self.current[LINKS]:
                continue
            pair = (
                UndertakingLink.org_number == row.record["org_number"],
                UndertakingLink.counts_with == row.record["counts_with"],
            )
            if self.session.exec(select(UndertakingLink.id).where(*pair)).first():
                self.report(LINKS, row, "remove", recording.link_not_yours())
            else:
                self.report(LINKS, row, "remove", _("programmet har ingen slik kobling å fjerne"))

    def links_after(self, rows: list[Row]) -> list[tuple[str, str]]:
        """Every link of the installation as it will be after the import."""
        removed = [r.key for r in rows if r.record.get("remove")]
        leave_out = []
        if self.programme is not None and removed:
            for link in self.session.exec(
                select(UndertakingLink).where(UndertakingLink.programme_id == self.programme.id)
            ):
                if (link.org_number, link.counts_with) in removed:
                    leave_out.append(stored_id(link))
        added = [
            (r.record["org_number"], r.record["counts_with"])
            for r in rows
            if not r.record.get("remove") and r.key not in self.current[LINKS]
        ]
        return [*stored.links(self.session, leave_out=leave_out), *added]


@dataclass(frozen=True)
class _Declared:
    granted_on: date
    amount_eur: Decimal | None
    amount_nok: int | None


class AidWriter:
    """Writes the state-aid rows of a checked import: new and changed awards with the rate and euro the checks
    worked out, declarations with their rows, links added and taken away (the programme's own only)."""

    def __init__(self, session: Session, programme: Callable[[], Programme], plan: AidPlan, by: str):
        self.session, self.programme, self.plan, self.by = session, programme, plan, by

    def project(self, number: str) -> Project:
        return self.session.exec(
            select(Project).where(Project.programme_id == self.programme().id, Project.number == number)
        ).one()

    def add(self, name: str, row: Row) -> None:
        record = row.record
        if name == AWARDS:
            values = self.plan.awards[row.key]
            self.session.add(AidAward(project_id=stored_id(self.project(record["project"])), **values))
        elif name == DECLARATIONS:
            declaration = self.declaration(record)
            if record.get("grantor") is not None:
                self.session.add(
                    DeclaredAid(
                        declaration_id=stored_id(declaration),
                        grantor=record["grantor"],
                        scheme=record.get("scheme") or "",
                        granted_on=record["granted_on"],
                        amount_nok=record.get("amount_nok"),
                        amount_eur=self.plan.declared_eur[row.key],
                    )
                )
        elif name == LINKS:
            self.session.add(
                UndertakingLink(
                    programme_id=stored_id(self.programme()),
                    org_number=record["org_number"],
                    counts_with=record["counts_with"],
                    why=record.get("why") or "",
                )
            )

    def update(self, name: str, row: Row) -> None:
        record = row.record
        if name == AWARDS:
            award = self.session.exec(
                select(AidAward).where(
                    AidAward.project_id == stored_id(self.project(record["project"])),
                    AidAward.granted_on == record["granted_on"],
                )
            ).one()
            for column, value in self.plan.awards[row.key].items():
                setattr(award, column, value)
            self.session.add(award)
        elif name == DECLARATIONS:
            declaration = self.declaration(record)
            if record.get("grantor") is None:
                return
            found = self.session.exec(
                select(DeclaredAid).where(
                    DeclaredAid.declaration_id == stored_id(declaration),
                    DeclaredAid.grantor == record["grantor"],
                    DeclaredAid.scheme == (record.get("scheme") or ""),
                    DeclaredAid.granted_on == record["granted_on"],
                )
            ).first()
            if found is not None:
                found.amount_nok = record.get("amount_nok")
                found.amount_eur = self.plan.declared_eur[row.key]
                self.session.add(found)
        elif name == LINKS:
            link = self.session.exec(
                select(UndertakingLink).where(
                    UndertakingLink.programme_id == stored_id(self.programme()),
                    UndertakingLink.org_number == record["org_number"],
                    UndertakingLink.counts_with == record["counts_with"],
                )
            ).one()
            if record.get("remove"):
                self.session.delete(link)
            else:
                link.why = record.get("why") or ""
                self.session.add(link)

    def declaration(self, record: Record) -> AidDeclaration:
        """The programme's declaration of this org.nr. and date, made when it is new; its signer as the row says."""
        programme_id = stored_id(self.programme())
        found = self.session.exec(
            select(AidDeclaration).where(
                AidDeclaration.programme_id == programme_id,
                AidDeclaration.org_number == record["org_number"],
                AidDeclaration.declared_on == record["declared_on"],
            )
        ).first()
        if found is None:
            found = AidDeclaration(
                programme_id=programme_id,
                org_number=record["org_number"],
                declared_on=record["declared_on"],
                signed_by=record["signed_by"],
            )
        found.signed_by = record["signed_by"]
        self.session.add(found)
        self.session.flush()
        return found
