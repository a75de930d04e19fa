"""The storage engine: open, upgrade and inspect the library's SQL storage.

The library keeps its data in the tables of :data:`blikopwerk.storage.metadata` (SQLAlchemy Core); their
schema changes are Alembic revisions shipped in the package. Any SQLAlchemy URL of a
supported database works (``sqlite:///path``, ``postgresql+psycopg://...``,
``mysql+pymysql://...``), as do the short forms (``postgres://``, ``postgresql://``,
``memory://``).

Two ways for an app that has tables of its own:

* pass its own SQLAlchemy ``Engine`` to :func:`open_storage` (one pool for
  the app and the library), or
* include :data:`blikopwerk.storage.metadata` in its own Alembic environment
  (``target_metadata = [app_metadata, blikopwerk.storage.metadata]``) and add the
  library's versions folder (:func:`versions_location`) to ``version_locations``.

Example:
    >>> import os, tempfile
    >>> from blikopwerk import storage
    >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "app.sqlite3")
    >>> storage.current_revision(url) is None
    True
    >>> storage.upgrade(url) == storage.head_revision()
    True
    >>> storage.current_revision(url) == storage.head_revision()
    True
    >>> "outbox" in storage.metadata.tables
    True
"""

from __future__ import annotations

from importlib import resources as _resources
from typing import TYPE_CHECKING as _TYPE_CHECKING

from blikopwerk._backends import sql as _sql
from blikopwerk._backends.schema import metadata
from blikopwerk._backends.sql import SqlDatabase, SqlDialect, SqlStorageBase, Tx
from blikopwerk._errors import InvalidValueError as _InvalidValueError
from blikopwerk._errors import StorageUnavailableError, StorageVersionError
from blikopwerk.storage import _migrate
from blikopwerk.storage._migrate import head_revision, migrate_database

if _TYPE_CHECKING:
    import sqlalchemy as sa

    from blikopwerk._protocols import Storage

__all__ = [
    "SqlDatabase",
    "SqlDialect",
    "SqlStorageBase",
    "StorageUnavailableError",
    "StorageVersionError",
    "Tx",
    "current_revision",
    "head_revision",
    "metadata",
    "migrate_database",
    "open_storage",
    "upgrade",
    "versions_location",
]

_ENGINE_SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql", "mysql": "mysql",
                   "mariadb": "mysql"}


def _url_of(engine: sa.Engine) -> str:
    name = engine.dialect.name
    if name not in _ENGINE_SCHEMES:
        raise _InvalidValueError("engine", name, "expected a SQLite, PostgreSQL or MySQL/MariaDB "
                                "engine")
    return engine.url.render_as_string(hide_password=False)


def open_storage(url_or_engine: str | sa.Engine | None = None, *,
                 upgrade: bool = True) -> Storage:
    """Open the storage at a URL, or on an app's own SQLAlchemy engine.

    Args:
        url_or_engine: a storage URL (default: settings' ``storage_url``) or an
            SQLAlchemy ``Engine`` (its pool is used, and left open by
            ``close()``).
        upgrade: bring an older database to the code's schema revision (default);
            with False an older database is refused.

    Raises:
        StorageVersionError: the database is newer than the code (or older, with
            ``upgrade=False``).
        StorageUnavailableError: the database cannot be reached.
    """
    from blikopwerk._select import open_storage as _open

    mode = _sql.OPEN_MODE.set("upgrade" if upgrade else "check")
    try:
        if url_or_engine is None or isinstance(url_or_engine, str):
            return _open(url_or_engine)
        token = _sql.OPEN_ENGINE.set(url_or_engine)
        try:
            return _open(_url_of(url_or_engine))
        finally:
            _sql.OPEN_ENGINE.reset(token)
    finally:
        _sql.OPEN_MODE.reset(mode)


def upgrade(url: str) -> str:
    """Bring the database at ``url`` to the code's schema revision; returns it.

    Raises:
        StorageVersionError: the database is newer than the code.
    """
    storage = open_storage(url, upgrade=True)
    try:
        return head_revision()
    finally:
        storage.close()


def current_revision(url: str) -> str | None:
    """The schema revision of the database at ``url`` (None: the library's tables are
    not there yet). Opens without migrating or checking."""
    from blikopwerk._select import open_storage as _open

    mode = _sql.OPEN_MODE.set("inspect")
    try:
        storage = _open(url)
    finally:
        _sql.OPEN_MODE.reset(mode)
    try:
        db = getattr(storage, "db", None)
        if not isinstance(db, SqlDatabase):
            raise _InvalidValueError("storage_url", url, "not a SQL storage (no schema revision)")
        return db.run(lambda tx: _migrate.revision_of(tx.connection))  # type: ignore[attr-defined]
    finally:
        storage.close()


def versions_location() -> str:
    """The folder of the library's Alembic revisions, for an app's ``version_locations``."""
    return str(_resources.files("blikopwerk") / "_migrations" / "versions")
