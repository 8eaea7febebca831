"""What every command shares: the Typer app, the two consoles, the common options, dates, and the rule that
an error a user can cause is one Norwegian line on stderr and exit status 1.

Only Typer and Rich are imported here: the database, the core and everything heavy load inside the command
that needs them, so `omstilling --help` starts at once."""

from __future__ import annotations

import errno
import functools
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console

from omstilling.cli import norsk

norsk.install()
app = typer.Typer(
    help="omstilling: årshjulet for et omstillingsprogram – data, frister, dokumenter og påminnelser.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
    options_metavar="[VALG]",
    subcommand_metavar="KOMMANDO [ARGUMENTER]...",
)
out = Console(highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)  # messages stay one line each, whatever the width

ProgrammeOption = Annotated[
    str | None,
    typer.Option("--programme", "-p", help="Programmets kortnavn (slug); kan utelates når databasen har ett program."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Skriv maskinlesbar JSON på stdout, og ingenting annet.")]


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"«{value}» er ikke en dato på formen 2014-06-16") from None
    if not 1900 <= day.year <= 2100:  # as --year: the calendar's arithmetic would run off its end
        raise typer.BadParameter(f"«{value}» er utenfor årene omstilling regner med (1900–2100)")
    return day


AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="ÅÅÅÅ-MM-DD",
        help="Dagen det ses fra (standard: i dag, eller slutten av programmets statusperiode).",
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        min=1900,
        max=2100,
        help="År (standard: i år; når statusperioden er over, det siste året med tall).",
    ),
]


def user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can cause into one line on stderr and exit status 1 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from pydantic import ValidationError
        from sqlalchemy.exc import DBAPIError, OperationalError

        from omstilling.errors import AmbiguousProgramme, OmstillingError

        try:
            from omstilling.store.audit import acting_as  # (reads the settings: a bad one is said below)

            with acting_as(f"cli:{os_user()}", "cli"):  # who the audit trail says did what the command does
                return command(*args, **kwargs)
        except AmbiguousProgramme as exc:
            err.print(f"[bold red]feil:[/] {escape(str(exc.with_hint('velg ett med --programme')))}")
        except ValidationError as exc:  # a setting (OMSTILLING_*) that cannot be used: its own Norwegian sentence
            for error in exc.errors():
                message = str(error.get("msg", "")).removeprefix("Value error, ")
                err.print(f"[bold red]feil:[/] {escape(message)}")
        except OmstillingError as exc:
            err.print(f"[bold red]feil:[/] {escape(str(exc))}")
        except OSError as exc:  # a folder or file the user named that cannot be written or read
            where = f"{exc.filename}: " if exc.filename else ""
            err.print(
                f"[bold red]feil:[/] {escape(where)}{FILE_ERRORS.get(exc.errno, escape(exc.strerror or str(exc)))}"
            )
        except (OperationalError, DBAPIError) as exc:
            from omstilling.store import db

            detail = " ".join(str(exc.orig or exc).split())
            url = db.get_engine().url.render_as_string(hide_password=True)
            err.print(f"[bold red]feil:[/] databasen {escape(url)} svarer ikke som den skal: {escape(detail)}")
        raise typer.Exit(1)

    return wrapper


def os_user() -> str:
    """The user running the command, as the audit trail and `--by` defaults name them."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return "ukjent"


FILE_ERRORS = {
    errno.ENOENT: "finnes ikke (sjekk mappen)",
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ingen tilgang",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.EROFS: "kan ikke skrives (skrivebeskyttet)",
    errno.ENOSPC: "disken er full",
}


def escape(text: str) -> str:
    """User text printed through Rich stays text (a project called [red] is not markup)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def current_engine():
    """The configured database, which must be at this version's schema."""
    from omstilling.store import db

    engine = db.get_engine()
    db.require_current(engine)
    return engine


def load_programme(programme: str | None):
    """The named (or only) programme's snapshot."""
    from omstilling.store import choose, db
    from omstilling.store.load import load_snapshot

    with db.session_scope(current_engine()) as session:
        return load_snapshot(session, choose.programme(session, programme))


def today() -> date:
    from omstilling import clock

    return clock.today()


def print_json(data: Any) -> None:
    import json
    import sys

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
