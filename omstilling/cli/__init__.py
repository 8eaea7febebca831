"""`omstilling …`: the command line. Each command is a thin wrapper over a library call; the commands live by
group in `data`, `status`, `wheel`, `documents`, `messages`, `web` and `access`, and share `common`."""

from omstilling.cli import access, data, documents, messages, status, web, wheel  # noqa: F401  (they register the commands)
from omstilling.cli.common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
