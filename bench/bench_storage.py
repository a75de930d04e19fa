"""Storage speed: recording a completion through the library vs the raw driver (ceiling).

For each backend (a temporary SQLite file; a PostgreSQL schema of its own, dropped
afterwards), side by side in one run:

* **library**: :meth:`werkscan.StaffelService.record_completion` (one unit of work: the
  charge, the count, the overage line, the 80 % warning);
* **ceiling**: the same operation as the fewest plain SQL statements through the raw
  driver (``sqlite3``, ``psycopg``) on the same schema and a held connection: one
  ``UPDATE ... RETURNING`` of the staffel's count and one ``INSERT`` of the charge, in
  one transaction.

Each round gets a fresh licence with a staffel of 1,000 and records completions 1-700
(measured: "below 80 %"), 701-800 (not measured: the warning is queued at 800) and
801-1,000 (measured: "80-100 %", where no further work is due). The table prints the
median per-operation time over the rounds, the spread (lowest-highest), completions per
second and the ratio library/ceiling. Then, as before, completions/s from several
processes at once (a tenth of the ids repeated: charged once), outbox enqueues/s and
claims/s.

With ``--expert`` each library completion names an expert added to the licence (not its
contact), so the per-expert check (WS-LIC-2: one more read, inside the same unit of work)
is in the library's figure; the ceiling stays the two statements.

Usage::

    python bench/bench_storage.py [--rounds 5] [--workers 4] [--completions 2000] [--expert]
                                  [--postgres-url postgresql://postgres@127.0.0.1:5432/test]

The PostgreSQL URL defaults to ``BLIKOPWERK_BENCH_POSTGRES_URL``, then
``BLIKOPWERK_TEST_POSTGRES_URL``; without one (or without the ``blikopwerk-postgres``
plugin) only SQLite is measured and the reason is printed. MariaDB likewise with
``--mysql-url`` (``BLIKOPWERK_BENCH_MYSQL_URL``, then ``BLIKOPWERK_TEST_MYSQL_URL``); its
ceiling is three statements (the update, a read of the count, the insert), since MariaDB
has no ``UPDATE ... RETURNING``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from blikopwerk import Message, Storage, open_storage
from blikopwerk.testing import concurrently
from werkscan import LicenceService, StaffelService

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LICENCE = "L-bench"
SIZE = 1000
PHASES = (("below 80 %", 0, 700), (None, 700, 800), ("80-100 %", 800, 1000))


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


EXPERT = "bert@bench.example"


def _licence(storage: Storage, licence_id: str) -> None:
    licences = LicenceService(storage)
    licences.create("Bench BV", "Anna", "anna@bench.example",
                    dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id=licence_id)
    licences.verify_training(EXPERT, "Bert", dt.date(2025, 11, 1))
    licences.add_expert(licence_id, EXPERT, now=T0)
    StaffelService(storage).buy(licence_id, SIZE, now=T0)


# -- the ceiling: two plain statements through the raw driver --------------------------

_BUMP = ("UPDATE ws_staffels SET used = used + 1 WHERE licence_id = {p} AND status = 'active' "
         "RETURNING id, used, unit_price")
_CHARGE = ("INSERT INTO ws_charges (questionnaire_id, licence_id, staffel_id, ordinal, unit_price, "
           "overage, completed_at, charged_at) VALUES ({p}, {p}, {p}, {p}, {p}, 0, {p}, {p})")


class _Raw:
    """A held raw connection and the two statements, written once."""

    def __init__(self, conn: Any, placeholder: str, begin: str) -> None:
        self.conn = conn
        self.bump = _BUMP.format(p=placeholder)
        self.charge = _CHARGE.format(p=placeholder)
        self.begin = begin
        self.stamp = T0.isoformat()

    def record(self, licence_id: str, qid: str) -> None:
        cur = self.conn.cursor()
        cur.execute(self.begin)
        cur.execute(self.bump, (licence_id,))
        sid, used, price = cur.fetchone()
        cur.execute(self.charge, (qid, licence_id, sid, used, price, self.stamp, self.stamp))
        self.conn.commit()


class _RawMySQL(_Raw):
    """MariaDB has no ``UPDATE ... RETURNING``: the fewest statements are the update, a
    read of the new count, and the insert."""

    def record(self, licence_id: str, qid: str) -> None:
        cur = self.conn.cursor()
        cur.execute(self.begin)
        cur.execute(self.bump.split(" RETURNING")[0], (licence_id,))
        cur.execute("SELECT id, used, unit_price FROM ws_staffels WHERE licence_id = %s "
                    "AND status = 'active'", (licence_id,))
        sid, used, price = cur.fetchone()
        cur.execute(self.charge, (qid, licence_id, sid, used, price, self.stamp, self.stamp))
        self.conn.commit()


def _raw_for(url: str, storage: Storage) -> _Raw:
    if url.startswith("mysql"):
        import pymysql

        args = storage.db.dialect.connect_args  # type: ignore[attr-defined]
        conn = pymysql.connect(autocommit=True, charset="utf8mb4", **args)
        conn.cursor().execute("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE")
        return _RawMySQL(conn, "%s", "START TRANSACTION")
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return _Raw(conn, "?", "BEGIN IMMEDIATE")
    import psycopg

    options = storage.options  # type: ignore[attr-defined]
    conn = psycopg.connect(options.conninfo, autocommit=True)
    if options.schema:
        conn.execute("SELECT set_config('search_path', %s, false)", (options.schema,))
    return _Raw(conn, "%s", "BEGIN ISOLATION LEVEL SERIALIZABLE")


def _timed(op: Callable[[str], None], prefix: str, lo: int, hi: int) -> float:
    start = time.perf_counter()
    for i in range(lo, hi):
        op(f"{prefix}-{i:05d}")
    return (time.perf_counter() - start) / (hi - lo)


def compare(label: str, url: str, rounds: int, *,
            expert: bool = False) -> list[tuple[str, str, list[float], list[float]]]:
    """Per phase: (backend, phase, library seconds/op per round, ceiling seconds/op per round);
    with ``expert`` the library's completions name an expert on the licence."""
    storage = open_storage(url)
    raw = _raw_for(url, storage)
    service = StaffelService(storage)
    lib: dict[str, list[float]] = {}
    ceil: dict[str, list[float]] = {}
    try:
        for r in range(rounds):
            lid, rid = f"L-lib-{r}", f"L-raw-{r}"
            _licence(storage, lid)
            _licence(storage, rid)

            def library(qid: str, lid: str = lid) -> None:
                service.record_completion(lid, qid, T0, now=T0, expert_id=EXPERT if expert else None)

            def ceiling(qid: str, rid: str = rid) -> None:
                raw.record(rid, qid)

            for name, lo, hi in PHASES:
                # alternate which goes first, so neither always meets a warmer cache
                order = [("lib", library), ("raw", ceiling)]
                if r % 2:
                    order.reverse()
                for kind, op in order:
                    per_op = _timed(op, f"{kind}{r}", lo, hi)
                    if name is not None:
                        (lib if kind == "lib" else ceil).setdefault(name, []).append(per_op)
        assert storage.staffels.active("L-lib-0").used == SIZE  # type: ignore[attr-defined]
        if expert:
            assert {c.expert_id for c in storage.staffels.charges("L-lib-0")} == {EXPERT}  # type: ignore[attr-defined]
    finally:
        raw.conn.close()
        storage.close()
    return [(label, name, lib[name], ceil[name]) for name, _, _ in PHASES if name is not None]


def throughput(label: str, url: str, n: int, workers: int) -> list[tuple[str, str, float]]:
    """Rows of (backend, what, per second): several processes, the outbox."""
    rows: list[tuple[str, str, float]] = []
    storage = open_storage(url)
    try:
        LicenceService(storage).create("Bench BV", "Anna", "anna@bench.example",
                                       dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id=LICENCE)
        StaffelService(storage).buy(LICENCE, SIZE, now=T0)
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
    schemas: list[str] = []
    conninfo = PostgresOptions.from_url(url).conninfo
    try:
        psycopg.connect(conninfo, connect_timeout=5).close()
    except psycopg.Error as exc:
        return None, lambda: None, f"cannot connect: {exc}".strip()

    def drop() -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    def fresh() -> str:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        schemas.append(schema)
        return f"{url}{'&' if '?' in url else '?'}schema={schema}"

    return fresh(), drop, ""


def _mysql(url: str | None) -> tuple[str | None, Callable[[], None], str]:
    """A URL of a fresh database and its clean-up, or None and the reason."""
    if not url:
        return None, lambda: None, "no MariaDB URL (pass --mysql-url or set BLIKOPWERK_BENCH_MYSQL_URL)"
    try:
        import pymysql
    except ImportError as exc:
        return None, lambda: None, f"pymysql not installed ({exc}); pip install 'blikopwerk[mysql]'"
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    name = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        admin = pymysql.connect(host=parts.hostname, port=parts.port or 3306,
                                user=parts.username or "root", password=parts.password or "",
                                autocommit=True, connect_timeout=5)
    except pymysql.MySQLError as exc:
        return None, lambda: None, f"cannot connect: {exc}"
    admin.cursor().execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")

    def drop() -> None:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()

    return urlunsplit(parts._replace(path=f"/{name}")), drop, ""


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds (fresh licence each)")
    parser.add_argument("--completions", type=int, default=2000,
                        help="distinct completions in the several-processes run")
    parser.add_argument("--workers", type=int, default=4, help="processes in the concurrent run")
    parser.add_argument("--expert", action="store_true",
                        help="library completions name an expert on the licence (the per-expert check)")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "BLIKOPWERK_BENCH_POSTGRES_URL", os.environ.get("BLIKOPWERK_TEST_POSTGRES_URL")))
    parser.add_argument("--mysql-url", default=os.environ.get(
        "BLIKOPWERK_BENCH_MYSQL_URL", os.environ.get("BLIKOPWERK_TEST_MYSQL_URL")),
        help="a MariaDB/MySQL server (mysql+pymysql://root@127.0.0.1:3306/test); a database "
             "of its own is created and dropped")
    args = parser.parse_args(argv)
    if args.completions < args.workers or args.workers < 1 or args.rounds < 1:
        parser.error("need --rounds >= 1, --workers >= 1 and --completions >= --workers")

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"storage benchmark: record a completion, library vs raw driver, {args.rounds} rounds; "
          f"{os.cpu_count()} CPUs, load average {load:.2f} at start"
          + ("; library completions name an expert on the licence" if args.expert else ""), flush=True)
    pairs: list[tuple[str, str, list[float], list[float]]] = []
    rows: list[tuple[str, str, float]] = []
    tmp = tempfile.mkdtemp(prefix="bow-bench-")
    try:
        pairs += compare("sqlite", f"sqlite:///{tmp}/compare.sqlite3", args.rounds, expert=args.expert)
        rows += throughput("sqlite", f"sqlite:///{tmp}/bench.sqlite3", args.completions, args.workers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pg_url, drop, reason = _postgres(args.postgres_url)
    if pg_url is None:
        print(f"postgresql: skipped: {reason}")
    else:
        try:
            pairs += compare("postgresql", pg_url, args.rounds, expert=args.expert)
            other, _, _ = _postgres(args.postgres_url)
            assert other is not None
            rows += throughput("postgresql", other, args.completions, args.workers)
        finally:
            drop()

    my_url, my_drop, my_reason = _mysql(args.mysql_url)
    if my_url is None:
        print(f"mysql: skipped: {my_reason}")
    else:
        try:
            pairs += compare("mariadb", my_url, args.rounds, expert=args.expert)
            other, other_drop, _ = _mysql(args.mysql_url)
            assert other is not None
            try:
                rows += throughput("mariadb", other, args.completions, args.workers)
            finally:
                other_drop()
        finally:
            my_drop()

    print(f"\n{'backend':<12}{'phase':<12}{'library us/op (spread)':>28}{'ceiling us/op (spread)':>28}"
          f"{'library/s':>11}{'ratio':>8}")
    for backend, phase, lib, ceil in pairs:
        lm, cm = statistics.median(lib), statistics.median(ceil)
        print(f"{backend:<12}{phase:<12}"
              f"{_us(lm) + ' (' + _us(min(lib)) + '-' + _us(max(lib)) + ')':>28}"
              f"{_us(cm) + ' (' + _us(min(ceil)) + '-' + _us(max(ceil)) + ')':>28}"
              f"{1 / lm:>11,.0f}{lm / cm:>7.2f}x")
    baseline = {what: value for backend, what, value in rows if backend == "sqlite"}
    print(f"\n{'backend':<12}{'measure':<36}{'per second':>12}{'vs SQLite':>12}")
    for backend, what, value in rows:
        ratio = f"{value / baseline[what]:.2f}x" if what in baseline else ""
        print(f"{backend:<12}{what:<36}{value:>12,.0f}{ratio:>12}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average {load:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
