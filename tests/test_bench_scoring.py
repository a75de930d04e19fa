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


def test_the_bench_measures_the_worker_environment_the_how_to_advises() -> None:
    """The Dask section's tuned environment is the one in the how-to's example, setting for setting
    (the workers' environment variables and the profiler)."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    setting = re.compile(r'"distributed\.nanny\.pre-spawn-environ\.(\w+)":\s*("?[\w <]+"?)')
    how_to = dict(setting.findall((root / "docs/howto/werkscan-batch-and-dask.md").read_text(encoding="utf-8")))
    bench = dict(setting.findall((root / "bench/bench_scoring.py").read_text(encoding="utf-8")))
    assert set(how_to) == set(bench) == {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
                                         "ARROW_DEFAULT_MEMORY_POOL"}
    assert how_to["ARROW_DEFAULT_MEMORY_POOL"] == bench["ARROW_DEFAULT_MEMORY_POOL"] == '"system"'
    assert {how_to["MALLOC_MMAP_THRESHOLD_"], how_to["MALLOC_TRIM_THRESHOLD_"]} == {"1 << 25"}
    assert {bench["MALLOC_MMAP_THRESHOLD_"], bench["MALLOC_TRIM_THRESHOLD_"]} == {"MALLOC_THRESHOLD"}
    assert "MALLOC_THRESHOLD = 1 << 25" in (root / "bench/bench_scoring.py").read_text(encoding="utf-8")
    profiler = re.compile(r'"distributed\.worker\.profile\.enabled":\s*(\w+)')
    assert profiler.findall((root / "docs/howto/werkscan-batch-and-dask.md").read_text(encoding="utf-8")) == \
        profiler.findall((root / "bench/bench_scoring.py").read_text(encoding="utf-8")) == ["False"]
