"""Checks of plain values shared by every package: ids and names that every backend can store.

A database column of text cannot hold every Python string: PostgreSQL refuses a NUL byte
(``"\\x00"``) and no backend can encode a lone surrogate (``"\\ud800"``) as UTF-8. SQLite and
``memory://`` would accept the first, so the same call would succeed on one backend and fail
with a driver error on another. Records check their ids and names with :func:`check_storable`
(or :func:`check_name`) when they are built, so every backend answers alike, with the
library's error naming the field.
"""

from __future__ import annotations

from typing import Any

from blikopwerk._errors import InvalidValueError

__all__ = ["check_name", "check_storable", "name_validator", "storable_validator"]


def check_storable(value: Any, field: str) -> Any:
    r"""``value``, unless it is text that no backend can store alike: a NUL byte or a lone
    surrogate is refused with :class:`~blikopwerk.InvalidValueError` naming ``field``.

    Anything that is not text is returned as it is (its own check says what it must be).

    Example:
        >>> check_storable("L-1", "licence_id")
        'L-1'
        >>> check_storable("L\x001", "licence_id")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: licence_id: must not contain a NUL byte (got 'L\x001')
    """
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidValueError(field, value, "must not contain a NUL byte")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidValueError(field, value, "must be text that UTF-8 can encode "
                                    "(it has a lone surrogate)") from None
    return value


def check_name(value: Any, field: str) -> str:
    """An id or a name: non-empty text (not only spaces) that every backend can store.

    Example:
        >>> check_name("Acme BV", "company")
        'Acme BV'
        >>> check_name(" ", "company")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: company: must be a non-empty text (got ' ')
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(field, value, "must be a non-empty text")
    result: str = check_storable(value, field)
    return result


def storable_validator(_inst: Any, attribute: Any, value: Any) -> None:
    """An ``attrs`` validator: :func:`check_storable` on the attribute's value."""
    check_storable(value, attribute.name)


def name_validator(_inst: Any, attribute: Any, value: Any) -> None:
    """An ``attrs`` validator: :func:`check_name` on the attribute's value."""
    check_name(value, attribute.name)
