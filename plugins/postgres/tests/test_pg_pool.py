"""Pooled, bounded connections and an unreachable server (issue 13, point 3)."""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from blikopwerk_postgres import PostgresStorage

from blikopwerk import ConfigurationError, Message, StorageUnavailableError

pytestmark = pytest.mark.postgres

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
Admin = psycopg.Connection[tuple[Any, ...]]


def _sessions(admin: Admin, app: str) -> int:
    row = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                        (app,)).fetchone()
    assert row is not None
    return int(row[0])


def test_short_lived_threads_do_not_leak_connections(make_url: Callable[..., str], admin: Admin) -> None:
    app = "bow_pool_leak"
    with PostgresStorage.from_url(make_url(application_name=app, pool_size="3",
                                           max_overflow="2")) as storage:
        peak = 0

        def work(i: int) -> None:
            storage.outbox.enqueue(Message(f"t{i}", ("a@example.nl",), "s", "b"), T0)

        for batch in range(6):  # 30 short-lived threads, 5 at a time
            threads = [threading.Thread(target=work, args=(batch * 5 + i,)) for i in range(5)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            gc.collect()
            peak = max(peak, _sessions(admin, app))
        assert len(storage.outbox.entries()) == 30
        assert peak <= 5, "at most pool_size + max_overflow sessions"
        assert storage.db.engine.pool.checkedout() <= 1  # type: ignore[attr-defined]
    time.sleep(0.2)
    assert _sessions(admin, app) == 0, "close() ends every session"


def test_more_threads_than_the_pool_wait_then_raise_unavailable(make_url: Callable[..., str]) -> None:
    with PostgresStorage.from_url(make_url(pool_size="1", max_overflow="0",
                                           pool_timeout="1")) as storage:
        # this thread holds the only connection (it opened the storage)
        errors: list[BaseException] = []

        def other() -> None:
            try:
                storage.outbox.entries()
            except BaseException as exc:
                errors.append(exc)

        t = threading.Thread(target=other)
        started = time.monotonic()
        t.start()
        t.join(timeout=30)
        assert isinstance(errors[0], StorageUnavailableError)
        assert time.monotonic() - started < 10
        storage.db.release()  # given back, the other thread gets it
        t = threading.Thread(target=other)
        errors.clear()
        t.start()
        t.join(timeout=30)
        assert errors == []


def test_unreachable_server_raises_storage_unavailable_in_time() -> None:
    started = time.monotonic()
    with pytest.raises(StorageUnavailableError, match=r"postgresql://u:\*\*\*@") as info:
        PostgresStorage.from_url("postgresql://u:secret@127.0.0.1:1/none?unavailable_after=2")
    assert isinstance(info.value, ConfigurationError)
    assert time.monotonic() - started < 8


def test_server_gone_mid_use_raises_storage_unavailable(make_url: Callable[..., str], admin: Admin) -> None:
    app = "bow_gone"
    with PostgresStorage.from_url(make_url(application_name=app, unavailable_after="1",
                                           retries="3")) as storage:
        storage.outbox.enqueue(Message("a", ("a@example.nl",), "s", "b"), T0)
        real = storage.db.dialect.connect

        def refuse() -> Any:
            raise psycopg.OperationalError("connection refused")

        storage.db.dialect.connect = refuse  # type: ignore[method-assign]
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE application_name = %s", (app,))
        time.sleep(0.05)
        started = time.monotonic()
        with pytest.raises(StorageUnavailableError, match="unreachable"):
            storage.outbox.enqueue(Message("b", ("a@example.nl",), "s", "b"), T0)
        assert time.monotonic() - started < 6
        storage.db.dialect.connect = real  # type: ignore[method-assign]
        assert storage.outbox.enqueue(Message("b", ("a@example.nl",), "s", "b"), T0)
