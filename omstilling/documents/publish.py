"""Write a document's formats to disk and record it.

Layout: out/<programme>/<year>/<name>.{md,html,docx}, charts beside it in <name>-figurer/. Generating again
with the same figures and templates is recognised (nothing is rewritten); a changed figure makes a new
version, and the previous files move to out/<programme>/<year>/tidligere/<name>-v<N>.<ext>. Every file is
written to a temporary name and renamed, so no reader ever sees half a document."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from omstilling.config import get_settings
from omstilling.core import language
from omstilling.core.enums import DOCUMENT_FORMATS, DocumentKind, chosen_formats
from omstilling.core.formatting import date_long
from omstilling.core.language import _
from omstilling.core.periods import document_name
from omstilling.core.snapshot import ProgrammeSnapshot
from omstilling.documents.filters import escape_markdown
from omstilling.documents.pandoc import run_pandoc
from omstilling.documents.pdf import TABLES_FILTER, TitlePage, compile_pdf, markdown_to_pdf, to_typst
from omstilling.documents.render import Rendered, render_markdown
from omstilling.store import records
from omstilling.store.files import write_atomically
from omstilling.store.models import DocumentRecord, Programme


@dataclass(frozen=True)
class Published:
    kind: DocumentKind
    paths: list[Path]
    changed: bool
    version: int
    fingerprint: str
    markdown: str


def in_main(html: bytes) -> bytes:
    """The HTML document's body in a `main` landmark (pandoc's template has none; a screen reader jumps to it, and
    axe-core asks for it)."""
    head, found, rest = html.partition(b"<body>")
    if not found or b"<main" in rest:
        return html
    body, closing, tail = rest.rpartition(b"</body>")
    return head + b"<body>\n<main>" + body + b"</main>\n" + closing + tail if closing else html


def convert(
    markdown: str,
    fmt: str,
    title: str,
    resources: Path,
    templates_dir: Path,
    page: TitlePage | None = None,
    *,
    contents: bool = False,
) -> bytes:
    """Markdown → HTML (standalone, printable, images and styles embedded), DOCX (Word styles from
    documents/templates/reference.docx, tables finished by word.py) with pandoc, or PDF (pdf.py: Typst). The
    document's language is the page's written standard (`nb-NO`, `nn-NO`; without a page, the current one)."""
    if fmt == "md":
        return markdown.encode()
    page = page or TitlePage(title, "", "", "")
    if fmt == "pdf":
        return markdown_to_pdf(markdown, page, resources, templates_dir, contents=contents)
    args = [f"--resource-path={resources}", f"--metadata=lang:{page.lang}"]
    if fmt == "html":
        args += [
            "--standalone",
            "--embed-resources",
            f"--css={templates_dir / 'document.css'}",
            f"--metadata=pagetitle:{title}",
        ]
    else:
        args += [f"--reference-doc={templates_dir / 'reference.docx'}"]
    data = run_pandoc(markdown, fmt, args, [TABLES_FILTER])
    if fmt == "html":
        return in_main(data)
    if fmt != "docx":
        return data
    from omstilling.documents.word import finish_docx  # (here: python-docx only when a Word file is made)

    return finish_docx(data, page)


def publish(
    session: Session,
    programme: Programme,
    snapshot: ProgrammeSnapshot,
    kind: DocumentKind,
    year: int,
    as_of: date,
    *,
    formats: Sequence[str] | None = None,
    out_dir: Path | None = None,
    meeting_date: date | None = None,
    run_id: str | None = None,
    made_on: date | None = None,
) -> Published:
    """Render, convert, write and record one document (see the module's rules), in the programme's written
    standard (`snapshot.language`: its words, dates, numbers, charts and the files' language)."""
    with language.speaking(snapshot.language):
        return _publish(
            session, programme, snapshot, kind, year, as_of, formats, out_dir, meeting_date, run_id, made_on
        )


def _publish(
    session: Session,
    programme: Programme,
    snapshot: ProgrammeSnapshot,
    kind: DocumentKind,
    year: int,
    as_of: date,
    formats: Sequence[str] | None,
    out_dir: Path | None,
    meeting_date: date | None,
    run_id: str | None,
    made_on: date | None,
) -> Published:
    formats = chosen_formats(kind, formats)
    settings = get_settings()
    folder = (out_dir or settings.output_dir) / snapshot.slug / str(year)
    name = document_name(kind, meeting_date)
    figures = folder / f"{name}-figurer"

    rendered = render_markdown(
        kind, snapshot, year, as_of, meeting_date=meeting_date, charts=_chart_names(name), made_on=made_on
    )
    targets = [folder / f"{name}.{fmt}" for fmt in formats]
    latest, current = records.current_version(session, programme.id, kind, year, name)
    same = [
        r for r in current if r.fingerprint == rendered.fingerprint and r.template_version == rendered.template_version
    ]
    have = {r.format for r in same if r.path == str(folder / f"{name}.{r.format}") and Path(r.path).exists()}
    missing = [fmt for fmt in formats if fmt not in have]
    if same and not missing:
        return Published(kind, targets, False, latest, rendered.fingerprint, rendered.markdown)
    # The same figures in a format not written yet belong to the current version; changed figures make a new one.
    version = latest if same else latest + 1
    writing = missing if same else list(formats)
    recorded = {r.format for r in same}  # (a file of the current version deleted from disk is written again)
    claiming = [fmt for fmt in writing if fmt not in recorded]

    page = title_page(rendered, snapshot.name, made_on or as_of)
    contents = kind is DocumentKind.BOARD_PACK
    paths = [folder / f"{name}.{fmt}" for fmt in writing]
    # Converted before the claim, in a folder of this run's own: the claim takes the database's write lock (on
    # SQLite, the whole database's), so it is held only while the files are moved into place, and two runs writing
    # two documents convert at the same time. A run that then loses the claim has drawn nothing where the winner's
    # files are.
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=folder.parent) as own:
        drawn, outputs = _convert(
            rendered, snapshot, kind, year, as_of, meeting_date, made_on, page, contents, writing, Path(own), name
        )
        if claiming and not _claim(
            session, programme, kind, year, as_of, name, version, claiming, folder, drawn, run_id
        ):
            # another run wrote this very version meanwhile: it is what this run would have written
            return Published(kind, targets, False, version, drawn.fingerprint, drawn.markdown)
        # Only now, with every format converted and the version claimed, does the old version move aside: a failed
        # conversion leaves the folder (and the records) as they were.
        if version > latest and latest:
            _archive(folder, name, latest)
        for chart in sorted((Path(own) / figures.name).glob("*.svg")):  # (Word's PNGs are in the .docx)
            write_atomically(figures / chart.name, chart.read_bytes(), make_folder=True)
    for path, data in zip(paths, outputs, strict=True):
        write_atomically(path, data, make_folder=True)
    return Published(kind, targets, True, version, drawn.fingerprint, drawn.markdown)


def _convert(
    rendered: Rendered,
    snapshot: ProgrammeSnapshot,
    kind: DocumentKind,
    year: int,
    as_of: date,
    meeting_date: date | None,
    made_on: date | None,
    page: TitlePage,
    contents: bool,
    writing: list[str],
    folder: Path,
    name: str,
) -> tuple[Rendered, list[bytes]]:
    """Draw the charts into `folder` (this run's own) and convert the Markdown to each format in `writing`: the
    document as rendered with the charts it has, and the formats' bytes."""
    settings = get_settings()
    figures = folder / f"{name}-figurer"
    with ThreadPoolExecutor(max_workers=len(writing) + 1) as pool:  # pandoc runs as a process per format
        # The Typst source names the charts without reading them: pandoc writes it while they are drawn.
        typst_source = (
            pool.submit(to_typst, rendered.markdown, page, settings.templates_dir, contents=contents)
            if "pdf" in writing
            else None
        )
        charts = _draw_charts(rendered, figures)
        if any(charts[key] is None for key in _shown(rendered)):  # a chart without data is left out of the document
            rendered = render_markdown(
                kind, snapshot, year, as_of, meeting_date=meeting_date, charts=charts, made_on=made_on
            )
            if typst_source is not None:
                typst_source = pool.submit(to_typst, rendered.markdown, page, settings.templates_dir, contents=contents)

        def output(fmt: str) -> bytes:
            if fmt == "pdf" and typst_source is not None:
                return compile_pdf(typst_source.result(), folder)
            if fmt == "xlsx":  # the evaluation's data pack (the only kind with a workbook: `DocumentKind.formats`)
                from omstilling.documents.evaluation import evaluation_workbook

                with language.speaking(snapshot.language):  # (a thread of its own: the standard is the caller's)
                    return evaluation_workbook(rendered.context, rendered.title, made_on or as_of)
            markdown = _with_pictures(rendered.markdown, charts, folder) if fmt == "docx" else rendered.markdown
            return convert(markdown, fmt, rendered.title, folder, settings.templates_dir, page, contents=contents)

        return rendered, list(pool.map(output, writing))


def title_page(rendered: Rendered, programme: str, made_on: date) -> TitlePage:
    """The PDF's first page: programme, title, the period and day of the figures, and the day of the draft (in the
    current written standard, which the page keeps as its language)."""
    figures_on = _("tall per %(day)s") % {"day": date_long(rendered.as_of)}
    if rendered.meeting_date:
        period = _("Styremøte %(day)s") % {"day": date_long(rendered.meeting_date)} + f" · {figures_on}"
    elif rendered.kind is DocumentKind.HALF_YEAR_REPORT:
        period = _("1. halvår %(year)s") % {"year": rendered.year} + f" · {figures_on}"
    else:
        period = f"{rendered.year} · {figures_on}"
    return TitlePage(rendered.title, programme, period, _("Utkast per %(day)s") % {"day": date_long(made_on)})


def _claim(
    session: Session,
    programme: Programme,
    kind: DocumentKind,
    year: int,
    as_of: date,
    name: str,
    version: int,
    formats: list[str],
    folder: Path,
    rendered: Rendered,
    run_id: str | None,
) -> bool:
    """Record the version's files before they are written: the unique key (document, version, format) lets one
    run have it. The rows hold the database's write lock until the caller's unit of work ends, so a second run
    waits here and then finds the version taken (False)."""
    # (No savepoint: pysqlite commits a SAVEPOINT taken before the first write on its release, and the claim must
    # stay uncommitted until the files are written. The session has only read before this.)
    try:
        for fmt in formats:
            session.add(
                DocumentRecord(
                    programme_id=programme.id,
                    kind=kind,
                    year=year,
                    as_of=as_of,
                    name=name,
                    version=version,
                    format=fmt,
                    path=str(folder / f"{name}.{fmt}"),
                    fingerprint=rendered.fingerprint,
                    template_version=rendered.template_version,
                    run_id=run_id,
                )
            )
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    return True


def _chart_names(name: str) -> dict[str, str]:
    return {"jobs": f"{name}-figurer/arbeidsplasser.svg", "budget": f"{name}-figurer/budsjett.svg"}


def _with_pictures(markdown: str, charts: dict[str, str | None], folder: Path) -> str:
    """The Markdown for Word: each chart's SVG drawn as a PNG beside it (in the run's own folder, not kept) and
    named instead. An SVG in a .docx shows only in a recent Word; a PNG shows in every Word and in LibreOffice."""
    drawn = [path for path in charts.values() if path]
    if not drawn:
        return markdown
    from omstilling.documents.charts import png

    for path, picture in zip(drawn, png([folder / path for path in drawn]), strict=True):
        picture_path = path.removesuffix(".svg") + ".png"
        write_atomically(folder / picture_path, picture)
        markdown = markdown.replace(f"]({escape_markdown(path)})", f"]({escape_markdown(picture_path)})")
    return markdown


def _shown(rendered: Rendered) -> set[str]:
    """The charts the document's template shows (it was rendered with every chart's name)."""
    names = _chart_names(document_name(rendered.kind, rendered.meeting_date))
    return {key for key, path in names.items() if escape_markdown(path) in rendered.markdown}


def _draw_charts(rendered: Rendered, figures: Path) -> dict[str, str | None]:
    """Draw the charts the document shows (and only those), as SVG."""
    shown = _shown(rendered)
    names = _chart_names(figures.name.removesuffix("-figurer"))
    if not shown:
        return dict.fromkeys(names)
    from omstilling.documents.charts import budget_chart, jobs_chart

    context = rendered.context
    drawn = {
        "jobs": "jobs" in shown and jobs_chart(context["jobs"]["by_year"], figures.parent / names["jobs"]),
        "budget": "budget" in shown and budget_chart(context["budget"]["spending"], figures.parent / names["budget"]),
    }
    return {key: names[key] if path else None for key, path in drawn.items()}


def _archive(folder: Path, name: str, version: int) -> None:
    """Move every file of the version being replaced (all its formats) to tidligere/<name>-v<N>.<ext>, so the
    folder holds only the current version and an archived version is never overwritten."""
    archive = folder / "tidligere"
    for fmt in DOCUMENT_FORMATS:
        current = folder / f"{name}.{fmt}"
        if current.exists():
            archive.mkdir(parents=True, exist_ok=True)
            target = archive / f"{name}-v{version}.{fmt}"
            if not target.exists():
                current.replace(target)
