"""Budget lines with the long names programmes give them, for the charts' layout tests (unit and look lane)."""

from __future__ import annotations


def line(label: str, budget: int = 900_000, granted: int = 450_000, paid: int = 125_000) -> dict:
    return {"label": label, "budget": budget, "granted": granted, "paid": paid}


LONG_LABELS = {
    "the demo's lines and the administration": [
        line("Prosjektmidler innsatsområde 1", 2_400_000, 1_580_000, 890_000),
        line("Prosjektmidler innsatsområde 2", 700_000, 450_000, 125_000),
        line("Programadministrasjon (ledelse, innleid kompetanse og annet)", 900_000, 900_000, 400_000),
    ],
    "one very long name": [
        line("Prosjektmidler innsatsområde 1"),
        line("Programadministrasjon (fylkeskommunen og kommunen) med innleid prosjektledelse og sekretariat"),
    ],
    "many lines": [line(f"Prosjektmidler innsatsområde {n}: næringsutvikling og omstilling") for n in range(1, 9)],
    "a long word": [
        line("Næringsutviklingsselskapsadministrasjonskostnader"),
        line("Bedriftsutviklingsprogrammet"),
        line("Kompetanseheving"),
    ],
    "large sums beside long names": [
        line("Programadministrasjon (fylkeskommunen og kommunen)", 12_500_000, 11_250_000, 9_990_000),
        line("Prosjektmidler innsatsområde 2 (reiseliv og opplevelser)", 150_000, 0, 0),
        line("Tilskudd til forstudier i bedrifter", 3_000_000, 2_100_000, 700_000),
    ],
}
