"""Doing a task in Chromium with the keyboard alone (WCAG 2.1.1) and seeing where the focus is (2.4.7): Tab and
Shift+Tab move, Enter and Space act (and the arrow keys in a list box, as a keyboard user chooses there); never a
mouse click. At every stop the focused element must show an indicator a person can see: an outline at least 2 CSS px
wide, or a box-shadow ring, in a colour with at least 3:1 contrast against what is behind the element (WCAG 1.4.11),
on an element that is on the screen. Chromium's own focus ring (1 px, «auto») does not count: the house draws its
own, and a test that passed on Chromium's would not notice the house's being taken away."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine

from omstilling.access import signin
from omstilling.store import db

FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const rgba = text => {
        const m = text.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const [r, g, b, a] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return {r, g, b, a: a === undefined ? 1 : a};
    };
    const luminance = c => {
        const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    };
    const contrast = (x, y) => {
        const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
        return (a + 0.05) / (b + 0.05);
    };
    // what the indicator is drawn against: the nearest ancestor's own background (the page's white at the top)
    let behind = {r: 255, g: 255, b: 255, a: 1};
    for (let p = e.parentElement; p; p = p.parentElement) {
        const c = rgba(getComputedStyle(p).backgroundColor);
        if (c && c.a > 0) { behind = c; break; }
    }
    const s = getComputedStyle(e);
    const colours = [];
    if (s.outlineStyle !== 'none' && s.outlineStyle !== 'auto' && parseFloat(s.outlineWidth) >= 2) {
        colours.push(rgba(s.outlineColor));
    }
    if (s.boxShadow && s.boxShadow !== 'none') {
        for (const part of s.boxShadow.match(/rgba?\\([^)]+\\)/g) || []) colours.push(rgba(part));
    }
    const best = Math.max(0, ...colours.filter(c => c && c.a > 0).map(c => contrast(c, behind)));
    const r = e.getBoundingClientRect();
    const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
        && r.top < window.innerHeight && r.left < window.innerWidth && s.visibility !== 'hidden';
    const label = (e.labels && e.labels.length ? e.labels[0].innerText : e.getAttribute('aria-label') || '').trim();
    return {
        tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '', id: e.id || '', label: label,
        text: (e.innerText || e.value || '').trim().split('\\n')[0], checked: !!e.checked,
        invalid: e.getAttribute('aria-invalid') === 'true',
        chosen: e.selectedOptions && e.selectedOptions.length ? e.selectedOptions[0].text : '',
        group: ((e.closest('fieldset') || {querySelector: () => null}).querySelector('legend') || {innerText: ''})
            .innerText.trim(),
        outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, shadow: s.boxShadow,
        contrast: Math.round(best * 100) / 100, onScreen: onScreen, seen: onScreen && best >= 3,
    };
}"""

Focus = dict
Wanted = Callable[[Focus], bool]


def focused(page) -> Focus | None:
    """The focused element as the check sees it (None: nothing is focused, the page itself)."""
    return page.evaluate(FOCUSED)


def shows_focus(page) -> Focus:
    """The focused element, which must be something and must show it."""
    found = focused(page)
    assert found is not None, "nothing has the focus"
    assert found["seen"], f"no visible focus on {found}"
    return found


def settled_focus(page, timeout: float = 3000) -> Focus:
    """The focused element once an htmx swap has settled: htmx moves the focus to the new content's `autofocus` in
    its settle step, a moment after the new text is in the page, and until then the focus is on the page itself
    (the button that had it was swapped out). Waits for it to land (failing after `timeout` ms), then checks that it
    shows."""
    page.wait_for_function(
        "() => { const e = document.activeElement; return e && e !== document.body && e !== document.documentElement; }",
        timeout=timeout,
    )
    return shows_focus(page)


def tab_to(page, wanted: Wanted, most: int = 80, back: bool = False) -> Focus:
    """Press Tab (Shift+Tab with `back`) until the focused element is `wanted` (a test of its description), unless
    it has the focus already; every element the focus passes on the way must show it. Fails when the keyboard
    never gets there."""
    here = focused(page)
    if here is not None and wanted(here):
        return shows_focus(page)
    passed: list[str] = []
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        found = focused(page)
        if found is None:
            continue
        assert found["seen"], f"no visible focus on {found} (after {passed[-3:]})"
        if wanted(found):
            return found
        passed.append(f"{found['tag']} {found['label'] or found['text'] or found['name']}"[:60])
    raise AssertionError(f"the keyboard never reached it; the focus passed {passed}")


def button(text: str) -> Wanted:
    return lambda f: f["tag"] == "button" and f["text"] == text


def link(text: str) -> Wanted:
    return lambda f: f["tag"] == "a" and f["text"] == text


def field(label: str) -> Wanted:
    """An input, select or text area by its label's text (the label's first line)."""
    return lambda f: f["tag"] in ("input", "select", "textarea") and f["label"].split("\n")[0].strip() == label


def sign_in(page, base_url: str, engine: Engine, email: str) -> None:
    """Sign in by the link the e-mail brings (the e-mail form by keyboard is its own test), pressing «Logg inn» with
    the keyboard."""
    with db.session_scope(engine) as session:
        _, address = signin.create_link(session, email, base_url=base_url, now=signin.utcnow())
    page.goto(address)
    tab_to(page, button("Logg inn"))  # (it has the focus when the page opens: autofocus)
    with page.expect_navigation():
        page.keyboard.press("Enter")
