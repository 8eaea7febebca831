"""A board meeting's page: the meeting (its day, time, place and state in the agenda's words), its agenda
(`core.meeting_agenda`), its documents on Dokumenter, and who comes (`app.attendance`): a board member's or
deputy's own answer, everyone's answers and the quorum for the leader and the chair, and a deputy called in for a
member who cannot come. The answer links in the notice land here too (no sign-in: the signed token is the
authority), on a page that asks to confirm (a link checker that fetches every link in an e-mail records nothing)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from omstilling import clock
from omstilling.app import attendance as use_case
from omstilling.app import minutes as minutes_case
from omstilling.core import minutes as rules
from omstilling.core.agenda import BOARD_MEETING_MINUTES, meeting_start, meeting_state
from omstilling.core.enums import AnsweredVia, Attendance, MeetingStatus
from omstilling.core.formatting import date_long
from omstilling.core.language import _
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
    worker,
)
from omstilling.web.routes.decisions import meeting_documents

router = APIRouter()
PAGE = "/programmer/{slug}/moter/{day}"


def _day(day: str) -> date:
    found = parse_day(day, "møtedag")
    assert found is not None
    return found


def _refused(exc: Exception, title: str | None = None) -> PageError:
    return PageError(400, title or _("Ingenting ble endret"), _("%(why)s Ingenting ble endret.") % {"why": exc})


@router.get(PAGE)
def meeting_page(request: Request, slug: str, day: str):
    who = reader(request, slug)
    meeting_day = _day(day)
    with db.session_scope(request.app.state.engine) as session:
        programme = programme_or_404(session, slug)
        record = minutes_case.view(session, programme, meeting_day)
        documents = meeting_documents(session, stored_id(programme)).get(meeting_day, [])
    found = record.found if record is not None else None
    if found is None or record is None:
        raise not_found(
            _("%(name)s har ikke noe styremøte %(day)s.") % {"name": programme.name, "day": date_long(meeting_day)}
        )
    meeting, snapshot = found.meeting, found.snapshot
    today = clock.today_in(snapshot.timezone)
    start = datetime.combine(meeting.date, meeting_start(meeting))
    end = start + timedelta(minutes=BOARD_MEETING_MINUTES[meeting.kind])
    mine = found.person_of(who.access.email)
    works = who.access.can_work(slug)
    sees_all = works or found.chairs(who.access.email)
    current = record.current
    me_present = current is not None and mine is not None and any(p.id == mine for p in current.content.present)
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
        agenda=_as_minuted(in_order(meeting_agenda(snapshot, meeting, meeting.date)), record),
        documents=documents,
        board=found.board,
        mine=found.board.line(mine) if mine is not None else None,
        sees_all=sees_all,
        open=meeting.status is not MeetingStatus.CANCELLED and meeting.date >= today,
        answers=list(Attendance),
        page="moter",
        title=_("Styremøte %(day)s – %(name)s") % {"day": date_long(meeting.date), "name": snapshot.name},
        record=record,
        current=current,
        works=works,
        me=mine,
        me_present=me_present,
        sees_draft=works or mine is not None or who.access.operator,
        may_write=rules.write_problem(meeting, today) is None,
        draft=record.draft,
        seats=[line.seat for line in (*found.board.members, *found.board.deputies)],
        deadline=today + timedelta(days=rules.COMMENT_DAYS),
        quorum_now=record.quorum(current.content) if current is not None else None,
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
        raise not_found(_("Det er ikke noe styremøte %(day)s.") % {"day": date_long(meeting_day)})
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
        raise _refused(exc, _("Svaret ble ikke lagret")) from None
    flash(request, _("Svaret ditt er lagret: %(answer)s.") % {"answer": answer.label})
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
        raise PageError(400, _("Ingenting ble endret"), _("Velg medlemmet og varamedlemmet.")) from None
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
        raise _refused(exc, _("Varamedlemmet ble ikke kalt inn")) from None
    flash(request, _("%(name)s er kalt inn og får innkallingen.") % {"name": name})
    return redirect(f"/programmer/{slug}/moter/{meeting_day.isoformat()}")


@router.get(PAGE + "/svar/{token}")
def answer_link(request: Request, slug: str, day: str, token: str):
    meeting_day = _day(day)
    try:
        found = use_case.read_link(token, clock.today())
    except use_case.AnswerRefused as exc:
        raise _refused(exc, _("Lenken virker ikke")) from None
    return render(
        request,
        "moete_svar.html",
        answer=Attendance(found.answer) if found.answer in Attendance._value2member_map_ else None,
        recorded=None,
        day=meeting_day,
        answers=list(Attendance),
        title=_("Svar på innkallingen"),
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
        raise _refused(exc, _("Svaret ble ikke lagret")) from None
    return render(
        request,
        "moete_svar.html",
        answer=recorded,
        recorded=recorded,
        day=meeting_day,
        answers=list(Attendance),
        title=_("Svaret er lagret"),
    )


def _as_minuted(agenda: list[dict], record: minutes_case.MinutesView) -> list[dict]:
    """The agenda with each case's decision as the approved minutes have it; while minutes are being written and
    none is approved, no decision is shown beside the agenda (the draft below says what it proposes)."""
    if record.current is None:
        return agenda
    approved = record.approved
    adopted = {i.key: i.decision for i in approved.content.items} if approved else {}
    shown = []
    for place, case in enumerate(agenda):
        shown.append(case | {"decision": adopted.get(rules.item_key(case, place)) or None})
    return shown


def _on_board(request: Request, who, slug: str, day: date) -> bool:
    """Whether the visitor may see the minutes before they are approved: the leader (or an operator), and the board
    on the meeting's day."""
    if who.access.can_work(slug) or who.access.operator:
        return True
    with db.session_scope(request.app.state.engine) as session:
        found = use_case.meeting_board(session, programme_or_404(session, slug), day)
    return found is not None and found.person_of(who.access.email) is not None


def _back(slug: str, day: date) -> str:
    return f"/programmer/{slug}/moter/{day.isoformat()}#protokoll"


def _ids(values: list) -> list[int]:
    try:
        return [int(str(v)) for v in values]
    except ValueError:
        raise PageError(
            400, _("Protokollen ble ikke lagret"), _("Skjemaet var ikke fylt ut riktig. Ingenting ble endret.")
        ) from None


@router.post(PAGE + "/protokoll")
async def save_minutes(request: Request, slug: str, day: str):
    who = worker(request, slug)
    await check_csrf(request)
    meeting_day = _day(day)
    form = await request.form()
    keys = [str(k) for k in form.getlist("sak")]
    if len(keys) > 500:
        raise PageError(400, _("Protokollen ble ikke lagret"), _("For mange saker i skjemaet. Ingenting ble endret."))
    try:
        saved = minutes_case.save(
            request.app.state.engine,
            slug,
            meeting_day,
            by=who.access.email,
            basis=str(form.get("grunnlag") or ""),
            present=_ids(form.getlist("til_stede")),
            others=str(form.get("andre") or ""),
            decisions={k: str(form.get(f"vedtak-{k}") or "") for k in keys},
            disqualified={k: _ids(form.getlist(f"inhabil-{k}")) for k in keys},
            today=clock.today(),
            now=clock.now(),
        )
    except minutes_case.MinutesRefused as exc:
        raise _refused(exc, _("Protokollen ble ikke lagret")) from None
    flash(
        request,
        _("Protokollen er lagret (versjon %(version)s, %(status)s).")
        % {"version": saved.version, "status": saved.status.label},
    )
    return redirect(_back(slug, meeting_day))


@router.post(PAGE + "/protokoll/til-kommentar")
async def minutes_for_comments(request: Request, slug: str, day: str):
    worker(request, slug)
    await check_csrf(request)
    meeting_day = _day(day)
    form = await request.form()
    try:
        deadline = parse_day(str(form.get("frist") or ""), "frist")
    except PageError:
        deadline = None  # not a date: refused at the field, as no date is
    try:
        sent = minutes_case.send_for_comments(
            request.app.state.engine, slug, meeting_day, deadline=deadline, today=clock.today(), now=clock.now()
        )
    except minutes_case.MinutesRefused as exc:
        if exc.field:  # said at the field it is about, which has the focus (issue 27: errors tied to their fields);
            # no «#protokoll» in the address: a browser leaves autofocus alone on a page opened at a fragment
            flash(
                request,
                _("Protokollen ble ikke sendt: %(why)s Ingenting ble endret.") % {"why": exc},
                "feil",
                field=exc.field,
            )
            return redirect(_back(slug, meeting_day).removesuffix("#protokoll"))
        raise _refused(exc, _("Protokollen ble ikke sendt")) from None
    flash(
        request,
        _("Utkastet er sendt til %(n)s som var til stede, med frist %(day)s.")
        % {"n": len(sent.content.present), "day": date_long(sent.comment_deadline or meeting_day)},
    )
    return redirect(_back(slug, meeting_day))


@router.post(PAGE + "/protokoll/kommentar")
async def comment_minutes(request: Request, slug: str, day: str):
    who = reader(request, slug)
    await check_csrf(request)
    meeting_day = _day(day)
    form = await request.form()
    none = "ingen" in form
    try:
        minutes_case.comment(
            request.app.state.engine,
            slug,
            meeting_day,
            email=who.access.email,
            text=None if none else str(form.get("kommentar") or ""),
            today=clock.today(),
            now=clock.now(),
        )
    except minutes_case.MinutesRefused as exc:
        raise _refused(exc, _("Kommentaren ble ikke lagret")) from None
    flash(request, _("Takk, du har sagt at du ikke har kommentarer.") if none else _("Kommentaren din er lagret."))
    return redirect(_back(slug, meeting_day))


@router.post(PAGE + "/protokoll/til-godkjenning")
async def minutes_for_approval(request: Request, slug: str, day: str):
    worker(request, slug)
    await check_csrf(request)
    meeting_day = _day(day)
    try:
        sent = minutes_case.send_for_approval(
            request.app.state.engine, slug, meeting_day, today=clock.today(), now=clock.now()
        )
    except minutes_case.MinutesRefused as exc:
        raise _refused(exc, _("Protokollen ble ikke sendt til godkjenning")) from None
    flash(
        request,
        _("Versjon %(version)s av protokollen er sendt til godkjenning hos %(n)s som var til stede.")
        % {"version": sent.version, "n": len(sent.content.approvers)},
    )
    return redirect(_back(slug, meeting_day))


@router.post(PAGE + "/protokoll/godkjenn")
async def approve_minutes(request: Request, slug: str, day: str):
    who = reader(request, slug)
    await check_csrf(request)
    meeting_day = _day(day)
    form = await request.form()
    live = getattr(request.state, "web_session", None)
    try:
        version, done = minutes_case.approve(
            request.app.state.engine,
            slug,
            meeting_day,
            email=who.access.email,
            method=live.method if live is not None else "ukjent",
            sha256=str(form.get("sha256") or "")[:64],
            today=clock.today(),
            now=clock.now(),
        )
    except minutes_case.MinutesRefused as exc:
        raise _refused(exc, _("Godkjenningen ble ikke lagret")) from None
    flash(
        request,
        (
            _(
                "Du har godkjent versjon %(version)s av protokollen. Alle som var til stede har nå godkjent den; "
                "protokollen er godkjent."
            )
            if done
            else _("Du har godkjent versjon %(version)s av protokollen.")
        )
        % {"version": version.version},
    )
    return redirect(_back(slug, meeting_day))


# (the approved file's route first: «v1-godkjent.pdf» would otherwise be read as version «1-godkjent»)
@router.get(PAGE + "/protokoll/v{version}-godkjent.pdf")
def approved_minutes_pdf(request: Request, slug: str, day: str, version: int):
    return _pdf(request, slug, day, version, approved=True)


@router.get(PAGE + "/protokoll/v{version}.pdf")
def minutes_pdf(request: Request, slug: str, day: str, version: int):
    return _pdf(request, slug, day, version, approved=False)


def _pdf(request: Request, slug: str, day: str, version: int, *, approved: bool) -> Response:
    who = reader(request, slug)
    meeting_day = _day(day)
    outside = not _on_board(request, who, slug, meeting_day)
    try:
        data, digest = minutes_case.pdf(
            request.app.state.engine, slug, meeting_day, version, approved=approved, board_only=outside
        )
    except minutes_case.NotYours as exc:
        raise PageError(403, _("Bare for styret"), str(exc)) from None
    except minutes_case.FileChanged as exc:
        raise PageError(409, _("Filen vises ikke"), str(exc)) from None
    except minutes_case.MinutesRefused as exc:
        raise not_found(str(exc)) from None
    name = f"protokoll-{meeting_day.isoformat()}-v{version}{'-godkjent' if approved else ''}.pdf"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"', "X-Content-SHA256": digest},
    )
