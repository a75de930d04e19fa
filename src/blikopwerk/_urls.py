"""The shape of storage URLs and backend names (no plugin knowledge, no heavy imports)."""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = ["BACKEND_NAME", "SCHEME_ALIASES", "backend_of", "check_storage_url", "printable_problem"]

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
BACKEND_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+\-]*")


def printable_problem(value: str) -> str | None:
    """Why ``value`` cannot be a setting's text, or ``None``."""
    if not value.strip():
        return "is empty"
    if value != value.strip():
        return "has spaces or line breaks around it"
    if not value.isprintable():
        return "contains a control character (such as NUL or a line break)"
    return None


def check_storage_url(url: object) -> str | None:
    """Why ``url`` is not a storage URL of the form ``scheme://...``, or ``None``.

    Only the shape is checked here (text, a scheme, no control characters); which schemes
    exist is the plugin registry's business.

    Example:
        >>> check_storage_url("sqlite:///data/werk.sqlite3") is None
        True
        >>> check_storage_url("data/werk.sqlite3")
        "has no scheme; expected a URL such as 'sqlite:///path' or 'memory://'"
    """
    if not isinstance(url, str):
        return f"expected text (a URL such as 'sqlite:///path'), not {type(url).__name__}"
    problem = printable_problem(url)
    if problem:
        return problem
    scheme, sep, _rest = url.partition("://")
    if not sep:
        return "has no scheme; expected a URL such as 'sqlite:///path' or 'memory://'"
    if not SCHEME.fullmatch(scheme):
        return f"the scheme {scheme!r} is not a URL scheme (a letter, then letters, digits, '+', '-', '.')"
    return None



#: Other spellings of a scheme that select the same backend (``postgres://`` is what
#: Heroku, libpq and many hosting panels write).
SCHEME_ALIASES = MappingProxyType({"postgres": "postgresql"})


def backend_of(url: str) -> str:
    """The backend name of a well-formed storage URL: its scheme before any ``+driver``,
    in lower case, with :data:`SCHEME_ALIASES` applied.

    Example:
        >>> backend_of("postgresql+psycopg://db/werk"), backend_of("postgres://db/werk")
        ('postgresql', 'postgresql')
    """
    name = url.split("://", 1)[0].split("+", 1)[0].lower()
    return SCHEME_ALIASES.get(name, name)
