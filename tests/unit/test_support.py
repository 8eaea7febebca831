"""A test module imports what tests share from tests.support (and gets fixtures from conftest.py), never from
another test module or a conftest: importing one runs its module-level code, pulls its fixtures in by name and
ties the two files together, so neither can move or change alone."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the `tests` package


def imported_modules(path: Path, root: Path = ROOT) -> list[str]:
    """Every module `path` imports, by its dotted name (a relative import resolved from the file's package)."""
    package = list(path.relative_to(root).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found += [module, *(f"{module}.{alias.name}" for alias in node.names)]  # (`from tests.unit import test_x`)
    return found


def forbidden(module: str) -> bool:
    return module.startswith("tests.") and module.rsplit(".", 1)[-1].startswith(("test_", "conftest"))


def test_no_test_module_imports_another_test_module_or_a_conftest():
    offenders = sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / "tests").rglob("*.py")
        for module in imported_modules(path)
        if forbidden(module)
    )
    assert offenders == [], "what tests share belongs in tests/support/:\n" + "\n".join(offenders)


def test_the_check_sees_every_way_of_importing_a_test_module(tmp_path):
    path = tmp_path / "tests" / "unit" / "test_sample.py"
    path.parent.mkdir(parents=True)
    for source in (
        "import tests.integration.test_cli",
        "from tests.integration.test_cli import JUNE_2014",
        "from tests.integration import test_cli",
        "from .test_wheel import seed_quota",
        "from ..integration.test_cli import JUNE_2014",
        "from tests.conftest import sqlite_engine",
    ):
        path.write_text(source + "\n", encoding="utf-8")
        assert any(forbidden(module) for module in imported_modules(path, tmp_path)), source
    path.write_text("from tests.support.demo import NOW\nimport tests.support.mail\n", encoding="utf-8")
    assert not any(forbidden(module) for module in imported_modules(path, tmp_path))
