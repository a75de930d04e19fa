"""The PostgreSQL dialect of blikopwerk's shared SQL layer, on psycopg 3."""

from __future__ import annotations

from typing import Any

import psycopg

from blikopwerk._backends.sql import Tx

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
    """PostgreSQL through psycopg 3: explicit transactions at one isolation level.

    Connections run in autocommit mode and every transaction starts with an explicit
    ``BEGIN ISOLATION LEVEL ...`` (``SERIALIZABLE`` by default), so the repositories, which
    were written for serialised writers, keep their meaning: PostgreSQL aborts any
    interleaving that no serial order could produce, and :meth:`SqlDatabase.run
    <blikopwerk._backends.sql.SqlDatabase.run>` runs the aborted transaction again.

    Args:
        conninfo: a libpq connection string or ``postgresql://`` URL.
        schema: put the tables in this schema (created by the first migration run).
        isolation: ``"SERIALIZABLE"`` or ``"REPEATABLE READ"``.
        application_name: reported in ``pg_stat_activity`` unless ``conninfo`` sets one.

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

    def __init__(
        self,
        conninfo: str,
        *,
        schema: str | None = None,
        isolation: str = "SERIALIZABLE",
        application_name: str = "blikopwerk",
    ) -> None:
        self.conninfo = conninfo
        self.schema = schema
        self.isolation = isolation
        self.application_name = application_name

    def connect(self) -> psycopg.Connection[Any]:
        """A new autocommit connection with the schema on its ``search_path``."""
        kwargs: dict[str, Any] = {"autocommit": True}
        if "application_name" not in self.conninfo:
            kwargs["application_name"] = self.application_name
        conn = psycopg.connect(self.conninfo, **kwargs)
        if self.schema is not None:
            conn.execute("SELECT set_config('search_path', %s, false)", (self.schema,))
        return conn

    def begin(self, conn: Any) -> None:
        """Start a transaction at the configured isolation level."""
        conn.execute(f"BEGIN ISOLATION LEVEL {self.isolation}")

    def is_transient(self, exc: BaseException) -> bool:
        """Whether ``exc`` may succeed on a retry: a serialization failure, a deadlock, a
        lock timeout, or a lost connection. A lost connection is marked
        ``_blikopwerk_reconnect`` so that the shared layer opens a new one first."""
        if not isinstance(exc, psycopg.OperationalError):
            return False
        state = exc.sqlstate
        if state in _RETRY_STATES:
            return True
        if state is None or state.startswith("08") or state in _RECONNECT_STATES:
            # No SQLSTATE: the client lost the socket ("server closed the connection
            # unexpectedly", "the connection is closed") or could not connect at all.
            exc._blikopwerk_reconnect = True  # type: ignore[attr-defined]
            return True
        return False

    def lock_migrations(self, tx: Tx) -> None:
        """Take a transaction-scoped advisory lock for this schema, then create the
        schema if it is missing; parallel openers thus migrate one after another."""
        tx.execute(
            "SELECT pg_advisory_xact_lock(?, hashtext(?))",
            (MIGRATION_LOCK_CLASS, self.schema or "<search_path>"),
        )
        if self.schema is not None:
            quoted = '"' + self.schema.replace('"', '""') + '"'
            tx.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
