"""`omstilling county-access`: the operator grants and takes away reading a county's programmes (the county's
officers). A programme's own data never grants this. `omstilling logout-everywhere`: the operator ends every web
session of an address at once."""

from __future__ import annotations

from typing import Annotated

import typer

from omstilling.cli.common import app, current_engine, err, escape, out, print_json, user_errors

county_access = typer.Typer(
    help="Hvem som kan lese alle programmene i en fylkeskommune (fylkets egne folk). Gis av "
    "driftsansvarlig her, aldri av et programs egne data.",
    no_args_is_help=True,
)
app.add_typer(county_access, name="county-access")

Email = Annotated[str, typer.Argument(metavar="EPOST", help="E-postadressen personen logger inn med.")]
County = Annotated[str, typer.Argument(metavar="FYLKESKOMMUNE", help="Fylkeskommunen, slik programmene oppgir den.")]


@county_access.command("grant")
@user_errors
def grant(
    email: Email,
    county: County,
    by: Annotated[str | None, typer.Option(help="Hvem som gir tilgangen (standard: brukeren).")] = None,
) -> None:
    """Gi EPOST lesetilgang til alle programmene i FYLKESKOMMUNE og fylkessiden."""
    import getpass

    from omstilling.app.access import grant_county

    granted = grant_county(current_engine(), email, county, by=by or getpass.getuser())
    err.print(
        f"{escape(granted.email)} kan nå lese alle programmene i {escape(granted.county)} "
        f"(gitt av {escape(granted.granted_by)} {granted.granted_at})."
    )


@county_access.command("revoke")
@user_errors
def revoke(email: Email, county: County) -> None:
    """Ta bort lesetilgangen EPOST har til programmene i FYLKESKOMMUNE (gjelder fra neste side personen åpner)."""
    from omstilling.app.access import revoke_county
    from omstilling.errors import NotFound

    if not revoke_county(current_engine(), email, county):
        raise NotFound(f"{email} har ingen lesetilgang til {county}")
    err.print(f"{escape(email)} kan ikke lenger lese programmene i {escape(county)}.")


@county_access.command("list")
@user_errors
def list_grants(as_json: Annotated[bool, typer.Option("--json", help="Skriv JSON.")] = False) -> None:
    """Hvem som kan lese hvilke fylkeskommuners programmer, og hvem som ga tilgangen."""
    from dataclasses import asdict

    from omstilling.app.access import county_grants

    grants = county_grants(current_engine())
    if as_json:
        print_json([asdict(g) for g in grants])
        return
    if not grants:
        err.print("Ingen har lesetilgang til en hel fylkeskommune.")
    for g in grants:
        out.print(f"{escape(g.county)}\t{escape(g.email)}\t{escape(g.granted_by)}\t{g.granted_at}")


@app.command("logout-everywhere")
@user_errors
def logout_everywhere(
    email: Email,
    by: Annotated[str | None, typer.Option(help="Hvem som logger ut (standard: brukeren).")] = None,
) -> None:
    """Avslutt alle innloggingene EPOST har i webappen, i alle nettlesere, med én gang. Rollene står: personen kan
    logge inn igjen (ta bort roller i programmets data, eller fylkestilgang med `county-access revoke`)."""
    import getpass
    from datetime import UTC, datetime

    from omstilling.app.sessions import log_out_everywhere

    count = log_out_everywhere(
        current_engine(), email, now=datetime.now(UTC), by=f"cli:{by or getpass.getuser()}", source="cli"
    )
    ended = (
        "ingen innlogginger var aktive"
        if count == 0
        else ("én innlogging er avsluttet" if count == 1 else f"{count} innlogginger er avsluttet")
    )
    err.print(f"{escape(email.strip())} er logget ut overalt: {ended}.")
