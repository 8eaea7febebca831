"""The message commands: `remind` (the day's reminders, through the same job the tick runs) and `simulate`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from omstilling.cli.common import (
    AsOfOption,
    JsonOption,
    app,
    current_engine,
    err,
    escape,
    out,
    parse_date,
    print_json,
    user_errors,
)

OnlyProgramme = Annotated[str | None, typer.Option("--programme", "-p", help="Bare dette programmet (standard: alle).")]


@app.command()
@user_errors
def remind(
    as_of: AsOfOption = None,
    programme: OnlyProgramme = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Bare vis hva som ville blitt sendt; endre ingenting.")
    ] = False,
    digest: Annotated[bool, typer.Option("--digest", help="Én melding per person med alle dagens saker.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Planlegg påminnelsene for en dag (standard: i dag) og send dem, hver nøyaktig én gang."""
    from rich.table import Table

    from omstilling.app import reminders
    from omstilling.core.formatting import date_short
    from omstilling.messaging.texts import alert_sentence, role_label

    summary, configured = reminders.send_reminders(
        current_engine(), as_of=as_of, dry_run=dry_run, digest=digest, programme=programme
    )
    if as_json:
        print_json(summary.as_dict())
        return
    day = date_short(summary.as_of)
    table = Table(
        title=f"Påminnelser {day}" + (" (prøvekjøring: ingenting sendt)" if dry_run else ""), title_justify="left"
    )
    for column in ("Program", "Frist", "Hendelse", "Trinn", "Til"):
        table.add_column(column, overflow="fold")
    for item in summary.planned:
        channels = f" + {item['channels']} kanal{'er' if item['channels'] > 1 else ''}" if item["channels"] else ""
        table.add_row(
            item["programme"],
            date_short(date.fromisoformat(item["due"])),
            escape(item["title"]),
            item["step_name"],
            role_label(item["role"]) + channels,
        )
    out.print(table if summary.planned else f"Ingen påminnelser skal sendes {day}.")
    for item in summary.errors:
        err.print(
            f"feil: {item['programme']}: påminnelsene kunne ikke planlegges: {escape(item['error'])}; "
            "de andre programmene ble planlagt som vanlig"
        )
    for item in summary.unreachable:
        err.print(
            f"advarsel: {item['programme']}: ingen med e-postadresse har rollen {role_label(item['role'])} "
            f"({escape(item['title'])})"
        )
    if not dry_run:
        if not configured:
            err.print(
                "Påminnelsene er registrert, men ikke sendt: sett OMSTILLING_APPRISE_CONFIG til en apprise-fil (YAML)."
            )
        err.print(
            f"{summary.new_rows} nye i utboksen, {summary.sent} sendt, {summary.failed} feilet "
            f"({summary.gave_up} gitt opp), {summary.waiting} venter; {summary.cancelled} avbrutt fordi "
            f"fristen ikke lenger er åpen, {summary.expired} utløpt fordi det er for sent å sende dem."
        )
        if summary.invitations or summary.invitations_sent:
            err.print(f"Møteinvitasjoner: {summary.invitations} nye i utboksen, {summary.invitations_sent} sendt.")
        if summary.gave_up:
            err.print(alert_sentence(summary.as_dict()))


@app.command()
@user_errors
def simulate(
    start: Annotated[date, typer.Option("--from", parser=parse_date, metavar="ÅÅÅÅ-MM-DD", help="Første dag.")],
    end: Annotated[date, typer.Option("--to", parser=parse_date, metavar="ÅÅÅÅ-MM-DD", help="Siste dag.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Hvor dokumenter og meldinger skrives.")] = Path(
        "out/simulering"
    ),
    programme: OnlyProgramme = None,
    as_json: JsonOption = False,
) -> None:
    """Kjør årshjulet dag for dag over en periode: dokumenter og meldinger skrives til filer, ingen får noe."""
    from dataclasses import asdict

    from omstilling.app.simulation import simulate as run_simulation
    from omstilling.core.formatting import date_short
    from omstilling.errors import OmstillingError
    from omstilling.messaging.texts import role_label

    if end < start:
        raise OmstillingError("--to må være samme dag som eller etter --from")
    summary = run_simulation(current_engine(), start, end, out_dir, slug=programme)
    if as_json:
        print_json(asdict(summary))
        return
    out.print(
        f"Simulerte {date_short(start)}–{date_short(end)}: {len(summary.documents)} dokumenter, "
        f"{summary.reminders} påminnelser, {summary.notices} innkallinger til styremøter."
    )
    for role, count in summary.reminders_by_role.items():
        out.print(f"  {role_label(role)}: {count}")
    for doc in summary.documents:
        out.print(
            f"  {date_short(date.fromisoformat(doc['day']))} {doc['kind']} {doc['year']} ({escape(doc['reason'])})"
        )
    for warning in summary.quotas_at_risk:
        out.print(
            f"  {date_short(date.fromisoformat(warning['day']))} {warning['programme']} {warning['period']}: "
            f"{escape(warning['title'])} – {warning['state']}"
        )
    out.print(f"Meldinger: {escape(str(out_dir / 'meldinger'))}; dokumenter: {escape(str(out_dir / 'dokumenter'))}")
