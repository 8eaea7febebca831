"""`omstilling …`: the command line. Each command is a thin wrapper over a library call; the commands live by
group in `data`, `status`, `decisions`, `wheel`, `documents`, `messages`, `web`, `access`, `audit`, `people` and
`stotte` (state aid, and the installation's `data kurser`), and share `common`."""

from omstilling.cli import (  # noqa: F401  (they register the commands)
    access,
    audit,
    data,
    decisions,
    documents,
    messages,
    people,
    status,
    stotte,
    stotte_dokumenter,
    web,
    wheel,
)
from omstilling.cli.common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
