"""The storage benchmark runs and compares like with like (issue 13 §5): one round on a
SQLite file, with and without the per-expert check; every completion charged once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_storage.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_storage_under_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("expert", [False, True])
def test_one_round_on_sqlite(tmp_path: Path, expert: bool) -> None:
    bench = _bench()
    rows = bench.compare("sqlite", f"sqlite:///{tmp_path / 'b.sqlite3'}", 1, expert=expert)
    assert [(backend, phase) for backend, phase, _, _ in rows] == [
        ("sqlite", "below 80 %"), ("sqlite", "80-100 %")]
    for _, _, library, ceiling in rows:
        assert len(library) == len(ceiling) == 1 and library[0] > 0 and ceiling[0] > 0
