"""Markdown from Jinja2 templates: the one source each document's HTML and DOCX are made from."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from omstilling.config import get_settings
from omstilling.core import language
from omstilling.core.enums import DocumentKind
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.core.titles import document_title  # the one home of titles; the templates print it as `# {{ title }}`
from omstilling.documents.context import build_context
from omstilling.documents.filters import FILTERS, MarkdownText, escape_markdown
from omstilling.errors import OmstillingError

# The board pack is the notice and the board report, in that order, each from its own template.
PACK = (DocumentKind.NOTICE, DocumentKind.BOARD_REPORT)
# Between two documents in one: a new page in PDF and Word (HTML ignores both).
PAGE_BREAK = '\n\n```{=typst}\n#pagebreak()\n```\n\n```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```\n\n'


@lru_cache
def environment(templates_dir: Path) -> Environment:
    if not (templates_dir / "arsrapport.md.j2").exists():
        raise OmstillingError(f"ingen dokumentmaler i {templates_dir} (sett OMSTILLING_TEMPLATES_DIR)")
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        undefined=StrictUndefined,
        finalize=escape_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(FILTERS)
    language.install(env, MarkdownText)
    return env


def template_version(templates_dir: Path) -> str:
    """A short hash of every template and the Word reference document: changes when any of them changes."""
    digest = hashlib.sha256()
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file() and path.suffix in (".j2", ".docx", ".css", ".typ"):
            digest.update(path.relative_to(templates_dir).as_posix().encode())
            digest.update(path.read_bytes())
    for path in sorted(language.LOCALES.rglob("*.po")):  # a corrected translation is a new version too
        digest.update(path.relative_to(language.LOCALES).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def fingerprint(context: dict[str, Any]) -> str:
    """A hash of the figures a document shows: the same data gives the same fingerprint."""
    canonical = json.dumps(context, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Rendered:
    kind: DocumentKind
    title: str
    year: int
    as_of: date
    meeting_date: date | None
    markdown: str
    context: dict[str, Any]
    fingerprint: str
    template_version: str


def render_markdown(
    kind: DocumentKind,
    snapshot: ProgrammeSnapshot,
    year: int,
    as_of: date,
    *,
    meeting_date: date | None = None,
    charts: dict[str, str] | None = None,
    templates_dir: Path | None = None,
    made_on: date | None = None,
) -> Rendered:
    """Render one document's Markdown; `charts` maps chart names to image paths relative to the document.
    `made_on` is the day it is made (printed, but not part of the fingerprint: the same figures made on another
    day are the same document). Every word, date and number in the programme's written standard
    (`snapshot.language`)."""
    templates_dir = templates_dir or get_settings().templates_dir
    parts = PACK if kind is DocumentKind.BOARD_PACK else (kind,)
    try:
        templates = [environment(templates_dir).get_template(f"{part.value}.md.j2") for part in parts]
    except TemplateNotFound as exc:
        raise OmstillingError(f"malen «{exc.name}» mangler i {templates_dir}") from None
    charts = {"jobs": None, "budget": None} | (charts or {})
    with language.speaking(snapshot.language):
        context = build_context(kind, snapshot, year, as_of, meeting_date)
        title = document_title(kind, year, meeting_date)
        data_fingerprint = fingerprint(context)
        markdown = PAGE_BREAK.join(
            template.render(
                **context, title=document_title(part, year, meeting_date), made_on=made_on or as_of, charts=charts
            )
            for part, template in zip(parts, templates, strict=True)
        )
    return Rendered(
        kind, title, year, as_of, meeting_date, markdown, context, data_fingerprint, template_version(templates_dir)
    )


_LIGHT_SPAN = re.compile(r"\[([^\]]*)\]\{\.lys [^}]*\}")
_RAW_BLOCK = re.compile(r"```\{=[a-z]+\}\n.*?\n```\n*", re.S)


def common_markdown(markdown: str) -> str:
    """The Markdown as a plain CommonMark reader (Prefect's artifact page) shows it: the traffic lights as their
    word, without pandoc's attributes, and without the page breaks meant for PDF and Word."""
    return _RAW_BLOCK.sub("", _LIGHT_SPAN.sub(r"\1", markdown))
