"""Shared SQL layer for the SQLite backend and SQL plugins (PostgreSQL).

Repositories are written once against :class:`SqlDatabase`, in the common subset of
SQLite (3.35+) and PostgreSQL: ``?`` placeholders (a dialect rewrites them), TEXT ids,
INTEGER counts, money as TEXT decimals, times as ISO-8601 UTC text (which sorts as
time), ``INSERT ... ON CONFLICT DO NOTHING`` and ``RETURNING`` for atomic claims.
A dialect supplies connecting, ``BEGIN`` and which errors are safe to retry.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import attrs

from blikopwerk._calendar import require_aware

__all__ = ["Migration", "SqlDatabase", "SqlDialect", "SqlStorageBase", "Tx", "from_iso", "iso"]

T = TypeVar("T")


def iso(value: dt.datetime, field: str = "now") -> str:
    """A timezone-aware datetime as sortable ISO-8601 UTC text."""
    return require_aware(value, field).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def from_iso(text: str | None) -> dt.datetime | None:
    """Inverse of :func:`iso`."""
    return None if text is None else dt.datetime.fromisoformat(text)


@attrs.frozen
class Migration:
    """A versioned schema step: an id (``"0001_outbox"``) and its statements."""

    id: str
    statements: tuple[str, ...]


class Tx(Protocol):
    """What repositories see inside a transaction."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


class SqlDialect(Protocol):
    """How one database is driven: connections, BEGIN, placeholders, transient errors."""

    name: str
    placeholder: str

    def connect(self) -> Any: ...

    def begin(self, conn: Any) -> None: ...

    def is_transient(self, exc: BaseException) -> bool: ...

    def lock_migrations(self, tx: Tx) -> None: ...


class _Tx:
    def __init__(self, cursor: Any, placeholder: str) -> None:
        self._cur = cursor
        self._ph = placeholder

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self._ph != "?":
            sql = sql.replace("?", self._ph)
        self._cur.execute(sql, tuple(params))
        return self._cur

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row = self.execute(sql, params).fetchone()
        return None if row is None else tuple(row)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.execute(sql, params).fetchall()]


class SqlDatabase:
    """Per-thread connections and retried transactions over a :class:`SqlDialect`."""

    def __init__(self, dialect: SqlDialect, *, retries: int = 12) -> None:
        self.dialect = dialect
        self.retries = retries
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.dialect.connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _drop_conn(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._lock:
                if conn in self._all:
                    self._all.remove(conn)
            try:
                conn.close()
            except Exception:  # noqa: S110 - a broken connection may fail to close
                pass

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One transaction: committed on success, rolled back on any error."""
        conn = self._conn()
        self.dialect.begin(conn)
        cur = conn.cursor()
        try:
            yield _Tx(cur, self.dialect.placeholder)
        except BaseException:
            try:
                conn.rollback()
            except Exception:
                self._drop_conn()
            raise
        else:
            conn.commit()
        finally:
            try:
                cur.close()
            except Exception:  # noqa: S110
                pass

    def run(self, fn: Callable[[Tx], T]) -> T:
        """Run ``fn`` in a transaction, retrying on transient errors (busy, serialisation,
        a dropped connection) with jittered backoff. A transaction that failed was rolled
        back, so a retry never duplicates work."""
        delay = 0.005
        for attempt in range(self.retries + 1):
            try:
                with self.transaction() as tx:
                    return fn(tx)
            except Exception as exc:
                if attempt == self.retries or not self.dialect.is_transient(exc):
                    raise
                if getattr(exc, "_blikopwerk_reconnect", False):
                    self._drop_conn()
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
        raise AssertionError("unreachable")  # pragma: no cover

    def migrate(self, migrations: Sequence[Migration]) -> list[str]:
        """Apply the migrations not applied yet, in order; returns the ids applied."""

        def step(tx: Tx) -> list[str]:
            self.dialect.lock_migrations(tx)
            tx.execute(
                "CREATE TABLE IF NOT EXISTS blikopwerk_migrations "
                "(id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            done = {r[0] for r in tx.all("SELECT id FROM blikopwerk_migrations")}
            applied = []
            for m in migrations:
                if m.id in done:
                    continue
                for statement in m.statements:
                    tx.execute(statement)
                tx.execute(
                    "INSERT INTO blikopwerk_migrations (id, applied_at) VALUES (?, ?)",
                    (m.id, iso(dt.datetime.now(dt.UTC))),
                )
                applied.append(m.id)
            return applied

        return self.run(step)

    def close(self) -> None:
        """Close every connection this object opened."""
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            try:
                conn.close()
            except Exception:  # noqa: S110
                pass
        self._local = threading.local()


def all_migrations() -> list[Migration]:
    """Every migration of the embedded schema, in order (repositories add theirs here)."""
    # Transitional: the Werkscan tables move out of the kernel with the storage engine.
    from blikopwerk._backends import outbox_sql
    from werkscan._leads import sql as leads_sql
    from werkscan._licensing import sql as licensing_sql

    return [*outbox_sql.MIGRATIONS, *licensing_sql.MIGRATIONS, *leads_sql.MIGRATIONS]


class SqlStorageBase:
    """A storage backend over a :class:`SqlDatabase`; SQLite and SQL plugins subclass it."""

    url: str
    capabilities: frozenset[str] = frozenset({"multiprocess", "persistent"})

    def __init__(self, url: str, dialect: SqlDialect) -> None:
        from blikopwerk._backends.outbox_sql import SqlOutbox

        self.url = url
        self.db = SqlDatabase(dialect)
        self.db.migrate(all_migrations())
        self.outbox = SqlOutbox(self.db)
        from werkscan._licensing import sql as licensing_sql

        self.licences = licensing_sql.SqlLicences(self.db)
        self.staffels = licensing_sql.SqlStaffels(self.db)
        self.access = licensing_sql.SqlAccess(self.db)
        from werkscan._leads import sql as leads_sql

        self.experts = leads_sql.SqlExpertRepository(self.db)
        self.leads = leads_sql.SqlLeadRepository(self.db)
        self.consents = leads_sql.SqlConsentRepository(self.db)

    def close(self) -> None:
        """Close the database connections."""
        self.db.close()

    def __enter__(self) -> SqlStorageBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
