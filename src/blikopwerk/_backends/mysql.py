"""MariaDB and MySQL storage (``mysql+pymysql://user@host/db``) on the storage engine.

The dialect part of the engine for MariaDB 10.6+ (and MySQL 8), driver PyMySQL (extra
``mysql``). What differs from SQLite and PostgreSQL, all of it here:

* **Upsert**: ``INSERT ... ON CONFLICT DO NOTHING`` becomes ``INSERT IGNORE``, and
  ``ON CONFLICT (...) DO UPDATE SET c = excluded.c`` becomes ``ON DUPLICATE KEY UPDATE
  c = VALUES(c)``; ``INSERT ... RETURNING`` is MariaDB's own.
* **UPDATE ... RETURNING** (which MariaDB lacks) becomes the ``UPDATE`` and a read of
  the returned columns with the same condition when the update sets no column the
  condition reads (the update's locks keep the condition's rows as they are); else a
  locking read of the rows' primary keys (``SELECT ... FOR UPDATE`` with the same
  condition), the ``UPDATE`` of those rows, and a read of the returned columns. One
  transaction, the same rows and values. Each statement is translated once.
* **Isolation**: ``SERIALIZABLE`` sessions (InnoDB takes shared locks on plain reads), so
  the repositories keep the meaning they have under SQLite's serialised writers;
  deadlocks (1213) and lock-wait timeouts (1205) are transient and retried.
* **Locking** of migrations: ``GET_LOCK`` on a name per database (DDL commits implicitly
  in MariaDB, so the lock is a session lock, released after the upgrade).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from blikopwerk._backends.sql import SqlStorageBase, Tx
from blikopwerk._errors import InvalidValueError

__all__ = ["MySQLDialect", "MySQLStorage"]

_UPDATE_RETURNING = re.compile(
    r"^\s*UPDATE\s+(?P<table>\w+)\s+SET\s+(?P<set>.*?)\s+WHERE\s+(?P<where>.*)\s+RETURNING\s+(?P<cols>.*?)\s*$",
    re.S | re.I)
_ON_CONFLICT_NOTHING = re.compile(r"\s+ON CONFLICT(\s*\([^)]*\))?\s+DO NOTHING", re.I)
_ON_CONFLICT_UPDATE = re.compile(r"\s+ON CONFLICT\s*\([^)]*\)\s+DO UPDATE SET\s+", re.I)
_EXCLUDED = re.compile(r"excluded\.(\w+)", re.I)
#: MariaDB/MySQL error numbers after which running the transaction again can succeed.
_RETRY = frozenset({1213, 1205, 1020})
#: ... and those that mean the connection is gone: reconnect first.
_RECONNECT = frozenset({2002, 2003, 2006, 2013, 2055, 1927, 4031})


class _Rows:
    """A fetched result (for the statements this dialect splits)."""

    def __init__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self._rows = list(rows)

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows


_WORD = re.compile(r"[A-Za-z_]\w*")


@lru_cache(maxsize=512)
def _plan(sql: str) -> str | tuple[str, str, str, str, int, bool, str, str]:
    """A statement translated once: MariaDB's text, or for ``UPDATE ... RETURNING`` its
    parts (placeholders translated), the number of placeholders in ``SET``, whether
    the condition reads none of the columns the update sets, and then the update and the
    read of the returned columns under the same condition."""
    m = _UPDATE_RETURNING.match(sql)
    if m is None:
        return MySQLDialect.translate(sql)
    table, set_part, where, cols = (m["table"], m["set"].replace("?", "%s"),
                                    m["where"].replace("?", "%s"), m["cols"])
    assigned = {a.split("=", 1)[0].strip().lower() for a in _split_assignments(m["set"])}
    read = {w.lower() for w in _WORD.findall(m["where"])}
    return (table, set_part, where, cols, m["set"].count("?"), not (assigned & read),
            f"UPDATE {table} SET {set_part} WHERE {where}", f"SELECT {cols} FROM {table} WHERE {where}")


def _split_assignments(set_part: str) -> list[str]:
    """``a = ?, b = coalesce(x, ?)`` -> the assignments (commas inside brackets kept)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(set_part):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(set_part[start:i])
            start = i + 1
    parts.append(set_part[start:])
    return parts


def _primary_key(table: str) -> list[str]:
    from blikopwerk._backends.schema import metadata

    return [c.name for c in metadata.tables[table].primary_key.columns]


class MySQLDialect:
    """MariaDB/MySQL through PyMySQL: ``SERIALIZABLE`` sessions, ``INSERT IGNORE``,
    ``UPDATE ... RETURNING`` emulated under row locks.

    Example:
        >>> d = MySQLDialect({"host": "db", "user": "app", "database": "werk"})
        >>> d.translate("INSERT INTO t (id) VALUES (?) ON CONFLICT (id) DO NOTHING RETURNING id")
        'INSERT IGNORE INTO t (id) VALUES (%s) RETURNING id'
    """

    name = "mysql"
    placeholder = "%s"
    sqlalchemy_url = "mysql+pymysql://"
    #: PyMySQL's cursors buffer each result whole: one per connection serves every unit.
    reuse_cursor = True

    def __init__(self, connect_args: dict[str, Any], *, connect_timeout: int = 10) -> None:
        self.connect_args = connect_args
        self.connect_timeout = connect_timeout

    def connect(self) -> Any:
        import pymysql

        conn = pymysql.connect(autocommit=True, charset="utf8mb4",
                               connect_timeout=self.connect_timeout, **self.connect_args)
        with conn.cursor() as cur:
            cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE")
            cur.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'")
        return conn

    def begin_sql(self) -> str:
        return "START TRANSACTION"

    @staticmethod
    def translate(sql: str) -> str:
        """The statement in MariaDB's SQL (not ``UPDATE ... RETURNING``; see :meth:`execute`)."""
        sql = sql.replace("?", "%s")
        if _ON_CONFLICT_NOTHING.search(sql):
            sql = _ON_CONFLICT_NOTHING.sub("", sql).replace("INSERT INTO", "INSERT IGNORE INTO", 1)
        elif _ON_CONFLICT_UPDATE.search(sql):
            sql = _EXCLUDED.sub(r"VALUES(\1)", _ON_CONFLICT_UPDATE.sub(" ON DUPLICATE KEY UPDATE ", sql))
        return sql

    def execute(self, cursor: Any, sql: str, params: Sequence[Any]) -> Any:
        """Run one repository statement; ``UPDATE ... RETURNING`` in two or three."""
        plan = _plan(sql)
        if isinstance(plan, str):
            cursor.execute(plan, tuple(params))
            return cursor
        table, set_part, where, cols, n_set, stable, update, select = plan
        set_params, where_params = tuple(params[:n_set]), tuple(params[n_set:])
        if stable:
            # The update changes no column its condition reads: under SERIALIZABLE the
            # update keeps every row it examined locked (next-key locks: no row joins or
            # leaves the condition meanwhile), so the same condition reads back exactly
            # the rows it updated, as they are now. Two statements, not three.
            cursor.execute(update, set_params + where_params)
            cursor.execute(select, where_params)
            return _Rows([tuple(r) for r in cursor.fetchall()])
        pk = _primary_key(table)
        keys = ", ".join(pk)
        cursor.execute(f"SELECT {keys} FROM {table} WHERE {where} FOR UPDATE",
                       where_params)
        found = [tuple(r) for r in cursor.fetchall()]
        if not found:
            return _Rows([])
        match = " OR ".join("(" + " AND ".join(f"{c} = %s" for c in pk) + ")" for _ in found)
        flat = tuple(v for row in found for v in row)
        cursor.execute(f"UPDATE {table} SET {set_part} WHERE {match}",
                       set_params + flat)
        cursor.execute(f"SELECT {cols} FROM {table} WHERE {match}", flat)
        return _Rows([tuple(r) for r in cursor.fetchall()])

    def is_transient(self, exc: BaseException) -> bool:
        import pymysql

        if not isinstance(exc, pymysql.err.MySQLError):
            return False
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
        if code in _RETRY:
            return True
        if code in _RECONNECT or isinstance(exc, pymysql.err.InterfaceError):
            exc._blikopwerk_reconnect = True  # type: ignore[attr-defined]
            return True
        return False

    def lock_migrations(self, tx: Tx) -> None:
        """A session lock named after the database (DDL commits implicitly here)."""
        tx.execute("SELECT GET_LOCK(CONCAT('blikopwerk_migrations.', DATABASE()), 120)")

    def unlock_migrations(self, tx: Tx) -> None:
        tx.execute("SELECT RELEASE_LOCK(CONCAT('blikopwerk_migrations.', DATABASE()))")


class MySQLStorage(SqlStorageBase):
    """Storage on MariaDB 10.6+ or MySQL 8 (``mysql+pymysql://user:pw@host:3306/db``).

    The database must exist; the tables are created (and upgraded) when it is opened.
    Several processes may use one database (capabilities ``multiprocess`` and
    ``persistent``). URL options: ``retries``, ``pool_size``, ``max_overflow``,
    ``pool_timeout``, ``unavailable_after`` (as for PostgreSQL).

    Example:
        >>> MySQLStorage.from_url("mysql://db")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: storage_url: expected 'mysql+pymysql://user@host/database' (got 'mysql://db')
    """

    @classmethod
    def from_url(cls, url: str) -> MySQLStorage:
        """Open (and migrate) the storage at ``url``."""
        parts = urlsplit(url)
        database = parts.path.lstrip("/")
        if parts.scheme.lower() not in ("mysql", "mysql+pymysql") \
                or not parts.hostname or not database:
            raise InvalidValueError("storage_url", url, "expected 'mysql+pymysql://user@host/database'")
        own = dict(parse_qsl(parts.query))
        options: dict[str, Any] = {}
        for key, default in (("retries", 30), ("pool_size", 5), ("max_overflow", 10),
                             ("pool_timeout", 30), ("unavailable_after", 10)):
            text = own.get(key, str(default))
            if not text.isdigit():
                raise InvalidValueError(f"storage_url.{key}", text, "expected a whole number >= 0")
            options[key] = int(text)
        args = {"host": parts.hostname, "port": parts.port or 3306, "user": parts.username or "root",
                "password": parts.password or "", "database": database}
        return cls(url, MySQLDialect(args, connect_timeout=max(options["unavailable_after"], 1)),
                   **options)
