"""The SQL storage engine: SQLAlchemy Core 2.x, Alembic migrations, units of work.

One implementation serves every SQL database. :class:`SqlDatabase` owns a SQLAlchemy
:class:`~sqlalchemy.engine.Engine` with a bounded pool; each thread holds one pooled
connection while it lives (returned to the pool when the thread ends or on
:meth:`SqlDatabase.release`), so the hot path never checks a connection out. A unit of
work (:meth:`SqlDatabase.run`) is one transaction, retried on transient errors with a
bounded, jittered backoff; a database that stays unreachable raises
:class:`~blikopwerk.StorageUnavailableError` once ``unavailable_after`` seconds have
passed.

Repositories see a :class:`Tx`: statements in the common subset of SQLite 3.35+,
PostgreSQL 15 and MariaDB 10.6 with ``?`` placeholders (a dialect rewrites them), TEXT
ids, INTEGER counts, money as TEXT decimals, times as ISO-8601 UTC text (which sorts as
time). What differs between databases is a small :class:`SqlDialect`: how a transaction
begins (isolation, write locks), which errors are transient, and the migration lock.
The kernel's schema is :mod:`blikopwerk._backends.schema`, its changes Alembic
revisions; storage extensions add their tables, revisions and repositories
(:mod:`blikopwerk._backends.extensions`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import random
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Protocol, TypeVar

import attrs
import sqlalchemy as sa
from sqlalchemy.pool import QueuePool, StaticPool

from blikopwerk._calendar import require_aware
from blikopwerk._errors import StorageUnavailableError
from blikopwerk._values import check_storable

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
    """Deprecated: the hand-written migration steps, replaced by Alembic revisions.

    Kept so that old imports keep working for one release; nothing applies them.
    """

    id: str
    statements: tuple[str, ...]


class Tx(Protocol):
    """What repositories see inside a unit of work (one transaction)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


class SqlDialect(Protocol):
    """The database-specific part of the engine (see the plugin author guide).

    ``connect`` returns a new DB-API connection in autocommit mode (the engine's pool
    calls it); ``begin_sql`` is the statement that opens a transaction (``BEGIN
    IMMEDIATE`` on SQLite, ``BEGIN ISOLATION LEVEL SERIALIZABLE`` on PostgreSQL);
    ``is_transient`` says whether a failed transaction may succeed when run again and
    marks lost connections (``_blikopwerk_reconnect``); ``lock_migrations`` serialises
    processes that migrate one database at once. The engine ends a transaction with the
    DB-API connection's ``commit()`` or ``rollback()``. Optional: ``reuse_cursor = True``
    when one cursor of a connection may serve every unit of work (a cursor that holds
    no state after its unit; SQLite's does: it is made for each unit and closed after).
    """

    name: str
    placeholder: str
    sqlalchemy_url: str

    def connect(self) -> Any: ...

    def begin_sql(self) -> str: ...

    def is_transient(self, exc: BaseException) -> bool: ...

    def lock_migrations(self, tx: Tx) -> None: ...


class _Tx:
    """A :class:`Tx` on a held connection. Statements go to a DB-API cursor of the
    connection SQLAlchemy checked out of its pool (the driver's own statement cache
    applies; no per-call result metadata is built), so the driver's own errors reach the
    dialect's :meth:`~SqlDialect.is_transient`. The transaction is begun and ended on
    the DB-API connection; a SQLAlchemy transaction is begun on the same one only when
    :attr:`connection` is asked for (Core statements, Alembic) or the engine has
    transaction event listeners. A unit's ``Tx`` refuses statements once the unit is
    over (nothing runs outside a transaction)."""

    __slots__ = ("_cur", "_custom", "_held", "_ph", "_trans", "name")

    def __init__(self, held: _Held, dialect: SqlDialect) -> None:
        self._held = held
        #: the dialect's name, for a repository whose quickest statement differs by database
        self.name = dialect.name
        self._ph = dialect.placeholder
        # a dialect whose SQL differs more than in placeholders runs statements itself
        self._custom: Callable[[Any, str, Sequence[Any]], Any] | None = getattr(
            dialect, "execute", None)
        self._cur: Any = held.cursor()
        self._trans: sa.RootTransaction | None = None

    @property
    def connection(self) -> sa.Connection:
        """The SQLAlchemy connection (for Core statements and Alembic), in a SQLAlchemy
        transaction on the unit's own (begun here; ended with the unit)."""
        if self._trans is None:
            self._trans = self._held.conn.begin()
        return self._held.conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            if self._custom is not None:
                return self._custom(self._cur, sql, params)
            self._cur.execute(sql if self._ph == "?" else _placeholders(sql, self._ph), tuple(params))
        except Exception:
            _refuse_unstorable(params)  # a NUL byte in a looked-up id: the library's error
            raise
        return self._cur

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row = self.execute(sql, params).fetchone()
        return None if row is None else tuple(row)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.execute(sql, params).fetchall()]

    def close(self) -> None:
        """End the ``Tx`` (not the transaction): later statements are refused; a cursor
        the held connection does not keep is closed."""
        cur, self._cur = self._cur, _OVER
        self._held.done_with(cur)


@lru_cache(maxsize=1024)
def _placeholders(sql: str, placeholder: str) -> str:
    """``sql`` with its ``?`` placeholders written as the driver's (once per statement)."""
    return sql.replace("?", placeholder)


class _Over:
    """The cursor of a ``Tx`` whose unit of work is over."""

    __slots__ = ()

    def execute(self, *args: Any) -> Any:
        raise sa.exc.ResourceClosedError("this unit of work is over; run statements inside it")


_OVER = _Over()


def _refuse_unstorable(params: Sequence[Any]) -> None:
    """After a driver error: a parameter no backend stores alike (a NUL byte, which
    PostgreSQL refuses) is the caller's input, so the library's error names it.
    Records refuse such text when they are built; this covers ids that are looked up."""
    for value in params:
        check_storable(value, "id")


def _unwrap(exc: sa.exc.DBAPIError) -> BaseException:
    """The driver's own error (repositories and dialects reason about those), marked
    when SQLAlchemy saw that the connection is gone."""
    orig = exc.orig if isinstance(exc.orig, BaseException) else exc
    if exc.connection_invalidated:
        try:
            orig._blikopwerk_reconnect = True  # type: ignore[attr-defined]
        except AttributeError:  # pragma: no cover - a driver error with __slots__
            pass
    return orig


class _Held:
    """A thread's connection; closing it (the thread ended) returns it to the pool.

    Units of work begin and end their transactions on the DB-API connection itself
    (``begin_sql``, then the driver's ``commit()`` or ``rollback()``: what SQLAlchemy's
    own transaction calls in ``AUTOCOMMIT`` mode), and, where the dialect says its
    cursors may be kept (``reuse_cursor``), every unit uses one cursor."""

    __slots__ = ("__weakref__", "conn", "dbapi", "events", "kept")

    def __init__(self, conn: sa.Connection, reuse_cursor: bool) -> None:
        self.conn = conn
        dbapi: Any = conn.connection.dbapi_connection
        self.dbapi = dbapi
        # listeners of SQLAlchemy's transaction events (an app's engine) keep hearing them
        dispatch = conn.dispatch
        self.events = bool(dispatch.begin or dispatch.commit or dispatch.rollback)
        self.kept: Any = dbapi.cursor() if reuse_cursor else None

    def cursor(self) -> Any:
        """The cursor for a unit of work."""
        return self.kept if self.kept is not None else self.dbapi.cursor()

    def done_with(self, cursor: Any) -> None:
        """A unit of work is over: close its cursor unless it is the kept one (closing
        a SQLite cursor resets its statement, which would otherwise hold a snapshot)."""
        if cursor is not self.kept:
            try:
                cursor.close()
            except Exception:  # noqa: S110 - a broken connection may fail to close a cursor
                pass


def _close_quietly(conn: sa.Connection) -> None:
    try:
        conn.close()
    except Exception:  # noqa: S110 - a broken connection may fail to close
        pass


class SqlDatabase:
    """A SQLAlchemy engine with per-thread held connections and retried units of work.

    Args:
        dialect: the database-specific part.
        retries: how often a transient failure is retried (then the error is raised).
        pool_size: connections kept in the pool (each thread that uses the storage holds
            one while it lives).
        max_overflow: connections opened beyond ``pool_size`` when every pooled one is
            held; ``pool_size + max_overflow`` is the hard maximum.
        pool_timeout: seconds to wait for a free connection before
            :class:`~blikopwerk.StorageUnavailableError`.
        unavailable_after: seconds after which a database that keeps failing to
            connect (or keeps dropping the connection) gives up with
            :class:`~blikopwerk.StorageUnavailableError`.
        engine: use this engine instead of creating one (``open_storage(engine)``).
        shared: one connection for every thread, serialised by a lock (in-memory SQLite).
    """

    def __init__(self, dialect: SqlDialect, *, retries: int = 12, pool_size: int = 5,
                 max_overflow: int = 10, pool_timeout: float = 30.0,
                 unavailable_after: float = 10.0, engine: sa.Engine | None = None,
                 shared: bool = False) -> None:
        self.dialect = dialect
        self.retries = retries
        self.unavailable_after = unavailable_after
        self.shared = shared
        self._own_engine = engine is None
        if engine is None:
            if shared:
                engine = sa.create_engine(dialect.sqlalchemy_url, creator=self._connect,
                                          poolclass=StaticPool, isolation_level="AUTOCOMMIT")
            else:
                engine = sa.create_engine(
                    dialect.sqlalchemy_url, creator=self._connect, poolclass=QueuePool,
                    pool_size=pool_size, max_overflow=max_overflow, pool_timeout=pool_timeout,
                    isolation_level="AUTOCOMMIT")
        else:
            engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.engine: sa.Engine = engine
        self._local = threading.local()
        self._held: weakref.WeakSet[_Held] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._shared_lock = threading.RLock()

    def _connect(self) -> Any:
        # looked up at each call, so a test may replace ``dialect.connect``
        return self.dialect.connect()

    def _conn(self) -> sa.Connection:
        return self._hold().conn

    def _hold(self) -> _Held:
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None:
            return held
        try:
            conn = self.engine.connect()
        except sa.exc.TimeoutError as exc:
            raise StorageUnavailableError(
                f"no free database connection within the pool timeout: {exc}") from exc
        except sa.exc.DBAPIError as exc:
            raise _unwrap(exc) from None
        try:
            held = _Held(conn, bool(getattr(self.dialect, "reuse_cursor", False)))
        except BaseException:
            _close_quietly(conn)
            raise
        weakref.finalize(held, _close_quietly, conn)
        self._local.held = held
        with self._lock:
            self._held.add(held)
        return held

    def release(self) -> None:
        """Return the calling thread's connection to the pool (it is checked out again
        by the thread's next unit of work). Threads that end release theirs too."""
        held: _Held | None = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None:
            with self._lock:
                self._held.discard(held)
            _close_quietly(held.conn)

    _drop_conn = release

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One transaction: committed on success, rolled back on any error."""
        if self.shared:
            with self._shared_lock:
                with self._transaction() as tx:
                    yield tx
        else:
            with self._transaction() as tx:
                yield tx

    @contextmanager
    def _transaction(self) -> Iterator[Tx]:
        tx = self._begin()
        try:
            yield tx
        except BaseException:
            self._end(tx, commit=False)
            raise
        self._end(tx, commit=True)

    def _attempt(self, fn: Callable[[Tx], T]) -> T:
        """One transaction running ``fn`` (:meth:`_transaction` without the context
        manager: the hot path of every unit of work); committed on success, rolled back
        on any error."""
        tx = self._begin()
        try:
            result = fn(tx)
        except BaseException:
            self._end(tx, commit=False)
            raise
        self._end(tx, commit=True)
        return result

    def _begin(self) -> _Tx:
        """The calling thread's connection in a new transaction (``begin_sql``)."""
        held = self._hold()
        tx: _Tx | None = None
        try:
            tx = _Tx(held, self.dialect)
            if held.events:
                tx.connection  # noqa: B018 - begins SQLAlchemy's transaction (its events)
            tx._cur.execute(self.dialect.begin_sql())
        except BaseException as exc:
            self._give_back(held, None if tx is None else tx._trans)
            if isinstance(exc, sa.exc.DBAPIError):
                raise _unwrap(exc) from None
            raise
        return tx

    def _end(self, tx: _Tx, *, commit: bool) -> None:
        """Commit or roll back the unit's transaction, on the driver or through
        SQLAlchemy. A connection that cannot is given back (its state is unknown); a
        failed commit raises the driver's error, a failed rollback does not (the unit's
        own error is already on its way)."""
        trans = tx._trans
        tx.close()
        try:
            if trans is None:
                tx._held.dbapi.commit() if commit else tx._held.dbapi.rollback()
            else:
                trans.commit() if commit else trans.rollback()
        except BaseException as exc:
            self._give_back(tx._held, trans)
            if not commit and isinstance(exc, Exception):
                return
            if isinstance(exc, sa.exc.DBAPIError):
                raise _unwrap(exc) from None
            raise

    def _give_back(self, held: _Held, trans: sa.RootTransaction | None) -> None:
        """After a failure that may have lost the connection: roll back through
        SQLAlchemy (which, finding the connection lost, invalidates it and the pooled
        connections opened before, as with its own transactions), then return the
        connection to the pool."""
        try:
            (trans if trans is not None else held.conn.begin()).rollback()
        except Exception:  # noqa: S110 - the connection is given back either way
            pass
        self.release()

    def run(self, fn: Callable[[Tx], T]) -> T:
        """Run ``fn`` as one unit of work, retrying on transient errors (busy,
        serialisation, a dropped connection) with jittered backoff. A transaction that
        failed was rolled back, so a retry never duplicates work; every exactly-once
        operation is keyed, so a commit whose answer was lost finds its own work.

        Raises:
            StorageUnavailableError: the database stayed unreachable (or kept dropping
                the connection) for ``unavailable_after`` seconds or ``retries`` attempts.
        """
        delay = 0.005
        started = time.monotonic()
        for attempt in range(self.retries + 1):
            try:
                if self.shared:
                    with self._shared_lock:
                        return self._attempt(fn)
                return self._attempt(fn)
            except StorageUnavailableError:
                raise
            except Exception as exc:
                transient = self.dialect.is_transient(exc)
                lost = bool(getattr(exc, "_blikopwerk_reconnect", False))
                if lost:
                    self.release()
                out_of_time = time.monotonic() - started >= self.unavailable_after
                if not transient or attempt == self.retries or (lost and out_of_time):
                    if lost:
                        raise StorageUnavailableError(
                            f"the {self.dialect.name} database is unreachable: "
                            f"{str(exc).strip() or type(exc).__name__}") from exc
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Return every held connection and close the pool (an engine passed in by
        the app is left open for the app)."""
        with self._lock:
            held, self._held = list(self._held), weakref.WeakSet()
        for h in held:
            _close_quietly(h.conn)
        self._local = threading.local()
        if self._own_engine:
            self.engine.dispose()
        else:
            self.engine.dispose(close=False)


#: How the next :class:`SqlStorageBase` opened in this context treats the schema:
#: ``"upgrade"`` (default), ``"check"`` (refuse an older database) or ``"inspect"``
#: (neither; for :func:`blikopwerk.storage.current_revision`).
OPEN_MODE: contextvars.ContextVar[str] = contextvars.ContextVar("blikopwerk_open_mode",
                                                                default="upgrade")
#: An engine the app passed to :func:`blikopwerk.storage.open_storage`.
OPEN_ENGINE: contextvars.ContextVar[sa.Engine | None] = contextvars.ContextVar(
    "blikopwerk_open_engine", default=None)


def all_migrations() -> list[Migration]:
    """Deprecated: the hand-written migrations are Alembic revisions now; always empty."""
    return []


class SqlStorageBase:
    """A storage backend over a :class:`SqlDatabase`; every SQL backend subclasses it.

    Opening brings the database to the code's schema revisions (Alembic, under the
    dialect's migration lock: the kernel's and every installed storage extension's
    branch) and refuses a database whose revision is newer than the code
    (:class:`~blikopwerk.StorageVersionError`). The kernel's storage has the ``outbox``;
    each storage extension then attaches its own repositories as attributes.
    """

    url: str
    capabilities: frozenset[str] = frozenset({"multiprocess", "persistent"})

    def __init__(self, url: str, dialect: SqlDialect, **db_options: Any) -> None:
        from blikopwerk._backends.extensions import attach_extensions
        from blikopwerk._backends.outbox_sql import SqlOutbox
        from blikopwerk.storage._migrate import migrate_database

        self.url = url
        engine = OPEN_ENGINE.get()
        if engine is not None:
            db_options["engine"] = engine
        self.db = SqlDatabase(dialect, **db_options)
        mode = OPEN_MODE.get()
        try:
            if mode != "inspect":
                migrate_database(self.db, upgrade=mode == "upgrade")
        except BaseException:
            self.db.close()
            raise
        self.outbox = SqlOutbox(self.db)
        if mode != "inspect":
            try:
                attach_extensions(self)
            except BaseException:
                self.db.close()
                raise

    def unit_of_work(self) -> Any:
        """A context manager: one transaction (a :class:`Tx`) for several steps."""
        return self.db.transaction()

    def close(self) -> None:
        """Close the database connections."""
        self.db.close()

    def __enter__(self) -> SqlStorageBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
