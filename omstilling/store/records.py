"""The document records, asked one way everywhere: which version of a document is current, its files, and whether
a document is written. One home, so the web app, the outbox's attachments, the drafts and publishing agree.

A document is (programme, kind, year, name); each version has one record per format it was written in (see
`omstilling.documents.publish`). The current version is the document's highest version number: `_current` is
that definition, and every question here is asked through it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from omstilling.core.enums import DocumentKind
from omstilling.store.models import DocumentRecord

DocumentKey = tuple[int, str, int, str]
"""A document: (programme id, the kind's value, year, name)."""


def _current(*where: sa.ColumnElement[bool]) -> sa.Subquery:
    """The current version of each document (among the records `where` selects): its highest version number."""
    r = DocumentRecord
    return (
        select(r.programme_id, r.kind, r.year, r.name, sa.func.max(r.version).label("version"))
        .where(*where)
        .group_by(r.programme_id, r.kind, r.year, r.name)
        .subquery("current")
    )


def _same_document(current: sa.Subquery) -> sa.ColumnElement[bool]:
    r = DocumentRecord
    return sa.and_(
        r.programme_id == current.c.programme_id,
        r.kind == current.c.kind,
        r.year == current.c.year,
        r.name == current.c.name,
    )


def current_files(session: Session, programme_ids: list[int]) -> dict[DocumentKey, dict[str, str]]:
    """The files of each document's current version (the path by format), for every document of these programmes."""
    current = _current(DocumentRecord.programme_id.in_(programme_ids))
    found: dict[DocumentKey, dict[str, str]] = {}
    for record in session.exec(
        select(DocumentRecord).join(
            current, sa.and_(_same_document(current), DocumentRecord.version == current.c.version)
        )
    ):
        found.setdefault((record.programme_id, record.kind.value, record.year, record.name), {})[record.format] = (
            record.path
        )
    return found


def current_version(
    session: Session, programme_id: int, kind: DocumentKind, year: int, name: str
) -> tuple[int, list[DocumentRecord]]:
    """One document's current version (0 when it was never written) and that version's records, one per format."""
    r = DocumentRecord
    current = _current(r.programme_id == programme_id, r.kind == kind, r.year == year, r.name == name)
    version = session.exec(select(current.c.version)).first() or 0
    records = session.exec(
        select(r).where(
            r.programme_id == programme_id, r.kind == kind, r.year == year, r.name == name, r.version == version
        )
    ).all()
    return version, list(records)


def written(session: Session, programme_id: int) -> set[tuple[str, int, str]]:
    """The documents of a programme that have a version: (the kind's value, year, name)."""
    current = _current(DocumentRecord.programme_id == programme_id)
    return {
        (kind.value, year, name)
        for kind, year, name in session.exec(select(current.c.kind, current.c.year, current.c.name))
    }


@dataclass
class Version:
    """One version of a document: its records (one per format), whether it is the current one."""

    number: int
    current: bool
    records: list[DocumentRecord] = field(default_factory=list)

    @property
    def as_of(self) -> date:
        return self.records[0].as_of

    @property
    def created_at(self) -> datetime:
        return min(record.created_at for record in self.records)


@dataclass
class Document:
    """A document of a programme and its versions, newest first."""

    kind: DocumentKind
    year: int
    name: str
    current: int
    versions: list[Version] = field(default_factory=list)


def history(session: Session, programme_id: int) -> list[Document]:
    """Every document of a programme with all its versions: newest year first, then by name; newest version first,
    each version's records by format."""
    r = DocumentRecord
    current = _current(r.programme_id == programme_id)
    rows = session.exec(
        select(r, current.c.version)
        .join(current, _same_document(current))
        .order_by(r.year.desc(), r.name, r.version.desc(), r.format)
    )
    documents: dict[tuple, Document] = {}
    versions: dict[tuple, dict[int, Version]] = defaultdict(dict)
    for record, newest in rows:
        key = (record.year, record.name, record.kind)
        document = documents.setdefault(key, Document(record.kind, record.year, record.name, newest))
        if record.version not in versions[key]:
            versions[key][record.version] = Version(record.version, record.version == newest)
            document.versions.append(versions[key][record.version])
        versions[key][record.version].records.append(record)
    return list(documents.values())


def record_of(session: Session, programme_id: int, record_id: int) -> tuple[DocumentRecord, int] | None:
    """One record of this programme and the current version of its document (None when it is not this
    programme's, or unknown)."""
    r = DocumentRecord
    current = _current(r.programme_id == programme_id)
    return session.exec(
        select(r, current.c.version)
        .join(current, _same_document(current))
        .where(r.id == record_id, r.programme_id == programme_id)
    ).first()


def stored_path(record: DocumentRecord, latest_version: int) -> Path:
    """Where a recorded file is now: the current version in the document's folder, an earlier one under
    tidligere/<name>-v<N>.<ext> (see `omstilling.documents.publish._archive`)."""
    path = Path(record.path)
    if record.version >= latest_version:
        return path
    return path.parent / "tidligere" / f"{record.name}-v{record.version}.{record.format}"


def version_files(
    session: Session, programme_id: int, kind: DocumentKind, year: int, name: str, version: int
) -> dict[str, Path]:
    """Where each file of one version of a document is now (the current one in the folder, an earlier one
    archived): what a message planned with that version attaches, whatever was written since."""
    latest, _ = current_version(session, programme_id, kind, year, name)
    r = DocumentRecord
    return {
        record.format: stored_path(record, latest)
        for record in session.exec(
            select(r).where(
                r.programme_id == programme_id, r.kind == kind, r.year == year, r.name == name, r.version == version
            )
        )
    }
