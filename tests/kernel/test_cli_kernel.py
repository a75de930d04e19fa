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


def test_error_line_stays_one_line_whatever_the_value() -> None:
    """A value with control characters (a record separator, a line break, an escape) is
    shown escaped, and a long value is cut: the error stays one line (issue 11)."""
    import datetime as dt

    from blikopwerk import InvalidValueError
    from blikopwerk._cli import describe_error

    line = describe_error(InvalidValueError("turnover", "\x1e1\n2\x1b[2J", "not a number"), "nl")
    assert line == "turnover: not a number (waarde: \\x1e1\\n2\\x1b[2J)" or "\\x1e1\\n2\\x1b[2J" in line
    assert len(line.splitlines()) == 1 and "\x1b" not in line
    long_line = describe_error(InvalidValueError("name", "x" * 500, "too long"), "en")
    assert len(long_line) < 160 and long_line.endswith("…)")
    dated = describe_error(InvalidValueError("on", dt.date(2026, 12, 31), "not valid"), "nl")
    assert "31 december 2026" in dated and "2026-12-31" not in dated
