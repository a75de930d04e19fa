"""The storage engine: open, upgrade and inspect the library's SQL storage.

The library keeps its data in the tables of :data:`blikopwerk.storage.metadata` (SQLAlchemy
Core); their schema changes are Alembic revisions shipped in the packages. Any SQLAlchemy
URL of a supported database works (``sqlite:///path``, ``postgresql+psycopg://...``,
``mysql+pymysql://...``), as do the short forms (``postgres://``, ``postgresql://``,
``memory://``).

The kernel declares its own tables (the outbox) and their revisions (base revision
``0001``). A package adds tables, revisions and repositories as a *storage
extension* (:class:`StorageExtension`, entry-point group
``blikopwerk.storage_extensions``, or :func:`register_extension`): its tables on the
same :data:`metadata` (:func:`define_table`), its revisions as an Alembic branch of its
own whose first revision revises the kernel's base revision ``0001``, its repositories
attached to each storage that is opened. So the code may have several
heads: :func:`head_revisions` lists them, and :func:`head_revision` and
:func:`current_revision` write several heads as one text, joined by ``+``.

Two ways for an app that has tables of its own:

* pass its own SQLAlchemy ``Engine`` to :func:`open_storage` (one pool for
  the app and the library), or
* include the library's tables in its own Alembic environment
  (``target_metadata = [app_metadata, blikopwerk.storage.full_metadata()]``; the
  :data:`metadata` holds an extension's tables only once they were declared, which
  :func:`full_metadata` does for every installed extension) and add the library's
  version folders (:func:`version_locations`) to ``version_locations``.

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
    >>> "outbox" in storage.full_metadata().tables
    True
    >>> storage.version_locations()[0] == storage.versions_location()
    True
"""

from __future__ import annotations

from importlib import resources as _resources
from typing import TYPE_CHECKING as _TYPE_CHECKING

from blikopwerk._backends import extensions as _extensions
from blikopwerk._backends import sql as _sql
from blikopwerk._backends.extensions import StorageExtension, register_extension
from blikopwerk._backends.schema import KEY, define_table, metadata
from blikopwerk._backends.sql import SqlDatabase, SqlDialect, SqlStorageBase, Tx
from blikopwerk._errors import InvalidValueError as _InvalidValueError
from blikopwerk._errors import StorageUnavailableError, StorageVersionError
from blikopwerk.storage import _migrate
from blikopwerk.storage._migrate import (
    head_revision,
    head_revisions,
    migrate_database,
    version_locations,
)

if _TYPE_CHECKING:
    import sqlalchemy as sa

    from blikopwerk._protocols import Storage

__all__ = [
    "KEY",
    "SqlDatabase",
    "SqlDialect",
    "SqlStorageBase",
    "StorageExtension",
    "StorageUnavailableError",
    "StorageVersionError",
    "Tx",
    "current_revision",
    "define_table",
    "full_metadata",
    "head_revision",
    "head_revisions",
    "metadata",
    "migrate_database",
    "open_storage",
    "register_extension",
    "upgrade",
    "version_locations",
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
    """Bring the database at ``url`` to the code's schema revision (every head: the
    kernel's and each installed storage extension's); returns it as
    :func:`head_revision` writes it.

    Raises:
        StorageVersionError: the database is newer than the code.
    """
    storage = open_storage(url, upgrade=True)
    try:
        return head_revision()
    finally:
        storage.close()


def current_revision(url: str) -> str | None:
    """The schema revision of the database at ``url``, written as :func:`head_revision`
    writes the code's (its heads joined by ``+`` when there are several); None: the
    library's tables are not there yet. Opens without migrating or checking."""
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
    """The folder of the kernel's Alembic revisions (an app's ``version_locations`` needs
    every installed extension's folder too: :func:`version_locations`)."""
    return str(_resources.files("blikopwerk") / "_migrations" / "versions")


def full_metadata() -> sa.MetaData:
    """:data:`metadata` with the tables of every installed storage extension declared on
    it (the kernel's tables are always there; an extension's once it was loaded).

    Raises:
        PluginError: an installed storage extension fails to load.
    """
    for extension in _extensions.installed_extensions():
        extension.define_tables()
    return metadata
