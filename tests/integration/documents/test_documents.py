"""Documents as the board receives them: Markdown, HTML and Word from one source, recorded and versioned."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import select

from omstilling.core.enums import DocumentKind
from omstilling.core.periods import Period
from omstilling.core.status import programme_status
from omstilling.documents.publish import publish
from omstilling.intake import writes
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from omstilling.store.models import DocumentRecord

NBSP = "\u00a0"


def kroner(amount: str) -> str:
    return amount.replace(" ", NBSP) + NBSP + "kr"


@pytest.fixture
def sqlite_demo(demo_sqlite):
    """Documents do not depend on the database backend: SQLite is enough here."""
    return demo_sqlite


def publish_demo(engine, kind: DocumentKind, year: int, as_of: date, out: Path, **options):
    with db.session_scope(engine) as session:
        programme = choose.programme(session)
        return publish(session, programme, load_snapshot(session, programme), kind, year, as_of, out_dir=out, **options)


def test_the_2014_annual_report_holds_the_seeds_budget_exactly(sqlite_demo, tmp_path):
    result = publish_demo(sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path)
    markdown = result.paths[0].read_text()
    assert f"| Prosjektmidler innsatsområde 1 | {kroner('2 400 000')} |" in markdown
    assert f"| Prosjektmidler innsatsområde 2 | {kroner('700 000')} |" in markdown
    assert f"| Programadministrasjon (ledelse, innleid kompetanse og annet) | {kroner('900 000')} |" in markdown
    assert f"| **Sum inntekter** | **{kroner('4 000 000')}** |" in markdown
    assert f"| **Sum ressursbruk** | **{kroner('4 000 000')}** |" in markdown
    assert f"Ubrukte midler fra 2010–2013 | {kroner('1 000 000')}" in markdown
    assert not re.search(r"\bNone\b|\bnan\b|\{\{|Undefined", markdown)


def test_every_figure_in_the_annual_report_equals_status_json(sqlite_demo, tmp_path, demo_snapshot):
    status = programme_status(demo_snapshot, Period(2014, date(2014, 12, 31)))
    markdown = (
        publish_demo(sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path).paths[0].read_text()
    )
    figures = status["indicators"]
    assert (
        f"Prosjektene har rapportert {figures['jobs']['total']} nye og sikrede arbeidsplasser "
        f"({figures['jobs']['new']} nye og {figures['jobs']['secured']} sikrede) og 1 ny bedrift i 2014. "
        "Målet for året, 50 nye og sikrede arbeidsplasser, gjelder innsatsområde 1"
    ) in markdown
    assert f"{figures['programme_support']:,}".replace(",", NBSP) + NBSP + "kroner i tilsagn" in markdown
    assert f"giringsfaktor på {str(figures['leverage_ratio'])[:3].replace('.', ',')}" in markdown
    assert f"({round(figures['competence_share'])}{NBSP}%; målet er minst 70{NBSP}%)" in markdown
    for line in status["budget"]["spending"]:
        if line["granted"] is not None:
            granted = f"{line['granted']:,}".replace(",", NBSP) + NBSP + "kr"
            assert f"| {line['label']} | " in markdown and granted in markdown
    goals = {g["key"]: g for g in status["goals"]}
    assert (
        f'| minst 50 | {goals["io1-arbeidsplasser-2014"]["actual"]} | 76{NBSP}% | [Rød]{{.lys .rod custom-style="Lys rød"}} |'
        in markdown
    )
    for deviation in status["deviations"]:
        assert deviation["detail"] in markdown.replace("\\(", "(").replace("\\)", ")")


def test_user_text_is_escaped_in_html(sqlite_demo, tmp_path):
    with db.session_scope(sqlite_demo) as session:
        writes.add_project(
            session,
            choose.programme(session),
            {
                "number": "2014-99",
                "title": "<script>alert(1)</script>",
                "owner": "Ondsinnet & co <b>AS</b>",
                "focus_area": 1,
                "phase": "forstudie",
                "status": "innvilget",
                "grant_amount": 10_000,
                "decision_date": "2014-05-19",
            },
        )
    result = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("html",)
    )
    html = " ".join(result.paths[0].read_text().split())
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Ondsinnet &amp; co &lt;b&gt;AS&lt;/b&gt;" in html


def test_the_word_document_opens_with_the_expected_headings_and_tables(sqlite_demo, tmp_path):
    result = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("docx",)
    )
    document = Document(result.paths[0])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in (
        "Årsrapport 2014",
        "Sammendrag",
        "Styrets arbeid",
        "Måloppnåelse",
        "Avviksrapport",
        "Prosjektporteføljen",
        "Økonomi",
        "Oppfølging av programstatusvurderingen",
        "Kommunikasjon",
        "Veien videre",
        "Vedlegg: prosjektliste",
        "Definisjoner",
    ):
        assert heading in headings
    assert len(document.tables) >= 8
    budget = next(t for t in document.tables if t.rows[0].cells[0].text == "Budsjettlinje")
    assert [c.text for c in budget.rows[1].cells][:2] == ["Tilskudd fra Oppland fylkeskommune", kroner("2 500 000")]
    assert len(document.inline_shapes) == 2  # the two charts


def test_the_same_data_is_recognised_and_a_changed_figure_makes_a_new_version(sqlite_demo, tmp_path):
    first = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("md", "html")
    )
    again = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("md", "html")
    )
    assert (first.changed, first.version, again.changed, again.version) == (True, 1, False, 1)
    with db.session_scope(sqlite_demo) as session:
        writes.add_result(
            session,
            choose.programme(session),
            {"project": "2014-03", "date": "2014-12-20", "new_jobs": 4, "source": "egenrapportert"},
        )
    changed = publish_demo(
        sqlite_demo, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("md", "html")
    )
    assert (changed.changed, changed.version) == (True, 2)
    assert "rapportert 42 nye og sikrede arbeidsplasser (21 nye og 21 sikrede)" in changed.paths[0].read_text()
    kept = tmp_path / "vestre-toten" / "2014" / "tidligere" / "arsrapport-v1.md"
    assert "rapportert 38 nye og sikrede arbeidsplasser (17 nye og 21 sikrede)" in kept.read_text()
    with db.session_scope(sqlite_demo) as session:
        records = session.exec(select(DocumentRecord).order_by(DocumentRecord.id)).all()
    assert [(r.kind, Path(r.path).name) for r in records] == [
        (DocumentKind.ANNUAL_REPORT, "arsrapport.md"),
        (DocumentKind.ANNUAL_REPORT, "arsrapport.html"),
    ] * 2
    assert records[0].fingerprint != records[2].fingerprint


@pytest.fixture
def runner(tmp_path, monkeypatch):
    """`omstilling …` in-process, on a database and an output folder of the test's own, the demo loaded."""
    from typer.testing import CliRunner

    from omstilling.cli import app
    from omstilling.config import get_settings

    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    runner = CliRunner()
    runner.invoke(app, ["demo"])
    yield runner
    get_settings.cache_clear()


def test_the_report_command_prints_the_paths_it_wrote(tmp_path, runner):
    from omstilling.cli import app
    from omstilling.config import get_settings

    result = runner.invoke(app, ["report", "halvarsrapport", "--year", "2014", "--format", "md,docx"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [
        str(tmp_path / "out" / "vestre-toten" / "2014" / f"halvarsrapport.{ext}") for ext in ("md", "docx")
    ]
    assert "Halvårsrapport 2014, tall per 30.06.2014: versjon 1." in result.stderr
    wrong = runner.invoke(app, ["report", "arsmelding"])
    assert wrong.exit_code == 1
    assert "feil: ukjent dokumenttype «arsmelding»: velg en av arsrapport, halvarsrapport" in wrong.stderr
    get_settings.cache_clear()
    assert json.loads(runner.invoke(app, ["status", "--json"]).stdout)["year"] == 2014


def test_the_cli_and_the_flows_job_write_the_same_board_report_for_the_same_meeting(runner):
    """Both go through drafts.write_report and core.periods: the CLI's run and the flow's run are one document."""
    from omstilling.app import drafts
    from omstilling.cli import app

    result = runner.invoke(app, ["report", "styrerapport", "--meeting", "2014-06-16", "--format", "md"])
    assert result.exit_code == 0, result.stderr
    assert "Rapport til styremøtet mandag 16. juni 2014, tall per 15.06.2014: versjon 1." in result.stderr
    # What flows/rapporter.py's styrerapport(meeting_date=…) calls, with no as-of given:
    again = drafts.write_report(
        db.get_engine(), None, DocumentKind.BOARD_REPORT, meeting_date=date(2014, 6, 16), formats=("md",)
    )
    assert (again.period.year, again.period.as_of, again.period.meeting_date) == (
        2014,
        date(2014, 6, 15),  # the papers before a meeting count up to the day before it
        date(2014, 6, 16),
    )
    assert not again.published.changed and again.published.version == 1
    assert [p.name for p in again.published.paths] == ["styrerapport-2014-06-16.md"]


@pytest.mark.parametrize(
    ("kind", "year", "as_of", "meeting"),
    [
        (DocumentKind.HALF_YEAR_REPORT, 2014, date(2014, 6, 30), None),
        (DocumentKind.BOARD_REPORT, 2014, date(2014, 6, 9), date(2014, 6, 16)),
        (DocumentKind.APPLICATION, 2014, date(2014, 6, 20), None),
        (DocumentKind.PSV_FACTS, 2014, date(2014, 10, 8), None),
        (DocumentKind.SEMINAR_BASIS, 2014, date(2014, 11, 28), None),
        (DocumentKind.ACTION_PLAN, 2014, date(2014, 12, 15), None),
    ],
)
def test_every_kind_becomes_html_and_a_word_document(sqlite_demo, tmp_path, kind, year, as_of, meeting):
    result = publish_demo(sqlite_demo, kind, year, as_of, tmp_path, formats=("html", "docx"), meeting_date=meeting)
    html, docx = result.paths
    assert "<h1" in html.read_text() and "None" not in html.read_text()
    document = Document(docx)
    assert document.paragraphs[0].style.name in ("Heading 1", "Title")
    assert document.tables, f"{kind.value} has no tables"


def test_a_board_pack_made_before_the_meeting_does_not_count_the_meetings_own_decisions(demo_snapshot):
    from omstilling.documents.render import render_markdown

    before = render_markdown(
        DocumentKind.BOARD_REPORT, demo_snapshot, 2014, date(2014, 6, 9), meeting_date=date(2014, 6, 16)
    ).markdown
    # even seen after the meeting, the board report's "since the last meeting" ends the day before it: the grant
    # made at the meeting (sak 15/14) belongs to the next meeting's report
    after = render_markdown(
        DocumentKind.BOARD_REPORT, demo_snapshot, 2014, date(2014, 6, 16), meeting_date=date(2014, 6, 16)
    ).markdown
    following = render_markdown(
        DocumentKind.BOARD_REPORT, demo_snapshot, 2014, date(2014, 9, 14), meeting_date=date(2014, 9, 15)
    ).markdown
    assert "| 15/14 | Søknad om prosjektstøtte: Regionalt utviklings- og samhandlingsprosjekt" in before
    assert "| 2014-13 | Regionalt utviklings- og samhandlingsprosjekt (" not in before
    assert "| 2014-13 | Regionalt utviklings- og samhandlingsprosjekt (" not in after
    assert "| 2014-13 | Regionalt utviklings- og samhandlingsprosjekt (" in following
    assert "Det innvilges inntil 200" not in before.split("## 2. Saker til møtet")[1].split("##")[0]
