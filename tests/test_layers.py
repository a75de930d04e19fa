"""The layers of the house (docs: architecture): the kernel imports no domain package,
and neither domain imports the other. The few places allowed to cross are named here, so
a new crossing fails this test and an old one that goes away must be removed from the list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: package -> the packages it must not import
FORBIDDEN = {
    "blikopwerk": ("werkscan", "keurmerk"),
    "werkscan": ("keurmerk",),
    "keurmerk": ("werkscan",),
}

#: the places allowed to cross, with why (docs/architecture.md says the same)
ALLOWED = {
    # deprecation aliases: names that moved to werkscan keep working here for one release
    ("blikopwerk/__init__.py", "werkscan"),
    ("blikopwerk/testing/__init__.py", "werkscan"),
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _crossings() -> set[tuple[str, str]]:
    crossings: set[tuple[str, str]] = set()
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((SRC / package).rglob("*.py")):
            for imported in _imported_packages(path) & set(forbidden):
                crossings.add((path.relative_to(SRC).as_posix(), imported))
    return crossings


def test_no_new_crossing_between_layers() -> None:
    new = _crossings() - ALLOWED
    assert not new, f"imports across the layers: {sorted(new)}"


@pytest.mark.parametrize("allowed", sorted(ALLOWED))
def test_each_allowed_crossing_still_exists(allowed: tuple[str, str]) -> None:
    # when a crossing is removed, remove it from ALLOWED (and from the architecture page)
    assert allowed in _crossings()


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import werkscan.x\nfrom keurmerk import y\nfrom . import z\n")
    assert _imported_packages(module) == {"werkscan", "keurmerk"}
