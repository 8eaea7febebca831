"""`omstilling decisions`: the decisions register (`omstilling.core.decisions`), as the web app's page *Vedtak*."""

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


@app.command()
@user_errors
def decisions(
    programme: ProgrammeOption = None,
    year: Annotated[
        int | None,
        typer.Option("--year", min=1900, max=2100, help="Bare vedtak fra møter i dette året (standard: alle år)."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Fritekst: saksnummer, tittel, vedtak, prosjektnummer eller oppfølging."),
    ] = None,
    only_open: Annotated[
        bool,
        typer.Option("--open", help="Bare vedtak med oppfølging som ikke er utført (kommende, i dag eller forfalt)."),
    ] = False,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Vedtaksregisteret: hvert vedtak styret har fattet, med møte, prosjekt og oppfølging med frist og status."""
    from omstilling.core import decisions as register
    from omstilling.core.periods import seen_period

    snapshot = load_programme(programme)
    period = seen_period(snapshot, today(), None, as_of)
    found = register.search(
        register.register(snapshot, period.as_of),
        search or "",
        year,
        register.FollowUpFilter.OPEN if only_open else None,
    )
    if as_json:
        print_json({"programme": snapshot.slug, "as_of": period.as_of, "decisions": [as_dict(d) for d in found]})
        return
    print_decisions(snapshot.name, period.as_of, found)


def as_dict(decision) -> dict[str, Any]:
    follow_up = decision.follow_up
    return {
        "number": decision.number,
        "title": decision.title,
        "kind": decision.kind.value,
        "meeting": decision.meeting,
        "meeting_held": decision.held,
        "decision": decision.decision,
        "project": decision.project,
        "follow_up": (
            {"what": follow_up.what, "role": follow_up.role, "due": follow_up.due, "state": follow_up.state.label}
            if follow_up
            else None
        ),
    }


def print_decisions(name: str, as_of, found) -> None:
    from rich.table import Table

    from omstilling.core.enums import Role
    from omstilling.core.formatting import date_short, date_with_weekday

    out.print(f"[bold]Vedtak – {escape(name)}[/]  [dim]sett fra {date_with_weekday(as_of)}[/]")
    if not found:
        out.print("Ingen vedtak passer.")
        return
    table = Table(show_lines=False)
    for column in ("Sak", "Møte", "Vedtak", "Prosjekt", "Oppfølging", "Frist", "Status"):
        table.add_column(column, no_wrap=column in ("Sak", "Møte", "Frist", "Status"))
    for d in found:
        f = d.follow_up
        role = (Role(f.role).label if f.role in Role._value2member_map_ else f.role) if f else ""
        table.add_row(
            d.number,
            date_short(d.meeting) + ("" if d.held else " (ikke markert holdt)"),
            f"[bold]{escape(d.title)}[/]\n{escape(d.decision)}",
            d.project or "–",
            f"{escape(f.what)} ({role})" if f else "–",
            date_short(f.due) if f else "–",
            f.state.label if f else "–",
        )
    out.print(table)
    out.print(f"{len(found)} vedtak.")
