"""The PostgreSQL dialect of blikopwerk's shared SQL layer, on psycopg 3."""

from __future__ import annotations

import threading
from typing import Any

import psycopg

from blikopwerk.storage import Tx

__all__ = ["MIGRATION_LOCK_CLASS", "PostgresDialect"]

#: First key of the advisory lock that serialises migrations (the second is the schema's
#: hash), so that processes opening one database at once migrate it exactly once.
MIGRATION_LOCK_CLASS = 0x626F57  # "boW"

#: SQLSTATEs after which the transaction was rolled back and running it again can succeed.
_RETRY_STATES = frozenset({
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available (lock_timeout)
})
#: SQLSTATEs that mean the server ended the session: reconnect, then retry.
_RECONNECT_STATES = frozenset({
    "57P01",  # admin_shutdown (pg_terminate_backend, a fast shutdown)
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now (the server is starting)
})


class PostgresDialect:
    """PostgreSQL through psycopg 3: explicit transactions, serializable by default.

    Connections run in autocommit mode and every transaction starts with an explicit
    ``BEGIN ISOLATION LEVEL ...`` (``SERIALIZABLE`` by default), so the repositories, which
    were written for serialised writers, keep their meaning: PostgreSQL aborts any
    interleaving that no serial order could produce, and ``SqlDatabase.run`` (the storage engine) runs the
    aborted transaction again.

    Optimistic retries alone can starve an operation on a hot row (a staffel counter that
    eight processes bump continuously): each attempt may meet a newer committed version
    and fail again. So after ``fallback_after`` consecutive serialization failures or
    deadlocks of one operation, its next attempt runs at ``READ COMMITTED``, where an
    ``UPDATE`` waits in the row's lock queue and then applies to the newest version instead
    of failing. The repositories are written for that too (conditional updates,
    ``ON CONFLICT``), so the fallback keeps every exactly-once guarantee; the one visible
    difference is that an outbox ``claim`` in that attempt may return fewer messages than
    its limit while others remain due.

    Args:
        conninfo: a libpq connection string or ``postgresql://`` URL.
        schema: put the tables in this schema (created by the first migration run).
        isolation: ``"SERIALIZABLE"``, ``"REPEATABLE READ"`` or ``"READ COMMITTED"``.
        application_name: reported in ``pg_stat_activity`` unless ``conninfo`` sets one.
        fallback_after: consecutive conflicts before an attempt runs at ``READ
            COMMITTED``; 0 never falls back.
        connect_timeout: seconds one connection attempt may take, unless ``conninfo``
            says.

    Example:
        >>> import psycopg
        >>> d = PostgresDialect("postgresql://localhost/test")
        >>> d.placeholder
        '%s'
        >>> d.is_transient(psycopg.errors.SerializationFailure("could not serialize"))
        True
        >>> d.is_transient(psycopg.errors.UniqueViolation("duplicate key"))
        False
    """

    name = "postgresql"
    placeholder = "%s"
    sqlalchemy_url = "postgresql+psycopg://"
    #: psycopg's client-side cursors hold no server state between statements: one per
    #: connection serves every unit of work.
    reuse_cursor = True

    def __init__(
        self,
        conninfo: str,
        *,
        schema: str | None = None,
        isolation: str = "SERIALIZABLE",
        application_name: str = "blikopwerk",
        fallback_after: int = 5,
        connect_timeout: int | None = None,
    ) -> None:
        self.conninfo = conninfo
        self.schema = schema
        self.isolation = isolation
        self.application_name = application_name
        self.fallback_after = fallback_after
        self.connect_timeout = connect_timeout
        self._state = threading.local()  # per thread: is the next begin a retry, conflicts so far
        self._schema_ready = False

    def connect(self) -> psycopg.Connection[Any]:
        """A new autocommit connection with the schema on its ``search_path``."""
        kwargs: dict[str, Any] = {"autocommit": True}
        if "application_name" not in self.conninfo:
            kwargs["application_name"] = self.application_name
        if self.connect_timeout is not None and "connect_timeout" not in self.conninfo:
            kwargs["connect_timeout"] = self.connect_timeout
        conn = psycopg.connect(self.conninfo, **kwargs)
        if self.schema is not None:
            if not self._schema_ready:
                self._create_schema(conn)
            conn.execute("SELECT set_config('search_path', %s, false)", (self.schema,))
        return conn

    def _create_schema(self, conn: psycopg.Connection[Any]) -> None:
        """Create the schema once, under the migration lock (``CREATE SCHEMA IF NOT
        EXISTS`` alone races between processes)."""
        assert self.schema is not None
        quoted = '"' + self.schema.replace('"', '""') + '"'
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                         (MIGRATION_LOCK_CLASS, self.schema))
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
        self._schema_ready = True

    def isolation_for_next(self) -> str:
        """The level the calling thread's next ``begin`` uses (see the class docstring).

        Example:
            >>> import psycopg
            >>> d = PostgresDialect("postgresql://localhost/test", fallback_after=2)
            >>> conflict = psycopg.errors.SerializationFailure("could not serialize")
            >>> levels = []
            >>> for _ in range(3):
            ...     levels.append(d.isolation_for_next())
            ...     d._started()
            ...     _ = d.is_transient(conflict)
            >>> levels.append(d.isolation_for_next())
            >>> levels
            ['SERIALIZABLE', 'SERIALIZABLE', 'READ COMMITTED', 'READ COMMITTED']
        """
        st = self._state
        retrying = getattr(st, "retrying", False)
        conflicts = getattr(st, "conflicts", 0) if retrying else 0
        if self.fallback_after and conflicts >= self.fallback_after:
            return "READ COMMITTED"
        return self.isolation

    def _started(self) -> None:
        st = self._state
        if not getattr(st, "retrying", False):
            st.conflicts = 0
        st.retrying = False

    def begin_sql(self) -> str:
        """The statement that starts a transaction: at the configured level, or ``READ
        COMMITTED`` for an operation that lost ``fallback_after`` conflicts in a row."""
        level = self.isolation_for_next()
        self._started()
        return f"BEGIN ISOLATION LEVEL {level}"

    def is_transient(self, exc: BaseException) -> bool:
        """Whether ``exc`` may succeed on a retry: a serialization failure, a deadlock, a
        lock timeout, or a lost connection. A lost connection is marked
        ``_blikopwerk_reconnect`` so that the shared layer opens a new one first."""
        st = self._state
        st.retrying = False
        if not isinstance(exc, psycopg.OperationalError):
            return False
        state = exc.sqlstate
        if state in _RETRY_STATES:
            st.retrying = True
            st.conflicts = getattr(st, "conflicts", 0) + 1
            return True
        if state is None or state.startswith("08") or state in _RECONNECT_STATES:
            # No SQLSTATE: the client lost the socket ("server closed the connection
            # unexpectedly", "the connection is closed") or could not connect at all.
            exc._blikopwerk_reconnect = True  # type: ignore[attr-defined]
            st.retrying = True
            return True
        return False

    def lock_migrations(self, tx: Tx) -> None:
        """Take a transaction-scoped advisory lock for this schema; parallel openers
        thus migrate one after another (the schema itself is created at connect)."""
        tx.execute(
            "SELECT pg_advisory_xact_lock(?, hashtext(?))",
            (MIGRATION_LOCK_CLASS, self.schema or "<search_path>"),
        )

