"""The layers hold: the pure core imports no infrastructure (checked in a fresh interpreter), and the
import-linter contracts in .importlinter are kept."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INFRASTRUCTURE = (
    "sqlmodel",
    "sqlalchemy",
    "prefect",
    "apprise",
    "jinja2",
    "pydantic",
    "omstilling.store.models",
    "omstilling.store.db",
    "omstilling.config",
)


def test_importing_the_whole_core_leaves_the_infrastructure_unimported():
    probe = (
        "import sys, pkgutil, importlib, omstilling.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'omstilling.core.'): importlib.import_module(m.name)\n"
        f"print(sorted(n for n in {INFRASTRUCTURE!r} if n in sys.modules))\n"
        "print(len([n for n in sys.modules if n.startswith('omstilling.core.')]))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded, modules = result.stdout.split("\n")[:2]
    assert loaded == "[]"
    assert int(modules) >= 12  # every core module was imported, wheel's included


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), str(ROOT / ".importlinter")], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "2 kept, 0 broken" in result.stdout


def test_every_package_of_the_house_stands_in_a_layer():
    """A package or module added at the top of omstilling/ must be given a layer, or the contract says nothing of
    it (import-linter's `exhaustive` needs a container, which two root packages do not have)."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    layered = {
        name.strip()
        for line in config["importlinter:contract:house"]["layers"].splitlines()
        for name in line.split("|")
        if name.strip()
    }
    top = {
        f"omstilling.{path.stem}"
        for path in (ROOT / "omstilling").iterdir()
        if (path.is_dir() and (path / "__init__.py").exists()) or (path.suffix == ".py" and path.name != "__init__.py")
    }
    assert top - layered == set()
    assert layered - top - {"flows"} == set()


def test_the_tests_mirror_the_packages():
    """tests/unit/<package>/ and tests/integration/<package>/ are named after the package of omstilling they test
    (the house's own checks, such as this file, stay at the lane's top)."""
    packages = {path.name for path in (ROOT / "omstilling").iterdir() if (path / "__init__.py").exists()}
    for lane in ("unit", "integration"):
        folders = {
            path.name for path in (ROOT / "tests" / lane).iterdir() if path.is_dir() and not path.name.startswith("__")
        }
        assert folders and folders <= packages, (lane, folders - packages)
        assert not [p.name for p in (ROOT / "tests" / lane).glob("test_*.py") if lane == "integration"], (
            "an integration test belongs in the folder of its package"
        )
