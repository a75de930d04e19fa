"""The scoring benchmark's Dask section runs (issue 18 §3-4): both warm-up passes, the two
plain processes beside the workers, and a ratio for each worker environment and pass."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType

import pytest


def test_dask_section_on_a_small_dataset(capsys: pytest.CaptureFixture[str],
                                         load_bench: Callable[[str], ModuleType]) -> None:
    pytest.importorskip("distributed", reason="the Dask section needs the dask extra")
    load_bench("bench_scoring").dask_scaling(20_000, 2, 1, "files")
    out = capsys.readouterr().out
    passes = out.split("-- ")[1:]
    assert [p.split("\n", 1)[0] for p in passes] == [
        "first pass (fresh process and workers)", "second pass (the same process and workers)"]
    for text in passes:
        assert re.search(r"two processes at once, each over all rows: +[\d,]+ rows/s .*; [\d.]+x one process", text)
        ratios = re.findall(r"2 workers / 1 worker: ([\d.]+)x", text)
        assert len(ratios) == 2 and all(float(r) > 0 for r in ratios)
        assert len(re.findall(r"Dask, [12] worker\(s\) x 1 thread: +[\d,]+ rows/s", text)) == 4
