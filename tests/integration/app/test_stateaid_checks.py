"""The input checks every way in shares, and the ceiling's sum (the break-it review of issue 29, defects 1, 4, 7-14):
each refusal is one Norwegian sentence and writes nothing. On both backends, on the demo (tests/support/demo: the
ECB's 8,2800 of 17 March 2014 is stored; project 2014-12 has no organisation number of its own)."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import func, select

from omstilling import clock
from omstilling.app import stateaid
from omstilling.app.deadlines import mark_reported
from omstilling.errors import InputError, OmstillingError
from omstilling.store import db
from omstilling.store.models import AidAward, DeclaredAid, ExchangeRate
from tests.support.demo import add_copy

LEADER = "programleder@example.org"
RAUFOSS_KOMPONENT = "910815652"  # project 2014-04: 36 231,88 euro on 17 March 2014
NAERINGSRAD = "974760606"


def ecb_file(tmp_path, rows: dict[str, str]):
    """A file shaped as the ECB's: its header, then a row per day, newest first, NOK in its column."""
    lines = [f"{day},1.2,140,{nok},7.6,\n" for day, nok in sorted(rows.items(), reverse=True)]
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text("Date,USD,JPY,NOK,HRK,\n" + "".join(lines), encoding="utf-8")
    return path


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


def awards(engine) -> int:
    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(AidAward)).one()


def refused(engine, **given) -> str:
    """The sentence a refused award says; nothing written."""
    before = awards(engine)
    with pytest.raises(OmstillingError) as caught:
        stateaid.record_award(engine, "vestre-toten", given.pop("project", "2014-12"), by=LEADER, **given)
    assert awards(engine) == before
    return str(caught.value).replace("\u00a0", " ")


@pytest.mark.parametrize("typed", ["９１０８１５６５２", "٩١٠٨١٥٦٥٢"])
def test_1_an_org_number_in_other_digits_is_refused_not_stored_past_the_ceiling(demo_engine, typed):
    """Fullwidth or Arabic-Indic digits are no organisation number: as typed they would never meet 910815652's
    36 231,88 euro, and 1 400 000 kroner would pass the ceiling it breaks."""
    said = refused(demo_engine, org_number=typed, amount_nok=1_400_000, granted_on=date(2014, 3, 17))
    assert "er ikke et gyldig organisasjonsnummer (9 siffer med kontrollsiffer)" in said
    with pytest.raises(OmstillingError):
        stateaid.record_link(demo_engine, "vestre-toten", typed, NAERINGSRAD, by=LEADER)
    assert "over taket" in refused(demo_engine, org_number=RAUFOSS_KOMPONENT, amount_nok=1_400_000)


def test_4_an_entered_rate_differing_from_the_stored_one_or_implausible_is_refused(demo_engine):
    said = refused(demo_engine, org_number=NAERINGSRAD, amount_nok=550_000, rate="9.1")
    assert said == (
        "ugyldig støtte til prosjekt 2014-12: rate: installasjonen har kursen 8,2800 fra 17. mars 2014 (ECB) for denne "
        "tildelingen, ikke 9,1000; la kursen stå tom for å bruke den lagrede (er den lagrede feil, les inn en riktig "
        "kursfil med omstilling data kurser FIL --erstatt)"
    )
    for typed in ("1000", "1e3", "0.0001"):
        said = refused(demo_engine, org_number=NAERINGSRAD, granted_on=date(2014, 6, 30), rate=typed)
        assert "kroner per euro er ikke en rimelig eurokurs: kursen må være mellom 4 og 20" in said, said
    same = stateaid.record_award(demo_engine, "vestre-toten", "2014-12", by=LEADER, org_number=NAERINGSRAD, rate="8,28")
    assert (same.award.rate_source, same.award.amount_eur) == ("ECB", Decimal("30193.24"))


def test_7_two_equal_awards_from_two_programmes_of_one_name_are_both_counted(demo_engine):
    """Names are not unique: two programmes called the same each grant 900 000 kroner on 17 March 2014 to one
    company; the second makes 217 391,30 euro, over 1407/2013's 200 000, and is refused."""
    add_copy(demo_engine, name="Omstillingsprogrammet i Vestre Toten")
    stateaid.record_award(demo_engine, "gjovik", "2014-12", by=LEADER, org_number=NAERINGSRAD, amount_nok=900_000)
    said = refused(demo_engine, org_number=NAERINGSRAD, amount_nok=900_000)
    assert "blir summen 217 391,30 euro, over taket på 200 000 euro" in said, said


def test_8_an_amount_over_the_databases_largest_is_refused_as_the_workbook_refuses_it(demo_engine):
    said = refused(
        demo_engine, project="2011-02", amount_nok=10**15, instrument="lån", gross_nok=1000, org_number=NAERINGSRAD
    )
    assert "amount_nok: er for stort: høyst 2 147 483 647 kroner" in said, said
    said = refused(demo_engine, org_number=NAERINGSRAD, amount_nok=2**31)
    assert "er for stort: høyst 2 147 483 647 kroner" in said


def declared(engine) -> int:
    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(DeclaredAid)).one()


def test_8_declared_kroner_over_the_databases_largest_are_refused_as_an_awards_are(demo_engine):
    """Issue 29, brief G: declared aid in NOK over 2 147 483 647 kroner was taken to the database, which PostgreSQL
    refused with a crash (and SQLite stored); now the award's sentence, on the row's amount, and nothing written.
    The largest itself is stored, on both backends."""

    def declare(kroner: int, day: date):
        return stateaid.record_declaration(
            demo_engine,
            "vestre-toten",
            RAUFOSS_KOMPONENT,
            declared_on=day,
            signed_by="Kari Nordmann",
            rows=[{"grantor": "Oppland fylkeskommune", "granted_on": date(2014, 3, 17), "amount_nok": kroner}],
            by=LEADER,
        )

    before = declared(demo_engine)
    with pytest.raises(InputError) as caught:
        declare(3_000_000_000, date(2014, 3, 20))
    said = str(caught.value).replace("\u00a0", " ")
    assert said == "ugyldig erklæring: rows.0.amount_nok: 3000000000 — er for stort: høyst 2 147 483 647 kroner", said
    assert declared(demo_engine) == before
    assert declare(2_147_483_647, date(2014, 3, 21)).warning  # over the ceiling: said, and stored
    assert declared(demo_engine) == before + 1


def test_9_an_award_cannot_be_reported_before_it_was_granted(demo_engine, settings):
    settings(register_threshold_eur="0")
    with pytest.raises(InputError) as caught:
        mark_reported(demo_engine, "vestre-toten", "2014-04", by=LEADER, on=date(2014, 3, 1), today=date(2014, 6, 1))
    assert "støtten ble tildelt 17.03.2014 og kan ikke være rapportert 01.03.2014; ingenting ble endret" in str(
        caught.value
    )
    assert stateaid.award_of(demo_engine, "vestre-toten", "2014-04").reported_on is None
    done = mark_reported(
        demo_engine, "vestre-toten", "2014-04", by=LEADER, on=date(2014, 3, 17), today=date(2014, 6, 1)
    )
    assert done.reported_on == date(2014, 3, 17)


def test_10_a_declaration_tells_only_of_aid_before_it_and_says_when_it_takes_the_company_over(demo_engine):
    with pytest.raises(InputError) as caught:
        stateaid.record_declaration(
            demo_engine,
            "vestre-toten",
            RAUFOSS_KOMPONENT,
            declared_on=date(2014, 3, 1),
            signed_by="Kari Nordmann",
            rows=[{"grantor": "Innovasjon Norge", "granted_on": date(2015, 2, 1), "amount_eur": "1000"}],
            by=LEADER,
        )
    assert "støtten er datert 1. februar 2015, etter at erklæringen ble signert 1. mars 2014" in str(caught.value)
    declared = stateaid.record_declaration(
        demo_engine,
        "vestre-toten",
        RAUFOSS_KOMPONENT,
        declared_on=date(2014, 3, 1),
        signed_by="Kari Nordmann",
        rows=[{"grantor": "Innovasjon Norge", "granted_on": date(2013, 2, 1), "amount_eur": "169082.13"}],
        by=LEADER,
    )
    assert (declared.warning or "").replace("\u00a0", " ") == (
        "Obs: med den erklærte støtten har org.nr. 910 815 652 fått 205 314,01 euro i bagatellmessig støtte som "
        "teller mot taket på 200 000 euro (forordning (EU) nr. 1407/2013); summen er over taket, og ny "
        "bagatellmessig støtte til foretaket blir nektet."
    )


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2031, 6, 1), "tildelingsdatoen 1. juni 2031 er ikke kommet ennå"),
        (
            date(1995, 6, 1),
            "tildelingsdatoen 1. juni 1995 er før 1. januar 2007, da forordning (EF) nr. 1998/2006 begynte å gjelde",
        ),
    ],
)
def test_11_a_grant_date_to_come_or_before_the_first_regulation_is_refused(demo_engine, day, said):
    assert said in refused(demo_engine, org_number=NAERINGSRAD, granted_on=day, rate="8.5")


def test_11_tomorrow_is_refused_today_is_not(demo_engine):
    tomorrow = clock.today() + timedelta(days=1)
    assert "er ikke kommet ennå" in refused(demo_engine, org_number=NAERINGSRAD, granted_on=tomorrow, rate="11.5")


def test_12_a_rate_with_a_comma_is_read_and_one_that_is_no_number_is_said_in_norwegian(demo_engine):
    said = refused(demo_engine, org_number=NAERINGSRAD, granted_on=date(2014, 6, 30), rate="NaN")
    assert said == "ugyldig støtte: rate: «NaN» — skriv kursen som et tall, for eksempel 8,2800"
    entered = stateaid.record_award(
        demo_engine,
        "vestre-toten",
        "2014-12",
        by=LEADER,
        org_number=NAERINGSRAD,
        granted_on=date(2014, 6, 30),
        rate="8,15",
    )
    assert entered.award.nok_per_eur == Decimal("8.15")


def test_12_settings_and_files_that_cannot_be_used_are_said_in_norwegian(demo_engine, settings, tmp_path):
    settings(de_minimis_ceiling_eur="abc")
    with pytest.raises(Exception) as caught:
        stateaid.ceiling()
    assert "OMSTILLING_DE_MINIMIS_CEILING_EUR skal være et tall, ikke «abc»" in str(caught.value)
    settings(de_minimis_ceiling_eur="300000", register_deadline="999999999 virkedager")
    with pytest.raises(OmstillingError, match="høyst 60 måneder eller 1000 virkedager"):
        stateaid.award_of(demo_engine, "vestre-toten", "2014-01")
    damaged = tmp_path / "eurofxref-hist.zip"
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "eurofxref-hist.csv", "".join(f"2014-03-{i % 28 + 1:02},{i * 7919 % 10007}\n" for i in range(5000))
        )
    data = bytearray(damaged.read_bytes())
    data[200:300] = b"\0" * 100  # inside the compressed data: the zip's directory is whole
    damaged.write_bytes(bytes(data))
    with pytest.raises(OmstillingError, match="zip-fila er skadet og kan ikke leses"):
        stateaid.import_rates(demo_engine, damaged)
    with pytest.raises(stateaid.RateFileRefused) as caught:
        stateaid.import_rates(demo_engine, ecb_file(tmp_path, {"2015-02-29": "8.5"}))
    assert caught.value.problems == ["linje 2: «2015-02-29» er ikke en dato"]


def test_13_implausible_weekend_and_future_rates_are_refused_and_a_wrong_rate_can_be_replaced(demo_engine, tmp_path):
    with pytest.raises(stateaid.RateFileRefused) as caught:
        stateaid.import_rates(
            demo_engine,
            ecb_file(tmp_path, {"2015-01-05": "0.0001", "2015-01-06": "100", "2015-01-10": "9.0", "2030-01-02": "9.0"}),
        )
    assert caught.value.problems == [
        "linje 2: 2030-01-02 er ikke kommet ennå",
        "linje 3: 2015-01-10 er en lørdag; ECB publiserer ingen kurser i helgene",
        "linje 4: «100» er ikke en rimelig kurs for NOK (NOK: mellom 4 og 20 kroner per euro)",
        "linje 5: «0.0001» er ikke en rimelig kurs for NOK (NOK: mellom 4 og 20 kroner per euro)",
    ]
    right = ecb_file(tmp_path, {"2014-03-17": "8.2900"})
    kept = stateaid.import_rates(demo_engine, right)
    assert kept.lines()[1].endswith("den lagrede kursen beholdes.")
    replaced = stateaid.import_rates(demo_engine, right, replace=True)
    assert replaced.lines()[1] == (
        "17.03.2014: fila sier 8,2900, lagret var 8,2800 (ECB); kursen i fila erstatter den (tildelinger som alt er "
        "registrert, beholder kursen de ble regnet om med)."
    )
    with db.session_scope(demo_engine) as session:
        stored = session.exec(select(ExchangeRate).where(ExchangeRate.day == date(2014, 3, 17))).one()
    assert stored.per_eur == Decimal("8.29")
    assert stateaid.award_of(demo_engine, "vestre-toten", "2014-04").nok_per_eur == Decimal("8.28")


@pytest.mark.parametrize("amount", [0, -0])
def test_14_an_award_of_0_kroner_is_refused(demo_engine, amount):
    said = refused(demo_engine, org_number=NAERINGSRAD, amount_nok=amount)
    assert said == "ugyldig støtte til prosjekt 2014-12: amount_nok: 0 — beløpet må være over 0 kroner"
