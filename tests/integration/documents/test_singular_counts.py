"""One of a thing is singular (brief D, item 3): the texts a programme's people read said «minst 1 prosjekter»,
«1 forstudier», «om 1 dager», «bare 1 styremøter» and «hvert 2. måned» (kept byte-identical last round, the demo
never had one). Each case is forced on the demo (a strategy aiming at one project, one started project, a deadline
and a meeting tomorrow, one board meeting in the autumn, a rule every second month), in bokmål and nynorsk."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from omstilling.core import reminders as ladder
from omstilling.core.enums import DocumentKind, Phase
from omstilling.core.language import WrittenStandard, speaking
from omstilling.core.reminders import RecipientData
from omstilling.core.wheel.words import rule_in_words
from omstilling.documents.render import render_markdown
from omstilling.messaging import texts
from tests.support.texts import PEOPLE

NB, NN = WrittenStandard.BOKMAL, WrittenStandard.NYNORSK
YEAR_END = date(2014, 12, 31)
RECIPIENTS = tuple(
    RecipientData(name, role, f"{role}@example.org", date(2010, 1, 1), None, number)
    for number, (name, role) in enumerate(PEOPLE, start=1)
)


@pytest.mark.parametrize("standard", [NB, NN])
def test_a_strategy_aiming_at_one_project_says_one_project(demo_snapshot, standard):
    first, *rest = demo_snapshot.strategies
    one = replace(first, count_target=1, target_text=None)
    snapshot = replace(demo_snapshot, strategies=(one, *rest), language=standard)
    report = render_markdown(DocumentKind.ANNUAL_REPORT, snapshot, 2014, YEAR_END, made_on=YEAR_END).markdown
    row = next(line for line in report.splitlines() if line.startswith(f"| {first.number} "))
    assert "| minst 1 prosjekt |" in row, row  # the same words in both standards


@pytest.mark.parametrize(
    "standard, sentence",
    [
        (NB, "Av 1 prosjekt som er iverksatt, er 1 forstudie, 0 forprosjekter og 0 hovedprosjekter."),
        (NN, "Av 1 prosjekt som er sett i verk, er 1 forstudie, 0 forprosjekt og 0 hovudprosjekt."),
    ],
)
def test_an_application_with_one_started_project_says_one_pre_study(demo_snapshot, standard, sentence):
    started = [p for p in demo_snapshot.projects if p.status.started and p.decision_date]
    study = next(p for p in started if p.phase is Phase.PRE_STUDY)
    projects = tuple(p for p in demo_snapshot.projects if p not in started) + (study,)
    snapshot = replace(demo_snapshot, projects=projects, language=standard)
    application = render_markdown(DocumentKind.APPLICATION, snapshot, 2014, YEAR_END, made_on=YEAR_END).markdown
    assert sentence in " ".join(application.split())


def reminder_the_day_before(snapshot, key: str, role: str, planned: date):
    """The reminder of the deadline or meeting `key` to `role` planned for `planned`, as if it went the day before
    it is due."""
    item = next(
        i
        for i in ladder.plan(snapshot, RECIPIENTS, planned)
        if i.occurrence.event.key.startswith(key) and i.role == role
    )
    with speaking(snapshot.language):
        return texts.reminder_text(
            item,
            programme=snapshot.name,
            short=texts.short_name(snapshot.municipality, snapshot.name),
            slug=snapshot.slug,
            missing=[],
            as_of=item.occurrence.due - timedelta(days=1),
        )


@pytest.mark.parametrize(
    "standard, deadline, meeting",
    [
        (NB, "er fredag 31. januar 2014, om 1 dag.", "er mandag 27. januar 2014 kl. 13.00, om 1 dag."),
        (NN, "er fredag 31. januar 2014, om 1 dag.", "er måndag 27. januar 2014 kl. 13.00, om 1 dag."),
    ],
)
def test_a_reminder_the_day_before_says_in_one_day(demo_snapshot, standard, deadline, meeting):
    snapshot = replace(demo_snapshot, language=standard)
    report = reminder_the_day_before(snapshot, "arsrapport", "programleder", date(2014, 1, 3))
    board = reminder_the_day_before(snapshot, "styremote", "styreleder", date(2014, 1, 24))
    for text, said in ((report, deadline), (board, meeting)):
        for form in (text.body, text.html, text.markdown):
            assert said in " ".join(form.replace("<strong>", "").replace("</strong>", "").replace("**", "").split())


@pytest.mark.parametrize(
    "standard, line",
    [
        (NB, "bare 1 styremøte er holdt eller planlagt før 31. desember 2014 (minst 3)"),
        (NN, "berre 1 styremøte er halde eller planlagt før 31. desember 2014 (minst 3)"),
    ],
)
def test_one_board_meeting_in_the_autumn_is_one_meeting(demo_snapshot, standard, line):
    """The autumn of 2014 with one board meeting (15 September) of the three the quota asks for."""
    meetings = tuple(m for m in demo_snapshot.meetings if m.date.year != 2014 or m.date <= date(2014, 9, 15))
    snapshot = replace(demo_snapshot, meetings=meetings, language=standard)
    day = date(2014, 11, 20)
    item = next(i for i in ladder.plan(snapshot, RECIPIENTS, day) if i.occurrence.event.key == "handlingsplan-vedtak")
    with speaking(standard):
        assert line in ladder.missing(snapshot, item.occurrence, day)


@pytest.mark.parametrize(
    "standard, rule, words",
    [
        (NB, "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1", "hver 2. måned: "),
        (NB, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "hver 2. uke: "),
        (NB, "FREQ=DAILY;INTERVAL=3", "hver 3. dag"),
        (NB, "FREQ=YEARLY;INTERVAL=2;BYMONTH=5;BYMONTHDAY=1", "hvert 2. år: "),
        (NN, "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1", "kvar 2. månad: "),
    ],
)
def test_a_rule_every_second_month_says_hver(standard, rule, words):
    with speaking(standard):
        assert rule_in_words(rule).startswith(words), rule_in_words(rule)
