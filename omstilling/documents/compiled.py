"""The documents' templates compiled once, not in every process (issue 26): Jinja2 compiles each template a process
uses from its source, which was most of the time `omstilling report … --format md` spent making the Markdown;
a bytecode cache keeps the compiled code in the user's own folder, and the next process loads it.

The folder is `$XDG_CACHE_HOME/omstilling/jinja` (by default `~/.cache/omstilling/jinja`), one subfolder per
version of the code: compiled code depends on more than a template's source (the environment's settings, which
filters take a context, and what Jinja works out at compile time with our filters), so another jinja2 or a change
to any of omstilling's modules starts a new subfolder, and all but the KEPT latest are removed (more than one, so
two installations side by side do not undo each other's). Within a subfolder Jinja keys each template on its name
and file and keeps a checksum of its source: a template a user overrides (OMSTILLING_TEMPLATES_DIR) is compiled
again when it changes. A folder that cannot be made or written, or that another user could write to (compiled code
is run), means no cache: the templates are compiled as before. Files are written whole under a temporary name and
renamed, so two processes may write the same template at once; one that cannot be read is compiled again."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

KEPT = 3
"""How many versions of the code keep their compiled templates."""

PACKAGE = Path(__file__).resolve().parent.parent


class _Forgiving(FileSystemBytecodeCache):
    """Jinja's file cache, except that a cache that fails is no cache: it never fails a document."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 (a damaged or unreadable file: the template is compiled from its source)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        # a full disk, a folder removed or made read-only meanwhile: the template stays compiled in memory
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """The cache for this version of the code, or None when there can be none here."""
    try:
        root = cache_home() / "omstilling" / "jinja"
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(root):
            return None
        folder = root / code_version()
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _private(folder):
            return None
        os.utime(folder)  # used now: the latest are the ones kept
        _remove_older(root)
    except (OSError, RuntimeError, KeyError):  # no home (RuntimeError, KeyError), or no folder can be made there
        return None
    return _Forgiving(str(folder))


def cache_home() -> Path:
    """`$XDG_CACHE_HOME`, or `~/.cache` when it is unset or not an absolute path (as the XDG specification says).
    Without a home (a container's user with no HOME and no entry in /etc/passwd, where Python 3.11 leaves `~`
    as it is) there is none, rather than a folder `~` where the process happens to be."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):
        return Path(configured)
    home = Path.home()
    if not home.is_absolute():
        raise RuntimeError("no home folder")
    return home / ".cache"


def code_version() -> str:
    """A short hash of the jinja2 version and of each of omstilling's modules' path, time and size."""
    digest = hashlib.sha256(f"jinja2 {jinja2.__version__}\n".encode())
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name} {info.st_mtime_ns} {info.st_size}\n".encode())
    return digest.hexdigest()[:16]


def _private(folder: Path) -> bool:
    """A folder of this user's that no one else can write to."""
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _is_version(name: str) -> bool:
    return len(name) == 16 and all(c in "0123456789abcdef" for c in name)


def _remove_older(root: Path) -> None:
    """Remove the subfolders of all but the KEPT versions of the code used last."""
    versions = []
    for entry in os.scandir(root):
        if _is_version(entry.name) and entry.is_dir(follow_symlinks=False):
            try:
                versions.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
            except OSError:  # removed meanwhile by another process
                continue
    for _, path in sorted(versions, reverse=True)[KEPT:]:
        shutil.rmtree(path, ignore_errors=True)
