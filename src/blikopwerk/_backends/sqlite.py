"""Embedded SQLite storage (``sqlite:///path``) on the SQL engine, stdlib ``sqlite3``."""

from __future__ import annotations

import sqlite3
import threading
import weakref
from pathlib import Path
from typing import Any

from blikopwerk._backends.sql import SqlDialect, SqlStorageBase, Tx
from blikopwerk._errors import InvalidValueError

__all__ = ["SQLiteDialect", "SQLiteStorage"]

#: Seconds between two checkpoints of a file database's write-ahead log.
CHECKPOINT_INTERVAL = 0.2


class SQLiteDialect:
    """SQLite: autocommit connections, ``BEGIN IMMEDIATE`` write transactions, WAL.

    ``BEGIN IMMEDIATE`` takes the database's write lock when the transaction starts, so
    transactions of several processes run one after another (SQLite's isolation is
    serializable); a writer that waits longer than ``timeout`` gets "database is
    locked", which :meth:`is_transient` retries.

    A file database's connections do not checkpoint the write-ahead log themselves
    (``wal_autocheckpoint=0``): SQLite's automatic checkpoint runs inside the commit
    that fills the log, which then waits for the disk, about one unit of work in
    thirty when each writes a few dozen pages. The storage's checkpointer thread
    (:class:`_Checkpointer`) moves the log into the database file every
    :data:`CHECKPOINT_INTERVAL` seconds instead, beside the writers; closing the last
    connection checkpoints as always.
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
            conn.execute("PRAGMA wal_autocheckpoint=0")  # the storage's checkpointer does it
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


class _Checkpointer:
    """A daemon thread that checkpoints one database file's write-ahead log on its own
    connection every ``interval`` seconds (``PRAGMA wal_checkpoint(PASSIVE)``: it never
    waits for, nor blocks, a writer; what a busy round leaves, the next one takes).

    The thread holds no reference to the storage: :meth:`stop` ends it, and so does
    the storage being garbage-collected without being closed.
    """

    def __init__(self, path: str, interval: float, owner: object) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(path, interval, self._stop),
                                        name="blikopwerk-sqlite-checkpoint", daemon=True)
        self._thread.start()
        weakref.finalize(owner, self._stop.set)

    @staticmethod
    def _run(path: str, interval: float, stop: threading.Event) -> None:
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:  # pragma: no cover - the file went away before the first round
            return
        try:
            while not stop.wait(interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:  # locked or gone: the next round tries again
                    pass
        finally:
            conn.close()

    def stop(self) -> None:
        """End the thread (after the round it may be in)."""
        self._stop.set()
        self._thread.join()


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

    def __init__(self, url: str, dialect: SqlDialect, **db_options: Any) -> None:
        super().__init__(url, dialect, **db_options)
        self._checkpointer: _Checkpointer | None = None
        if isinstance(dialect, SQLiteDialect) and dialect.path != ":memory:":
            self._checkpointer = _Checkpointer(dialect.path, CHECKPOINT_INTERVAL, self)

    def close(self) -> None:
        """Stop the checkpointer and close the database connections (the last one to
        close moves what is left of the log into the database file)."""
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        super().close()

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
