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
    import atexit
    import gc

    # A command's process ends as soon as its work is done, and Python's last garbage collection at exit walked every
    # object the imports made (SQLAlchemy's, pydantic's, the tables'): ~0,25 s of a 1,5 s report, for memory the
    # operating system takes back anyway. Frozen at exit, those objects are left out of that walk. Everything a
    # command writes is written, closed and committed before it returns (`store.files.write_atomically` syncs each
    # file; every session is committed in its scope); atexit's other handlers (logging's flush) still run, and
    # so does the flushing of stdout and stderr.
    atexit.register(gc.freeze)
    app()


__all__ = ["app", "main"]
