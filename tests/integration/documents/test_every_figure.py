"""Every number in every document is a figure of the one figures builder (issue 11, case 2).

`omstilling status --json` is a projection of `omstilling.core.figures.build` (`omstilling.core.status`), and a
document's context is that same dict plus text (`omstilling.documents.context`). So "every figure equals
`status --json`" means: every number a document shows is a value of `figures.build(snapshot, year, as_of)`,
formatted by the filters the templates use. This file checks it for all seven document kinds and two programmes
(the demo, and the demo with results in a second focus area), in both written standards (issue 28: the same
programmes set to nynorsk), in both directions:

(a) in place: from the builder's dict (called here, not read back from the rendered context) each figure's text is
    built the way its template writes it, and must stand where the template puts it: a whole table row or a whole
    sentence, under its heading;
(b) the reverse: every number token in the Markdown must be explained, either by a figure of the builder (in some
    formatting) or by one of the narrow whitelist patterns below (years, dates, numbering, and the data's own
    identifiers and wording). A token explained by a figure must also stand inside a match of (a): no figure is
    shown without being checked where it stands.

The expected texts are the templates' own marked texts (`t`, `nt`: the text in the current written standard, the
figures put into it as the template puts them), so one expectation serves both standards: in bokmål it is the text as
written, in nynorsk the catalogue's translation of it.

Documents are rendered to Markdown only (no pandoc, no files). `test_a_changed_figure_is_caught` renders documents
from a builder with one figure altered and proves the checks then fail."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import pytest

from omstilling.core import figures, formatting, language, sentences
from omstilling.core.enums import (
    BudgetCategory,
    Comparator,
    DocumentKind,
    FundingSource,
    GoalMetric,
    IndicatorKind,
    MeetingStatus,
    PaymentKind,
    PsvForm,
    ResultSource,
)
from omstilling.core.language import WrittenStandard, speaking
from omstilling.core.periods import Period
from omstilling.core.snapshot import (
    GoalData,
    IndicatorData,
    PaymentData,
    ProgrammeSnapshot,
    ResultData,
    ScoreData,
)
from omstilling.core.status import programme_status
from omstilling.documents.filters import FILTERS, MarkdownText
from omstilling.documents.filters import escape_markdown as esc
from omstilling.documents.render import render_markdown

TEMPLATES = Path(__file__).resolve().parents[3] / "omstilling" / "documents" / "templates"
YEAR = 2014

# The filters the templates use, by their template names.
Filter = Callable[..., str]
num, kr, kroner, pct, ratio = (cast(Filter, FILTERS[name]) for name in ("num", "kr", "kroner", "pct", "ratio"))
dato, kdato, lys, maltall = (cast(Filter, FILTERS[name]) for name in ("dato", "kdato", "lys", "maltall"))


def t(text: str, /, **values: Any) -> str:
    """A template's `_(text, **values)` as the template writes it: the text in the current written standard, each
    value put into it escaped as data (`documents.filters.MarkdownText`)."""
    return str(MarkdownText(language.gettext(text)) % values)


def nt(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """A template's `ngettext(singular, plural, n, **values)`: the form `n` asks for; `num` is `n` unless given."""
    return str(MarkdownText(language.ngettext(singular, plural, n)) % ({"num": n} | values))


def is_open(deviation: dict[str, Any]) -> bool:
    return deviation["status_key"] == "apen"


STANDARDS = [WrittenStandard.BOKMAL, WrittenStandard.NYNORSK]

CASES: dict[DocumentKind, tuple[date, date | None]] = {
    DocumentKind.ANNUAL_REPORT: (date(2014, 12, 31), None),
    DocumentKind.HALF_YEAR_REPORT: (date(2014, 6, 30), None),
    DocumentKind.BOARD_REPORT: (date(2014, 6, 15), date(2014, 6, 16)),  # figures up to the day before the meeting
    DocumentKind.APPLICATION: (date(2014, 12, 31), None),
    DocumentKind.PSV_FACTS: (date(2014, 12, 31), None),
    DocumentKind.SEMINAR_BASIS: (date(2014, 12, 31), None),
    DocumentKind.ACTION_PLAN: (date(2014, 12, 31), None),
    DocumentKind.FINAL_EVALUATION: (date(2014, 12, 31), None),
}


# --- The two programmes --------------------------------------------------------------------------------------


def two_areas(demo: ProgrammeSnapshot) -> ProgrammeSnapshot:
    """The demo with jobs and a new company in focus area 2 as well: two of its projects report results in 2014
    (one before 30 June, so the half-year report differs too), and area 2 gets goals of its own for jobs and
    companies. Area 1's goals must still count area 1 only, and area 2's area 2 only, so a goal that counted the
    whole programme (or the other area) would show another number than the builder's.

    It also reaches what the demo does not: a second and third source of jobs, Innovasjon Norge among the funders
    (a name with a capital inside), money returned by a project in the year, PSV scores, a budget whose income and
    spending differ, administration overspent in the accounts (a deviation once the year is over), a budget for
    the next year (which the application and the action plan then show), and a PSV scored on the programme's own
    indicators with means that go down."""
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
    # 2013 scored on the programme's own set (its eight indicators, two of them described): the 2014 scoring form
    # is that set, with its descriptions, and the means go down from 2012's two grades.
    own = tuple(
        IndicatorData(n, score.indicator, score.kind, "Beskrevet i programmets egen veileder." if n <= 2 else None)
        for n, score in enumerate(demo.assessments[1].scores, start=1)
    )
    assessments = (
        replace(demo.assessments[0], scores=scores),
        replace(demo.assessments[1], form=PsvForm.OWN),
    ) + demo.assessments[2:]
    return replace(
        demo,
        slug="to-innsatsomrader",
        projects=tuple(projects),
        goals=goals,
        budget_lines=budget,
        assessments=assessments,
        indicators=own,
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
    figures: dict[str, Any]  # the builder's dict, from calling the builder here (in the programme's standard)

    @property
    def year(self) -> int:
        return self.figures["year"]

    @property
    def standard(self) -> WrittenStandard:
        return self.snapshot.language


def render(snapshot: ProgrammeSnapshot, kind: DocumentKind) -> str:
    as_of, meeting_date = CASES[kind]
    return render_markdown(kind, snapshot, YEAR, as_of, meeting_date=meeting_date, templates_dir=TEMPLATES).markdown


@pytest.fixture(scope="module")
def documents(programmes) -> dict[tuple[WrittenStandard, str, DocumentKind], Document]:
    """Each kind for each programme in each written standard, rendered once; with the figures the builder gives for
    the same day (its words, a status or a deviation's text, in the programme's standard)."""
    found = {}
    for standard in STANDARDS:
        for name, programme in programmes.items():
            snapshot = replace(programme, language=standard)
            for kind, (as_of, meeting_date) in CASES.items():
                with speaking(standard):
                    built = figures.build(snapshot, YEAR, as_of)
                    if kind is DocumentKind.FINAL_EVALUATION:  # the data pack's own figures, from the same module
                        built["evaluation"] = figures.evaluation(snapshot, as_of)
                found[standard, name, kind] = Document(
                    kind, snapshot, as_of, meeting_date, render(snapshot, kind), built
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
        f"| {t('Nøkkeltall')} | {F['year']} | {t('Totalt siden %(year)s', year=start)} |",
        f"| {t('Nye arbeidsplasser')} | {num(jobs['new'])} | {num(cumulative['new'])} |",
        f"| {t('Sikrede arbeidsplasser')} | {num(jobs['secured'])} | {num(cumulative['secured'])} |",
        f"| {t('Nye og sikrede arbeidsplasser i alt')} | {num(jobs['total'])} | {num(cumulative['total'])} |",
        f"| {t('Nye bedrifter')} | {num(F['companies']['year'])} | {num(F['companies']['cumulative'])} |",
        f"| {t('Nye prosjekter innvilget')} | {len(F['portfolio']['new'])} | {num(now['started'])} |",
        f"| {t('Tilsagn fra programmet')} | {kr(leverage['support'])} | {kr(now['support'])} |",
        f"| {t('Samlet prosjektbudsjett (giring)')} | {kr(leverage['total_budget'])} | {kr(now['total_budget'])} |",
        f"| {t('Giringsfaktor')} | {ratio(leverage['ratio'])} | {ratio(now['leverage_ratio'])} |",
        f"| {t('Andel prosjekter med kompetanseheving')} | {pct(F['competence']['percent'])} | – |",
    ]


def goal_table(goals: list[dict[str, Any]], F: dict[str, Any], section: str | None, area: bool = False) -> list[Expect]:
    """_mal.md.j2: a row per measurable goal, with its target, result, share of target and light."""
    measurable = [g for g in goals if not g["qualitative"]]
    if not measurable:
        if area:
            return [Expect(t("Innsatsområdet har ingen målbare mål for %(year)s.", year=F["year"]), section)]
        return [Expect(t("Programmet har ingen målbare mål for %(year)s.", year=F["year"]), section)]
    rows = [
        f"| {esc(g['text'])} | {goal_period(g)} | {target(g)} | {maltall(g['actual'], g['unit'])} | "
        f"{pct(g['share'])} | {lys(g['light'])} |"
        for g in measurable
    ]
    return under(
        section,
        rows
        + [
            t(
                "Trafikklysene sammenligner resultatet med det som burde være nådd per %(day)s; se «Definisjoner» "
                "bakerst.",
                day=dato(F["as_of"]),
            )
        ],
    )


def area_heading(area: dict[str, Any], prefix: str = "### ") -> str:
    return prefix + t("Innsatsområde %(number)s: %(name)s", number=area["number"], name=area["name"])


def area_goal_tables(F: dict[str, Any]) -> list[Expect]:
    """The annual and half-year reports: each focus area's goals under its own heading, then the programme's."""
    found = []
    for area in F["focus_areas"]:
        heading = area_heading(area)
        goals = [g for g in F["goals"] if g["focus_area"] and g["focus_area"]["number"] == area["number"]]
        found += (
            goal_table(goals, F, heading, area=True)
            if goals
            else [Expect(t("Innsatsområdet har ingen mål registrert for %(year)s.", year=F["year"]), heading)]
        )
    programme_goals = [g for g in F["goals"] if not g["focus_area"]]
    if programme_goals:
        found += goal_table(programme_goals, F, "### " + t("Mål for hele programmet"))
    return found


def jobs_by_year(F: dict[str, Any]) -> list[str]:
    """_arbeidsplasser_per_ar.md.j2"""
    as_of = F["as_of"]
    if not F["jobs"]["by_year"]:
        return [t("Ingen prosjekter har rapportert arbeidsplasser ennå.")]
    rows = []
    for y in F["jobs"]["by_year"]:
        part = (
            f" ({t('per %(day)s', day=kdato(as_of))})"
            if y["year"] == as_of.year and (as_of.month, as_of.day) < (12, 31)
            else ""
        )
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
        return [
            t(
                "Det er ingen avvik utover toleransen på %(tolerance)s per %(day)s.",
                tolerance=pct(F["tolerance"] * 100),
                day=dato(F["as_of"]),
            )
        ]
    rows = [
        f"| {esc(d['detail'])} | {d['period']} | {esc(d['cause']) if d['cause'] else '–'} | "
        f"{esc(d['action']) if d['action'] else '–'} | {d['status']} |"
        for d in deviations
    ]
    return rows


def strategy_table(F: dict[str, Any]) -> list[str]:
    """_tiltak.md.j2"""

    def goal(target: int) -> str:
        return nt("minst %(num)s prosjekt", "minst %(num)s prosjekter", target, num=num(target))

    counted = [s for s in F["strategies"] if s["count_target"] is not None]
    if not counted:
        return [t("Handlingsplanen for %(year)s har ingen tiltak med måltall for antall prosjekter.", year=F["year"])]
    return [
        f"| {esc(s['number'])} {esc(s['name'])} | "
        f"{esc(s['target_text']) if s['target_text'] else goal(s['count_target'])} | "
        f"{num(s['count'])} | {t('ja') if s['met'] else t('nei')} |"
        for s in counted
    ]


def budget_table(F: dict[str, Any]) -> list[str]:
    """_budsjett.md.j2: each line's budget, granted, paid and left, the sums, and what is left of the projects'
    money (`left` and `project_budget_total` are the builder's; the template does no arithmetic)."""
    budget, year, as_of = F["budget"], F["year"], F["as_of"]
    if not budget["has_budget"]:
        return [t("Det er ikke registrert noe budsjett for %(year)s.", year=year)]
    income, spending = f"**{t('Sum inntekter')}**", f"**{t('Sum ressursbruk')}**"

    def cell(value: int | None) -> str:
        return kr(value) if value is not None else t("ikke registrert")

    if budget["has_accounts"]:
        rows = [
            f"| {esc(line['label'])} | {kr(line['budget'])} | | | {cell(line['received'])} | |"
            for line in budget["income"]
        ]
        rows.append(f"| {income} | **{kr(budget['income_total'])}** | | | **{kr(budget['received_total'])}** | |")
        rows += [
            f"| {esc(line['label'])} | {kr(line['budget'])} | {cell(line['granted'])} | {cell(line['paid'])} | "
            f"{cell(line['spent'])} | {cell(line['left'])} |"
            for line in budget["spending"]
        ]
        rows.append(
            f"| {spending} | **{kr(budget['spending_total'])}** | **{kr(budget['committed_total'])}** | "
            f"**{kr(budget['paid_out_total'])}** | **{kr(budget['spent_total'])}** | |"
        )
    else:  # no accounts yet: no Regnskap column, and "–" where a cost without grants has no figure yet

        def dash(value: int | None) -> str:
            return kr(value) if value is not None else "–"

        rows = [f"| {esc(line['label'])} | {kr(line['budget'])} | | | |" for line in budget["income"]]
        rows.append(f"| {income} | **{kr(budget['income_total'])}** | | | |")
        rows += [
            f"| {esc(line['label'])} | {kr(line['budget'])} | {dash(line['granted'])} | {dash(line['paid'])} | "
            f"{dash(line['left'])} |"
            for line in budget["spending"]
        ]
        rows.append(
            f"| {spending} | **{kr(budget['spending_total'])}** | **{kr(budget['committed_total'])}** | "
            f"**{kr(budget['paid_out_total'])}** | |"
        )
    rows.append(
        t(
            "Av prosjektmidlene på %(total)s er det innvilget %(granted)s, og %(left)s står igjen per %(day)s.",
            total=kroner(budget["project_budget_total"]),
            granted=kroner(budget["granted_total"]),
            left=kroner(budget["left"]),
            day=dato(as_of),
        )
    )
    rows.append(
        t(
            "Tilbakeførte midler fra prosjekter i %(year)s: %(returned)s.",
            year=year,
            returned=kroner(budget["returned"]),
        )
        if budget["returned"]
        else t("Ingen midler er tilbakeført fra prosjekter i %(year)s.", year=year)
    )
    if budget["income_total"] != budget["spending_total"]:
        rows.append(
            t(
                "Merk: inntektene (%(income)s) og ressursbruken (%(spending)s) i budsjettet er ikke like store.",
                income=kr(budget["income_total"]),
                spending=kr(budget["spending_total"]),
            )
        )
    return rows


def paid_sentence(F: dict[str, Any]) -> list[str]:
    """The sentence after the budget in the half-year and board reports."""
    budget = F["budget"]
    if budget["has_budget"] and budget["granted_total"]:
        return [
            t(
                "Av det som er innvilget, er %(paid)s utbetalt til prosjektene per %(day)s.",
                paid=kroner(budget["paid_total"]),
                day=dato(F["as_of"]),
            )
        ]
    return []


def frame_budget(frame: dict[str, Any], heading: str) -> list[str]:
    """_rammebudsjett.md.j2"""
    return (
        [f"| {t('Budsjettlinje')} | {heading} |"]
        + [f"| {esc(line['label'])} | {kr(line['budget'])} |" for line in frame["income"]]
        + [f"| **{t('Sum inntekter')}** | **{kr(frame['income_total'])}** |"]
        + [f"| {esc(line['label'])} | {kr(line['budget'])} |" for line in frame["spending"]]
        + [f"| **{t('Sum ressursbruk')}** | **{kr(frame['spending_total'])}** |"]
    )


def funding(F: dict[str, Any]) -> list[str]:
    """_finansiering.md.j2"""
    if not F["funding_by_source"]:
        return [
            t(
                "Ingen prosjekter er innvilget i %(year)s per %(day)s, så det er ingen finansiering å vise.",
                year=F["year"],
                day=dato(F["as_of"]),
            )
        ]
    rows = [
        f"| {esc(line['source'][:1].upper() + line['source'][1:])} | {kr(line['amount'])} |"
        for line in F["funding_by_source"]
    ]
    return rows + [
        f"| **{t('Samlet prosjektbudsjett')}** | **{kr(F['leverage']['total_budget'])}** |",
        t(
            "Hver krone fra programmet har utløst %(ratio)s kroner i samlede prosjektbudsjetter (giringsfaktor).",
            ratio=ratio(F["leverage"]["ratio"]),
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
        f"| {t('Porteføljen')} | {t('Per %(day)s', day=kdato(before['on']))} | {t('Per %(day)s', day=kdato(now['on']))} |",
        row(t("Prosjekter iverksatt siden %(year)s", year=start), num, "started"),
        row("– " + t("avsluttet"), num, "finished"),
        row("– " + t("pågår"), num, "running"),
        row("– " + t("ikke gjennomført"), num, "not_carried_out"),
        row(t("Programmets støtte"), kr, "support"),
        row(t("Samlet prosjektbudsjett"), kr, "total_budget"),
        row(t("Giringsfaktor"), ratio, "leverage_ratio"),
        row(t("Midler tilbakeført fra prosjekter"), kr, "returned"),
        row(t("Nye arbeidsplasser"), num, "jobs", "new"),
        row(t("Sikrede arbeidsplasser"), num, "jobs", "secured"),
        row(t("Nye og sikrede arbeidsplasser i alt"), num, "jobs", "total"),
        row(t("Nye bedrifter"), num, "new_companies"),
        row(t("Rapporterte tilleggsinntekter i bedriftene"), kr, "extra_revenue"),
    ]


def project_list(projects: list[dict[str, Any]], omitted: int = 0) -> list[str]:
    """_prosjektliste.md.j2: each project's grant, decision and jobs (the builder's project rows)."""
    if not projects:
        return [t("Programmet har ingen prosjekter registrert for perioden.")]
    rows = [
        f"| {esc(p['number'])} | {esc(p['title'])} ({esc(p['owner'])}) | {p['phase']}, {p['status']} | "
        f"{kr(p['grant'])} | {kdato(p['decision_date'])} | "
        f"{str(p['new_jobs']) + ' + ' + str(p['secured_jobs']) if p['results_reported'] else t('ikke rapportert')} |"
        for p in projects
    ]
    if omitted:
        rows.append(
            nt(
                "Listen viser de første %(shown)s prosjektene; %(num)s til er ikke tatt med her.",
                "Listen viser de første %(shown)s prosjektene; %(num)s til er ikke tatt med her.",
                omitted,
                shown=num(len(projects)),
                num=num(omitted),
            )
        )
    return rows


def meetings_block(F: dict[str, Any], until: date | None = None) -> list[str]:
    """_styremoter.md.j2; through _styrearbeid.md.j2 (with `until`) only the quota periods begun by then."""
    meetings, year, as_of = F["meetings"], F["year"], F["as_of"]
    found = []
    held = len(meetings["held"])
    if held:
        said = dict(num=num(held), year=year, day=dato(as_of))
        found.append(
            nt(
                "Styret har holdt %(num)s møte i %(year)s per %(day)s, styreseminaret medregnet.",
                "Styret har holdt %(num)s møter i %(year)s per %(day)s, styreseminaret medregnet.",
                held,
                **said,
            )
            if meetings["seminar_held"]
            else nt(
                "Styret har holdt %(num)s møte i %(year)s per %(day)s.",
                "Styret har holdt %(num)s møter i %(year)s per %(day)s.",
                held,
                **said,
            )
        )
        found += [
            f"| {kdato(m['date'])} | {esc(m['kind'].capitalize())} | {len(m['cases'])} |" for m in meetings["held"]
        ]
    else:
        found.append(t("Styret har ikke holdt noen møter i %(year)s per %(day)s.", year=year, day=dato(as_of)))
    quotas = meetings["quotas"] if until is None else [q for q in meetings["quotas"] if q["start"] <= until]
    for q in quotas:
        late = (
            " " + t("(siste frist for innkalling %(day)s)", day=kdato(q["last_call"]))
            if q["last_call"] and q["state"] not in ("oppfylt", "i rute")
            else ""
        )
        found.append(
            f"| {esc(q['period'])} | {esc(q['title'])} | {q['held']} | {q['planned']} | "
            f"{q['state_label'].capitalize()}{late} |"
        )
    if until is not None and not meetings["quotas"]:
        found.append(t("Programmet har ikke registrert noe krav til antall styremøter."))
    return found


def score_block(scores: dict[str, Any]) -> list[str]:
    """_psv_score.md.j2: one row per indicator with a column per year, and the years without scores in words."""
    if not scores["rows"]:
        return [
            t(
                "Det er ikke registrert noen score fra programstatusvurderingene for %(year)s eller årene før.",
                year=scores["year"],
            )
        ]
    found = [
        f"| {t('Indikator')} | {t('Type')} |"
        + "".join(f" {y} |" for y in scores["years"])
        + f" {t('Begrunnelse (siste)')} |"
    ]
    found += [
        f"| {esc(r['indicator'])} | {r['kind_label']} |"
        + "".join(f" {'–' if v is None else v} |" for v in r["by_year"])
        + f" {esc(r['justification']) if r['justification'] else t('ikke begrunnet')} |"
        for r in scores["rows"]
    ]
    if not scores["this_year"]:
        found.append(
            t(
                "Det er ikke registrert noen score fra programstatusvurderingen for %(year)s; tabellen viser de "
                "foregående årene.",
                year=scores["year"],
            )
            if len(scores["years"]) > 1
            else t("Det er ikke registrert noen score fra programstatusvurderingen for %(year)s.", year=scores["year"])
        )
    found.insert(
        len(scores["rows"]) + 1,
        t("Scorene går fra 1 (svakt) til 5 (svært godt); «–» er et år uten score for indikatoren."),
    )
    found += [
        t("Det er ikke registrert noen score for %(year)s.", year=y) for y in scores["without"] if y != scores["year"]
    ]
    return found


def psv_block(psv: dict[str, Any] | None, year: int, scores: dict[str, Any]) -> list[str]:
    """_psv.md.j2: the PSV's year, its scores beside the years before (_psv_score.md.j2) and its
    recommendations."""
    if not psv:
        return [
            t(
                "Det er ingen programstatusvurdering registrert for %(year)s eller tidligere (ingen vurdering).",
                year=year,
            )
        ]
    summary = psv["summary"] or MarkdownText(t("sammendrag er ikke registrert."))
    found = [
        t(
            "Programstatusvurderingen for %(year)s (%(day)s): %(summary)s",
            year=psv["year"],
            day=dato(psv["meeting_date"]),
            summary=summary,
        )
        if psv["meeting_date"]
        else t("Programstatusvurderingen for %(year)s: %(summary)s", year=psv["year"], summary=summary),
        t("Vurderingen brukte %(form)s.", form=psv["form_label"]),
    ]
    if psv["conclusion"]:
        found.append(t("Deltakernes omforente konklusjon: %(conclusion)s", conclusion=psv["conclusion"]))
    found += score_block(scores)
    found += [
        f"| {r['number']} | {esc(r['text'])} | "
        f"{esc(r['follow_up']) if r['follow_up'] else t('ikke fulgt opp ennå')} | {r['status']} |"
        for r in psv["recommendations"]
    ]
    if not psv["recommendations"]:
        found.append(t("Vurderingen ga ingen registrerte anbefalinger."))
    return found


def trend_block(trend: dict[str, Any]) -> list[str]:
    """_psv_utvikling.md.j2: each indicator's grade per year, the means per kind (one decimal) and a sentence per
    kind on how it went (core.sentences.psv_change, from the builder's means)."""
    if len(trend["years"]) > 1:

        def mean(value: Fraction | None) -> str:
            return "–" if value is None else ratio(value)

        rows = [f"| {t('Indikator')} | {t('Type')} |" + "".join(f" {y} |" for y in trend["years"])]
        rows += [
            f"| {esc(r['indicator'])} | {r['kind_label']} |"
            + "".join(f" {'–' if v is None else v} |" for v in r["by_year"])
            for r in trend["rows"]
        ]
        rows.append(
            f"| **{t('Snitt prosessindikatorer')}** | |"
            + "".join(f" **{mean(m['process'])}** |" for m in trend["means"])
        )
        rows.append(
            f"| **{t('Snitt effektindikatorer')}** | |" + "".join(f" **{mean(m['effect'])}** |" for m in trend["means"])
        )
        rows += [
            sentences.psv_change(c["kind"], c["first_year"], c["first"], c["last_year"], c["last"])
            for c in trend["changes"]
        ]
        return rows
    if trend["years"]:
        return [
            t(
                "Det er registrert karakterer fra programstatusvurderingen bare for %(year)s, så det er ingen "
                "utvikling å vise ennå.",
                year=trend["years"][0],
            )
        ]
    return [
        t("Det er ikke registrert karakterer fra noen programstatusvurdering til og med %(year)s.", year=trend["year"])
    ]


def scoring_form(F: dict[str, Any]) -> list[str]:
    """_psv_skjema.md.j2: the set the year is scored on, which kind weighs most, and a row per indicator with last
    time's grade (core.psv.scoring_form through the builder)."""
    f = F["psv_form"]
    found = [
        t("Vurderingen for %(year)s gjøres etter %(form)s.", year=f["year"], form=f["form_label"]),
        t(
            "%(year)s er programmets år nummer %(n)s i statusperioden: i de to første årene av omstillingsperioden "
            "vektlegges prosessindikatorene, som vurderer hvordan programmet etableres og drives.",
            year=f["year"],
            n=f["year_number"],
        )
        if f["emphasis"] == "prosess"
        else t(
            "%(year)s er programmets år nummer %(n)s i statusperioden: etter de to første årene av "
            "omstillingsperioden er effektindikatorene de viktigste, de som vurderer hva som kommer ut av arbeidet.",
            year=f["year"],
            n=f["year_number"],
        ),
    ]
    before = t("Karakter %(year)s", year=f["previous_year"]) if f["previous_year"] else t("Forrige karakter")
    found.append(
        f"| {t('Indikator')} | {t('Type')} | {before} | {t('Karakter %(year)s', year=f['year'])} | {t('Begrunnelse')} |"
    )
    found += [
        f"| {esc(r['indicator'])}{' – ' + esc(r['description']) if r['description'] else ''} | {r['kind_label']} | "
        f"{'–' if r['previous'] is None else r['previous']} | {'' if r['score'] is None else r['score']} | |"
        for r in f["rows"]
    ]
    found.append(
        t(
            "Deltakerne blir i møtet enige om én karakter per indikator, fra 1 (svakt) til 5 (svært godt), med en "
            "skriftlig begrunnelse, og til slutt om en verbal konklusjon som støtter opp under karakterene."
        )
    )
    return found


def fact_sheet(F: dict[str, Any], start: int, previous: dict[str, Any] | None) -> list[str]:
    """psv-grunnlag.md.j2's Faktaark: the key figures (_nokkeltall.md.j2) and the programme's year in figures."""
    budget = F["budget"]
    found = [
        t(
            "Faktaarket samler tallene programmet har registrert per %(day)s, slik programleder fyller det ut før "
            "vurderingsmøtet.",
            day=dato(F["as_of"]),
        ),
        *key_figures(F, start),
        f"| {t('År nummer i statusperioden')} | {F['psv_form']['year_number']} |",
        f"| {t('Rammebudsjett')} | {kr(budget['income_total']) if budget['has_budget'] else t('ikke registrert')} |",
        f"| {t('Innvilget av prosjektmidlene')} | {kr(budget['granted_total'])} |",
        f"| {t('Utbetalt til prosjektene')} | {kr(budget['paid_total'])} |",
        f"| {t('Avsluttede prosjekter')} | {len(F['portfolio']['finished'])} |",
        f"| {t('Styremøter holdt')} | {len(F['meetings']['held'])} |",
        f"| {t('Styreseminar holdt')} | {t('ja') if F['meetings']['seminar_held'] else t('nei')} |",
    ]
    if previous and previous["recommendations"]:
        total = len(previous["recommendations"])
        found.append(
            f"| {t('Anbefalinger fra vurderingen for %(year)s fulgt opp', year=previous['year'])} | "
            f"{t('%(done)s av %(num)s', done=total - previous['open_recommendations'], num=total)} |"
        )
    return found


def definitions(F: dict[str, Any]) -> list[str]:
    """The definitions (context.definitions) write the tolerance as text; it must be the builder's."""
    tolerance = pct(F["tolerance"] * 100)
    return [
        t(
            "Grønn: målet er nådd, eller ligger an til å nås (tall som bygger seg opp over perioden sammenlignes med "
            "forholdsmessig andel av målet). Gul: inntil %(tolerance)s under. Rød: mer enn %(tolerance)s under; da "
            "er det et avvik som trenger årsak og tiltak.",
            tolerance=tolerance,
        ),
        t(
            "Et mål eller en budsjettlinje som er mer enn %(tolerance)s fra mål eller plan. Åpne avvik føres videre "
            "til neste rapport og neste styremøte.",
            tolerance=tolerance,
        ),
    ]


def without_results(F: dict[str, Any], all_told: bool = True) -> list[str]:
    """The finished projects that have not reported results: «I alt 3 avsluttede prosjekter har …» in the
    half-year report and the PSV facts, without «I alt» in the annual report."""
    missing = F["projects_without_results"]
    if not missing:
        return []
    numbers = ", ".join(p["number"] for p in missing)
    if all_told:
        return [
            nt(
                "I alt %(num)s avsluttet prosjekt har ikke rapportert resultater: %(numbers)s.",
                "I alt %(num)s avsluttede prosjekter har ikke rapportert resultater: %(numbers)s.",
                len(missing),
                num=num(len(missing)),
                numbers=numbers,
            )
        ]
    return [
        nt(
            "%(num)s avsluttet prosjekt har ikke rapportert resultater: %(numbers)s.",
            "%(num)s avsluttede prosjekter har ikke rapportert resultater: %(numbers)s.",
            len(missing),
            numbers=numbers,
        )
    ]


def lights(goals: list[dict[str, Any]]) -> dict[str, int]:
    """How many measurable goals have each light (the half-year report and PSV facts count them in the template)."""
    measurable = [g for g in goals if not g["qualitative"]]
    return {light: sum(g["light"] == light for g in measurable) for light in ("grønn", "gul", "rød")}


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
    new = len(F["portfolio"]["new"])
    found = under(
        "## " + t("Sammendrag"),
        [
            nt(
                "%(programme)s har i %(year)s innvilget støtte til %(num)s nytt prosjekt med til sammen %(support)s i "
                "tilsagn. Prosjektene har et samlet budsjett på %(budget)s, en giringsfaktor på %(ratio)s.",
                "%(programme)s har i %(year)s innvilget støtte til %(num)s nye prosjekter med til sammen %(support)s "
                "i tilsagn. Prosjektene har et samlet budsjett på %(budget)s, en giringsfaktor på %(ratio)s.",
                new,
                programme=s.name,
                year=year,
                support=kroner(leverage["support"]),
                budget=kroner(leverage["total_budget"]),
                ratio=ratio(leverage["ratio"]),
            ),
            year_results(F),
            since_start(F, s.status_start_year),
            nt("Rapporten har %(num)s avvik.", "Rapporten har %(num)s avvik.", len(F["deviations"]))
            if F["deviations"]
            else t("Det er ingen avvik å rapportere."),
            *key_figures(F, s.status_start_year),
        ],
    )
    found += under("## " + t("Styrets arbeid"), meetings_block(F))
    found += area_goal_tables(F)
    found += under(
        "### " + t("Arbeidsplasser etter kilde"),
        jobs_by_source(F) or [t("Ingen prosjekter har rapportert arbeidsplasser ennå.")],
    )
    found += under("## " + t("Avviksrapport"), deviation_table(F["deviations"], F))
    found += under("### " + t("Prosjekter per tiltak"), strategy_table(F))
    found += under(
        "### " + t("Nye og avsluttede prosjekter"),
        [
            t(
                "Nye prosjekter innvilget i %(year)s: %(count)s, med %(support)s i tilsagn.",
                year=year,
                count=new,
                support=kroner(leverage["support"]),
            )
            if F["portfolio"]["new"]
            else t("Ingen nye prosjekter er innvilget i %(year)s.", year=year),
            t("Prosjekter avsluttet i %(year)s: %(count)s.", year=year, count=len(F["portfolio"]["finished"]))
            if F["portfolio"]["finished"]
            else t("Ingen prosjekter er avsluttet i %(year)s.", year=year),
            nt(
                "Kompetanseheving er et vesentlig element i %(count)s av %(of)s nytt prosjekt (%(share)s; målet er "
                "minst %(target)s).",
                "Kompetanseheving er et vesentlig element i %(count)s av %(of)s nye prosjekter (%(share)s; målet er "
                "minst %(target)s).",
                competence["of"],
                count=num(competence["count"]),
                of=num(competence["of"]),
                share=pct(competence["percent"]),
                target=pct(competence["target"]),
            )
            if competence["target"]
            else nt(
                "Kompetanseheving er et vesentlig element i %(count)s av %(of)s nytt prosjekt (%(share)s).",
                "Kompetanseheving er et vesentlig element i %(count)s av %(of)s nye prosjekter (%(share)s).",
                competence["of"],
                count=num(competence["count"]),
                of=num(competence["of"]),
                share=pct(competence["percent"]),
            ),
            *without_results(F, all_told=False),
        ],
    )
    found += under("### " + t("Giring og finansiering"), funding(F))
    found += under("## " + t("Økonomi"), budget_table(F))
    found += under("## " + t("Oppfølging av programstatusvurderingen"), psv_block(F["psv"], year, F["psv_scores"]))
    found += under("### " + t("Utviklingen i karakterene"), trend_block(F["psv_trend"]))
    found += under("## " + t("Vedlegg: prosjektliste"), project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## " + t("Definisjoner"), definitions(F))
    return found


def half_year_report(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    leverage, budget, competence, psv = F["leverage"], F["budget"], F["competence"], F["psv"]
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    light = lights(F["goals"])
    new = len(F["portfolio"]["new"])
    summary = [
        nt(
            "Programmet har så langt i %(year)s innvilget støtte til %(num)s nytt prosjekt med til sammen %(support)s "
            "i tilsagn. Prosjektene har et samlet budsjett på %(budget)s, en giringsfaktor på %(ratio)s.",
            "Programmet har så langt i %(year)s innvilget støtte til %(num)s nye prosjekter med til sammen "
            "%(support)s i tilsagn. Prosjektene har et samlet budsjett på %(budget)s, en giringsfaktor på %(ratio)s.",
            new,
            year=year,
            support=kroner(leverage["support"]),
            budget=kroner(leverage["total_budget"]),
            ratio=ratio(leverage["ratio"]),
        )
        if new
        else t(
            "Per %(day)s har programmet ikke innvilget støtte til noen nye prosjekter i %(year)s.",
            day=dato(as_of),
            year=year,
        ),
        *results(F, s.status_start_year),
    ]
    if measurable:
        summary.append(
            nt(
                "Av %(num)s målbart mål har %(green)s grønt, %(yellow)s gult og %(red)s rødt lys.",
                "Av %(num)s målbare mål har %(green)s grønt, %(yellow)s gult og %(red)s rødt lys.",
                len(measurable),
                green=light["grønn"],
                yellow=light["gul"],
                red=light["rød"],
            )
        )
    summary.append(
        nt("Avviksrapporten har %(num)s avvik.", "Avviksrapporten har %(num)s avvik.", len(F["deviations"]))
        if F["deviations"]
        else t("Det er ingen avvik å rapportere ved halvårsskiftet.")
    )
    summary.append(
        t(
            "Av prosjektmidlene på %(total)s for %(year)s er %(granted)s innvilget og %(left)s ledige.",
            total=kroner(budget["project_budget_total"]),
            year=year,
            granted=kroner(budget["granted_total"]),
            left=kroner(budget["left"]),
        )
        if budget["has_budget"]
        else t("Det er ikke registrert noe budsjett for %(year)s.", year=year)
    )
    found = under("## " + t("Sammendrag"), summary + key_figures(F, s.status_start_year))
    found += area_goal_tables(F)
    found += under("### " + t("Arbeidsplasser"), jobs_by_year(F) + jobs_by_source(F))
    found += under("### " + t("Tiltakene i handlingsplanen"), strategy_table(F))
    found += under(
        "## " + t("Avviksrapport"),
        [
            t(
                "Avviksrapporten tar med alle mål og budsjettlinjer som per %(day)s ligger mer enn %(tolerance)s fra "
                "mål eller plan, avvik programleder har registrert for %(year)s, og åpne avvik fra tidligere perioder.",
                day=dato(as_of),
                tolerance=pct(F["tolerance"] * 100),
                year=year,
            ),
            *deviation_table(F["deviations"], F),
        ],
    )
    found += under("## " + t("Prosjektporteføljen"), portfolio_table(F, s.status_start_year))
    new_heading = "### " + t("Nye prosjekter i %(year)s", year=year)
    if new:
        granted = dict(
            day=dato(as_of),
            year=year,
            support=kroner(leverage["support"]),
            count=num(competence["count"]),
            share=pct(competence["percent"]),
        )
        found += under(
            new_heading,
            [
                nt(
                    "Styret har per %(day)s innvilget %(num)s nytt prosjekt i %(year)s, med %(support)s i tilsagn. "
                    "Kompetanseheving er et vesentlig element i %(count)s av dem (%(share)s; målet er minst "
                    "%(target)s).",
                    "Styret har per %(day)s innvilget %(num)s nye prosjekter i %(year)s, med %(support)s i tilsagn. "
                    "Kompetanseheving er et vesentlig element i %(count)s av dem (%(share)s; målet er minst "
                    "%(target)s).",
                    new,
                    target=pct(competence["target"]),
                    **granted,
                )
                if competence["target"]
                else nt(
                    "Styret har per %(day)s innvilget %(num)s nytt prosjekt i %(year)s, med %(support)s i tilsagn. "
                    "Kompetanseheving er et vesentlig element i %(count)s av dem (%(share)s).",
                    "Styret har per %(day)s innvilget %(num)s nye prosjekter i %(year)s, med %(support)s i tilsagn. "
                    "Kompetanseheving er et vesentlig element i %(count)s av dem (%(share)s).",
                    new,
                    **granted,
                ),
                *project_list(F["portfolio"]["new"]),
            ],
        )
    finished = F["portfolio"]["finished"]
    found += under(
        new_heading,
        [
            t(
                "Prosjekter avsluttet i %(year)s: %(count)s (%(numbers)s).",
                year=year,
                count=len(finished),
                numbers=", ".join(p["number"] for p in finished),
            )
            if finished
            else t("Ingen prosjekter er avsluttet i %(year)s per %(day)s.", year=year, day=dato(as_of)),
            *without_results(F),
        ],
    )
    found += under("### " + t("Giring og finansiering"), funding(F))
    found += under("## " + t("Økonomi per %(day)s", day=dato(as_of)), budget_table(F) + paid_sentence(F))
    heading = (
        "## " + t("Styrets arbeid i 1. halvår")
        if as_of.month <= 6
        else "## " + t("Styrets arbeid i %(year)s", year=year)
    )
    found += under(heading, meetings_block(F, until=as_of))
    open_recommendations = []
    if psv and psv["open_recommendations"]:
        open_recommendations = [
            t(
                "Av anbefalingene er %(open)s ikke fulgt opp fullt ut ennå; de følges videre i 2. halvår.",
                open=psv["open_recommendations"],
            )
            if as_of.month <= 6
            else t(
                "Av anbefalingene er %(open)s ikke fulgt opp fullt ut ennå; de følges videre.",
                open=psv["open_recommendations"],
            )
        ]
    found += under(
        "## " + t("Oppfølging av programstatusvurderingen"),
        psv_block(psv, year, F["psv_scores"]) + open_recommendations,
    )
    found += under("## " + t("Vedlegg: prosjektliste"), project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## " + t("Definisjoner"), definitions(F))
    return found


def board_report(d: Document) -> list[Expect]:
    F, year, as_of = d.figures, d.year, d.as_of
    leverage = F["leverage"]
    previous, since = since_previous_meeting(d)
    # styrerapport.md.j2 adds up the grants and total budgets of the projects since the previous meeting.
    grants, budgets = sum(p["grant"] for p in since), sum(p["total_budget"] for p in since)
    if since:
        money = dict(grants=kroner(grants), budgets=kroner(budgets))
        support = [
            nt(
                "I perioden fra og med forrige styremøte %(previous)s og fram til dette møtet er det innvilget støtte "
                "til %(num)s prosjekt med til sammen %(grants)s i tilsagn. Prosjektet har et samlet budsjett på "
                "%(budgets)s.",
                "I perioden fra og med forrige styremøte %(previous)s og fram til dette møtet er det innvilget støtte "
                "til %(num)s prosjekter med til sammen %(grants)s i tilsagn. Prosjektene har et samlet budsjett på "
                "%(budgets)s.",
                len(since),
                previous=dato(previous),
                **money,
            )
            if previous
            else nt(
                "I perioden fra programmets start og fram til dette møtet er det innvilget støtte til %(num)s prosjekt "
                "med til sammen %(grants)s i tilsagn. Prosjektet har et samlet budsjett på %(budgets)s.",
                "I perioden fra programmets start og fram til dette møtet er det innvilget støtte til %(num)s "
                "prosjekter med til sammen %(grants)s i tilsagn. Prosjektene har et samlet budsjett på %(budgets)s.",
                len(since),
                **money,
            )
        ]
        support += [
            f"| {esc(p['number'])} | {esc(p['title'])} ({esc(p['owner'])}), {p['phase']} | "
            f"{p['focus_area']['number'] if p['focus_area'] else '–'} | {kr(p['grant'])} | "
            f"{kr(p['total_budget'])} | "
            + (t("Sak %(case)s", case=p["decision_case"]) + ", " if p["decision_case"] else "")
            + f"{kdato(p['decision_date'])} |"
            for p in since
        ]
        if len(since) > 1:
            support.append(f"| **{t('Sum')}** | | | **{kr(grants)}** | **{kr(budgets)}** | |")
    else:
        support = [
            t(
                "Det er ikke innvilget støtte til nye prosjekter i perioden fra og med forrige styremøte %(previous)s "
                "og fram til dette møtet.",
                previous=dato(previous),
            )
            if previous
            else t(
                "Det er ikke innvilget støtte til nye prosjekter i perioden fra programmets start og fram til dette "
                "møtet."
            )
        ]
    found = under("## " + t("1. Prosjektstøtte siden forrige møte"), support)
    # _vedtaksoppfolging.md.j2 (under "## 2. Saker til møtet"): the open follow-ups of earlier meetings.
    from omstilling.documents.context import open_follow_ups

    follow_ups = open_follow_ups(d.snapshot, d.meeting_date, d.as_of)
    found += under(
        "## " + t("2. Saker til møtet"),
        [
            f"| {esc(f['number'])} | {esc(f['what'])} | {f['role']} | {kdato(f['due'])} | "
            f"{t('fristen er passert') if f['overdue'] else t('åpen')} |"
            for f in follow_ups
        ]
        + [
            nt(
                "%(num)s vedtak fra tidligere møter er ikke markert fulgt opp ennå.",
                "%(num)s vedtak fra tidligere møter er ikke markert fulgt opp ennå.",
                len(follow_ups),
                num=num(len(follow_ups)),
            )
            if follow_ups
            else t("Alle vedtak fra tidligere møter som skulle følges opp, er markert fulgt opp.")
        ],
    )
    new = len(F["portfolio"]["new"])
    found += under(
        "## " + t("3. Resultater hittil i %(year)s", year=year),
        results(F, d.snapshot.status_start_year)
        + [
            nt(
                "I %(year)s er det innvilget %(num)s nytt prosjekt med %(support)s i tilsagn og %(budget)s i samlede "
                "prosjektbudsjetter (giringsfaktor %(ratio)s).",
                "I %(year)s er det innvilget %(num)s nye prosjekter med %(support)s i tilsagn og %(budget)s i "
                "samlede prosjektbudsjetter (giringsfaktor %(ratio)s).",
                new,
                year=year,
                support=kroner(leverage["support"]),
                budget=kroner(leverage["total_budget"]),
                ratio=ratio(leverage["ratio"]),
            )
            if new
            else t("Det er ikke innvilget noen nye prosjekter i %(year)s per %(day)s.", year=year, day=dato(as_of))
        ],
    )
    found += under("## " + t("4. Økonomi hittil i %(year)s", year=year), budget_table(F) + paid_sentence(F))
    # styrerapport.md.j2 picks the open deviations, and counts those carried over from earlier years.
    open_deviations = [x for x in F["deviations"] if is_open(x)]
    carried = [x for x in open_deviations if x["period"] != str(year)]
    found += under(
        "## " + t("5. Åpne avvik"),
        [
            nt(
                "Åpne avvik føres videre til hvert styremøte til de er lukket. Per %(day)s er det %(num)s åpent avvik, "
                "og %(carried)s av dem er ført videre fra tidligere år.",
                "Åpne avvik føres videre til hvert styremøte til de er lukket. Per %(day)s er det %(num)s åpne avvik, "
                "og %(carried)s av dem er ført videre fra tidligere år.",
                len(open_deviations),
                day=dato(as_of),
                carried=len(carried),
            )
            if carried
            else nt(
                "Åpne avvik føres videre til hvert styremøte til de er lukket. Per %(day)s er det %(num)s åpent avvik.",
                "Åpne avvik føres videre til hvert styremøte til de er lukket. Per %(day)s er det %(num)s åpne avvik.",
                len(open_deviations),
                day=dato(as_of),
            ),
            *deviation_table(open_deviations, F),
        ]
        if open_deviations
        else [t("Det er ingen åpne avvik per %(day)s.", day=dato(as_of))],
    )
    found += under("## " + t("6. Styremøter"), meetings_block(F, until=max(as_of, d.meeting_date)))
    return found


def application(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    next_year, budget, leverage, now = year + 1, F["budget"], F["leverage"], F["portfolio"]["now"]
    plan = F["next_budget"] if F["next_budget"]["has_budget"] else None
    amount = county_amount(s, plan or budget)
    if plan:
        asked = (
            t(
                "Det søkes om %(amount)s fra %(county)s for %(next)s.",
                amount=kroner(amount),
                county=s.county,
                next=next_year,
            )
            if amount
            else t(
                "Budsjettet for %(next)s skiller ikke ut tilskuddet fra %(county)s på en egen linje.",
                next=next_year,
                county=s.county,
            )
        )
    elif budget["has_budget"]:
        asked = (
            t(
                "Med dette som utgangspunkt søkes det om %(amount)s fra %(county)s for %(next)s, det samme som "
                "tilskuddet i rammebudsjettet for %(year)s.",
                amount=kroner(amount),
                county=s.county,
                next=next_year,
                year=year,
            )
            if amount
            else t(
                "Rammebudsjettet for %(year)s skiller ikke ut tilskuddet fra %(county)s på en egen linje.",
                year=year,
                county=s.county,
            )
        )
    else:
        asked = t("Budsjettet for %(next)s er ikke satt opp ennå.", next=next_year)
    found = under("## 1. " + t("Søknaden"), [asked])
    phases = F["portfolio"]["phases"]
    started = sum(phases.values())  # soknad.md.j2 adds up the phases
    areas = len(F["focus_areas"])
    about = [
        nt(
            "Arbeidet er organisert i %(num)s innsatsområde: %(areas)s.",
            "Arbeidet er organisert i %(num)s innsatsområder: %(areas)s.",
            areas,
            num=num(areas),
            areas="\x00",
        ).split("\x00")[0]
    ]
    if started:
        about.append(
            nt(
                "Hovedaktiviteten er prosjektstøtte til utviklingsprosjekter i bedriftene, fortrinnsvis i en tidlig "
                "fase. Av %(num)s prosjekt som er iverksatt, er %(pre_studies)s, %(pre_projects)s og "
                "%(main_projects)s.",
                "Hovedaktiviteten er prosjektstøtte til utviklingsprosjekter i bedriftene, fortrinnsvis i en tidlig "
                "fase. Av de %(num)s prosjektene som er iverksatt, er %(pre_studies)s, %(pre_projects)s og "
                "%(main_projects)s.",
                started,
                pre_studies=nt("%(num)s forstudie", "%(num)s forstudier", phases.get("forstudie", 0)),
                pre_projects=nt("%(num)s forprosjekt", "%(num)s forprosjekter", phases.get("forprosjekt", 0)),
                main_projects=nt("%(num)s hovedprosjekt", "%(num)s hovedprosjekter", phases.get("hovedprosjekt", 0)),
            )
        )
    found += under("## 2. " + t("Om programmet"), about)
    cumulative = F["jobs"]["cumulative"]
    counted = dict(finished=num(now["finished"]), running=num(now["running"]))
    found += under(
        "### " + t("Hele programperioden"),
        [
            nt(
                "Fra starten i %(start)s og fram til %(day)s er det iverksatt i alt %(num)s utviklingsprosjekt.",
                "Fra starten i %(start)s og fram til %(day)s er det iverksatt i alt %(num)s utviklingsprosjekter.",
                now["started"],
                start=s.status_start_year,
                day=dato(as_of),
                num=num(now["started"]),
            )
            + " "
            + (
                nt(
                    "Av disse er %(finished)s avsluttet og %(running)s pågår, mens %(num)s ikke er gjennomført.",
                    "Av disse er %(finished)s avsluttet og %(running)s pågår, mens %(num)s ikke er gjennomført.",
                    now["not_carried_out"],
                    num=num(now["not_carried_out"]),
                    **counted,
                )
                if now["not_carried_out"]
                else t("Av disse er %(finished)s avsluttet og %(running)s pågår.", **counted)
            )
            + " "
            + t(
                "Programmets støtte utgjør %(support)s av en samlet prosjektramme på %(budget)s, en giringsfaktor på "
                "%(ratio)s.",
                support=kroner(now["support"]),
                budget=kroner(now["total_budget"]),
                ratio=ratio(now["leverage_ratio"]),
            ),
            t(
                "Prosjektene har rapportert %(jobs)s og %(companies)s.",
                jobs=sentences.jobs_phrase(cumulative["new"], cumulative["secured"]),
                companies=sentences.companies_phrase(F["companies"]["cumulative"]),
            )
            + " "
            + t(
                "Bedriftene har i tillegg rapportert tilleggsinntekter på %(revenue)s under og etter gjennomføringen.",
                revenue=kroner(now["extra_revenue"]),
            ),
        ]
        if now["started"]
        else [t("Programmet har ikke iverksatt noen prosjekter per %(day)s.", day=dato(as_of))],
    )
    new = len(F["portfolio"]["new"])
    found += under(
        "### " + t("%(year)s så langt", year=year),
        [
            nt(
                "Per %(day)s er det innvilget støtte til %(num)s nytt prosjekt i %(year)s, med %(support)s i tilsagn "
                "og %(budget)s i samlede prosjektbudsjetter.",
                "Per %(day)s er det innvilget støtte til %(num)s nye prosjekter i %(year)s, med %(support)s i "
                "tilsagn og %(budget)s i samlede prosjektbudsjetter.",
                new,
                day=dato(as_of),
                num=num(new),
                year=year,
                support=kroner(leverage["support"]),
                budget=kroner(leverage["total_budget"]),
            )
            if new
            else t(
                "Per %(day)s er det ikke innvilget støtte til nye prosjekter i %(year)s.", day=dato(as_of), year=year
            ),
            year_results(F, as_of),
            *key_figures(F, s.status_start_year),
            *jobs_by_year(F),
        ],
    )
    attainment = "### " + t("Måloppnåelse per %(day)s", day=dato(as_of))
    found += under(attainment, [e.text for e in goal_table(F["goals"], F, None)])
    open_deviations = [x for x in F["deviations"] if is_open(x)]
    found += under(
        attainment,
        deviation_table(open_deviations, F)
        if open_deviations
        else [t("Programmet har ingen åpne avvik per %(day)s.", day=dato(as_of))],
    )
    for area in [None] + F["focus_areas"]:
        if area is None:
            heading, group = "### " + t("Mål for hele programmet"), [g for g in F["goals"] if not g["focus_area"]]
            if not group:
                continue
        else:
            heading = area_heading(area)
            group = [g for g in F["goals"] if g["focus_area"] and g["focus_area"]["number"] == area["number"]]
        bullets = []
        for g in group:
            if g["qualitative"]:
                bullets.append(f"- {esc(g['text'])}")
                continue
            figure = dict(target=target(g), period=goal_period(g))
            bullets.append(
                f"- {esc(g['text'])} "
                + (
                    t(
                        "*Måltall: %(target)s for %(period)s; fastsettes på nytt for %(next)s.*",
                        next=next_year,
                        **figure,
                    )
                    if g["period"][1] < next_year
                    else t("*Måltall: %(target)s for %(period)s.*", **figure)
                )
            )
        found += under(heading, bullets or [t("Innsatsområdet har ingen mål registrert for %(year)s.", year=year)])
    activities = []
    for st in F["strategies"]:
        line = f"- **{esc(st['number'])} {esc(st['name'])}{'' if st['name'].endswith('.') else '.'}**"
        if st["target_text"]:
            line += f" {esc(st['target_text'])}{'' if st['target_text'].endswith('.') else '.'}"
        if st["count_target"] is not None:
            said = dict(year=year, num=num(st["count"]), target=num(st["count_target"]))
            line += " " + (
                nt(
                    "Resultat så langt i %(year)s: %(num)s prosjekt mot et mål på %(target)s – målet er nådd.",
                    "Resultat så langt i %(year)s: %(num)s prosjekter mot et mål på %(target)s – målet er nådd.",
                    st["count"],
                    **said,
                )
                if st["met"]
                else nt(
                    "Resultat så langt i %(year)s: %(num)s prosjekt mot et mål på %(target)s.",
                    "Resultat så langt i %(year)s: %(num)s prosjekter mot et mål på %(target)s.",
                    st["count"],
                    **said,
                )
            )
        activities.append(line)
    found += under("## 5. " + t("Planlagte aktiviteter"), activities)
    frame = (
        frame_budget(plan, t("Budsjett %(year)s", year=next_year))
        if plan
        else frame_budget(budget, t("Rammebudsjett %(year)s", year=year))
        if budget["has_budget"]
        else [t("Det er ikke registrert noe budsjett for %(year)s eller %(next)s.", year=year, next=next_year)]
    )
    spent = (
        [
            t(
                "Per %(day)s er %(granted)s av prosjektmidlene på %(total)s for %(year)s innvilget, og %(paid)s er "
                "utbetalt.",
                day=dato(as_of),
                granted=kroner(budget["granted_total"]),
                total=kroner(budget["project_budget_total"]),
                year=year,
                paid=kroner(budget["paid_total"]),
            )
        ]
        if budget["has_budget"]
        else []
    )
    found += under("## 6. " + t("Budsjett og finansieringsplan"), frame + spent + funding(F))
    found += under("## " + t("Vedlegg: prosjektliste"), project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## " + t("Definisjoner"), definitions(F))
    return found


def psv_facts(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    budget, leverage, now, competence = F["budget"], F["leverage"], F["portfolio"]["now"], F["competence"]
    areas, actions = len(F["focus_areas"]), len(F["strategies"])
    about = [
        t(
            "Handlingsplanen for %(year)s har %(areas)s, %(actions)s og %(goals)s.",
            year=year,
            areas=MarkdownText(nt("%(num)s innsatsområde", "%(num)s innsatsområder", areas, num=num(areas))),
            actions=MarkdownText(nt("%(num)s tiltak", "%(num)s tiltak", actions, num=num(actions))),
            goals=MarkdownText(
                nt("%(num)s målbart mål", "%(num)s målbare mål", len(measurable), num=num(len(measurable)))
            ),
        )
    ]
    about.append(
        t(
            "Rammebudsjettet for %(year)s er %(total)s, hvorav %(projects)s er prosjektmidler.",
            year=year,
            total=kroner(budget["income_total"]),
            projects=kroner(budget["project_budget_total"]),
        )
        if budget["has_budget"]
        else t("Det er ikke registrert noe budsjett for %(year)s.", year=year)
    )
    found = under("## 1. " + t("Om programmet"), about)
    previous_psv = F["psv"] if F["psv"] and F["psv"]["year"] < year else None
    found += under("## " + t("Faktaark"), fact_sheet(F, s.status_start_year, previous_psv))
    found += under("## 4. " + t("Utviklingen i karakterene"), trend_block(F["psv_trend"]))
    found += under("## 5. " + t("Vurderingsskjema for %(year)s", year=year), scoring_form(F))
    light = lights(F["goals"])
    attained = (
        [
            nt(
                "Av %(num)s målbart mål er %(met)s allerede nådd. Per %(day)s har %(green)s av målene grønt, "
                "%(yellow)s gult og %(red)s rødt lys.",
                "Av %(num)s målbare mål er %(met)s allerede nådd. Per %(day)s har %(green)s av målene grønt, "
                "%(yellow)s gult og %(red)s rødt lys.",
                len(measurable),
                num=num(len(measurable)),
                met=sum(bool(g["met"]) for g in measurable),
                day=dato(as_of),
                green=light["grønn"],
                yellow=light["gul"],
                red=light["rød"],
            )
        ]
        if measurable
        else []
    )
    found += under("### 2.1 " + t("Måloppnåelse"), attained + [e.text for e in goal_table(measurable, F, None)])
    found += under(
        "### 2.2 " + t("Arbeidsplasser"),
        [
            f"{year_results(F)} {since_start(F, s.status_start_year)}",
            *jobs_by_year(F),
            *jobs_by_source(F),
        ],
    )

    def companies(n: int) -> MarkdownText:
        return MarkdownText(nt("%(num)s ny bedrift", "%(num)s nye bedrifter", n, num=num(n)))

    found += under(
        "### 2.3 " + t("Nye bedrifter"),
        [
            t(
                "Prosjektene har bidratt til %(year_companies)s i %(year)s og %(all_companies)s siden starten i "
                "%(start)s.",
                year_companies=companies(F["companies"]["year"]),
                year=year,
                all_companies=companies(F["companies"]["cumulative"]),
                start=s.status_start_year,
            )
        ],
    )
    found += under(
        "### 2.4 " + t("Giring"),
        [
            t(
                "Prosjektene som er innvilget i %(year)s, har et samlet budsjett på %(budget)s mot %(support)s i "
                "støtte fra programmet, en giringsfaktor på %(ratio)s.",
                year=year,
                budget=kroner(leverage["total_budget"]),
                support=kroner(leverage["support"]),
                ratio=ratio(leverage["ratio"]),
            )
            if leverage["support"]
            else t(
                "Det er ikke innvilget prosjekter i %(year)s per %(day)s, så giringen for året kan ikke beregnes.",
                year=year,
                day=dato(as_of),
            ),
            t(
                "For hele perioden er giringsfaktoren %(ratio)s: %(budget)s i samlede prosjektbudsjetter mot "
                "%(support)s i støtte.",
                ratio=ratio(now["leverage_ratio"]),
                budget=kroner(now["total_budget"]),
                support=kroner(now["support"]),
            ),
            *funding(F),
        ],
    )
    share = dict(count=num(competence["count"]), num=num(competence["of"]), year=year, share=pct(competence["percent"]))
    if competence["of"]:
        competent = (
            nt(
                "Kompetanseheving er et vesentlig element i %(count)s av %(num)s prosjekt innvilget i %(year)s, det "
                "vil si %(share)s. Målet er minst %(target)s.",
                "Kompetanseheving er et vesentlig element i %(count)s av %(num)s prosjekter innvilget i %(year)s, det "
                "vil si %(share)s. Målet er minst %(target)s.",
                competence["of"],
                target=pct(competence["target"]),
                **share,
            )
            if competence["target"]
            else nt(
                "Kompetanseheving er et vesentlig element i %(count)s av %(num)s prosjekt innvilget i %(year)s, det "
                "vil si %(share)s.",
                "Kompetanseheving er et vesentlig element i %(count)s av %(num)s prosjekter innvilget i %(year)s, det "
                "vil si %(share)s.",
                competence["of"],
                **share,
            )
        )
    else:
        competent = (
            t(
                "Det er ikke innvilget prosjekter i %(year)s per %(day)s, så kompetanseandelen kan ikke beregnes "
                "(målet er minst %(target)s).",
                year=year,
                day=dato(as_of),
                target=pct(competence["target"]),
            )
            if competence["target"]
            else t(
                "Det er ikke innvilget prosjekter i %(year)s per %(day)s, så kompetanseandelen kan ikke beregnes.",
                year=year,
                day=dato(as_of),
            )
        )
    found += under("### 2.5 " + t("Kompetanseheving"), [competent])
    found += under(
        "### 2.6 " + t("Prosjekter per tiltak"),
        strategy_table(F) + portfolio_table(F, s.status_start_year) + without_results(F),
    )
    found += under("### 2.7 " + t("Budsjettbruk"), budget_table(F))
    found += under("### 2.8 " + t("Styrets arbeid"), meetings_block(F, until=as_of))
    found += under("### 2.9 " + t("Avvik"), deviation_table(F["deviations"], F))
    psv = F["psv"]
    previous = "## 3. " + t("Forrige programstatusvurdering")
    if psv and psv["year"] < year:
        total = len(psv["recommendations"])
        # psv-grunnlag.md.j2 subtracts the open recommendations from all of them.
        said = dict(num=num(total), year=psv["year"], done=total - psv["open_recommendations"])
        follow_up = (
            [
                nt(
                    "Av %(num)s anbefaling fra vurderingen for %(year)s er %(done)s fulgt opp, og %(open)s er "
                    "fortsatt under oppfølging.",
                    "Av %(num)s anbefalinger fra vurderingen for %(year)s er %(done)s fulgt opp, og %(open)s er "
                    "fortsatt under oppfølging.",
                    total,
                    open=psv["open_recommendations"],
                    **said,
                )
                if psv["open_recommendations"]
                else nt(
                    "Av %(num)s anbefaling fra vurderingen for %(year)s er %(done)s fulgt opp.",
                    "Av %(num)s anbefalinger fra vurderingen for %(year)s er %(done)s fulgt opp.",
                    total,
                    **said,
                )
            ]
            if total
            else []
        )
        found += under(previous, psv_block(psv, year, F["psv_scores"]) + follow_up)
    elif psv:
        found += under(previous, psv_block(psv, year, F["psv_scores"]))
    found += under("## " + t("Vedlegg: prosjektliste"), project_list(F["appendix"], F["appendix_omitted"]))
    found += under("## " + t("Definisjoner"), definitions(F))
    return found


PROPOSAL_TOPICS = {
    "mål": "Mål som ikke er nådd",
    "tiltak": "Tiltak som ikke har nådd måltallet",
    "midler": "Ubrukte midler",
    "psv": "Oppfølging av programstatusvurderingen",
    "avvik": "Avvik uten tiltak",
    "resultater": "Resultatrapportering",
    "videreføring": "Videreføring",
}
"""The seminar basis's proposals by topic, in the order it gives them (the headings as the template marks them)."""


def seminar_proposals(d: Document) -> list[Expect]:
    """seminargrunnlag.md.j2 derives numbered proposals from the figures; it subtracts a goal's result from its
    target, works out the unused share of a budget line, and negates an overrun. The same arithmetic here. Each
    proposal stands under its topic's heading."""
    F, year, as_of = d.figures, d.year, d.as_of
    next_year, psv = year + 1, F["psv"]
    items: list[tuple[str, str]] = []
    for g in (g for g in F["goals"] if not g["qualitative"] and g["light"] in ("gul", "rød")):
        label = (
            " " + g["metric_label"]
            if g["metric"] in ("arbeidsplasser", "nye-bedrifter", "samarbeidsprosjekter")
            else ""
        )
        facts = dict(
            goal=g["text"].rstrip("."),
            day=dato(as_of),
            actual=maltall(g["actual"], g["unit"]),
            target=maltall(g["target"], g["unit"]),
            share=pct(g["share"]),
            next=next_year,
        )
        first, last = g["period"]
        if (
            last > year
            and g["comparator_key"] == "minst"
            and g["unit"] != "%"
            and g["actual"] is not None
            and g["actual"] < g["target"]
        ):
            text = t(
                "Målet «%(goal)s» står per %(day)s på %(actual)s av %(target)s (%(share)s). For å nå målet for "
                "%(period)s må det komme %(missing)s til innen utgangen av %(end)s. Handlingsplanen for %(next)s bør "
                "vise hvordan dette skal nås.",
                period=f"{first}–{last}",
                missing=maltall(g["target"] - g["actual"], g["unit"]) + label,
                end=last,
                **facts,
            )
        else:
            text = t(
                "Målet «%(goal)s» står per %(day)s på %(actual)s av %(target)s (%(share)s). Styret bør ta stilling til "
                "om målet skal videreføres, justeres eller følges opp med nye tiltak i %(next)s.",
                **facts,
            )
        items.append(("mål", text))
    for st in (st for st in F["strategies"] if st["met"] is False):
        items.append(
            (
                "tiltak",
                nt(
                    "Tiltak %(number)s «%(name)s» har %(count)s av %(num)s prosjekt i %(year)s. Vurder om tiltaket skal "
                    "videreføres med samme måltall, endres eller avsluttes i %(next)s.",
                    "Tiltak %(number)s «%(name)s» har %(count)s av %(num)s prosjekter i %(year)s. Vurder om tiltaket "
                    "skal videreføres med samme måltall, endres eller avsluttes i %(next)s.",
                    st["count_target"],
                    number=st["number"],
                    name=st["name"].rstrip("."),
                    count=st["count"],
                    num=num(st["count_target"]),
                    year=year,
                    next=next_year,
                ),
            )
        )
    for line in (x for x in F["budget"]["spending"] if x["left"] is not None and x["left"] != 0):
        if line["left"] > 0:
            text = t(
                "Av «%(line)s» er %(left)s (%(share)s av budsjettet) ikke disponert per %(day)s. Styret bør ta stilling "
                "til om midlene skal overføres til %(next)s, og i så fall til hvilket innsatsområde.",
                line=line["label"],
                left=kroner(line["left"]),
                share=pct(line["left"] * 100 / line["budget"]),
                day=dato(as_of),
                next=next_year,
            )
        else:
            text = t(
                "«%(line)s» er overskredet med %(over)s per %(day)s. Budsjettet for %(next)s bør ta høyde for dette.",
                line=line["label"],
                over=kroner(-line["left"]),
                day=dato(as_of),
                next=next_year,
            )
        items.append(("midler", text))
    for r in psv["recommendations"] if psv else []:
        if r["status_key"] != "fulgt-opp":
            items.append(
                (
                    "psv",
                    t(
                        "Anbefaling %(number)s fra programstatusvurderingen for %(year)s («%(text)s») har status "
                        "«%(status)s» og bør innarbeides i handlingsplanen for %(next)s.",
                        number=r["number"],
                        year=psv["year"],
                        text=r["text"].rstrip("."),
                        status=r["status"],
                        next=next_year,
                    ),
                )
            )
    for x in F["deviations"]:
        if is_open(x) and x["needs_explanation"]:
            goal = next((g for g in F["goals"] if g["key"] == x["subject"]), None)
            text = goal["text"] if goal and x["detail"] == x["subject"] else x["detail"]
            items.append(
                (
                    "avvik",
                    t(
                        "Avviket «%(deviation)s» mangler årsak eller tiltak. Programleder bør beskrive årsaken, og "
                        "styret bør fastsette tiltak som tas inn i handlingsplanen.",
                        deviation=text.rstrip("."),
                    ),
                )
            )
    missing = F["projects_without_results"]
    if missing:
        items.append(
            (
                "resultater",
                nt(
                    "I alt %(num)s avsluttet prosjekt har ikke rapportert resultater (%(numbers)s). Sluttrapportene bør "
                    "følges opp, slik at programmets bidrag til arbeidsplasser kommer fram.",
                    "I alt %(num)s avsluttede prosjekter har ikke rapportert resultater (%(numbers)s). Sluttrapportene "
                    "bør følges opp, slik at programmets bidrag til arbeidsplasser kommer fram.",
                    len(missing),
                    num=num(len(missing)),
                    numbers=", ".join(p["number"] for p in missing),
                ),
            )
        )
    if next_year == d.snapshot.status_end_year:
        items.append(
            (
                "videreføring",
                t(
                    "Året %(next)s er siste år med omstillingsstatus. Handlingsplanen bør inneholde en konkret plan for "
                    "hvordan arbeidet skal organiseres og finansieres etter %(next)s.",
                    next=next_year,
                ),
            )
        )
    found, n = [], 0
    for topic, heading in PROPOSAL_TOPICS.items():
        for item_topic, text in items:
            if item_topic == topic:
                n += 1
                found.append(Expect(f"**{t('Forslag %(n)s.', n=n)}** {text}", "### " + t(heading)))
    return found


def seminar_basis(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    next_year, leverage, psv = year + 1, F["leverage"], F["psv"]
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    status = "## 1. " + t("Status per %(day)s", day=dato(as_of))
    new = len(F["portfolio"]["new"])
    found = under(
        status,
        [
            nt(
                "Programmet har i %(year)s innvilget støtte til %(num)s nytt prosjekt med til sammen %(support)s i "
                "tilsagn og %(budget)s i samlede prosjektbudsjetter, en giringsfaktor på %(ratio)s.",
                "Programmet har i %(year)s innvilget støtte til %(num)s nye prosjekter med til sammen %(support)s i "
                "tilsagn og %(budget)s i samlede prosjektbudsjetter, en giringsfaktor på %(ratio)s.",
                new,
                year=year,
                num=num(new),
                support=kroner(leverage["support"]),
                budget=kroner(leverage["total_budget"]),
                ratio=ratio(leverage["ratio"]),
            )
            if new
            else t(
                "Programmet har ikke innvilget støtte til noen nye prosjekter i %(year)s per %(day)s.",
                year=year,
                day=dato(as_of),
            ),
            *results(F, s.status_start_year),
            *key_figures(F, s.status_start_year),
        ],
    )
    found += under("### " + t("Måloppnåelse"), [e.text for e in goal_table(measurable, F, None)])
    found += under("### " + t("Tiltakene i handlingsplanen for %(year)s", year=year), strategy_table(F))
    found += under("### " + t("Økonomi"), budget_table(F))
    open_recommendations = (
        [
            t(
                "Av anbefalingene er %(open)s ikke fulgt opp fullt ut, og de må følges opp i handlingsplanen for "
                "%(next)s.",
                open=psv["open_recommendations"],
                next=next_year,
            )
        ]
        if psv and psv["open_recommendations"]
        else []
    )
    found += under(
        "## 2. " + t("Programstatusvurderingen"),
        (psv_block(psv, year, F["psv_scores"]) if psv else []) + open_recommendations,
    )
    open_deviations = [x for x in F["deviations"] if is_open(x)]
    found += under(
        "## 3. " + t("Åpne avvik"),
        [
            nt(
                "Per %(day)s er det %(num)s åpent avvik. Åpne avvik føres videre til de er lukket, og tiltakene bør "
                "gjenspeiles i handlingsplanen for %(next)s.",
                "Per %(day)s er det %(num)s åpne avvik. Åpne avvik føres videre til de er lukket, og tiltakene bør "
                "gjenspeiles i handlingsplanen for %(next)s.",
                len(open_deviations),
                day=dato(as_of),
                num=num(len(open_deviations)),
                next=next_year,
            ),
            *deviation_table(open_deviations, F),
        ]
        if open_deviations
        else [t("Det er ingen åpne avvik per %(day)s.", day=dato(as_of))],
    )
    found += seminar_proposals(d)
    found += under("## 5. " + t("Styrets arbeid i %(year)s", year=year), meetings_block(F, until=as_of))
    return found


def action_plan(d: Document) -> list[Expect]:
    F, s, year, as_of = d.figures, d.snapshot, d.year, d.as_of
    next_year, budget, now, psv = year + 1, F["budget"], F["portfolio"]["now"], F["psv"]
    areas = len(F["focus_areas"])
    found = under(
        "#### 1.1.1 " + t("Kort om programmet"),
        [
            nt(
                "Arbeidet er organisert i %(num)s innsatsområde: %(areas)s.",
                "Arbeidet er organisert i %(num)s innsatsområder: %(areas)s.",
                areas,
                num=num(areas),
                areas="\x00",
            ).split("\x00")[0]
        ],
    )
    results_heading = "#### 1.1.2 " + t("Resultater og måloppnåelse")
    counted = dict(finished=num(now["finished"]), running=num(now["running"]))
    found += under(
        results_heading,
        [
            nt(
                "Fra starten i %(start)s og fram til %(day)s er det iverksatt i alt %(num)s utviklingsprosjekt med en "
                "samlet prosjektstøtte på %(support)s.",
                "Fra starten i %(start)s og fram til %(day)s er det iverksatt i alt %(num)s utviklingsprosjekter med "
                "en samlet prosjektstøtte på %(support)s.",
                now["started"],
                start=s.status_start_year,
                day=dato(as_of),
                num=num(now["started"]),
                support=kroner(now["support"]),
            )
            + " "
            + (
                nt(
                    "Av disse er %(finished)s avsluttet og %(running)s pågår, mens %(num)s ikke er gjennomført.",
                    "Av disse er %(finished)s avsluttet og %(running)s pågår, mens %(num)s ikke er gjennomført.",
                    now["not_carried_out"],
                    num=num(now["not_carried_out"]),
                    **counted,
                )
                if now["not_carried_out"]
                else t("Av disse er %(finished)s avsluttet og %(running)s pågår.", **counted)
            )
            + " "
            + t(
                "Prosjektene har en samlet prosjektramme for bedriftene på %(budget)s, som gir en giringsfaktor på "
                "%(ratio)s.",
                budget=kroner(now["total_budget"]),
                ratio=ratio(now["leverage_ratio"]),
            )
            + " "
            + t(
                "Bedriftene har i tillegg rapportert tilleggsinntekter på %(revenue)s under og etter gjennomføringen.",
                revenue=kroner(now["extra_revenue"]),
            ),
            f"{since_start(F, s.status_start_year)} {year_results(F)}",
        ]
        if now["started"]
        else [t("Programmet har ikke iverksatt noen prosjekter per %(day)s.", day=dato(as_of))],
    )
    measurable = [g for g in F["goals"] if not g["qualitative"]]
    found += under(
        results_heading,
        portfolio_table(F, s.status_start_year) + [e.text for e in goal_table(measurable, F, None)] + strategy_table(F),
    )
    if psv:
        found += under(
            "#### 1.1.3 " + t("Programstatusvurdering %(year)s", year=psv["year"]),
            psv_block(psv, year, F["psv_scores"])
            + (
                [
                    t(
                        "Av anbefalingene er %(open)s ikke fulgt opp fullt ut. De følges opp gjennom tiltakene i denne "
                        "planen.",
                        open=psv["open_recommendations"],
                    )
                ]
                if psv["open_recommendations"]
                else []
            ),
        )
    open_deviations = [x for x in F["deviations"] if is_open(x)]
    found += under(
        "#### 1.1.4 " + t("Avvik som føres videre"),
        [
            nt(
                "Åpne avvik føres videre til %(next)s og følges opp på styremøtene til de er lukket. Per %(day)s er det "
                "%(num)s åpent avvik:",
                "Åpne avvik føres videre til %(next)s og følges opp på styremøtene til de er lukket. Per %(day)s er det "
                "%(num)s åpne avvik:",
                len(open_deviations),
                next=next_year,
                day=dato(as_of),
                num=num(len(open_deviations)),
            ),
            *deviation_table(open_deviations, F),
        ]
        if open_deviations
        else [t("Det er ingen åpne avvik å føre videre per %(day)s.", day=dato(as_of))],
    )

    def carried(g: dict[str, Any]) -> str:
        if g["period"][1] >= next_year:
            return t("%(target)s (gjelder til og med %(end)s)", target=target(g), end=g["period"][1])
        return t("*Videreført fra %(year)s: %(target)s – må justeres*", year=year, target=target(g))

    programme_goals = [g for g in measurable if not g["focus_area"]]
    found += under(
        "## 2 " + t("Mål for omstillingsprogrammet"),
        [
            f"| {esc(g['text'])} | {target(g)} | {maltall(g['actual'], g['unit'])} | {carried(g)} |"
            for g in programme_goals
        ],
    )
    for index, area in enumerate(F["focus_areas"], start=1):
        heading = area_heading(area, f"### 3.{index} ")
        goals = [g for g in measurable if g["focus_area"] and g["focus_area"]["number"] == area["number"]]
        rows = [
            f"| {esc(g['text'])} | {target(g)}"
            + (f" ({goal_period(g)})" if g["period"][0] != g["period"][1] else "")
            + f" | {maltall(g['actual'], g['unit'])} | {carried(g)} |"
            for g in goals
        ]
        for st in (x for x in F["strategies"] if x["focus_area"] and x["focus_area"]["number"] == area["number"]):
            if st["count_target"] is not None:
                goal = (
                    MarkdownText(esc(st["target_text"]))
                    if st["target_text"]
                    else MarkdownText(
                        nt(
                            "minst %(num)s prosjekt",
                            "minst %(num)s prosjekter",
                            st["count_target"],
                            num=num(st["count_target"]),
                        )
                    )
                )
                said = dict(year=year, goal=goal, num=num(st["count"]), target=num(st["count_target"]))
                rows.append(
                    nt(
                        "Måltall (videreført fra %(year)s, må justeres): %(goal)s. Resultat i %(year)s: %(num)s prosjekt "
                        "mot et mål på %(target)s – målet er nådd.",
                        "Måltall (videreført fra %(year)s, må justeres): %(goal)s. Resultat i %(year)s: %(num)s "
                        "prosjekter mot et mål på %(target)s – målet er nådd.",
                        st["count"],
                        **said,
                    )
                    if st["met"]
                    else nt(
                        "Måltall (videreført fra %(year)s, må justeres): %(goal)s. Resultat i %(year)s: %(num)s prosjekt "
                        "mot et mål på %(target)s – målet er ikke nådd.",
                        "Måltall (videreført fra %(year)s, må justeres): %(goal)s. Resultat i %(year)s: %(num)s "
                        "prosjekter mot et mål på %(target)s – målet er ikke nådd.",
                        st["count"],
                        **said,
                    )
                )
        found += under(heading, rows)
    plan = F["next_budget"] if F["next_budget"]["has_budget"] else None
    frame = (
        frame_budget(plan, t("Rammebudsjett %(year)s", year=next_year))
        if plan
        else frame_budget(budget, t("Rammebudsjett %(year)s (utgangspunkt for %(next)s)", year=year, next=next_year))
        if budget["has_budget"]
        else []
    )
    if budget["has_budget"]:
        frame.append(
            t(
                "Per %(day)s er %(granted)s av prosjektmidlene på %(total)s for %(year)s innvilget.",
                day=dato(as_of),
                granted=kroner(budget["granted_total"]),
                total=kroner(budget["project_budget_total"]),
                year=year,
            )
        )
        if budget["left"] > 0:
            frame.append(
                t(
                    "Det står %(left)s ubrukt, som etter vedtak i styret kan legges til rammen for %(next)s.",
                    left=kroner(budget["left"]),
                    next=next_year,
                )
            )
        elif budget["left"] < 0:  # handlingsplan.md.j2 negates the overrun
            frame.append(
                t(
                    "Prosjektmidlene for %(year)s er overskredet med %(over)s, og det må det tas høyde for i rammen for "
                    "%(next)s.",
                    year=year,
                    over=kroner(-budget["left"]),
                    next=next_year,
                )
            )
    found += under("## 4 " + t("Rammebudsjett for %(next)s", next=next_year), frame)
    found += under("## " + t("Definisjoner"), definitions(F))
    return found


def final_evaluation(d: Document) -> list[Expect]:
    """sluttevaluering.md.j2: the data pack's summary, each table and sentence from `figures.evaluation`."""
    F = d.figures
    e = F["evaluation"]
    p, totals = e["period"], e["period"]["totals"]

    def kr_or(value: int | None) -> str:
        return kr(value) if value is not None else t("ikke registrert")

    found = under(
        "### " + t("1.1 Omstillingsorganisasjonen"),
        [
            f"| {m['year']} | "
            + (
                f"{num(m['held'])} | {num(m['seminars'])}"
                if m["held"] is not None
                else f"{t('ikke registrert')} | {t('ikke registrert')}"
            )
            + " |"
            for m in e["meetings"]
        ],
    )
    r = e["resource_totals"]
    found += under(
        "### " + t("1.2 Samlet ressursbruk"),
        [
            f"| {x['year']} | {kr(x['support'])} | {kr_or(x['administration'])} | {kr(x['own'])} | "
            f"{kr(x['other'])} | {kr(x['total'])} |"
            for x in e["resources"]
        ]
        + [
            (
                f"| **{t('Sum')}** | **{kr(r['support'])}** | **{kr(r['administration'])}** | **{kr(r['own'])}** | "
                f"**{kr(r['other'])}** | **{kr(r['total'])}** |"
            )
        ],
    )

    def level(g: dict[str, Any]) -> str:
        if g["level"] == "strategy":
            return t("Tiltak %(number)s", number=g["strategy"])
        if g["level"] == "focus_area":
            return t("Innsatsområde %(number)s", number=g["focus_area"]["number"])
        return t("Programmet")

    def period(g: dict[str, Any]) -> str:
        first, last = g["period"]
        return str(first) if first == last else f"{first}–{last}"

    counts = e["goal_counts"]
    found += under(
        "### " + t("2.1 Målhierarkiet"),
        [
            t(
                "Av %(quantitative)s kvantitative mål er %(met)s nådd ved periodens slutt; %(qualitative)s mål er "
                "kvalitative, og vurderingen av dem er evaluators.",
                quantitative=counts["quantitative"],
                met=counts["met"],
                qualitative=counts["qualitative"],
            ),
            *(
                f"| {level(g)} | {esc(g['text'])} | {period(g)} | "
                + (t("kvalitativt") if g["qualitative"] else target(g))
                + f" | {'–' if g['qualitative'] else maltall(g['actual'], g['unit'])} | "
                + ("–" if g["met"] is None else t("ja") if g["met"] else t("ikke ennå") if g["running"] else t("nei"))
                + " |"
                for g in e["hierarchy"]
            ),
        ]
        if e["hierarchy"]
        else [t("Programmet har ingen mål registrert i perioden.")],
    )
    found += under(
        "### " + t("2.2 Regnskapsanalyse"),
        [
            f"| {y['year']} | {kr_or(y['budget_spending'])} | {kr_or(y['spent'])} | {kr_or(y['received'])} | "
            f"{kr(y['support'])} | {kr(y['paid'])} |"
            for y in p["years"]
        ]
        + [
            (
                f"| **{t('Sum')}** | **{kr(totals['budget_spending'])}** | **{kr(totals['spent'])}** | "
                f"**{kr(totals['received'])}** | **{kr(totals['support'])}** | **{kr(totals['paid'])}** |"
            )
        ]
        + [
            f"| {a['year']} | {t('Innsatsområde %(number)s: %(name)s', **a['focus_area'])} | {num(a['projects'])} | "
            f"{kr(a['support'])} | {kr(a['paid'])} |"
            for a in e["by_area"]
        ],
    )
    found += under(
        "### " + t("2.3 Sysselsetting og arbeidsledighet"),
        [
            f"| {y['year']} | {num(y['new_jobs'])} | {num(y['secured_jobs'])} | {num(y['jobs'])} | "
            f"{'–' if y['jobs_target'] is None else num(y['jobs_target'])} |"
            for y in p["years"]
        ]
        + [
            (
                f"| **{t('Sum')}** | **{num(totals['new_jobs'])}** | **{num(totals['secured_jobs'])}** | "
                f"**{num(totals['jobs'])}** | |"
            ),
            nt(
                "Arbeidsplassene er rapportert av %(num)s bedrift; arbeidsboken har dem per bedrift (med "
                "organisasjonsnummer) og år.",
                "Arbeidsplassene er rapportert av %(num)s bedrifter; arbeidsboken har dem per bedrift (med "
                "organisasjonsnummer) og år.",
                e["companies_with_results"],
                num=num(e["companies_with_results"]),
            ),
        ],
    )
    found += under(
        "### " + t("2.4 Andre indikatorer"),
        [
            f"| {o['year']} | {num(o['new_companies'])} | {kr(o['extra_revenue'])} | {ratio(o['leverage_ratio'])} | "
            f"{pct(o['competence_percent'])} | {num(o['cooperation'])} |"
            for o in e["others"]
        ],
    )
    found += under(
        "## " + t("3 Utviklingsevnen som blir igjen"),
        [
            nt(
                "Ved periodens slutt er %(num)s prosjekt ikke registrert som avsluttet, med %(unpaid)s i tilsagn som "
                "ennå ikke er utbetalt.",
                "Ved periodens slutt er %(num)s prosjekter ikke registrert som avsluttet, med %(unpaid)s i tilsagn "
                "som ennå ikke er utbetalt.",
                len(p["running"]),
                num=num(len(p["running"])),
                unpaid=kroner(p["unpaid_total"]),
            )
            if p["running"]
            else t("Alle prosjekter er avsluttet ved periodens slutt.")
        ],
    )
    found += under(
        "## " + t("4 Læring fra programstatusvurderingene"),
        [
            f"| {a['year']} | {a['form_label']} | {len(a['recommendations'])} | {num(a['followed_up'])} |"
            for a in e["psv"]
        ]
        + trend_block(F["psv_trend"])
        if e["psv"]
        else [t("Det er ikke registrert noen programstatusvurdering i perioden.")],
    )
    found += under(
        "## " + t("5 Prosjektene"),
        [f"| {esc(x['status'].capitalize())} | {num(x['count'])} |" for x in e["by_status"]]
        if e["by_status"]
        else [t("Programmet har ingen prosjekter registrert.")],
    )
    found += under("## " + t("Definisjoner"), definitions(F))
    return found


EXPECTED = {
    DocumentKind.ANNUAL_REPORT: annual_report,
    DocumentKind.HALF_YEAR_REPORT: half_year_report,
    DocumentKind.BOARD_REPORT: board_report,
    DocumentKind.APPLICATION: application,
    DocumentKind.PSV_FACTS: psv_facts,
    DocumentKind.SEMINAR_BASIS: seminar_basis,
    DocumentKind.ACTION_PLAN: action_plan,
    DocumentKind.FINAL_EVALUATION: final_evaluation,
}


def expected(d: Document) -> list[Expect]:
    """What the document must show, in its written standard."""
    with speaking(d.standard):
        return EXPECTED[d.kind](d)


# --- (b) Every number token, explained ----------------------------------------------------------------------

UNIT = r"(?:\u00a0(?:%|kroner\b|kr\b|mill\.\u00a0kr\b))?"
TOKEN = re.compile(r"(?<![\w\u00a0])\d+(?:\u00a0\d{3})*(?:,\d+)?" + UNIT)
"""A number as the filters write it: digits, thousands after a no-break space, a decimal comma, and its unit."""


def months() -> str:
    """The months' names in the current written standard (Babel's nb or nn)."""
    return "|".join(formatting.month_name(month) for month in range(1, 13))


def weekdays() -> str:
    """«mandag» … «søndag», «måndag» … «søndag»: the weekdays in the current written standard."""
    return "|".join(formatting.date_with_weekday(date(2014, 6, 16 + i)).split()[0] for i in range(7))


def around(text: str, name: str, pattern: str) -> str:
    """A marked text's words on either side of `%(name)s`, in the current standard, as a pattern with `pattern` in
    its place (up to the next placeholder): «Anbefaling \\d+ fra programstatusvurderingen for»."""
    message = language.gettext(text)
    before, after = message.split(f"%({name})s", 1)
    before = re.split(r"%\(\w+\)s", before)[-1]
    after = re.split(r"%\(\w+\)s", after)[0]
    return re.escape(before) + pattern + re.escape(after)


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
    indicators_by_number = (
        around("Prosessindikator %(n)s", "n", r"\d+") + "|" + around("Effektindikator %(n)s", "n", r"\d+")
    )
    return [
        ("the data's own wording", alternatives(esc(v) for v in variants)),
        # The PSV's indicator sets say how many indicators of each kind they have (12: 6 + 6; 8: 4 + 4).
        ("an indicator set's name", alternatives(esc(form.label) for form in PsvForm)),
        ("an indicator named by its kind and number", re.compile(indicators_by_number)),
        # The evaluation's goal hierarchy names a focus area's goals by the area's number.
        ("a focus area's number", re.compile(around("Innsatsområde %(number)s", "number", rf"(?:{areas})\b"))),
        (
            "a project, case or strategy number",
            re.compile(
                r"(?<![\d.])(?:"
                + "|".join(re.escape(esc(i)) for i in sorted(set(identifiers), key=len, reverse=True))
                + r")(?![\d])"
            ),
        ),
        # Dates, long (30. juni 2014, 1. januar) and short (30.06.2014); never figures.
        (
            "a date",
            re.compile(
                rf"(?:(?:{weekdays()}) )?\b\d{{1,2}}\. (?:{months()})(?: \d{{4}})?|\b\d{{2}}\.\d{{2}}\.\d{{4}}\b"
            ),
        ),
        ("a year", re.compile(r"(?<![\d\u00a0,])(?:" + "|".join(map(str, years)) + r")(?!\d|[\u00a0,]\d)")),
        # The numbering of headings (## 1. Søknaden, #### 1.1.2 Resultater, ### 3.2 Innsatsområde ...).
        ("a heading's number", re.compile(r"(?m)^#+ \d+(?:\.\d+)*\.?(?= )")),
        # A focus area's number: "Innsatsområde 2: …" in headings, "2. Attraktivitet …" where the areas are listed.
        (
            "a focus area's number",
            re.compile(
                around("Innsatsområde %(number)s: %(name)s", "number", rf"(?:{areas})\b")
                + rf"|\b(?:{areas})\. (?:{names})"
            ),
        ),
        # The half-years of the quota periods and the half-year report (1. halvår, 2. halvår).
        # The half-years of the quota periods and the half-year report (1. halvår, 2. halvår: one word in both).
        ("a half-year", re.compile(r"\b[12]\. halvår")),
        # The application's numbered list of attachments (1. Årsrapport 2013 ...).
        ("a list item's number", re.compile(r"(?m)^\d\. (?=\S)")),
        # The seminar basis numbers its proposals, and names a PSV recommendation by its number.
        ("a proposal's number", re.compile(r"\*\*" + around("Forslag %(n)s.", "n", r"\d+") + r"\*\*")),
        (
            "a recommendation's number",
            re.compile(
                around(
                    "Anbefaling %(number)s fra programstatusvurderingen for %(year)s («%(text)s») har status "
                    "«%(status)s» og bør innarbeides i handlingsplanen for %(next)s.",
                    "number",
                    r"\d+",
                )
            ),
        ),
    ]


def alternatives(texts) -> re.Pattern[str]:
    ordered = sorted(set(texts), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered) if ordered else r"(?!)")


ID_COLUMNS = {
    "Nr.": "a project's or PSV recommendation's number",
    "Sak": "a case number",
}
"""Table columns that hold identifiers, not figures: the digits in their cells are whitelisted. (The board report's
column of focus areas, once «Innsatsområde», is «Område»: its digits are figures, checked in their rows.)"""
ID_COLUMNS_REASON = "an identifier column (Nr., Sak)"


def id_cells(markdown: str) -> list[tuple[int, int]]:
    spans, offset, columns = [], 0, None
    for line in markdown.splitlines(keepends=True):
        if line.startswith("|"):
            cells = list(re.finditer(r"(?<=\|)[^|]*(?=\|)", line))
            if columns is None:
                named = {t(name) for name in ID_COLUMNS}  # in the current written standard
                columns = [i for i, c in enumerate(cells) if c.group().strip() in named]
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
        len([x for x in F["deviations"] if is_open(x)]),
        len([x for x in F["deviations"] if is_open(x) and x["period"] != str(d.year)]),
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
    """Check a document's Markdown (by default the one rendered) against the builder's figures in `d`, with the
    texts the templates write in the document's written standard."""
    with speaking(d.standard):
        return _check(d, markdown)


def _check(d: Document, markdown: str | None = None) -> Findings:
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
@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s.value)
def test_every_number_in_the_document_is_a_figure_of_the_builder_where_its_template_puts_it(
    documents, standard, programme, kind
):
    d = documents[standard, programme, kind]
    findings = check(d)
    assert not findings, f"{standard.word}, {programme}, {kind.value}:\n{findings.report()}"
    assert findings.checked >= 40, "every document shows its year's figures: fewer means the check looked nowhere"
    print(
        f"{standard.word} {programme} {kind.value}: {len(expected(d))} rows and sentences; {findings.checked} figure "
        "tokens "
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
@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s.value)
def test_each_deviation_states_the_figures_of_its_goal_or_budget_line(programmes, standard, programme):
    """A deviation's text carries figures (so far, expected, over or under budget): they are the builder's, in the
    words of the programme's written standard (the texts of core.indicators and core.sentences)."""
    snapshot = replace(programmes[programme], language=standard)

    def said(text: str, /, **values: Any) -> str:
        return language.gettext(text) % values

    def against(figure: int, budget: int) -> str:
        off = figure - budget
        share = pct(Fraction(100 * abs(off), budget))
        if off > 0:
            return said("%(amount)s (%(share)s) over budsjettet", amount=kr(abs(off)), share=share)
        return said("%(amount)s (%(share)s) under budsjettet", amount=kr(abs(off)), share=share)

    with speaking(standard):
        for as_of in sorted({as_of for as_of, _ in CASES.values()}):
            F = figures.build(snapshot, YEAR, as_of)
            goals = {g["key"]: g for g in F["goals"]}
            lines = {line["label"]: line for line in F["budget"]["spending"]}
            for x in F["deviations"]:
                goal = goals.get(x["subject"])
                if x["kind"] == "mål":
                    assert x["detail"] == said(
                        "%(goal)s Så langt %(actual)s, ventet %(expected)s.",
                        goal=goal["text"],
                        actual=num(goal["actual"]),
                        expected=num(round(float(goal["expected"]))),
                    )
                elif x["kind"] == "budsjett":
                    line = lines[x["subject"]]
                    # the accounts decide once they are in (in their own direction, and a project line says what
                    # was granted too); before that, what was granted
                    budget = line["budget"]
                    if line["spent"] is not None:
                        over = line["spent"] > budget
                        expected = said(
                            "%(label)s: overforbruk etter regnskapet, %(against)s (budsjett %(budget)s, regnskap "
                            "%(accounts)s)."
                            if over
                            else "%(label)s: underforbruk etter regnskapet, %(against)s (budsjett %(budget)s, "
                            "regnskap %(accounts)s).",
                            label=line["label"],
                            against=against(line["spent"], budget),
                            budget=kr(budget),
                            accounts=kr(line["spent"]),
                        )
                        if not line["direct"]:
                            expected += " " + said(
                                "Innvilget i %(year)s: %(granted)s, %(against)s.",
                                year=YEAR,
                                granted=kr(line["granted"]),
                                against=against(line["granted"], budget),
                            )
                    else:
                        over = line["granted"] > budget
                        expected = said(
                            "%(label)s: overforbruk i tilsagn, %(against)s (budsjett %(budget)s, innvilget %(granted)s)."
                            if over
                            else "%(label)s: underforbruk i tilsagn, %(against)s (budsjett %(budget)s, innvilget "
                            "%(granted)s).",
                            label=line["label"],
                            against=against(line["granted"], budget),
                            budget=kr(budget),
                            granted=kr(line["granted"]),
                        )
                    assert x["detail"] == expected
                    assert over == ((line["spent"] or line["granted"]) > budget)
                elif goal is not None:  # recorded by hand for a goal of the year: its figure so far
                    shown = kr(round(goal["actual"])) if goal["unit"] == "kr" else maltall(goal["actual"], goal["unit"])
                    assert x["detail"] == (
                        goal["text"]
                        if goal["actual"] is None
                        else said("%(goal)s Så langt %(actual)s.", goal=goal["text"], actual=shown)
                    )


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
@pytest.mark.parametrize("standard", STANDARDS, ids=lambda s: s.value)
def test_a_changed_figure_is_caught(documents, demo_snapshot, monkeypatch, standard, kind):
    """The document renders from a builder that gives one jobs figure wrong (the year's new jobs, which every
    document's sentences and tables show; the evaluation's data pack: the last year's new jobs of its own figures);
    the checks, holding the true figures, must fail: in place (the rows and sentences with the figure are not found)
    and, for a figure that no other figure explains, in the reverse direction too."""
    true = documents[standard, "demo", kind]
    assert not check(true), "the true document passes"
    demo_snapshot = true.snapshot  # the demo in this standard
    evaluation = kind is DocumentKind.FINAL_EVALUATION
    build = figures.evaluation if evaluation else figures.build

    def altered(change):
        if evaluation:

            def wrong_pack(snapshot, as_of):
                data = build(snapshot, as_of)
                data["period"]["years"][-1]["new_jobs"] = change(data["period"]["years"][-1]["new_jobs"])
                return data

            return wrong_pack

        def wrong(snapshot, year, as_of):
            data = build(snapshot, year, as_of)
            data["jobs"]["year"]["new"] = change(data["jobs"]["year"]["new"])
            return data

        return wrong

    name = "evaluation" if evaluation else "build"
    monkeypatch.setattr(figures, name, altered(lambda new: new + 1))
    off_by_one = check(true, render(demo_snapshot, kind))
    monkeypatch.setattr(figures, name, altered(lambda new: 987_654))
    unknown = check(true, render(demo_snapshot, kind))
    monkeypatch.undo()

    figure = (
        true.figures["evaluation"]["period"]["years"][-1]["new_jobs"]
        if evaluation
        else true.figures["jobs"]["year"]["new"]
    )
    shown = num(figure)
    assert any(re.search(rf"(?<![\d\u00a0]){shown}(?![\d\u00a0])", e.text) for e in off_by_one.missing), (
        off_by_one.report()
    )
    assert any(token == num(987_654) for token, _ in unknown.unexplained), unknown.report()


@pytest.mark.parametrize(
    "kind",
    [DocumentKind.PSV_FACTS, DocumentKind.ANNUAL_REPORT, DocumentKind.FINAL_EVALUATION],
    ids=lambda k: k.value,
)
def test_a_changed_psv_mean_is_caught_in_the_trend(documents, monkeypatch, kind):
    """The trend across the years is the builder's: a document rendered from a builder whose last process mean is a
    tenth higher (and says so in its sentence) fails the check of the true figures, at the means' row and at the
    sentence «Prosessindikatorene har i snitt gått opp fra 2,8 i 2012 til 3,8 i 2013.»"""
    true = documents[WrittenStandard.BOKMAL, "demo", kind]
    assert not check(true), "the true document passes"
    build = figures.build

    def wrong(snapshot, year, as_of):
        data = build(snapshot, year, as_of)
        last = data["psv_trend"]["means"][-1]
        last["process"] += Fraction(1, 10)
        for change in data["psv_trend"]["changes"]:
            if change["kind"] == "prosess":
                change["last"] = last["process"]
        return data

    monkeypatch.setattr(figures, "build", wrong)
    altered = check(true, render(true.snapshot, kind))
    monkeypatch.undo()

    trend = true.figures["psv_trend"]
    change = next(c for c in trend["changes"] if c["kind"] == "prosess")
    sentence = sentences.psv_change(
        "prosess", change["first_year"], change["first"], change["last_year"], change["last"]
    )
    assert sentence == "Prosessindikatorene har i snitt gått opp fra 2,8 i 2012 til 3,8 i 2013."
    missing = [e.text for e in altered.missing]
    assert sentence in missing, altered.report()
    assert any(text.startswith("| **Snitt prosessindikatorer** |") for text in missing), altered.report()


def test_a_figure_under_another_heading_or_outside_its_row_is_caught(documents):
    """The second programme's annual report with the focus areas' headings swapped: area 1's goals now stand under
    area 2's heading. And with a figure added in a sentence of its own: explained by a figure, but checked nowhere."""
    d = documents[WrittenStandard.BOKMAL, "to-innsatsomrader", DocumentKind.ANNUAL_REPORT]
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
    demo = check(documents[WrittenStandard.BOKMAL, "demo", kind], render(programmes["demo"], kind))
    second = check(
        documents[WrittenStandard.BOKMAL, "to-innsatsomrader", kind], render(programmes["to-innsatsomrader"], kind)
    )
    monkeypatch.undo()

    assert not demo, demo.report()
    goals = documents[WrittenStandard.BOKMAL, "to-innsatsomrader", kind].figures["goals"]
    goal = next(g for g in goals if g["key"] == "io1-arbeidsplasser-2014")
    assert [e.section for e in second.missing if e.text.startswith(f"| {esc(goal['text'])} |")] == [
        "### Innsatsområde 1: Nyskaping i næringslivet"
    ], second.report()
