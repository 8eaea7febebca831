"""A board meeting's page: the meeting (its day, time, place and state in the agenda's words), its agenda
(`core.meeting_agenda`), its documents on Dokumenter, and who comes (`app.attendance`): a board member's or
deputy's own answer, everyone's answers and the quorum for the leader and the chair, and a deputy called in for a
member who cannot come. The answer links in the notice land here too (no sign-in: the signed token is the
authority), on a page that asks to confirm (a link checker that fetches every link in an e-mail records nothing)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi import APIRouter, Request

from omstilling import clock
from omstilling.app import attendance as use_case
from omstilling.core.agenda import BOARD_MEETING_MINUTES, meeting_start, meeting_state
from omstilling.core.enums import AnsweredVia, Attendance, MeetingStatus
from omstilling.core.formatting import date_long
from omstilling.core.meeting_agenda import in_order, meeting_agenda
from omstilling.store import db
from omstilling.store.models.base import stored_id
from omstilling.web.pages import (
    PageError,
    check_csrf,
    flash,
    not_found,
    parse_day,
    programme_or_404,
    reader,
    redirect,
    render,
)
from omstilling.web.routes.decisions import meeting_documents

router = APIRouter()
PAGE = "/programmer/{slug}/moter/{day}"


def _day(day: str) -> date:
    found = parse_day(day, "møtedag")
    assert found is not None
    return found


def _refused(exc: use_case.AnswerRefused, title: str = "Ingenting ble endret") -> PageError:
    return PageError(400, title, f"{exc} Ingenting ble endret.")


@router.get(PAGE)
def meeting_page(request: Request, slug: str, day: str):
    who = reader(request, slug)
    meeting_day = _day(day)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        found = use_case.meeting_board(session, programme, meeting_day)
        documents = meeting_documents(session, stored_id(programme)).get(meeting_day, [])
    if found is None:
        raise not_found(f"{programme.name} har ikke noe styremøte {date_long(meeting_day)}.")
    meeting, snapshot = found.meeting, found.snapshot
    today = clock.today_in(snapshot.timezone)
    start = datetime.combine(meeting.date, meeting_start(meeting))
    end = start + timedelta(minutes=BOARD_MEETING_MINUTES[meeting.kind])
    mine = found.person_of(who.access.email)
    sees_all = who.access.can_work(slug) or found.chairs(who.access.email)
    return render(
        request,
        "moete.html",
        who=who,
        programme=snapshot,
        meeting=meeting,
        start=start,
        end=end,
        state=meeting_state(meeting, today),
        held=meeting.status is MeetingStatus.HELD,
        agenda=in_order(meeting_agenda(snapshot, meeting, meeting.date)),
        documents=documents,
        board=found.board,
        mine=found.board.line(mine) if mine is not None else None,
        sees_all=sees_all,
        open=meeting.status is not MeetingStatus.CANCELLED and meeting.date >= today,
        answers=list(Attendance),
        page="moter",
        title=f"Styremøte {date_long(meeting.date)} – {snapshot.name}",
    )


@router.post(PAGE + "/svar")
async def answer_on_page(request: Request, slug: str, day: str):
    who = reader(request, slug)
    await check_csrf(request)
    meeting_day = _day(day)
    form = await request.form()
    with db.session_scope(request.app.state.engine) as session:
        found = use_case.meeting_board(session, programme_or_404(session, slug), meeting_day)
    if found is None:
        raise not_found(f"Det er ikke noe styremøte {date_long(meeting_day)}.")
    try:
        answer = use_case.record_answer(
            request.app.state.engine,
            slug,
            meeting_day,
            person_id=found.person_of(who.access.email),
            value=str(form.get("svar") or ""),
            via=AnsweredVia.WEB_APP,
            today=clock.today_in(found.snapshot.timezone),
            now=clock.now(),
        )
    except use_case.AnswerRefused as exc:
        raise _refused(exc, "Svaret ble ikke lagret") from None
    flash(request, f"Svaret ditt er lagret: {answer.label}.")
    return redirect(f"/programmer/{slug}/moter/{meeting_day.isoformat()}")


@router.post(PAGE + "/vara")
async def call_in_deputy(request: Request, slug: str, day: str):
    who = reader(request, slug)
    await check_csrf(request)
    meeting_day = _day(day)
    form = await request.form()
    try:
        member, deputy = int(str(form.get("medlem") or "")), int(str(form.get("vara") or ""))
    except ValueError:
        raise PageError(400, "Ingenting ble endret", "Velg medlemmet og varamedlemmet.") from None
    try:
        name = use_case.call_in(
            request.app.state.engine,
            slug,
            meeting_day,
            member_id=member,
            deputy_id=deputy,
            by=who.access.email,
            works=who.access.can_work(slug),
            today=clock.today(),
            now=clock.now(),
        )
    except use_case.AnswerRefused as exc:
        raise _refused(exc, "Varamedlemmet ble ikke kalt inn") from None
    flash(request, f"{name} er kalt inn og får innkallingen.")
    return redirect(f"/programmer/{slug}/moter/{meeting_day.isoformat()}")


@router.get(PAGE + "/svar/{token}")
def answer_link(request: Request, slug: str, day: str, token: str):
    meeting_day = _day(day)
    try:
        found = use_case.read_link(token, clock.today())
    except use_case.AnswerRefused as exc:
        raise _refused(exc, "Lenken virker ikke") from None
    return render(
        request,
        "moete_svar.html",
        answer=Attendance(found.answer) if found.answer in Attendance._value2member_map_ else None,
        recorded=None,
        day=meeting_day,
        answers=list(Attendance),
        title="Svar på innkallingen",
    )


@router.post(PAGE + "/svar/{token}")
async def answer_by_link(request: Request, slug: str, day: str, token: str):
    await check_csrf(request)
    meeting_day = _day(day)
    form = await request.form()
    try:
        recorded = use_case.answer_by_link(
            request.app.state.engine,
            slug,
            meeting_day,
            token,
            str(form["svar"]) if "svar" in form else None,
            today=clock.today(),
            now=clock.now(),
        )
    except use_case.AnswerRefused as exc:
        raise _refused(exc, "Svaret ble ikke lagret") from None
    return render(
        request,
        "moete_svar.html",
        answer=recorded,
        recorded=recorded,
        day=meeting_day,
        answers=list(Attendance),
        title="Svaret er lagret",
    )
