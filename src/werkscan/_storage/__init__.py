"""Werkscan's part of the SQL storage: its tables, its Alembic branch, its repositories.

Werkscan is a storage extension of the kernel (see :mod:`blikopwerk.storage`):

* its tables are declared in :mod:`werkscan._storage.tables`, on the library's shared
  :data:`blikopwerk.storage.metadata`;
* their schema changes are the Alembic branch ``werkscan`` in
  ``werkscan/_storage/versions`` (first revision ``0010_werkscan``, which revises the
  kernel's base revision ``0001``);
* :class:`WerkscanStorage` attaches the licensing and leads repositories
  (``licences``, ``staffels``, ``access``, ``experts``, ``leads``, ``consents``) to
  every SQL storage that is opened.

It is registered through the entry point ``werkscan`` of the group
``blikopwerk.storage_extensions`` and, for a source tree without installed metadata, in
code when :mod:`werkscan` is imported. Importing this module loads no SQLAlchemy.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from blikopwerk._backends.extensions import register_extension

__all__ = ["REPOSITORIES", "WerkscanStorage", "attach"]

#: The repositories Werkscan attaches to a SQL storage.
REPOSITORIES = ("licences", "staffels", "access", "experts", "leads", "consents")


class WerkscanStorage:
    """The storage extension of Werkscan.

    Example:
        >>> from blikopwerk import open_storage
        >>> s = open_storage("memory://")
        >>> all(hasattr(s, name) for name in REPOSITORIES)
        True
        >>> s.close()
    """

    name = "werkscan"

    def define_tables(self) -> None:
        """Declare Werkscan's tables on :data:`blikopwerk.storage.metadata`."""
        import werkscan._storage.tables  # noqa: F401

    def version_location(self) -> str:
        """The folder of the ``werkscan`` Alembic branch."""
        return str(resources.files("werkscan") / "_storage" / "versions")

    def attach(self, storage: Any) -> None:
        """Set the licensing and leads repositories on an opened SQL storage."""
        from werkscan._leads import sql as leads_sql
        from werkscan._licensing import sql as licensing_sql

        db = storage.db
        storage.licences = licensing_sql.SqlLicences(db)
        storage.staffels = licensing_sql.SqlStaffels(db)
        storage.access = licensing_sql.SqlAccess(db)
        storage.experts = leads_sql.SqlExpertRepository(db)
        storage.leads = leads_sql.SqlLeadRepository(db)
        storage.consents = leads_sql.SqlConsentRepository(db)


def attach(storage: Any) -> bool:
    """Attach Werkscan's repositories to ``storage`` if it is a SQL storage that lacks
    them (one opened before :mod:`werkscan` was imported in a source tree without
    installed metadata); returns whether it has them now.

    Its database must be at Werkscan's revisions already; if it is not, it is brought
    there first (as opening it would have).
    """
    if all(hasattr(storage, name) for name in REPOSITORIES):
        return True
    db = getattr(storage, "db", None)
    if db is None or not hasattr(db, "dialect"):
        return False
    from blikopwerk.storage import migrate_database

    migrate_database(db)
    extension = WerkscanStorage()
    extension.define_tables()
    extension.attach(storage)
    return True


register_extension("werkscan", "werkscan._storage:WerkscanStorage")
