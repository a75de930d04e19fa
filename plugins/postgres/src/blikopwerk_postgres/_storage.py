"""``PostgresStorage``: every blikopwerk repository on a PostgreSQL database."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg

from blikopwerk import ConfigurationError, StorageUnavailableError, StorageVersionError, redact_url
from blikopwerk.storage import SqlStorageBase
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

    The library's storage engine (SQLAlchemy Core, Alembic) with PostgreSQL's own parts:
    ``SERIALIZABLE`` transactions with a ``READ COMMITTED`` fallback for hot rows,
    advisory locks around migrations, libpq's TLS options. Several processes and threads
    may use one database at once (capabilities ``multiprocess`` and ``persistent``).
    Opening it brings the database (or schema) to the code's schema revision under an
    advisory lock; the revision is in the table ``alembic_version``.

    Args:
        url: the storage URL (kept as :attr:`url`; other processes reopen it).
        options: parsed options; by default parsed from ``url``.

    Raises:
        ConfigurationError: the database cannot be reached or migrated (a
            :class:`~blikopwerk.StorageUnavailableError` when it cannot be reached).

    Example:
        >>> PostgresStorage.from_url("mysql://db/werk")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: storage_url: expected a URL starting with postgresql:// or postgresql+psycopg:// or postgres:// (got 'mysql://db/werk')
    """

    def __init__(self, url: str, options: PostgresOptions | None = None) -> None:
        self.options = options if options is not None else PostgresOptions.from_url(url)
        o = self.options
        # Migrations run at READ COMMITTED: the advisory lock is taken by the first
        # statement, and only at READ COMMITTED does the next statement see what the
        # process that held the lock before us committed.
        dialect = PostgresDialect(
            o.conninfo, schema=o.schema, isolation="READ COMMITTED",
            fallback_after=o.fallback_after, connect_timeout=max(o.unavailable_after, 1),
        )
        try:
            super().__init__(url, dialect, retries=o.retries, pool_size=o.pool_size,
                             max_overflow=o.max_overflow, pool_timeout=o.pool_timeout,
                             unavailable_after=o.unavailable_after)
        except (psycopg.Error, ConfigurationError) as exc:
            error = type(exc) if isinstance(exc, (StorageUnavailableError, StorageVersionError)) \
                else ConfigurationError
            # the message (and so the exception's args and repr) never holds a password,
            # in the user part or in the query (?password=)
            message = f"cannot open PostgreSQL storage {redact_url(redact(url))}: {exc}"
            raise error(message.strip()) from exc
        dialect.isolation = o.isolation

    @classmethod
    def from_url(cls, url: str) -> PostgresStorage:
        """Open (and migrate) the storage at ``url``; see :class:`PostgresOptions`."""
        return cls(url, PostgresOptions.from_url(url))

    def __repr__(self) -> str:
        return f"PostgresStorage({redact(self.url)!r})"
