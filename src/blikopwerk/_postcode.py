"""Dutch postcodes (K-PC-1)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError

__all__ = ["PC4", "Postcode", "parse_area"]

# ASCII digits and letters only ("²".isdigit() is True, "٣" is a digit to \d); between them
# nothing but spaces (a tab or a no-break space copied from a web page counts as one).
_SPACES = " \t\u00a0\u202f"
_PC6 = re.compile(rf"([1-9][0-9]{{3}})[{_SPACES}]*([A-Za-z]{{2}})", re.ASCII)
_PC4 = re.compile(r"[1-9][0-9]{3}", re.ASCII)
#: The longest text read as a postcode (longer text is refused without parsing it).
MAX_TEXT = 32
#: Letter pairs PostNL never issues (K-PC-1).
NEVER_ISSUED = frozenset({"SA", "SD", "SS"})


def _check_pc4(value: Any, field: str) -> str:
    text = _pc4_text(value)
    if text is None:
        raise InvalidValueError(field, value, "a PC4 postcode is four digits, the first not 0")
    return text


def _text(value: str) -> str | None:
    """``value`` without the spaces around it (only spaces: no line breaks, no NUL);
    ``None`` for text too long to be a postcode."""
    return value.strip(_SPACES) if len(value) <= MAX_TEXT else None


def _pc4_text(value: object) -> str | None:
    """The four digits if ``value`` is a PC4 (text or an int 1000-9999), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if 1000 <= value <= 9999 else None
    if isinstance(value, str):
        text = _text(value)
        return text if text is not None and _PC4.fullmatch(text) else None
    return None


@attrs.frozen(order=True)
class PC4:
    """The four-digit area part of a Dutch postcode (K-PC-1).

    Example:
        >>> PC4.parse(" 3511 ")
        PC4(code='3511')
        >>> PC4.parse("0123")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: postcode: a PC4 postcode is four digits, the first not 0 (got '0123')
    """

    code: str

    @classmethod
    def parse(cls, value: str | int, field: str = "postcode") -> PC4:
        """Parse a four-digit postcode area; raises :class:`InvalidValueError` naming ``field``."""
        return cls(_check_pc4(value, field))

    def __str__(self) -> str:
        return self.code


@attrs.frozen(order=True)
class Postcode:
    """A full Dutch postcode, normalised to ``"1234 AB"`` (K-PC-1).

    Input may have any spacing (spaces, a tab or a no-break space) and case. The letter
    pairs SA, SD and SS are never issued and are refused. Only ASCII digits and letters
    count (``"²"`` and other scripts' digits are refused), and a line break or NUL byte
    anywhere is refused, as is text over 32 characters.

    Example:
        >>> Postcode.parse(" 1234ab")
        Postcode(digits='1234', letters='AB')
        >>> str(Postcode.parse("1234AB")), Postcode.parse("1234 ab").pc4
        ('1234 AB', PC4(code='1234'))
        >>> Postcode.parse("1234 SS")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: postcode: letter pair 'SS' is never issued (got '1234 SS')
    """

    digits: str
    letters: str

    @classmethod
    def parse(cls, value: str, field: str = "postcode") -> Postcode:
        """Parse and normalise; raises :class:`InvalidValueError` naming ``field`` and value."""
        if not isinstance(value, str):
            raise InvalidValueError(field, value, "a postcode is text like '1234 AB'")
        text = _text(value)
        if text is None:
            raise InvalidValueError(field, value, f"too long for a postcode (over {MAX_TEXT} characters)")
        match = _PC6.fullmatch(text)
        if match is None:
            raise InvalidValueError(
                field, value, "a postcode is four digits (first not 0) and two letters, '1234 AB'"
            )
        digits, letters = match.group(1), match.group(2).upper()
        if letters in NEVER_ISSUED:
            raise InvalidValueError(field, value, f"letter pair {letters!r} is never issued")
        return cls(digits, letters)

    @property
    def pc4(self) -> PC4:
        """The four-digit area (PC4)."""
        return PC4(self.digits)

    @property
    def compact(self) -> str:
        """The postcode without the space (``"1234AB"``), as PDOK stores it."""
        return f"{self.digits}{self.letters}"

    def __str__(self) -> str:
        return f"{self.digits} {self.letters}"


def parse_area(value: str | int | PC4 | Postcode, field: str = "postcode") -> PC4:
    """Accept a full postcode or a PC4 and return the PC4 area (K-PC-1: matching, search).

    Example:
        >>> parse_area("3511 AB"), parse_area(3511)
        (PC4(code='3511'), PC4(code='3511'))
    """
    if isinstance(value, PC4):
        return value
    if isinstance(value, Postcode):
        return value.pc4
    digits = _pc4_text(value)
    if digits is not None:
        return PC4(digits)
    if isinstance(value, str):
        return Postcode.parse(value, field).pc4
    raise InvalidValueError(field, value, "a postcode is '1234 AB' or a four-digit area '1234'")
