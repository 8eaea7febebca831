"""What a use case did, as a person reads it (the Prefect form's artifact)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from omstilling.errors import NotFound, OmstillingError


@dataclass(frozen=True)
class Done:
    """What an action did: a title, the Markdown for the run's artifact, and whether it went through."""

    title: str
    markdown: str
    ok: bool = True


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def server_file(path: str, *, must_exist: bool) -> Path:
    if not path or not path.strip():
        raise OmstillingError("oppgi stien til arbeidsboka på serveren")
    found = Path(path.strip()).expanduser()
    if must_exist and not found.is_file():
        raise NotFound(f"fant ikke filen «{found}» på serveren (stien må være der arbeideren kjører)")
    return found
