"""Benchmark of Werkscan scoring (issue 3, point 7). Not a test.

Prints rows/s for
  * the batch path (``werkscan.score_batch`` over an Arrow table, vectorised),
  * the scalar validated path (``werkscan.score`` on each row's JSON form),
  * a naive baseline written the way a user would (a pydantic model and a Python function per row),
and the peak memory, then streams a large Parquet file through ``werkscan.score_file`` in a
child process and reports its rows/s and peak resident memory.

Usage::

    python bench/bench_scoring.py [--rows N] [--scalar-rows N] [--stream-rows N] [--threads N]

Everything runs on one core unless ``--threads`` says otherwise (Arrow's pool is set to it).
Every path is warmed up first; the sub-second batch runs are repeated (``--repeats``, best
and median printed), the per-row paths run once over all their rows.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development",
         "career_mobility", "self_reliance"]


def generate(n: int, seed: int = 1, invalid_share: float = 0.001) -> pa.Table:
    """``n`` questionnaires in the batch column layout; about ``invalid_share`` of them invalid."""
    rng = np.random.default_rng(seed)
    ability = rng.beta(5, 2, n)  # most workers are fine, some are not

    def scaled(lo: int, hi: int) -> Any:
        noisy = np.clip(ability + rng.normal(0, 0.15, n), 0, 1)
        return np.rint(lo + (hi - lo) * noisy).astype(np.int64)

    prognosis = np.where(ability > 0.6, 7, np.where(ability > 0.3, 4, 1)).astype(np.int64)
    bad = rng.random(n) < invalid_share
    prognosis = np.where(bad, 5, prognosis)
    levels = np.array(["strong", "weak", "none"])
    cols: dict[str, Any] = {
        "current_work_ability": scaled(0, 10),
        "physical_demands": scaled(1, 5),
        "mental_demands": scaled(1, 5),
        "work_nature": pa.array(np.array(["physical", "mental", "both"])[rng.integers(0, 3, n)]),
        "diagnosed_diseases": np.clip(np.rint((1 - ability) * 6 + rng.normal(0, 1, n)), 0, 51).astype(np.int64),
        "impairment": scaled(1, 6),
        "sick_leave_days": np.clip(rng.exponential(3 + 40 * (1 - ability)), 0, 365).astype(np.int64),
        "prognosis": prognosis,
        "mental_resources_1": scaled(0, 4),
        "mental_resources_2": scaled(0, 4),
        "mental_resources_3": scaled(0, 4),
    }
    for area in AREAS:
        p = rng.random(n)
        strong = 0.3 * (1 - ability)
        cols[area] = pa.array(levels[np.where(p < strong, 0, np.where(p < strong + 0.3, 1, 2))])
    return pa.table(cols)


# --------------------------------------------------------------------------- naive baseline


class NaiveAnswers(BaseModel):
    """How a user would write it: one flat pydantic model, one function per row."""

    current_work_ability: int
    physical_demands: int
    mental_demands: int
    work_nature: Literal["physical", "mental", "both"]
    diagnosed_diseases: int
    impairment: int
    sick_leave_days: int
    prognosis: Literal[1, 4, 7]
    mental_resources_1: int
    mental_resources_2: int
    mental_resources_3: int
    health: Literal["strong", "weak", "none"]
    lifestyle: Literal["strong", "weak", "none"]
    work: Literal["strong", "weak", "none"]
    work_life_balance: Literal["strong", "weak", "none"]
    education: Literal["strong", "weak", "none"]
    career_development: Literal["strong", "weak", "none"]
    career_mobility: Literal["strong", "weak", "none"]
    self_reliance: Literal["strong", "weak", "none"]


def naive_score(a: NaiveAnswers) -> tuple[float, str, str]:
    w = {"physical": (1.5, 0.5), "mental": (0.5, 1.5), "both": (1.0, 1.0)}[a.work_nature]
    item2 = a.physical_demands * w[0] + a.mental_demands * w[1]
    item3 = [7, 5, 4, 3, 2, 1][min(a.diagnosed_diseases, 5)]
    d = a.sick_leave_days
    item5 = 5 if d == 0 else 4 if d <= 9 else 3 if d <= 24 else 2 if d <= 99 else 1
    s = a.mental_resources_1 + a.mental_resources_2 + a.mental_resources_3
    item7 = 1 if s <= 3 else 2 if s <= 6 else 3 if s <= 9 else 4
    wai = a.current_work_ability + item2 + item3 + a.impairment + item5 + a.prognosis + item7
    band = "poor" if wai < 28 else "moderate" if wai < 37 else "good" if wai < 44 else "excellent"
    advice = "urgent" if wai < 28 else "advised" if wai < 43 else "none"
    return wai, band, advice


def to_answers(row: dict[str, Any]) -> dict[str, Any]:
    wai = {k: row[k] for k in ("current_work_ability", "physical_demands", "mental_demands", "work_nature",
                               "diagnosed_diseases", "impairment", "sick_leave_days", "prognosis")}
    wai["mental_resources"] = [row["mental_resources_1"], row["mental_resources_2"], row["mental_resources_3"]]
    return {"wai": wai, "signals": {a: row[a] for a in AREAS}}


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux's ``VmHWM`` (reset by exec); ``ru_maxrss`` is not used in the child because Linux
    carries the parent's high-water mark over fork and exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# --------------------------------------------------------------------------- streaming child


def stream_child(path: str, out: str) -> None:
    import werkscan

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    start = time.perf_counter()
    summary = werkscan.score_file(path, out)
    elapsed = time.perf_counter() - start
    print(f"{summary.rows} {summary.scored} {summary.rejected} {elapsed:.3f} {peak_rss_mb():.1f}")


def write_parquet(path: pathlib.Path, rows: int, chunk: int = 1_000_000) -> None:
    writer = None
    done = 0
    seed = 100
    while done < rows:
        t = generate(min(chunk, rows - done), seed=seed)
        seed += 1
        if writer is None:
            writer = pq.ParquetWriter(path, t.schema)
        writer.write_table(t, row_group_size=262_144)
        done += t.num_rows
    if writer is not None:
        writer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows for the batch path")
    parser.add_argument("--scalar-rows", type=int, default=None,
                        help="rows for the scalar and naive paths (default: all --rows)")
    parser.add_argument("--stream-rows", type=int, default=10_000_000, help="rows streamed from Parquet (0: skip)")
    parser.add_argument("--threads", type=int, default=1, help="Arrow CPU threads")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each batch measurement (best is shown)")
    parser.add_argument("--stream-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stream_child:
        stream_child(*args.stream_child)
        return

    import werkscan

    pa.set_cpu_count(args.threads)
    pa.set_io_thread_count(args.threads)
    n = args.rows
    print(f"generating {n:,} rows ...", flush=True)
    table = generate(n)

    # warm-up (imports, compiled rule tables, Arrow kernels) so no path pays first-call costs
    werkscan.score_batch(table.slice(0, 10_000))

    def timed(source: pa.Table) -> tuple[Any, float, float]:
        """Best and median of --repeats runs: one run is a fraction of a second on a shared machine."""
        times: list[float] = []
        out: Any = None
        for _ in range(max(1, args.repeats)):
            start = time.perf_counter()
            out = werkscan.score_batch(source)
            times.append(time.perf_counter() - start)
        times.sort()
        return out, times[0], times[len(times) // 2]

    from werkscan._scoring import batch_text as _batch_text

    engine = "compiled kernel (numba)" if _batch_text.jit_available() else "Arrow index_in (numba not installed)"
    print(f"plain text columns matched by: {engine}")
    result, batch_s, batch_median = timed(table)
    batch_rate = n / batch_s
    print(f"batch path:      {n:>12,} rows in {batch_s:8.2f} s = {batch_rate:>12,.0f} rows/s "
          f"({result.scored:,} scored, {result.rejected:,} rejected; best of {args.repeats}, "
          f"median {n / batch_median:,.0f} rows/s)", flush=True)
    if _batch_text.jit_available():  # the same run without the jit extra, for comparison
        _batch_text._FORCE_JIT = False
        try:
            _, plain_s, plain_median = timed(table)
        finally:
            _batch_text._FORCE_JIT = None
        print(f"batch, index_in: {n:>12,} rows in {plain_s:8.2f} s = {n / plain_s:>12,.0f} rows/s "
              f"(text matched by Arrow index_in, as without the jit extra; median {n / plain_median:,.0f} rows/s)",
              flush=True)

    # the same rows with the text columns dictionary-encoded, as they come from Parquet
    dict_table = pa.table({name: (col.dictionary_encode() if pa.types.is_string(col.type) else col)
                           for name, col in zip(table.column_names, table.columns, strict=True)})
    _, dict_s, dict_median = timed(dict_table)
    dict_rate = n / dict_s
    print(f"batch, dict text:{n:>12,} rows in {dict_s:8.2f} s = {dict_rate:>12,.0f} rows/s "
          f"(text columns as dictionaries, as read from Parquet; median {n / dict_median:,.0f} rows/s)",
          flush=True)
    del dict_table

    m = min(n, args.scalar_rows if args.scalar_rows is not None else n)
    # the per-row paths start from the same Arrow table: turning it into Python rows is
    # part of their cost (reported separately as well)
    start = time.perf_counter()
    rows = table.slice(0, m).to_pylist()
    convert_s = time.perf_counter() - start
    print(f"Arrow -> Python rows for the per-row paths: {m:,} rows in {convert_s:.2f} s", flush=True)
    answers = [to_answers(r) for r in rows]
    werkscan.score(answers[0])  # warm-up, as for the batch path
    naive_score(NaiveAnswers(**rows[0]))

    start = time.perf_counter()
    scalar_ok = 0
    for a in answers:
        try:
            werkscan.score(a)
            scalar_ok += 1
        except werkscan.AnswersError:
            pass
    scalar_s = time.perf_counter() - start
    scalar_rate = m / (scalar_s + convert_s)
    print(f"scalar path:     {m:>12,} rows in {scalar_s + convert_s:8.2f} s = {scalar_rate:>12,.0f} rows/s "
          f"({scalar_ok:,} scored; {m / scalar_s:,.0f} rows/s without the conversion)", flush=True)

    start = time.perf_counter()
    naive_ok = 0
    for r in rows:
        try:
            naive_score(NaiveAnswers(**r))
            naive_ok += 1
        except ValueError:
            pass
    naive_s = time.perf_counter() - start
    naive_rate = m / (naive_s + convert_s)
    naive_only = m / naive_s
    print(f"naive baseline:  {m:>12,} rows in {naive_s + convert_s:8.2f} s = {naive_rate:>12,.0f} rows/s "
          f"({naive_ok:,} scored; {naive_only:,.0f} rows/s without the conversion)", flush=True)
    print(f"batch / naive:   {batch_rate / naive_rate:,.1f}x  (target >= 50x); "
          f"{batch_rate / naive_only:,.1f}x against the naive loop alone")
    print(f"batch (dict text) / naive: {dict_rate / naive_rate:,.1f}x; "
          f"{dict_rate / naive_only:,.1f}x against the naive loop alone")
    print(f"batch / scalar:  {batch_rate / scalar_rate:,.1f}x")
    print(f"batch rows/s on {args.threads} thread(s): {batch_rate:,.0f} plain text, {dict_rate:,.0f} dictionary text "
          "(target >= 2,000,000)")
    print(f"peak memory of this process (RSS): {peak_rss_mb():,.0f} MB")
    del rows, answers, result, table

    if args.stream_rows:
        with tempfile.TemporaryDirectory() as tmp:
            src = pathlib.Path(tmp) / "answers.parquet"
            out = pathlib.Path(tmp) / "scores.parquet"
            print(f"writing {args.stream_rows:,} rows to Parquet ...", flush=True)
            write_parquet(src, args.stream_rows)
            proc = subprocess.run([sys.executable, __file__, "--stream-child", str(src), str(out)],
                                  capture_output=True, text=True, check=True, env={**os.environ})
            total, scored, rejected, secs, rss = proc.stdout.split()
            print(f"streamed from Parquet: {int(total):,} rows in {float(secs):.2f} s = "
                  f"{int(total) / float(secs):,.0f} rows/s ({int(scored):,} scored, {int(rejected):,} rejected), "
                  f"peak RSS of the streaming process {float(rss):,.0f} MB (target < 1024 MB)")


if __name__ == "__main__":
    main()
