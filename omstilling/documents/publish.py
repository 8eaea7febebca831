"""Write a document's formats to disk and record it.

Layout: out/<programme>/<year>/<name>.{md,html,docx}, charts beside it in <name>-figurer/. Generating again
with the same figures and templates is recognised (nothing is rewritten); a changed figure makes a new
version, and the previous files move to out/<programme>/<year>/tidligere/<name>-v<N>.<ext>. Every file is
written to a temporary name and renamed, so no reader ever sees half a document."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypandoc
from sqlmodel import Session, func, select

from omstilling.config import get_settings
from omstilling.core.enums import DocumentKind
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.documents.charts import budget_chart, jobs_chart
from omstilling.documents.render import Rendered, render_markdown
from omstilling.errors import OmstillingError
from omstilling.models import DocumentRecord, Programme

FORMATS = ("md", "html", "docx")


@dataclass(frozen=True)
class Published:
    kind: DocumentKind
    paths: list[Path]
    changed: bool
    version: int
    fingerprint: str
    markdown: str


def document_name(kind: DocumentKind, meeting_date: date | None) -> str:
    if kind is DocumentKind.BOARD_REPORT and meeting_date:
        return f"{kind.value}-{meeting_date.isoformat()}"
    return kind.value


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        handle.write(data)
        temporary = Path(handle.name)
    temporary.replace(path)


def convert(markdown: str, fmt: str, title: str, resources: Path, templates_dir: Path) -> bytes:
    """Markdown → HTML (standalone, printable, images and styles embedded) or DOCX (Word styles from
    templates/reference.docx), with pandoc."""
    if fmt == "md":
        return markdown.encode()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"document.{fmt}"
        args = [f"--resource-path={resources}", "--metadata=lang:nb-NO"]
        if fmt == "html":
            args += ["--standalone", "--embed-resources", f"--css={templates_dir / 'document.css'}",
                     f"--metadata=pagetitle:{title}"]
        else:
            args += [f"--reference-doc={templates_dir / 'reference.docx'}"]
        pypandoc.convert_text(markdown, fmt, format="markdown", outputfile=str(target), extra_args=args)
        return target.read_bytes()


def publish(
    session: Session,
    programme: Programme,
    snapshot: ProgrammeSnapshot,
    kind: DocumentKind,
    year: int,
    as_of: date,
    *,
    formats: tuple[str, ...] = FORMATS,
    out_dir: Path | None = None,
    meeting_date: date | None = None,
    run_id: str | None = None,
    made_on: date | None = None,
) -> Published:
    """Render, convert, write and record one document (see the module's rules)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OmstillingError(f"ukjent format «{', '.join(unknown)}»: velg blant {', '.join(FORMATS)}")
    settings = get_settings()
    folder = (out_dir or settings.output_dir) / snapshot.slug / str(year)
    name = document_name(kind, meeting_date)
    figures = folder / f"{name}-figurer"

    rendered = render_markdown(kind, snapshot, year, as_of, meeting_date=meeting_date,
                               charts=_chart_names(name), made_on=made_on)
    targets = [folder / f"{name}.{fmt}" for fmt in formats]
    previous = session.exec(
        select(DocumentRecord)
        .where(DocumentRecord.programme_id == programme.id, DocumentRecord.path == str(targets[0]))
        .order_by(DocumentRecord.id.desc())
    ).first()
    unchanged = (
        previous is not None
        and previous.fingerprint == rendered.fingerprint
        and previous.template_version == rendered.template_version
        and all(path.exists() for path in targets)
    )
    versions = session.exec(
        select(func.count()).select_from(DocumentRecord)
        .where(DocumentRecord.programme_id == programme.id, DocumentRecord.path == str(targets[0]))
    ).one()
    if unchanged:
        return Published(kind, targets, False, versions, rendered.fingerprint, rendered.markdown)

    charts = _draw_charts(rendered, figures)
    if charts != _chart_names(name):  # a chart without data is left out of the document
        rendered = render_markdown(kind, snapshot, year, as_of, meeting_date=meeting_date, charts=charts,
                                   made_on=made_on)
    if versions:
        _archive(folder, name, formats, versions)
    with ThreadPoolExecutor(max_workers=len(formats)) as pool:  # pandoc runs as a process per format
        outputs = list(pool.map(
            lambda fmt: convert(rendered.markdown, fmt, rendered.title, folder, settings.templates_dir), formats))
    for path, data in zip(targets, outputs, strict=True):
        _write(path, data)
    for path in targets:
        session.add(DocumentRecord(programme_id=programme.id, kind=kind, year=year, as_of=as_of, path=str(path),
                                   fingerprint=rendered.fingerprint, template_version=rendered.template_version,
                                   run_id=run_id))
    session.flush()
    return Published(kind, targets, True, versions + 1, rendered.fingerprint, rendered.markdown)


def _chart_names(name: str) -> dict[str, str]:
    return {"jobs": f"{name}-figurer/arbeidsplasser.png", "budget": f"{name}-figurer/budsjett.png"}


def _draw_charts(rendered: Rendered, figures: Path) -> dict[str, str | None]:
    context = rendered.context
    names = _chart_names(figures.name.removesuffix("-figurer"))
    drawn = {
        "jobs": jobs_chart(context["jobs"]["by_year"], figures / "arbeidsplasser.png"),
        "budget": budget_chart(context["budget"]["spending"], figures / "budsjett.png"),
    }
    return {key: names[key] if path else None for key, path in drawn.items()}


def _archive(folder: Path, name: str, formats: tuple[str, ...], version: int) -> None:
    """Keep the previous version's files under tidligere/ before the new ones replace them."""
    archive = folder / "tidligere"
    for fmt in formats:
        current = folder / f"{name}.{fmt}"
        if current.exists():
            archive.mkdir(parents=True, exist_ok=True)
            shutil.copy2(current, archive / f"{name}-v{version}.{fmt}")
