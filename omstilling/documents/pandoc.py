"""pandoc, one process per conversion and nothing else.

The pandoc is the one the pinned `pypandoc-binary` wheel carries (so a document does not change with the pandoc a
machine happens to have); `PYPANDOC_PANDOC` names another, as it does for pypandoc. pypandoc's own `convert_text`
is not used: it started two more pandoc processes per conversion to list pandoc's formats, and on its first call
one per place it searches for a pandoc, to compare their versions."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Sequence
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from omstilling.errors import OmstillingError

logger = logging.getLogger(__name__)


@cache
def pandoc_path() -> str:
    """The pandoc to run: `PYPANDOC_PANDOC`, else the wheel's, else what pypandoc finds (on PATH, in ~/bin …)."""
    if named := os.environ.get("PYPANDOC_PANDOC"):
        return named
    spec = find_spec("pypandoc")  # where the wheel is, without importing it
    for location in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(location) / "files" / "pandoc"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def run_pandoc(markdown: str, to: str, args: Sequence[str], filters: Sequence[Path] = ()) -> bytes:
    """Markdown → `to` in one pandoc process; the output as bytes (a binary format such as docx included)."""
    command = [
        pandoc_path(),
        "--from=markdown",
        f"--to={to}",
        "--output=-",
        *args,
        *(f"--lua-filter={path}" for path in filters),
    ]
    try:
        done = subprocess.run(command, input=markdown.encode(), capture_output=True, check=False)
    except OSError as exc:
        raise OmstillingError(f"pandoc kunne ikke startes ({command[0]}): {exc.strerror or exc}") from None
    stderr = done.stderr.decode(errors="replace").strip()
    if done.returncode != 0:
        raise RuntimeError(f'Pandoc died with exitcode "{done.returncode}" during conversion: {stderr}')
    if markdown.strip() and not done.stdout:
        # a program that is not pandoc (PYPANDOC_PANDOC=/bin/true) ends well and writes nothing: never a document
        raise OmstillingError(
            f"pandoc ({command[0]}) ga et tomt dokument for {to}; sjekk at det er pandoc (PYPANDOC_PANDOC). "
            "Ingenting ble skrevet."
        )
    if stderr:
        logger.warning("pandoc: %s", stderr)
    return done.stdout
