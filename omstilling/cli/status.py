"""`omstilling status`: goals, strategies, budget and portfolio as tables a programme leader reads."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from omstilling.cli.common import (
    AsOfOption,
    JsonOption,
    ProgrammeOption,
    app,
    escape,
    load_programme,
    out,
    print_json,
    today,
    user_errors,
)

COMPARATOR_SIGNS = {"minst": "≥", "maks": "≤", "lik": "="}
LIGHTS = {"grønn": "[green]● grønn[/]", "gul": "[yellow]● gul[/]", "rød": "[red]● rød[/]", None: ""}
GOAL_TEXT_WIDTH = 60


@app.command()
@user_errors
def status(
    programme: ProgrammeOption = None,
    year: Annotated[
        int | None, typer.Option(min=1900, max=2100, help="Planår (standard: det siste med handlingsplan).")
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Programmets mål med måltall og resultat så langt, tiltak, budsjett og porteføljen før året."""
    from omstilling.core.periods import status_period
    from omstilling.core.status import programme_status
    from omstilling.messaging.invitations import timing

    snapshot = load_programme(programme)
    data = programme_status(snapshot, status_period(snapshot, today(), year, as_of))
    if as_json:
        print_json(data)
        return
    print_status(data, invitations=timing(snapshot).label)


def invitations_line(own: str | None, in_effect: str) -> str:
    """When the board's meetings first land in calendars, and whose choice that is."""
    whose = "programmets valg" if own else "installasjonens valg, OMSTILLING_INVITATIONS"
    return f"Kalenderinvitasjon til styremøtene: {in_effect} ({whose})."


def shorten(text: str, width: int = GOAL_TEXT_WIDTH) -> str:
    """A goal's text cut at a word boundary, with an ellipsis, when it is longer than `width`."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:.–- ")
    return cut + "…"


def goal_label(goal: dict[str, Any]) -> str:
    """Where the goal sits (IO1, 3.1.1 or programmet) and its text, shortened."""
    where = goal["strategy"] or (f"IO{goal['focus_area']}" if goal["focus_area"] else "Program")
    return f"[dim]{where}[/] {escape(shorten(goal['text']))}"


def _value(goal: dict[str, Any], value) -> str:
    from omstilling.core.formatting import mill_kr, number, percent

    if value is None:
        return "–"
    if goal["metric"] == "kompetanseandel":
        return percent(value)
    if goal["metric"] == "giring":
        return mill_kr(value, 2)
    return number(value)


def _target(goal: dict[str, Any]) -> str:
    if goal["target"] is None:
        return "kvalitativt"
    return f"{COMPARATOR_SIGNS.get(goal['comparator'], '')} {_value(goal, goal['target'])}".strip()


def print_status(data: dict[str, Any], *, invitations: str | None = None) -> None:
    """The status as tables, in Norwegian with Norwegian figures (`invitations`: when the board's meetings first
    land in calendars, in words, as `messaging.invitations.timing` decides for the programme)."""
    from rich.table import Table

    from omstilling.core.formatting import date_short, kr, number

    p = data["programme"]
    out.print(
        f"[bold]{escape(p['name'])}[/] ({p['slug']}) – {escape(p['municipality'])}, {escape(p['county'])} "
        f"({escape(p['county_short'])}), omstillingsstatus {p['status_years'][0]}–{p['status_years'][1]}"
    )
    if invitations:
        out.print(invitations_line(p.get("invitations"), invitations))
    out.print(f"Planår {data['year']}, tall per {date_short(_day(data['as_of']))}.\n")

    before = data["portfolio_before_year"]
    out.print(f"[bold]Status per {date_short(_day(before['on']))}[/]")
    out.print(
        f"  {before['projects_started']} prosjekter igangsatt, {before['projects_finished']} avsluttet, "
        f"{before['projects_running']} pågår, {before['projects_not_carried_out']} ikke gjennomført; "
        f"støtte {kr(before['programme_support'])} til samlede prosjektbudsjetter {kr(before['total_project_budgets'])}"
        f" (giring {number(before['leverage_ratio'] or 0, 1)}); "
        f"{before['new_jobs']} nye + {before['secured_jobs']} sikrede = {before['jobs_total']} arbeidsplasser; "
        f"{before['new_companies']} nye bedrifter.\n"
    )

    goals = Table(title=f"Mål for {data['year']}", title_justify="left")
    goals.add_column("Mål", overflow="fold", ratio=1)
    for column in ("Måltall", "Så langt", "Status"):
        goals.add_column(column, no_wrap=True, justify="right" if column != "Status" else "left")
    for goal in data["goals"]:
        goals.add_row(goal_label(goal), _target(goal), _value(goal, goal["actual"]), LIGHTS[goal["light"]])
    out.print(goals)

    strategies = Table(title="Tiltak", title_justify="left")
    strategies.add_column("Nr.", no_wrap=True, min_width=5)
    strategies.add_column("Tiltak", overflow="fold", ratio=1)
    for column in ("Måltall", "Prosjekter", "Status"):
        strategies.add_column(column, no_wrap=True, justify="right" if column != "Status" else "left")
    for s in data["strategies"]:
        target = f"≥ {s['count_target']}" if s["count_target"] is not None else ""
        projects = "" if s["projects"] is None else str(s["projects"])
        met = {True: "[green]nådd[/]", False: "[red]ikke nådd[/]", None: ""}[s["met"]]
        strategies.add_row(s["number"], escape(shorten(s["name"])), target, projects, met)
    out.print(strategies)

    budget = data["budget"]
    table = Table(title=f"Budsjett {budget['year']}", title_justify="left")
    table.add_column("Linje", overflow="fold", ratio=1)
    for column in ("Budsjett", "Innvilget", "Utbetalt", "Regnskap"):
        table.add_column(column, justify="right", no_wrap=True)

    def amount(value: int | None) -> str:
        return "ikke registrert" if value is None else kr(value)

    for line in budget["income"]:
        table.add_row(escape(line["label"]), kr(line["amount"]), "", "", amount(line["received"]))
    table.add_row("[bold]Sum inntekter[/]", f"[bold]{kr(budget['income_total'])}[/]", "", "", "", end_section=True)
    for line in budget["spending"]:
        table.add_row(
            escape(line["label"]),
            kr(line["amount"]),
            amount(line["granted"]),
            amount(line["paid"]),
            amount(line["spent"]),
        )
    table.add_row("[bold]Sum ressursbruk[/]", f"[bold]{kr(budget['spending_total'])}[/]", "", "", "")
    out.print(table)

    if data["deviations"]:
        out.print("[bold]Avvik[/]")
        for deviation in data["deviations"]:
            missing = " [red](mangler årsak og tiltak)[/]" if deviation["needs_explanation"] else ""
            out.print(f"  {deviation['period']}: {escape(deviation['detail'])}{missing}")
    else:
        out.print("Ingen avvik utover toleransen.")
    for quota in data["quotas"]:
        out.print(f"{quota['period']}: {quota_sentence(quota)}")
    print_agenda(data["agenda"])


def print_agenda(seen: dict[str, Any]) -> None:
    """What comes next and what is overdue, from the year's agenda seen from the status's day."""
    from omstilling.core.formatting import date_short

    out.print(f"\n[bold]Neste i {seen['year']}, sett fra {date_short(_day(seen['as_of']))}[/]")
    if not seen["upcoming"]:
        out.print("  Ingenting mer i året.")
    for item in seen["upcoming"]:
        out.print(f"  {date_short(_day(item['date']))}  {escape(item['title'])} ({item['status']})")
        for line in item["missing"]:
            out.print(f"      [red]mangler:[/] {escape(line)}")
    out.print(f"[bold]Forfalt ({len(seen['overdue'])})[/]")
    if not seen["overdue"]:
        out.print("  Ingen.")
    for item in seen["overdue"]:
        out.print(f"  {date_short(_day(item['date']))}  {escape(item['title'])}")


def quota_sentence(quota: dict[str, Any]) -> str:
    """ "4 holdt og 0 planlagt av minst 3 styremøter: oppfylt"."""
    from omstilling.core.formatting import date_short

    text = (
        f"{quota['held']} holdt og {quota['planned']} planlagt av minst {quota['minimum']} styremøter: "
        f"[bold]{quota['state']}[/]"
    )
    if quota.get("last_call") and quota["state"] != "oppfylt":
        text += f"; siste dag å kalle inn til et møte: {date_short(_day(quota['last_call']))}"
    return text


def _day(iso: str):
    from datetime import date

    return date.fromisoformat(iso)
