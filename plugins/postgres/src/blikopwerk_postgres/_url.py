"""Parsing ``postgresql://`` storage URLs into connection settings and plugin options."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import attrs

from blikopwerk import InvalidValueError

__all__ = ["ISOLATION_LEVELS", "PostgresOptions"]

#: Isolation levels a URL may ask for (``?isolation=...``), by their SQL spelling.
ISOLATION_LEVELS: dict[str, str] = {
    "serializable": "SERIALIZABLE",
    "repeatable_read": "REPEATABLE READ",
}

_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
_OWN = frozenset({"schema", "isolation", "retries", "fallback_after", "pool_size",
                  "max_overflow", "pool_timeout", "unavailable_after"})
_COUNTS = (("retries", "30"), ("fallback_after", "5"), ("pool_size", "5"), ("max_overflow", "10"),
           ("pool_timeout", "30"), ("unavailable_after", "10"))


@attrs.frozen
class PostgresOptions:
    """What a storage URL says: the libpq connection string and the plugin's options.

    The plugin's own query parameters are removed before the rest goes to libpq
    (``sslmode``, ``connect_timeout``, ``application_name``, ... pass through unchanged):

    * ``schema``: keep every table in this schema (created when missing); default: the
      server's ``search_path`` (normally ``public``).
    * ``isolation``: ``serializable`` (default) or ``repeatable_read``.
    * ``retries``: how often a transaction that hit a serialization failure, a deadlock
      or a dropped connection is retried (default 30).
    * ``fallback_after``: after this many conflicts in a row, an operation's next attempt
      runs at ``READ COMMITTED`` so a hot row cannot starve it (default 5; 0: never).
    * ``pool_size`` (default 5) and ``max_overflow`` (default 10): the connection pool;
      at most ``pool_size + max_overflow`` connections are open, one held by each
      thread that uses the storage until the thread ends.
    * ``pool_timeout``: seconds to wait for a free connection (default 30), then
      :class:`~blikopwerk.StorageUnavailableError`.
    * ``unavailable_after``: seconds after which a database that cannot be reached, or
      keeps dropping connections, raises :class:`~blikopwerk.StorageUnavailableError`
      (default 10). Without ``connect_timeout`` in the URL, one connection attempt
      waits at most that long too.

    Example:
        >>> o = PostgresOptions.from_url(
        ...     "postgresql+psycopg://app@db.example.nl:5433/werk?schema=tenant_7&sslmode=require")
        >>> o.conninfo
        'postgresql://app@db.example.nl:5433/werk?sslmode=require'
        >>> o.schema, o.isolation, o.retries, o.fallback_after
        ('tenant_7', 'SERIALIZABLE', 30, 5)
        >>> PostgresOptions.from_url("postgresql://localhost/db?isolation=dirty")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: storage_url.isolation: expected one of repeatable_read, serializable (got 'dirty')
    """

    conninfo: str
    schema: str | None = None
    isolation: str = "SERIALIZABLE"
    retries: int = 30
    fallback_after: int = 5
    pool_size: int = 5
    max_overflow: int = 10
    pool_timeout: int = 30
    unavailable_after: int = 10

    @classmethod
    def from_url(cls, url: str) -> PostgresOptions:
        """Parse ``postgresql://``, ``postgresql+psycopg://`` or ``postgres://`` URLs.

        Args:
            url: the storage URL.

        Returns:
            The connection string for libpq (scheme ``postgresql://``, without the
            plugin's own parameters) and the parsed options.

        Raises:
            InvalidValueError: another scheme, an invalid schema name, an unknown
                isolation level, or a count that is not a whole number (field
                ``storage_url...``).
        """
        if not isinstance(url, str) or "://" not in url:
            raise InvalidValueError("storage_url", url, "expected 'postgresql://user@host/db'")
        scheme = url.split("://", 1)[0].lower()
        if scheme not in _SCHEMES:
            raise InvalidValueError(
                "storage_url", url, f"expected a URL starting with {' or '.join(s + '://' for s in _SCHEMES)}"
            )
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        own = {k: v for k, v in query if k in _OWN}
        rest = [(k, v) for k, v in query if k not in _OWN]
        schema = own.get("schema")
        if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
            raise InvalidValueError(
                "storage_url.schema", schema,
                "expected a lower-case SQL identifier (letters, digits, '_', at most 63)",
            )
        level = own.get("isolation", "serializable")
        if level not in ISOLATION_LEVELS:
            raise InvalidValueError(
                "storage_url.isolation", level, f"expected one of {', '.join(sorted(ISOLATION_LEVELS))}"
            )
        counts = {}
        for key, default in _COUNTS:
            text = own.get(key, default)
            if not _WHOLE_NUMBER.fullmatch(text):
                raise InvalidValueError(f"storage_url.{key}", text, "expected a whole number >= 0")
            counts[key] = int(text)
        conninfo = urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(rest, quote_via=quote), parts.fragment))
        return cls(conninfo, schema, ISOLATION_LEVELS[level], counts["retries"],
                   counts["fallback_after"], counts["pool_size"], counts["max_overflow"],
                   counts["pool_timeout"], counts["unavailable_after"])
