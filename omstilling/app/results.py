"""What a use case did, as a person reads it (the Prefect form's artifact)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    """What an action did: a title, the Markdown for the run's artifact, and whether it went through."""

    title: str
    markdown: str
    ok: bool = True


def cell(text: object) -> str:
    """Text that stays inside one cell of a Markdown table."""
    return str(text).replace("|", "\\|").replace("\n", " ")
