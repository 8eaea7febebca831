"""PDF from the same Markdown as the other formats: pandoc writes Typst with the house style of
documents/templates/dokument.typ, and the Typst compiler (the PyPI package `typst`, nothing to install on the machine)
makes the PDF.

Why Typst: pandoc (already bundled) writes it, the compiler is a wheel with no system libraries, it hyphenates
Norwegian, repeats table headers and keeps table rows whole, and makes the annual report in under a second.
(LaTeX needs a TeX installation; WeasyPrint needs Pango from the system.)"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from omstilling.core import language
from omstilling.core.language import WrittenStandard, _
from omstilling.documents.pandoc import run_pandoc
from omstilling.errors import OmstillingError

TABLES_FILTER = Path(__file__).with_name("tabeller.lua")
TEMPLATE = "dokument.typ"


@dataclass(frozen=True)
class TitlePage:
    """What the first page and the running header say (plain text: pandoc escapes it for Typst), and the written
    standard the document is in (the one current where the page is made: `core.language`), which the PDF, HTML
    and Word files name as their language."""

    title: str
    programme: str
    period: str
    draft: str
    language: WrittenStandard = field(default_factory=language.current)

    @property
    def lang(self) -> str:
        """The language tag (BCP 47): `nb-NO`, `nn-NO`."""
        return f"{self.language.value}-NO"


def to_typst(markdown: str, page: TitlePage, templates_dir: Path, *, contents: bool = False, cover: bool = True) -> str:
    """The Typst source of a document: the house style around the Markdown's body (`cover`: with the first page
    of its own; the minutes have none)."""
    template = templates_dir / TEMPLATE
    if not template.exists():
        raise OmstillingError(f"PDF-malen «{TEMPLATE}» mangler i {templates_dir}")
    with language.speaking(page.language):  # (pandoc runs in a worker thread, which has no standard of its own)
        contents_title = _("Innhold")
    args = [
        "--standalone",
        f"--template={template}",
        f"--metadata=lang:{page.lang}",
        f"--variable=tekstsprak:{page.language.value}",
        f"--variable=innhold:{contents_title}",
        f"--metadata=title:{page.title}",
        f"--metadata=programme:{page.programme}",
        f"--metadata=periode:{page.period}",
        f"--metadata=utkast:{page.draft}",
    ]
    if contents:
        args.append("--toc")
    if not cover:
        args.append("--metadata=utenforside:true")
    return run_pandoc(markdown, "typst", args, [TABLES_FILTER]).decode()


PDF_STANDARDS = ("a-2a", "ua-1")
"""What every PDF claims and Typst checks while it writes it: PDF/A-2a (archive, accessible: tagged, fonts embedded,
Unicode text) and PDF/UA-1 (universal accessibility). A document that cannot meet them is not written."""


MISSING_GLYPHS = 200
"""How many different characters the fonts cannot draw a document may hold before it is refused."""
_NO_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')


def compile_pdf(source: str, root: Path) -> bytes:
    """Typst source → PDF bytes; images are found relative to `root` (the document's folder). A document without
    charts whose folder is not made yet (a new programme's first board pack) has nothing to find there: any empty
    folder serves (Typst refuses a root that does not exist)."""
    if not root.is_dir():
        with tempfile.TemporaryDirectory() as empty:
            return compile_pdf(source, Path(empty))
    import typst  # (here: only a PDF needs the compiler)

    for _attempt in range(MISSING_GLYPHS):
        try:
            return typst.compile(source.encode(), root=str(root), format="pdf", pdf_standards=list(PDF_STANDARDS))
        except RuntimeError as exc:  # the compiler reports errors in its source as RuntimeError
            missing = _NO_GLYPH.search(str(exc))
            if missing is not None and missing[1] in source:
                # a character the fonts cannot draw (an emoji, a Chinese name) would be blank, and PDF/A refuses a
                # blank: it is printed as «?» and the rest of the document is written
                source = source.replace(missing[1], "?")
            elif missing is None or not _unblank_pictures(source, root, missing[1]):
                raise OmstillingError(f"PDF-en kunne ikke lages: {' '.join(str(exc).split())[:300]}") from None
    raise OmstillingError("PDF-en kunne ikke lages: for mange tegn som skriftene ikke kan vise")


_PICTURE = re.compile(r'image\("((?:[^"\\]|\\.)+?\.svg)"')


def _unblank_pictures(source: str, root: Path, missing: str) -> bool:
    """The same «?» for a character in a chart (an SVG the source shows, e.g. a budget line's name): written into
    the SVG beside the document, which the Markdown and HTML show too. False when no picture holds it."""
    from omstilling.store.files import write_atomically

    found = False
    for name in dict.fromkeys(_PICTURE.findall(source)):
        path = (root / name.replace('\\"', '"').replace("\\\\", "\\")).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if missing in text:
            write_atomically(path, text.replace(missing, "?"))
            found = True
    return found


def markdown_to_pdf(
    markdown: str, page: TitlePage, resources: Path, templates_dir: Path, *, contents: bool = False, cover: bool = True
) -> bytes:
    return compile_pdf(to_typst(markdown, page, templates_dir, contents=contents, cover=cover), resources)
