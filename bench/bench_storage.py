"""Storage throughput: Werkscan completions per second on SQLite and PostgreSQL.

Each backend gets a fresh store (a temporary SQLite file; a PostgreSQL schema of its own,
dropped afterwards), a licence and a staffel, then records completions through
:class:`werkscan.StaffelService` (one transaction each: charge, count, overage line, the
80 % warning), first from one process, then from several processes at once (each opening
the URL itself, released together). A tenth of the calls repeat a questionnaire id, as
retries do; they are charged once. Outbox enqueues/s and claims/s are printed too.
SQLite is the baseline measured in the same run.

Usage::

    python bench/bench_storage.py [--completions 2000] [--workers 4]
                                  [--postgres-url postgresql://postgres@127.0.0.1:5432/test]

The PostgreSQL URL defaults to ``BLIKOPWERK_BENCH_POSTGRES_URL``, then
``BLIKOPWERK_TEST_POSTGRES_URL``; without one (or without the ``blikopwerk-postgres``
plugin) only SQLite is measured and the reason is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable

from blikopwerk import Message, Storage, open_storage
from blikopwerk.testing import concurrently
from werkscan import LicenceService, StaffelService

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LICENCE = "L-bench"


def _record(storage: Storage, ids: list[str]) -> tuple[float, float, int]:
    """Record ``ids``; returns wall-clock start, end and how many were charged."""
    service = StaffelService(storage)
    start = time.time()
    charged = 0
    for qid in ids:
        charged += service.record_completion(LICENCE, qid, T0, now=T0).charged
    return start, time.time(), charged


def _plan(n: int, workers: int, prefix: str) -> list[list[str]]:
    ids = [f"{prefix}-{i:06d}" for i in range(n)]
    slices = [ids[w::workers] for w in range(workers)]
    # every 10th id of the neighbour's slice again: concurrent duplicates
    return [s + slices[(w + 1) % workers][::10] for w, s in enumerate(slices)]


def _prepare(storage: Storage) -> None:
    LicenceService(storage).create("Bench BV", "Anna", "anna@bench.example",
                                   dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id=LICENCE)
    StaffelService(storage).buy(LICENCE, 1000, now=T0)


def measure(label: str, url: str, n: int, workers: int) -> list[tuple[str, str, float]]:
    """Rows of (backend, what, per second) for one backend."""
    rows: list[tuple[str, str, float]] = []
    storage = open_storage(url)
    try:
        _prepare(storage)
        (plan,) = _plan(n, 1, "seq")
        start, end, charged = _record(storage, plan)
        assert charged == n
        rows.append((label, "completions/s, 1 process", n / (end - start)))

        results = concurrently(storage, _record, [(p,) for p in _plan(n, workers, "par")], timeout=1800)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            raise RuntimeError(f"{label}: a worker failed: {errors[0]!r}")
        charged = sum(r[2] for r in results)
        assert charged == n, (charged, n)
        span = max(r[1] for r in results) - min(r[0] for r in results)
        rows.append((label, f"completions/s, {workers} processes", n / span))

        messages = [Message(f"bench-{i}", ("x@example.nl",), "s", "b") for i in range(n)]
        start = time.perf_counter()
        for m in messages:
            storage.outbox.enqueue(m, T0)
        rows.append((label, "outbox enqueues/s", n / (time.perf_counter() - start)))
        start = time.perf_counter()
        claimed = 0
        while batch := storage.outbox.claim(T0 + dt.timedelta(days=1), 50, dt.timedelta(minutes=5)):
            claimed += len(batch)
        rows.append((label, "outbox claims/s (batches of 50)", claimed / (time.perf_counter() - start)))
    finally:
        storage.close()
    return rows


def _postgres(url: str | None) -> tuple[str | None, Callable[[], None], str]:
    """A URL with a fresh schema and its clean-up, or None and the reason."""
    if not url:
        return None, lambda: None, ("no PostgreSQL URL (pass --postgres-url or set "
                                    "BLIKOPWERK_BENCH_POSTGRES_URL)")
    try:
        import psycopg
        from blikopwerk_postgres import PostgresOptions
    except ImportError as exc:
        return None, lambda: None, f"plugin not installed ({exc}); pip install blikopwerk-postgres"
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    conninfo = PostgresOptions.from_url(url).conninfo
    try:
        psycopg.connect(conninfo, connect_timeout=5).close()
    except psycopg.Error as exc:
        return None, lambda: None, f"cannot connect: {exc}".strip()

    def drop() -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    return f"{url}{'&' if '?' in url else '?'}schema={schema}", drop, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--completions", type=int, default=2000, help="distinct completions per run")
    parser.add_argument("--workers", type=int, default=4, help="processes in the concurrent run")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "BLIKOPWERK_BENCH_POSTGRES_URL", os.environ.get("BLIKOPWERK_TEST_POSTGRES_URL")))
    args = parser.parse_args(argv)
    if args.completions < args.workers or args.workers < 1:
        parser.error("need --workers >= 1 and --completions >= --workers")

    print(f"storage benchmark: {args.completions:,} completions through StaffelService "
          f"(+10 % duplicates in the concurrent run), {args.workers} processes, "
          f"{os.cpu_count()} CPUs", flush=True)
    rows: list[tuple[str, str, float]] = []
    tmp = tempfile.mkdtemp(prefix="bow-bench-")
    try:
        rows += measure("sqlite", f"sqlite:///{tmp}/bench.sqlite3", args.completions, args.workers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pg_url, drop, reason = _postgres(args.postgres_url)
    if pg_url is None:
        print(f"postgresql: skipped: {reason}")
    else:
        try:
            rows += measure("postgresql", pg_url, args.completions, args.workers)
        finally:
            drop()

    baseline = {what: value for backend, what, value in rows if backend == "sqlite"}
    print(f"\n{'backend':<12}{'measure':<36}{'per second':>12}{'vs SQLite':>12}")
    for backend, what, value in rows:
        ratio = f"{value / baseline[what]:.2f}x" if what in baseline else ""
        print(f"{backend:<12}{what:<36}{value:>12,.0f}{ratio:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
