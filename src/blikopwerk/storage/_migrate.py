"""Bringing a database to the code's schema revisions with Alembic.

The revisions are the kernel's (``blikopwerk/_migrations/versions``, base revision
``0001``) and one branch per installed storage extension, each in a version location of
its own, whose first revision revises the kernel's base revision. A database is at the
code's schema when its Alembic heads are the code's heads; with several heads, a
revision is written as the heads joined by ``+`` in sorted order (``0002+0100_x``).
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from blikopwerk._backends import extensions
from blikopwerk._errors import StorageVersionError

if TYPE_CHECKING:
    from blikopwerk._backends.sql import SqlDatabase, Tx

__all__ = ["BASE_REVISION", "LEGACY_IDS", "alembic_config", "head_revision", "head_revisions",
           "migrate_database", "revision_of", "version_locations"]

#: The kernel's first revision; an extension's branch revises it.
BASE_REVISION = "0001"

#: The hand-written migrations the first Alembic revision replaces.
LEGACY_IDS = frozenset({"0001_outbox", "0100_licensing", "0101_staffels", "0102_access",
                        "0200_leads"})

#: How several heads are written as one revision.
SEPARATOR = "+"


def version_locations() -> list[str]:
    """The folders of every Alembic revision the code knows: the kernel's, then each
    installed storage extension's (sorted by extension name)."""
    found = [str(resources.files("blikopwerk") / "_migrations" / "versions")]
    for extension in extensions.installed_extensions():
        location = extension.version_location()
        if location is not None and location not in found:
            found.append(location)
    return found


def _config(locations: tuple[str, ...], connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("blikopwerk") / "_migrations"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations",
                        os.pathsep.join(loc.replace("%", "%%") for loc in locations))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the library's migrations: the
    kernel's environment, with every installed extension's version location."""
    return _config(tuple(version_locations()), connection)


@functools.lru_cache(maxsize=16)
def _scripts_at(locations: tuple[str, ...]) -> ScriptDirectory:
    return ScriptDirectory.from_config(_config(locations))


def _scripts() -> ScriptDirectory:
    return _scripts_at(tuple(version_locations()))


def head_revisions() -> tuple[str, ...]:
    """The newest revision of each branch the code knows (sorted): the kernel's, and
    each storage extension's whose branch does not end in another."""
    return tuple(sorted(_scripts().get_heads()))


def head_revision() -> str:
    """The code's schema revision: its head, or its heads joined by ``+``."""
    return SEPARATOR.join(head_revisions())


def _heads_of(conn: sa.Connection) -> tuple[str, ...]:
    return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))


def revision_of(conn: sa.Connection) -> str | None:
    """The revision the database on ``conn`` is at, written as :func:`head_revision`
    writes the code's (None: no library tables yet)."""
    return SEPARATOR.join(_heads_of(conn)) or None


def _legacy_complete(tx: Tx) -> bool | None:
    """Whether the old migration table lists every old migration (None: no such table)."""
    try:
        rows = tx.all("SELECT id FROM blikopwerk_migrations")
    except Exception:
        return None
    return {r[0] for r in rows} >= LEGACY_IDS


def migrate_database(db: SqlDatabase, *, upgrade: bool = True) -> tuple[str | None, str]:
    """Check the database's revision and (with ``upgrade``) bring it to the code's heads,
    in one transaction under the dialect's migration lock; returns (before, after), as
    :func:`~blikopwerk.storage.current_revision` and :func:`head_revision` write them.

    Raises:
        StorageVersionError: the database is at a revision this code does not know
            (written by a newer release, or by a storage extension that is not
            installed), or older and ``upgrade`` is False.
    """

    def step(tx: Tx) -> tuple[str | None, str]:
        db.dialect.lock_migrations(tx)
        unlock = getattr(db.dialect, "unlock_migrations", None)
        try:
            return locked(tx)
        finally:
            if unlock is not None:
                unlock(tx)

    def locked(tx: Tx) -> tuple[str | None, str]:
        conn: Any = tx.connection  # type: ignore[attr-defined]
        scripts = _scripts()
        heads = tuple(sorted(scripts.get_heads()))
        head = SEPARATOR.join(heads)
        current = _heads_of(conn)
        if not current and db.dialect.name != "mysql":
            legacy = _legacy_complete_savepoint(tx, conn)
            if legacy:
                command.stamp(alembic_config(conn), BASE_REVISION)
                current = (BASE_REVISION,)
        before = SEPARATOR.join(current) or None
        unknown = [rev for rev in current if not _known(scripts, rev)]
        if unknown:
            raise StorageVersionError(
                f"the database is at schema revision {before!r}, which is newer than this "
                f"code (it knows up to {head!r}): upgrade blikopwerk, install the package "
                "whose storage extension wrote it, or open a database this release wrote")
        if current == heads:
            return before, head
        if not upgrade:
            raise StorageVersionError(
                f"the database is at schema revision {before!r}, older than this code "
                f"({head!r}); run 'werkscan storage upgrade URL' first")
        command.upgrade(alembic_config(conn), "heads")
        return before, head

    return db.run(step)


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except Exception:
        return False


def _legacy_complete_savepoint(tx: Tx, conn: sa.Connection) -> bool | None:
    """:func:`_legacy_complete` without spoiling the transaction when the table is
    missing (PostgreSQL aborts a transaction on any error; a savepoint contains it)."""
    if not sa.inspect(conn).has_table("blikopwerk_migrations"):
        return None
    return _legacy_complete(tx)
