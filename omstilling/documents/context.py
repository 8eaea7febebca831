"""What a document shows, as plain data (pure): the figures come from the one figures builder
(`omstilling.core.figures`), the same that `omstilling status` shows; this adds what only documents need
(the definitions, the people, the meeting a board report is for, next year's wheel)."""

from __future__ import annotations

from datetime import date
from typing import Any

from omstilling.core import figures, texts
from omstilling.core.agenda import agenda
from omstilling.core.decisions import register
from omstilling.core.enums import DocumentKind, MeetingStatus, Role
from omstilling.core.formatting import percent
from omstilling.core.indicators import TOLERANCE
from omstilling.core.language import _
from omstilling.core.meeting_agenda import meeting_agenda, previous_meeting
from omstilling.core.snapshot import ProgrammeSnapshot


def definitions() -> list[tuple[str, str]]:
    """The terms the documents use, and what they mean, in the current written standard (`core.language`)."""
    tolerance = percent(TOLERANCE * 100)  # the tolerance the lights and deviations use, written as the documents do
    return [
        (
            _("Nye og sikrede arbeidsplasser"),
            _(
                "Telles hver for seg per prosjekt, etter datoen resultatet er rapportert, med kilde (egenrapportert, "
                "sluttrapport eller evaluator). Summen vises ved siden av."
            ),
        ),
        (_("Nye bedrifter"), _("Bedrifter etablert som resultat av støttede prosjekter, etter rapportert dato.")),
        (
            _("Giring"),
            _(
                "Samlet budsjett (alle finansieringskilder) for prosjektene som er innvilget i perioden, i kroner "
                "og som forhold til programmets støtte til de samme prosjektene."
            ),
        ),
        (
            _("Kompetanseandel"),
            _(
                "Andelen av prosjektene innvilget i perioden (regnet i antall) der kompetanseheving er et vesentlig "
                "element."
            ),
        ),
        (
            _("Prosjekter per tiltak"),
            _(
                "Prosjekter innvilget i planåret innen tiltakets innsatsområde som har en av "
                "tiltakets merkelapper og ingen av dem det utelukker."
            ),
        ),
        (
            _("Programmets støtte"),
            _(
                "Tilsagn til igangsatte prosjekter; et prosjekt som ikke ble gjennomført, teller bare "
                "det det beholdt (utbetalt minus tilbakeført)."
            ),
        ),
        (
            _("Trafikklys"),
            _(
                "Grønn: målet er nådd, eller ligger an til å nås (tall som bygger seg opp over perioden "
                "sammenlignes med forholdsmessig andel av målet). Gul: inntil %(tolerance)s under. Rød: mer enn "
                "%(tolerance)s under; da er det et avvik som trenger årsak og tiltak."
            )
            % {"tolerance": tolerance},
        ),
        (
            _("Avvik"),
            _(
                "Et mål eller en budsjettlinje som er mer enn %(tolerance)s fra mål eller plan. Åpne avvik føres "
                "videre til neste rapport og neste styremøte."
            )
            % {"tolerance": tolerance},
        ),
    ]


def build_context(
    kind: DocumentKind, snapshot: ProgrammeSnapshot, year: int, as_of: date, meeting_date: date | None = None
) -> dict[str, Any]:
    """Everything a document of `kind` for `year`, seen on `as_of`, needs. A meeting's papers whose figures end in
    the year before the meeting (a meeting on 2 January counts up to 31 December) give that year's figures, not
    an empty new year's."""
    figures_year = as_of.year if kind.for_meeting and as_of.year < year else year
    context: dict[str, Any] = figures.build(snapshot, figures_year, as_of) | {
        "kind": kind.value,
        "kind_label": kind.label,
        "programme": {
            "name": snapshot.name,
            "slug": snapshot.slug,
            "municipality": snapshot.municipality,
            "county": snapshot.county,
            "county_short": snapshot.county_short,
            "status_start_year": snapshot.status_start_year,
            "status_end_year": snapshot.status_end_year,
        },
        "roles": [
            # `key`: the role's code, for a template to choose people by (the label is in the written standard)
            {"name": r.name, "role": Role(r.role).label, "key": Role(r.role).value, "organisation": r.organisation}
            for r in snapshot.roles
            if r.holds_on(as_of)
        ],
        "definitions": definitions(),
    }
    context["own"] = own_words(snapshot, kind, year, as_of, meeting_date)
    if kind.for_meeting:
        context["meeting"] = board_meeting_context(snapshot, meeting_date or as_of, as_of)
    if kind is DocumentKind.APPLICATION:
        context["county_request"] = figures.county_request(snapshot, year)
    if kind is DocumentKind.FINAL_REPORT:
        context["whole_period"] = figures.whole_period(snapshot, as_of)
    if kind is DocumentKind.FINAL_EVALUATION:
        context["evaluation"] = figures.evaluation(snapshot, as_of)
    if kind is DocumentKind.ACTION_PLAN:
        context["next_year"] = year + 1
        context["wheel"] = [
            {
                "due": row.due,
                "title": row.title,
                "kind": row.kind.label,
                "responsible": row.responsible,
                "responsible_labels": [
                    Role(r).label if r in Role._value2member_map_ else _("styret") for r in row.responsible
                ],
            }
            for row in agenda(snapshot, year + 1, as_of, with_missing=False).markable
        ]
    return context


def own_words(
    snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, as_of: date, meeting_date: date | None
) -> dict[str, dict[str, Any]]:
    """The sections of the document in the programme leader's own words (`omstilling.core.texts`), by section:
    what is written (None: not yet) and whether the document needs it now. Part of the fingerprint, so a changed
    text makes a new version. Who wrote it stays out of the document (an address is contact data; the web page
    shows it)."""
    done = texts.written(snapshot, kind, year, meeting_date)
    needed = texts.needed(snapshot, kind, year, as_of, meeting_date)
    return {
        section.value: {
            "label": section.label,
            "body": done[section].body if section in done else None,
            "needed": section in needed,
        }
        for section in texts.sections(kind)
    }


def open_follow_ups(snapshot: ProgrammeSnapshot, meeting_date: date, as_of: date) -> list[dict[str, Any]]:
    """The decisions of earlier meetings still to be followed up on `as_of` (the decisions register's open
    follow-ups, `core.decisions.register`), for the board report's "Oppfølging av vedtak", the earliest deadline
    first."""
    found = [
        {
            "number": d.number,
            "title": d.title,
            "what": d.follow_up.what,
            "role": Role(d.follow_up.role).label,
            "due": d.follow_up.due,
            "meeting": d.meeting,
            "overdue": d.follow_up.due < meeting_date,
        }
        for d in register(snapshot, as_of)
        if d.meeting < meeting_date and d.follow_up is not None and d.follow_up.state.open
    ]
    return sorted(found, key=lambda f: (f["due"], f["number"]))


def board_meeting_context(snapshot: ProgrammeSnapshot, meeting_date: date, as_of: date) -> dict[str, Any]:
    """The meeting a board report, notice, pack or minutes is for, what happened since the previous one (up to
    the day before the meeting: the meeting's own grants are not yet made), and its agenda as meeting practice
    orders it (`omstilling.core.meeting_agenda`, the one home of that order): the standing items, the cases the
    board decides (vedtakssaker), the cases it is told about (orienteringssaker), and eventuelt last. Each case
    with its background and its proposed decision; the decision itself only in the minutes."""
    meeting = next((m for m in snapshot.meetings if m.date == meeting_date), None)
    previous = previous_meeting(snapshot, meeting_date)
    since = [
        figures.project_row(snapshot, p, as_of)
        for p in snapshot.projects
        if p.status.supported
        and p.decision_date
        # from the previous meeting (its own grants were after its papers) up to the day before this one
        and (previous is None or p.decision_date >= previous)
        and p.decision_date < meeting_date  # decisions the meeting itself will make are not yet support
        and p.decision_date <= as_of
    ]
    return {
        "follow_ups": open_follow_ups(snapshot, meeting_date, as_of),
        "date": meeting_date,
        "found": meeting is not None,
        "kind": meeting.kind.label if meeting else None,
        "location": meeting.location if meeting else None,
        "start_time": meeting.start_time if meeting else None,
        "cancelled": meeting is not None and meeting.status is MeetingStatus.CANCELLED,
        **meeting_agenda(snapshot, meeting, meeting_date),
        "previous": previous,
        "projects_since": since,
    }
