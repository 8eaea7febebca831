"""The charts' words stand clear of each other and inside the picture: every label, tick, title and legend entry is
measured as the chart lays it out (DejaVu Sans's advance widths, the font's ascent and descent), with the long names
programmes give their budget lines. The look lane measures the same SVGs again as Chromium draws them
(tests/look/test_chart_look.py)."""

from __future__ import annotations

from itertools import combinations

import pytest

from omstilling.documents import charts
from tests.support.charts import LONG_LABELS, line


def overlapping(canvas: charts.Canvas) -> list[tuple[str, str]]:
    found = []
    for one, other in combinations(canvas.words, 2):
        a, b = one.box, other.box
        # (a point of shared edge is not an overlap)
        if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5:
            found.append((one.text, other.text))
    return found


def outside(canvas: charts.Canvas) -> list[str]:
    return [
        w.text
        for w in canvas.words
        if w.box[0] < -0.5 or w.box[1] < -0.5 or w.box[2] > charts.WIDTH + 0.5 or w.box[3] > canvas.height + 0.5
    ]


@pytest.mark.parametrize("lines", LONG_LABELS.values(), ids=LONG_LABELS.keys())
def test_no_two_words_of_the_budget_chart_overlap(lines):
    canvas = charts.budget_canvas(lines)
    assert canvas is not None
    assert overlapping(canvas) == []
    assert outside(canvas) == []


def test_a_word_wider_than_the_names_column_is_cut_to_fit_and_the_bars_keep_their_room():
    word = "Omstillingsprogrammetsadministrasjon" * 6  # 216 letters without a space
    canvas = charts.budget_canvas([line(word), line("Kompetanseheving")])
    assert canvas is not None
    assert overlapping(canvas) == [] and outside(canvas) == []
    names = [w for w in canvas.words if w.anchor == "end" and w.text[0].isalpha()]
    assert "".join(w.text for w in names[:-1]) == word  # every letter, in order, over several lines
    assert max(w.box[2] - w.box[0] for w in names) <= charts.NAMES_COLUMN


def test_text_from_a_workbook_stays_text_in_the_svg():
    """A budget line's name is the programme's own text: markup and characters XML forbids cannot break the
    picture (an SVG that does not parse shows nothing at all)."""
    from xml.etree import ElementTree

    name = 'Reiseliv <script>alert("x")</script> & «mat»\x01\x0b'
    canvas = charts.budget_canvas([line(name)])
    assert canvas is not None
    svg = ElementTree.fromstring(canvas.svg())
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "".join(t for t in texts if "Reiseliv" in t or "mat" in t or "script" in t).replace(" ", "") == (
        'Reiseliv<script>alert("x")</script>&«mat»'.replace(" ", "")
    )
    assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))


def test_the_jobs_chart_draws_each_years_figures_to_scale():
    """Two years with different figures: each bar's height is its figure on the axis's scale, the target's mark is at
    its figure, and a year is named under its bar."""
    from xml.etree import ElementTree

    years = [
        {"year": 2013, "new": 24, "secured": 33, "total": 57, "target": 0},
        {"year": 2014, "new": 17, "secured": 21, "total": 38, "target": 50},
    ]
    canvas = charts.jobs_canvas(years)
    assert canvas is not None
    svg = ElementTree.fromstring(canvas.svg())
    ns = "{http://www.w3.org/2000/svg}"
    # the axis, read as a reader reads it: the «0» and «20» ticks (their text sits a third of a letter below the mark)
    tick = {"".join(t.itertext()): float(t.get("y")) - charts.TICKS * 0.35 for t in svg.iter(f"{ns}text")}
    zero, per_job = tick["0"], (tick["0"] - tick["20"]) / 20

    def heights(colour: str, base: float) -> list[float]:  # the bars of a colour standing on `base`
        rects = [r for r in svg.iter(f"{ns}rect") if r.get("fill") == colour]
        on = [r for r in rects if abs(float(r.get("y")) + float(r.get("height")) - base) < 0.05]
        return [round(float(r.get("height")) / per_job, 1) for r in on]

    assert heights(charts.NEW, zero) == [24.0, 17.0]
    assert heights(charts.SECURED, zero - 24 * per_job) == [33.0]
    assert heights(charts.SECURED, zero - 17 * per_job) == [21.0]
    marks = [mark for mark in svg.iter(f"{ns}line") if mark.get("stroke") == charts.TARGET]
    assert [round((zero - float(mark.get("y1"))) / per_job, 1) for mark in marks[1:]] == [
        50.0
    ]  # (the first: the legend's)
    assert "2013" in tick and "2014" in tick


def test_many_years_and_large_figures_keep_the_jobs_charts_words_apart():
    years = [
        {"year": 2010 + n, "new": 90_000 + n, "secured": 120_000, "total": 210_000 + n, "target": 250_000}
        for n in range(12)
    ]
    canvas = charts.jobs_canvas(years)
    assert canvas is not None
    assert overlapping(canvas) == [] and outside(canvas) == []


def test_a_character_wider_than_an_em_keeps_the_name_inside_the_picture():
    """Characters outside the chart's table of widths (‰ is 1,34 em, ‱ 1,74) are taken at the font's widest: a
    name of them stood partly outside the picture when an unknown character counted as one em (found by review)."""
    canvas = charts.budget_canvas([line("Avkastning ‰‰‰‰‰‰‰‰‰‰‰‰"), line("Kompetanseheving ‱‱‱‱")])
    assert canvas is not None
    assert outside(canvas) == [] and overlapping(canvas) == []
    assert charts.text_width("‱", 10) >= 17.35


def test_twenty_years_of_jobs_name_every_second_year_so_no_two_names_meet():
    years = [{"year": 2000 + n, "new": n, "secured": 1, "total": n + 1, "target": 0} for n in range(20)]
    canvas = charts.jobs_canvas(years)
    assert canvas is not None
    assert overlapping(canvas) == [] and outside(canvas) == []
    named = [w.text for w in canvas.words if w.text.startswith("20") and len(w.text) == 4]
    assert named == [str(2000 + n) for n in range(0, 20, 2)]
    six = charts.jobs_canvas(years[:6])
    assert six is not None
    assert [w.text for w in six.words if w.text.startswith("200")] == [str(2000 + n) for n in range(6)]


def test_a_budget_with_nothing_budgeted_granted_or_paid_draws_no_chart():
    """Every amount 0: no bar to draw (the chart showed an empty axis from «0» to «1»); the document leaves it out."""
    assert charts.budget_canvas([line("Innsatsområde 1", 0, 0, 0), line("Innsatsområde 2", 0, 0, 0)]) is None
    assert charts.budget_canvas([line("Innsatsområde 1", 0, 0, 0), line("Innsatsområde 2", 1, 0, 0)]) is not None


def contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_bar_and_swatch_stands_out_from_the_page_by_3_to_1():
    """WCAG 1.4.11 (non-text contrast): a bar's fill, or else its edge, has at least 3:1 against the white page; the
    light «Budsjett» (1,3:1) and «Sikrede» (2,2:1) fills had nothing else."""
    from xml.etree import ElementTree

    years = [{"year": 2014, "new": 17, "secured": 21, "total": 38, "target": 50}]
    for canvas in (
        charts.jobs_canvas(years),
        charts.budget_canvas(LONG_LABELS["the demo's lines and the administration"]),
    ):
        assert canvas is not None
        rects = list(ElementTree.fromstring(canvas.svg()).iter("{http://www.w3.org/2000/svg}rect"))[1:]  # (the page)
        assert rects
        for rect in rects:
            seen = max(contrast(rect.get("fill"), "#ffffff"), contrast(rect.get("stroke") or "#ffffff", "#ffffff"))
            assert seen >= 3, (rect.get("fill"), rect.get("stroke"), round(seen, 2))


def test_a_name_of_thousands_of_letters_takes_six_lines_and_ends_in_an_ellipsis():
    """A workbook's cell holds up to 32 767 letters: such a budget line's name made the chart 82 inches tall. It
    takes six lines at most; the table beside the chart has the name whole."""
    canvas = charts.budget_canvas([line("Reiseliv og mat " * 700), line("Kompetanseheving")])
    assert canvas is not None
    names = [w.text for w in canvas.words if w.anchor == "end" and w.text[:1].isalpha()]
    assert len(names) == 6 + 1 and names[5].endswith(" …") and names[6] == "Kompetanseheving"
    assert canvas.height < 300 and overlapping(canvas) == [] and outside(canvas) == []
