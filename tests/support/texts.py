"""Every text a programme's people read, made for one programme: each document kind's Markdown, each message kind
in each of its forms (subject, text, HTML, Markdown), the simulated year's reminders and notices. Issue 28's tests
compare the bokmål texts with those made before nynorsk came (`tests/golden/bokmal/`), and read the nynorsk ones
for bokmål-only words.

`python -m tests.support.texts OUT` writes the demo's texts to files under OUT (how the golden files were made:
on the commit before the work, 21034fa)."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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


def _standard(snapshot: ProgrammeSnapshot) -> AbstractContextManager:
    """The programme's written standard, where the code has one (on 21034fa, where the golden files were made, it
    had not: everything was bokmål)."""
    try:
        from omstilling.core.language import speaking
    except ImportError:
        return nullcontext()
    return speaking(getattr(snapshot, "language", None))


def messages(snapshot: ProgrammeSnapshot) -> dict[str, str]:
    """Each message kind, in each of its cases, made with the programme's names, in the programme's standard."""
    with _standard(snapshot):
        return _messages(snapshot) | reminders(snapshot) | notices(snapshot)


# A reminder's cases: the day it goes, the deadline's or meeting's key, the role it goes to, what it says of the
# document, and whether the web app's links are in it.
REMINDERS: dict[str, tuple[date, str, str, dict, bool]] = {
    "paaminnelse-forste": (date(2014, 1, 3), "arsrapport", "programleder", {}, True),
    "paaminnelse-vedlagt": (date(2014, 1, 17), "arsrapport", "programleder", {"attached": "Word og PDF"}, False),
    "paaminnelse-for-stor": (date(2014, 1, 28), "arsrapport", "programleder", {"too_large": "14,2 MB"}, True),
    "paaminnelse-for-stor-uten-lenke": (
        date(2014, 1, 28),
        "arsrapport",
        "programleder",
        {"too_large": "14,2 MB"},
        False,
    ),
    "paaminnelse-i-dag": (date(2014, 1, 31), "arsrapport", "programleder", {"drafted": True}, True),
    "paaminnelse-laget-uten-lenke": (date(2014, 1, 31), "arsrapport", "programleder", {"drafted": True}, False),
    "paaminnelse-passert": (date(2014, 2, 3), "arsrapport", "styreleder", {}, False),
    "paaminnelse-mote": (date(2014, 1, 24), "styremote", "styreleder", {}, True),
    "paaminnelse-vedtak-i-dag": (date(2014, 2, 14), "vedtaksoppfolging", "programleder", {}, True),
    "paaminnelse-kontaktmote": (date(2014, 8, 13), "kontaktmote-fylket", "programleder", {}, False),
    "paaminnelse-prosessveileder": (date(2014, 10, 22), "psv-rapport", "prosessveileder", {}, False),
}
BASE = "https://omstilling.example.org"
PEOPLE = (
    ("Bjørn Iversen", "programleder"),
    ("Leif Waarum", "styreleder"),
    ("Styremedlem 1", "styremedlem"),
    ("Kontaktperson kommunen", "kommunekontakt"),
    ("Ekstern prosessveileder", "prosessveileder"),
    ("Observatør OFK", "observator-fylkeskommune"),
)


def reminders(snapshot: ProgrammeSnapshot) -> dict[str, str]:
    """Reminders in each of their forms (text, HTML, Markdown): each step of the ladder, a meeting's, a decision's
    follow-up, the document not drafted, drafted, attached or too large, with the web app's links and without; a
    digest of two; and a meeting's reminder on its day."""
    from omstilling.core import reminders as ladder
    from omstilling.core.reminders import RecipientData
    from omstilling.messaging import texts
    from omstilling.messaging.plan import agenda_state

    people = tuple(
        RecipientData(name, role, f"{role}@example.org", date(2010, 1, 1), None, number)
        for number, (name, role) in enumerate(PEOPLE, start=1)
    )
    found: dict[str, str] = {}
    made = {}
    for case, (day, key, role, note, linked) in REMINDERS.items():
        item = next(
            i for i in ladder.plan(snapshot, people, day) if i.occurrence.event.key.startswith(key) and i.role == role
        )
        text = texts.reminder_text(
            item,
            programme=snapshot.name,
            short=texts.short_name(snapshot.municipality, snapshot.name),
            slug=snapshot.slug,
            missing=ladder.missing(snapshot, item.occurrence, day) if role == "programleder" else [],
            as_of=day,
            state=agenda_state(snapshot, item, day),
            document=texts.DocumentNote(**note),
            action_url=f"{BASE}/programmer/{snapshot.slug}/frister/{key}/{day.year}/1" if linked else None,
            documents_url=f"{BASE}/programmer/{snapshot.slug}/dokumenter" if linked else None,
        )
        made[case] = (item, text)
        found |= _forms(case, text)
    item, _ = made["paaminnelse-mote"]
    today = replace(item.reminder, offset=0, on=item.occurrence.due)
    on_the_day = replace(item, reminder=today, step_name="i dag")
    text = texts.reminder_text(
        on_the_day,
        programme=snapshot.name,
        short=texts.short_name(snapshot.municipality, snapshot.name),
        slug=snapshot.slug,
        missing=[],
        as_of=item.occurrence.due,
    )
    found |= _forms("paaminnelse-mote-i-dag", text)
    digest = [made["paaminnelse-forste"][1], made["paaminnelse-mote"][1]]
    found |= _forms("sammendrag", texts.digest_text(None, date(2014, 1, 3), digest))
    found |= _forms("sammendrag-ett-program", texts.digest_text("Bjørn Iversen", date(2014, 1, 3), digest[:1]))
    return found


def notices(snapshot: ProgrammeSnapshot) -> dict[str, str]:
    """A board meeting's notice in each of its cases: to the board with the papers attached and the answer links,
    to a deputy called in with the papers too large to send, a meeting without a start time, moved, cancelled."""
    from omstilling.core.enums import Attendance
    from omstilling.core.meeting_agenda import meeting_agenda
    from omstilling.messaging import texts

    meeting = next(m for m in snapshot.meetings if m.date == date(2014, 6, 16))
    zone = ZoneInfo(snapshot.timezone)
    starts, ends = datetime(2014, 6, 16, 13, 0, tzinfo=zone), datetime(2014, 6, 16, 16, 0, tzinfo=zone)
    url = f"{BASE}/programmer/{snapshot.slug}/moter/2014-06-16"
    # signed tokens in real links (`messaging.links.answer_url`): here a stand-in, no word of either standard
    answers = [(answer.label, f"{url}/svar/t{number}") for number, answer in enumerate(Attendance, start=1)]
    common: dict[str, Any] = dict(
        name="Leif Waarum",
        programme=snapshot.name,
        short=texts.short_name(snapshot.municipality, snapshot.name),
        title="Styremøte",
        starts=starts,
        ends=ends,
        location="Vestre Toten rådhus",
    )
    agenda = meeting_agenda(snapshot, meeting, meeting.date)
    found: dict[str, str] = {}
    attached = texts.DocumentNote(drafted=True, attached="Word og PDF")
    found |= _forms(
        "innkalling",
        texts.notice_text(**common, agenda=agenda, url=url, document=attached, answers=answers),
    )
    too_large = texts.DocumentNote(drafted=True, too_large="14,2 MB")
    found |= _forms(
        "innkalling-vara",
        texts.notice_text(
            **common, agenda=agenda, url=url, document=too_large, answers=answers, called_in_for="Styremedlem 1"
        ),
    )
    found |= _forms(
        "innkalling-uten-tid",
        texts.notice_text(**common | {"name": None}, agenda=agenda, url=None, timed=False),
    )
    was = (datetime(2014, 6, 12, 9, 0, tzinfo=zone), "Kommunestyresalen")
    found |= _forms("innkalling-endret", texts.notice_text(**common, agenda=None, url=url, was=was, answers=answers))
    moved = (starts, None)
    found |= _forms("innkalling-nytt-sted", texts.notice_text(**common, agenda=None, url=None, was=moved))
    found |= _forms("innkalling-avlyst", texts.notice_text(**common, agenda=None, url=None, cancelled=True))
    return found


def _messages(snapshot: ProgrammeSnapshot) -> dict[str, str]:
    from omstilling.messaging import texts

    programme, short = snapshot.name, snapshot.county_short
    starts = datetime(2014, 6, 16, 8, 0, tzinfo=UTC)
    ends = datetime(2014, 6, 16, 11, 0, tzinfo=UTC)
    agenda = ["Godkjenning av innkalling og saksliste", "Status for prosjektene"]
    found: dict[str, str] = {}
    invite: dict[str, Any] = dict(
        name="Kari Nordmann", programme=programme, short=short, summary=f"Styremøte {snapshot.name}"
    )
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
