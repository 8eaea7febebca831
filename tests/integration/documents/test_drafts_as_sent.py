"""Drafts a leader can send as they are (issue 24): the board papers follow meeting practice, the leader's own
words stand where they belong (or the draft says plainly they are not written yet), and nothing meant for the
leader stands in a paper for the board or the county. Rendered to Markdown from the demo's snapshot, changed where
a case needs it; no pandoc, no database."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from omstilling.core.enums import CaseKind, DocumentKind, TextSection
from omstilling.core.periods import document_period
from omstilling.core.snapshot import OwnTextData, ProgrammeSnapshot
from omstilling.documents.render import render_markdown

MEETING = date(2014, 6, 16)


def pack(snapshot: ProgrammeSnapshot, today: date = date(2014, 6, 9)) -> str:
    """The board pack for 16.06.2014 with the period every way in chooses for it (no as-of given)."""
    period = document_period(snapshot, DocumentKind.BOARD_PACK, today, meeting_date=MEETING)
    return render_markdown(
        DocumentKind.BOARD_PACK, snapshot, period.year, period.as_of, meeting_date=period.meeting_date
    ).markdown


def with_cases(snapshot: ProgrammeSnapshot, **changes_by_number) -> ProgrammeSnapshot:
    meetings = []
    for meeting in snapshot.meetings:
        cases = tuple(
            replace(c, **changes_by_number[c.number]) if c.number in changes_by_number else c for c in meeting.cases
        )
        meetings.append(replace(meeting, cases=cases))
    return replace(snapshot, meetings=tuple(meetings))


def own(snapshot: ProgrammeSnapshot, kind: DocumentKind, year: int, name: str, section: TextSection, body: str):
    text = OwnTextData(kind, year, name, section, body, "leder@example.org", datetime(2014, 6, 20, 8, tzinfo=UTC))
    return replace(snapshot, texts=(*snapshot.texts, text))


def test_the_papers_before_a_meeting_count_up_to_the_day_before_it(demo_snapshot):
    """Seen after the meeting (today), the pack for 16.06.2014 still counts up to 15 June: the meeting is not held
    yet in its own papers, and the grant it makes (2014-13, sak 15/14) is not support since the last meeting."""
    period = document_period(demo_snapshot, DocumentKind.BOARD_PACK, date(2026, 12, 5), meeting_date=MEETING)
    assert period.as_of == date(2014, 6, 15)
    assert (
        document_period(demo_snapshot, DocumentKind.MINUTES, date(2026, 12, 5), meeting_date=MEETING).as_of == MEETING
    )
    markdown = pack(demo_snapshot, today=date(2026, 12, 5))
    report = markdown.split("# Rapport til styremøtet")[1]
    assert "Styret har holdt 3 møter i 2014 per 15. juni 2014." in report
    assert "| 16.06.2014 |" not in report.split("## 6. Styremøter")[1]
    assert "| 2014-13 |" not in report
    # granted at the previous meeting (19.05, after its papers were made) is reported now
    assert "| 2014-02 |" in report and "Sak 11/14, 19.05.2014" in report


def test_the_agenda_opens_with_the_standing_items_keeps_briefings_apart_and_ends_with_eventuelt(demo_snapshot):
    snapshot = with_cases(
        demo_snapshot,
        **{
            "14/14": {"kind": CaseKind.BRIEFING, "proposal": None, "background": "Rapporten ligger ved."},
            "15/14": {"background": "Gjøvikregionen Næringsråd søker om 200 000 kroner.\n\nAdministrasjonen tilrår."},
        },
    )
    markdown = pack(snapshot)
    agenda = markdown.split("## Saksliste")[1].split("## Sakene")[0]
    order = [
        agenda.index("Godkjenning av innkalling og saksliste"),
        agenda.index("Godkjenning av protokoll fra styremøtet 19. mai 2014"),
        agenda.index("**Vedtakssaker**"),
        agenda.index("| 15/14 |"),
        agenda.index("| 16/14 |"),
        agenda.index("**Orienteringssaker**"),
        agenda.index("| 14/14 |"),
        agenda.index("**Eventuelt**"),
    ]
    assert order == sorted(order)
    cases = markdown.split("## Sakene")[1].split("# Rapport til styremøtet")[0]
    assert "### Sak 14/14 Halvårsrapport per 30. juni 2014 (orienteringssak)" in cases
    assert "**Forslag til vedtak:** Styret tar saken til orientering." in cases
    # each case: its background, then the proposed decision; never the decision itself
    case_15 = cases.split("### Sak 15/14")[1].split("### ")[0]
    assert (
        case_15.index("**Bakgrunn**")
        < case_15.index("Gjøvikregionen Næringsråd søker om 200")
        < case_15.index("Administrasjonen tilrår.")
        < case_15.index("**Forslag til vedtak:**")
    )
    assert "**Vedtak:**" not in markdown
    assert re.findall(r"^### (.*)$", cases, flags=re.M)[-1] == "Eventuelt"
    assert "**Forslag til vedtak:** Protokollen fra styremøtet 19. mai 2014 godkjennes." in cases


def test_the_board_report_shows_the_cases_and_their_kind_but_no_decision_before_the_meeting(demo_snapshot):
    """The demo's cases were decided as proposed, so a decision printed before the meeting would be the proposal's
    words under "Vedtak": the report has neither column."""
    report = pack(demo_snapshot).split("# Rapport til styremøtet")[1]
    cases = report.split("## 2. Saker til møtet")[1].split("### Oppfølging av vedtak")[0]
    assert "| Sak | Tittel | Type |" in cases
    assert "| 15/14 | Søknad om prosjektstøtte: Regionalt utviklings- og samhandlingsprosjekt" in cases
    assert "Det innvilges inntil" not in cases and "Vedtak" not in cases.replace("Type", "")


LEADER_NOTES = re.compile(
    r"mangler (forklaring|tiltak|årsak)|må forklares|før søknaden sendes|`omstilling|omstilling (status|export)",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("kind", "year", "as_of", "meeting"),
    [
        (DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), None),
        (DocumentKind.HALF_YEAR_REPORT, 2014, date(2014, 6, 30), None),
        (DocumentKind.BOARD_PACK, 2014, date(2014, 6, 15), MEETING),
        (DocumentKind.APPLICATION, 2014, date(2014, 6, 20), None),
        (DocumentKind.FINAL_REPORT, 2015, date(2015, 12, 31), None),
    ],
)
def test_no_note_for_the_leader_stands_in_a_paper_for_the_board_or_the_county(
    demo_snapshot, kind, year, as_of, meeting
):
    """The demo has deviations without cause or action on these days; what the leader must still do goes to their
    checklist (the reminder and the Frister page), never into the paper."""
    markdown = render_markdown(kind, demo_snapshot, year, as_of, meeting_date=meeting).markdown
    assert not LEADER_NOTES.search(markdown), LEADER_NOTES.search(markdown)


def test_the_leaders_own_words_stand_in_their_sections_and_an_unwritten_one_says_so(demo_snapshot):
    kind, year = DocumentKind.HALF_YEAR_REPORT, 2014
    empty = render_markdown(kind, demo_snapshot, year, date(2014, 6, 30)).markdown
    way_forward = empty.split("## Veien videre")[1].split("\n## ")[0]
    assert "*Programleder har ikke skrevet om veien videre ennå.*" in way_forward
    assert "*Programleder har ikke skrevet sammendraget sitt ennå.*" in empty.split("## Sammendrag")[1]
    assert "*Programleder har ikke kommentert avvikene ennå.*" in empty.split("## Avviksrapport")[1]

    snapshot = own(
        demo_snapshot,
        kind,
        year,
        "halvarsrapport",
        TextSection.WAY_FORWARD,
        "I 2. halvår prioriterer vi *eksport* og [nettverk].\n\n- Ny runde med bedriftsbesøk\n- Felles messe i 2015",
    )
    written = render_markdown(kind, snapshot, year, date(2014, 6, 30)).markdown
    way_forward = written.split("## Veien videre")[1].split("\n## ")[0]
    assert "I 2. halvår prioriterer vi \\*eksport\\* og \\[nettverk\\]." in way_forward  # escaped, not markup
    assert "- Ny runde med bedriftsbesøk\n- Felles messe i 2015" in way_forward
    assert "ikke skrevet om veien videre" not in written
    assert "*Programleder har ikke skrevet sammendraget sitt ennå.*" in written  # the other sections stay unwritten
    # a text changes the document's fingerprint: a regeneration writes a new version
    assert (
        render_markdown(kind, snapshot, year, date(2014, 6, 30)).fingerprint
        != render_markdown(kind, demo_snapshot, year, date(2014, 6, 30)).fingerprint
    )


def test_the_board_pack_prints_its_board_reports_words_and_not_another_meetings(demo_snapshot):
    snapshot = own(
        demo_snapshot,
        DocumentKind.BOARD_REPORT,
        2014,
        "styrerapport-2014-06-16",
        TextSection.SUMMARY,
        "Halvåret har gått etter planen.",
    )
    snapshot = own(
        snapshot, DocumentKind.BOARD_REPORT, 2014, "styrerapport-2014-05-19", TextSection.SUMMARY, "Mai-møtets tekst."
    )
    markdown = pack(snapshot)
    orientation = markdown.split("## Programleders orientering")[1].split("\n## ")[0]
    assert "Halvåret har gått etter planen." in orientation
    assert "Mai-møtets tekst." not in markdown


def test_a_section_the_year_does_not_need_is_not_asked_for(demo_snapshot):
    """2014 has qualitative goals (the assessment is asked for); a year without deviations asks no comment on
    them."""
    from omstilling.core import texts

    needed = texts.needed(demo_snapshot, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31))
    assert TextSection.QUALITATIVE in needed and TextSection.DEVIATIONS in needed
    no_goals = replace(demo_snapshot, goals=(), deviations=(), budget_lines=())
    assert texts.needed(no_goals, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31)) == (
        TextSection.SUMMARY,
        TextSection.WAY_FORWARD,
    )
    markdown = render_markdown(DocumentKind.ANNUAL_REPORT, no_goals, 2014, date(2014, 12, 31)).markdown
    assert "kvalitative målene" not in markdown and "kommentert avvikene" not in markdown
    assert texts.sections(DocumentKind.MINUTES) == ()


def test_an_application_without_the_countys_line_goes_on_the_leaders_checklist_not_into_the_letter(demo_snapshot):
    """The county's grant is the amount applied for; a budget without a line for it left the application saying
    "søknadsbeløpet må fastsettes før søknaden sendes" to the county. The checklist says it now. A line that only
    names the county (money carried over from its grant) is not the grant."""
    from omstilling.core.agenda import agenda
    from omstilling.core.enums import BudgetCategory

    renamed = tuple(
        replace(b, category=BudgetCategory.CARRIED_OVER, label="Ubrukte midler fra fylkeskommunens tilskudd")
        if b.category is BudgetCategory.COUNTY
        else b
        for b in demo_snapshot.budget_lines
    )
    snapshot = replace(demo_snapshot, budget_lines=renamed)
    application = next(
        i for i in agenda(snapshot, 2014, date(2014, 6, 1)).items if i.document == DocumentKind.APPLICATION.value
    )
    assert (
        "Søknadsbeløpet er ikke fastsatt: budsjettet for 2014 har ingen inntektslinje for tilskuddet fra Oppland fylkeskommune"
        in application.missing
    )
    letter = render_markdown(DocumentKind.APPLICATION, snapshot, 2014, date(2014, 6, 20)).markdown
    assert "Rammebudsjettet for 2014 skiller ikke ut tilskuddet fra Oppland fylkeskommune på en egen linje." in letter
    assert not LEADER_NOTES.search(letter)
    as_demo = next(
        i for i in agenda(demo_snapshot, 2014, date(2014, 6, 1)).items if i.document == DocumentKind.APPLICATION.value
    )
    assert not any(line.startswith("Søknadsbeløpet") for line in as_demo.missing)


def test_a_board_meeting_just_after_new_year_gets_the_year_that_ended(demo_snapshot):
    """A meeting on Friday 2 January 2015 counts up to 1 January: its report gives 2014's results and economy
    (it said "Resultater hittil i 2015 … per 20. desember 2014" and "Det er ikke registrert noe budsjett for 2015")."""
    from omstilling.core.enums import MeetingKind, MeetingStatus
    from omstilling.core.snapshot import MeetingData

    snapshot = replace(
        demo_snapshot,
        meetings=(
            *demo_snapshot.meetings,
            MeetingData(999, date(2015, 1, 2), MeetingKind.ORDINARY, MeetingStatus.PLANNED, "Rådhuset"),
        ),
    )
    period = document_period(snapshot, DocumentKind.BOARD_REPORT, date(2014, 12, 20), meeting_date=date(2015, 1, 2))
    assert (period.year, period.as_of) == (2015, date(2014, 12, 20))
    markdown = render_markdown(
        DocumentKind.BOARD_REPORT, snapshot, period.year, period.as_of, meeting_date=period.meeting_date
    ).markdown
    assert "# Rapport til styremøtet fredag 2. januar 2015" in markdown
    assert "## 3. Resultater hittil i 2014" in markdown and "## 4. Økonomi hittil i 2014" in markdown
    assert "Det er ikke registrert noe budsjett" not in markdown
    assert "hittil i 2015" not in markdown


def test_a_case_whose_title_begins_with_eventuelt_is_a_case_of_its_own(demo_snapshot):
    """ "Eventuelt salg av aksjer" is a decision case with its background and proposal; only a case titled
    "Eventuelt" is the meeting's eventuelt (last, not for decisions)."""
    snapshot = with_cases(
        demo_snapshot,
        **{
            "15/14": {"title": "Eventuelt salg av aksjer i Raufoss Næringspark AS", "background": "Tilbud mottatt."},
            "16/14": {"title": "Eventuelt", "proposal": None},
        },
    )
    notice = pack(snapshot).split("# Rapport til styremøtet")[0]
    cases = notice.split("## Sakene")[1]
    assert "### Sak 15/14 Eventuelt salg av aksjer i Raufoss Næringspark AS (vedtakssak)" in cases
    assert "Tilbud mottatt." in cases
    assert re.findall(r"^### (.*)$", cases, flags=re.M)[-1] == "Sak 16/14 Eventuelt"
    assert "| 15/14 | Eventuelt salg av aksjer" in notice.split("## Sakene")[0]


def test_a_persons_line_breaks_stay_and_their_text_never_becomes_structure(demo_snapshot):
    """A proposal with numbered points and a text with "---", ": ", "a)" and "--": the lines stay lines (they were
    run together into one), and nothing turns into a list, a rule, a definition or a dash the person did not type."""
    import pypandoc

    proposal = "Styret vedtar:\n1. Tilskudd på inntil 200 000 kroner.\n2. Vilkår som i tilsagnsbrevet."
    snapshot = with_cases(demo_snapshot, **{"15/14": {"proposal": proposal}})
    notice = pack(snapshot).split("# Rapport til styremøtet")[0]
    html = pypandoc.convert_text(notice, "html", format="markdown", extra_args=["--wrap=none"])
    case = html.split("Sak 15/14")[1].split("<h3")[0]
    assert "Styret vedtar:<br />\n1. Tilskudd på inntil 200 000 kroner.<br />\n2. Vilkår som i tilsagnsbrevet." in (
        case.replace("\u00a0", " ")
    )
    assert "<ol" not in case

    text = "Status:\n---\n: egen linje\na) først\n(1) så -- og så\n\n- et punkt\n- et til"
    written = own(demo_snapshot, DocumentKind.HALF_YEAR_REPORT, 2014, "halvarsrapport", TextSection.WAY_FORWARD, text)
    markdown = render_markdown(DocumentKind.HALF_YEAR_REPORT, written, 2014, date(2014, 6, 30)).markdown
    section = pypandoc.convert_text(
        markdown.split("## Veien videre")[1].split("\n## ")[0], "html", format="markdown", extra_args=["--wrap=none"]
    )
    assert "<p>Status:<br />\n---<br />\n: egen linje<br />\na) først<br />\n(1) så -- og så</p>" in section
    assert "<ul>\n<li>et punkt</li>\n<li>et til</li>\n</ul>" in section
    assert not any(tag in section for tag in ("<hr", "<dl", "<ol", "–"))
