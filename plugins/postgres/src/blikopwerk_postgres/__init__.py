"""blikopwerk-postgres: a PostgreSQL storage backend for blikopwerk.

Installed, it registers the storage scheme ``postgresql`` (entry-point group
``blikopwerk.storage``), so ``open_storage("postgresql://user@host/db")`` or
``BLIKOPWERK_STORAGE_URL=postgresql://...`` selects it.

Example:
    >>> from blikopwerk.plugins import storage_backends
    >>> storage_backends.load("postgresql") is PostgresStorage
    True
"""

from __future__ import annotations

from blikopwerk_postgres._dialect import MIGRATION_LOCK_CLASS, PostgresDialect
from blikopwerk_postgres._storage import PostgresStorage, redact
from blikopwerk_postgres._url import ISOLATION_LEVELS, PostgresOptions

__all__ = [
    "ISOLATION_LEVELS",
    "MIGRATION_LOCK_CLASS",
    "PostgresDialect",
    "PostgresOptions",
    "PostgresStorage",
    "redact",
]
