"""Benchmark of Werkscan batch scoring: what a user pays (issue 18). Not a test.

Every figure is the median of ``--repeats`` runs with its spread (lowest-highest), on one
core (Arrow's pool set to one thread), and each section prints its ratio to the yardstick
measured in the same run:

1. **In memory** (``score_batch`` on an Arrow table): plain and dictionary text, with
   0.1 %, 10 % and 100 % invalid rows and with Dutch signal words in all eight signal
   columns (eight errors a row); against a *NumPy ceiling* (the same checks and score
   written by hand in NumPy over the same Arrow table, without per-row errors). Plain
   text is matched by the engine a process scoring that many rows chooses (the views),
   and again with the ``jit`` kernel loaded and with Arrow's ``index_in``.
2. **Per row**: the scalar path (``werkscan.score``) and a *naive baseline* written as a
   user would, a pydantic model that validates the same ranges as the library.
3. **End to end**: ``werkscan score FILE -o OUT`` in a fresh process, import and any
   compile time included, on a CSV and a Parquet file, with the ``jit`` kernel allowed and
   switched off (``BLIKOPWERK_JIT=0``); against the *I/O floor*: a fresh process that only
   reads the same file and writes a results-sized Parquet file. Also ``import werkscan`` in
   fresh processes (at least 11, each beside a bare interpreter) against its 0.2 s ceiling;
   ``--sections 3 --e2e-rows`` measures only that.
4. **Streaming** 10 million rows from Parquet: rows/s and peak memory (bounded by the chunk).
5. **Dask** (``--dask-rows``): ``score_partition`` on a ``distributed.LocalCluster`` with one
   and two single-threaded worker processes, against ``score_file`` in one process; in
   Dask's own worker environment and in the one the how-to advises (``MALLOC_MMAP_THRESHOLD_``
   and ``MALLOC_TRIM_THRESHOLD_`` raised, Arrow's memory from the same heap with
   ``ARROW_DEFAULT_MEMORY_POOL=system``, Dask's statistical profiler off), writing as the how-to does (one
   fused task per file). Both sides first score a 1,000-row file (imports done, as in a
   long-lived worker); that and cluster start-up are not counted in the rates (start-up is
   printed apart). Each then makes two passes, on fresh workers and on the same workers,
   both printed, beside two ``score_file`` processes at once (what the two cores give).
   It first prints what memory a fresh process has never touched costs on the machine
   (a worker's first partitions fault in its working memory), and each case's results
   are deleted before the next case, so that no case writes into memory the ones before
   it filled with their results.

Usage::

    python bench/bench_scoring.py [--rows N] [--repeats N] [--e2e-rows N ...] [--stream-rows N] [--dask-rows N]
"""

from __future__ import annotations

import argparse
import functools
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pydantic import BaseModel, Field

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


def dutch_words(table: pa.Table) -> pa.Table:
    """The signal levels written in Dutch ("sterk", "zwak", "geen"): eight errors in every row."""
    dutch = {"strong": "sterk", "weak": "zwak", "none": "geen"}
    for area in AREAS:
        column = table.column(area).combine_chunks()
        mapped = pa.array(list(dutch.values())).take(pc.index_in(column, pa.array(list(dutch))))
        table = table.set_column(table.column_names.index(area), area, mapped)
    return table


def as_dictionaries(table: pa.Table) -> pa.Table:
    return pa.table({name: (col.dictionary_encode() if pa.types.is_string(col.type) else col)
                     for name, col in zip(table.column_names, table.columns, strict=True)})


# --------------------------------------------------------------------------- yardsticks

Level = Literal["strong", "weak", "none"]


class NaiveAnswers(BaseModel):
    """How a user would write it: one flat pydantic model validating the library's ranges."""

    current_work_ability: int = Field(ge=0, le=10, strict=True)
    physical_demands: int = Field(ge=1, le=5, strict=True)
    mental_demands: int = Field(ge=1, le=5, strict=True)
    work_nature: Literal["physical", "mental", "both"]
    diagnosed_diseases: int = Field(ge=0, le=51, strict=True)
    impairment: int = Field(ge=1, le=6, strict=True)
    sick_leave_days: int = Field(ge=0, le=365, strict=True)
    prognosis: Literal[1, 4, 7]
    mental_resources_1: int = Field(ge=0, le=4, strict=True)
    mental_resources_2: int = Field(ge=0, le=4, strict=True)
    mental_resources_3: int = Field(ge=0, le=4, strict=True)
    health: Level
    lifestyle: Level
    work: Level
    work_life_balance: Level
    education: Level
    career_development: Level
    career_mobility: Level
    self_reliance: Level


def naive_score(a: NaiveAnswers) -> tuple[float, str, str, int, int]:
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
    levels = [getattr(a, area) for area in AREAS]
    return wai, band, advice, levels.count("strong"), levels.count("weak")


RANGES = {"current_work_ability": (0, 10), "physical_demands": (1, 5), "mental_demands": (1, 5),
          "diagnosed_diseases": (0, 51), "impairment": (1, 6), "sick_leave_days": (0, 365), "prognosis": (1, 7),
          "mental_resources_1": (0, 4), "mental_resources_2": (0, 4), "mental_resources_3": (0, 4)}


def numpy_ceiling(table: pa.Table) -> tuple[Any, Any]:
    """The same checks and score by hand in NumPy: valid-row mask and half-point scores, no errors."""
    n = table.num_rows
    ok = np.ones(n, dtype=bool)
    ints: dict[str, Any] = {}
    for name, (lo, hi) in RANGES.items():
        col = table.column(name).combine_chunks()
        vals = col.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        ok &= (vals >= lo) & (vals <= hi)
        ints[name] = np.clip(vals, lo, hi)
    ok &= np.isin(ints["prognosis"], (1, 4, 7))

    def codes(name: str, values: list[str]) -> Any:
        col = table.column(name).combine_chunks()
        if pa.types.is_dictionary(col.type):
            lookup = pc.index_in(col.dictionary, pa.array(values)).fill_null(-1).to_numpy(zero_copy_only=False)
            return lookup.take(col.indices.fill_null(0).to_numpy(zero_copy_only=False))
        return pc.index_in(col, pa.array(values)).fill_null(-1).to_numpy(zero_copy_only=False)

    nature = codes("work_nature", ["physical", "mental", "both"])
    ok &= nature >= 0
    strong = np.zeros(n, dtype=np.int8)
    weak = np.zeros(n, dtype=np.int8)
    for area in AREAS:
        level = codes(area, ["strong", "weak", "none"])
        ok &= level >= 0
        strong += level == 0
        weak += level == 1
    weights = np.array([[3, 1], [1, 3], [2, 2]])[np.maximum(nature, 0)]
    item3 = np.array([7, 5, 4, 3, 2, 1] + [1] * 46)[ints["diagnosed_diseases"]]
    item5 = np.select([ints["sick_leave_days"] == 0, ints["sick_leave_days"] <= 9, ints["sick_leave_days"] <= 24,
                       ints["sick_leave_days"] <= 99], [5, 4, 3, 2], 1)
    s = ints["mental_resources_1"] + ints["mental_resources_2"] + ints["mental_resources_3"]
    item7 = np.select([s <= 3, s <= 6, s <= 9], [1, 2, 3], 4)
    half = ((ints["current_work_ability"] + item3 + ints["impairment"] + item5 + ints["prognosis"] + item7) * 2
            + ints["physical_demands"] * weights[:, 0] + ints["mental_demands"] * weights[:, 1])
    return ok, half[ok]


def to_answers(row: dict[str, Any]) -> dict[str, Any]:
    wai = {k: row[k] for k in ("current_work_ability", "physical_demands", "mental_demands", "work_nature",
                               "diagnosed_diseases", "impairment", "sick_leave_days", "prognosis")}
    wai["mental_resources"] = [row["mental_resources_1"], row["mental_resources_2"], row["mental_resources_3"]]
    return {"wai": wai, "signals": {a: row[a] for a in AREAS}}


# --------------------------------------------------------------------------- helpers


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux ``VmHWM``, reset by exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timing:
    """Median and spread of repeated runs."""

    def __init__(self, times: list[float]) -> None:
        self.times = sorted(times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def rate(self, rows: int) -> str:
        lo, hi = rows / self.times[-1], rows / self.times[0]
        return f"{rows / self.median:>13,.0f} rows/s (spread {lo:,.0f}-{hi:,.0f}, n={len(self.times)})"

    def secs(self) -> str:
        return f"{self.median:7.3f} s (spread {self.times[0]:.3f}-{self.times[-1]:.3f}, n={len(self.times)})"


def timed(fn: Callable[[], Any], repeats: int) -> tuple[Any, Timing]:
    out: Any = None
    times: list[float] = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return out, Timing(times)


def interleaved(fns: list[Callable[[], Any]], repeats: int) -> list[Timing]:
    """Time several functions in turn, ``repeats`` rounds: a load that drifts hits them alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(max(1, repeats)):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - start)
    return [Timing(t) for t in times]


def uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def one_core_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "OMP_NUM_THREADS": "1", "ARROW_NUM_THREADS": "1", **extra}


def run_process(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: rows were rejected (the bench data has some)
        raise RuntimeError(f"{args} failed ({proc.returncode}): {proc.stderr}")
    return elapsed


FLOOR = """
import sys, pyarrow as pa, pyarrow.csv as pcsv, pyarrow.parquet as pq
pa.set_cpu_count(1); pa.set_io_thread_count(1)
src, out = sys.argv[1], sys.argv[2]
if src.endswith(".csv"):
    reader = pcsv.open_csv(src, convert_options=pcsv.ConvertOptions(
        column_types={c: pa.dictionary(pa.int32(), pa.string()) for c in pcsv.open_csv(src).schema.names}))
    batches = iter(reader)
else:
    batches = pq.ParquetFile(src).iter_batches(batch_size=262144, use_threads=False)
writer = None
for b in batches:  # a results-sized table: 24 columns of the batch's length, no scoring
    t = pa.table({f"c{i}": b.column(i % b.num_columns) for i in range(24)})
    writer = writer or pq.ParquetWriter(out, t.schema)
    writer.write_table(t)
writer.close()
"""


def stream_child(path: str, out: str) -> None:
    import werkscan

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    start = time.perf_counter()
    summary = werkscan.score_file(path, out)
    elapsed = time.perf_counter() - start
    print(f"{summary.rows} {summary.scored} {summary.rejected} {elapsed:.3f} {peak_rss_mb():.1f}")


def write_parquet(path: pathlib.Path, rows: int, chunk: int = 1_000_000, invalid_share: float = 0.001,
                  files: int = 1) -> None:
    """``rows`` generated rows in ``files`` Parquet files (row groups of 262,144)."""
    per_file = -(-rows // files)
    seed = 100
    for k in range(files):
        target = path / f"part-{k}.parquet" if files > 1 else path
        writer = None
        done = 0
        todo = min(per_file, rows - k * per_file)
        while done < todo:
            t = generate(min(chunk, todo - done), seed=seed, invalid_share=invalid_share)
            seed += 1
            if writer is None:
                writer = pq.ParquetWriter(target, t.schema)
            writer.write_table(t, row_group_size=262_144)
            done += t.num_rows
        if writer is not None:
            writer.close()


# --------------------------------------------------------------------------- sections


def jit_available() -> bool:
    from werkscan._scoring import batch_text

    return batch_text.jit_available()


def in_memory(n: int, repeats: int) -> None:
    import werkscan

    print(f"\n== 1. in memory, {n:,} rows, one core (median of {repeats}) ==", flush=True)
    warm = generate(10_000)
    werkscan.score_batch(warm)
    werkscan.score_batch(as_dictionaries(warm))
    cases = [("0.1 % invalid", generate(n, invalid_share=0.001)), ("10 % invalid", generate(n, invalid_share=0.1)),
             ("100 % invalid", generate(n, invalid_share=1.0)),
             ("Dutch words, 8 errors/row", dutch_words(generate(n)))]
    for label, table in cases:
        for form, source in (("plain text", table), ("dictionary text", as_dictionaries(table))):
            result = werkscan.score_batch(source)
            ok, half = numpy_ceiling(source)  # the same verdicts and scores as the library
            assert np.array_equal(half / 2, result.results.column("score").to_numpy()), label
            lib, ceil = interleaved([lambda src=source: werkscan.score_batch(src),
                                     lambda src=source: numpy_ceiling(src)], repeats)
            print(f"{label:<26} {form:<16} library {lib.rate(n)}; NumPy ceiling {n / ceil.median:,.0f} rows/s; "
                  f"library/ceiling {ceil.median / lib.median:.2f}x; {result.rejected:,} rows rejected", flush=True)
        for engine, note in (("kernel", "numba kernel forced and loaded"), ("index_in", "Arrow's index_in forced")):
            if engine == "kernel" and not jit_available():
                continue
            from werkscan._scoring import batch_text

            batch_text._FORCE_ENGINE = engine
            try:
                werkscan.score_batch(warm)
                _, t = timed(lambda src=table: werkscan.score_batch(src), repeats)
            finally:  # the later rows measure the default choice again, as a fresh process makes it
                batch_text._FORCE_ENGINE = None
                batch_text._compiled.cache_clear()
            form = "plain, jit" if engine == "kernel" else "plain, index_in"
            print(f"{label:<26} {form:<16} library {t.rate(n)} ({note})", flush=True)


def per_row(n: int, m: int, repeats: int) -> None:
    import werkscan

    print(f"\n== 2. per row, {m:,} rows ==", flush=True)
    table = generate(n)
    start = time.perf_counter()
    rows = table.slice(0, m).to_pylist()
    convert_s = time.perf_counter() - start
    answers = [to_answers(r) for r in rows]
    werkscan.score(answers[0])
    naive_score(NaiveAnswers(**rows[0]))

    def scalar() -> int:
        ok = 0
        for a in answers:
            try:
                werkscan.score(a)
                ok += 1
            except werkscan.AnswersError:
                pass
        return ok

    def naive() -> int:
        ok = 0
        for r in rows:
            try:
                naive_score(NaiveAnswers(**r))
                ok += 1
            except ValueError:
                pass
        return ok

    scalar_ok, s = timed(scalar, 1)
    naive_ok, v = timed(naive, 1)
    _, b = timed(lambda: werkscan.score_batch(table.slice(0, m)), repeats)
    assert scalar_ok == naive_ok, (scalar_ok, naive_ok)
    print(f"Arrow -> Python rows: {convert_s:.2f} s (not counted below)")
    print(f"scalar path (werkscan.score)  {s.rate(m)}")
    print(f"naive pydantic baseline       {v.rate(m)}  (validates the same ranges; {naive_ok:,} valid)")
    print(f"batch path on the same rows   {b.rate(m)}")
    print(f"batch / naive {v.median / b.median:,.1f}x; batch / scalar {s.median / b.median:,.1f}x")


#: The most a fresh process that runs ``import werkscan`` may take (issue 18), wall time.
IMPORT_CEILING_S = 0.2


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_cost(repeats: int) -> None:
    """``import werkscan`` in ``repeats`` fresh processes, each followed by a bare interpreter
    (so a load that drifts hits both alike): wall and CPU time, median and spread, the cost
    over the bare interpreter, and the whole process against :data:`IMPORT_CEILING_S`."""
    wall: dict[str, list[float]] = {"import": [], "bare": []}
    cpu: dict[str, list[float]] = {"import": [], "bare": []}
    for _ in range(repeats):
        for key, code in (("import", "import werkscan"), ("bare", "pass")):
            before = _children_cpu()
            wall[key].append(run_process([sys.executable, "-c", code], one_core_env()))
            cpu[key].append(_children_cpu() - before)
    over = Timing([a - b for a, b in zip(wall["import"], wall["bare"], strict=True)])
    whole = Timing(wall["import"])
    print(f"import werkscan, whole process  {whole.secs()}  wall; CPU {Timing(cpu['import']).secs()}")
    print(f"bare interpreter                {Timing(wall['bare']).secs()}  wall; CPU {Timing(cpu['bare']).secs()}")
    print(f"import over the bare interpreter {over.secs()}  wall (pairwise)")
    verdict = "met" if whole.median < IMPORT_CEILING_S else "NOT met"
    print(f"ceiling {IMPORT_CEILING_S:.3f} s for the whole process (median): {verdict} "
          f"({whole.median / IMPORT_CEILING_S:.2f}x the ceiling)", flush=True)


def end_to_end(sizes: list[int], repeats: int) -> None:
    print(f"\n== 3. end to end: `werkscan score FILE -o out.parquet` in a fresh process (median of {repeats}) ==",
          flush=True)
    cli = [sys.executable, "-c", "from werkscan._cli.main import main; main()", "score"]
    import_cost(max(11, repeats))
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        for n in sizes:
            table = generate(n)
            csv_path = folder / f"answers-{n}.csv"
            import pyarrow.csv as pcsv

            pcsv.write_csv(table, csv_path, write_options=pcsv.WriteOptions(quoting_style="none"))
            parquet_path = folder / f"answers-{n}.parquet"
            write_parquet(parquet_path, n)
            out = folder / "scores.parquet"
            for path in (csv_path, parquet_path):
                floor_args = [sys.executable, "-c", FLOOR, str(path), str(folder / "floor.parquet")]
                score_args = [*cli, str(path), "-o", str(out)]
                floor, jit, plain = interleaved([
                    functools.partial(run_process, floor_args, one_core_env()),
                    functools.partial(run_process, score_args, one_core_env()),
                    functools.partial(run_process, score_args, one_core_env(BLIKOPWERK_JIT="0")),
                ], repeats)
                line = f"{path.suffix[1:]:>7} {n:>10,} rows: I/O floor {floor.secs()}"
                for label, t in (("jit allowed", jit), ("BLIKOPWERK_JIT=0", plain)):
                    line += f"\n{'':>26}{label:<17} {t.secs()} = {n / t.median:,.0f} rows/s, " \
                            f"{t.median / floor.median:.2f}x the floor"
                line += f"\n{'':>26}jit allowed / BLIKOPWERK_JIT=0: {jit.median / plain.median:.2f}x"
                print(line, flush=True)


def streaming(rows: int, invalid_share: float) -> None:
    print(f"\n== 4. streaming {rows:,} rows from Parquet ({invalid_share:.1%} invalid) ==", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "answers.parquet"
        out = pathlib.Path(tmp) / "scores.parquet"
        write_parquet(src, rows, invalid_share=invalid_share)
        proc = subprocess.run([sys.executable, __file__, "--stream-child", str(src), str(out)],
                              capture_output=True, text=True, check=True, env=one_core_env())
        total, scored, rejected, secs, rss = proc.stdout.split()
        print(f"score_file: {int(total):,} rows in {float(secs):.2f} s = {int(total) / float(secs):,.0f} rows/s "
              f"({int(rejected):,} rejected), peak RSS {float(rss):,.0f} MB", flush=True)


DASK_CHILD = """
import sys, time, glob, resource
import dask
import dask.dataframe as dd
from distributed import Client, LocalCluster
import werkscan
src, out, workers, mode, env, tiny = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
if env == "tuned":  # as the how-to advises: NumPy's and Arrow's working memory from one heap, kept;
    # no statistical profiler waking the worker's event loop every 10 ms
    dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": MALLOC_THRESHOLD,
                     "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": MALLOC_THRESHOLD,
                     "distributed.nanny.pre-spawn-environ.ARROW_DEFAULT_MEMORY_POOL": "system",
                     "distributed.worker.profile.enabled": False})

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

def pool():  # Arrow's default memory pool; by itself a process takes mimalloc or jemalloc if built in
    import pyarrow
    return pyarrow.default_memory_pool().backend_name

def profiling(dask_worker):  # whether the worker samples its tasks' stacks
    return "profile" in dask_worker.periodic_callbacks

def score(files, target):
    meta = werkscan.partition_meta()
    if mode == "files":  # one partition per file, read as score_file reads it
        scored = dd.from_map(werkscan.score_partition, files, meta=meta)
    else:  # Dask reads the files (text becomes strings)
        scored = dd.read_parquet(files).map_partitions(werkscan.score_partition, meta=meta)
    coded = [c for c in meta.columns if str(meta[c].dtype) == "category"]
    write = scored.to_parquet(target, write_index=False, compute=False,
                              column_encoding={"row": "DELTA_BINARY_PACKED"},
                              use_dictionary=[c for c in meta.columns if c != "row"],
                              write_statistics=[c for c in meta.columns if c not in coded])
    dask.compute(write.optimize())  # as the how-to: fused, one task reads, scores and writes a partition

begin = time.perf_counter()
with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \\
        Client(cluster) as client:
    startup = time.perf_counter() - begin
    # warm, as a long-lived cluster is: the same pipeline once over a 1,000-row file per
    # worker (imports done on the client and the workers); not counted
    score([tiny] * workers, out + "-warm")
    pools = set(client.run(pool).values())
    if pools != {"system" if env == "tuned" else pool()}:  # the setting took effect in the workers
        raise SystemExit(f"the workers' Arrow pool is {pools}, not the one asked for")
    if set(client.run(profiling).values()) != {env != "tuned"}:
        raise SystemExit("the workers' profiler is not as asked for")
    figures = [f"{startup:.3f}"]
    for run in (1, 2):  # the first pass on the fresh workers, then a second on the same workers
        before = client.run(cpu)
        start = time.perf_counter()
        score(sorted(glob.glob(src + "/*.parquet")) if mode == "files" else src, f"{out}-{run}")
        elapsed = time.perf_counter() - start
        after = client.run(cpu)
        figures += [f"{elapsed:.3f}", f"{sum(after[w] - before[w] for w in after):.3f}"]
    print(*figures)
"""

#: ``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TRIM_THRESHOLD_`` the how-to advises for Dask workers
#: (32 MiB, glibc's own ceiling for the dynamic mmap threshold).
MALLOC_THRESHOLD = 1 << 25

FILE_CHILD = """
import sys, time, resource, pyarrow as pa
pa.set_cpu_count(1); pa.set_io_thread_count(1)
import werkscan
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
werkscan.score_file(sys.argv[3], sys.argv[2])  # warm, as the Dask side is: a 1,000-row file (imports done)
figures = ["0"]
for run in (1, 2):  # as the Dask side: a first pass in the fresh process, then a second
    start, begin = time.perf_counter(), cpu()
    werkscan.score_file(sys.argv[1], sys.argv[2])
    figures += [f"{time.perf_counter() - start:.3f}", f"{cpu() - begin:.3f}"]
print(*figures)
"""

TOUCH_CHILD = """
import sys, time, numpy as np
start = time.perf_counter()
a = np.ones(int(sys.argv[1]) << 17)  # MiB of float64: every page faulted in for the first time
first = time.perf_counter() - start
start = time.perf_counter()
a.fill(2.0)  # the same pages again, already the process's
print(first, time.perf_counter() - start)
"""

#: MiB a fresh process touches in the memory probe of the Dask section.
TOUCH_MIB = 256


def first_touch(repeats: int) -> None:
    """What memory costs a fresh process on this machine the first time it touches it.

    A worker's first partitions fault in its working memory (the chunk's arrays, the
    partition's results); on a virtual machine whose freed memory goes back to the host,
    that costs far more than writing memory already faulted in, and the Dask section's
    first pass pays it once per worker.
    """
    firsts, agains = [], []
    for _ in range(max(3, repeats)):
        proc = subprocess.run([sys.executable, "-c", TOUCH_CHILD, str(TOUCH_MIB)], capture_output=True,
                              text=True, check=True, env=one_core_env())
        first, again = map(float, proc.stdout.split())
        firsts.append(first)
        agains.append(again)
    write = Timing(agains)
    costs = ", ".join(f"{(t - write.median) / TOUCH_MIB * 100 * 1e3:.0f}" for t in firsts)
    print(f"memory on this machine: a fresh process writes {TOUCH_MIB} MiB it has never touched in "
          f"{', '.join(f'{t:.3f}' for t in firsts)} s (runs in order), the same pages again in {write.secs()}: "
          f"{costs} ms per 100 MiB to fault memory in", flush=True)


#: The worker environments the Dask section compares: Dask's own, and the how-to's.
DASK_ENVS = {
    "default": "Dask's worker environment (MALLOC_TRIM_THRESHOLD_=65536)",
    "tuned": f"with MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_={MALLOC_THRESHOLD}, "
             "ARROW_DEFAULT_MEMORY_POOL=system and the profiler off (as the how-to advises)",
}


def dask_scaling(rows: int, files: int, repeats: int, mode: str) -> None:
    how = "dd.from_map(score_partition, files)" if mode == "files" else "dd.read_parquet(...).map_partitions"
    print(f"\n== 5. Dask: {rows:,} rows in {files} Parquet files, {how} (median of {repeats}) ==", flush=True)
    print("Times from building the graph to the last file written. Not counted: cluster start-up (printed apart), "
          "the interpreter's start, and a first 1,000-row file that each side scores to warm up (imports done). "
          "Each process or cluster then makes two passes over the data: the first on fresh workers (their memory "
          "still to grow), the second on the same workers. CPU: of the worker processes (score_file: its "
          "process), summed.", flush=True)
    first_touch(repeats)
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "answers"
        src.mkdir()
        write_parquet(src, rows, files=files)
        tiny = pathlib.Path(tmp) / "tiny.parquet"  # outside src: each side scores it first, to warm up
        write_parquet(tiny, 1_000)

        def run(code: str, *args: str) -> tuple[float, tuple[float, float], tuple[float, float]]:
            proc = subprocess.run([sys.executable, "-c", code.replace("MALLOC_THRESHOLD", str(MALLOC_THRESHOLD)),
                                   *args], capture_output=True, text=True, check=True, env=one_core_env())
            startup, wall1, cpu1, wall2, cpu2 = map(float, proc.stdout.strip().splitlines()[-1].split())
            return startup, (wall1, cpu1), (wall2, cpu2)

        def run_pair(out: str) -> tuple[float, tuple[float, float], tuple[float, float]]:
            """Two score_file processes at once, each over every file: what two cores give."""
            procs = [subprocess.Popen([sys.executable, "-c", FILE_CHILD, str(src), f"{out}-{k}.parquet", str(tiny)],
                                      stdout=subprocess.PIPE, text=True, env=one_core_env()) for k in (0, 1)]
            figures = [list(map(float, proc.communicate()[0].strip().splitlines()[-1].split())) for proc in procs]
            if any(proc.returncode for proc in procs):
                raise RuntimeError("a score_file process failed")
            return 0.0, (max(f[1] for f in figures), sum(f[2] for f in figures)), \
                (max(f[3] for f in figures), sum(f[4] for f in figures))

        cases = [("file", 1, ""), ("file", 2, "")] + [("dask", w, env) for env in DASK_ENVS for w in (1, 2)]
        runs: dict[tuple[str, int, str], list[tuple[float, tuple[float, float], tuple[float, float]]]] = {
            case: [] for case in cases}
        for k in range(repeats):  # interleaved: a load that drifts hits every case alike
            for case in cases:
                kind, w, env = case
                out = str(pathlib.Path(tmp) / f"out-{kind}-{w}-{env}-{k}")
                runs[case].append(run(FILE_CHILD, str(src), out + ".parquet", str(tiny)) if (kind, w) == ("file", 1)
                                  else run_pair(out) if kind == "file"
                                  else run(DASK_CHILD, str(src), out, str(w), mode, env, str(tiny)))
                # each case's results go: left in the page cache they would make every later
                # case write into memory taken fresh from the machine
                for written in pathlib.Path(tmp).glob(pathlib.Path(out).name + "*"):
                    if written.is_dir():
                        shutil.rmtree(written)
                    else:
                        written.unlink()
        for npass, what in ((1, "first pass (fresh process and workers)"),
                            (2, "second pass (the same process and workers)")):
            print(f"-- {what}")
            one_file = Timing([r[npass][0] for r in runs[("file", 1, "")]])
            file_cpu = statistics.median(r[npass][1] for r in runs[("file", 1, "")])
            print(f"score_file, one process:       {one_file.rate(rows)}; CPU {file_cpu:.2f} s")
            pair = Timing([r[npass][0] for r in runs[("file", 2, "")]])
            print(f"score_file, two processes at once, each over all rows: {pair.rate(2 * rows)}; "
                  f"{one_file.median * 2 / pair.median:.2f}x one process (what the two cores give)")
            per: dict[tuple[int, str], Timing] = {}
            for env, label in DASK_ENVS.items():
                print(f"{label}:")
                for w in (1, 2):
                    t = per[(w, env)] = Timing([r[npass][0] for r in runs[("dask", w, env)]])
                    cpu = statistics.median(r[npass][1] for r in runs[("dask", w, env)])
                    start = statistics.median(r[0] for r in runs[("dask", w, env)])
                    print(f"  Dask, {w} worker(s) x 1 thread:  {t.rate(rows)}; per worker {rows / t.median / w:,.0f} "
                          f"rows/s = score_file / {t.median * w / one_file.median:.2f}; worker CPU {cpu:.2f} s "
                          f"= {cpu / file_cpu:.2f}x score_file's; cluster start-up {start:.2f} s (not counted)")
                print(f"  2 workers / 1 worker: {per[(1, env)].median / per[(2, env)].median:.2f}x "
                      "(target >= 1.8x on 2 idle cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows for the in-memory runs")
    parser.add_argument("--scalar-rows", type=int, default=100_000, help="rows for the per-row paths")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each measurement (median and spread)")
    parser.add_argument("--e2e-rows", type=int, nargs="*", default=[100_000, 1_000_000],
                        help="file sizes for the end-to-end runs")
    parser.add_argument("--stream-rows", type=int, default=10_000_000, help="rows streamed from Parquet (0: skip)")
    parser.add_argument("--dask-rows", type=int, default=0, help="rows for the Dask section (0: skip)")
    parser.add_argument("--dask-files", type=int, default=8, help="Parquet files (partitions) for Dask")
    parser.add_argument("--dask-mode", choices=["files", "frame"], default="files",
                        help="files: from_map over the files; frame: dd.read_parquet then map_partitions")
    parser.add_argument("--sections", default="12345", help="which sections to run, e.g. 13")
    parser.add_argument("--stream-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stream_child:
        stream_child(*args.stream_child)
        return
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    print(f"load average at start: {uptime()}", flush=True)
    if "1" in args.sections:
        in_memory(args.rows, args.repeats)
    if "2" in args.sections:
        per_row(args.rows, min(args.rows, args.scalar_rows), args.repeats)
    if "3" in args.sections:  # with --e2e-rows and no sizes: the import cost only
        end_to_end(args.e2e_rows, args.repeats)
    if "4" in args.sections and args.stream_rows:
        streaming(args.stream_rows, 0.001)
        streaming(args.stream_rows, 0.1)
    if "5" in args.sections and args.dask_rows:
        dask_scaling(args.dask_rows, args.dask_files, max(1, args.repeats), args.dask_mode)
    print(f"\nload average at end: {uptime()}")


if __name__ == "__main__":
    main()
