"""Every text a programme's people read, made for one programme: each document kind's Markdown, each message kind
in each of its forms (subject, text, HTML, Markdown), the simulated year's reminders and notices. Issue 28's tests
compare the bokmål texts with those made before nynorsk came (`tests/golden/bokmal/`), and read the nynorsk ones
for bokmål-only words.

`python -m tests.support.texts OUT` writes the demo's texts to files under OUT (how the golden files were made:
on the commit before the work, 21034fa)."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from omstilling.core.enums import DocumentKind
from omstilling.core.snapshot import ProgrammeSnapshot

# The day each document kind is made (as the every-figure check makes them), and the meeting it is for.
DOCUMENTS: dict[DocumentKind, tuple[date, date | None]] = {
    DocumentKind.ANNUAL_REPORT: (date(2014, 12, 31), None),
    DocumentKind.HALF_YEAR_REPORT: (date(2014, 6, 30), None),
    DocumentKind.BOARD_REPORT: (date(2014, 6, 15), date(2014, 6, 16)),
    DocumentKind.NOTICE: (date(2014, 6, 6), date(2014, 6, 16)),
    DocumentKind.BOARD_PACK: (date(2014, 6, 6), date(2014, 6, 16)),
    DocumentKind.APPLICATION: (date(2014, 12, 31), None),
    DocumentKind.PSV_FACTS: (date(2014, 12, 31), None),
    DocumentKind.SEMINAR_BASIS: (date(2014, 12, 31), None),
    DocumentKind.ACTION_PLAN: (date(2014, 12, 31), None),
    DocumentKind.MINUTES: (date(2014, 6, 16), date(2014, 6, 16)),
    DocumentKind.FINAL_REPORT: (date(2017, 12, 31), None),
}


def documents(snapshot: ProgrammeSnapshot) -> dict[str, str]:
    """Each document kind's Markdown, by the kind's name."""
    from omstilling.documents.render import render_markdown

    found = {}
    for kind, (as_of, meeting) in DOCUMENTS.items():
        if kind not in DocumentKind:  # a kind this commit does not have
            continue
        year = 2017 if kind is DocumentKind.FINAL_REPORT else 2014
        rendered = render_markdown(kind, snapshot, year, as_of, meeting_date=meeting, made_on=as_of)
        found[f"dokument-{kind.value}.md"] = rendered.markdown
    return found


def _forms(name: str, text) -> dict[str, str]:
    found = {f"{name}.emne.txt": text.subject, f"{name}.txt": text.body}
    if text.html is not None:
        found[f"{name}.html"] = text.html
    if text.markdown is not None:
        found[f"{name}.md"] = text.markdown
    return found


def messages(snapshot: ProgrammeSnapshot) -> dict[str, str]:
    """Each message kind, in each of its cases, made with the programme's names."""
    from omstilling.messaging import texts

    programme, short = snapshot.name, snapshot.county_short
    starts = datetime(2014, 6, 16, 8, 0, tzinfo=UTC)
    ends = datetime(2014, 6, 16, 11, 0, tzinfo=UTC)
    agenda = ["Godkjenning av innkalling og saksliste", "Status for prosjektene"]
    found: dict[str, str] = {}
    invite = dict(name="Kari Nordmann", programme=programme, short=short, summary=f"Styremøte {snapshot.name}")
    invite |= dict(starts=starts, ends=ends, location="Kommunestyresalen", agenda=agenda)
    found |= _forms("invitasjon-ny", texts.invitation_text(**invite, sequence=0, cancelled=False))
    found |= _forms("invitasjon-endret", texts.invitation_text(**invite, sequence=2, cancelled=False))
    found |= _forms("invitasjon-avlyst", texts.invitation_text(**invite, sequence=3, cancelled=True))
    found |= _forms("invitasjon-fjernet", texts.invitation_text(**invite, sequence=3, cancelled=False, removed=True))
    failed = [
        {
            "kind": "paminnelse",
            "recipient": "kari@example.org",
            "subject": f"{short}: Årsrapport",
            "role": "programleder",
            "error": "550",
        },
        {
            "kind": "paminnelse",
            "recipient": "ola@example.org",
            "subject": f"{short}: Søknad",
            "role": "styreleder",
            "error": "timeout",
        },
    ]
    found |= _forms("feil-en", texts.failure_text(failed[:1], 5, programme=programme, short=short))
    found |= _forms("feil-flere", texts.failure_text(failed, 5, programme=programme, short=short))
    invited = [{**item, "kind": "invitasjon"} for item in failed]
    found |= _forms("feil-invitasjoner", texts.failure_text(invited, 5, programme=programme, short=short))
    items = [{"number": "12/14", "title": "Status for prosjektene", "decision": "Styret tar saken til orientering."}]
    for step in texts.MINUTES_STEPS:
        found |= _forms(
            f"protokoll-{step}",
            texts.minutes_text(
                step,
                name="Kari Nordmann",
                programme=programme,
                short=short,
                day=date(2014, 6, 16),
                version=2,
                url="https://omstilling.example.org/moter/1",
                deadline=date(2014, 6, 23),
                items=items,
                approvers=["Kari Nordmann", "Ola Nordmann"],
            ),
        )
    return found


def simulated(engine: Engine, out: Path, slug: str | None = None) -> dict[str, str]:
    """The reminders, digests and notices a simulated 2014 writes (`omstilling simulate`), by day and number."""
    from omstilling.app.simulation import simulate

    simulate(engine, date(2014, 1, 1), date(2014, 12, 31), out, slug=slug, documents=False)
    folder = out / "meldinger"
    return {path.relative_to(folder).as_posix(): path.read_text() for path in sorted(folder.rglob("*.txt"))}


def every_text(engine: Engine, snapshot: ProgrammeSnapshot, out: Path) -> dict[str, str]:
    return (
        documents(snapshot)
        | messages(snapshot)
        | {f"simulert/{name}": text for name, text in simulated(engine, out, snapshot.slug).items()}
    )


def main(out: Path) -> None:
    import tempfile

    from omstilling.intake.demo import load_demo
    from omstilling.store import db
    from omstilling.store.load import load_snapshot
    from tests.support.db import sqlite_engine

    with tempfile.TemporaryDirectory() as scratch:
        engine = sqlite_engine(Path(scratch))
        db.migrate(engine)
        with db.session_scope(engine) as session:
            programme = load_demo(session).programme
            snapshot = load_snapshot(session, programme)
        for name, text in every_text(engine, snapshot, Path(scratch) / "sim").items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        engine.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
