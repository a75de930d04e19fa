"""Invoices on the storage engine: the conformance suite on every backend, gapless
numbering from several processes, and the facts read from stored licences (WS-INV-1..3).

PostgreSQL and MariaDB need a server (``BLIKOPWERK_TEST_POSTGRES_URL``,
``BLIKOPWERK_TEST_MYSQL_URL``); without one those cases are skipped with the reason.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from blikopwerk import storage as engine
from werkscan import InvoiceRepository, Party, issue_invoice
from werkscan._invoicing.repository import UnitOfWork
from werkscan._invoicing.sql import invoice_repository
from werkscan.testing import InvoiceRepositorySuite
from werkscan.testing.invoicing import _draft

PG = "BLIKOPWERK_TEST_POSTGRES_URL"
MYSQL = "BLIKOPWERK_TEST_MYSQL_URL"
SELLER = Party("Blik op Werk", ("Postbus 1", "3500 AA Utrecht"), vat_number="NL000000000B01")


def _pg_url() -> Iterator[str]:
    base = os.environ.get(PG)
    if not base:
        pytest.skip(f"{PG} is not set (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    import psycopg
    from blikopwerk_postgres import PostgresOptions

    schema = f"t_{uuid.uuid4().hex[:16]}"
    try:
        yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    finally:
        with psycopg.connect(PostgresOptions.from_url(base).conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _mysql_url() -> Iterator[str]:
    base = os.environ.get(MYSQL)
    if not base:
        pytest.skip(f"{MYSQL} is not set (e.g. mysql+pymysql://root@127.0.0.1:3306/test)")
    import pymysql

    parts = urlsplit(base)
    admin = pymysql.connect(host=parts.hostname, port=parts.port or 3306, user=parts.username or "root",
                            password=parts.password or "", autocommit=True)
    name = f"bow_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()


@pytest.fixture(params=["memory", "sqlite", "postgresql", "mysql"])
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "memory":
        yield "memory://"
    elif request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'invoices.sqlite3'}"
    elif request.param == "postgresql":
        yield from _pg_url()
    else:
        yield from _mysql_url()


class TestSqlInvoices(InvoiceRepositorySuite):
    @pytest.fixture
    def invoices(self, storage_url: str) -> Iterator[tuple[InvoiceRepository, UnitOfWork]]:
        store = engine.open_storage(storage_url)
        repo = invoice_repository(store)
        try:
            yield repo, repo.unit_of_work
        finally:
            store.close()


_T = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


def _issue_many(url: str, worker: int, count: int, ready: Any) -> None:
    store = engine.open_storage(url)
    repo = invoice_repository(store)
    ready.wait()
    try:
        for i in range(count):
            with repo.unit_of_work():
                issue_invoice(repo, _draft(f"p{worker}-{i}", f"L{worker}"), _T, SELLER)
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_number_invoices_gaplessly_per_year(backend: str, tmp_path: Path) -> None:
    """WS-INV-1: four processes issue 15 invoices each into one series: 1..60, no gap, no twice."""
    urls = _pg_url() if backend == "postgresql" else iter([f"sqlite:///{tmp_path / 'mp.sqlite3'}"])
    url = next(urls)
    try:
        engine.open_storage(url).close()  # migrated once, before the race
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Barrier(4)
        root = Path(__file__).resolve().parents[2]
        paths = [str(root / p) for p in ("src", "plugins/postgres/src", "plugins/pdok/src",
                                         "plugins/smtp/src", "tests")]
        old = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(paths + ([old] if old else []))
        sys.path[:0] = [p for p in paths if p not in sys.path]
        try:
            procs = [ctx.Process(target=_issue_many, args=(url, w, 15, ready)) for w in range(4)]
            for p in procs:
                p.start()
            for p in procs:
                p.join(240)
        finally:
            if old is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = old
        assert [p.exitcode for p in procs] == [0, 0, 0, 0]
        store = engine.open_storage(url)
        try:
            docs = invoice_repository(store).all_documents()
        finally:
            store.close()
        assert [d.number for d in docs] == [f"2026-{n:05d}" for n in range(1, 61)]
        assert sorted(d.key for d in docs) == sorted(f"p{w}-{i}" for w in range(4) for i in range(15))
    finally:
        for _ in urls:
            pass
