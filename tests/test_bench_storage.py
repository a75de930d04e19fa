"""The storage benchmark runs and compares like with like (issue 13 §5): one round on a
SQLite file, with and without the per-expert check; every completion charged once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


@pytest.mark.parametrize("expert", [False, True])
def test_one_round_on_sqlite(tmp_path: Path, expert: bool, load_bench: Callable[[str], ModuleType]) -> None:
    bench = load_bench("bench_storage")
    rows = bench.compare("sqlite", f"sqlite:///{tmp_path / 'b.sqlite3'}", 1, expert=expert)
    assert [(backend, phase) for backend, phase, _, _ in rows] == [
        ("sqlite", "below 80 %"), ("sqlite", "80-100 %")]
    for _, _, library, ceiling in rows:
        assert len(library) == len(ceiling) == 1 and library[0] > 0 and ceiling[0] > 0
