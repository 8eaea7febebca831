"""Rules that span rows and sheets, checked on the programme as it would be after the import (the database's
records overlaid with the workbook's): references to focus areas, strategies, projects and meetings; the
programme's share of the financing equal to the grant; never more paid than granted. The same rules
`omstilling.intake.writes` enforces one record at a time, here for all rows at once, so every problem is found
before anything is written. Rows that already failed on their own are left out, so one fault gives one line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from omstilling.core import psv
from omstilling.core.enums import FundingSource, IndicatorKind, MeetingKind, MeetingStatus, PsvForm
from omstilling.core.formatting import date_short
from omstilling.core.grants import payment_problem, share_problem
from omstilling.core.language import N_, _, gettext
from omstilling.core.texts import home_problem
from omstilling.intake.workbook.parse import ParsedSheet, Row
from omstilling.intake.workbook.problems import CellProblem
from omstilling.intake.workbook.records import Record, Records

Owner = Callable[[str, object], str | None]  # ("project", "2014-01") → the slug of the programme that has it


class Checker:
    """Collects the cross-record problems of one import."""

    def __init__(
        self,
        parsed: dict[str, ParsedSheet],
        current: Records,
        slug: str,
        owner: Owner,
        today: date,
        sealed: dict[tuple, str] | None = None,
    ):
        self.parsed, self.current, self.slug, self.owner, self.today = parsed, current, slug, owner, today
        self.sealed = sealed or {}  # meeting key → its minutes out for approval or approved, in words
        self.state = {
            name: {**current[name], **{k: r.record for k, r in sheet.rows.items()}} for name, sheet in parsed.items()
        }
        self.problems: list[CellProblem] = []
        self.reported: set[tuple[str, int]] = set()
        self.orphan_dates: set[date] = set()  # dates of meeting rows already reported: their cases are left be

    def rows(self, name: str) -> list[Row]:
        """The sheet's rows that no check has reported yet (one fault, one line)."""
        return [row for row in self.parsed[name].rows.values() if (name, row.number) not in self.reported]

    def failed(self, name: str, key: tuple) -> bool:
        return key in self.parsed[name].failed

    def report(self, name: str, row: Row, field: str, message: str) -> None:
        sheet = self.parsed[name].sheet
        column = sheet.column(field)
        self.problems.append(CellProblem(sheet.title, row.number, column.header, row.cell(field), message))
        self.reported.add((name, row.number))

    def run(self) -> list[CellProblem]:
        for name in ("Tiltak", "Mål", "Budsjett", "Prosjekter"):
            self.focus_areas(name)
        self.strategies()
        for name in ("Finansiering", "Utbetalinger", "Resultater", "Støtte", "Saker"):
            self.projects(name)
        self.funding()
        self.payments()
        self.meetings()
        self.cases()
        self.approved_minutes()
        self.texts()
        self.psv_scores()
        self.wheel()
        self.closed_days()
        self.contacts()
        return self.problems

    def closed_days(self) -> None:
        """Each rule leaves working days in the programme's status period; together they must too."""
        from omstilling.core.wheel.workdays import closed_stretch_problem

        rows = self.rows("Fridager")
        programmes = list(self.state["Program"].values())
        if self.parsed["Fridager"].failed or not rows or self.parsed["Program"].failed or len(programmes) != 1:
            return
        years = programmes[0]["status_start_year"], programmes[0]["status_end_year"]
        alone_fails = False
        for row in rows:
            problem = closed_stretch_problem((row.record["rrule"],), *years)
            if problem:
                self.report("Fridager", row, "rrule", problem)
                alone_fails = True
        if alone_fails:
            return
        rules = tuple(r["rrule"] for r in self.state["Fridager"].values())
        problem = closed_stretch_problem(rules, *years)
        if problem:
            self.report(
                "Fridager", rows[-1], "rrule", _("sammen med de andre fridagene: %(problem)s") % {"problem": problem}
            )

    def focus_areas(self, name: str) -> None:
        areas = self.state["Innsatsområder"]
        for row in self.rows(name):
            number = row.record.get("focus_area")
            if number is None or (number,) in areas or self.failed("Innsatsområder", (number,)):
                continue
            known = ", ".join(str(k[0]) for k in sorted(areas)) or _("ingen")
            self.report(
                name,
                row,
                "focus_area",
                _("programmet har ikke innsatsområde %(number)s (det har %(known)s)")
                % {"number": number, "known": known},
            )

    def strategy(self, number: str, year: int) -> Record | str | None:
        """The strategy `number` of the latest plan up to `year` (as `services` picks it), or why there is none."""
        same = [s for k, s in self.state["Tiltak"].items() if s["number"] == number]
        if any(k[1] == number for k in self.parsed["Tiltak"].failed):
            return None
        fitting = [s for s in same if s["year"] <= year]
        if fitting:
            return max(fitting, key=lambda s: s["year"])
        if same:
            first = min(s["year"] for s in same)
            return _("tiltak %(number)s står først i planen for %(first)s, ikke i %(year)s") % {
                "number": number,
                "first": first,
                "year": year,
            }
        return _("programmet har ikke tiltak %(number)s (se arket Tiltak)") % {"number": number}

    def strategies(self) -> None:
        for name, year_of in (
            ("Mål", lambda r: r["period_end"]),
            ("Prosjekter", lambda r: (r.get("decision_date") or r.get("start_date") or self.today).year),
        ):
            for row in self.rows(name):
                number = row.record.get("strategy")
                if number is None:
                    continue
                found = self.strategy(number, year_of(row.record))
                if isinstance(found, str):
                    self.report(name, row, "strategy", found)
                elif found and row.record.get("focus_area") not in (None, found["focus_area"]):
                    self.report(
                        name,
                        row,
                        "strategy",
                        _("tiltak %(number)s hører til innsatsområde %(area)s, ikke %(given)s")
                        % {"number": number, "area": found["focus_area"], "given": row.record["focus_area"]},
                    )

    def projects(self, name: str) -> None:
        for row in self.rows(name):
            number = row.record.get("project")
            if number is None or (number,) in self.state["Prosjekter"] or self.failed("Prosjekter", (number,)):
                continue
            other = self.owner("project", number)
            message = (
                _("prosjekt %(number)s hører til programmet «%(other)s», ikke «%(slug)s»")
                % {"number": number, "other": other, "slug": self.slug}
                if other
                else _("programmet har ikke prosjekt %(number)s (se arket Prosjekter)") % {"number": number}
            )
            self.report(name, row, "project", message)

    def touched(self, name: str) -> set[str]:
        """Projects whose own row, or a row of sheet `name` about them, is in the workbook (and all well)."""
        numbers = {k[0] for k in self.parsed["Prosjekter"].rows} | {k[0] for k in self.parsed[name].rows}
        broken = {k[0] for k in self.parsed["Prosjekter"].failed} | {k[0] for k in self.parsed[name].failed}
        return {n for n in numbers - broken if (n,) in self.state["Prosjekter"]}

    def funding(self) -> None:
        for number in sorted(self.touched("Finansiering")):
            project = self.state["Prosjekter"][(number,)]
            key = (number, FundingSource.PROGRAMME)
            line = self.state["Finansiering"].get(key)
            problem = share_problem(project["grant_amount"], None if line is None else line["amount"])
            if problem is None:
                continue
            if key in self.parsed["Finansiering"].rows:
                self.report(
                    "Finansiering",
                    self.parsed["Finansiering"].rows[key],
                    "amount",
                    _("prosjekt %(number)s: %(problem)s (tilsagnet står på arket Prosjekter)")
                    % {"number": number, "problem": problem},
                )
            else:
                self.report(
                    "Prosjekter",
                    self.parsed["Prosjekter"].rows[(number,)],
                    "grant_amount",
                    _("prosjekt %(number)s: %(problem)s (andelen står på arket Finansiering)")
                    % {"number": number, "problem": problem},
                )

    def payments(self) -> None:
        by_project = defaultdict(list)
        for key, payment in self.state["Utbetalinger"].items():
            by_project[key[0]].append((key, payment))
        for number in sorted(self.touched("Utbetalinger")):
            grant = self.state["Prosjekter"][(number,)]["grant_amount"]
            lines = by_project[number]
            found = payment_problem(number, grant, [(p["date"], p["kind"], p["amount"]) for _key, p in lines])
            if found is not None:
                key, message = lines[found[0]][0], found[1]
                payments = self.parsed["Utbetalinger"].rows
                if key in payments or (number,) not in self.parsed["Prosjekter"].rows:
                    # the row that crosses the line, or else the last row of the project's in the workbook
                    row = payments.get(key) or [r for k, r in payments.items() if k[0] == number][-1]
                    self.report("Utbetalinger", row, "amount", message)
                else:
                    self.report("Prosjekter", self.parsed["Prosjekter"].rows[(number,)], "grant_amount", message)

    def meetings(self) -> None:
        sheet = self.parsed["Styremøter"]
        for key, row in list(sheet.rows.items()):
            if key[0] != "ny" and key not in self.current["Styremøter"]:
                other = self.owner("meeting", key[0])
                self.report(
                    "Styremøter",
                    row,
                    "id",
                    _("møtet hører til programmet «%(other)s», ikke «%(slug)s»") % {"other": other, "slug": self.slug}
                    if other
                    else _("ukjent møte-ID; la cellen stå tom for nye møter"),
                )
                self.orphan_dates.add(row.record["date"])
                del self.state["Styremøter"][key]
        seen: dict[tuple, tuple] = {}
        for key, meeting in sorted(self.state["Styremøter"].items(), key=lambda item: item[0] in sheet.rows):
            slot = (meeting["date"], meeting["kind"])
            if slot in seen and key in sheet.rows:
                other = sheet.rows.get(seen[slot])
                where = (
                    _("rad %(row)s") % {"row": other.number} if other else _("møte-ID %(id)s") % {"id": seen[slot][0]}
                )
                self.report(
                    "Styremøter",
                    sheet.rows[key],
                    "date",
                    _("et %(kind)s står alt på denne datoen (%(where)s)")
                    % {"kind": MeetingKind(meeting["kind"]).label, "where": where},
                )
            seen.setdefault(slot, key)

    def meeting_for(self, day: date) -> tuple | str | None:
        """The meeting a case names by its date: its date after the import, or the one it had before a move."""
        meetings = self.state["Styremøter"]
        found = [k for k, m in meetings.items() if m["date"] == day]
        if not found:
            before = self.current["Styremøter"]
            found = [k for k in self.parsed["Styremøter"].rows if before.get(k, {}).get("date") == day]
        if len(found) == 1:
            return found[0]
        if day in self.orphan_dates or any(k[0] == "ny" and k[1] == day for k in self.parsed["Styremøter"].failed):
            return None
        if found:
            return _("flere møter denne datoen; saker kan bare stå på ett av dem")
        return _("ingen styremøte denne datoen (se arket Styremøter)")

    def cases(self) -> None:
        for row in self.rows("Saker"):
            found = self.meeting_for(row.record["meeting_date"])
            if isinstance(found, str):
                self.report("Saker", row, "meeting_date", found)
                continue
            row.record["meeting"] = found
            if found is None:
                continue
            day = self.state["Styremøter"][found]["date"]
            if int(row.record["number"].split("/")[1]) != day.year % 100:
                self.report(
                    "Saker",
                    row,
                    "number",
                    _("saksnummeret er fra et annet år enn møtet (%(day)s)") % {"day": date_short(day)},
                )

    def approved_minutes(self) -> None:
        """A meeting whose minutes are out for approval or approved keeps what they record: its day, kind and status,
        and its cases' numbers, titles and decisions (a correction is a new version of the minutes, on the meeting
        page)."""
        if not self.sealed:
            return
        told = _("En retting gjøres som en ny versjon av protokollen på møtesiden.")
        meetings, before = self.parsed["Styremøter"], self.current["Styremøter"]
        for key, version in self.sealed.items():
            row, was = meetings.rows.get(key), before.get(key)
            if row is None or was is None or ("Styremøter", row.number) in self.reported:
                continue
            for field, what in (("date", N_("datoen")), ("kind", N_("typen")), ("status", N_("statusen"))):
                if row.record.get(field) != was.get(field):
                    self.report(
                        "Styremøter",
                        row,
                        field,
                        _("protokollen fra møtet er %(version)s, så %(what)s kan ikke endres. %(told)s")
                        % {"version": version, "what": gettext(what), "told": told},
                    )
                    break
        cases = self.current["Saker"]
        for key, row in self.parsed["Saker"].rows.items():
            if ("Saker", row.number) in self.reported:
                continue
            was = cases.get(key)
            meeting = row.record.get("meeting")
            found = self.sealed.get(meeting) if meeting else None
            if found is None and was is not None:
                found = self.sealed.get(was.get("meeting") or ())
            if found is None:
                continue
            version = found
            if was is None:
                self.report(
                    "Saker",
                    row,
                    "number",
                    _("protokollen fra møtet er %(version)s; en ny sak kan ikke legges til møtet.")
                    % {"version": version},
                )
                continue
            for field, what in (("meeting_date", N_("møtet")), ("title", N_("tittelen")), ("decision", N_("vedtaket"))):
                if row.record.get(field) != was.get(field):
                    self.report(
                        "Saker",
                        row,
                        field,
                        _(
                            "saken står i protokollen fra møtet, som er %(version)s, så %(what)s kan ikke endres. %(told)s"
                        )
                        % {"version": version, "what": gettext(what), "told": told},
                    )
                    break

    def texts(self) -> None:
        """A text's document is one the programme has: a year of its status period; a meeting's document names a
        meeting that is not cancelled (`core.texts.home_problem`, as a text written alone and the web app's page are checked)."""
        programmes = list(self.state["Program"].values())
        if self.parsed["Program"].failed or len(programmes) != 1:
            return
        years = programmes[0]["status_start_year"], programmes[0]["status_end_year"]
        meetings = [(m["date"], MeetingStatus(m["status"])) for m in self.state["Styremøter"].values()]
        unsure = self.orphan_dates | {k[1] for k in self.parsed["Styremøter"].failed if k[0] == "ny"}
        for row in self.rows("Tekster"):
            record = row.record
            if record.get("meeting_date") in unsure:
                continue  # its meeting's row is already reported
            problem = home_problem(
                record["kind"], record["year"], record.get("meeting_date"), years, meetings, _("se arket Styremøter")
            )
            if problem:
                self.report("Tekster", row, *problem)

    def psv_scores(self) -> None:
        """A year's PSV grades fit the set it is scored on, once it has grades: the set the sheet PSV names
        (Innovasjon Norge's 6 + 6 or 4 + 4, or the programme's own indicators on the sheet PSV-indikatorer); when
        it names none, the programme's own indicators or one of the published forms (`omstilling.core.psv`)."""
        by_year: dict[int, list[tuple[str, IndicatorKind]]] = defaultdict(list)
        for (year, indicator), score in self.state["PSV-score"].items():
            by_year[year].append((indicator, IndicatorKind(score["kind"])))
        own_names = tuple(
            (i["name"], IndicatorKind(i["kind"])) for _key, i in sorted(self.state["PSV-indikatorer"].items())
        )
        own = psv.IndicatorSet(
            PsvForm.OWN,
            sum(kind is IndicatorKind.PROCESS for _name, kind in own_names),
            sum(kind is IndicatorKind.EFFECT for _name, kind in own_names),
            own_names,
        )
        rows = self.rows("PSV-score")
        failed = {k[0] for k in self.parsed["PSV-score"].failed}
        for year in sorted({row.record["year"] for row in rows} - failed):
            last = [row for row in rows if row.record["year"] == year][-1]
            given = self.state["PSV"].get((year,), {}).get("form")
            if given is not None:
                form = PsvForm(given)
                if form is PsvForm.OWN and not own_names:
                    problem = _("programmets egne indikatorer er valgt på arket PSV, men arket PSV-indikatorer er tomt")
                else:
                    problem = psv.grade_problem(own if form is PsvForm.OWN else psv.PUBLISHED[form], by_year[year])
                if problem:
                    self.report(
                        "PSV-score",
                        last,
                        "year",
                        _("PSV-en for %(year)s: %(problem)s") % {"year": year, "problem": problem},
                    )
                continue
            if own_names and not psv.grade_problem(own, by_year[year]):
                continue
            process = sum(kind is IndicatorKind.PROCESS for _name, kind in by_year[year])
            effect = len(by_year[year]) - process
            if (process, effect) not in ((4, 4), (6, 6)):
                self.report(
                    "PSV-score",
                    last,
                    "year",
                    _(
                        "PSV-en for %(year)s har %(process)s og %(effect)s; skjemaet har 4 + 4 (nyere) eller 6 + 6 (eldre)"
                    )
                    % {"year": year, **psv.counted(process, effect)},
                )

    def wheel(self) -> None:
        events = self.state["Årshjul"]
        failed = {k[0] for k in self.parsed["Årshjul"].failed}
        complete = not failed
        for row in self.rows("Årshjul"):
            unknown = [k for k in row.record["depends_on"] if (k,) not in events and k not in failed]
            if unknown:
                complete = False
                self.report(
                    "Årshjul",
                    row,
                    "depends_on",
                    _("ukjent hendelse %(keys)s (bruk nøkler fra arket Årshjul)") % {"keys": ", ".join(unknown)},
                )
        if complete:
            self.cycles(events)

    def cycles(self, events: dict[tuple, Record]) -> None:
        graph = {k[0]: [d for d in e["depends_on"] if (d,) in events] for k, e in events.items()}
        done: set[str] = set()

        def visit(key: str, path: list[str]) -> list[str] | None:
            if key in path:
                return [*path[path.index(key) :], key]
            if key in done:
                return None
            for dependency in graph[key]:
                if cycle := visit(dependency, [*path, key]):
                    return cycle
            done.add(key)
            return None

        for row in self.rows("Årshjul"):
            if cycle := visit(row.record["key"], []):
                self.report(
                    "Årshjul",
                    row,
                    "depends_on",
                    _("avhengighetene går i ring: %(cycle)s") % {"cycle": " → ".join(cycle)},
                )
                return

    def contacts(self) -> None:
        sheet = self.parsed["Personer"]
        if not {"email", "phone"} & sheet.present:
            return
        first: dict[str, Row] = {}
        for row in self.rows("Personer"):
            other = first.setdefault(row.record["name"], row)
            for field in ("email", "phone"):
                if field in sheet.present and row.record.get(field) != other.record.get(field):
                    self.report(
                        "Personer",
                        row,
                        field,
                        _("samme person har en annen verdi på rad %(row)s; kontaktdata gjelder personen, ikke rollen")
                        % {"row": other.number},
                    )
