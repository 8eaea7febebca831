"""Markdown from Jinja2 templates: the one source each document's HTML and DOCX are made from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from omstilling.config import get_settings
from omstilling.core.enums import DocumentKind
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.documents.context import build_context
from omstilling.documents.filters import FILTERS, escape_markdown
from omstilling.errors import OmstillingError

TITLES = {
    DocumentKind.ANNUAL_REPORT: "Årsrapport {year}",
    DocumentKind.HALF_YEAR_REPORT: "Halvårsrapport {year}",
    DocumentKind.BOARD_REPORT: "Rapport til styret",
    DocumentKind.APPLICATION: "Søknad om omstillingsmidler for {next}",
    DocumentKind.PSV_FACTS: "Faktagrunnlag for programstatusvurdering {year}",
    DocumentKind.SEMINAR_BASIS: "Grunnlag for styreseminaret {year}",
    DocumentKind.ACTION_PLAN: "Handlingsplan {next}",
    DocumentKind.FINAL_REPORT: "Sluttrapport for omstillingsperioden til og med {year}",
}


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
    return env


def template_version(templates_dir: Path) -> str:
    """A short hash of every template and the Word reference document: changes when any of them changes."""
    digest = hashlib.sha256()
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file() and path.suffix in (".j2", ".docx", ".css"):
            digest.update(path.relative_to(templates_dir).as_posix().encode())
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


def document_title(kind: DocumentKind, year: int, meeting_date: date | None) -> str:
    title = TITLES[kind].format(year=year, next=year + 1)
    if kind is DocumentKind.BOARD_REPORT and meeting_date:
        from omstilling.core.formatting import date_long

        title += f" – styremøte {date_long(meeting_date)}"
    return title


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
    day are the same document)."""
    templates_dir = templates_dir or get_settings().templates_dir
    context = build_context(kind, snapshot, year, as_of, meeting_date)
    title = document_title(kind, year, meeting_date)
    data_fingerprint = fingerprint(context)
    try:
        template = environment(templates_dir).get_template(f"{kind.value}.md.j2")
    except TemplateNotFound as exc:
        raise OmstillingError(f"malen «{exc.name}» mangler i {templates_dir}") from None
    markdown = template.render(**context, title=title, made_on=made_on or as_of, charts={"jobs": None, "budget": None} | (charts or {}))
    return Rendered(kind, title, year, as_of, meeting_date, markdown, context, data_fingerprint,
                    template_version(templates_dir))
