"""The wheel's commands: the year's events (table, JSON, picture), the calendar feed, and marking a deadline."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from omstilling.cli.common import (
    AsOfOption,
    JsonOption,
    ProgrammeOption,
    YearOption,
    app,
    current_engine,
    err,
    escape,
    load_programme,
    out,
    parse_date,
    print_json,
    today,
    user_errors,
)
from omstilling.store.files import write_atomically


@app.command()
@user_errors
def wheel(
    programme: ProgrammeOption = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    picture: Annotated[
        Path | None,
        typer.Option("--picture", help="Tegn årshjulet til FIL.png eller FIL.svg i stedet for å liste det."),
    ] = None,
) -> None:
    """Årets frister, møter, styremøter og innkallinger med status sett fra en dag, og prognosen for
    styremøtekravet."""
    from datetime import date

    from rich.table import Table

    from omstilling.cli.status import quota_sentence
    from omstilling.core.enums import AgendaKind
    from omstilling.core.formatting import date_short, date_with_weekday
    from omstilling.core.periods import ended_note, seen_period
    from omstilling.core.wheel.view import wheel_json
    from omstilling.errors import OmstillingError

    snapshot = load_programme(programme)
    period = seen_period(snapshot, today(), year, as_of)
    if picture is not None:
        if picture.suffix.lower() not in (".png", ".svg"):
            raise OmstillingError(f"bildet må være en .png- eller .svg-fil, ikke «{picture.name}»")
        from omstilling.wheel.picture import draw_wheel  # matplotlib loads only when a picture is asked for

        draw_wheel(snapshot, period.year, picture, as_of=period.as_of)
        err.print(f"Tegnet årshjulet for {period.year} til {escape(str(picture))}.")
        return
    data = wheel_json(snapshot, period.year, period.as_of)
    if as_json:
        print_json(data)
        return
    if data["outside"]:
        out.print(escape(data["outside"]), soft_wrap=True)
        return
    ended = ended_note(snapshot, today(), period.year)
    if ended:
        out.print(escape(ended), soft_wrap=True)
    out.print(f"Sett fra {date_with_weekday(period.as_of)}.")
    table = Table(title=f"Årshjul {period.year} – {escape(snapshot.name)}", title_justify="left")
    table.add_column("Frist", no_wrap=True, min_width=11)
    table.add_column("Hendelse")
    table.add_column("Status", no_wrap=True, min_width=8)
    for event in data["events"]:
        due = date_short(date.fromisoformat(event["due_date"]))[:5]
        if event["start"]:
            due += " kl. " + event["start"][11:16].replace(":", ".")
        details = [event["key"], AgendaKind(event["kind"]).label, ", ".join(event["responsible_roles"])]
        if event["rule_text"]:
            details.append(f"regel: {event['rule_text']}")
        if event["document"]:
            details.append(f"dokument: {event['document']}")
        text = f"{escape(event['title'])}\n[dim]{escape(' · '.join(details))}[/]"
        if event["missing"]:
            text += "\n[red]Mangler: " + escape("; ".join(event["missing"])) + "[/]"
        table.add_row(due, text, event["status"])
    out.print(table)
    overdue = [e for e in data["events"] if e["state"] == "forfalt"]
    out.print(f"Forfalt {date_short(period.as_of)}: {len(overdue)} av årets frister.")
    for quota in data["quotas"]:
        line = f"{quota['period']}: {escape(quota['title'])} – " + quota_sentence(
            quota | {"held": len(quota["held"]), "planned": len(quota["planned"])}
        )
        if quota["unconfirmed"]:
            line += f" ({len(quota['unconfirmed'])} planlagte møter har passert uten å være markert holdt)"
        out.print(line)


@app.command()
@user_errors
def calendar(
    output: Annotated[Path, typer.Option("--output", "-o", help=".ics-filen som skal skrives.")],
    programme: ProgrammeOption = None,
    year: YearOption = None,
) -> None:
    """Skriv årets årshjul som en iCalendar-fil (.ics) med påminnelser, for Outlook og andre kalendere."""
    from datetime import UTC, datetime

    from omstilling.core.periods import wheel_period
    from omstilling.wheel.calendar_feed import build_calendar

    snapshot = load_programme(programme)
    period = wheel_period(snapshot, today(), year)
    data = build_calendar(snapshot, period.year, as_of=period.as_of, stamp=datetime.now(UTC))
    write_atomically(output, data, make_folder=True)
    err.print(f"Skrev årshjulet for {period.year} for {snapshot.slug} til {escape(str(output))}.")


@app.command()
@user_errors
def done(
    event: Annotated[str, typer.Argument(help="Hendelsens nøkkel i årshjulet, f.eks. arsrapport.")],
    year: Annotated[int, typer.Option(min=1900, max=2100, help="Året fristen gjelder.")],
    programme: ProgrammeOption = None,
    skip: Annotated[bool, typer.Option("--skip", help="Marker den som hoppet over i stedet for utført.")] = False,
    reopen: Annotated[bool, typer.Option("--reopen", help="Åpne den igjen.")] = False,
    by: Annotated[str | None, typer.Option(help="Hvem som markerer (standard: brukeren som er logget inn).")] = None,
    note: Annotated[str | None, typer.Option(help="En merknad som lagres med fristen.")] = None,
    due: Annotated[
        date | None,
        typer.Option(
            "--dato",
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="Fristen med denne datoen (når hendelsen har flere i året, f.eks. styremøter).",
        ),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option("--sak", metavar="NN/ÅÅ", help="For vedtaksoppfølging: oppfølgingen av denne styresaken."),
    ] = None,
    project: Annotated[
        str | None,
        typer.Option(
            "--prosjekt",
            metavar="PROSJEKT",
            help="For rapportering til Registeret for offentlig støtte: støtten på dette prosjektet (utført: "
            "rapportert i dag).",
        ),
    ] = None,
    granted: Annotated[
        date | None,
        typer.Option(
            "--tildelt",
            parser=parse_date,
            metavar="ÅÅÅÅ-MM-DD",
            help="Med --prosjekt: tildelingsdatoen til støtten, når prosjektet har flere tildelinger.",
        ),
    ] = None,
) -> None:
    """Marker en frist i årshjulet som utført (eller hoppet over, eller åpen igjen); påminnelsene stopper.
    Uten --dato, --sak eller --prosjekt gjelder det årets første frist for hendelsen som kan markeres."""
    import getpass

    from omstilling.app.deadlines import mark_deadline
    from omstilling.core.enums import DeadlineStatus

    if skip and reopen:
        raise typer.BadParameter("velg enten --skip eller --reopen")
    if granted is not None and project is None:
        raise typer.BadParameter("--tildelt gjelder bare med --prosjekt")
    status = DeadlineStatus.SKIPPED if skip else DeadlineStatus.OPEN if reopen else DeadlineStatus.DONE
    marked = mark_deadline(
        current_engine(),
        programme,
        event,
        year,
        status,
        by=by or getpass.getuser(),
        note=note,
        due=due,
        case=case,
        project=project,
        today=today(),
        granted=granted,
    )
    err.print(escape(marked.sentence))
