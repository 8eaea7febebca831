"""`omstilling …`: the command line. Each command is a thin wrapper over a library call."""

from __future__ import annotations

import functools
import getpass
import io
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.exc import DBAPIError, OperationalError

from omstilling import db, services, workbook
from omstilling.config import get_settings
from omstilling.deadlines import close as close_deadline
from omstilling.demo import load_demo
from omstilling.errors import OmstillingError
from omstilling.formatting import date_short, kr, mill_kr, number, percent
from omstilling.load import load_snapshot
from omstilling.models.enums import DeadlineStatus, DocumentKind, EventKind
from omstilling.status import choose_period, programme_status, report_period
from omstilling.wheel.view import wheel_json

app = typer.Typer(
    help="omstilling: the annual cycle (årshjul) of a Norwegian restructuring programme — "
    "its data, deadlines, documents and reminders.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # messages stay one line each, whatever the width

ProgrammeOption = Annotated[
    str | None,
    typer.Option("--programme", "-p", help="Programme slug; may be left out when the database holds one."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout, nothing else.")]


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date like 2014-06-16") from None


AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="The day to look from (default: today, or the end of the programme's status period).",
    ),
]


def user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can cause into one line on stderr and exit status 1 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OmstillingError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        except (OperationalError, DBAPIError) as exc:
            detail = " ".join(str(exc.orig or exc).split())
            url = db.get_engine().url.render_as_string(hide_password=True)
            err.print(f"[bold red]error:[/] database {url}: {detail}", highlight=False)
        raise typer.Exit(1)

    return wrapper


@app.command()
@user_errors
def init() -> None:
    """Create the database, or migrate it to this version's schema (safe to run again)."""
    engine = db.get_engine()
    before = db.current_revision(engine)
    db.migrate(engine)
    after = db.current_revision(engine)
    url = engine.url.render_as_string(hide_password=True)
    if before is None:
        err.print(f"Created the database {url} (schema {after}).")
    elif before != after:
        err.print(f"Migrated the database {url} from schema {before} to {after}.")
    else:
        err.print(f"The database {url} is up to date (schema {after}).")


@app.command()
@user_errors
def demo(
    reset: Annotated[bool, typer.Option("--reset", help="Replace the demo programme if it is already loaded.")] = False,
) -> None:
    """Load the seed programme, Omstillingsprogrammet i Vestre Toten (slug: vestre-toten), as demo data."""
    engine = db.get_engine()
    db.migrate(engine)
    with db.session_scope(engine) as session:
        outcome = load_demo(session, reset=reset)
        counts = services.count_rows(session, outcome.programme)
        name, slug = outcome.programme.name, outcome.programme.slug
    if not outcome.created:
        err.print(f"{name} ({slug}) is already loaded; nothing changed. Use --reset to replace it.")
        return
    verb = "Replaced" if outcome.replaced else "Loaded"
    err.print(
        f"{verb} {name} ({slug}): {counts['project']} projects, {counts['boardmeeting']} board meetings, "
        f"{counts['goal']} goals, {counts['strategy']} strategies, {counts['budgetline']} budget lines."
    )


@app.command()
@user_errors
def status(
    programme: ProgrammeOption = None,
    year: Annotated[int | None, typer.Option(help="Plan year (default: the latest with an action plan).")] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """The programme's goals with target and actual so far, strategies, budget, and the portfolio before the year."""
    engine = db.get_engine()
    db.require_current(engine)
    with db.session_scope(engine) as session:
        snapshot = load_snapshot(session, services.get_programme(session, programme))
    period = choose_period(snapshot, date.today(), year, as_of)
    data = programme_status(snapshot, period)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    print_status(data)


COMPARATOR_SIGNS = {"minst": "≥", "maks": "≤", "lik": "="}


def _actual(goal: dict[str, Any]) -> str:
    if goal["actual"] is None:
        return "–"
    if goal["metric"] == "kompetanseandel":
        return percent(goal["actual"])
    if goal["metric"] == "giring":
        return mill_kr(goal["actual"], 2)
    return number(goal["actual"])


def _target(goal: dict[str, Any]) -> str:
    if goal["target"] is None:
        return "kvalitativt"
    shown = {"kompetanseandel": percent, "giring": mill_kr}.get(goal["metric"], number)(goal["target"])
    return f"{COMPARATOR_SIGNS.get(goal['comparator'], '')} {shown}".strip()


def _met(met: bool | None) -> str:
    return {True: "[green]nådd[/]", False: "[red]ikke nådd[/]", None: ""}[met]


def print_status(data: dict[str, Any]) -> None:
    """The status as tables a programme leader reads (Norwegian figures)."""
    p = data["programme"]
    out.print(
        f"[bold]{p['name']}[/] ({p['slug']}) — {p['municipality']}, {p['county']} ({p['county_short']}), "
        f"omstillingsstatus {p['status_years'][0]}–{p['status_years'][1]}"
    )
    out.print(f"Plan year {data['year']}, figures as of {data['as_of']}.\n")

    before = data["portfolio_before_year"]
    out.print(f"[bold]Status pr. {before['on']}[/]")
    out.print(
        f"  {before['projects_started']} projects started, {before['projects_finished']} finished, "
        f"{before['projects_running']} running, {before['projects_not_carried_out']} not carried out; "
        f"support {kr(before['programme_support'])} of total project budgets {kr(before['total_project_budgets'])}"
        f" (leverage {number(before['leverage_ratio'] or 0, 1)}); "
        f"{before['new_jobs']} new + {before['secured_jobs']} secured = {before['jobs_total']} jobs; "
        f"{before['new_companies']} new companies.\n",
        highlight=False,
    )

    goals = Table(title=f"Goals for {data['year']}", title_justify="left")
    for column in ("Goal", "Target", "Actual", ""):
        goals.add_column(column, no_wrap=True, min_width=9 if not column else None)
    for goal in data["goals"]:
        goals.add_row(goal["key"], _target(goal), _actual(goal), _met(goal["met"]))
    out.print(goals)

    strategies = Table(title="Strategies", title_justify="left")
    strategies.add_column("No.", no_wrap=True, min_width=5)
    strategies.add_column("Strategy", no_wrap=True, overflow="ellipsis", max_width=34)
    for column, width in (("Target", 7), ("Projects", 8), ("", 9)):
        strategies.add_column(column, no_wrap=True, min_width=width)
    for s in data["strategies"]:
        target = f"≥ {s['count_target']}" if s["count_target"] is not None else ""
        projects = "" if s["projects"] is None else str(s["projects"])
        strategies.add_row(s["number"], s["name"], target, projects, _met(s["met"]))
    out.print(strategies)

    budget = data["budget"]
    table = Table(title=f"Budget {budget['year']}", title_justify="left")
    table.add_column("Line", no_wrap=True, overflow="ellipsis", max_width=28)
    for column in ("Budget", "Granted", "Paid"):
        table.add_column(column, justify="right", no_wrap=True, min_width=12)
    for line in budget["income"]:
        table.add_row(line["label"], kr(line["amount"]), "", "")
    table.add_row("[bold]Sum inntekter[/]", f"[bold]{kr(budget['income_total'])}[/]", "", "", end_section=True)
    for line in budget["spending"]:
        granted = "" if line["granted"] is None else kr(line["granted"])
        paid = "" if line["paid"] is None else kr(line["paid"])
        table.add_row(line["label"], kr(line["amount"]), granted, paid)
    table.add_row("[bold]Sum ressursbruk[/]", f"[bold]{kr(budget['spending_total'])}[/]", "", "")
    out.print(table)

    if data["deviations"]:
        out.print("[bold]Deviations (avvik)[/]")
        for deviation in data["deviations"]:
            missing = " [red](needs cause and action)[/]" if deviation["needs_explanation"] else ""
            out.print(f"  {deviation['period']}: {deviation['detail']}{missing}", highlight=False)
    else:
        out.print("No deviations beyond the tolerance.")
    for quota in data["quotas"]:
        out.print(f"{quota['period']}: {quota['held']} held, {quota['planned']} planned of at least "
                  f"{quota['minimum']} board meetings – {quota['state']}", highlight=False)


WorkbookArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE.xlsx", help="The workbook; or, for CSV, a folder of .csv files named after the sheets."
    ),
]


@app.command("export")
@user_errors
def export_workbook(
    file: WorkbookArgument,
    programme: ProgrammeOption = None,
    with_contacts: Annotated[
        bool, typer.Option("--with-contacts", help="Include e-mail and phone (private data: do not share the file).")
    ] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Write one CSV file per sheet into the folder FILE.")] = False,
    template: Annotated[bool, typer.Option("--template", help="Write an empty workbook for a new programme.")] = False,
) -> None:
    """Write the programme's data to an Excel workbook: one sheet per kind, drop-downs and instructions."""
    if not as_csv and file.suffix.lower() != ".xlsx":
        raise OmstillingError(f"the workbook must be an .xlsx file, not {file.name!r} (or use --csv FOLDER)")
    if template and programme:
        raise OmstillingError("choose either --template (an empty workbook) or --programme")
    engine = db.get_engine()
    db.require_current(engine)
    with db.session_scope(engine) as session:
        chosen = None if template else services.get_programme(session, programme)
        if as_csv:
            counts = workbook.export_csv(session, chosen, file, with_contacts=with_contacts)
        else:
            buffer = io.BytesIO()
            counts = workbook.export_workbook(session, chosen, buffer, with_contacts=with_contacts)
            write_atomically(file, buffer.getvalue())
        what = chosen.slug if chosen else "an empty workbook"
    rows = ", ".join(f"{name} {count}" for name, count in counts.items() if count) or "no rows"
    err.print(f"Wrote {what} to {file} ({rows}).", highlight=False)


@app.command("import")
@user_errors
def import_workbook(
    file: WorkbookArgument,
    programme: ProgrammeOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check it all and show what would change; write nothing.")
    ] = False,
) -> None:
    """Read programme data from an Excel workbook (or CSV files): every row checked, written all or nothing."""
    engine = db.get_engine()
    db.require_current(engine)
    try:
        with db.session_scope(engine) as session:
            report = workbook.import_workbook(session, file, programme=programme, dry_run=dry_run)
    except workbook.WorkbookInvalid as exc:
        for problem in exc.problems:
            err.print(str(problem), highlight=False, markup=False)
        raise
    print_import(report)


def print_import(report: workbook.ImportReport, limit: int = 100) -> None:
    """Per sheet: new, changed (and which columns), unchanged; then each new or changed row."""
    verb = "Dry run, nothing written" if report.dry_run else "Imported"
    created = " (a new programme)" if report.created else ""
    out.print(f"[bold]{verb}:[/] {escape(str(report.path))} → {report.programme}{created}", highlight=False)
    table = Table(title_justify="left")
    table.add_column("Sheet", no_wrap=True)
    for column in ("New", "Changed", "Unchanged"):
        table.add_column(column, justify="right")
    table.add_column("Changed columns (rows)")
    for sheet in report.sheets:
        fields = ", ".join(f"{header} ({n})" for header, n in sheet.changed_fields.items())
        table.add_row(sheet.sheet, str(len(sheet.new)), str(len(sheet.changed)), str(sheet.unchanged), escape(fields))
    out.print(table)
    changes = [c for sheet in report.sheets for c in (*sheet.new, *sheet.changed)]
    if changes:
        details = Table("Sheet", "Row", "Key", "Change", title="Changes", title_justify="left")
        for change in changes[:limit]:
            what = "new" if change.is_new else "; ".join(f"{h}: {old} → {new}" for h, old, new in change.fields)
            details.add_row(change.sheet, str(change.row), escape(change.label), escape(what))
        out.print(details)
        if len(changes) > limit:
            out.print(f"… and {len(changes) - limit} more.")
    if report.ignored:
        out.print(f"Sheets not read (not omstilling's): {escape(', '.join(report.ignored))}.", highlight=False)
    if not changes:
        out.print("No changes: the database already holds what the file says.")


def load_programme(programme: str | None):
    """The named (or only) programme's snapshot from a database at the current schema."""
    engine = db.get_engine()
    db.require_current(engine)
    with db.session_scope(engine) as session:
        return load_snapshot(session, services.get_programme(session, programme))


def wheel_period(snapshot, year: int | None) -> tuple[int, date]:
    """The year to show (default: this year, or the last of the programme's status period) and the day seen from."""
    today = date.today()
    if year is None:
        year = min(today.year, snapshot.status_end_year)
    return year, min(today, date(year, 12, 31))


YearOption = Annotated[int | None, typer.Option(help="Year (default: this year, or the programme's last status year).")]


@app.command()
@user_errors
def wheel(
    programme: ProgrammeOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
    picture: Annotated[
        Path | None, typer.Option("--picture", help="Draw the wheel to FILE.png or FILE.svg instead of listing it.")
    ] = None,
) -> None:
    """The year's dated events of the programme's wheel, its board meetings and quota forecasts."""
    snapshot = load_programme(programme)
    year, as_of = wheel_period(snapshot, year)
    if picture is not None:
        if picture.suffix.lower() not in (".png", ".svg"):
            raise OmstillingError(f"the picture must be a .png or .svg file, not {picture.name!r}")
        from omstilling.wheel.picture import draw_wheel  # matplotlib loads only when a picture is asked for

        draw_wheel(snapshot, year, picture, as_of=as_of)
        err.print(f"Drew the wheel for {year} to {picture}.")
        return
    data = wheel_json(snapshot, year, as_of)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"Årshjul {year} – {snapshot.name}", title_justify="left")
    table.add_column("Due", no_wrap=True, min_width=11)
    table.add_column("Event")
    table.add_column("Status", no_wrap=True, min_width=8)
    for event in data["events"]:
        due = date.fromisoformat(event["due_date"]).strftime("%d.%m")
        if event["start"]:
            due += " " + event["start"][11:16]
        details = [event["key"], EventKind(event["kind"]).label, ", ".join(event["responsible_roles"])]
        if event["document"]:
            details.append(f"dokument: {event['document']}")
        table.add_row(due, f"{event['title']}\n[dim]{' · '.join(details)}[/]", event["status"])
    out.print(table)
    for quota in data["quotas"]:
        line = (f"{quota['period']}: {quota['title']} – {len(quota['held'])} held, {len(quota['planned'])} planned: "
                f"[bold]{quota['state']}[/]")
        if quota["unconfirmed"]:
            line += f" ({len(quota['unconfirmed'])} planned meeting(s) in the past not marked held)"
        if quota["last_call"] and quota["state"] != "oppfylt":
            line += f"; last day to call a meeting: {date_short(date.fromisoformat(quota['last_call']))}"
        out.print(line, highlight=False)


@app.command()
@user_errors
def calendar(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .ics file to write.")],
    programme: ProgrammeOption = None,
    year: YearOption = None,
) -> None:
    """Write the year's wheel as an iCalendar feed (.ics) with reminders, for Outlook and other calendars."""
    from omstilling.wheel.ical import build_calendar

    snapshot = load_programme(programme)
    year, as_of = wheel_period(snapshot, year)
    data = build_calendar(snapshot, year, as_of=as_of, stamp=datetime.now(UTC))
    write_atomically(output, data)
    err.print(f"Wrote the {year} wheel of {snapshot.slug} to {output}.")


@app.command()
@user_errors
def done(
    event: Annotated[str, typer.Argument(help="The wheel event's key, e.g. arsrapport.")],
    year: Annotated[int, typer.Option(help="The year of the deadline.")],
    programme: ProgrammeOption = None,
    skip: Annotated[bool, typer.Option("--skip", help="Mark it skipped instead of done.")] = False,
    reopen: Annotated[bool, typer.Option("--reopen", help="Open it again.")] = False,
    by: Annotated[str | None, typer.Option(help="Who marks it (default: the logged-in user).")] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the deadline.")] = None,
) -> None:
    """Mark a deadline of the wheel done (or skipped, or open again); its reminders stop."""
    if skip and reopen:
        raise typer.BadParameter("choose either --skip or --reopen")
    status = DeadlineStatus.SKIPPED if skip else DeadlineStatus.OPEN if reopen else DeadlineStatus.DONE
    engine = db.get_engine()
    db.require_current(engine)
    with db.session_scope(engine) as session:
        chosen = services.get_programme(session, programme)
        deadline = close_deadline(
            session, chosen, event, year, status=status, by=by or getpass.getuser(), at=datetime.now(UTC),
            note=note, as_of=date.today(),
        )
        due = deadline.due_date
    err.print(f"{event} {year} (due {date_short(due)}) is now {status.label}.")


REPORT_KINDS = ", ".join(k.value for k in DocumentKind)


@app.command()
@user_errors
def report(
    kind: Annotated[str, typer.Argument(help=f"Document kind: {REPORT_KINDS}.", metavar="KIND")],
    programme: ProgrammeOption = None,
    year: Annotated[int | None, typer.Option(help="The report's year (default: the year of --as-of).")] = None,
    as_of: AsOfOption = None,
    meeting: Annotated[
        date | None,
        typer.Option(parser=parse_date, metavar="YYYY-MM-DD",
                     help="styrerapport: the board meeting's date (default: the next meeting on or after --as-of)."),
    ] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Output folder (default: OMSTILLING_OUTPUT_DIR).")] = None,
    formats: Annotated[str, typer.Option("--format", help="Comma-separated: md, html, docx.")] = "md,html,docx",
) -> None:
    """Write a document of the årshjul in Norwegian (Markdown, HTML, Word) and print the paths written."""
    from omstilling.documents.publish import publish

    try:
        chosen_kind = DocumentKind(kind)
    except ValueError:
        raise OmstillingError(f"unknown document kind {kind!r}: choose one of {REPORT_KINDS}") from None
    chosen_formats = tuple(f.strip() for f in formats.split(",") if f.strip())
    engine = db.get_engine()
    db.require_current(engine)
    with db.session_scope(engine) as session:
        chosen = services.get_programme(session, programme)
        snapshot = load_snapshot(session, chosen)
        period = report_period(snapshot, chosen_kind, date.today(), year, as_of)
        meeting_date = meeting
        if chosen_kind is DocumentKind.BOARD_REPORT and meeting_date is None:
            upcoming = [m.date for m in snapshot.meetings if m.date >= period.as_of]
            if not upcoming:
                raise OmstillingError(f"no board meeting on or after {period.as_of.isoformat()}: give --meeting")
            meeting_date = upcoming[0]
        result = publish(session, chosen, snapshot, chosen_kind, period.year, period.as_of, formats=chosen_formats,
                         out_dir=out_dir, meeting_date=meeting_date)
    state = f"version {result.version}" if result.changed else f"unchanged since version {result.version}"
    err.print(f"{chosen_kind.label.capitalize()} {period.year} as of {period.as_of.isoformat()}: {state}.")
    for path in result.paths:
        out.print(str(path), highlight=False, soft_wrap=True)


@app.command()
@user_errors
def remind(
    as_of: AsOfOption = None,
    programme: Annotated[str | None, typer.Option("--programme", "-p", help="Only this programme (default: all).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would be sent; change nothing.")] = False,
    digest: Annotated[bool, typer.Option("--digest", help="One message per person with all their items.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Plan the reminders due on a day (default: today) and send them, each exactly once."""
    from omstilling.notify import notifier_from_settings
    from omstilling.outbox import remind as run_reminders

    engine = db.get_engine()
    db.require_current(engine)
    day = as_of or date.today()
    notifier = None if dry_run else notifier_from_settings(get_settings().apprise_config)
    summary = run_reminders(engine, as_of=day, now=datetime.now(UTC), notifier=notifier, dry_run=dry_run,
                            digest=digest, programme_slug=programme)
    if as_json:
        sys.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"Reminders for {date_short(day)}" + (" (dry run: nothing sent)" if dry_run else ""),
                  title_justify="left")
    for column in ("Programme", "Due", "Event", "Step", "To"):
        table.add_column(column, overflow="fold")
    for item in summary.planned:
        table.add_row(item["programme"], date_short(date.fromisoformat(item["due"])), item["title"],
                      item["step_name"], item["role"] + (f" + {item['channels']} channel(s)" if item["channels"] else ""))
    out.print(table if summary.planned else f"No reminders are due on {date_short(day)}.")
    for item in summary.unreachable:
        err.print(f"warning: {item['programme']}: nobody with an e-mail address holds the role {item['role']} "
                  f"({item['title']})", highlight=False)
    if not dry_run:
        if notifier is None:
            err.print("Reminders are recorded but not sent: set OMSTILLING_APPRISE_CONFIG to an apprise YAML file.")
        err.print(f"{summary.new_rows} new in the outbox, {summary.sent} sent, {summary.failed} failed "
                  f"({summary.gave_up} given up), {summary.waiting} waiting.")


@app.command()
@user_errors
def simulate(
    start: Annotated[date, typer.Option("--from", parser=parse_date, metavar="YYYY-MM-DD", help="First day.")],
    end: Annotated[date, typer.Option("--to", parser=parse_date, metavar="YYYY-MM-DD", help="Last day.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where documents and messages go.")] = Path("out/simulering"),
    programme: Annotated[str | None, typer.Option("--programme", "-p", help="Only this programme.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run the wheel day by day over a period, offline: documents and messages go to files, nobody is sent
    anything and the database is not changed."""
    from omstilling.jobs import simulate as run_simulation

    if end < start:
        raise OmstillingError("--to must be on or after --from")
    engine = db.get_engine()
    db.require_current(engine)
    summary = run_simulation(engine, start, end, out_dir, slug=programme)
    if as_json:
        sys.stdout.write(json.dumps(asdict(summary), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    out.print(f"Simulated {date_short(start)}–{date_short(end)}: {len(summary.documents)} documents, "
              f"{summary.reminders} reminders.", highlight=False)
    for role, count in summary.reminders_by_role.items():
        out.print(f"  {role}: {count}", highlight=False)
    for doc in summary.documents:
        out.print(f"  {doc['day']} {doc['kind']} {doc['year']} ({doc['reason']})", highlight=False)
    for warning in summary.quotas_at_risk:
        out.print(f"  {warning['day']} {warning['programme']} {warning['period']}: {warning['title']} "
                  f"– {warning['state']}", highlight=False)
    out.print(f"Messages: {out_dir / 'meldinger'}; documents: {out_dir / 'dokumenter'}", highlight=False)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
