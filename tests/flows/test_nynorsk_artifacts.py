"""A nynorsk programme's Prefect artifacts (issue 28): a document written, a deadline marked, its workbook exported,
checked and imported, its status page; their titles, tables and text in nynorsk, while the demo's stay bokmål."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

prefect = pytest.importorskip("prefect")

from prefect.client.orchestration import get_client  # noqa: E402
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey  # noqa: E402
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings  # noqa: E402
from prefect.testing.utilities import prefect_test_harness  # noqa: E402

from omstilling.config import get_settings  # noqa: E402
from omstilling.core.enums import DocumentKind  # noqa: E402
from omstilling.core.language import WrittenStandard  # noqa: E402
from omstilling.store import db  # noqa: E402
from tests.support.demo import OTHER, add_copy  # noqa: E402
from tests.support.nynorsk import bokmal_words  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Default value \\(tomt\\) is not JSON serializable")


@pytest.fixture(scope="module")
def harness():
    with prefect_test_harness(server_startup_timeout=90), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@pytest.fixture
def two_standards(tmp_path, demo_template, monkeypatch):
    """The demo (bokmål) and a second programme set to nynorsk (gjovik), as the flows' database."""
    database = tmp_path / "app.db"
    shutil.copyfile(demo_template, database)
    monkeypatch.setenv("OMSTILLING_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("OMSTILLING_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    engine = db.make_engine(f"sqlite:///{database}")
    add_copy(engine, language=WrittenStandard.NYNORSK)
    engine.dispose()
    yield tmp_path
    get_settings.cache_clear()


def artifact(key: str):
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
    return max(found, key=lambda a: a.created)


def test_a_nynorsk_programmes_artifacts_are_nynorsk_and_the_demos_bokmal(harness, two_standards):
    from openpyxl import load_workbook

    from flows.handlinger import eksporter_arbeidsbok, importer_arbeidsbok, marker_frist, statusside
    from flows.rapporter import show

    # what a report flow (and a morning's run) shows of a document it wrote (the document itself: documents' tests)
    written = {"markdown": "# Årsrapport 2014\n", "meeting_date": None, "year": 2014, "paths": ["/ut/arsrapport.md"]}
    written |= {"version": 2, "changed": True, "fingerprint": "0123456789abcdef"}
    for slug in ("gjovik", "vestre-toten"):
        show(slug, DocumentKind.ANNUAL_REPORT, written)
    document = artifact("arsrapport-gjovik-2014")
    assert document.description == f"Årsrapport 2014 for {OTHER}"
    assert document.data.startswith("# Årsrapport 2014")
    files = artifact("arsrapport-gjovik-2014-filer")
    assert files.description == f"Filene som vart skrivne: årsrapport 2014 for {OTHER}"
    assert '"endra": "ja"' in str(files.data) and '"fil": "/ut/arsrapport.md"' in str(files.data)
    assert (
        artifact("arsrapport-vestre-toten-2014").description
        == "Årsrapport 2014 for Omstillingsprogrammet i Vestre Toten"
    )
    assert '"endret": "ja"' in str(artifact("arsrapport-vestre-toten-2014-filer").data)

    marker_frist(programme="gjovik", event="Årsrapport", year=2014, by="Kari", note="Sendt fylket")
    marked = artifact("frist-gjovik-arsrapport-2014")
    assert f"{OTHER}. Markert av Kari." in marked.data and "Merknad: Sendt fylket" in marked.data
    assert "er no utført. Påminningane stoppar." in marked.data

    assert eksporter_arbeidsbok(programme="gjovik").startswith("Arbeidsbok for gjovik: ")
    exported = artifact("eksport-gjovik")
    assert "Skrive til `" in exported.data and "| Prosjekt | " in exported.data and "| Personar | " in exported.data
    path = two_standards / "out" / "gjovik" / "arbeidsbok-gjovik.xlsx"
    book = load_workbook(path)
    assert book["Program"]["B1"].value == "Namn"
    book["Program"]["B2"].value = "Omstilling Gjøvik og Toten"
    book.save(path)
    assert importer_arbeidsbok(path=str(path), programme="gjovik") == "Prøvekøyring, ingenting er skrive: 1 endring"
    checked = artifact("import-gjovik")
    assert "Namn: Omstilling Gjøvik → Omstilling Gjøvik og Toten" in checked.data
    assert "Køyr skjemaet att med «confirm» kryssa av for å skrive endringane." in checked.data
    book["Prosjekt"]["J2"].value = "mange"
    book.save(path)
    refused = importer_arbeidsbok(path=str(path), programme="gjovik", return_state=True)
    assert refused.is_failed()
    told = artifact("import-gjovik")
    assert told.data.startswith("# arbeidsbok-gjovik.xlsx: 1 feil, ingenting er importert")
    assert "er tekst, ikkje eit tal: skriv eit heilt beløp i kroner" in told.data

    statusside(programme="gjovik", as_of=date(2014, 8, 4))
    assert artifact("status-gjovik").description == f"Status for {OTHER} 04.08.2014"

    for text in (document.description, files.description, marked.data, exported.data, checked.data, told.data):
        assert bokmal_words(text, [OTHER, "Omstilling Gjøvik og Toten", "Sendt fylket", "Kari"]) == set(), text


def test_a_test_message_to_a_nynorsk_programme_is_nynorsk_and_so_is_its_table(harness, two_standards, monkeypatch):
    from aiosmtpd.controller import Controller

    from flows.handlinger import send_testmelding
    from tests.support.mail import Inbox, apprise_config, free_port

    inbox, port = Inbox(), free_port()
    config = two_standards / "apprise.yaml"
    config.write_text(apprise_config(port), encoding="utf-8")
    monkeypatch.setenv("OMSTILLING_APPRISE_CONFIG", str(config))
    get_settings.cache_clear()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert send_testmelding(programme="gjovik", role="styremedlem") == "Testmelding: 3 av 3 sendt"
    finally:
        controller.stop()
    message = inbox.messages[0]
    assert message.subject == f"{OTHER}: testmelding frå omstilling"
    assert "dette er ei testmelding frå omstilling til deg som styremedlem i Omstilling Gjøvik." in message.body
    assert "Kjem ho fram, kjem påminningane òg fram." in message.body
    table = artifact("testmelding-gjovik")
    assert (
        table.data.startswith("# Testmelding til styremedlem i gjovik") and "| Namn | E-post | Resultat |" in table.data
    )
    assert bokmal_words(message.body + table.data, [OTHER]) == set()
