"""The wheel picture's text alternative (issue 27): under the picture on Oversikt, the same labels the picture draws,
month by month, for a screen reader or anyone who cannot see it; the picture's alt text says where it is."""

from __future__ import annotations

import html
import re
from datetime import date

from fastapi.testclient import TestClient

from omstilling.core.wheel.view import picture_items
from omstilling.store import choose, db
from omstilling.store.load import load_snapshot
from tests.support.web import SLUG, add_programmes, make_app, sign_in


def test_the_overview_gives_the_wheel_as_text_month_by_month(demo_sqlite, tmp_path):
    add_programmes(demo_sqlite)
    app = make_app(demo_sqlite, tmp_path)
    page = sign_in(TestClient(app), demo_sqlite, "styremedlem1@example.org").get(
        f"/programmer/{SLUG}?aar=2014&dag=2014-06-20"
    )
    assert page.status_code == 200
    part = page.text.split('class="hjul-liste"')[1].split("</details>")[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())
    with db.session_scope(demo_sqlite) as session:
        snapshot = load_snapshot(session, choose.programme(session, SLUG))
    labels = [" ".join(label.split()) for _, label in picture_items(snapshot, 2014, date(2014, 6, 20)) if label]
    assert len(labels) >= 15
    assert all(label in text for label in labels), [label for label in labels if label not in text][:3]
    assert text.index("Januar") < text.index("Juni") < text.index("Desember")
    assert "Det samme står som tekst rett under bildet" in page.text
