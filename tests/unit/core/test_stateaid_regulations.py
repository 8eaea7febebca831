"""The de minimis rule that applied on the grant date (issue 29): Regulation (EC) No 1998/2006 and (EU) No 1407/2013
(EUR 200 000 over the fiscal year of the grant and the two before it) before Regulation (EU) 2023/2831 (EUR 300 000
over any three years); the rule of the grant date decides the ceiling and the window, and its sum counts every de
minimis aid in that window, under whichever regulation it was granted."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from omstilling.core.stateaid import (
    Aid,
    AidBasis,
    check,
    regulation_for,
    regulations,
)

ORG = "910007912"


def aid(day: date, eur: int | str) -> Aid:
    return Aid(ORG, day, Decimal(eur), "Omstilling Vestre Toten")


def test_the_rule_changes_between_the_last_day_of_the_old_and_the_first_of_the_new():
    assert regulation_for(date(2013, 12, 31)).basis is AidBasis.DE_MINIMIS_2006
    assert regulation_for(date(2014, 1, 1)).basis is AidBasis.DE_MINIMIS_2013
    assert regulation_for(date(2023, 12, 31)).basis is AidBasis.DE_MINIMIS_2013
    assert regulation_for(date(2024, 1, 1)).basis is AidBasis.DE_MINIMIS
    last_old, first_new = regulation_for(date(2023, 12, 31)), regulation_for(date(2024, 1, 1))
    assert (last_old.name, last_old.ceiling_eur, last_old.fiscal_years) == (
        "forordning (EU) nr. 1407/2013",
        Decimal(200_000),
        True,
    )
    assert (first_new.name, first_new.ceiling_eur, first_new.fiscal_years) == (
        "forordning (EU) 2023/2831",
        Decimal(300_000),
        False,
    )


def test_250_000_is_refused_on_the_last_day_of_the_old_rule_and_allowed_on_the_first_of_the_new():
    """The same grant of 250 000 euro: over 1407/2013's 200 000 on 31 December 2023, under 2023/2831's 300 000 the
    next day."""
    old = check(aid(date(2023, 12, 31), 250_000), [])
    assert old.refused and old.ceiling == Decimal(200_000)
    assert old.message == (
        "Tilskuddet kan ikke gis som bagatellmessig støtte: org.nr. 910 007 912 har fått 0\u00a0euro i "
        "bagatellmessig støtte i regnskapsåret 2023 og de to foregående (fra 1. januar 2021 til 31. desember 2023), "
        "og med dette tilskuddet på 250\u00a0000\u00a0euro blir summen 250\u00a0000\u00a0euro, over taket på "
        "200\u00a0000\u00a0euro over tre regnskapsår (forordning (EU) nr. 1407/2013 artikkel 3)."
    )
    new = check(aid(date(2024, 1, 1), 250_000), [])
    assert not new.refused and new.ceiling == Decimal(300_000)
    assert new.message == (
        "Obs: med dette tilskuddet har org.nr. 910 007 912 fått 250\u00a0000\u00a0euro i bagatellmessig støtte i "
        "perioden fra 2. januar 2021 til 1. januar 2024; taket er 300\u00a0000\u00a0euro, og 50\u00a0000\u00a0euro er "
        "igjen."
    )


def test_the_fiscal_window_starts_on_the_first_of_january_two_years_before():
    """1407/2013: aid of 2 January 2012 counts for a grant of 31 December 2014; aid of 31 December 2011 does not. Early
    in a year the fiscal window is much shorter than three years: a grant of 14 January 2014 does not count aid of
    1 June 2011, which a rolling three years (from 15 January 2011) would."""
    counted = check(aid(date(2014, 12, 31), 60_000), [aid(date(2012, 1, 2), 150_000)])
    assert counted.refused and counted.before == Decimal(150_000) and counted.after == Decimal(210_000)
    assert "i regnskapsåret 2014 og de to foregående (fra 1. januar 2012 til 31. desember 2014)" in counted.message
    left_out = check(aid(date(2014, 12, 31), 60_000), [aid(date(2011, 12, 31), 150_000)])
    assert not left_out.refused and left_out.before == 0
    # the first day of the first fiscal year counts, whatever day of the year the grant is
    assert check(aid(date(2014, 1, 14), 60_000), [aid(date(2012, 1, 1), 150_000)]).refused
    assert not check(aid(date(2014, 1, 14), 60_000), [aid(date(2011, 6, 1), 150_000)]).refused


def test_200_000_and_300_000_refuse_by_the_rule_of_the_grant_date():
    earlier = [aid(date(2013, 6, 1), 150_000)]
    assert check(aid(date(2014, 6, 1), 50_000), earlier).after == Decimal(200_000)
    assert not check(aid(date(2014, 6, 1), 50_000), earlier).refused  # exactly the ceiling
    old = check(aid(date(2014, 6, 1), "50000.01"), earlier)
    assert old.refused and "over taket på 200\u00a0000\u00a0euro over tre regnskapsår" in old.message
    later = [aid(date(2024, 6, 1), 250_000)]
    assert not check(aid(date(2025, 6, 1), 50_000), later).refused
    new = check(aid(date(2025, 6, 1), "50000.01"), later)
    assert new.refused and new.message.endswith(
        "over taket på 300\u00a0000\u00a0euro (forordning (EU) 2023/2831 artikkel 3)."
    )


def test_an_old_rule_award_counts_in_a_new_rule_sum():
    """A grant of 1 June 2024 under 2023/2831 counts the 150 000 granted on 1 December 2023 under 1407/2013: its
    window is any three years, whatever rule the earlier aid was granted under."""
    earlier = [aid(date(2023, 12, 1), 150_000)]
    verdict = check(aid(date(2024, 6, 1), 160_000), earlier)
    assert verdict.refused and verdict.before == Decimal(150_000) and verdict.after == Decimal(310_000)
    assert "i perioden fra 2. juni 2021 til 1. juni 2024" in verdict.message
    assert verdict.regulation.basis is AidBasis.DE_MINIMIS


def test_a_late_old_rule_entry_is_judged_by_the_window_of_a_later_new_rule_award():
    """A grant of 1 March 2023 (1407/2013, 100 000: fits its own 200 000) entered after one of 1 February 2024
    (2023/2831, 250 000): the later window would hold 350 000, over 300 000, and names the new rule."""
    earlier = [aid(date(2024, 2, 1), 250_000)]
    verdict = check(aid(date(2023, 3, 1), 100_000), earlier)
    assert verdict.refused and verdict.after == Decimal(350_000) and verdict.ceiling == Decimal(300_000)
    assert "(forordning (EU) 2023/2831 artikkel 3)" in verdict.message


def test_the_older_rule_warns_with_its_own_window_and_ceiling():
    verdict = check(aid(date(2014, 1, 14), 20_000), [aid(date(2013, 3, 1), 150_000)], company="Toten Trebygg AS")
    assert not verdict.refused and verdict.warned
    assert verdict.message == (
        "Obs: med dette tilskuddet har Toten Trebygg AS (org.nr. 910 007 912) fått 170\u00a0000\u00a0euro i "
        "bagatellmessig støtte i regnskapsåret 2014 og de to foregående (fra 1. januar 2012 til 14. januar 2014); "
        "taket er 200\u00a0000\u00a0euro over tre regnskapsår (forordning (EU) nr. 1407/2013), og "
        "30\u00a0000\u00a0euro er igjen."
    )


def test_1998_2006_cites_its_own_article():
    verdict = check(aid(date(2012, 5, 1), 210_000), [])
    assert verdict.refused and verdict.message.endswith("(forordning (EF) nr. 1998/2006 artikkel 2).")


def test_the_dates_the_rules_apply_from_are_a_setting():
    moved = regulations("1407/2013=2014-05-17, 2023/2831=2024-03-01")
    assert regulation_for(date(2014, 5, 16), moved).basis is AidBasis.DE_MINIMIS_2006
    assert regulation_for(date(2014, 5, 17), moved).basis is AidBasis.DE_MINIMIS_2013
    assert regulation_for(date(2024, 2, 29), moved).basis is AidBasis.DE_MINIMIS_2013
    assert check(aid(date(2024, 2, 29), 250_000), [], rules=moved).refused
    assert not check(aid(date(2024, 2, 29), 250_000), []).refused
    assert regulations(None, Decimal(350_000))[-1].ceiling_eur == Decimal(350_000)
    with pytest.raises(ValueError, match=re.escape("«1407/2013=snart»: «snart» er ikke en dato (ÅÅÅÅ-MM-DD)")):
        regulations("1407/2013=snart")
    with pytest.raises(ValueError, match=re.escape("skriv forordning=dato")):
        regulations("2020/1=2020-01-01")
    with pytest.raises(ValueError, match="i rekkefølgen"):
        regulations("2023/2831=2013-01-01")
