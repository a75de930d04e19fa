"""``PostgresStorage``: every blikopwerk repository on a PostgreSQL database."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg

from blikopwerk import ConfigurationError
from blikopwerk._backends.sql import SqlStorageBase
from blikopwerk_postgres._dialect import PostgresDialect
from blikopwerk_postgres._url import PostgresOptions

__all__ = ["PostgresStorage", "redact"]


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages and logs).

    Example:
        >>> redact("postgresql://app:s3cret@db:5432/werk?schema=a")
        'postgresql://app:***@db:5432/werk?schema=a'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


class PostgresStorage(SqlStorageBase):
    """Storage on PostgreSQL (``postgresql://user@host:port/db?schema=...``).

    Every repository of the shared SQL layer, on real transactions: several processes
    and threads may use one database at once (capabilities ``multiprocess`` and
    ``persistent``). Opening it applies the migrations of
    :func:`blikopwerk._backends.sql.all_migrations` that the database (or schema) lacks,
    under an advisory lock, recorded in the table ``blikopwerk_migrations``.

    Args:
        url: the storage URL (kept as :attr:`url`; other processes reopen it).
        options: parsed options; by default parsed from ``url``.

    Raises:
        ConfigurationError: the database cannot be reached or migrated.

    Example:
        >>> PostgresStorage.from_url("mysql://db/werk")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: storage_url: expected a URL starting with postgresql:// or postgresql+psycopg:// or postgres:// (got 'mysql://db/werk')
    """

    def __init__(self, url: str, options: PostgresOptions | None = None) -> None:
        self.options = options if options is not None else PostgresOptions.from_url(url)
        # Migrations run at READ COMMITTED: the advisory lock is taken by the first
        # statement, and only at READ COMMITTED does the next statement see what the
        # process that held the lock before us committed.
        dialect = PostgresDialect(
            self.options.conninfo, schema=self.options.schema, isolation="READ COMMITTED",
            fallback_after=self.options.fallback_after,
        )
        try:
            super().__init__(url, dialect)
        except psycopg.Error as exc:
            db = getattr(self, "db", None)
            if db is not None:
                db.close()
            raise ConfigurationError(
                f"cannot open PostgreSQL storage {redact(url)}: {exc}".strip()
            ) from exc
        dialect.isolation = self.options.isolation
        self.db.retries = self.options.retries

    @classmethod
    def from_url(cls, url: str) -> PostgresStorage:
        """Open (and migrate) the storage at ``url``; see :class:`PostgresOptions`."""
        return cls(url, PostgresOptions.from_url(url))

    def __repr__(self) -> str:
        return f"PostgresStorage({redact(self.url)!r})"
