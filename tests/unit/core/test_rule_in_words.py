"""Each wheel rule in Norwegian words, generated from the rule (issue 14, part 6): a programme leader checks a rule
without reading RFC 5545 (pure)."""

from __future__ import annotations

import pytest

from omstilling.core.wheel.words import rule_in_words
from tests.support.wheel import seed_events


@pytest.mark.parametrize(
    "rule, words",
    [
        ("FREQ=YEARLY;BYMONTH=1;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "siste arbeidsdag i januar"),
        ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20", "20. juni"),
        ("FREQ=YEARLY;BYMONTH=10;BYDAY=3WE", "tredje onsdag i oktober"),
        ("FREQ=YEARLY;BYMONTH=11;BYDAY=-1FR", "siste fredag i november"),
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", "siste dag i desember"),
        ("FREQ=YEARLY;BYEASTER=-4", "4 dager før første påskedag"),
        ("FREQ=DAILY;BYMONTH=7", "hver dag i juli"),
        ("FREQ=MONTHLY;BYDAY=1MO", "første mandag i hver måned"),
        ("FREQ=WEEKLY;BYDAY=MO", "hver mandag"),
        ("FREQ=YEARLY;INTERVAL=2;BYMONTH=5;BYMONTHDAY=1", "hvert 2. år: 1. mai"),
        ("FREQ=YEARLY;BYWEEKNO=3", "egen regel (se RRULE)"),
        ("", ""),
    ],
)
def test_a_rule_reads_as_norwegian_words(rule, words):
    assert rule_in_words(rule) == words


def test_every_rule_of_the_seed_wheel_has_words_of_its_own():
    words = {e.key: rule_in_words(e.rrule) for e in seed_events() if e.rrule}
    assert words["arsrapport"] == "siste arbeidsdag i januar"
    assert words["soknad-fylket"] == "20. juni"
    assert words["psv"] == "tredje onsdag i oktober"
    assert words["kontaktmote-fylket"] == "siste onsdag i august"
    assert "egen regel (se RRULE)" not in words.values()
