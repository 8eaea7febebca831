"""The application (søknad), the action plan, the PSV facts and the seminar basis for a programme set to nynorsk
(issue 28): their headings and the sentences built from figures read nynorsk, with the forms a count asks for (one,
many, none), and no bokmål-only word stands in them once the programme's own data is taken out. The same documents
for a bokmål programme are checked byte for byte by test_bokmal_unchanged.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from omstilling.core.enums import DocumentKind
from omstilling.core.language import WrittenStandard
from tests.support.nynorsk import bokmal_words, data_strings
from tests.support.texts import documents

KINDS = {
    DocumentKind.APPLICATION: "dokument-soknad.md",
    DocumentKind.ACTION_PLAN: "dokument-handlingsplan.md",
    DocumentKind.PSV_FACTS: "dokument-psv-grunnlag.md",
    DocumentKind.SEMINAR_BASIS: "dokument-seminargrunnlag.md",
}


@pytest.fixture(scope="module")
def nynorsk(demo_snapshot):
    return replace(demo_snapshot, language=WrittenStandard.NYNORSK)


@pytest.fixture(scope="module")
def made(nynorsk) -> dict[str, str]:
    return documents(nynorsk)


def test_the_application_reads_nynorsk_with_its_figures(made):
    text = made[KINDS[DocumentKind.APPLICATION]]
    for line in (
        "**Frå:** Vestre Toten kommune, Omstillingsprogrammet i Vestre Toten",
        "## 1. Søknaden",
        (
            "Vestre Toten kommune søkjer med dette Oppland fylkeskommune om omstillingsmidlar for 2015 til "
            "Omstillingsprogrammet i Vestre Toten."
        ),
        (
            "Med dette som utgangspunkt blir det søkt om 2\u00a0500\u00a0000\u00a0kroner frå Oppland fylkeskommune for "
            "2015, det same som tilskotet i rammebudsjettet for 2014."
        ),
        "Styret blir leidd av Leif Waarum, og Bjørn Iversen er programleiar.",
        (
            "Arbeidet er organisert i 3 innsatsområde: 1. Nyskaping i næringslivet, 2. Attraktivitet for næringslivet og "
            "3. Kommunikasjon."
        ),
        "### Heile programperioden",
        (
            "Frå starten i 2010 og fram til 31. desember 2014 er det sett i verk 46 utviklingsprosjekt i alt. Av desse er "
            "35 avslutta og 9 i gang, medan 2 ikkje er gjennomførte."
        ),
        "Prosjekta har rapportert 108 nye og sikra arbeidsplassar (45 nye og 63 sikra) og 3 nye bedrifter.",
        (
            "Prosjekta har per 31. desember 2014 rapportert 38 nye og sikra arbeidsplassar (17 nye og 21 sikra) og 1 ny "
            "bedrift i 2014."
        ),
        "Resultat så langt i 2014: 4 prosjekt mot eit mål på 3 – målet er nådd.",
        "## 5. Planlagde aktivitetar",
        "4. Rapport frå programstatusvurderinga 2013",
    ):
        assert line in text, line
    assert "Leif Waarum, styreleiar" in text  # the signature: the role in the programme's standard


def test_the_plans_and_the_psv_facts_read_nynorsk_with_their_figures(made):
    plan = made[KINDS[DocumentKind.ACTION_PLAN]]
    assert "## 1 Innleiing" in plan
    assert (
        "Handlingsplanen for 2015 byggjer på strategidiskusjonen i styret på styreseminaret 28. november 2014" in plan
    )
    assert "Per 31. desember 2014 er det 5 opne avvik:" in plan
    facts = made[KINDS[DocumentKind.PSV_FACTS]]
    assert (
        "Vestre Toten kommune har omstillingsstatus frå og med 2010 til og med 2015, og 2014 er det femte året" in facts
    )
    assert "Handlingsplanen for 2014 har 3 innsatsområde, 12 tiltak og 7 målbare mål." in facts
    # one company in the year and three since the start: the count decides the form
    assert "Prosjekta har bidrege til 1 ny bedrift i 2014 og 3 nye bedrifter sidan starten i 2010." in facts
    assert "Styret har halde 8 møte i 2014 per 31. desember 2014, styreseminaret medrekna." in facts
    seminar = made[KINDS[DocumentKind.SEMINAR_BASIS]]
    assert "Styreseminaret vart halde 28. november 2014." in seminar
    assert "### Mål som ikkje er nådde" in seminar
    assert (
        "Skal målet for 2013–2015 bli nådd, må det kome 55 nye og sikra arbeidsplassar til innan utgangen av 2015."
        in (seminar)
    )


@pytest.mark.parametrize("kind", list(KINDS), ids=lambda k: k.value)
def test_no_bokmal_only_word_in_a_nynorsk_programmes_papers(made, nynorsk, kind):
    text = made[KINDS[kind]]
    found = {line: sorted(words) for line in text.splitlines() if (words := bokmal_words(line, data_strings(nynorsk)))}
    assert not found, f"bokmål i {kind.value}: {list(found.items())[:8]}"
