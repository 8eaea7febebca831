"""The programme leader's own words in a document: read a document's sections (what is written, by whom and when;
which the document asks for) and write one or several of them, checked, recorded in the audit trail.

Which sections a kind has, which are needed and where a text is kept (a board pack's texts are its board
report's) is `omstilling.core.texts`; which meeting a meeting's document is about, and that it is a meeting the
board holds, `omstilling.core.periods.document_period`. A text is stripped and kept as written (line breaks as
`\\n`); an emptied section removes its row; a text that is the same as the one kept writes nothing (its author
and time stay)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from omstilling import clock
from omstilling.core import texts as core_texts
from omstilling.core.enums import AuditAction, DocumentKind, TextSection
from omstilling.core.language import _
from omstilling.core.periods import document_period
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.titles import document_title
from omstilling.errors import InputError, OmstillingError, Problem
from omstilling.store import audit, choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import LeaderText
from omstilling.store.models.base import stored_id

BODY_LIMIT = core_texts.BODY_LIMIT


def hints() -> dict[TextSection, str]:
    """What to write in each section, in plain words and the current written standard (the web page shows it under
    the section's heading)."""
    return {
        TextSection.SUMMARY: _(
            "Fortell med egne ord hva som er oppnådd i perioden, og hva styret og eierne bør merke seg. "
            "Tallene står i dokumentet fra før: skriv det tallene ikke sier."
        ),
        TextSection.QUALITATIVE: _(
            "Gå gjennom de kvalitative målene i handlingsplanen: hva er gjort, og er målet nådd, på vei eller i fare?"
        ),
        TextSection.DEVIATIONS: _(
            "Forklar avvikene dokumentet viser: hvorfor de oppsto, hva de betyr for programmet, og hva som gjøres "
            "med dem."
        ),
        TextSection.WAY_FORWARD: _(
            "Hva skal skje videre? Skriv de viktigste prioriteringene, hva som må til for å nå målene, "
            "og hva du trenger fra styret."
        ),
    }


@dataclass(frozen=True)
class SectionText:
    """One section of a document as it stands: the text kept (empty when nobody has written it), who wrote it last
    and when, and whether the document asks for it now."""

    section: TextSection
    body: str
    written_by: str | None
    written_at: datetime | None
    needed: bool

    @property
    def written(self) -> bool:
        return bool(self.body)

    @property
    def hint(self) -> str:
        return hints()[self.section]


@dataclass(frozen=True)
class DocumentTexts:
    """The sections of one document a person writes: the document (as its records name it), and each section the
    document asks for or has a text for, in the order the document prints them."""

    programme: str
    programme_name: str
    timezone: str
    kind: DocumentKind
    year: int
    name: str
    meeting_date: date | None
    title: str
    sections: tuple[SectionText, ...]

    @property
    def unwritten(self) -> tuple[TextSection, ...]:
        return tuple(s.section for s in self.sections if s.needed and not s.written)


@dataclass(frozen=True)
class Saved:
    """What writing the sections did: the sections written anew or changed, those emptied (their rows removed),
    and the one sentence every way in says about it."""

    document: DocumentTexts
    changed: tuple[TextSection, ...]
    removed: tuple[TextSection, ...]

    @property
    def sentence(self) -> str:
        if not self.changed and not self.removed:
            return _("Teksten er uendret: ingenting nytt ble lagret.")
        parts = []
        if self.changed:
            parts.append(_("Teksten er lagret: %(sections)s.") % {"sections": _listed([s.label for s in self.changed])})
        if self.removed:
            parts.append(_("Tømt: %(sections)s.") % {"sections": _listed([s.label for s in self.removed])})
        return " ".join(parts)


def _listed(words: list[str]) -> str:
    """«a», «a og b», «a, b og c»."""
    if len(words) == 1:
        return words[0]
    return _("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def clean(body: str) -> str:
    """A text as it is kept: line breaks as `\\n` (a browser sends `\\r\\n`), without blank space around it."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def loaded_mark(body: str) -> str:
    """What a form carries of a section's text as it was loaded, so that saving can tell whether this writer
    changed it and whether someone else did in between: a short fingerprint of the text."""
    return hashlib.sha256(clean(body).encode()).hexdigest()[:16]


def _has_texts(kind: DocumentKind) -> None:
    if not core_texts.sections(kind):
        with_texts = ", ".join(k.label for k in core_texts.SECTIONS)
        raise OmstillingError(
            _("%(kind)s har ingen tekst programlederen skriver selv (det har %(kinds)s); ingenting ble lagret")
            % {"kind": kind.label, "kinds": with_texts}
        )


def _document(
    snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, meeting_date: date | None, today: date
) -> tuple[core_texts.TextHome, date | None, date]:
    """The document the texts of `kind` for `year` (and the meeting) are kept with, its meeting, and the day the
    sections it needs are judged on; refused, in words, for a kind without texts, a year outside the programme's
    status period, and a meeting the board does not hold (cancelled, or none that day)."""
    _has_texts(kind)
    if meeting_date is not None and not kind.for_meeting:
        raise OmstillingError(
            _("%(kind)s er ikke et dokument til ett styremøte: oppgi bare året") % {"kind": kind.label}
        )
    meetings = [(m.date, m.status) for m in snapshot.meetings]
    if problem := core_texts.home_problem(kind, year, meeting_date, snapshot.status_years, meetings):
        # the one rule, as the workbook's: a year of the status period, a meeting the board holds
        raise OmstillingError(_("%(problem)s; ingenting ble lagret") % {"problem": problem[1]})
    period = document_period(snapshot, kind, today, year, None, meeting_date)
    where = core_texts.home(kind, period.year, period.meeting_date)
    return where, period.meeting_date, min(period.as_of, today)


def _read(
    snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, meeting_date: date | None, today: date
) -> DocumentTexts:
    where, meeting, as_of = _document(snapshot, kind, year, meeting_date, today)
    kept = core_texts.written(snapshot, kind, where.year, meeting)
    needed = set(core_texts.needed(snapshot, kind, where.year, as_of, meeting))
    sections = tuple(
        SectionText(
            s,
            kept[s].body if s in kept else "",
            kept[s].written_by if s in kept else None,
            kept[s].written_at if s in kept else None,
            s in needed,
        )
        for s in core_texts.sections(kind)
        if s in needed or s in kept
    )
    return DocumentTexts(
        snapshot.slug,
        snapshot.name,
        snapshot.timezone,
        where.kind,
        where.year,
        where.name,
        meeting,
        document_title(where.kind, where.year, meeting),
        sections,
    )


def document_texts(
    engine: Engine,
    slug: str | None,
    kind: DocumentKind,
    year: int,
    *,
    meeting_date: date | None = None,
    today: date | None = None,
) -> DocumentTexts:
    """The sections of the document of `kind` for `year` (a meeting's document: the meeting on `meeting_date`, or
    the year's as `core.periods.meeting_in_year` chooses) a person writes: what is written, by whom, when, and
    which the document asks for on `today` (the programme's own day by default)."""
    with db.session_scope(engine) as session:
        snapshot = load_snapshot(session, choose.programme(session, slug))
    return _read(snapshot, kind, year, meeting_date, today or clock.today_in(snapshot.timezone))


def _section(value: TextSection | str, kind: DocumentKind) -> TextSection | Problem:
    try:
        section = value if isinstance(value, TextSection) else TextSection(value)
    except ValueError:
        known = ", ".join(s.value for s in core_texts.sections(kind))
        return Problem("seksjon", _("finnes ikke (velg blant %(known)s)") % {"known": known}, str(value))
    if section not in core_texts.sections(kind):
        return Problem(section.label, _("%(kind)s har ikke denne delen") % {"kind": kind.label})
    return section


def _checked(kind: DocumentKind, bodies: Mapping[TextSection | str, str]) -> dict[TextSection, str]:
    """The texts to keep, by section, or every problem with them at once."""
    problems: list[Problem] = []
    wanted: dict[TextSection, str] = {}
    for value, body in bodies.items():
        section = _section(value, kind)
        if isinstance(section, Problem):
            problems.append(section)
            continue
        text = clean(body)
        if problem := core_texts.body_problem(text):  # the one rule, as the workbook's
            problems.append(Problem(section.label, problem))
        wanted[section] = text
    if not wanted and not problems:
        problems.append(Problem("tekst", _("ingen del av dokumentet er sendt inn")))
    if problems:
        raise InputError("programleders tekst", problems)
    return wanted


def _keep(
    session: Session,
    programme_id: int,
    where: core_texts.TextHome,
    wanted: dict[TextSection, str],
    by: str,
    now: datetime,
    loaded: Mapping[TextSection, str] | None = None,
) -> tuple[list[TextSection], list[TextSection]]:
    rows = {
        row.section: row
        for row in session.exec(
            select(LeaderText).where(
                LeaderText.programme_id == programme_id,
                LeaderText.kind == where.kind,
                LeaderText.year == where.year,
                LeaderText.name == where.name,
            )
        )
    }
    changed, removed = [], []
    conflicts = []
    for section, text in wanted.items():
        row = rows.get(section)
        if loaded is not None and section in loaded:
            if loaded_mark(text) == loaded[section]:
                continue  # left as it was loaded: another writer's newer text is not written back over
            if loaded_mark(row.body if row else "") != loaded[section]:
                conflicts.append(_changed_since(section, row))
                continue
        if not text:
            if row is not None:
                session.delete(row)
                removed.append(section)
        elif row is None:
            session.add(
                LeaderText(
                    programme_id=programme_id,
                    kind=where.kind,
                    year=where.year,
                    name=where.name,
                    section=section,
                    body=text,
                    written_by=by,
                    written_at=now,
                )
            )
            changed.append(section)
        elif row.body != text:
            row.body, row.written_by, row.written_at = text, by, now
            session.add(row)
            changed.append(section)
    if conflicts:  # nothing is kept: the session rolls back
        raise InputError("programleders tekst", conflicts)
    return changed, removed


def _changed_since(section: TextSection, row: LeaderText | None) -> Problem:
    """A section someone else changed after this writer loaded it: what they wrote now begins with, so the writer
    can see it, keep what they typed, and save again knowingly."""
    if row is None:
        return Problem(
            section.label,
            _("noen andre har tømt denne delen etter at du åpnet siden; lagre igjen for å beholde teksten din"),
        )
    start = " ".join(row.body.split())
    start = start if len(start) <= 160 else start[:160] + " …"
    return Problem(
        section.label,
        _(
            "%(who)s endret denne delen etter at du åpnet siden (nå: «%(start)s»); teksten din står i feltet: "
            "lagre igjen for å beholde den"
        )
        % {"who": row.written_by, "start": start},
    )


def write_texts(
    engine: Engine,
    slug: str | None,
    kind: DocumentKind,
    year: int,
    bodies: Mapping[TextSection | str, str],
    *,
    by: str,
    meeting_date: date | None = None,
    today: date | None = None,
    now: datetime | None = None,
    loaded: Mapping[TextSection | str, str] | None = None,
) -> Saved:
    """Write the sections in `bodies` (by section; a blank text empties the section) of the document of `kind` for
    `year` (and the meeting), as `by`. Checked all at once, with every problem named: the kind has the section, the
    year is in the programme's status period, a meeting's document names a meeting the board holds, a text is at
    most `BODY_LIMIT` characters; a refusal leaves everything as it was. Recorded in the audit trail (which
    sections, never the text), written, unchanged or failed.

    `loaded` (the web page's form) gives each section's `loaded_mark` as the writer loaded it: a section sent back
    as it was loaded is not written (a newer text by someone else stays), and a section someone else changed in
    between is refused with what it says now, nothing written."""
    now = (now or clock.now()).astimezone(UTC)  # an instant is kept in UTC, shown in the programme's zone
    by = by.strip()
    which = f"{kind.value} {year}" + (f" {meeting_date.isoformat()}" if meeting_date else "")
    with audit.audited(engine, AuditAction.TEXT_WRITTEN, programme=slug, target=which, by=by) as noted:
        if not by:
            raise InputError(
                "programleders tekst", [Problem("skrevet av", _("oppgi hvem som skriver; ingenting ble lagret"))]
            )
        _has_texts(kind)
        wanted = _checked(kind, bodies)
        noted.detail["seksjoner"] = [s.value for s in wanted]
        try:
            with db.session_scope(engine) as session:
                programme = choose.programme(session, slug)
                noted.programme = programme.slug
                snapshot = load_snapshot(session, programme)
                today = today or clock.today_in(snapshot.timezone)
                where, _meeting, _day = _document(snapshot, kind, year, meeting_date, today)
                noted.target = f"{where.kind.value} {where.year} {where.name}"
                marks = {TextSection(s): m for s, m in (loaded or {}).items() if s in TextSection._value2member_map_}
                changed, removed = _keep(
                    session, stored_id(programme), where, wanted, by, now, marks if loaded is not None else None
                )
        except IntegrityError:  # someone else wrote the same section at the same moment
            raise OmstillingError(
                _("teksten ble lagret av noen andre i samme øyeblikk; last siden på nytt og prøv igjen")
            ) from None
        noted.detail |= {"endret": [s.value for s in changed], "tomt": [s.value for s in removed]}
    return Saved(
        document_texts(engine, slug, kind, year, meeting_date=meeting_date, today=today), tuple(changed), tuple(removed)
    )
