"""Every default for "which year, seen from which day": the one place the CLI, the flows, the tick and the
documents take them from (pure: `today` is an argument).

- A status: as of today, or the end of the programme's status period once it has passed, or the end of the
  year asked for; the year is the latest with an action plan up to that day.
- A document: a year given alone means the whole year (the half-year report: up to 30 June). The annual report
  is by default about the last year that is over (and has a plan), as of its 31 December.
- A board report is for one board meeting (one the programme has: any other day is refused): by default the next
  meeting on or after the day; its figures are as of the day before that meeting (the meeting's own decisions are
  not yet made), or today when the meeting is still to come. Its year is the meeting's year. The
  notice and the board pack follow the same rule; the draft minutes (figures as of the meeting's day) default to the last meeting on or before
  the day.
- The final report and the final evaluation's data pack are by default about the last year of the status period
  (and the whole period up to it), as of its 31 December.
- The wheel (and the web app's pages): this year, seen from today. Once the status period has ended: the last
  year with figures (an action plan, a grant, a payment or a result) within the period, and `ended_note` says
  that the programme has ended, and when. Any year is seen from today unless another day is asked for: what
  stands where now (a deadline of 2014 marked done today is done), the same on every page.
- A meeting's document with a year and no meeting: one of that year's meetings (see `meeting_in_year`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from omstilling.core.enums import DocumentKind, MeetingStatus
from omstilling.core.language import _
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.errors import OmstillingError


@dataclass(frozen=True)
class Period:
    """Which plan year a status or a document is about, the day it is taken, and (board reports) the meeting."""

    year: int
    as_of: date
    meeting_date: date | None = None


class MeetingNeeded(OmstillingError):
    """A meeting's document with no meeting named, and none follows from the day or the year. The message lists
    the meetings to choose from; `hint` says how to name one in the words of the way in (the command line's
    options, the web form's field), as `AmbiguousProgramme.with_hint` does; `year_given`: a year was named."""

    def __init__(self, reason: str, hint: str | None = None, *, year_given: bool = False):
        hint = _("velg et av møtene") if hint is None else hint
        self.reason, self.hint, self.year_given = reason, hint, year_given
        super().__init__(f"{reason}: {hint}")

    def with_hint(self, hint: str) -> MeetingNeeded:
        """The same refusal, told how to choose where the person is."""
        return MeetingNeeded(self.reason, hint, year_given=self.year_given)


def programme_end(snapshot: ProgrammeSnapshot) -> date:
    return date(snapshot.status_end_year, 12, 31)


def period_end(kind: DocumentKind | None, year: int) -> date:
    """The last day a document of `kind` for `year` covers: 30 June for the half-year report, else 31 December."""
    return date(year, 6, 30) if kind is DocumentKind.HALF_YEAR_REPORT else date(year, 12, 31)


def document_name(kind: DocumentKind, meeting_date: date | None) -> str:
    """A document's name in its year: the kind, and for a meeting's document (board report, notice, board pack,
    minutes) the meeting's date (`styrerapport-2014-06-16`, `styrepapirer-2014-06-16`)."""
    if kind.for_meeting and meeting_date:
        return f"{kind.value}-{meeting_date.isoformat()}"
    return kind.value


def report_year(kind: DocumentKind | None, rule_date: date) -> int:
    """The year a deadline's document is about, from the date its rule gives (before any move to a working day,
    so a 31 December deadline due on 2 January is still about the old year): the annual report whose rule
    falls in the first half-year covers the year before."""
    if kind is DocumentKind.ANNUAL_REPORT and rule_date.month <= 6:
        return rule_date.year - 1
    return rule_date.year


def status_period(
    snapshot: ProgrammeSnapshot, today: date, year: int | None = None, as_of: date | None = None
) -> Period:
    """The defaults of `omstilling status` (see the module's rules)."""
    if as_of is None:
        as_of = min(today, programme_end(snapshot), date(year, 12, 31) if year else programme_end(snapshot))
    if year is None:
        years = [y for y in snapshot.plan_years() if y <= as_of.year]
        year = years[-1] if years else as_of.year
    return Period(year, as_of)


def next_meeting(snapshot: ProgrammeSnapshot, day: date) -> date | None:
    """The first board meeting on or after `day` that is not cancelled."""
    upcoming = sorted(m.date for m in snapshot.meetings if m.date >= day and m.status is not MeetingStatus.CANCELLED)
    return upcoming[0] if upcoming else None


def last_meeting(snapshot: ProgrammeSnapshot, day: date) -> date | None:
    """The last board meeting on or before `day` that is not cancelled."""
    held = sorted(m.date for m in snapshot.meetings if m.date <= day and m.status is not MeetingStatus.CANCELLED)
    return held[-1] if held else None


def _meeting_list(days: list[date]) -> str:
    return ", ".join(d.isoformat() for d in days)


def _known(snapshot: ProgrammeSnapshot, year: int) -> str:
    """The meetings to choose from, for a message: those of `year` that are not cancelled, or the years that have
    some."""
    days = sorted(m.date for m in snapshot.meetings if m.date.year == year and m.status is not MeetingStatus.CANCELLED)
    if days:
        return _("møtene i %(year)s: %(days)s") % {"year": year, "days": _meeting_list(days)}
    years = sorted({m.date.year for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED})
    if not years:
        return _("ingen styremøter")
    return _("ingen møter i %(year)s; år med styremøter: %(years)s") % {
        "year": year,
        "years": ", ".join(map(str, years)),
    }


def meeting_in_year(snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, seen_from: date) -> date:
    """The meeting of `year` a meeting's document is for, seen from `seen_from` (at the latest 31 December of
    the year): the draft minutes are for the last meeting held by then; the other documents (board report,
    notice, board pack) for the next meeting of the year still to come, or else the last one held. Refused, with
    the year's meetings listed to choose from, when there is none."""
    days = sorted(m.date for m in snapshot.meetings if m.date.year == year and m.status is not MeetingStatus.CANCELLED)
    if not days:
        years = sorted({m.date.year for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED})
        known = (
            _("år med styremøter: %(years)s") % {"years": ", ".join(map(str, years))}
            if years
            else _("programmet har ingen styremøter")
        )
        raise OmstillingError(
            _("ingen styremøter i %(year)s i %(programme)s (%(known)s); ingenting ble skrevet")
            % {"year": year, "programme": snapshot.slug, "known": known}
        )
    held = [d for d in days if d <= seen_from]
    if kind is not DocumentKind.MINUTES:
        coming = [d for d in days if d >= seen_from]
        if coming:
            return coming[0]
    if held:
        return held[-1]
    raise MeetingNeeded(
        _("ingen styremøter i %(year)s er holdt på eller før %(day)s; møtene i %(year)s: %(days)s")
        % {"year": year, "day": seen_from.isoformat(), "days": _meeting_list(days)},
        year_given=True,
    )


def document_period(
    snapshot: ProgrammeSnapshot,
    kind: DocumentKind,
    today: date,
    year: int | None = None,
    as_of: date | None = None,
    meeting_date: date | None = None,
) -> Period:
    """The period of a document of `kind` (see the module's rules). The CLI and the flows both call this, so
    the same arguments always give the same document."""
    if kind.for_meeting:
        if meeting_date is not None and year is not None and meeting_date.year != year:
            raise OmstillingError(
                _("styremøtet %(day)s er ikke i %(year)s: oppgi året møtet er i, eller bare møtet")
                % {"day": meeting_date.isoformat(), "year": year}
            )
        if meeting_date is None and year is not None:
            meeting_date = meeting_in_year(snapshot, kind, year, as_of or min(today, date(year, 12, 31)))
        if meeting_date is None:
            seen_from = as_of or min(today, programme_end(snapshot))
            if kind is DocumentKind.MINUTES:  # the minutes are written after the meeting: the last one held
                meeting_date = last_meeting(snapshot, seen_from)
                none = _("ingen styremøter på eller før %(day)s (%(known)s)")
            else:
                meeting_date = next_meeting(snapshot, seen_from)
                none = _("ingen styremøter på eller etter %(day)s (%(known)s)")
            if meeting_date is None:
                raise MeetingNeeded(none % {"day": seen_from.isoformat(), "known": _known(snapshot, seen_from.year)})
        elif meeting_date in {m.date for m in snapshot.meetings if m.status is MeetingStatus.CANCELLED} - {
            m.date for m in snapshot.meetings if m.status is not MeetingStatus.CANCELLED
        }:
            raise OmstillingError(
                _("styremøtet %(day)s i %(programme)s er avlyst (%(known)s); ingenting ble skrevet")
                % {
                    "day": meeting_date.isoformat(),
                    "programme": snapshot.slug,
                    "known": _known(snapshot, meeting_date.year),
                }
            )
        elif meeting_date not in {m.date for m in snapshot.meetings}:
            # a meeting's document for a day the board does not meet would be written and recorded as if it did
            raise OmstillingError(
                _("ingen styremøte %(day)s i %(programme)s (%(known)s); ingenting ble skrevet")
                % {
                    "day": meeting_date.isoformat(),
                    "programme": snapshot.slug,
                    "known": _known(snapshot, meeting_date.year),
                }
            )
        if as_of is None:
            # the papers before a meeting count up to the day before it (the meeting's own decisions are not yet
            # made); the minutes, written after it, count the meeting's day too
            last_day = meeting_date if kind is DocumentKind.MINUTES else meeting_date - timedelta(days=1)
            as_of = min(last_day, today)
        return Period(meeting_date.year, as_of, meeting_date)
    if kind in (DocumentKind.FINAL_REPORT, DocumentKind.FINAL_EVALUATION) and year is None:
        # the final report and the evaluation's data pack are about the whole period, up to its last year
        year = snapshot.status_end_year
    if kind is DocumentKind.ANNUAL_REPORT and year is None:
        # The annual report is about the last year that is over: in January 2015 the 2014 report, as of
        # 31 December 2014 (not the 2015 plan, nor figures as of the day it is written).
        seen = as_of or min(today, programme_end(snapshot))
        candidates = [seen.year - 1, snapshot.status_end_year]
        plans = [y for y in snapshot.plan_years() if y < seen.year]
        year = min([*candidates, plans[-1]] if plans else candidates)
    if as_of is None and year is not None:
        as_of = period_end(kind, year)
    return status_period(snapshot, today, year, as_of)


def figure_years(snapshot: ProgrammeSnapshot) -> list[int]:
    """The years that have figures: an action plan, a grant decision, a payment or a result."""
    years = set(snapshot.plan_years())
    for project in snapshot.projects:
        if project.decision_date is not None and project.status.started:
            years.add(project.decision_date.year)
        years |= {p.date.year for p in project.payments}
        years |= {r.date.year for r in project.results}
    return sorted(years)


def has_ended(snapshot: ProgrammeSnapshot, today: date) -> bool:
    return today > programme_end(snapshot)


def wheel_period(snapshot: ProgrammeSnapshot, today: date, year: int | None = None) -> Period:
    """The wheel's year and the day it is seen from (see the module's rules)."""
    if year is None:
        year = min(today.year, snapshot.status_end_year)
        if has_ended(snapshot, today):
            lived = [y for y in figure_years(snapshot) if snapshot.status_start_year <= y <= snapshot.status_end_year]
            if lived:
                year = lived[-1]
    return Period(year, today)


def seen_period(snapshot: ProgrammeSnapshot, today: date, year: int | None = None, day: date | None = None) -> Period:
    """The year shown and the day it is seen from, for the wheel and the web app's pages: the day asked for (and
    its year unless another is asked for), or `wheel_period`'s defaults."""
    if day is not None:
        return Period(year or day.year, day)
    return wheel_period(snapshot, today, year)


def ended_note(snapshot: ProgrammeSnapshot, today: date, shown: int) -> str | None:
    """One Norwegian sentence when the programme's status period has ended (None while it runs)."""
    if not has_ended(snapshot, today):
        return None
    end = programme_end(snapshot)
    first, last = snapshot.status_years
    text = _("Programmet er avsluttet: statusperioden %(first)s–%(last)s endte %(day)s. desember %(year)s.") % {
        "first": first,
        "last": last,
        "day": end.day,
        "year": end.year,
    }
    lived = [y for y in figure_years(snapshot) if first <= y <= last]
    if lived and shown == lived[-1]:
        text += " " + _("Her vises %(year)s, det siste året med tall.") % {"year": shown}
    elif lived:
        text += " " + _("Det siste året med tall er %(year)s.") % {"year": lived[-1]}
    else:
        text += " " + _("Programmet har ingen tall registrert i perioden.")
    return text
