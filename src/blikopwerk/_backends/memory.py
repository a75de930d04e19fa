"""In-memory storage (``memory://``): SQLite in memory on one shared connection.

The same engine, schema, repositories and rules as every SQL backend, so the memory
backend cannot drift from them; one process only (capabilities: none), and every unit
of work holds one lock, so threads sharing the object run one after another.
"""

from __future__ import annotations

from blikopwerk._backends.sql import SqlStorageBase
from blikopwerk._backends.sqlite import SQLiteDialect
from blikopwerk._errors import InvalidValueError

__all__ = ["MemoryStorage"]


class MemoryStorage(SqlStorageBase):
    """Everything in an in-memory SQLite database; for tests and demos.

    Example:
        >>> s = MemoryStorage.from_url("memory://")
        >>> sorted(s.capabilities)
        []
    """

    capabilities: frozenset[str] = frozenset()

    def __init__(self, url: str = "memory://") -> None:
        super().__init__(url, SQLiteDialect(":memory:"), shared=True)

    @classmethod
    def from_url(cls, url: str) -> MemoryStorage:
        """``memory://`` (anything after the scheme is ignored but kept in ``url``)."""
        if not url.startswith("memory://"):
            raise InvalidValueError("storage_url", url, "expected 'memory://'")
        return cls(url)
