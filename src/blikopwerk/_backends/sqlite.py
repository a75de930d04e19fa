"""Embedded SQLite storage (``sqlite:///path``) on the SQL engine, stdlib ``sqlite3``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from blikopwerk._backends.sql import SqlStorageBase, Tx
from blikopwerk._errors import InvalidValueError

__all__ = ["SQLiteDialect", "SQLiteStorage"]


class SQLiteDialect:
    """SQLite: autocommit connections, ``BEGIN IMMEDIATE`` write transactions, WAL.

    ``BEGIN IMMEDIATE`` takes the database's write lock when the transaction starts, so
    transactions of several processes run one after another (SQLite's isolation is
    serializable); a writer that waits longer than ``timeout`` gets "database is
    locked", which :meth:`is_transient` retries.
    """

    name = "sqlite"
    placeholder = "?"
    sqlalchemy_url = "sqlite://"

    def __init__(self, path: str, timeout: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout

    def connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                               check_same_thread=False)
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
        return conn

    def begin_sql(self) -> str:
        return "BEGIN IMMEDIATE"

    def is_transient(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and (
            "locked" in str(exc) or "busy" in str(exc)
        )

    def lock_migrations(self, tx: Tx) -> None:
        """``BEGIN IMMEDIATE`` already holds the write lock."""


class SQLiteStorage(SqlStorageBase):
    """Storage in one SQLite file; several processes may open it (WAL mode).

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "demo.sqlite3")
        >>> s = SQLiteStorage.from_url(f"sqlite:///{path}")
        >>> sorted(s.capabilities)
        ['multiprocess', 'persistent']
        >>> s.close()
    """

    @classmethod
    def from_url(cls, url: str) -> SQLiteStorage:
        """``sqlite:///relative/path``, ``sqlite:////absolute/path``."""
        prefix = "sqlite:///"
        if not url.startswith(prefix) or len(url) == len(prefix):
            raise InvalidValueError("storage_url", url, "expected 'sqlite:///path/to/file'")
        path = url[len(prefix):]
        if path == ":memory:":
            raise InvalidValueError("storage_url", url, "use 'memory://' for in-memory storage")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return cls(url, SQLiteDialect(path))
