"""The de minimis ceiling around its edges (issue 29): a rolling three years across year ends, two programmes
granting to one company, aid declared from another body, undertakings that count as one, a late entry that breaks a
later window, the rate of a weekend's grant, a missing rate, and the register's deadline as a setting."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from omstilling.core.stateaid import (
    Aid,
    AidSource,
    Rate,
    RateMissing,
    ReportingRule,
    check,
    ecb_rates,
    rate_for,
    single_undertaking,
    to_eur,
    window,
)

ORG = "910007912"
SISTER = "910015834"
PARENT = "974760673"


def aid(day: date, eur: int | str, org: str = ORG, grantor: str = "Omstilling Vestre Toten", **more) -> Aid:
    return Aid(org, day, Decimal(eur), grantor, **more)


def test_the_window_is_three_years_ending_on_the_grant_date():
    assert window(date(2017, 3, 1)) == (date(2014, 3, 2), date(2017, 3, 1))
    assert window(date(2016, 2, 29)) == (date(2013, 3, 1), date(2016, 2, 29))
    assert window(date(2015, 1, 1)) == (date(2012, 1, 2), date(2015, 1, 1))


def test_the_window_rolls_across_year_ends_not_by_fiscal_years():
    """250 000 on 30 December 2023 still counts on 29 December 2026 (within three years, though three fiscal years
    2024–2026 would leave it out) and no longer on 30 December 2026."""
    earlier = [aid(date(2023, 12, 30), 250_000)]
    inside = check(aid(date(2026, 12, 29), 60_000), earlier)
    assert inside.refused and inside.before == Decimal(250_000) and inside.after == Decimal(310_000)
    assert "fra 30. desember 2023 til 29. desember 2026" in inside.message
    outside = check(aid(date(2026, 12, 30), 60_000), earlier)
    assert not outside.refused and outside.before == 0


def test_the_refusal_shows_the_sum_in_norwegian():
    verdict = check(aid(date(2027, 3, 1), 60_000), [aid(date(2024, 3, 2), 250_000)], company="Toten Tre AS")
    assert verdict.message == (
        "Tilskuddet kan ikke gis som bagatellmessig støtte: Toten Tre AS (org.nr. 910 007 912) har fått "
        "250\u00a0000\u00a0euro i bagatellmessig støtte i perioden fra 2. mars 2024 til 1. mars 2027, og med dette "
        "tilskuddet på 60\u00a0000\u00a0euro blir summen 310\u00a0000\u00a0euro, over taket på 300\u00a0000\u00a0euro "
        "(forordning (EU) 2023/2831 artikkel 3)."
    )


def test_exactly_the_ceiling_is_allowed_with_a_warning_and_a_cent_over_is_refused():
    earlier = [aid(date(2025, 5, 1), 200_000)]
    at = check(aid(date(2026, 5, 1), 100_000), earlier)
    assert not at.refused and at.warned and "0\u00a0euro er igjen" in at.message
    over = check(aid(date(2026, 5, 1), "100000.01"), earlier)
    assert over.refused and "300\u00a0000,01\u00a0euro" in over.message


def test_a_warning_comes_before_the_ceiling():
    verdict = check(aid(date(2026, 5, 1), 40_000), [aid(date(2025, 5, 1), 200_000)])
    assert not verdict.refused and verdict.warned
    assert "240\u00a0000\u00a0euro" in verdict.message and "60\u00a0000\u00a0euro er igjen" in verdict.message
    quiet = check(aid(date(2026, 5, 1), 30_000), [aid(date(2025, 5, 1), 200_000)], warning_share=Decimal("0.9"))
    assert not quiet.warned and quiet.message is None


def test_two_programmes_granting_to_one_company_are_summed():
    earlier = [
        aid(date(2025, 2, 1), 150_000, grantor="Omstilling Vestre Toten"),
        aid(date(2025, 9, 1), 120_000, grantor="Omstilling Gjøvik"),
    ]
    verdict = check(aid(date(2026, 1, 10), 40_000, grantor="Omstilling Vestre Toten"), earlier)
    assert verdict.refused and verdict.before == Decimal(270_000)
    assert {a.grantor for a in verdict.counted} == {"Omstilling Vestre Toten", "Omstilling Gjøvik"}


def test_aid_the_company_declared_from_another_body_counts():
    declared = aid(date(2024, 11, 20), 280_000, grantor="Innovasjon Norge", source=AidSource.DECLARED)
    verdict = check(aid(date(2025, 3, 1), 25_000), [declared])
    assert verdict.refused and verdict.counted == (declared,)


def test_undertakings_that_count_as_one_are_summed_through_links_of_links():
    links = [(ORG, PARENT), (PARENT, SISTER)]
    assert single_undertaking(ORG, links) == {ORG, PARENT, SISTER}
    earlier = [aid(date(2025, 1, 5), 290_000, org=SISTER)]
    linked = check(aid(date(2025, 6, 1), 20_000), earlier, links=links)
    assert linked.refused and "og foretak som regnes som ett foretak med det" in linked.message
    alone = check(aid(date(2025, 6, 1), 20_000), earlier)
    assert not alone.refused


def test_a_late_entry_may_not_break_the_window_of_a_later_award():
    """A grant entered late, dated before awards already recorded: its own window holds little, but the window that
    ends on a later award holds it too, and that one would go over."""
    earlier = [aid(date(2024, 3, 2), 250_000), aid(date(2026, 6, 1), 40_000)]
    verdict = check(aid(date(2024, 1, 1), 20_000), earlier)
    assert verdict.refused and verdict.after == Decimal(310_000)
    assert "fra 2. juni 2023 til 1. juni 2026" in verdict.message


def test_the_rate_of_a_weekend_grant_is_fridays():
    rates = [Rate(date(2014, 6, 6), Decimal("8.1520"), "ECB"), Rate(date(2014, 6, 9), Decimal("8.2000"), "ECB")]
    assert rate_for(date(2014, 6, 8), rates).day == date(2014, 6, 6)  # Sunday: Friday's rate
    assert rate_for(date(2014, 6, 9), rates).nok_per_eur == Decimal("8.2000")
    assert to_eur(815_200, Decimal("8.1520")) == Decimal("100000.00")


def test_no_rate_within_a_week_before_the_grant_is_refused_with_what_to_do():
    rates = [Rate(date(2014, 6, 1), Decimal("8.1"), "ECB")]
    assert rate_for(date(2014, 6, 8), rates).day == date(2014, 6, 1)
    with pytest.raises(RateMissing, match=re.escape("ingen eurokurs for 9. juni 2014 eller de 7 dagene før")):
        rate_for(date(2014, 6, 9), rates)


def test_the_ecb_file_is_read_with_its_gaps_and_bad_rows_named():
    text = "Date,USD,JPY,NOK,SEK,\n2014-06-06,1.3658,139.71,8.1520,9.0200,\n2014-06-05,1.36,139.2,N/A,9.0,\nbad\n"
    rates, problems = ecb_rates(text)
    assert rates == [Rate(date(2014, 6, 6), Decimal("8.1520"), "ECB")]
    assert problems == ["linje 4: kan ikke leses"]
    assert ecb_rates("Date,USD\n2014-06-06,1.3\n")[1] == [
        "fila har ingen kolonne «NOK» etter «Date» (er det referansekursfila fra ECB?)"
    ]


def test_the_registers_deadline_is_a_setting():
    today = ReportingRule.parse(100_000, "6 måneder")
    assert today.applies(Decimal(100_000)) and not today.applies(Decimal("99999.99"))
    assert today.deadline(date(2014, 8, 31)) == date(2015, 2, 28)
    proposed = ReportingRule.parse(0, "20 virkedager")
    assert proposed.applies(Decimal(1))
    # from Friday 19 December 2014: Christmas, Boxing Day and New Year's Day are not working days
    assert proposed.deadline(date(2014, 12, 19)) == date(2015, 1, 21)
    with pytest.raises(ValueError, match=re.escape("skriv f.eks. «6 måneder» eller «20 virkedager»")):
        ReportingRule.parse(100_000, "snart")
