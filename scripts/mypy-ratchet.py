#!/usr/bin/env python3
"""The mypy ratchet: the type errors outside the strict packages may only become fewer.

Runs mypy as pyproject.toml configures it (the whole tree), counts the errors outside `omstilling/core/` and
`omstilling/app/` (those two are strict and must have none: `make lint` checks them on their own), and compares the
count with the committed `.mypy-baseline`:

- more than the baseline: fails, and names the files whose count rose;
- fewer: passes, and asks you to lower the baseline (`scripts/mypy-ratchet.py --update`) in the same commit, so the
  ratchet keeps what was won.

`--update` writes the current count; it refuses to raise it (edit the file by hand if you must, and say why in the
commit).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".mypy-baseline"
STRICT = ("omstilling/core/", "omstilling/app/")
ERROR = re.compile(r"^(?P<path>[^:\s][^:]*\.py):\d+(?::\d+)?: error: ")
HEADER = (
    "# The number of mypy errors outside omstilling/core and omstilling/app (which must have none); it may only fall.\n"
    "# Written by scripts/mypy-ratchet.py --update. Below the total: the count per file, to show where it rose.\n"
)


def run_mypy() -> list[str]:
    """The error lines of one mypy run over the configured files (exits when mypy itself fails)."""
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):  # 2: a configuration error or a crash, not type errors
        sys.stdout.write(run.stdout)
        sys.stderr.write(run.stderr)
        sys.exit(f"mypy-ratchet: mypy failed (exit {run.returncode}); nothing was counted")
    return [line for line in run.stdout.splitlines() if ERROR.match(line)]


def by_file(errors: list[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for line in errors:
        match = ERROR.match(line)
        if match:
            found[match["path"]] += 1
    return found


def read_baseline() -> tuple[int, Counter[str]]:
    total: int | None = None
    files: Counter[str] = Counter()
    for text in BASELINE.read_text(encoding="utf-8").splitlines():
        line = text.split("#", 1)[0].strip()
        if not line:
            continue
        if total is None:
            total = int(line)
        else:
            count, path = line.split(maxsplit=1)
            files[path] = int(count)
    if total is None:
        sys.exit(f"mypy-ratchet: {BASELINE.name} holds no count")
    return total, files


def write_baseline(total: int, files: Counter[str]) -> None:
    lines = [f"{total}"] + [f"{count} {path}" for path, count in sorted(files.items())]
    BASELINE.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the current count to .mypy-baseline")
    args = parser.parse_args()

    errors = run_mypy()
    strict = [line for line in errors if line.startswith(STRICT)]
    rest = by_file([line for line in errors if not line.startswith(STRICT)])
    total = sum(rest.values())
    baseline, baseline_files = read_baseline() if BASELINE.exists() else (None, Counter[str]())

    if strict:  # not counted here: `make lint` fails on them in its strict step
        print(
            f"mypy-ratchet: (and {len(strict)} errors in the strict packages, omstilling/core and omstilling/app, "
            "which must have none; `make lint` shows them)"
        )
    if args.update:
        if baseline is not None and total > baseline:
            print(
                f"mypy-ratchet: {total} errors, more than the baseline's {baseline}: not raised "
                f"(edit {BASELINE.name} by hand if you must, and say why in the commit)"
            )
            return 1
        write_baseline(total, rest)
        print(f"mypy-ratchet: {BASELINE.name} is now {total} (was {baseline})")
        return 0
    if baseline is None:
        print(f"mypy-ratchet: no {BASELINE.name}; write it with scripts/mypy-ratchet.py --update")
        return 1
    if total > baseline:
        print(f"mypy-ratchet: {total} mypy errors outside the strict packages, more than the baseline's {baseline}.")
        rose = {path: count for path, count in rest.items() if count > baseline_files.get(path, 0)}
        for path, count in sorted(rose.items()):
            print(f"  {path}: {count} (was {baseline_files.get(path, 0)})")
        print("Fix the new ones (`.venv/bin/mypy` lists them all); the count may only fall.")
        return 1
    if total < baseline:
        print(
            f"mypy-ratchet: {total} mypy errors outside the strict packages, fewer than the baseline's {baseline}: "
            f"well done; lower it in this commit with scripts/mypy-ratchet.py --update"
        )
    else:
        print(f"mypy-ratchet: {total} mypy errors outside the strict packages (the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
