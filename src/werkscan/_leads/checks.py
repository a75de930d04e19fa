"""Checks at the edges of consent links (WS-LEAD-8): the link text and the signing key.

Functions the lead service calls before it touches a link or a key, so that bad input is
the library's error and never an encoding error from deep inside HMAC.
"""

from __future__ import annotations

from typing import Any

from blikopwerk._errors import InvalidValueError
from werkscan._leads.records import ConsentLinkInvalidError

__all__ = ["MAX_LINK_LENGTH", "MIN_SECRET_BYTES", "MIN_SECRET_DISTINCT", "check_consent_link",
           "check_consent_secret"]

#: The longest consent link accepted, in characters (a real one is about 100).
MAX_LINK_LENGTH = 2048
#: The shortest signing key accepted, in bytes.
MIN_SECRET_BYTES = 16
#: A key needs at least this many different byte values: all zeros, one repeated character
#: or a short repeated pattern is a key anybody can guess.
MIN_SECRET_DISTINCT = 8


def check_consent_link(link: Any) -> str:
    """The text of a consent link, or :class:`~werkscan.ConsentLinkInvalidError`.

    A link is printable ASCII (a URL with the signed token), at most
    :data:`MAX_LINK_LENGTH` characters: anything else (another type, non-ASCII letters or
    digits, control characters) is refused before it is parsed or its signature computed.

    Example:
        >>> check_consent_link("https://werkscan.invalid/toestemming/tok.1798675200.abc")
        'https://werkscan.invalid/toestemming/tok.1798675200.abc'
        >>> check_consent_link("tök.1798675200.abc")
        Traceback (most recent call last):
        ...
        werkscan._leads.records.ConsentLinkInvalidError: consent_link: a link is printable ASCII text (got 'tök.1798…')
    """
    if not isinstance(link, str):
        raise ConsentLinkInvalidError(repr(link)[:40], "a link is text")
    if len(link) > MAX_LINK_LENGTH:
        raise ConsentLinkInvalidError(link, f"a link is at most {MAX_LINK_LENGTH} characters")
    if not link or not link.isascii() or not link.isprintable() or " " in link:
        raise ConsentLinkInvalidError(link, "a link is printable ASCII text")
    return link


def check_consent_secret(secret: Any) -> bytes:
    """The key that signs consent links, or :class:`~blikopwerk.InvalidValueError`.

    The key must be ``bytes`` of at least :data:`MIN_SECRET_BYTES` bytes with at least
    :data:`MIN_SECRET_DISTINCT` different byte values: all zero bytes, one repeated
    character (``b"x" * 32``) or a short repeated pattern is refused. Use
    ``secrets.token_bytes(32)`` and keep it out of the code. The key is never shown in
    the error.

    Example:
        >>> import secrets
        >>> len(check_consent_secret(secrets.token_bytes(32)))
        32
        >>> check_consent_secret(bytes(32))
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: secret: a trivial key (1 different byte values, at least 8 needed); use secrets.token_bytes(32) (got '<hidden>')
    """
    if not isinstance(secret, bytes):
        raise InvalidValueError("secret", "<hidden>", "must be bytes, e.g. secrets.token_bytes(32)")
    if len(secret) < MIN_SECRET_BYTES:
        raise InvalidValueError("secret", "<hidden>", f"must be at least {MIN_SECRET_BYTES} bytes")
    distinct = len(set(secret))
    if distinct < MIN_SECRET_DISTINCT:
        raise InvalidValueError("secret", "<hidden>",
                                f"a trivial key ({distinct} different byte values, at least "
                                f"{MIN_SECRET_DISTINCT} needed); use secrets.token_bytes(32)")
    return secret
