"""The charts as the readers' programs draw them: each SVG opened in Chromium (the HTML report shows it as it is),
every word measured by the browser's own layout (getBBox): no two words overlap, none runs outside the picture; the
Word document's PNG of each (Typst's drawing) the SVG's size at 150 pixels per inch, with the demo's figures on it.
The unit tests check the same against the chart's own measure (tests/unit/documents/test_chart_labels.py): this
checks that measure against a real font layout."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from itertools import combinations

import pytest

from omstilling.core.enums import DocumentKind
from omstilling.documents import charts
from tests.support.charts import LONG_LABELS
from tests.support.layout import publish_demo

pytestmark = pytest.mark.look

MEASURE = """() => {
    const svg = document.querySelector('svg');
    const box = svg.viewBox.baseVal;
    return {width: box.width, height: box.height, words: [...svg.querySelectorAll('text')].map(t => {
        const b = t.getBBox();
        return {text: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height};
    })};
}"""


def measured(page, svg: str) -> dict:
    page.set_content(svg)
    return page.evaluate(MEASURE)


def problems(found: dict) -> list[str]:
    words = found["words"]
    said = []
    for a, b in combinations(words, 2):
        # the glyphs' boxes (Chromium's include the font's line gap: a little slack, as a reader would allow)
        if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 1 and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > 3:
            said.append(f"«{a['text']}» meets «{b['text']}»")
    for w in words:
        if w["x0"] < -0.5 or w["y0"] < -0.5 or w["x1"] > found["width"] + 0.5 or w["y1"] > found["height"] + 0.5:
            said.append(f"«{w['text']}» runs outside the picture")
    return said


@pytest.mark.parametrize("lines", LONG_LABELS.values(), ids=LONG_LABELS.keys())
def test_no_word_of_the_budget_chart_meets_another_in_chromium(page, lines):
    canvas = charts.budget_canvas(lines)
    assert canvas is not None
    found = measured(page, canvas.svg())
    assert len(found["words"]) == len(canvas.words)
    assert problems(found) == []


def test_the_demos_charts_in_chromium_and_as_words_picture(demo_sqlite, tmp_path, page, screenshots):
    published = publish_demo(
        demo_sqlite, DocumentKind.ANNUAL_REPORT, 2014, date(2014, 12, 31), tmp_path, formats=("md", "docx")
    )
    folder = published.paths[0].with_name("arsrapport-figurer")
    for name in ("arbeidsplasser", "budsjett"):
        svg = (folder / f"{name}.svg").read_text()
        found = measured(page, svg)
        assert problems(found) == [], name
        page.locator("svg").screenshot(path=screenshots / f"diagram-{name}.png")
    words = {w["text"] for w in measured(page, (folder / "arbeidsplasser.svg").read_text())["words"]}
    assert {"2012", "2013", "2014", "Nye", "Sikrede", "Mål for året"} <= words
    budget = {w["text"] for w in measured(page, (folder / "budsjett.svg").read_text())["words"]}
    assert {"innsatsområde 1", "innsatsområde 2", "Budsjett", "Innvilget", "Utbetalt", "1\u00a0000\u00a0000"} <= budget

    from PIL import Image

    with zipfile.ZipFile(published.paths[1]) as docx:
        pictures = [Image.open(io.BytesIO(docx.read(n))) for n in docx.namelist() if n.startswith("word/media/")]
    assert [p.format for p in pictures] == ["PNG", "PNG"]
    assert [p.size[0] for p in pictures] == [1050, 1050]  # 7 inches at 150 pixels per inch
    assert all(round(p.info["dpi"][0]) == 150 for p in pictures)
    # the jobs chart's bars in their colours (the picture is drawn, not blank)
    colours = {c for _, c in pictures[0].convert("RGB").getcolors(1_000_000)}
    assert {(0x1F, 0x5F, 0x99), (0x8F, 0xB3, 0xD9), (0xC0, 0x39, 0x2B)} <= colours
