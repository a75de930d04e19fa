"""The ``werkscan`` and ``keurmerk`` command lines: --version, --help, plugins."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import blikopwerk

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("tool", ["werkscan", "keurmerk"])
def test_version_and_help(tool: str) -> None:
    out = subprocess.run([str(BIN / tool), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"{tool}, version {blikopwerk.__version__}"
    helptext = subprocess.run([str(BIN / tool), "--help"], capture_output=True, text=True, check=True)
    assert "plugins" in helptext.stdout


def test_plugins_lists_backends_by_group_with_distribution() -> None:
    out = subprocess.run([str(BIN / "werkscan"), "plugins", "--format", "json"],
                         capture_output=True, text=True, check=True)
    rows = {(r["group"], r["name"]): r for r in json.loads(out.stdout)}
    assert rows[("blikopwerk.storage", "sqlite")]["distribution"] == "blikopwerk"
    assert rows[("blikopwerk.geocoders", "offline")]["error"] is None
    assert ("blikopwerk.notifiers", "eml") in rows


def test_library_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import click

    from blikopwerk import InvalidValueError
    from blikopwerk._cli import run_cli

    @click.group()
    def grp() -> None: ...

    @grp.command()
    def boom() -> None:
        raise InvalidValueError("turnover", -1, "must not be negative")

    old = sys.argv
    sys.argv = ["x", "boom"]
    try:
        with pytest.raises(SystemExit) as info:
            run_cli(grp)
    finally:
        sys.argv = old
    assert info.value.code == 2
