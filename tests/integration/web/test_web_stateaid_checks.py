"""«Registrer støtte» gives the same answer as the command line and the workbook (the break-it review of issue 29):
a decimal amount is refused, never read as thousands (defect 3); other scripts' digits are no organisation number
(1); an amount the database cannot hold is refused, not a 500 (8); 0 kroner is no award (14); a rate of 1 000 is
no rate (4). Each refused in Norwegian, tied to its field, nothing written."""

from __future__ import annotations

import pytest

from tests.integration.web.test_web_stateaid_form import (  # noqa: F401  (the fixture)
    GOOD,
    awards,
    client_for,
    invalid_fields,
    message,
    send,
    site,
)

REFUSED = {
    "1500.50": ({"belop": "1500.50"}, "belop", "Beløp i kroner: skriv hele kroner, uten øre (for eksempel 1 500"),
    "25000.00": ({"belop": "25000.00"}, "belop", "skriv hele kroner, uten øre"),
    "25 000,00": ({"belop": "25 000,00"}, "belop", "skriv hele kroner, uten øre"),
    "Arabic-Indic digits": ({"orgnr": "٩١٠٨١٥٦٥٢"}, "orgnr", "er ikke et gyldig organisasjonsnummer"),
    "fullwidth digits": ({"orgnr": "９１０８１５６５２"}, "orgnr", "er ikke et gyldig organisasjonsnummer"),
    "3 000 000 000 kroner": ({"belop": "3000000000"}, "belop", "er for stort: høyst 2 147 483 647 kroner"),
    "-0 kroner": ({"belop": "-0"}, "belop", "beløpet må være over 0 kroner"),
    "a rate of 1 000": (
        {"kurs": "1000", "kursdato": "2014-03-17", "kurskilde": "ECB"},
        "kurs",
        "kursen må være mellom 4 og 20",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_the_form_refuses_what_the_app_refuses_tied_to_its_field(site, case):  # noqa: F811
    _, engine = site
    changes, field, said = REFUSED[case]
    client = client_for(site, "leader")
    before = awards(engine)
    response = send(client, GOOD | changes)
    assert response.status_code == 409, response.text[:300]
    text = message(response.text)
    assert said in text and "ingenting ble lagret" in text.casefold(), text
    assert invalid_fields(response.text) == [field]
    assert awards(engine) == before


def test_a_point_between_thousands_is_still_read_as_thousands(site):  # noqa: F811
    _, engine = site
    response = send(client_for(site, "leader"), GOOD | {"belop": "1.500.000"})
    assert response.status_code == 303
    assert [a[3] for a in awards(engine) if a[0] == "2014-12"] == [1_500_000]
