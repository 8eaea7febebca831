"""The charts' words stand clear of each other: every label, tick, title and legend entry is measured as
matplotlib lays it out (its renderer's bounding boxes), with the long names programmes give their budget lines."""

from __future__ import annotations

from itertools import combinations

import pytest
from matplotlib.text import Text

from omstilling.documents import charts


def drawn_figure(monkeypatch, draw):
    """Draw a chart and keep its figure (the chart module closes it after saving)."""
    kept = []
    monkeypatch.setattr(charts.plt, "close", kept.append)
    draw()
    assert kept, "the chart drew nothing"
    return kept[-1]


def text_boxes(figure) -> list[tuple[str, object]]:
    figure.canvas.draw()  # laid out again at the figure's own dpi (saving drew it at the PNG's)
    renderer = figure.canvas.get_renderer()
    boxes = []
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            boxes.append((text.get_text(), text.get_window_extent(renderer)))
    return boxes


def overlapping(boxes) -> list[tuple[str, str]]:
    found = []
    for (one, a), (other, b) in combinations(boxes, 2):
        # (a point of shared edge is not an overlap)
        if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5:
            found.append((one, other))
    return found


def outside(figure, boxes) -> list[str]:
    width, height = figure.canvas.get_width_height()
    return [t for t, b in boxes if b.x0 < -0.5 or b.y0 < -0.5 or b.x1 > width + 0.5 or b.y1 > height + 0.5]


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


@pytest.mark.parametrize("lines", LONG_LABELS.values(), ids=LONG_LABELS.keys())
def test_no_two_words_of_the_budget_chart_overlap(monkeypatch, tmp_path, lines):
    figure = drawn_figure(monkeypatch, lambda: charts.budget_chart(lines, tmp_path / "budsjett.png"))
    boxes = text_boxes(figure)
    assert overlapping(boxes) == []
    assert outside(figure, boxes) == []
