"""Every number in every document is a figure of the one figures builder (issue 11, case 2).

`omstilling status --json` is a projection of `omstilling.core.figures.build` (`omstilling.core.status`), and a
document's context is that same dict plus text (`omstilling.documents.context`). So "every figure equals
`status --json`" means: every number a document shows is a value of `figures.build(snapshot, year, as_of)`,
formatted by the filters the templates use. This file checks it for all seven document kinds and two programmes
(the demo, and the demo with results in a second focus area), in both directions:

(a) in place: from the builder's dict (called here, not read back from the rendered context) each figure's text is
    built the way its template writes it, and must stand where the template puts it: a whole table row or a whole
    sentence, under its heading;
(b) the reverse: every number token in the Markdown must be explained, either by a figure of the builder (in some
    formatting) or by one of the narrow whitelist patterns below (years, dates, numbering, and the data's own
    identifiers and wording). A token explained by a figure must also stand inside a match of (a): no figure is
    shown without being checked where it stands.

Documents are rendered to Markdown only (no pandoc, no files). `test_a_changed_figure_is_caught` renders documents
from a builder with one figure altered and proves the checks then fail."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from omstilling.core import figures, sentences
from omstilling.core.enums import (
    BudgetCategory,
    Comparator,
    DocumentKind,
    FundingSource,
    GoalMetric,
    IndicatorKind,
    MeetingStatus,
    PaymentKind,
    ResultSource,
)
from omstilling.core.periods import Period
from omstilling.core.snapshot import GoalData, PaymentData, ProgrammeSnapshot, ResultData, ScoreData
from omstilling.core.status import programme_status
from omstilling.documents.filters import FILTERS
from omstilling.documents.filters import escape_markdown as esc
from omstilling.documents.render import render_markdown

TEMPLATES = Path(__file__).resolve().parents[3] / "omstilling" / "documents" / "templates"
YEAR = 2014

# The filters the templates use, by their template names.
num, kr, kroner, pct, ratio = (FILTERS[name] for name in ("num", "kr", "kroner", "pct", "ratio"))
dato, kdato, lys, maltall, flertall = (FILTERS[name] for name in ("dato", "kdato", "lys", "maltall", "flertall"))

CASES: dict[DocumentKind, tuple[date, date | None]] = {
    DocumentKind.ANNUAL_REPORT: (date(2014, 12, 31), None),
    DocumentKind.HALF_YEAR_REPORT: (date(2014, 6, 30), None),
    DocumentKind.BOARD_REPORT: (date(2014, 6, 15), date(2014, 6, 16)),  # figures up to the day before the meeting
    DocumentKind.APPLICATION: (date(2014, 12, 31), None),
    DocumentKind.PSV_FACTS: (date(2014, 12, 31), None),
    DocumentKind.SEMINAR_BASIS: (date(2014, 12, 31), None),
    DocumentKind.ACTION_PLAN: (date(2014, 12, 31), None),
}


# --- The two programmes --------------------------------------------------------------------------------------


def two_areas(demo: ProgrammeSnapshot) -> ProgrammeSnapshot:
    """The demo with jobs and a new company in focus area 2 as well: two of its projects report results in 2014
    (one before 30 June, so the half-year report differs too), and area 2 gets goals of its own for jobs and
    companies. Area 1's goals must still count area 1 only, and area 2's area 2 only, so a goal that counted the
    whole programme (or the other area) would show another number than the builder's.

    It also reaches what the demo does not: a second and third source of jobs, Innovasjon Norge among the funders
    (a name with a capital inside), money returned by a project in the year, PSV scores, a budget whose income and
    spending differ, administration overspent in the accounts (a deviation once the year is over), and a budget for
    the next year (which the application and the action plan then show)."""
    results = {
        "2014-12": ResultData(
            date(2014, 5, 15),
            new_jobs=3,
            secured_jobs=4,
            new_companies=1,
            extra_revenue=1_250_000,
            source=ResultSource.SELF_REPORTED,
        ),
        "2014-13": ResultData(
            date(2014, 11, 28),
            new_jobs=2,
            secured_jobs=5,
            new_companies=0,
            extra_revenue=400_000,
            source=ResultSource.EVALUATOR,
        ),
    }
    projects = []
    for original in demo.projects:
        project = original
        if project.number in results:
            project = replace(project, results=project.results + (results[project.number],))
        if project.number == "2014-13":
            project = replace(project, funding=project.funding | {FundingSource.INNOVASJON_NORGE: 300_000})
        if project.number == "2014-14":
            returned = PaymentData(date(2014, 12, 30), PaymentKind.RETURNED, 20_000)
            project = replace(project, payments=project.payments + (returned,))
        projects.append(project)
    first = max(g.id for g in demo.goals) + 1
    goals = demo.goals + (
        GoalData(
            first,
            "io2-arbeidsplasser-2014",
            2,
            None,
            GoalMetric.JOBS,
            Comparator.AT_LEAST,
            10,
            None,
            2014,
            2014,
            "Prosjektene i innsatsområde 2 skal gi minst 10 nye og sikrede arbeidsplasser i 2014.",
        ),
        GoalData(
            first + 1,
            "io2-nye-bedrifter-2014",
            2,
            None,
            GoalMetric.NEW_COMPANIES,
            Comparator.AT_LEAST,
            1,
            None,
            2014,
            2014,
            "Minst én ny bedrift fra prosjektene i innsatsområde 2.",
        ),
    )
    this_year = [line for line in demo.budget_lines if line.year == 2014]
    budget = tuple(
        replace(line, amount=line.amount + 100_000)
        if line.category is BudgetCategory.MUNICIPALITY
        # administration overspent by more than the tolerance: a deviation of the accounts once the year is over
        else replace(line, actual=line.amount * 6 // 5)
        if line.category is BudgetCategory.ADMINISTRATION and line.year == 2014
        else line
        for line in demo.budget_lines
    )
    last_id = max(line.id for line in demo.budget_lines)
    budget += tuple(
        replace(line, id=last_id + i, year=2015, amount=line.amount * 4 // 5)
        for i, line in enumerate(this_year, start=1)
    )
    scores = (
        ScoreData("Måloppnåelse", IndicatorKind.EFFECT, 4, "Målene for arbeidsplasser er nesten nådd."),
        ScoreData("Styrets arbeid", IndicatorKind.PROCESS, 5, None),
    )
    assessments = (replace(demo.assessments[0], scores=scores),) + demo.assessments[1:]
    return replace(
        demo,
        slug="to-innsatsomrader",
        projects=tuple(projects),
        goals=goals,
        budget_lines=budget,
        assessments=assessments,
    )


@pytest.fixture(scope="module")
def programmes(demo_snapshot) -> dict[str, ProgrammeSnapshot]:
    return {"demo": demo_snapshot, "to-innsatsomrader": two_areas(demo_snapshot)}


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    snapshot: ProgrammeSnapshot
    as_of: date
    meeting_date: date | None
    markdown: str
    figures: dict[str, Any]  # the builder's dict, from calling the builder here

    @property
    def year(self) -> int:
        return self.figures["year"]


def render(snapshot: ProgrammeSnapshot, kind: DocumentKind) -> str:
    as_of, meeting_date = CASES[kind]
    return render_markdown(kind, snapshot, YEAR, as_of, meeting_date=meeting_date, templates_dir=TEMPLATES).markdown


@pytest.fixture(scope="module")
def documents(programmes) -> dict[tuple[str, DocumentKind], Document]:
    """Each kind for each programme, rendered once; with the figures the builder gives for the same day."""
    found = {}
    for name, snapshot in programmes.items():
        for kind, (as_of, meeting_date) in CASES.items():
            found[name, kind] = Document(
                kind, snapshot, as_of, meeting_date, render(snapshot, kind), figures.build(snapshot, YEAR, as_of)
            )
    return found


# --- (a) What each document must show, where, built from the figures ---------------------------------------


@dataclass(frozen=True)
class Expect:
    """A text the document must contain: a table row (starts with "| ") must be a whole line; anything else a
    part of a line. With `section`, it must stand under that heading (up to the next heading of its level)."""

    text: str
    section: str | None = None


def under(section: str | None, texts: list[str]) -> list[Expect]:
    return [Expect(text, section) for text in texts]


def goal_period(goal: dict[str, Any]) -> str:
    first, last = goal["period"]
    return str(first) if first == last else f"{first}–{last}"


def target(goal: dict[str, Any]) -> str:
    return f"{goal['comparator']} {maltall(goal['target'], goal['unit'])}"


def key_figures(F: dict[str, Any], start: int) -> list[str]:
    """_nokkeltall.md.j2"""
    jobs, cumulative, now, leverage = F["jobs"]["year"], F["jobs"]["cumulative"], F["portfolio"]["now"], F["leverage"]
    return [
        f"| Nøkkeltall | {F['year']} | Totalt siden {start} |",
        f"| Nye arbeidsplasser | {num(jobs['new'])} | {num(cumulative['new'])} |",
        f"| Sikrede arbeidsplasser | {num(jobs['secured'])} | {num(cumulative['secured'])} |",
        f"| Nye og sikrede arbeidsplasser i alt | {num(jobs['total'])} | {num(cumulative['total'])} |",
        f"| Nye bedrifter | {num(F['companies']['year'])} | {num(F['companies']['cumulative'])} |",
        f"| Nye prosjekter innvilget | {len(F['portfolio']['new'])} | {num(now['started'])} |",
        f"| Tilsagn fra programmet | {kr(leverage['support'])} | {kr(now['support'])} |",
        f"| Samlet prosjektbudsjett (giring) | {kr(leverage['total_budget'])} | {kr(now['total_budget'])} |",
        f"| Giringsfaktor | {ratio(leverage['ratio'])} | {ratio(now['leverage_ratio'])} |",
        f"| Andel prosjekter med kompetanseheving | {pct(F['competence']['percent'])} | – |",
    ]


def goal_table(
    goals: list[dict[str, Any]], F: dict[str, Any], section: str | None, subject: str = "Programmet"
) -> list[Expect]:
    """_mal.md.j2: a row per measurable goal, with its target, result, share of target and light."""
    measurable = [g for g in goals if not g["qualitative"]]
    if not measurable:
        return [Expect(f"{subject} har ingen målbare mål for {F['year']}.", section)]
    rows = [
        f"| {esc(g['text'])} | {goal_period(g)} | {target(g)} | {maltall(g['actual'], g['unit'])} | "
        f"{pct(g['share'])} | {lys(g['light'])} |"
        for g in measurable
    ]
    return under(
        section,
        rows
        + [
            (
                f"Trafikklysene sammenligner resultatet med det som burde være nådd per "
                f"{dato(F['as_of'])}; se «Definisjoner» bakerst."
            )
        ],
    )


def area_goal_tables(F: dict[str, Any]) -> list[Expect]:
    """The annual and half-year reports: each focus area's goals under its own heading, then the programme's."""
    found = []
    for area in F["focus_areas"]:
        heading = f"### Innsatsområde {area['number']}: {esc(area['name'])}"
        goals = [g for g in F["goals"] if g["focus_area"] and g["focus_area"]["number"] == area["number"]]
        found += (
            goal_table(goals, F, heading, "Innsatsområdet")
            if goals
            else [Expect(f"Innsatsområdet har ingen mål registrert for {F['year']}.", heading)]
        )
    programme_goals = [g for g in F["goals"] if not g["focus_area"]]
    if programme_goals:
        found += goal_table(programme_goals, F, "### Mål for hele programmet")
    return found


def jobs_by_year(F: dict[str, Any]) -> list[str]:
    """_arbeidsplasser_per_ar.md.j2"""
    as_of = F["as_of"]
    if not F["jobs"]["by_year"]:
        return ["Ingen prosjekter har rapportert arbeidsplasser ennå."]
    rows = []
    for y in F["jobs"]["by_year"]:
        part = f" (per {kdato(as_of)})" if y["year"] == as_of.year and (as_of.month, as_of.day) < (12, 31) else ""
        goal = num(y["target"]) if y["target"] is not None else "–"
        rows.append(f"| {y['year']}{part} | {num(y['new'])} | {num(y['secured'])} | {num(y['total'])} | {goal} |")
    return rows


def jobs_by_source(F: dict[str, Any]) -> list[str]:
    """The table of jobs by who reported them (arsrapport, halvarsrapport, psv-grunnlag)."""
    return [
        f"| {esc(s['source'].capitalize())} | {num(s['new'])} | {num(s['secured'])} | {num(s['total'])} |"
        for s in F["jobs"]["by_source"]
    ]


def jobs_target(F: dict[str, Any]) -> sentences.JobsTarget | None:
    """The year's jobs target as the sentence builder takes it: the programme's, or some focus areas' with what
    their projects reported."""
    jobs = F["jobs"]
    if jobs["target"] is None:
        return None
    return sentences.JobsTarget(jobs["target"], tuple(jobs["target_areas"]), jobs["target_jobs"] or 0)


def year_results(F: dict[str, Any], as_of: date | None = None) -> str:
    """core.sentences.year_results from the builder's figures (the builder's own wording is read in
    tests/unit/core/test_sentences.py; here: that the figures in it are the builder's)."""
    jobs = F["jobs"]["year"]
    return sentences.year_results(
        F["year"], jobs["new"], jobs["secured"], F["companies"]["year"], jobs_target(F), as_of
    )


def since_start(F: dict[str, Any], start: int) -> str:
    cumulative = F["jobs"]["cumulative"]
    return sentences.since_start(start, cumulative["new"], cumulative["secured"], F["companies"]["cumulative"])


def results(F: dict[str, Any], start: int) -> list[str]:
    """_resultater.md.j2"""
    return [year_results(F, F["as_of"]), since_start(F, start)]


def deviation_table(deviations: list[dict[str, Any]], F: dict[str, Any]) -> list[str]:
    """_avvik.md.j2 (the numbers inside a deviation's text are checked by
    test_each_deviation_states_the_figures_of_its_goal_or_budget_line)."""
    if not deviations:
        return [f"Det er ingen avvik utover toleransen på {pct(F['tolerance'] * 100)} per {dato(F['as_of'])}."]
    rows = [
        f"| {esc(d['detail'])} | {d['period']} | {esc(d['cause']) if d['cause'] else '–'} | "
        f"{esc(d['action']) if d['action'] else '–'} | {d['status']} |"
        for d in deviations
    ]
    return rows


def strategy_table(F: dict[str, Any]) -> list[str]:
    """_tiltak.md.j2"""
    counted = [s for s in F["strategies"] if s["count_target"] is not None]
    if not counted:
        return [f"Handlingsplanen for {F['year']} har ingen tiltak med måltall for antall prosjekter."]
    return [
        f"| {esc(s['number'])} {esc(s['name'])} | "
        f"{esc(s['target_text'] or 'minst ' + str(s['count_target']) + ' prosjekter')} | {num(s['count'])} | "
        f"{'ja' if s['met'] else 'nei'} |"
        for s in counted
    ]


def budget_table(F: dict[str, Any]) -> list[str]:
    """_budsjett.md.j2: each line's budget, granted, paid and left, the sums, and what is left of the projects'
    money (`left` and `project_budget_total` are the builder's; the template does no arithmetic)."""
    budget, year, as_of = F["budget"], F["year"], F["as_of"]
    if not budget["has_budget"]:
        return [f"Det er ikke registrert noe budsjett for {year}."]

    def cell(value: int | None) -> str:
        return kr(value) if value is not None else "ikke registrert"

    if budget["has_accounts"]:
        rows = [
            f"| {esc(line['label'])} | {kr(line['budget'])} | | | {cell(line['received'])} | |"
            for line in budget["income"]
        ]
        rows.append(
            f"| **Sum inntekter** | **{kr(budget['income_total'])}** | | | **{kr(budget['received_total'])}** | |"
        )
        rows += [
            f"| {esc(line['label'])} | {kr(line['budget'])} | {cell(line['granted'])} | {cell(line['paid'])} | "
            f"{cell(line['spent'])} | {cell(line['left'])} |"
            for line in budget["spending"]
        ]
        rows.append(
            f"| **Sum ressursbruk** | **{kr(budget['spending_total'])}** | **{kr(budget['committed_total'])}** | "
            f"**{kr(budget['paid_out_total'])}** | **{kr(budget['spent_total'])}** | |"
        )
    else:  # no accounts yet: no Regnskap column, and "–" where a cost without grants has no figure yet

        def dash(value: int | None) -> str:
            return kr(value) if value is not None else "–"

        rows = [f"| {esc(line['label'])} | {kr(line['budget'])} | | | |" for line in budget["income"]]
        rows.append(f"| **Sum inntekter** | **{kr(budget['income_total'])}** | | | |")
        rows += [
            f"| {esc(line['label'])} | {kr(line['budget'])} | {dash(line['granted'])} | {dash(line['paid'])} | "
            f"{dash(line['left'])} |"
            for line in budget["spending"]
        ]
        rows.append(
            f"| **Sum ressursbruk** | **{kr(budget['spending_total'])}** | **{kr(budget['committed_total'])}** | "
            f"**{kr(budget['paid_out_total'])}** | |"
        )
    rows.append(
        f"Av prosjektmidlene på {kroner(budget['project_budget_total'])} er det innvilget "
        f"{kroner(budget['granted_total'])}, og {kroner(budget['left'])} står igjen per {dato(as_of)}."
    )
    rows.append(
        f"Tilbakeførte midler fra prosjekter i {year}: {kroner(budget['returned'])}."
        if budget["returned"]
        else f"Ingen midler er tilbakeført fra prosjekter i {year}."
    )
    if budget["income_total"] != budget["spending_total"]:
        rows.append(
            f"Merk: inntektene ({kr(budget['income_total'])}) og ressursbruken "
            f"({kr(budget['spending_total'])}) i budsjettet er ikke like store."
        )
    return rows


def paid_sentence(F: dict[str, Any]) -> list[str]:
    """The sentence after the budget in the half-year and board reports."""
    budget = F["budget"]
    if budget["has_budget"] and budget["granted_total"]:
        return [
            (
                f"Av det som er innvilget, er {kroner(budget['paid_total'])} utbetalt til prosjektene per "
                f"{dato(F['as_of'])}."
            )
        ]
    return []


def frame_budget(frame: dict[str, Any], heading: str) -> list[str]:
    """_rammebudsjett.md.j2"""
    return (
        [f"| Budsjettlinje | {heading} |"]
        + [f"| {esc(line['label'])} | {kr(line['budget'])} |" for line in frame["income"]]
        + [f"| **Sum inntekter** | **{kr(frame['income_total'])}** |"]
        + [f"| {esc(line['label'])} | {kr(line['budget'])} |" for line in frame["spending"]]
        + [f"| **Sum ressursbruk** | **{kr(frame['spending_total'])}** |"]
    )


def funding(F: dict[str, Any]) -> list[str]:
    """_finansiering.md.j2"""
    if not F["funding_by_source"]:
        return [
            (
                f"Ingen prosjekter er innvilget i {F['year']} per {dato(F['as_of'])}, så det er ingen finansiering å "
                "vise."
            )
        ]
    rows = [
        f"| {esc(line['source'][:1].upper() + line['source'][1:])} | {kr(line['amount'])} |"
        for line in F["funding_by_source"]
    ]
    return rows + [
        f"| **Samlet prosjektbudsjett** | **{kr(F['leverage']['total_budget'])}** |",
        (
            f"Hver krone fra programmet har utløst {ratio(F['leverage']['ratio'])} kroner i samlede "
            "prosjektbudsjetter (giringsfaktor)."
        ),
    ]


def portfolio_table(F: dict[str, Any], start: int) -> list[str]:
    """_portefolje.md.j2: the portfolio at the previous turn of the year and now."""
    before, now = F["portfolio"]["before_year"], F["portfolio"]["now"]

    def row(label: str, show, *keys: str) -> str:
        values = []
        for side in (before, now):
            value = side
            for key in keys:
                value = value[key]
            values.append(show(value))
        return f"| {label} | {values[0]} | {values[1]} |"

    return [
        f"| Porteføljen | Per {kdato(before['on'])} | Per {kdato(now['on'])} |",
        row(f"Prosjekter iverksatt siden {start}", num, "started"),
        row("– avsluttet", num, "finished"),
        row("– pågår", num, "running"),
        row("– ikke gjennomført", num, "not_carried_out"),
        row("Programmets støtte", kr, "support"),
        row("Samlet prosjektbudsjett", kr, "total_budget"),
        row("Giringsfaktor", ratio, "leverage_ratio"),
        row("Midler tilbakeført fra prosjekter", kr, "returned"),
        row("Nye arbeidsplasser", num, "jobs", "new"),
        row("Sikrede arbeidsplasser", num, "jobs", "secured"),
        row("Nye og sikrede arbeidsplasser i alt", num, "jobs", "total"),
        row("Nye bedrifter", num, "new_companies"),
        row("Rapporterte tilleggsinntekter i bedriftene", kr, "extra_revenue"),
    ]


def project_list(projects: list[dict[str, Any]], omitted: int = 0) -> list[str]:
    """_prosjektliste.md.j2: each project's grant, decision and jobs (the builder's project rows)."""
    if not projects:
        return ["Programmet har ingen prosjekter registrert for perioden."]
    rows = [
        f"| {esc(p['number'])} | {esc(p['title'])} ({esc(p['owner'])}) | {p['phase']}, {p['status']} | "
        f"{kr(p['grant'])} | {kdato(p['decision_date'])} | "
        f"{str(p['new_jobs']) + ' + ' + str(p['secured_jobs']) if p['results_reported'] else 'ikke rapportert'} |"
        for p in projects
    ]
    if omitted:
        rows.append(
            f"Listen viser de første {num(len(projects))} prosjektene; {num(omitted)} til er ikke tatt med her."
        )
    return rows


def meetings_block(F: dict[str, Any], until: date | None = None) -> list[str]:
    """_styremoter.md.j2; through _styrearbeid.md.j2 (with `until`) only the quota periods begun by then."""
    meetings, year, as_of = F["meetings"], F["year"], F["as_of"]
    found = []
    if meetings["held"]:
        found.append(
            f"Styret har holdt {flertall(len(meetings['held']), 'møte', 'møter')} i {year} per {dato(as_of)}"
            + (", styreseminaret medregnet" if meetings["seminar_held"] else "")
            + "."
        )
        found += [
            f"| {kdato(m['date'])} | {esc(m['kind'].capitalize())} | {len(m['cases'])} |" for m in meetings["held"]
        ]
    else:
        found.append(f"Styret har ikke holdt noen møter i {year} per {dato(as_of)}.")
    quotas = meetings["quotas"] if until is None else [q for q in meetings["quotas"] if q["start"] <= until]
    for q in quotas:
        late = (
            f" (siste frist for innkalling {kdato(q['last_call'])})"
            if q["last_call"] and q["state"] not in ("oppfylt", "i rute")
            else ""
        )
        found.append(
            f"| {esc(q['period'])} | {esc(q['title'])} | {q['held']} | {q['planned']} | "
            f"{q['state'].capitalize()}{late} |"
        )
    if until is not None and not meetings["quotas"]:
        found.append("Programmet har ikke registrert noe krav til antall styremøter.")
    return found


def score_block(scores: dict[str, Any]) -> list[str]:
    """_psv_score.md.j2: one row per indicator with a column per year, and the years without scores in words."""
    if not scores["rows"]:
        return [
            (f"Det er ikke registrert noen score fra programstatusvurderingene for {scores['year']} eller årene før.")
        ]
    found = ["| Indikator | Type |" + "".join(f" {y} |" for y in scores["years"]) + " Begrunnelse (siste) |"]
    found += [
        f"| {esc(r['indicator'])} | {r['kind_label']} |"
        + "".join(f" {'–' if v is None else v} |" for v in r["by_year"])
        + f" {esc(r['justification'] or 'ikke begrunnet')} |"
        for r in scores["rows"]
    ]
    if not scores["this_year"]:
        found.append(
            f"Det er ikke registrert noen score fra programstatusvurderingen for {scores['year']}"
            + ("; tabellen viser de foregående årene" if len(scores["years"]) > 1 else "")
            + "."
        )
    found.insert(
        len(scores["rows"]) + 1,
        "Scorene går fra 1 (svakt) til 5 (svært godt); «–» er et år uten score for indikatoren.",
    )
    found += [f"Det er ikke registrert noen score for {y}." for y in scores["without"] if y != scores["year"]]
    return found


def psv_block(psv: dict[str, Any] | None, year: int, scores: dict[str, Any]) -> list[str]:
    """_psv.md.j2: the PSV's year, its scores beside the years before (_psv_score.md.j2) and its
    recommendations."""
    if not psv:
        return [f"Det er ingen programstatusvurdering registrert for {year} eller tidligere (ingen vurdering)."]
    held = f" ({dato(psv['meeting_date'])})" if psv["meeting_date"] else ""
    found = [
        f"Programstatusvurderingen for {psv['year']}{held}: " + esc(psv["summary"] or "sammendrag er ikke registrert.")
    ]
    found += score_block(scores)
    found += [
        f"| {r['number']} | {esc(r['text'])} | {esc(r['follow_up'] or 'ikke fulgt opp ennå')} | {r['status']} |"
        for r in psv["recommendations"]
    ]
    if not psv["recommendations"]:
        found.append("Vurderingen ga ingen registrerte anbefalinger.")
    return found


def definitions(F: dict[str, Any]) -> list[str]:
    """The definitions (context.DEFINITIONS) write the tolerance as text; it must be the builder's."""
    tolerance = pct(F["tolerance"] * 100)
    return [
        f"Gul: inntil {tolerance} under. Rød: mer enn {tolerance} under;",
        f"Et mål eller en budsjettlinje som er mer enn {tolerance} fra mål eller plan.",
    ]


def without_results(F: dict[str, Any], prefix: str = "I alt ") -> list[str]:
    missing = F["projects_without_results"]
    if not missing:
        return []
    return [
        prefix
        + flertall(len(missing), "avsluttet prosjekt har", "avsluttede prosjekter har")
        + " ikke rapportert resultater: "
        + ", ".join(p["number"] for p in missing)
        + "."
    ]


def lights(goals: list[dict[str, Any]]) -> dict[str, int]:
    """How many measurable goals have each light (the half-year report and PSV facts count them in the template)."""
    measurable = [g for g in goals if not g["qualitative"]]
    return {light: sum(g["light"] == light for g in measurable) for light in ("grønn", "gul", "rød")}


def new_projects(F: dict[str, Any]) -> str:
    return flertall(len(F["portfolio"]["new"]), "nytt prosjekt", "nye prosjekter")


def county_amount(snapshot: ProgrammeSnapshot, frame: dict[str, Any]) -> int:
    """The amount applied for: the budget's income lines of the category «fylkeskommunen»."""
    return sum(line["budget"] for line in frame["income"] if line["category"] == "fylkeskommune")


def since_previous_meeting(d: Document) -> tuple[date | None, list[dict[str, Any]]]:
    """The board report's projects since the previous meeting, chosen here by the rule the report states (decided
    after the previous meeting, up to the meeting and the day of the figures), as the builder's project rows."""
    meeting = d.meeting_date
    earlier = [m.date for m in d.snapshot.meetings if m.date < meeting and m.status is not MeetingStatus.CANCELLED]
    previous = earlier[-1] if earlier else None
    since = [
        figures.project_row(d.snapshot, p, d.as_of)
        for p in d.snapshot.projects
        if p.status.supported
        and p.decision_date
        and (previous is None or p.decision_date >= previous)  # the previous meeting's grants came after its papers
        and p.decision_date < meeting  # the meeting's own grants are not yet made
        and p.decision_date <= d.as_of
    ]
    return previous, since


def annual_report(d: Document) -> list[Expect]:
    F, s, year = d.figures, d.snapshot, d.year
    leverage = F["leverage"]
    competence = F["competence"]
    found = under(
        "## Sammendrag",
        [
            (
                f"{esc(s.name)} har i {year} innvilget støtte til {new_projects(F)} med til sammen "
                f"{kroner(leverage['support'])} i tilsagn. Prosjektene har et samlet budsjett på "
                f"{kroner(leverage['total_budget'])}, en giringsfaktor på {ratio(leverage['ratio'])}."
            ),
            year_results(F),
            since_start(F, s.status_start_year),
            f"Rapporten har {flertall(len(F['deviations']), 'avvik', 'avvik')}."
            if F["deviations"]
            else "Det er ingen avvik å rapportere.",
            *key_figures(F, s.status_start_year),
        ],
    )
    found += under("## Styrets arbeid", meetings_block(F))
    found += area_goal_tables(F)
    found += under(
        "### Arbeidsplasser etter kilde", jobs_by_source(F) or ["Ingen prosjekter har rapportert arbeidsplasser ennå."]
    )
    found += under("## Avviksrapport", deviation_table(F["deviations"], F))
    found += under("### Prosjekter per tiltak", strategy_table(F))
    found += under(
        "### Nye og avsluttede prosjekter",
        [
            f"Nye prosjekter innvilget i {year}: {len(F['portfolio']['new'])}, med {kroner(leverage['support'])} i "
            "tilsagn."
            if F["portfolio"]["new"]
            else f"Ingen nye prosjekter er innvilget i {year}.",
            f"Prosjekter avsluttet i {year}: {len(F['portfolio']['finished'])}."
            if F["portfolio"]["finished"]
            else f"Ingen prosjekter er avsluttet i {year}.",
            f"Kompetanseheving er et vesentlig element i {num(competence['count'])} av {num(competence['of'])} nye "
            f"prosjekter ({pct(competence['percent'])}"
            + (f"; målet er minst {pct(competence['target'])}" if competence["target"] else "")
            + ").",
            *without_results(F, prefix=""),
        ],
    )
    found += under("### Giring og finansiering", funding(F))
    found += under("## Økonomi", budget_table(F))
    found += under("## Oppfølging av programstatusvurderingen", psv_block(F["psv"], year, F["psv_scores"]))
    found += under("## Vedlegg: prosjektliste", project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## Definisjoner", definitions(F))
    return found


def half_year_report(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    leverage, budget, competence, psv = F["leverage"], F["budget"], F["competence"], F["psv"]
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    light = lights(F["goals"])
    summary = [
        f"Programmet har så langt i {year} innvilget støtte til {new_projects(F)} med til sammen "
        f"{kroner(leverage['support'])} i tilsagn. Prosjektene har et samlet budsjett på "
        f"{kroner(leverage['total_budget'])}, en giringsfaktor på {ratio(leverage['ratio'])}."
        if F["portfolio"]["new"]
        else f"Per {dato(as_of)} har programmet ikke innvilget støtte til noen nye prosjekter i {year}.",
        *results(F, s.status_start_year),
    ]
    if measurable:
        summary.append(
            f"Av {flertall(len(measurable), 'målbart mål', 'målbare mål')} har {light['grønn']} grønt, "
            f"{light['gul']} gult og {light['rød']} rødt lys."
        )
    summary.append(
        f"Avviksrapporten har {flertall(len(F['deviations']), 'avvik', 'avvik')}."
        if F["deviations"]
        else "Det er ingen avvik å rapportere ved halvårsskiftet."
    )
    summary.append(
        f"Av prosjektmidlene på {kroner(budget['project_budget_total'])} for {year} er "
        f"{kroner(budget['granted_total'])} innvilget og {kroner(budget['left'])} ledige."
        if budget["has_budget"]
        else f"Det er ikke registrert noe budsjett for {year}."
    )
    found = under("## Sammendrag", summary + key_figures(F, s.status_start_year))
    found += area_goal_tables(F)
    found += under("### Arbeidsplasser", jobs_by_year(F) + jobs_by_source(F))
    found += under("### Tiltakene i handlingsplanen", strategy_table(F))
    found += under(
        "## Avviksrapport",
        [
            (
                f"Avviksrapporten tar med alle mål og budsjettlinjer som per {dato(as_of)} ligger mer enn "
                f"{pct(F['tolerance'] * 100)} fra mål eller plan"
            ),
            *deviation_table(F["deviations"], F),
        ],
    )
    found += under("## Prosjektporteføljen", portfolio_table(F, s.status_start_year))
    if F["portfolio"]["new"]:
        found += under(
            f"### Nye prosjekter i {year}",
            [
                f"Styret har per {dato(as_of)} innvilget {new_projects(F)} i {year}, med {kroner(leverage['support'])} i "
                f"tilsagn. Kompetanseheving er et vesentlig element i {num(competence['count'])} av dem "
                f"({pct(competence['percent'])}"
                + (f"; målet er minst {pct(competence['target'])}" if competence["target"] else "")
                + ").",
                *project_list(F["portfolio"]["new"]),
            ],
        )
    finished = F["portfolio"]["finished"]
    found += under(
        f"### Nye prosjekter i {year}",
        [
            f"Prosjekter avsluttet i {year}: {len(finished)} ({', '.join(p['number'] for p in finished)})."
            if finished
            else f"Ingen prosjekter er avsluttet i {year} per {dato(as_of)}.",
            *without_results(F),
        ],
    )
    found += under("### Giring og finansiering", funding(F))
    found += under(f"## Økonomi per {dato(as_of)}", budget_table(F) + paid_sentence(F))
    heading = "## Styrets arbeid i 1. halvår" if as_of.month <= 6 else f"## Styrets arbeid i {year}"
    found += under(heading, meetings_block(F, until=as_of))
    found += under(
        "## Oppfølging av programstatusvurderingen",
        psv_block(psv, year, F["psv_scores"])
        + (
            [
                f"Av anbefalingene er {psv['open_recommendations']} ikke fulgt opp fullt ut ennå; de følges videre"
                + (" i 2. halvår" if as_of.month <= 6 else "")
                + "."
            ]
            if psv and psv["open_recommendations"]
            else []
        ),
    )
    found += under("## Vedlegg: prosjektliste", project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## Definisjoner", definitions(F))
    return found


def board_report(d: Document) -> list[Expect]:
    F, year, as_of = d.figures, d.year, d.as_of
    leverage = F["leverage"]
    previous, since = since_previous_meeting(d)
    # styrerapport.md.j2 adds up the grants and total budgets of the projects since the previous meeting.
    grants, budgets = sum(p["grant"] for p in since), sum(p["total_budget"] for p in since)
    period = (
        f"fra og med forrige styremøte {dato(previous)} og fram til dette møtet"
        if previous
        else "fra programmets start og fram til dette møtet"
    )
    if since:
        support = [
            f"I perioden {period} er det innvilget støtte til {flertall(len(since), 'prosjekt', 'prosjekter')} "
            f"med til sammen {kroner(grants)} i tilsagn. "
            + ("Prosjektet har et samlet budsjett" if len(since) == 1 else "Prosjektene har et samlet budsjett")
            + f" på {kroner(budgets)}."
        ]
        support += [
            f"| {esc(p['number'])} | {esc(p['title'])} ({esc(p['owner'])}), {p['phase']} | "
            f"{p['focus_area']['number'] if p['focus_area'] else '–'} | {kr(p['grant'])} | "
            f"{kr(p['total_budget'])} | "
            + (f"Sak {esc(p['decision_case'])}, " if p["decision_case"] else "")
            + f"{kdato(p['decision_date'])} |"
            for p in since
        ]
        if len(since) > 1:
            support.append(f"| **Sum** | | | **{kr(grants)}** | **{kr(budgets)}** | |")
    else:
        support = [f"Det er ikke innvilget støtte til nye prosjekter i perioden {period}."]
    found = under("## 1. Prosjektstøtte siden forrige møte", support)
    # _vedtaksoppfolging.md.j2 (under "## 2. Saker til møtet"): the open follow-ups of earlier meetings.
    from omstilling.documents.context import open_follow_ups

    follow_ups = open_follow_ups(d.snapshot, d.meeting_date, d.as_of)
    found += under(
        "## 2. Saker til møtet",
        [
            f"| {esc(f['number'])} | {esc(f['what'])} | {f['role']} | {kdato(f['due'])} | "
            f"{'fristen er passert' if f['overdue'] else 'åpen'} |"
            for f in follow_ups
        ]
        + [
            f"{flertall(len(follow_ups), 'vedtak', 'vedtak')} fra tidligere møter er ikke markert fulgt opp ennå."
            if follow_ups
            else "Alle vedtak fra tidligere møter som skulle følges opp, er markert fulgt opp."
        ],
    )
    found += under(
        f"## 3. Resultater hittil i {year}",
        results(F, d.snapshot.status_start_year)
        + [
            f"I {year} er det innvilget {new_projects(F)} med {kroner(leverage['support'])} i tilsagn og "
            f"{kroner(leverage['total_budget'])} i samlede prosjektbudsjetter (giringsfaktor {ratio(leverage['ratio'])})."
            if F["portfolio"]["new"]
            else f"Det er ikke innvilget noen nye prosjekter i {year} per {dato(as_of)}."
        ],
    )
    found += under(f"## 4. Økonomi hittil i {year}", budget_table(F) + paid_sentence(F))
    # styrerapport.md.j2 picks the open deviations, and counts those carried over from earlier years.
    open_deviations = [x for x in F["deviations"] if x["status"] == "åpen"]
    carried = [x for x in open_deviations if x["period"] != str(year)]
    found += under(
        "## 5. Åpne avvik",
        [
            f"Åpne avvik føres videre til hvert styremøte til de er lukket. Per {dato(as_of)} er det "
            f"{flertall(len(open_deviations), 'åpent avvik', 'åpne avvik')}"
            + (f", og {len(carried)} av dem er ført videre fra tidligere år" if carried else "")
            + ".",
            *deviation_table(open_deviations, F),
        ]
        if open_deviations
        else [f"Det er ingen åpne avvik per {dato(as_of)}."],
    )
    found += under("## 6. Styremøter", meetings_block(F, until=max(as_of, d.meeting_date)))
    return found


def application(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    next_year, budget, leverage, now = year + 1, F["budget"], F["leverage"], F["portfolio"]["now"]
    plan = F["next_budget"] if F["next_budget"]["has_budget"] else None
    amount = county_amount(s, plan or budget)
    if plan:
        asked = (
            f"Det søkes om {kroner(amount)} fra {esc(s.county)} for {next_year}."
            if amount
            else f"Budsjettet for {next_year} skiller ikke ut en egen linje for tilskuddet fra {esc(s.county)}"
        )
    elif budget["has_budget"]:
        asked = (
            f"Med dette som utgangspunkt søkes det om {kroner(amount)} fra {esc(s.county)} for {next_year}, det "
            f"samme som tilskuddet i rammebudsjettet for {year}."
            if amount
            else f"Rammebudsjettet for {year} skiller ikke ut en egen linje for tilskuddet fra {esc(s.county)}"
        )
    else:
        asked = f"Det er ikke registrert noe budsjett for {year} eller {next_year}"
    found = under("## 1. Søknaden", [asked])
    phases = F["portfolio"]["phases"]
    started = sum(phases.values())  # soknad.md.j2 adds up the phases
    about = [f"Arbeidet er organisert i {flertall(len(F['focus_areas']), 'innsatsområde', 'innsatsområder')}: "]
    if started:
        about.append(
            f"Av de {started} prosjektene som er iverksatt, er {phases.get('forstudie', 0)} forstudier, "
            f"{phases.get('forprosjekt', 0)} forprosjekter og {phases.get('hovedprosjekt', 0)} "
            "hovedprosjekter."
        )
    found += under("## 2. Om programmet", about)
    cumulative = F["jobs"]["cumulative"]
    found += under(
        "### Hele programperioden",
        [
            f"Fra starten i {s.status_start_year} og fram til {dato(as_of)} er det iverksatt i alt "
            f"{flertall(now['started'], 'utviklingsprosjekt', 'utviklingsprosjekter')}. Av disse er "
            f"{num(now['finished'])} avsluttet og {num(now['running'])} pågår"
            + (f", mens {num(now['not_carried_out'])} ikke er gjennomført" if now["not_carried_out"] else "")
            + f". Programmets støtte utgjør {kroner(now['support'])} av en samlet prosjektramme på "
            f"{kroner(now['total_budget'])}, en giringsfaktor på {ratio(now['leverage_ratio'])}.",
            (
                f"Prosjektene har rapportert {sentences.jobs_phrase(cumulative['new'], cumulative['secured'])} og "
                f"{sentences.companies_phrase(F['companies']['cumulative'])}. Bedriftene har i tillegg "
                f"rapportert tilleggsinntekter på {kroner(now['extra_revenue'])} under og etter gjennomføringen."
            ),
        ]
        if now["started"]
        else [f"Programmet har ikke iverksatt noen prosjekter per {dato(as_of)}."],
    )
    found += under(
        f"### {year} så langt",
        [
            f"Per {dato(as_of)} er det innvilget støtte til {new_projects(F)} i {year}, med "
            f"{kroner(leverage['support'])} i tilsagn og {kroner(leverage['total_budget'])} i samlede "
            "prosjektbudsjetter."
            if F["portfolio"]["new"]
            else f"Per {dato(as_of)} er det ikke innvilget støtte til nye prosjekter i {year}.",
            year_results(F, as_of),
            *key_figures(F, s.status_start_year),
            *jobs_by_year(F),
        ],
    )
    found += under(f"### Måloppnåelse per {dato(as_of)}", [e.text for e in goal_table(F["goals"], F, None)])
    open_deviations = [x for x in F["deviations"] if x["status"] == "åpen"]
    found += under(
        f"### Måloppnåelse per {dato(as_of)}",
        deviation_table(open_deviations, F)
        if open_deviations
        else [f"Programmet har ingen åpne avvik per {dato(as_of)}."],
    )
    for area in [None] + F["focus_areas"]:
        if area is None:
            heading, group = "### Mål for hele programmet", [g for g in F["goals"] if not g["focus_area"]]
            if not group:
                continue
        else:
            heading = f"### Innsatsområde {area['number']}: {esc(area['name'])}"
            group = [g for g in F["goals"] if g["focus_area"] and g["focus_area"]["number"] == area["number"]]
        bullets = []
        for g in group:
            figure = (
                ""
                if g["qualitative"]
                else (
                    f" *Måltall: {target(g)} for {goal_period(g)}"
                    + (f"; fastsettes på nytt for {next_year}" if g["period"][1] < next_year else "")
                    + ".*"
                )
            )
            bullets.append(f"- {esc(g['text'])}{figure}")
        found += under(heading, bullets or [f"Innsatsområdet har ingen mål registrert for {year}."])
    activities = []
    for st in F["strategies"]:
        line = f"- **{esc(st['number'])} {esc(st['name'])}{'' if st['name'].endswith('.') else '.'}**"
        if st["target_text"]:
            line += f" {esc(st['target_text'])}{'' if st['target_text'].endswith('.') else '.'}"
        if st["count_target"] is not None:
            line += (
                f" Resultat så langt i {year}: {flertall(st['count'], 'prosjekt', 'prosjekter')} mot et mål på "
                f"{num(st['count_target'])}" + (" – målet er nådd" if st["met"] else "") + "."
            )
        activities.append(line)
    found += under("## 5. Planlagte aktiviteter", activities)
    frame = (
        frame_budget(plan, f"Budsjett {next_year}")
        if plan
        else frame_budget(budget, f"Rammebudsjett {year}")
        if budget["has_budget"]
        else []
    )
    spent = (
        [
            (
                f"Per {dato(as_of)} er {kroner(budget['granted_total'])} av prosjektmidlene på "
                f"{kroner(budget['project_budget_total'])} for {year} innvilget, og {kroner(budget['paid_total'])} er "
                "utbetalt."
            )
        ]
        if budget["has_budget"]
        else []
    )
    found += under("## 6. Budsjett og finansieringsplan", frame + spent + funding(F))
    found += under("## Vedlegg: prosjektliste", project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## Definisjoner", definitions(F))
    return found


def psv_facts(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    budget, leverage, now, competence = F["budget"], F["leverage"], F["portfolio"]["now"], F["competence"]
    about = [
        (
            f"Handlingsplanen for {year} har {flertall(len(F['focus_areas']), 'innsatsområde', 'innsatsområder')}, "
            f"{flertall(len(F['strategies']), 'tiltak', 'tiltak')} og "
            f"{flertall(len(measurable), 'målbart mål', 'målbare mål')}."
        )
    ]
    about.append(
        f"Rammebudsjettet for {year} er {kroner(budget['income_total'])}, hvorav "
        f"{kroner(budget['project_budget_total'])} er prosjektmidler."
        if budget["has_budget"]
        else f"Det er ikke registrert noe budsjett for {year}."
    )
    found = under("## 1. Om programmet", about)
    light = lights(F["goals"])
    attained = (
        [
            (
                f"Av {flertall(len(measurable), 'målbart mål', 'målbare mål')} er "
                f"{sum(bool(g['met']) for g in measurable)} allerede nådd. Per {dato(as_of)} har {light['grønn']} av "
                f"målene grønt, {light['gul']} gult og {light['rød']} rødt lys."
            )
        ]
        if measurable
        else []
    )
    found += under("### 2.1 Måloppnåelse", attained + [e.text for e in goal_table(measurable, F, None)])
    found += under(
        "### 2.2 Arbeidsplasser",
        [
            f"{year_results(F)} {since_start(F, s.status_start_year)}",
            *jobs_by_year(F),
            *jobs_by_source(F),
        ],
    )
    found += under(
        "### 2.3 Nye bedrifter",
        [
            (
                f"Prosjektene har bidratt til {flertall(F['companies']['year'], 'ny bedrift', 'nye bedrifter')} i {year} og "
                f"{flertall(F['companies']['cumulative'], 'ny bedrift', 'nye bedrifter')} siden starten i "
                f"{s.status_start_year}."
            )
        ],
    )
    found += under(
        "### 2.4 Giring",
        [
            f"Prosjektene som er innvilget i {year}, har et samlet budsjett på {kroner(leverage['total_budget'])} mot "
            f"{kroner(leverage['support'])} i støtte fra programmet, en giringsfaktor på {ratio(leverage['ratio'])}."
            if leverage["support"]
            else f"Det er ikke innvilget prosjekter i {year} per {dato(as_of)}, så giringen",
            (
                f"For hele perioden er giringsfaktoren {ratio(now['leverage_ratio'])}: {kroner(now['total_budget'])} i "
                f"samlede prosjektbudsjetter mot {kroner(now['support'])} i støtte."
            ),
            *funding(F),
        ],
    )
    found += under(
        "### 2.5 Kompetanseheving",
        [
            f"Kompetanseheving er et vesentlig element i {num(competence['count'])} av "
            f"{flertall(competence['of'], 'prosjekt', 'prosjekter')} innvilget i {year}, det vil si "
            f"{pct(competence['percent'])}"
            + (f". Målet er minst {pct(competence['target'])}" if competence["target"] else "")
            + "."
            if competence["of"]
            else f"Det er ikke innvilget prosjekter i {year} per {dato(as_of)}, så kompetanseandelen"
        ],
    )
    found += under(
        "### 2.6 Prosjekter per tiltak",
        strategy_table(F) + portfolio_table(F, s.status_start_year) + without_results(F),
    )
    found += under("### 2.7 Budsjettbruk", budget_table(F))
    found += under("### 2.8 Styrets arbeid", meetings_block(F, until=as_of))
    found += under("### 2.9 Avvik", deviation_table(F["deviations"], F))
    psv = F["psv"]
    if psv and psv["year"] < year:
        total = len(psv["recommendations"])
        # psv-grunnlag.md.j2 subtracts the open recommendations from all of them.
        follow_up = (
            [
                f"Av {flertall(total, 'anbefaling', 'anbefalinger')} fra vurderingen for {psv['year']} er "
                f"{total - psv['open_recommendations']} fulgt opp"
                + (
                    f", og {psv['open_recommendations']} er fortsatt under oppfølging"
                    if psv["open_recommendations"]
                    else ""
                )
                + "."
            ]
            if total
            else []
        )
        found += under("## 3. Forrige programstatusvurdering", psv_block(psv, year, F["psv_scores"]) + follow_up)
    elif psv:
        found += under("## 3. Forrige programstatusvurdering", psv_block(psv, year, F["psv_scores"]))
    found += under("## Vedlegg: prosjektliste", project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## Definisjoner", definitions(F))
    return found


def seminar_proposals(d: Document) -> list[str]:
    """seminargrunnlag.md.j2 derives numbered proposals from the figures; it subtracts a goal's result from its
    target, works out the unused share of a budget line, and negates an overrun. The same arithmetic here."""
    F, year, as_of = d.figures, d.year, d.as_of
    next_year, psv = year + 1, F["psv"]
    items: list[tuple[str, str]] = []
    for g in (g for g in F["goals"] if not g["qualitative"] and g["light"] in ("gul", "rød")):
        label = (
            " " + g["metric_label"]
            if g["metric"] in ("arbeidsplasser", "nye-bedrifter", "samarbeidsprosjekter")
            else ""
        )
        text = (
            f"Målet «{g['text'].rstrip('.')}» står per {dato(as_of)} på {maltall(g['actual'], g['unit'])} av "
            f"{maltall(g['target'], g['unit'])} ({pct(g['share'])}). "
        )
        first, last = g["period"]
        if (
            last > year
            and g["comparator"] == "minst"
            and g["unit"] != "%"
            and g["actual"] is not None
            and g["actual"] < g["target"]
        ):
            text += (
                f"For å nå målet for {first}–{last} må det komme {maltall(g['target'] - g['actual'], g['unit'])}"
                f"{label} til innen utgangen av {last}. Handlingsplanen for {next_year} bør vise hvordan dette "
                "skal nås."
            )
        else:
            text += (
                f"Styret bør ta stilling til om målet skal videreføres, justeres eller følges opp med nye tiltak "
                f"i {next_year}."
            )
        items.append(("Mål som ikke er nådd", text))
    for st in (st for st in F["strategies"] if st["met"] is False):
        items.append(
            (
                "Tiltak som ikke har nådd måltallet",
                (
                    f"Tiltak {st['number']} «{st['name'].rstrip('.')}» har {st['count']} av "
                    f"{flertall(st['count_target'], 'prosjekt', 'prosjekter')} i {year}. Vurder om tiltaket skal "
                    f"videreføres med samme måltall, endres eller avsluttes i {next_year}."
                ),
            )
        )
    for line in (x for x in F["budget"]["spending"] if x["left"] is not None and x["left"] != 0):
        if line["left"] > 0:
            items.append(
                (
                    "Ubrukte midler",
                    (
                        f"Av «{line['label']}» er {kroner(line['left'])} ({pct(line['left'] * 100 / line['budget'])} "
                        f"av budsjettet) ikke disponert per {dato(as_of)}. Styret bør ta stilling til om midlene "
                        f"skal overføres til {next_year}, og i så fall til hvilket innsatsområde."
                    ),
                )
            )
        else:
            items.append(
                (
                    "Ubrukte midler",
                    (
                        f"«{line['label']}» er overskredet med {kroner(-line['left'])} per "
                        f"{dato(as_of)}. Budsjettet for {next_year} bør ta høyde for dette."
                    ),
                )
            )
    for r in psv["recommendations"] if psv else []:
        if r["status"] != "fulgt opp":
            items.append(
                (
                    "Oppfølging av programstatusvurderingen",
                    (
                        f"Anbefaling {r['number']} fra programstatusvurderingen for {psv['year']} "
                        f"(«{r['text'].rstrip('.')}») har status «{r['status']}» og bør innarbeides i "
                        f"handlingsplanen for {next_year}."
                    ),
                )
            )
    for x in F["deviations"]:
        if x["status"] == "åpen" and x["needs_explanation"]:
            goal = next((g for g in F["goals"] if g["key"] == x["subject"]), None)
            text = goal["text"] if goal and x["detail"] == x["subject"] else x["detail"]
            items.append(
                (
                    "Avvik uten tiltak",
                    (
                        f"Avviket «{text.rstrip('.')}» mangler årsak eller tiltak. Programleder "
                        "bør beskrive årsaken, og styret bør fastsette tiltak som tas inn i "
                        "handlingsplanen."
                    ),
                )
            )
    missing = F["projects_without_results"]
    if missing:
        items.append(
            (
                "Resultatrapportering",
                "I alt "
                + flertall(len(missing), "avsluttet prosjekt har", "avsluttede prosjekter har")
                + " ikke rapportert resultater ("
                + ", ".join(p["number"] for p in missing)
                + "). "
                "Sluttrapportene bør følges opp, slik at programmets bidrag til arbeidsplasser kommer fram.",
            )
        )
    if next_year == d.snapshot.status_end_year:
        items.append(
            (
                "Videreføring",
                (
                    f"Året {next_year} er siste år med omstillingsstatus. Handlingsplanen bør "
                    "inneholde en konkret plan for hvordan arbeidet skal organiseres og finansieres "
                    f"etter {next_year}."
                ),
            )
        )
    topics = [
        "Mål som ikke er nådd",
        "Tiltak som ikke har nådd måltallet",
        "Ubrukte midler",
        "Oppfølging av programstatusvurderingen",
        "Avvik uten tiltak",
        "Resultatrapportering",
        "Videreføring",
    ]
    ordered = [text for topic in topics for item_topic, text in items if item_topic == topic]
    return [f"**Forslag {n}.** {esc(text)}" for n, text in enumerate(ordered, start=1)]


def seminar_basis(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    next_year, leverage, psv = year + 1, F["leverage"], F["psv"]
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    status = f"## 1. Status per {dato(as_of)}"
    found = under(
        status,
        [
            f"Programmet har i {year} innvilget støtte til {new_projects(F)} med til sammen {kroner(leverage['support'])} "
            f"i tilsagn og {kroner(leverage['total_budget'])} i samlede prosjektbudsjetter, en giringsfaktor på "
            f"{ratio(leverage['ratio'])}."
            if F["portfolio"]["new"]
            else f"Programmet har ikke innvilget støtte til noen nye prosjekter i {year} per {dato(as_of)}.",
            *results(F, s.status_start_year),
            *key_figures(F, s.status_start_year),
        ],
    )
    found += under("### Måloppnåelse", [e.text for e in goal_table(measurable, F, None)])
    found += under(f"### Tiltakene i handlingsplanen for {year}", strategy_table(F))
    found += under("### Økonomi", budget_table(F))
    open_recommendations = (
        [
            (
                f"Av anbefalingene er {psv['open_recommendations']} ikke fulgt opp fullt ut, og de må "
                f"følges opp i handlingsplanen for {next_year}."
            )
        ]
        if psv and psv["open_recommendations"]
        else []
    )
    found += under(
        "## 2. Programstatusvurderingen", (psv_block(psv, year, F["psv_scores"]) if psv else []) + open_recommendations
    )
    open_deviations = [x for x in F["deviations"] if x["status"] == "åpen"]
    found += under(
        "## 3. Åpne avvik",
        [
            (
                f"Per {dato(as_of)} er det {flertall(len(open_deviations), 'åpent avvik', 'åpne avvik')}. Åpne avvik føres "
                "videre til de er lukket"
            ),
            *deviation_table(open_deviations, F),
        ]
        if open_deviations
        else [f"Det er ingen åpne avvik per {dato(as_of)}."],
    )
    found += under(f"## 4. Forslag til handlingsplan for {next_year}", seminar_proposals(d))
    found += under(f"## 5. Styrets arbeid i {year}", meetings_block(F, until=as_of))
    return found


def action_plan(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    next_year, budget, now, psv = year + 1, F["budget"], F["portfolio"]["now"], F["psv"]
    goal = F["jobs"]["target"]
    found = under(
        "#### 1.1.1 Kort om programmet",
        [f"Arbeidet er organisert i {flertall(len(F['focus_areas']), 'innsatsområde', 'innsatsområder')}: "],
    )
    found += under(
        "#### 1.1.2 Resultater og måloppnåelse",
        [
            f"Fra starten i {s.status_start_year} og fram til {dato(as_of)} er det iverksatt i alt "
            f"{flertall(now['started'], 'utviklingsprosjekt', 'utviklingsprosjekter')} med en samlet prosjektstøtte på "
            f"{kroner(now['support'])}. Av disse er {num(now['finished'])} avsluttet og {num(now['running'])} pågår"
            + (f", mens {num(now['not_carried_out'])} ikke er gjennomført" if now["not_carried_out"] else "")
            + f". Prosjektene har en samlet prosjektramme for bedriftene på {kroner(now['total_budget'])}, som gir en "
            f"giringsfaktor på {ratio(now['leverage_ratio'])}. Bedriftene har i tillegg rapportert tilleggsinntekter på "
            f"{kroner(now['extra_revenue'])} under og etter gjennomføringen.",
            f"{since_start(F, s.status_start_year)} {year_results(F)}",
        ]
        if now["started"]
        else [f"Programmet har ikke iverksatt noen prosjekter per {dato(as_of)}."],
    )
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    found += under(
        "#### 1.1.2 Resultater og måloppnåelse",
        portfolio_table(F, s.status_start_year) + [e.text for e in goal_table(measurable, F, None)] + strategy_table(F),
    )
    if psv:
        found += under(
            f"#### 1.1.3 Programstatusvurdering {psv['year']}",
            psv_block(psv, year, F["psv_scores"])
            + (
                [
                    (
                        f"Av anbefalingene er {psv['open_recommendations']} ikke fulgt opp fullt ut. De følges opp gjennom "
                        "tiltakene i denne planen."
                    )
                ]
                if psv["open_recommendations"]
                else []
            ),
        )
    open_deviations = [x for x in F["deviations"] if x["status"] == "åpen"]
    found += under(
        "#### 1.1.4 Avvik som føres videre",
        [
            (
                f"Åpne avvik føres videre til {next_year} og følges opp på styremøtene til de er lukket. Per {dato(as_of)} er "
                f"det {flertall(len(open_deviations), 'åpent avvik', 'åpne avvik')}:"
            ),
            *deviation_table(open_deviations, F),
        ]
        if open_deviations
        else [f"Det er ingen åpne avvik å føre videre per {dato(as_of)}."],
    )

    def carried(g: dict[str, Any]) -> str:
        if g["period"][1] >= next_year:
            return f"{target(g)} (gjelder til og med {g['period'][1]})"
        return f"*Videreført fra {year}: {target(g)} – må justeres*"

    programme_goals = [g for g in measurable if not g["focus_area"]]
    found += under(
        "## 2 Mål for omstillingsprogrammet",
        [
            f"| {esc(g['text'])} | {target(g)} | {maltall(g['actual'], g['unit'])} | {carried(g)} |"
            for g in programme_goals
        ],
    )
    for index, area in enumerate(F["focus_areas"], start=1):
        heading = f"### 3.{index} Innsatsområde {area['number']}: {esc(area['name'])}"
        goals = [g for g in measurable if g["focus_area"] and g["focus_area"]["number"] == area["number"]]
        rows = [
            f"| {esc(g['text'])} | {target(g)}"
            + (f" ({goal_period(g)})" if g["period"][0] != g["period"][1] else "")
            + f" | {maltall(g['actual'], g['unit'])} | {carried(g)} |"
            for g in goals
        ]
        for st in (x for x in F["strategies"] if x["focus_area"] and x["focus_area"]["number"] == area["number"]):
            if st["count_target"] is not None:
                goal = st["target_text"] or "minst " + flertall(st["count_target"], "prosjekt", "prosjekter")
                rows.append(
                    f"Måltall (videreført fra {year}, må justeres): {esc(goal)}. Resultat i {year}: "
                    f"{flertall(st['count'], 'prosjekt', 'prosjekter')} mot et mål på {num(st['count_target'])} "
                    f"– {'målet er nådd' if st['met'] else 'målet er ikke nådd'}."
                )
        found += under(heading, rows)
    plan = F["next_budget"] if F["next_budget"]["has_budget"] else None
    frame = (
        frame_budget(plan, f"Rammebudsjett {next_year}")
        if plan
        else frame_budget(budget, f"Rammebudsjett {year} (utgangspunkt for {next_year})")
        if budget["has_budget"]
        else []
    )
    if budget["has_budget"]:
        frame.append(
            f"Per {dato(as_of)} er {kroner(budget['granted_total'])} av prosjektmidlene på "
            f"{kroner(budget['project_budget_total'])} for {year} innvilget."
        )
        if budget["left"] > 0:
            frame.append(
                f"Det står {kroner(budget['left'])} ubrukt, som etter vedtak i styret kan legges til rammen "
                f"for {next_year}."
            )
        elif budget["left"] < 0:  # handlingsplan.md.j2 negates the overrun
            frame.append(
                f"Prosjektmidlene for {year} er overskredet med {kroner(-budget['left'])}, og det må det tas "
                f"høyde for i rammen for {next_year}."
            )
    found += under(f"## 4 Rammebudsjett for {next_year}", frame)
    found += under("## Definisjoner", definitions(F))
    return found


EXPECTED = {
    DocumentKind.ANNUAL_REPORT: annual_report,
    DocumentKind.HALF_YEAR_REPORT: half_year_report,
    DocumentKind.BOARD_REPORT: board_report,
    DocumentKind.APPLICATION: application,
    DocumentKind.PSV_FACTS: psv_facts,
    DocumentKind.SEMINAR_BASIS: seminar_basis,
    DocumentKind.ACTION_PLAN: action_plan,
}


# --- (b) Every number token, explained ----------------------------------------------------------------------

UNIT = r"(?:\u00a0(?:%|kroner\b|kr\b|mill\.\u00a0kr\b))?"
TOKEN = re.compile(r"(?<![\w\u00a0])\d+(?:\u00a0\d{3})*(?:,\d+)?" + UNIT)
"""A number as the filters write it: digits, thousands after a no-break space, a decimal comma, and its unit."""

MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
BLANK = "\x00"


def whitelist(d: Document) -> list[tuple[str, re.Pattern[str]]]:
    """The numbers in a document that are not figures, each kind with why. Everything else must be a figure."""
    s = d.snapshot
    # The board's and the programme's own wording, printed as written: goals, strategies, projects, budget lines,
    # meetings and cases, the PSV, recorded deviations, roles, quotas, the wheel. Only texts with a digit in them;
    # the seminar basis quotes goals, strategies and recommendations without their last full stop, and the action
    # plan writes a quota's title in lower case.
    texts = (
        [g.text for g in s.goals]
        + [x for st in s.strategies for x in (st.name, st.target_text or "")]
        + [x for p in s.projects for x in (p.title, p.owner)]
        + [line.label for line in s.budget_lines]
        + [
            x
            for m in s.meetings
            for x in [m.location or ""] + [y for c in m.cases for y in (c.title, c.decision or "")]
        ]
        + [
            x
            for a in s.assessments
            for x in [a.summary or "", a.facilitator or ""]
            + [y for sc in a.scores for y in (sc.indicator, sc.justification or "")]
            + [y for r in a.recommendations for y in (r.text, r.follow_up or "")]
        ]
        + [x for n in s.deviations for x in (n.subject, n.cause or "", n.action or "")]
        + [x for r in s.roles for x in (r.name, r.organisation or "")]
        + [q.title for q in s.quotas]
        + [e.title for e in s.wheel_events]
        + [a.name for a in s.focus_areas]
        + [s.name, s.municipality, s.county]
    )
    quoted = (
        [g.text.rstrip(".") for g in s.goals]
        + [st.name.rstrip(".") for st in s.strategies]
        + [r.text.rstrip(".") for a in s.assessments for r in a.recommendations]
        + [q.title.lower() for q in s.quotas]
    )
    variants = {t for t in texts + quoted if re.search(r"\d", t)}
    # Identifiers from the data: project numbers (2014-13), case numbers (15/14), strategy numbers (3.1.1).
    identifiers = (
        [p.number for p in s.projects]
        + [p.decision_case for p in s.projects if p.decision_case]
        + [c.number for m in s.meetings for c in m.cases]
        + [st.number for st in s.strategies]
    )
    # Years: the programme's status years, the year after (the plan and application are for it) and the goals'
    # periods. A figure of four digits is printed with a no-break space (2 014), so a bare year is not one.
    years = sorted(
        {
            *range(s.status_start_year, s.status_end_year + 2),
            *(y for g in s.goals for y in (g.period_start, g.period_end)),
        }
    )
    areas = "|".join(str(a.number) for a in s.focus_areas)
    names = "|".join(re.escape(esc(a.name)) for a in s.focus_areas)
    return [
        ("the data's own wording", alternatives(esc(v) for v in variants)),
        (
            "a project, case or strategy number",
            re.compile(
                r"(?<![\d.])(?:"
                + "|".join(re.escape(esc(i)) for i in sorted(set(identifiers), key=len, reverse=True))
                + r")(?![\d])"
            ),
        ),
        # Dates, long (30. juni 2014, 1. januar) and short (30.06.2014); never figures.
        ("a date", re.compile(rf"\b\d{{1,2}}\. (?:{MONTHS})(?: \d{{4}})?|\b\d{{2}}\.\d{{2}}\.\d{{4}}\b")),
        ("a year", re.compile(r"(?<![\d\u00a0,])(?:" + "|".join(map(str, years)) + r")(?!\d|[\u00a0,]\d)")),
        # The numbering of headings (## 1. Søknaden, #### 1.1.2 Resultater, ### 3.2 Innsatsområde ...).
        ("a heading's number", re.compile(r"(?m)^#+ \d+(?:\.\d+)*\.?(?= )")),
        # A focus area's number: "Innsatsområde 2: …" in headings, "2. Attraktivitet …" where the areas are listed.
        ("a focus area's number", re.compile(rf"Innsatsområde (?:{areas})\b|\b(?:{areas})\. (?:{names})")),
        # The half-years of the quota periods and the half-year report (1. halvår, 2. halvår).
        ("a half-year", re.compile(r"\b[12]\. halvår")),
        # The application's numbered list of attachments (1. Årsrapport 2013 ...).
        ("a list item's number", re.compile(r"(?m)^\d\. (?=\S)")),
        # The seminar basis numbers its proposals, and names a PSV recommendation by its number.
        ("a proposal's number", re.compile(r"\*\*Forslag \d+\.\*\*")),
        ("a recommendation's number", re.compile(r"Anbefaling \d+ fra programstatusvurderingen")),
    ]


def alternatives(texts) -> re.Pattern[str]:
    ordered = sorted(set(texts), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered) if ordered else r"(?!)")


ID_COLUMNS = {
    "Nr.": "a project's or PSV recommendation's number",
    "Sak": "a case number",
    "Innsatsområde": "the project's focus area (board report)",
}
"""Table columns that hold identifiers, not figures: the digits in their cells are whitelisted."""
ID_COLUMNS_REASON = "an identifier column (Nr., Sak, Innsatsområde)"


def id_cells(markdown: str) -> list[tuple[int, int]]:
    spans, offset, columns = [], 0, None
    for line in markdown.splitlines(keepends=True):
        if line.startswith("|"):
            cells = list(re.finditer(r"(?<=\|)[^|]*(?=\|)", line))
            if columns is None:
                columns = [i for i, c in enumerate(cells) if c.group().strip() in ID_COLUMNS]
            elif not re.fullmatch(r"\|(:?-+:?\|)+\s*", line):
                spans += [(offset + cells[i].start(), offset + cells[i].end()) for i in columns if i < len(cells)]
        else:
            columns = None
        offset += len(line)
    return spans


def figure_texts(d: Document) -> set[str]:
    """Every figure of the builder's dict in every formatting the filters give, every list's length, and the
    figures the templates and the deviation texts compute from them (see `derived`)."""
    values: list[int | Fraction | float] = []

    def walk(value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, (int, Fraction, float)):
            values.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            values.append(len(value))
            for item in value:
                walk(item)

    walk(d.figures)
    values += derived(d)
    found = set()
    for v in values:
        found |= {num(v), pct(v), ratio(v)}
        if isinstance(v, int) or (isinstance(v, Fraction) and v.denominator == 1):
            found |= {str(int(v)), kr(int(v)), kroner(int(v)), FILTERS["mill"](int(v))}
    return found


def derived(d: Document) -> list[int | Fraction | float]:
    """Numbers a document computes from the builder's figures, computed the same way."""
    F = d.figures
    found: list[int | Fraction | float] = [F["tolerance"] * 100]  # _avvik, halvarsrapport: (tolerance * 100) | pct
    for g in F["goals"]:
        if g["expected"] is not None:
            found.append(round(float(g["expected"])))  # indicators.deviations: "ventet N"
        if g["actual"] is not None and g["target"] is not None:
            found.append(g["target"] - g["actual"])  # seminargrunnlag: what is still to come
    for line in F["budget"]["spending"]:
        if line["granted"] is not None and line["budget"]:
            off = line["granted"] - line["budget"]
            found += [abs(off), Fraction(100 * abs(off), line["budget"])]  # sentences.against_budget: granted
        if line["spent"] is not None and line["budget"]:
            off = line["spent"] - line["budget"]
            found += [abs(off), Fraction(100 * abs(off), line["budget"])]  # sentences.against_budget: accounts
            found.append(line["left"] * 100 / line["budget"])  # seminargrunnlag: unused share of the line
    found += [-F["budget"]["left"]]  # handlingsplan: an overrun
    found += list(lights(F["goals"]).values()) + [sum(bool(g["met"]) for g in F["goals"])]  # halvår, psv
    found += [len([g for g in F["goals"] if not g["qualitative"]])]
    found += [
        len([x for x in F["deviations"] if x["needs_explanation"]]),
        len([x for x in F["deviations"] if x["status"] == "åpen"]),
        len([x for x in F["deviations"] if x["status"] == "åpen" and x["period"] != str(d.year)]),
    ]
    found.append(sum(F["portfolio"]["phases"].values()))  # soknad: the projects by phase
    found += [county_amount(d.snapshot, F["next_budget"]), county_amount(d.snapshot, F["budget"])]  # soknad
    if F["psv"]:
        found.append(len(F["psv"]["recommendations"]) - F["psv"]["open_recommendations"])  # psv-grunnlag
    if d.kind is DocumentKind.BOARD_REPORT:
        _, since = since_previous_meeting(d)
        found += [len(since), sum(p["grant"] for p in since), sum(p["total_budget"] for p in since)]
    return found


@dataclass
class Findings:
    missing: list[Expect] = field(default_factory=list)  # (a) a figure not where its template puts it
    unexplained: list[tuple[str, str]] = field(default_factory=list)  # (b) a number no figure explains
    unchecked: list[tuple[str, str]] = field(default_factory=list)  # (b) a figure token outside every (a) match
    checked: int = 0  # figure tokens checked in place
    whitelisted: dict[str, int] = field(default_factory=dict)  # numbers (a date, a 2014-13) not figures, by why

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexplained or self.unchecked)

    def report(self) -> str:
        return "\n".join(
            [
                f"not where its template puts it: {e.text!r}" + (f" (under {e.section!r})" if e.section else "")
                for e in self.missing
            ]
            + [f"no figure explains {token!r} in: {line}" for token, line in self.unexplained]
            + [f"{token!r} is not checked in place in: {line}" for token, line in self.unchecked]
        )


def sections(markdown: str) -> dict[str, tuple[int, int]]:
    """Each heading line's span: from the heading to the next heading of its level or higher."""
    headings = [(m.start(), len(m.group(1)), m.group(0)) for m in re.finditer(r"(?m)^(#+) .*$", markdown)]
    spans = {}
    for i, (start, level, line) in enumerate(headings):
        end = next((s for s, lvl, _ in headings[i + 1 :] if lvl <= level), len(markdown))
        spans.setdefault(line, (start, end))
    return spans


def check(d: Document, markdown: str | None = None) -> Findings:
    """Check a document's Markdown (by default the one rendered) against the builder's figures in `d`."""
    markdown = d.markdown if markdown is None else markdown
    findings = Findings()
    spans = sections(markdown)
    covered: list[tuple[int, int]] = []
    for expect in EXPECTED[d.kind](d):
        start, end = spans.get(expect.section, (None, None)) if expect.section else (0, len(markdown))
        if start is None:
            findings.missing.append(expect)
            continue
        if expect.text.startswith("| "):
            pattern = re.compile(r"(?m)^" + re.escape(expect.text) + r"$")
        else:
            pattern = re.compile(re.escape(expect.text))
        found = [(m.start(), m.end()) for m in pattern.finditer(markdown, start, end)]
        if not found:
            findings.missing.append(expect)
        covered += found
    masked = list(markdown)
    for reason, pattern in whitelist(d):
        for m in pattern.finditer("".join(masked)):
            if re.search(r"\d", m.group()):
                findings.whitelisted[reason] = findings.whitelisted.get(reason, 0) + 1
                masked[m.start() : m.end()] = BLANK * (m.end() - m.start())
    for start, end in id_cells(markdown):
        cell = "".join(masked[start:end])
        if re.search(r"\d", cell):
            findings.whitelisted[ID_COLUMNS_REASON] = findings.whitelisted.get(ID_COLUMNS_REASON, 0) + 1
            masked[start:end] = BLANK * (end - start)
    masked_text = "".join(masked)
    explained = figure_texts(d)
    lines = markdown.splitlines()
    for m in TOKEN.finditer(masked_text):
        line = lines[markdown.count("\n", 0, m.start())]
        if m.group() not in explained:
            findings.unexplained.append((m.group(), line))
        elif not any(s <= m.start() and m.end() <= e for s, e in covered):
            findings.unchecked.append((m.group(), line))
        else:
            findings.checked += 1
    return findings


# --- The tests ----------------------------------------------------------------------------------------------

PROGRAMMES = ["demo", "to-innsatsomrader"]


@pytest.mark.parametrize("kind", list(CASES), ids=lambda k: k.value)
@pytest.mark.parametrize("programme", PROGRAMMES)
def test_every_number_in_the_document_is_a_figure_of_the_builder_where_its_template_puts_it(documents, programme, kind):
    d = documents[programme, kind]
    findings = check(d)
    assert not findings, f"{programme}, {kind.value}:\n{findings.report()}"
    assert findings.checked >= 40, "every document shows its year's figures: fewer means the check looked nowhere"
    print(
        f"{programme} {kind.value}: {len(EXPECTED[kind](d))} rows and sentences; {findings.checked} figure tokens "
        f"checked in place; whitelisted {sum(findings.whitelisted.values())}: {findings.whitelisted}"
    )


def test_the_second_programmes_focus_areas_have_figures_of_their_own(programmes):
    """Counted straight from the snapshot: each area's goals count only its projects, and the two areas (and the
    whole programme) differ, so a goal that counted the whole programme would show another number."""
    snapshot = programmes["to-innsatsomrader"]
    for as_of in (date(2014, 6, 30), date(2014, 12, 31)):
        F = figures.build(snapshot, YEAR, as_of)
        goals = {g["key"]: g for g in F["goals"]}

        def reported(area: int | None, what: str, as_of: date = as_of) -> int:
            return sum(
                getattr(r, what)
                for p in snapshot.projects
                if area is None or p.focus_area_id == area
                for r in p.results
                if date(YEAR, 1, 1) <= r.date <= as_of
            )

        area1 = reported(1, "new_jobs") + reported(1, "secured_jobs")
        area2 = reported(2, "new_jobs") + reported(2, "secured_jobs")
        assert goals["io1-arbeidsplasser-2014"]["actual"] == area1
        assert goals["io2-arbeidsplasser-2014"]["actual"] == area2
        assert F["jobs"]["year"]["total"] == area1 + area2
        assert len({area1, area2, area1 + area2}) == 3 and area2 > 0
        assert goals["io1-nye-bedrifter-2014"]["actual"] == reported(1, "new_companies")
        assert goals["io2-nye-bedrifter-2014"]["actual"] == reported(2, "new_companies") == 1
        assert F["companies"]["year"] == reported(None, "new_companies") != reported(1, "new_companies")


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_the_builders_figures_are_what_status_json_shows(programmes, programme):
    """The documents' figures are `status --json`'s: the status is a projection of the same builder."""
    snapshot = programmes[programme]
    for as_of in sorted({as_of for as_of, _ in CASES.values()}):
        F = figures.build(snapshot, YEAR, as_of)
        status = programme_status(snapshot, Period(YEAR, as_of))
        indicators = status["indicators"]
        assert indicators["jobs"] == F["jobs"]["year"] and indicators["jobs_since_start"] == F["jobs"]["cumulative"]
        assert indicators["new_companies"] == F["companies"]["year"]
        assert indicators["projects_granted"] == len(F["portfolio"]["new"])
        assert indicators["programme_support"] == F["leverage"]["support"]
        assert indicators["total_project_budgets"] == F["leverage"]["total_budget"]
        assert indicators["leverage_ratio"] == round(float(F["leverage"]["ratio"]), 2)
        assert indicators["competence_share"] == round(float(F["competence"]["percent"]), 1)
        assert [(g["key"], g["actual"], g["light"]) for g in status["goals"]] == [
            (
                g["key"],
                None
                if g["actual"] is None
                else round(float(g["actual"]), 1)
                if isinstance(g["actual"], Fraction)
                else g["actual"],
                g["light"],
            )
            for g in F["goals"]
        ]
        assert [(line["amount"], line["granted"], line["paid"]) for line in status["budget"]["spending"]] == [
            (line["budget"], line["granted"], line["paid"]) for line in F["budget"]["spending"]
        ]
        assert [(q["held"], q["planned"]) for q in status["quotas"]] == [
            (q["held"], q["planned"]) for q in F["meetings"]["quotas"]
        ]
        before = F["portfolio"]["before_year"]
        assert (
            status["portfolio_before_year"]["projects_started"],
            status["portfolio_before_year"]["jobs_total"],
            status["portfolio_before_year"]["programme_support"],
        ) == (before["started"], before["jobs"]["total"], before["support"])


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_each_deviation_states_the_figures_of_its_goal_or_budget_line(programmes, programme):
    """A deviation's text carries figures (so far, expected, over or under budget): they are the builder's."""
    snapshot = programmes[programme]
    for as_of in sorted({as_of for as_of, _ in CASES.values()}):
        F = figures.build(snapshot, YEAR, as_of)
        goals = {g["key"]: g for g in F["goals"]}
        lines = {line["label"]: line for line in F["budget"]["spending"]}
        for x in F["deviations"]:
            goal = goals.get(x["subject"])
            if x["kind"] == "mål":
                so_far = num(goal["actual"])
                assert x["detail"] == f"{goal['text']} Så langt {so_far}, ventet {num(round(float(goal['expected'])))}."
            elif x["kind"] == "budsjett":
                line = lines[x["subject"]]

                def against(figure: int, budget: int) -> str:
                    off = figure - budget
                    share = pct(Fraction(100 * abs(off), budget))
                    return f"{kr(abs(off))} ({share}) {'over' if off > 0 else 'under'} budsjettet"

                # the accounts decide once they are in (in their own direction, and a project line says what
                # was granted too); before that, what was granted
                budget = line["budget"]
                if line["spent"] is not None:
                    word = "overforbruk" if line["spent"] > budget else "underforbruk"
                    expected = (
                        f"{line['label']}: {word} etter regnskapet, {against(line['spent'], budget)} "
                        f"(budsjett {kr(budget)}, regnskap {kr(line['spent'])})."
                    )
                    if not line["direct"]:
                        expected += f" Innvilget i {YEAR}: {kr(line['granted'])}, {against(line['granted'], budget)}."
                else:
                    word = "overforbruk" if line["granted"] > budget else "underforbruk"
                    expected = (
                        f"{line['label']}: {word} i tilsagn, {against(line['granted'], budget)} "
                        f"(budsjett {kr(budget)}, innvilget {kr(line['granted'])})."
                    )
                assert x["detail"] == expected
                assert (word == "overforbruk") == ((line["spent"] or line["granted"]) > budget)
            elif goal is not None:  # recorded by hand for a goal of the year: its figure so far
                shown = kr(round(goal["actual"])) if goal["unit"] == "kr" else maltall(goal["actual"], goal["unit"])
                assert x["detail"] == (goal["text"] if goal["actual"] is None else f"{goal['text']} Så langt {shown}.")


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_the_builders_tables_add_up(programmes, programme):
    """The sums a document prints beside their parts are the sums of those parts."""
    for as_of in sorted({as_of for as_of, _ in CASES.values()}):
        F = figures.build(programmes[programme], YEAR, as_of)
        budget, jobs = F["budget"], F["jobs"]
        assert budget["income_total"] == sum(line["budget"] for line in budget["income"])
        assert budget["spending_total"] == sum(line["budget"] for line in budget["spending"])
        assert budget["committed_total"] == sum(line["granted"] or 0 for line in budget["spending"])
        assert budget["paid_out_total"] == sum(line["paid"] or 0 for line in budget["spending"])
        assert budget["spent_total"] == sum(line["spent"] or 0 for line in budget["spending"])
        assert budget["received_total"] == sum(line["received"] or 0 for line in budget["income"])
        projects = [line for line in budget["spending"] if not line["direct"]]
        assert budget["granted_total"] == sum(line["granted"] for line in projects)
        assert budget["paid_total"] == sum(line["paid"] for line in projects)
        assert sum(line["amount"] for line in F["funding_by_source"]) == F["leverage"]["total_budget"]
        for key in ("new", "secured", "total"):
            assert sum(y[key] for y in jobs["by_year"]) == jobs["cumulative"][key]
            assert sum(s[key] for s in jobs["by_source"]) == jobs["cumulative"][key]
            assert jobs["by_year"][-1][key] == jobs["year"][key]
        for side in (F["portfolio"]["before_year"], F["portfolio"]["now"]):
            assert side["started"] == side["finished"] + side["running"] + side["not_carried_out"]
        assert sum(F["portfolio"]["phases"].values()) == F["portfolio"]["now"]["started"]


@pytest.mark.parametrize("kind", list(CASES), ids=lambda k: k.value)
def test_a_changed_figure_is_caught(documents, demo_snapshot, monkeypatch, kind):
    """The document renders from a builder that gives one jobs figure wrong (the year's new jobs, which every
    document's sentences and tables show); the checks, holding the true figures, must fail: in place (the rows and
    sentences with the figure are not found) and, for a figure that no other figure explains, in the reverse
    direction too."""
    true = documents["demo", kind]
    assert not check(true), "the true document passes"
    build = figures.build

    def altered(change):
        def wrong(snapshot, year, as_of):
            data = build(snapshot, year, as_of)
            data["jobs"]["year"]["new"] = change(data["jobs"]["year"]["new"])
            return data

        return wrong

    monkeypatch.setattr(figures, "build", altered(lambda new: new + 1))
    off_by_one = check(true, render(demo_snapshot, kind))
    monkeypatch.setattr(figures, "build", altered(lambda new: 987_654))
    unknown = check(true, render(demo_snapshot, kind))
    monkeypatch.undo()

    shown = num(true.figures["jobs"]["year"]["new"])
    assert any(re.search(rf"(?<![\d\u00a0]){shown}(?![\d\u00a0])", e.text) for e in off_by_one.missing), (
        off_by_one.report()
    )
    assert any(token == num(987_654) for token, _ in unknown.unexplained), unknown.report()


def test_a_figure_under_another_heading_or_outside_its_row_is_caught(documents):
    """The second programme's annual report with the focus areas' headings swapped: area 1's goals now stand under
    area 2's heading. And with a figure added in a sentence of its own: explained by a figure, but checked nowhere."""
    d = documents["to-innsatsomrader", DocumentKind.ANNUAL_REPORT]
    one, two = (f"### Innsatsområde {a.number}: {a.name}" for a in d.snapshot.focus_areas[:2])
    swapped = d.markdown.replace(one, "\x01").replace(two, one).replace("\x01", two)
    misplaced = check(d, swapped)
    assert {e.section for e in misplaced.missing} == {one, two}, misplaced.report()
    assert misplaced.unchecked and not misplaced.unexplained, "the moved figures are explained but not checked"

    jobs = num(d.figures["jobs"]["year"]["total"])
    heading = "## Styrets arbeid\n"
    stray = check(d, d.markdown.replace(heading, f"Ekstra: {jobs} arbeidsplasser.\n\n{heading}"))
    assert not stray.missing and not stray.unexplained
    assert stray.unchecked == [(jobs, f"Ekstra: {jobs} arbeidsplasser.")], stray.report()


@pytest.mark.parametrize("kind", [DocumentKind.ANNUAL_REPORT, DocumentKind.HALF_YEAR_REPORT], ids=lambda k: k.value)
def test_a_focus_area_goal_that_counts_the_whole_programme_is_caught_in_the_second_programme(
    documents, programmes, monkeypatch, kind
):
    """Area 1's jobs goal shown with the whole programme's jobs: in the demo (all of 2014's jobs are area 1's) the
    document would not change, which is why the second programme exists; there the goal's row is not found."""
    build = figures.build

    def whole_programme(snapshot, year, as_of):
        data = build(snapshot, year, as_of)
        goal = next(g for g in data["goals"] if g["key"] == "io1-arbeidsplasser-2014")
        goal["actual"] = data["jobs"]["year"]["total"]
        return data

    monkeypatch.setattr(figures, "build", whole_programme)
    demo = check(documents["demo", kind], render(programmes["demo"], kind))
    second = check(documents["to-innsatsomrader", kind], render(programmes["to-innsatsomrader"], kind))
    monkeypatch.undo()

    assert not demo, demo.report()
    goals = documents["to-innsatsomrader", kind].figures["goals"]
    goal = next(g for g in goals if g["key"] == "io1-arbeidsplasser-2014")
    assert [e.section for e in second.missing if e.text.startswith(f"| {esc(goal['text'])} |")] == [
        "### Innsatsområde 1: Nyskaping i næringslivet"
    ], second.report()
