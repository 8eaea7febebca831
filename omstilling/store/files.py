"""The one way a file is written: to a temporary file of its own beside the target, then renamed over it, so a
reader (a colleague, the web app, a mail client) never sees half a file and two writers never share a temporary
name. Files get the installation's mode (`OMSTILLING_FILE_MODE`, 0640 by default: the owner writes, the group
reads), so the web app's user or a colleague in the group can read a shared output folder."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

DEFAULT_MODE = 0o640


def file_mode() -> int:
    """The mode written files get (`OMSTILLING_FILE_MODE`, octal)."""
    from omstilling.config import get_settings

    return get_settings().file_mode_bits


def write_atomically(path: Path, data: bytes | str, *, mode: int | None = None, make_folder: bool = False) -> Path:
    """Write `data` (text as UTF-8) to `path`: a uniquely named temporary file in the same folder, flushed to
    disk, given the mode, then renamed over `path`. With `make_folder` (a folder of omstilling's own, such as the
    output folder's) a missing folder is made; a folder a person named must exist. On any error the temporary
    file is removed and `path` is as it was."""
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():  # said of the file the person named, not of the temporary one
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    content = data.encode("utf-8") if isinstance(data, str) else data
    # a short name of its own (not derived from the target's: a long name would pass the file system's limit)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".omstilling-", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, file_mode() if mode is None else mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
