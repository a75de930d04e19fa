"""Keeping secrets out of what the library shows: URLs with passwords, huge values."""

from __future__ import annotations

import re
from typing import cast

__all__ = ["redact_secrets", "redact_url", "shown"]

#: What replaces a secret.
MASK = "***"

#: Query parameters whose values are secrets (compared without case).
SECRET_PARAMETERS = frozenset({
    "password", "passwd", "pwd", "pass", "secret", "token", "access_token", "api_key",
    "apikey", "sslpassword", "client_secret", "auth",
})

# scheme://netloc: the netloc runs up to the first / ? # or whitespace. A password may hold
# a raw '@' (people write it so), so the user part is everything before the *last* '@'.
_NETLOC = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<netloc>[^/?#\s'\"]*)")
_QUERY = re.compile(
    r"(?P<key>(?:^|(?<=[?&;\s'\"]))(?:" + "|".join(sorted(SECRET_PARAMETERS)) + r")=)(?P<value>[^&;#\s'\"]*)",
    re.IGNORECASE,
)


def _netloc(match: re.Match[str]) -> str:
    netloc = match.group("netloc")
    userinfo, at, host = netloc.rpartition("@")
    if not at:
        return match.group(0)
    user, colon, _password = userinfo.partition(":")
    return f"{match.group('scheme')}{user}{':' + MASK if colon else ''}@{host}"


def redact_secrets(text: str) -> str:
    """``text`` with the password of every URL in it (``user:pass@``, ``?password=``) masked."""
    if "@" not in text and "=" not in text:  # nothing to mask: the common case, fast
        return text
    return _QUERY.sub(lambda m: m.group("key") + MASK, _NETLOC.sub(_netloc, text))


def redact_url(url: str) -> str:
    """A URL with its secrets masked, for logs, messages and reprs.

    The password in ``user:password@host`` and the values of query parameters such as
    ``password``, ``sslpassword``, ``token`` or ``secret`` become ``***``; everything else
    stays, so the URL can still be recognised. Text that is not a URL comes back as it is.

    Args:
        url: a URL (or any text holding URLs).

    Returns:
        The same text with every secret masked.

    Example:
        >>> redact_url("postgresql://app:s3cr3t@db.example.nl/werk?sslmode=require")
        'postgresql://app:***@db.example.nl/werk?sslmode=require'
        >>> redact_url("postgresql://db/werk?user=app&password=s3cr3t")
        'postgresql://db/werk?user=app&password=***'
        >>> redact_url("app:s3cr3t@db/werk")          # even without its scheme
        'app:***@db/werk'
        >>> redact_url("sqlite:///data/werk.sqlite3")
        'sqlite:///data/werk.sqlite3'
    """
    if not isinstance(cast(object, url), str):  # typed as str, checked all the same
        from blikopwerk._errors import InvalidValueError

        raise InvalidValueError("url", url, "expected text")
    text = redact_secrets(url)
    if "://" not in text and "@" in text:  # a URL without its scheme: 'app:s3cr3t@db/werk'
        head, slash, tail = text.partition("/")
        userinfo, _at, host = head.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        if colon:
            text = f"{user}:{MASK}@{host}{slash}{tail}"
    return text


#: The longest value shown whole in a message; longer ones are shortened in the middle.
SHOWN_MAX = 200


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """``repr(value)`` for a message: never raises, secrets masked, at most ``limit`` long.

    An int too large to print (more than Python's 4,300-digit limit) is described by its
    size; a long repr keeps its start and end around ``...``.

    Example:
        >>> shown(10**5000)
        '<int of about 5001 digits>'
        >>> shown("x" * 500)[:12], len(shown("x" * 500))
        ("'xxxxxxxxxxx", 200)
    """
    if isinstance(value, str) and len(value) > 4 * limit:  # noqa: SIM114 (str and bytes apart for mypy)
        value = value[: 2 * limit] + value[-2 * limit:]
    elif isinstance(value, bytes) and len(value) > 4 * limit:
        value = value[: 2 * limit] + value[-2 * limit:]
    try:
        text = repr(value)
    except Exception as exc:  # a huge int (over Python's 4,300 digits), a broken __repr__
        if isinstance(value, int):
            return f"<int of about {int(value.bit_length() * 0.30103) + 1} digits>"
        text = f"<{type(value).__name__}: no repr ({type(exc).__name__})>"
    text = redact_secrets(text)
    if len(text) > limit:
        keep = (limit - 5) // 2
        text = f"{text[:keep]} ... {text[-(limit - 5 - keep):]}"
    return text

