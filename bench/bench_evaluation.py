"""Benchmark of the evaluation aggregates (WS-RPT-5, WS-RPT-6) over Arrow columns. Not a test.

Prints rows/s for
  * the conversion funnel: ``werkscan.funnel_columns`` (NumPy over an Arrow table) against the
    scalar ``werkscan.funnel`` on the same rows as Python dicts,
  * the repeat measurement: ``werkscan.compare_scored`` (pairs by worker and measurement over
    Arrow) against the scalar ``werkscan.pair_measurements`` on the same rows,
checks that both paths give the same result on the rows the scalar path ran, and compares
the batch speed with a floor of ``--floor`` times the scalar path (default 10), measured in
the same run. The batch runs are repeated (``--repeats``; best, median and spread printed).

Usage::

    python bench/bench_evaluation.py [--rows N] [--workers N] [--scalar-share F] [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

import werkscan

AREAS = [a.value for a in werkscan.SignalArea]
LEVELS = np.array(["none", "weak", "strong"])
BANDS = np.array(["poor", "moderate", "good", "excellent"])


def funnel_table(n: int, seed: int = 1) -> pa.Table:
    """``n`` started questionnaires: 90 % completed, two thirds advised, a few conversations."""
    rng = np.random.default_rng(seed)
    completed = rng.random(n) < 0.9
    advice = np.where(completed, np.array(["urgent", "advised", "none"])[
        np.searchsorted([0.06, 0.66], rng.random(n))], None)
    requested = completed & (rng.random(n) < 0.08)
    held = requested & (rng.random(n) < 0.8)
    routes = np.array(["free", "anonymous", "link", "code"])[rng.integers(0, 4, n)]
    return pa.table({"route": pa.array(routes).dictionary_encode(), "completed": completed,
                     "advice": pa.array(advice, pa.string()), "requested": requested, "held": held})


def band_of(score: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return BANDS[np.searchsorted([28, 37, 44], score, side="right")]


def measurement_table(workers: int, seed: int = 2) -> pa.Table:
    """Two measurements per worker (labels 1 and 2), 2 % of the workers with only the first."""
    rng = np.random.default_rng(seed)
    first = rng.integers(14, 99, workers) / 2
    second = np.clip(first + rng.integers(-8, 9, workers) / 2, 7, 49)
    keep = rng.random(workers) >= 0.02
    ids = np.arange(workers)
    worker = np.concatenate([ids, ids[keep]])
    label = np.concatenate([np.ones(workers, np.int64), np.full(int(keep.sum()), 2, np.int64)])
    score = np.concatenate([first, second[keep]])
    cols: dict[str, Any] = {"worker": pa.array(worker), "measurement": label, "score": score,
                            "band": pa.array(band_of(score)).dictionary_encode()}
    for area in AREAS:
        cols[area] = pa.array(LEVELS[rng.integers(0, 3, len(score))]).dictionary_encode()
    return pa.table(cols)


def timed(fn: Callable[[], Any], repeats: int) -> tuple[Any, list[float]]:
    fn()  # warm-up
    times: list[float] = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def report(name: str, rows: int, times: list[float]) -> float:
    best, median = min(times), statistics.median(times)
    spread = (max(times) - best) / median * 100 if median else 0.0
    print(f"  {name:<38} {rows / best:>14,.0f} rows/s best  {rows / median:>14,.0f} median  "
          f"(spread {spread:.0f} %, {len(times)} runs)")
    return rows / median


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="started questionnaires for the funnel")
    parser.add_argument("--workers", type=int, default=200_000, help="workers for the repeat measurement")
    parser.add_argument("--scalar-share", type=float, default=0.05, help="share of the rows the scalar paths run")
    parser.add_argument("--repeats", type=int, default=5, help="batch runs (best and median printed)")
    parser.add_argument("--floor", type=float, default=10.0, help="batch must be this many times the scalar speed")
    args = parser.parse_args(argv)
    ok = True

    print(f"conversion funnel, {args.rows:,} rows")
    table = funnel_table(args.rows)
    batch, times = timed(lambda: werkscan.funnel_columns(table), args.repeats)
    fast = report("batch  funnel_columns", args.rows, times)
    small = table.slice(0, max(1, int(args.rows * args.scalar_share)))
    records = small.to_pylist()
    scalar, times = timed(lambda: werkscan.funnel(records), 1)
    slow = report("scalar funnel (Python dicts)", small.num_rows, times)
    same = werkscan.funnel_columns(small) == scalar
    ok &= same and fast >= args.floor * slow
    print(f"  same result on the scalar rows: {same}; batch / scalar = {fast / slow:.0f}x "
          f"(floor {args.floor:.0f}x: {'ok' if fast >= args.floor * slow else 'BELOW'})")
    print(f"  total conversion: {batch.total.conversion().as_json()}")

    print(f"repeat measurement, {args.workers:,} workers")
    table = measurement_table(args.workers)
    kwargs = {"worker_column": "worker", "measurement_column": "measurement"}
    batch, times = timed(lambda: werkscan.compare_scored(table, **kwargs), args.repeats)
    fast = report("batch  compare_scored", table.num_rows, times)
    workers = max(2, int(args.workers * args.scalar_share))
    small = table.filter(pa.compute.less(table.column("worker"), workers))
    rows = small.to_pylist()

    def scalar_path() -> Any:
        records = [(r["worker"], r["measurement"], werkscan.Measurement(
            r["score"], r["band"], {a: r[a] for a in AREAS})) for r in rows]
        return werkscan.pair_measurements(records)

    scalar, times = timed(scalar_path, 1)
    slow = report("scalar pair_measurements (Python)", small.num_rows, times)
    same = werkscan.compare_scored(small, **kwargs).summary == scalar.summary
    ok &= same and fast >= args.floor * slow
    print(f"  same summary on the scalar rows: {same}; batch / scalar = {fast / slow:.0f}x "
          f"(floor {args.floor:.0f}x: {'ok' if fast >= args.floor * slow else 'BELOW'})")
    print(f"  pairs {batch.summary.pairs:,}, unpaired {batch.unpaired:,}, mean change {batch.summary.mean_change:.3f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
