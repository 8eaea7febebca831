"""`omstilling person export|erase`: what is held about a person, as JSON; and erasing a person who has left."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from omstilling.cli.common import app, current_engine, err, escape, out, print_json, user_errors

person = typer.Typer(
    help="Personopplysninger: eksporter alt som er lagret om en person, eller slett en som har sluttet.",
    no_args_is_help=True,
)
app.add_typer(person, name="person")

Email = Annotated[str, typer.Argument(metavar="EPOST", help="Personens e-postadresse.")]


@person.command("export")
@user_errors
def export(
    email: Email,
    to: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="FIL", help="Skriv JSON-filen hit (bare eieren kan lese den) i stedet for på stdout."
        ),
    ] = None,
) -> None:
    """Skriv alt som er lagret om EPOST som JSON: personen, roller, kontaktdata, innloggingslenker og økter (uten
    nøkler), meldinger til personen og hendelser i loggen."""
    import json

    from omstilling.app.people import export_person
    from omstilling.store.files import write_atomically

    data = export_person(current_engine(), email)
    if to is None:
        print_json(data)
        return
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    write_atomically(to, text.encode(), mode=0o600)
    err.print(f"Skrev personopplysningene om {escape(data['email'])} til {escape(str(to))}.")


@person.command("erase")
@user_errors
def erase(
    email: Email,
    confirm: Annotated[
        bool,
        typer.Option(
            "--confirm", help="Slett virkelig (uten: bare vis hva som ville blitt slettet og hva som beholdes)."
        ),
    ] = False,
) -> None:
    """Slett personopplysningene om en som har sluttet: kontaktdata, innlogginger og økter, adressen i meldinger og
    i loggen. Navn og roller beholdes (programmets offentlige historikk, godkjente protokoller). Uten --confirm:
    en prøvekjøring."""
    from omstilling.app.people import erase_person

    erasure = erase_person(current_engine(), email, confirm=confirm)
    for line in erasure.words():
        out.print(line, markup=False, highlight=False, soft_wrap=True)
