"""A person's data (issue 22, item 5): the operator exports everything held about a person as JSON, and nothing of
anyone else's; and erases a person who has left, a dry run first, keeping what the programme's records must keep
(their name in the approved minutes, the board's past roles) and saying so."""

from __future__ import annotations

import json
import secrets
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from omstilling.app.access import grant_county
from omstilling.app.deadlines import mark_deadline
from omstilling.app.drafts import write_report
from omstilling.app.people import erase_person, export_person
from omstilling.core.enums import (
    AnsweredVia,
    Attendance,
    DeadlineStatus,
    DocumentKind,
    MessageKind,
    MinutesStatus,
    OutboxStatus,
    TextSection,
)
from omstilling.errors import OmstillingError
from omstilling.intake import writes
from omstilling.store import audit, choose, db
from omstilling.store.models import (
    AuditEvent,
    BoardMeeting,
    Contact,
    CountyReader,
    Deadline,
    LeaderText,
    MeetingAnswer,
    Minutes,
    MinutesApproval,
    MinutesComment,
    OutboxMessage,
    Person,
    RoleAssignment,
    SignInToken,
    WebSession,
)
from omstilling.store.models.base import stored_id
from tests.support.web import COUNTY, OPERATOR, SLUG, add_programmes, csrf_for, make_app, sign_in

LEFT = "tidligere.styremedlem@example.org"
NAME = "Kari Tidligere"
PHONE = "+47 900 11 222"
LEADER = "programleder@example.org"
OTHERS = (
    LEADER,
    OPERATOR,
    "Bjørn Iversen",
    "styremedlem1@example.org",
    "Styremedlem 1",
    "10.9.9.9",
    "tidligere@example.org",
    "Tidligere leder",
)
"""What must never be in the export about LEFT: other people's addresses, names and where they worked from."""
MEETING = date(2014, 1, 27)
ANSWERED, ABSENT = date(2014, 3, 17), date(2014, 5, 19)
"""The meetings LEFT answered the notice of: she came to the first (and commented on and approved its minutes),
and sent apologies to the second, a deputy called in for her."""
SHA = "ab" * 32


def held_by_left(engine) -> None:
    """A board member from 2012 to 30 June 2014, with everything the database can hold about a person: contact
    data, a county grant, a sign-in link, a web session, messages (one sent, one waiting), a deadline marked and
    audit events by and about them, answers to meetings' notices, a deputy called in, a minutes version written,
    comments on and an approval of minutes; and, beside it, the same kinds of rows of other people."""
    add_programmes(engine)
    now = datetime.now(UTC)
    with db.session_scope(engine) as session:
        programme = choose.programme(session, SLUG)
        writes.add_role(
            session,
            programme,
            {
                "name": NAME,
                "role": "styremedlem",
                "organisation": "Næringslivet",
                "term_start": date(2012, 1, 1),
                "term_end": date(2014, 6, 30),
                "email": LEFT,
                "phone": PHONE,
            },
        )
        deadline = session.exec(select(Deadline).where(Deadline.programme_id == programme.id)).first()
        if deadline is None:
            from omstilling.wheel.deadlines import materialise

            materialise(session, programme, 2014, date(2014, 1, 1))
            deadline = session.exec(select(Deadline).where(Deadline.programme_id == programme.id)).first()
        assert deadline is not None
        for email in (LEFT, LEADER):
            session.add(
                SignInToken(
                    token_hash=secrets.token_hex(32),
                    email=email,
                    created_at=now,
                    expires_at=now + timedelta(minutes=15),
                    sent_at=now,
                )
            )
            session.add(
                WebSession(
                    token_hash=secrets.token_hex(32), email=email, method="epost", expires_at=now + timedelta(hours=8)
                )
            )
        for step, (to, status) in enumerate(
            ((LEFT, OutboxStatus.SENT), (LEFT, OutboxStatus.PENDING), (LEADER, OutboxStatus.SENT)), start=1
        ):
            session.add(
                OutboxMessage(
                    deadline_id=deadline.id,
                    kind=MessageKind.REMINDER,
                    step=step,
                    recipient=to,
                    subject="Vestre Toten: Årsrapport 2014",
                    body=f"Hei, dette går til {to}.",
                    html="<p>Hei</p>",
                    role="styremedlem",
                    status=status,
                    planned_for=date(2014, 6, 1),
                    sent_at=now if status is OutboxStatus.SENT else None,
                    last_error=f"550 {to}: ingen slik postkasse" if step == 2 else None,
                )
            )
        for who, section in ((LEFT, TextSection.SUMMARY), (LEADER, TextSection.WAY_FORWARD)):  # from a workbook
            session.add(
                LeaderText(
                    programme_id=stored_id(programme),
                    kind=DocumentKind.HALF_YEAR_REPORT,
                    year=2014,
                    name="halvarsrapport",
                    section=section,
                    body=f"Tekst til {section.label}.",
                    written_by=who,
                    written_at=now,
                )
            )
        held_about_meetings(session, stored_id(programme), now)
    with audit.acting_as(OPERATOR, "10.9.9.9"):
        grant_county(engine, LEFT, COUNTY, by=OPERATOR)
    audit.record(engine, "innlogging", who=LEFT, source="10.1.1.1", target=LEFT, detail={"metode": "epost"})
    audit.record(engine, "innlogging", who=LEADER, source="10.9.9.9", target=LEADER)
    with audit.acting_as(LEFT, "10.1.1.1"):
        mark_deadline(engine, SLUG, "arsrapport", 2014, DeadlineStatus.DONE, by=LEFT)


def held_about_meetings(session, programme_id: int, now: datetime) -> None:
    """The board meeting's rows about LEFT, made directly (who may do what is the meeting page's business): her
    answers, the deputy she called in for another member, the minutes' version she wrote, her comments and her
    approval; and beside them another member's answer, comment and approval."""
    meetings = {
        m.date: stored_id(m)
        for m in session.exec(select(BoardMeeting).where(BoardMeeting.programme_id == programme_id))
    }
    ids = {p.name: stored_id(p) for p in session.exec(select(Person))}
    kari, other, deputy = ids[NAME], ids["Styremedlem 1"], ids["Varamedlem 1"]
    for meeting, person, answer, via, called_in_by in (
        (ANSWERED, kari, Attendance.COMING, AnsweredVia.LINK, None),
        (ANSWERED, other, Attendance.COMING, AnsweredVia.WEB_APP, None),
        (ANSWERED, ids["Styremedlem 2"], Attendance.NOT_COMING, AnsweredVia.WEB_APP, LEFT),
        (ABSENT, kari, Attendance.NOT_COMING, AnsweredVia.WEB_APP, LEADER),
    ):
        session.add(
            MeetingAnswer(
                meeting_id=meetings[meeting],
                person_id=person,
                answer=answer,
                via=via,
                answered_at=now,
                deputy_id=deputy if called_in_by else None,
                called_in_by=called_in_by,
                called_in_at=now if called_in_by else None,
            )
        )
    approved = Minutes(
        meeting_id=meetings[ANSWERED],
        version=1,
        status=MinutesStatus.APPROVED,
        written_by=LEADER,
        written_at=now,
        pdf_sha256=SHA,
        approved_at=now,
    )
    session.add(approved)
    session.add(
        Minutes(meeting_id=meetings[ANSWERED], version=2, status=MinutesStatus.DRAFT, written_by=LEFT, written_at=now)
    )
    session.flush()
    for person, name, text in (
        (kari, NAME, None),
        (kari, NAME, f"Sjekk tallene i sak 5/14 med {LEADER}."),
        (other, "Styremedlem 1", "Rett navnet på bedriften."),
    ):
        session.add(
            MinutesComment(minutes_id=stored_id(approved), person_id=person, name=name, text=text, written_at=now)
        )
    for person, name, method in ((kari, NAME, "epost"), (other, "Styremedlem 1", "oidc")):
        session.add(
            MinutesApproval(
                minutes_id=stored_id(approved),
                person_id=person,
                name=name,
                role="styremedlem",
                approved_at=now,
                method=method,
                sha256=SHA,
            )
        )


@pytest.fixture
def people(demo_engine):
    held_by_left(demo_engine)
    return demo_engine


def test_the_export_holds_everything_about_the_person_and_nothing_of_anyone_elses(people):
    data = export_person(people, " Tidligere.Styremedlem@Example.org ")
    assert data["email"] == LEFT
    assert data["people"] == [
        {
            "name": NAME,
            "email": LEFT,
            "phone": PHONE,
            "roles": [
                {
                    "programme": SLUG,
                    "role": "styremedlem",
                    "role_label": "styremedlem",
                    "organisation": "Næringslivet",
                    "term_start": "2012-01-01",
                    "term_end": "2014-06-30",
                }
            ],
        }
    ]
    assert [g["county"] for g in data["county_access"]] == [COUNTY]
    assert data["county_access"][0]["granted_by"] == "[annen adresse]"
    assert len(data["sign_in_links"]) == 1 and set(data["sign_in_links"][0]) == {
        "created_at",
        "expires_at",
        "used_at",
        "sent_at",
        "send_error",
        "next_path",
    }
    assert len(data["sessions"]) == 1 and "token_hash" not in data["sessions"][0]
    assert sorted(m["status"] for m in data["messages"]) == ["sendt", "venter"]
    assert all(m["body"] == f"Hei, dette går til {LEFT}." for m in data["messages"])
    assert [(d["event"], d["closed_by"]) for d in data["deadlines_marked"]] == [("arsrapport", LEFT)]
    assert [(t["document"], t["section"], t["written_by"]) for t in data["texts_written"]] == [
        ("halvarsrapport", "sammendrag", LEFT)
    ]
    assert [
        (a["programme"], a["meeting"], a["answer"], a["via"], a["deputy_called_in"], a["deputy_called_in_by"])
        for a in data["meeting_answers"]
    ] == [
        (SLUG, "2014-03-17", "kommer", "lenke", None, None),
        (SLUG, "2014-05-19", "kommer-ikke", "webapp", "Varamedlem 1", "[annen adresse]"),
    ]
    assert all(a["answered_at"] for a in data["meeting_answers"]) and data["meeting_answers"][1]["deputy_called_in_at"]
    assert [(d["programme"], d["meeting"], d["called_in_by"]) for d in data["deputies_called_in"]] == [
        (SLUG, "2014-03-17", LEFT)
    ]
    assert [(m["meeting"], m["version"], m["status"], m["written_by"]) for m in data["minutes_written"]] == [
        ("2014-03-17", 2, "utkast", LEFT)
    ]
    assert [(c["programme"], c["meeting"], c["version"], c["name"], c["text"]) for c in data["minutes_comments"]] == [
        (SLUG, "2014-03-17", 1, NAME, "ingen kommentarer"),
        (SLUG, "2014-03-17", 1, NAME, "Sjekk tallene i sak 5/14 med [annen adresse]."),
    ]
    assert all(c["written_at"] for c in data["minutes_comments"])
    assert [
        (a["programme"], a["meeting"], a["version"], a["name"], a["role"], a["method"], a["sha256"])
        for a in data["minutes_approvals"]
    ] == [(SLUG, "2014-03-17", 1, NAME, "styremedlem", "epost", SHA)]
    assert data["minutes_approvals"][0]["approved_at"]
    events = {(e["action"], e["actor"], e["source"]) for e in data["audit_events"]}
    assert events == {
        ("fylkestilgang-gitt", "[annen adresse]", None),
        ("innlogging", LEFT, "10.1.1.1"),
        ("frist-markert", LEFT, "10.1.1.1"),
    }
    text = json.dumps(data, ensure_ascii=False)
    assert [other for other in OTHERS if other.casefold() in text.casefold()] == []
    with db.session_scope(people) as session:
        hashes = [t.token_hash for t in session.exec(select(SignInToken))] + [
            s.token_hash for s in session.exec(select(WebSession))
        ]
    assert not any(h in text for h in hashes)  # sign-in links and sessions by their metadata, never a token


def test_the_export_of_someone_never_seen_is_empty_and_a_malformed_address_is_refused(people):
    data = export_person(people, "ukjent@example.org")
    assert all(value == [] for key, value in data.items() if isinstance(value, list))
    with pytest.raises(OmstillingError, match="er ikke en e-postadresse"):
        export_person(people, "ikke en adresse")


def test_the_operator_downloads_the_export_from_the_log_page_and_it_is_recorded(demo_sqlite, tmp_path):
    held_by_left(demo_sqlite)
    app = make_app(demo_sqlite, tmp_path)
    client = sign_in(TestClient(app), demo_sqlite, OPERATOR)
    page = client.get("/drift/logg")
    assert 'action="/drift/personer/eksport"' in page.text and "Eksporter som JSON" in page.text
    answer = client.post("/drift/personer/eksport", data={"csrf": csrf_for(client, "/drift/logg"), "epost": LEFT})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == (
        'attachment; filename="personopplysninger-tidligere.styremedlem-example.org.json"'
    )
    data = answer.json()
    assert data["people"][0]["name"] == NAME and not any(o in answer.text for o in OTHERS if "@" in o)
    wrong = client.post("/drift/personer/eksport", data={"csrf": csrf_for(client, "/drift/logg"), "epost": "tull"})
    assert "Ingenting ble eksportert: «tull» er ikke en e-postadresse" in wrong.text
    with db.session_scope(demo_sqlite) as session:
        recorded = session.exec(select(AuditEvent).where(AuditEvent.action == "person-eksportert")).all()
    assert [(e.actor, e.target) for e in recorded] == [(OPERATOR, LEFT)]


def counts(engine) -> dict[str, int]:
    with db.session_scope(engine) as session:
        return {
            model.__name__: len(session.exec(select(model)).all())
            for model in (
                Person,
                RoleAssignment,
                Contact,
                CountyReader,
                SignInToken,
                WebSession,
                OutboxMessage,
                MeetingAnswer,
                Minutes,
                MinutesComment,
                MinutesApproval,
                AuditEvent,
            )
        }


def test_the_dry_run_says_what_would_go_and_what_stays_and_why_and_changes_nothing(people):
    before, exported = counts(people), export_person(people, LEFT)
    plan = erase_person(people, LEFT, today=date(2015, 1, 1), operators=frozenset({OPERATOR}))
    words = "\n".join(plan.words())
    assert not plan.done and plan.blocks == []
    assert words.startswith(f"Prøvekjøring: ingenting er slettet. Dette ville skjedd med {LEFT}:")
    for line in (
        "Kontaktdata (e-post og telefon): 1.",
        "Lesetilgang til fylkeskommuner: 1.",
        "Innloggingslenker: 1.",
        "Økter i webappen: 1.",
        "Meldinger til personen i utboksen: 2.",
        "Frister markert med adressen: 1.",
        "Programleders tekster skrevet med adressen: 1.",
        "Svar på møteinnkallinger: 2. Private (hvem som sa at de ville komme",
        "Vararepresentanter kalt inn med adressen: 1.",
        "Protokollversjoner skrevet med adressen: 1.",
        "Kommentarer til protokollutkast: 2. Kommentarrunden er en del av protokollens historikk",
        "Godkjenninger av protokoller: 1. Hvem som godkjente hvilken versjon",
        "Navn: 1. Styrets og programmets folk er offentlige: navnet står i godkjente protokoller",
        "Roller: 1. Hvem som hadde hvilken rolle og når, er programmets offentlige historikk",
        "Kjør igjen med --confirm for å slette.",
    ):
        assert line in words, line
    assert counts(people) == before | {"AuditEvent": before["AuditEvent"] + 1}  # only the export's own record
    unchanged = export_person(people, LEFT)
    assert {k: v for k, v in unchanged.items() if k not in ("exported_at", "audit_events")} == {
        k: v for k, v in exported.items() if k not in ("exported_at", "audit_events")
    }


def test_erasing_takes_the_private_part_leaves_a_pseudonym_where_the_address_stood_and_keeps_name_and_role(people):
    erased = erase_person(people, LEFT, confirm=True, today=date(2015, 1, 1), operators=frozenset({OPERATOR}))
    assert erased.done and erased.pseudonym.startswith("slettet-")
    pseudonym = erased.pseudonym
    with db.session_scope(people) as session:
        person = session.exec(select(Person).where(Person.name == NAME)).one()
        assert session.exec(select(RoleAssignment).where(RoleAssignment.person_id == person.id)).one().term_end == (
            date(2014, 6, 30)
        )
        assert session.exec(select(Contact).where(Contact.person_id == person.id)).first() is None
        assert [t.email for t in session.exec(select(SignInToken))] == [LEADER]
        assert [s.email for s in session.exec(select(WebSession))] == [LEADER]
        assert session.exec(select(CountyReader).where(CountyReader.email == LEFT)).first() is None
        messages = {m.step: m for m in session.exec(select(OutboxMessage))}
        assert (messages[1].recipient, messages[1].body, messages[1].html, messages[1].status) == (
            pseudonym,
            "",
            None,
            OutboxStatus.SENT,
        )
        assert (messages[2].recipient, messages[2].status) == (pseudonym, OutboxStatus.CANCELLED)
        assert messages[2].last_error == f"550 {pseudonym}: ingen slik postkasse"
        assert messages[3].recipient == LEADER and messages[3].body == f"Hei, dette går til {LEADER}."
        assert session.exec(select(Deadline).where(Deadline.closed_by == pseudonym)).first() is not None
        assert {(t.written_by, t.body) for t in session.exec(select(LeaderText))} == {
            (pseudonym, "Tekst til programleders sammendrag."),  # the text is the programme's: it stays
            (LEADER, "Tekst til veien videre."),
        }
        person_id = stored_id(person)
        answers = session.exec(select(MeetingAnswer)).all()
        assert [a.person_id for a in answers if a.person_id == person_id] == []  # who said they would come: gone
        assert [a.called_in_by for a in answers if a.called_in_by] == [pseudonym]  # the other member's answer stays
        written = sorted((m.version, m.written_by) for m in session.exec(select(Minutes)))
        assert written == [(1, LEADER), (2, pseudonym)]
        rows = json.dumps(
            [a.model_dump(mode="json") for a in answers]
            + [m.model_dump(mode="json") for m in session.exec(select(Minutes))],
            ensure_ascii=False,
        )
        assert LEFT not in rows.casefold()
        # the board's record of how its minutes were reviewed and approved stays, with her name
        comments = session.exec(select(MinutesComment).where(MinutesComment.person_id == person_id)).all()
        assert [(c.name, c.text) for c in comments] == [(NAME, None), (NAME, f"Sjekk tallene i sak 5/14 med {LEADER}.")]
        approvals = session.exec(select(MinutesApproval).where(MinutesApproval.person_id == person_id)).all()
        assert [(a.name, a.method, a.sha256) for a in approvals] == [(NAME, "epost", SHA)]
        assert len(session.exec(select(MinutesApproval)).all()) == 2
        trail = session.exec(select(AuditEvent)).all()
    text = json.dumps([[e.actor, e.target, e.detail] for e in trail], ensure_ascii=False)
    assert LEFT not in text.casefold() and NAME not in text
    assert {e.source for e in trail if e.actor == pseudonym} == {"10.1.1.1"}
    assert [(e.target, e.outcome) for e in trail if e.action == "person-slettet"] == [(pseudonym, "ok")]
    after = export_person(people, LEFT)
    assert [key for key, value in after.items() if isinstance(value, list) and value] == []


def test_a_person_erased_still_stands_in_the_approved_minutes(people, tmp_path):
    written = write_report(
        people, SLUG, DocumentKind.MINUTES, meeting_date=MEETING, formats=["md"], out_dir=tmp_path / "ut"
    )
    minutes = next(p for p in written.published.paths if p.suffix == ".md")
    assert f"{NAME} (styremedlem)" in minutes.read_text(encoding="utf-8")
    erase_person(people, LEFT, confirm=True, today=date(2015, 1, 1), operators=frozenset())
    assert f"{NAME} (styremedlem)" in minutes.read_text(encoding="utf-8")  # the file is the programme's record
    again = write_report(
        people, SLUG, DocumentKind.MINUTES, meeting_date=MEETING, formats=["md"], out_dir=tmp_path / "ut"
    )
    assert not again.published.changed  # the name and the role are the minutes' data, and they stay
    assert f"{NAME} (styremedlem)" in next(p for p in again.published.paths if p.suffix == ".md").read_text("utf-8")


def test_someone_who_still_holds_a_role_is_not_erased_and_the_refusal_is_recorded(people):
    before = counts(people)
    with pytest.raises(OmstillingError) as refused:
        erase_person(people, LEFT, confirm=True, today=date(2014, 3, 1), operators=frozenset())
    assert str(refused.value) == (
        f"{LEFT} kan ikke slettes ennå: har fortsatt rollen styremedlem i {SLUG} (fra 01.01.2012, til 30.06.2014): "
        "sett en sluttdato for rollen (i arbeidsboka) før personen slettes; ingenting ble endret"
    )
    with pytest.raises(OmstillingError, match="er driftsansvarlig"):
        erase_person(people, OPERATOR, confirm=True, today=date(2015, 1, 1), operators=frozenset({OPERATOR}))
    assert counts(people) == before | {"AuditEvent": before["AuditEvent"] + 2}
    with db.session_scope(people) as session:
        refusals = session.exec(select(AuditEvent).where(AuditEvent.action == "person-slettet")).all()
    assert [(e.target, e.outcome) for e in refusals] == [(LEFT, "nektet"), (OPERATOR, "nektet")]


def test_the_person_commands_export_dry_run_and_erase(demo_cli, tmp_path, monkeypatch):
    from omstilling.store import db as store

    monkeypatch.setenv("OMSTILLING_OPERATORS", OPERATOR)
    engine = store.get_engine()
    held_by_left(engine)
    exported = demo_cli("person", "export", LEFT)
    assert exported.exit_code == 0 and json.loads(exported.stdout)["people"][0]["phone"] == PHONE
    to_file = demo_cli("person", "export", LEFT, "--out", str(tmp_path / "kari.json"))
    assert to_file.exit_code == 0 and json.loads((tmp_path / "kari.json").read_text())["email"] == LEFT
    assert stat.S_IMODE((tmp_path / "kari.json").stat().st_mode) == 0o600
    before = counts(engine)
    dry = demo_cli("person", "erase", LEFT)
    assert dry.exit_code == 0 and dry.stdout.startswith("Prøvekjøring: ingenting er slettet.")
    assert "Kjør igjen med --confirm for å slette." in dry.stdout and counts(engine) == before
    still = demo_cli("person", "erase", LEADER, "--confirm")
    assert still.exit_code == 1 and still.stderr.startswith(
        f"feil: {LEADER} kan ikke slettes ennå: har fortsatt rollen programleder"
    )
    done = demo_cli("person", "erase", LEFT, "--confirm")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith(f"Slettet personopplysninger om {LEFT} (pseudonym slettet-")
    assert "Beholdes:" in done.stdout and "godkjente protokoller" in done.stdout
    with db.session_scope(engine) as session:
        assert session.exec(select(Contact).where(Contact.email == LEFT)).first() is None
        assert session.exec(select(Person).where(Person.name == NAME)).first() is not None
