"""The kernel's tables, on the library's shared SQLAlchemy :class:`~sqlalchemy.MetaData`.

Every SQL backend (SQLite, PostgreSQL, MariaDB/MySQL, ``memory://``) uses these tables;
their changes are the Alembic revisions in :mod:`blikopwerk._migrations`. The kernel
declares only its own tables (the outbox); a domain package declares its tables on the
same :data:`metadata` with :func:`define_table` and ships their revisions as an Alembic
branch of its own (a storage extension, :mod:`blikopwerk._backends.extensions`).

Columns keep the portable types of the first schema: ids and texts as ``TEXT``, counts
as ``INTEGER``, money as decimal text, instants as ISO-8601 UTC text (which sorts as
time), days as ISO dates. A key column is ``TEXT`` everywhere except MySQL/MariaDB,
which cannot index ``TEXT`` and gets ``VARCHAR(255)`` (the one dialect variant of the
schema).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

__all__ = ["KEY", "TABLE_OPTIONS", "define_table", "int_column", "key_column", "metadata",
           "tables", "text_column"]

#: Naming convention, so that constraint names are the same on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: The library's tables: the kernel's, and those of every storage extension whose
#: tables were declared (:func:`blikopwerk.storage.full_metadata` declares them all).
metadata = sa.MetaData(naming_convention=NAMING)

#: A key or indexed text column (``TEXT``; ``VARCHAR(255)`` on MySQL/MariaDB).
KEY = sa.Text().with_variant(sa.String(255), "mysql", "mariadb")

#: Table options on MariaDB/MySQL: InnoDB, utf8mb4 with binary collation (ids compare
#: exactly, as on the other databases).
TABLE_OPTIONS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4",
                                 "mysql_collate": "utf8mb4_bin"}


def define_table(name: str, *elements: Any) -> sa.Table:
    """A table of the library on :data:`metadata`, with the MariaDB/MySQL options.

    Example:
        >>> t = define_table("example_notes", key_column("id", primary_key=True), text_column("body"))
        >>> t.name, t.dialect_kwargs["mysql_engine"]
        ('example_notes', 'InnoDB')
        >>> metadata.remove(t)
    """
    return sa.Table(name, metadata, *elements, **TABLE_OPTIONS)


def key_column(name: str, *args: Any, **kw: Any) -> sa.Column[str]:
    """A key or indexed text column (:data:`KEY`)."""
    return sa.Column(name, KEY, *args, **kw)


def text_column(name: str, nullable: bool = False) -> sa.Column[str]:
    """A text column, ``NOT NULL`` unless ``nullable``."""
    return sa.Column(name, sa.Text, nullable=nullable)


def int_column(name: str, nullable: bool = False, default: int | None = None) -> sa.Column[int]:
    """An integer column, ``NOT NULL`` unless ``nullable``, with an optional server default."""
    return sa.Column(name, sa.Integer, nullable=nullable,
                     server_default=None if default is None else sa.text(str(default)))


_key, _text, _int = key_column, text_column, int_column

# -- the outbox -------------------------------------------------------------------------

outbox = define_table(
    "outbox",
    _key("id", primary_key=True),
    _text("recipients"), _text("subject"), _text("body"), _text("sender"), _text("headers"),
    _key("status", nullable=False),
    _int("attempts", default=0),
    _key("created_at", nullable=False),
    _key("next_attempt_at", nullable=False),
    _text("last_error", nullable=True),
    _text("delivered_at", nullable=True),
    sa.Index("outbox_due", "status", "next_attempt_at"),
)

#: Every table by name (a live view: tables declared later appear here too).
tables = metadata.tables
