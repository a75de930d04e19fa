"""Bringing a database to the code's schema revision with Alembic."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from blikopwerk._errors import StorageVersionError

if TYPE_CHECKING:
    from blikopwerk._backends.sql import SqlDatabase, Tx

__all__ = ["LEGACY_IDS", "alembic_config", "head_revision", "migrate_database", "revision_of"]

#: The hand-written migrations the first Alembic revision replaces.
LEGACY_IDS = frozenset({"0001_outbox", "0100_licensing", "0101_staffels", "0102_access",
                        "0200_leads"})


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the library's migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("blikopwerk") / "_migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision the code knows."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def revision_of(conn: sa.Connection) -> str | None:
    """The revision the database on ``conn`` is at (None: no library tables yet)."""
    return MigrationContext.configure(conn).get_current_revision()


def _legacy_complete(tx: Tx) -> bool | None:
    """Whether the old migration table lists every old migration (None: no such table)."""
    try:
        rows = tx.all("SELECT id FROM blikopwerk_migrations")
    except Exception:
        return None
    return {r[0] for r in rows} >= LEGACY_IDS


def migrate_database(db: SqlDatabase, *, upgrade: bool = True) -> tuple[str | None, str]:
    """Check the database's revision and (with ``upgrade``) bring it to the head, in one
    transaction under the dialect's migration lock; returns (before, after).

    Raises:
        StorageVersionError: the database is at a revision this code does not know
            (written by a newer release), or older and ``upgrade`` is False.
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
        before = revision_of(conn)
        head = head_revision()
        if before is None and db.dialect.name != "mysql":
            legacy = _legacy_complete_savepoint(tx, conn)
            if legacy:
                command.stamp(alembic_config(conn), "0001")
                before = "0001"
        if before is not None and before != head:
            try:
                _scripts().get_revision(before)
            except Exception:
                raise StorageVersionError(
                    f"the database is at schema revision {before!r}, which is newer than this "
                    f"code (it knows up to {head!r}); upgrade blikopwerk, or open a database "
                    "this release wrote") from None
        if before == head:
            return before, head
        if not upgrade:
            raise StorageVersionError(
                f"the database is at schema revision {before!r}, older than this code "
                f"({head!r}); run 'werkscan storage upgrade URL' first")
        command.upgrade(alembic_config(conn), "head")
        return before, head

    return db.run(step)


def _legacy_complete_savepoint(tx: Tx, conn: sa.Connection) -> bool | None:
    """:func:`_legacy_complete` without spoiling the transaction when the table is
    missing (PostgreSQL aborts a transaction on any error; a savepoint contains it)."""
    if not sa.inspect(conn).has_table("blikopwerk_migrations"):
        return None
    return _legacy_complete(tx)
