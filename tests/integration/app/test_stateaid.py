"""State aid through the application layer (issue 29), at the ceiling's edges: the ECB's file read once and a
differing rate kept, a grant dated on a weekend or a holiday, a missing rate, a grant across a year end in the
window, two programmes granting to one company, a declared grant from another body, linked undertakings, a refusal
that writes nothing, a warning that is kept and said, and a link only its own programme may take away. On both
backends. The demo's 2014 grants are awards already (tests/support/demo: Toten Trebygg AS got 18 115,94 euro on
17 March 2014 for project 2014-01, at the ECB's 8,2800)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import col, func, select

from omstilling.app import stateaid
from omstilling.app.audit import events
from omstilling.errors import InputError
from omstilling.intake.stateaid import LinkNotYours
from omstilling.store import db
from omstilling.store.models import AidAward, ExchangeRate, UndertakingLink
from tests.support.demo import add_copy

LEADER = "programleder@example.org"
TOTEN_TREBYGG = "910791907"  # project 2014-01: 150 000 kroner on 17 March 2014, 18 115,94 euro
RAUFOSS_KOMPONENT = "910815652"  # project 2014-04: 300 000 kroner on 17 March 2014, 36 231,88 euro
HEADER = "Date,USD,JPY,BGN,CYP,CZK,DKK,EEK,GBP,HUF,LTL,LVL,MTL,PLN,ROL,RON,SEK,SIT,SKK,CHF,ISK,NOK,HRK,\n"


def ecb_file(tmp_path, rows: dict[str, str], name: str = "eurofxref-hist.csv"):
    """A file shaped as the ECB's: its header, then a row per day, newest first, NOK in its column."""
    lines = [
        f"{day},1.2,140,1.9558,N/A,27.5,7.44,N/A,0.79,310,3.4528,N/A,N/A,4.2,N/A,4.4,9.2,N/A,N/A,1.2,N/A,{nok},7.6,\n"
        for day, nok in sorted(rows.items(), reverse=True)
    ]
    path = tmp_path / name
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def awards(engine) -> int:
    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(AidAward)).one()


def test_the_ecb_file_is_read_once_and_a_rate_that_differs_is_kept_and_said(demo_engine, tmp_path):
    path = ecb_file(tmp_path, {"2014-12-31": "9.042", "2015-01-02": "9.042", "2014-03-17": "8.29"})
    first = stateaid.import_rates(demo_engine, path)
    assert first.lines() == [
        "eurofxref-hist.csv: 3 kurser for NOK fra 17.03.2014 til 02.01.2015 (nye: 2, fantes fra før: 0).",
        "17.03.2014: fila sier 8,2900, lagret er 8,2800 (ECB); den lagrede kursen beholdes.",
    ]
    again = stateaid.import_rates(demo_engine, path)
    assert again.lines()[0] == (
        "eurofxref-hist.csv: 3 kurser for NOK fra 17.03.2014 til 02.01.2015 (nye: 0, fantes fra før: 2)."
    )
    with db.session_scope(demo_engine) as session:
        kept = session.exec(select(ExchangeRate).where(ExchangeRate.day == date(2014, 3, 17))).one()
    assert kept.per_eur == Decimal("8.28")
    logged = events(demo_engine, action="kurser-lest-inn")
    assert [e.outcome for e in logged.events] == ["ok", "ok"]


def test_a_file_with_a_line_that_cannot_be_read_writes_nothing_and_names_the_line(demo_engine, tmp_path):
    path = ecb_file(tmp_path, {"2015-01-02": "9.042", "2014-12-31": "ni"})
    with pytest.raises(stateaid.RateFileRefused) as refused:
        stateaid.import_rates(demo_engine, path)
    assert refused.value.problems == ["linje 3: «ni» er ikke en kurs"]
    with db.session_scope(demo_engine) as session:
        assert session.exec(select(ExchangeRate).where(ExchangeRate.day == date(2015, 1, 2))).first() is None


def test_a_zip_file_as_the_ecb_offers_it_is_read(demo_engine, tmp_path):
    import zipfile

    csv = ecb_file(tmp_path, {"2015-01-02": "9.042"})
    with zipfile.ZipFile(tmp_path / "eurofxref-hist.zip", "w") as archive:
        archive.write(csv, "eurofxref-hist.csv")
    assert stateaid.import_rates(demo_engine, tmp_path / "eurofxref-hist.zip").added == 1


def test_the_demos_awards_are_the_2014_grants_at_the_rate_of_their_decision_date(demo_engine):
    found = {a.project: a for a in stateaid.programme_awards(demo_engine, "vestre-toten")}
    assert sorted(found) == [
        "2014-01",
        "2014-02",
        "2014-03",
        "2014-04",
        "2014-05",
        "2014-07",
        "2014-08",
        "2014-09",
        "2014-11",
    ]
    first = found["2014-01"]
    assert (first.org_number, first.granted_on, first.gross_nok) == (TOTEN_TREBYGG, date(2014, 3, 17), 150_000)
    assert (first.nok_per_eur, first.rate_day, first.rate_source, first.amount_eur) == (
        Decimal("8.28"),
        date(2014, 3, 17),
        "ECB",
        Decimal("18115.94"),
    )
    assert first.report_by is None  # under the register's 100 000 euro


def test_a_grant_dated_on_a_sunday_or_easter_monday_takes_the_last_rate_published_before_it(demo_engine):
    sunday = stateaid.record_award(
        demo_engine, "vestre-toten", "2013-09", by=LEADER, granted_on=date(2014, 3, 16), amount_nok=83_075
    )
    assert (sunday.award.rate_day, sunday.award.nok_per_eur) == (date(2014, 3, 14), Decimal("8.3075"))
    assert sunday.award.amount_eur == Decimal("10000.00")
    assert "etter kursen 8,3075 fra 14. mars 2014 (ECB)" in sunday.sentence
    easter = stateaid.record_award(
        demo_engine, "vestre-toten", "2013-09", by=LEADER, granted_on=date(2014, 4, 21), amount_nok=82_824
    )
    assert (easter.award.rate_day, easter.award.nok_per_eur) == (date(2014, 4, 17), Decimal("8.2824"))


def test_a_grant_without_a_rate_within_a_week_is_refused_until_a_rate_is_entered(demo_engine):
    before = awards(demo_engine)
    with pytest.raises(InputError) as refused:
        stateaid.record_award(demo_engine, "vestre-toten", "2013-09", by=LEADER, granted_on=date(2014, 6, 30))
    assert str(refused.value) == (
        "ugyldig støtte til prosjekt 2013-09: rate: ingen eurokurs for 30. juni 2014 eller de 7 dagene før: les inn "
        "Den europeiske sentralbankens referansekurser (omstilling data kurser FIL) eller oppgi kursen for "
        "tilskuddet"
    )
    assert awards(demo_engine) == before
    entered = stateaid.record_award(
        demo_engine, "vestre-toten", "2013-09", by=LEADER, granted_on=date(2014, 6, 30), rate="8.1500"
    )
    assert (entered.award.rate_source, entered.award.rate_day) == (f"oppgitt av {LEADER}", date(2014, 6, 30))
    assert entered.award.amount_eur == Decimal("22085.89")  # the project's grant, 180 000 kroner


def test_two_programmes_granting_to_one_company_are_summed_and_the_refusal_writes_nothing(demo_engine):
    """1 400 000 kroner (172 085,31 euro) to Toten Trebygg on 19 May 2014 fits under Regulation (EU) No 1407/2013's
    ceiling of 200 000 euro beside the demo's own 18 115,94 euro, but not beside Omstilling Gjøvik's grant of the
    same on the same day."""
    add_copy(demo_engine)
    before = awards(demo_engine)
    with pytest.raises(stateaid.AidRefused) as refused:
        stateaid.record_award(
            demo_engine, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=1_400_000
        )
    assert str(refused.value) == (
        "Tilskuddet kan ikke gis som bagatellmessig støtte: Toten Trebygg AS (org.nr. 910 791 907) har fått "
        "36\u00a0231,88\u00a0euro i bagatellmessig støtte i regnskapsåret 2014 og de to foregående (fra 1. januar 2012 "
        "til 19. mai 2014), og med dette tilskuddet på 172\u00a0085,31\u00a0euro blir summen 208\u00a0317,19\u00a0euro, "
        "over taket på 200\u00a0000\u00a0euro over tre regnskapsår (forordning (EU) nr. 1407/2013 artikkel 3)."
    )
    assert awards(demo_engine) == before
    logged = events(demo_engine, action="stotte-registrert")
    assert [(e.outcome, e.programme) for e in logged.events] == [("feilet", "vestre-toten")]
    company = stateaid.company_aid(demo_engine, TOTEN_TREBYGG, as_of=date(2014, 5, 19))
    assert sorted(r.grantor for r in company.rows) == ["Omstilling Gjøvik", "Omstillingsprogrammet i Vestre Toten"]
    assert company.total == Decimal("36231.88")


def test_a_grant_near_the_ceiling_is_recorded_with_the_warning(demo_engine):
    recorded = stateaid.record_award(
        demo_engine, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=1_400_000
    )
    assert recorded.warning == (
        "Obs: med dette tilskuddet har Toten Trebygg AS (org.nr. 910 791 907) fått 190\u00a0201,25\u00a0euro i "
        "bagatellmessig støtte i regnskapsåret 2014 og de to foregående (fra 1. januar 2012 til 19. mai 2014); taket "
        "er 200\u00a0000\u00a0euro over tre regnskapsår (forordning (EU) nr. 1407/2013), og 9\u00a0798,75\u00a0euro er "
        "igjen."
    )
    assert recorded.award.basis.label == "bagatellmessig støtte, forordning (EU) nr. 1407/2013"
    assert recorded.sentence.endswith(
        "Foretaket har med dette fått 190\u00a0201,25\u00a0euro i bagatellmessig støtte i regnskapsåret 2014 og de to "
        "foregående; taket er 200\u00a0000\u00a0euro etter forordning (EU) nr. 1407/2013."
    )
    assert recorded.award.report_by == date(2014, 11, 19)  # over 100 000 euro: to the register within six months
    logged = events(demo_engine, action="stotte-registrert")
    assert logged.events[0].detail["varsel"] is True


def test_a_declared_grant_from_another_body_counts_and_nok_is_converted_at_its_date(demo_engine):
    declared = stateaid.record_declaration(
        demo_engine,
        "vestre-toten",
        TOTEN_TREBYGG,
        declared_on=date(2014, 5, 18),
        signed_by="Kari Nordmann, daglig leder",
        rows=[
            {
                "grantor": "Innovasjon Norge",
                "scheme": "Etablerertilskudd",
                "granted_on": date(2013, 2, 1),
                "amount_eur": "150000",
            },
            {"grantor": "Oppland fylkeskommune", "granted_on": date(2014, 5, 16), "amount_nok": 815_050},
        ],
        by=LEADER,
    )
    assert declared.eur == Decimal("250000.00")  # 815 050 kroner at the ECB's 8,1505 of 16 May 2014: 100 000 euro
    with pytest.raises(stateaid.AidRefused, match="har fått 268\u00a0115,94\u00a0euro"):
        stateaid.record_award(
            demo_engine, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=300_000
        )


def test_a_grant_under_1407_2013_counts_aid_of_its_fiscal_year_and_the_two_before(demo_engine):
    """150 000 euro declared as granted on 2 January 2012: a grant on 29 December 2014 has it in its window (the
    fiscal years 2012-2014, Regulation (EU) No 1407/2013), one on 2 January 2015 no longer does (2013-2015), though it
    is within three years of both."""
    stateaid.record_declaration(
        demo_engine,
        "vestre-toten",
        TOTEN_TREBYGG,
        declared_on=date(2014, 12, 1),
        signed_by="Kari Nordmann",
        rows=[{"grantor": "Innovasjon Norge", "granted_on": date(2012, 1, 2), "amount_eur": "150000"}],
        by=LEADER,
    )
    with pytest.raises(
        stateaid.AidRefused, match=r"i regnskapsåret 2014 og de to foregående \(fra 1\. januar 2012 til 29\. desember"
    ):
        stateaid.record_award(
            demo_engine,
            "vestre-toten",
            "2014-01",
            by=LEADER,
            granted_on=date(2014, 12, 29),
            amount_nok=500_000,
            rate="9.0475",
        )
    passed = stateaid.record_award(
        demo_engine,
        "vestre-toten",
        "2014-01",
        by=LEADER,
        granted_on=date(2015, 1, 2),
        amount_nok=500_000,
        rate="9.042",
    )
    assert passed.verdict.after == Decimal("18115.94") + Decimal("55297.50")


def test_linked_undertakings_count_as_one(demo_engine):
    """2 000 000 kroner to Raufoss Komponent on 19 May 2014 (245 836,15 euro) fits beside its own 36 231,88 euro, but
    not once it counts as one with Toten Trebygg (18 115,94 euro more)."""
    assert stateaid.record_link(
        demo_engine, "vestre-toten", RAUFOSS_KOMPONENT, TOTEN_TREBYGG, why="samme eier", by=LEADER
    )
    assert not stateaid.record_link(demo_engine, "vestre-toten", TOTEN_TREBYGG, RAUFOSS_KOMPONENT, by=LEADER)
    with pytest.raises(stateaid.AidRefused) as refused:
        stateaid.record_award(
            demo_engine, "vestre-toten", "2014-04", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=2_000_000
        )
    assert "Raufoss Komponent AS (org.nr. 910 815 652) og foretak som regnes som ett foretak med det har fått " in str(
        refused.value
    )
    assert "blir summen 300\u00a0183,97\u00a0euro" in str(refused.value)
    company = stateaid.company_aid(demo_engine, RAUFOSS_KOMPONENT, as_of=date(2014, 5, 19))
    assert company.members == (TOTEN_TREBYGG, RAUFOSS_KOMPONENT)
    assert company.total == Decimal("54347.82")


def test_a_link_another_programme_recorded_counts_everywhere_but_only_it_may_take_it_away(demo_engine):
    add_copy(demo_engine)
    stateaid.record_link(demo_engine, "gjovik", RAUFOSS_KOMPONENT, TOTEN_TREBYGG, by="leder@gjovik.example.org")
    with pytest.raises(LinkNotYours, match="koblingen er registrert av et annet program, og bare det kan fjerne den"):
        stateaid.remove_link(demo_engine, "vestre-toten", RAUFOSS_KOMPONENT, TOTEN_TREBYGG, by=LEADER)
    with db.session_scope(demo_engine) as session:
        assert session.exec(select(func.count()).select_from(UndertakingLink)).one() == 1
    assert stateaid.company_aid(demo_engine, TOTEN_TREBYGG, as_of=date(2014, 12, 31)).members == (
        TOTEN_TREBYGG,
        RAUFOSS_KOMPONENT,
    )
    stateaid.remove_link(demo_engine, "gjovik", TOTEN_TREBYGG, RAUFOSS_KOMPONENT, by="leder@gjovik.example.org")
    with db.session_scope(demo_engine) as session:
        assert session.exec(select(func.count()).select_from(UndertakingLink)).one() == 0


def test_a_project_of_another_programme_is_never_reached(demo_engine):
    add_copy(demo_engine)
    from omstilling.intake import writes
    from omstilling.store import choose

    with db.session_scope(demo_engine) as session:
        other = choose.programme(session, "gjovik")
        writes.add_project(
            session,
            other,
            {
                "number": "2015-01",
                "title": "Gjøviks eget",
                "owner": "Gjøvik Mek AS",
                "org_number": "910007912",
                "focus_area": 1,
                "phase": "forstudie",
                "status": "innvilget",
                "grant_amount": 100000,
                "decision_date": "2014-05-19",
                "funding": [{"source": "program", "amount": 100000}],
            },
        )
    with pytest.raises(InputError, match="programmet har ikke prosjekt 2015-01"):
        stateaid.record_award(demo_engine, "vestre-toten", "2015-01", by=LEADER)
    with db.session_scope(demo_engine) as session:
        assert not session.exec(select(AidAward).where(col(AidAward.org_number) == "910007912")).all()


def test_companies_near_the_ceiling_are_found_for_a_county(demo_engine):
    assert stateaid.companies_near_ceiling(demo_engine, as_of=date(2014, 12, 31)) == []
    stateaid.record_award(
        demo_engine, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=1_400_000
    )
    near = stateaid.companies_near_ceiling(demo_engine, as_of=date(2014, 12, 31), programmes=["vestre-toten"])
    assert [(c.org_number, c.total, c.left, c.ceiling) for c in near] == [
        (TOTEN_TREBYGG, Decimal("190201.25"), Decimal("9798.75"), Decimal(200_000))
    ]


@pytest.fixture
def settings(monkeypatch):
    """Set OMSTILLING_* for one test (the settings are read once per process, so the cache is cleared around it)."""
    from omstilling.config import get_settings

    def put(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"OMSTILLING_{name.upper()}", value)
        get_settings.cache_clear()

    yield put
    get_settings.cache_clear()


def test_the_proposed_register_rule_is_a_change_of_settings(demo_engine, settings):
    assert stateaid.award_of(demo_engine, "vestre-toten", "2014-01").report_by is None
    settings(register_threshold_eur="0", register_deadline="20 virkedager")
    assert stateaid.award_of(demo_engine, "vestre-toten", "2014-01").report_by == date(2014, 4, 14)
    settings(register_deadline="snart")
    with pytest.raises(Exception, match="OMSTILLING_REGISTER_DEADLINE: fristen for rapportering «snart»"):
        stateaid.award_of(demo_engine, "vestre-toten", "2014-01")


def test_the_ceiling_and_the_warning_are_settings(demo_engine, settings):
    settings(de_minimis_ceiling_eur="200000", de_minimis_warning="0.5")
    with pytest.raises(stateaid.AidRefused, match="over taket på 200\u00a0000\u00a0euro"):
        stateaid.record_award(
            demo_engine, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=1_500_000
        )
    warned = stateaid.record_award(
        demo_engine, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=700_000
    )
    assert warned.warning is not None and "taket er 200\u00a0000\u00a0euro" in warned.warning


def test_the_date_a_regulation_applies_from_is_a_setting(demo_engine, settings):
    """Moved to 1 June 2014, Regulation (EU) No 1407/2013 does not yet apply on 19 May: the award's basis is Regulation
    (EC) No 1998/2006, and its sentence says so; a setting that cannot be read is said in words."""
    settings(de_minimis_from="1407/2013=2014-06-01")
    recorded = stateaid.record_award(
        demo_engine, "vestre-toten", "2014-01", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=100_000
    )
    assert recorded.award.basis.label == "bagatellmessig støtte, forordning (EF) nr. 1998/2006"
    assert recorded.sentence.endswith("taket er 200\u00a0000\u00a0euro etter forordning (EF) nr. 1998/2006.")
    settings(de_minimis_from="1407/2013=snart")
    with pytest.raises(Exception, match="OMSTILLING_DE_MINIMIS_FROM: «1407/2013=snart»: «snart» er ikke en dato"):
        stateaid.record_award(
            demo_engine, "vestre-toten", "2014-04", by=LEADER, granted_on=date(2014, 5, 19), amount_nok=100_000
        )
