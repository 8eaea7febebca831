"""`omstilling audit` (the audit trail, filtered) and `omstilling purge` (what the settings keep, and no more)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from omstilling.cli.common import JsonOption, app, current_engine, err, out, parse_date, print_json, user_errors

DayOption = Annotated[date | None, typer.Option(parser=parse_date, metavar="ÅÅÅÅ-MM-DD")]


@app.command("audit")
@user_errors
def audit_log(
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor", help="Hvem som handlet: hele eller deler av e-postadressen, cli:<bruker> eller prefect."
        ),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            "--action",
            help="Handlingen, f.eks. innlogging, frist-markert, arbeidsbok-importert, utkast-skrevet, "
            "dokument-lastet-ned, fylkestilgang-gitt, melding-gitt-opp.",
        ),
    ] = None,
    programme: Annotated[
        str | None, typer.Option("--programme", "-p", help="Bare hendelser i dette programmet (kortnavn).")
    ] = None,
    since: Annotated[
        date | None, typer.Option(parser=parse_date, metavar="ÅÅÅÅ-MM-DD", help="Fra og med denne dagen.")
    ] = None,
    until: Annotated[
        date | None, typer.Option(parser=parse_date, metavar="ÅÅÅÅ-MM-DD", help="Til og med denne dagen.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="Høyst så mange hendelser, de nyeste.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Vis revisjonsloggen: hvem gjorde hva, når og hvorfra, nyeste først."""
    from omstilling import clock
    from omstilling.app import audit

    found = audit.events(
        current_engine(), actor=actor, action=action, programme=programme, since=since, until=until, per_page=limit
    )
    if as_json:
        print_json([event.as_dict() for event in found.events])
        return
    if not found.events:
        err.print("Ingen hendelser i loggen passer.")
        return
    for event in found.events:  # one line each, tab between the fields: for grep and cut as much as for eyes
        local = event.at.astimezone(clock.zone())
        details = ", ".join(f"{key}: {value}" for key, value in event.detail.items())
        fields = (
            f"{local:%Y-%m-%d %H.%M.%S}",
            event.actor,
            event.source or "–",
            event.action,
            event.programme or "–",
            str(event.target or "–"),
            event.outcome,
            details,
        )
        out.print("\t".join(fields), markup=False, highlight=False, soft_wrap=True)
    if found.total > len(found.events):
        err.print(f"Viser de {len(found.events)} nyeste av {found.total} hendelser; --limit viser flere.")


@app.command("purge")
@user_errors
def purge(as_json: JsonOption = False) -> None:
    """Rydd: slett hendelser eldre enn OMSTILLING_AUDIT_DAYS fra loggen og tøm teksten i meldinger eldre enn
    OMSTILLING_MESSAGE_BODY_DAYS (den daglige kjøringen gjør det samme)."""
    from dataclasses import asdict

    from omstilling.app import audit

    done = audit.purge(current_engine())
    if as_json:
        print_json(asdict(done))
        return
    err.print(done.sentence)
