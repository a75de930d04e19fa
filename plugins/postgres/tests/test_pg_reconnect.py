"""A dropped connection loses nothing committed and duplicates nothing on retry.

The server ends sessions with ``pg_terminate_backend`` (SQLSTATE 57P01, as in a fast
shutdown or a failover): in the middle of a transaction, between transactions, and
repeatedly under concurrent load. The one ambiguous case, a COMMIT that succeeded but
whose answer never arrived, is retried too and finds its own work instead of repeating
it, because every exactly-once operation is keyed.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from blikopwerk_postgres import PostgresStorage

from blikopwerk import ConfigurationError, Message
from blikopwerk._backends.outbox_sql import enqueue_in
from blikopwerk._backends.sql import Tx

pytestmark = pytest.mark.postgres

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
Admin = psycopg.Connection[tuple[Any, ...]]


def msg(i: object) -> Message:
    return Message(f"r-{i}", ("a@example.nl",), f"s{i}", "b")


def ids(storage: PostgresStorage) -> list[str]:
    return [e.message.id for e in storage.outbox.entries()]


def test_terminated_mid_transaction_is_rolled_back_and_retried_once(
    make_url: Callable[..., str], admin: Admin
) -> None:
    with PostgresStorage.from_url(make_url()) as storage:
        assert storage.outbox.enqueue(msg("before"), T0)
        attempts: list[int] = []

        def work(tx: Tx) -> int:
            pid = int(tx.one("SELECT pg_backend_pid()")[0])  # type: ignore[index]
            attempts.append(pid)
            enqueue_in(tx, msg(1), T0)
            enqueue_in(tx, msg(2), T0)
            if len(attempts) == 1:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            enqueue_in(tx, msg(3), T0)
            return pid

        final_pid = storage.db.run(work)
        assert len(attempts) == 2, "the interrupted transaction ran exactly once more"
        assert attempts[0] != final_pid == attempts[1], "the retry used a new session"
        assert ids(storage) == ["r-1", "r-2", "r-3", "r-before"]
        assert all(e.attempts == 0 for e in storage.outbox.entries())


def test_terminated_idle_connection_is_replaced_transparently(
    make_url: Callable[..., str], admin: Admin
) -> None:
    with PostgresStorage.from_url(make_url()) as storage:
        storage.outbox.enqueue(msg(1), T0)
        pid = storage.db.run(lambda tx: tx.one("SELECT pg_backend_pid()"))[0]  # type: ignore[index]
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        time.sleep(0.05)
        assert storage.outbox.enqueue(msg(2), T0) is True
        assert ids(storage) == ["r-1", "r-2"]


def test_error_that_is_not_transient_is_not_retried(make_url: Callable[..., str]) -> None:
    with PostgresStorage.from_url(make_url()) as storage:
        calls: list[int] = []

        def bad(tx: Tx) -> None:
            calls.append(1)
            enqueue_in(tx, msg(1), T0)
            tx.execute("SELECT no_such_column FROM outbox")

        with pytest.raises(psycopg.errors.UndefinedColumn):
            storage.db.run(bad)
        assert calls == [1]
        assert ids(storage) == [], "the failed transaction was rolled back"


def _idempotent_charge(op_id: str) -> Callable[[Tx], bool]:
    """The exactly-once pattern of the repositories: a keyed insert, and the counter
    bumped only when the insert happened, in one transaction."""

    def step(tx: Tx) -> bool:
        if tx.one("INSERT INTO t_ops (id) VALUES (?) ON CONFLICT DO NOTHING RETURNING id",
                  (op_id,)) is None:
            return False
        tx.execute("SELECT pg_sleep(0.002)")  # widen the window for the killer
        tx.execute("UPDATE t_counter SET n = n + 1 WHERE id = 1")
        return True

    return step


@pytest.mark.slow
def test_sessions_killed_under_concurrent_load_lose_and_duplicate_nothing(
    make_url: Callable[..., str], admin: Admin
) -> None:
    app = f"bow_kill_{uuid.uuid4().hex[:8]}"
    url = make_url(application_name=app)
    with PostgresStorage.from_url(url) as storage:
        storage.db.run(lambda tx: tx.execute("CREATE TABLE t_ops (id TEXT PRIMARY KEY)"))
        storage.db.run(lambda tx: tx.execute(
            "CREATE TABLE t_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        storage.db.run(lambda tx: tx.execute("INSERT INTO t_counter VALUES (1, 0)"))
        stop = threading.Event()
        kills: list[int] = []

        def killer() -> None:
            with psycopg.connect(storage.options.conninfo, autocommit=True,
                                 application_name="bow_killer") as conn:
                while not stop.is_set():
                    rows = conn.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = %s AND pid <> pg_backend_pid()", (app,)
                    ).fetchall()
                    kills.extend(1 for (ok,) in rows if ok)
                    time.sleep(0.03)

        per_worker, workers = 60, 4
        repeated: dict[int, list[bool]] = {}

        def worker(w: int) -> None:
            out = []
            for i in range(per_worker):
                op = f"op-{w}-{i}"
                storage.db.run(_idempotent_charge(op))
                if i % 10 == 0:  # an operation repeated on purpose is a no-op
                    out.append(storage.db.run(_idempotent_charge(op)))
            repeated[w] = out

        threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
        kt = threading.Thread(target=killer)
        kt.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        stop.set()
        kt.join(timeout=30)

        assert kills, "the killer terminated at least one session"
        total = per_worker * workers
        n_ops = storage.db.run(lambda tx: tx.one("SELECT COUNT(*) FROM t_ops"))[0]  # type: ignore[index]
        n_counter = storage.db.run(lambda tx: tx.one("SELECT n FROM t_counter"))[0]  # type: ignore[index]
        assert n_ops == n_counter == total
        assert sorted(repeated) == list(range(workers))
        assert not any(flag for flags in repeated.values() for flag in flags)


def test_unreachable_server_is_a_configuration_error() -> None:
    # Port 1 on localhost: nothing listens. Opening retries a few times (a server that
    # is starting up), then reports the URL without its password.
    with pytest.raises(ConfigurationError, match=r"cannot open PostgreSQL storage postgresql://u:\*\*\*@"):
        PostgresStorage.from_url("postgresql://u:secret@127.0.0.1:1/none?connect_timeout=2&retries=0")


class _CommitAckLost:
    """A connection whose first COMMIT reaches the server, but whose answer is "lost":
    the client sees the error a dropped socket gives, after the server committed."""

    def __init__(self, conn: Any, state: dict[str, int]) -> None:
        self._conn = conn
        self._state = state

    def commit(self) -> None:
        self._conn.commit()
        if self._state["lose"] > 0:
            self._state["lose"] -= 1
            self._conn.close()
            raise psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_commit_whose_answer_is_lost_is_not_applied_twice(make_url: Callable[..., str]) -> None:
    from werkscan import LicenceService, StaffelService

    with PostgresStorage.from_url(make_url()) as storage:
        LicenceService(storage).create("Arbo BV", "Anna", "anna@arbo.example",
                                       dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="L1")
        service = StaffelService(storage)
        service.buy("L1", 25, now=T0)
        assert service.record_completion("L1", "q-1", T0, now=T0).ordinal == 1

        state = {"lose": 1}
        real_connect = storage.db.dialect.connect
        storage.db.close()
        storage.db.dialect.connect = lambda: _CommitAckLost(real_connect(), state)  # type: ignore[method-assign]

        result = service.record_completion("L1", "q-2", T0, now=T0)
        assert state["lose"] == 0, "the first commit's answer was lost"
        # The retry found the committed charge: it reports it instead of charging again.
        assert (result.charged, result.ordinal) == (False, 2)
        assert [c.questionnaire_id for c in storage.staffels.charges("L1")] == ["q-1", "q-2"]
        assert storage.staffels.active("L1").used == 2

        state["lose"] = 1
        assert storage.outbox.enqueue(msg("once"), T0) is False  # committed; the answer was lost
        assert ids(storage) == ["r-once"]
