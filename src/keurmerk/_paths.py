"""Files in and out: one library error for every path or file that cannot be used (issue 11).

Reading: the path must name an existing file (not a folder), at most 50 MB, in UTF-8
(a byte-order mark is allowed), without NUL bytes. JSON must be plain JSON: no NaN or
Infinity, no key twice in one object, numbers of at most 40 digits, nested at most 64
deep. Writing: the folder must exist and the path must not be a folder.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from keurmerk._values import invalid

__all__ = ["MAX_BYTES", "MAX_DEPTH", "output_path", "parse_json", "read_text"]

#: Largest input file read, in bytes.
MAX_BYTES = 50 * 2**20
#: Deepest nesting of arrays and objects accepted in a JSON file.
MAX_DEPTH = 64
_MAX_DIGITS = 40
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _path(path: Any, field: str) -> Path:
    if isinstance(path, bytes | bytearray) or not isinstance(path, str | os.PathLike):
        raise invalid(field, path, "expected a file path")
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise invalid(field, path, "expected a file path")
    if "\x00" in text:
        raise invalid(field, text, "a path cannot hold a NUL byte")
    return Path(text)


def read_text(path: Any, field: str = "path") -> tuple[Path, str]:
    """The path and the UTF-8 text of an input file.

    Example:
        >>> read_text("/nonexistent/providers.json")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: path: no such file (got '/nonexistent/providers.json')
    """
    p = _path(path, field)
    try:
        if p.is_dir():
            raise invalid(field, str(p), "is a folder, not a file")
        if not p.exists():
            raise invalid(field, str(p), "no such file")
        if p.stat().st_size > MAX_BYTES:
            raise invalid(field, str(p), f"is larger than {MAX_BYTES // 2**20} MB")
        data = p.read_bytes()
    except OSError as exc:
        raise invalid(field, str(p), f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise invalid(field, str(p), f"is not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise invalid(field, str(p), "holds a NUL byte: not a text file")
    return p, text


def output_path(path: Any, field: str, suffixes: tuple[str, ...]) -> Path:
    """``path`` if a file with one of ``suffixes`` can be written there (its folder exists).

    Example:
        >>> output_path("/nonexistent/r.pdf", "--pdf", (".pdf",))
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: --pdf: the folder /nonexistent does not exist (got '/nonexistent/r.pdf')
    """
    p = _path(path, field)
    if p.suffix.lower() not in suffixes:
        raise invalid(field, str(p), f"must end in {' or '.join(suffixes)}")
    try:
        if p.is_dir():
            raise invalid(field, str(p), "is a folder, not a file")
        folder = p.parent
        if not folder.is_dir():
            raise invalid(field, str(p), f"the folder {folder} does not exist")
        if not os.access(folder, os.W_OK):
            raise invalid(field, str(p), f"the folder {folder} cannot be written")
    except OSError as exc:
        raise invalid(field, str(p), f"cannot be written: {exc.strerror or exc}") from None
    return p


def _depth(text: str) -> int:
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json(text: str, field: str, where: str, *, parse_float: Callable[[str], Any] = Decimal) -> Any:
    """Parse ``text`` (from ``where``) as plain JSON; errors name ``field`` and ``where``."""
    if _depth(text) > MAX_DEPTH:
        raise invalid(field, where, f"nested more than {MAX_DEPTH} levels deep")

    def number(kind: Callable[[str], Any]) -> Callable[[str], Any]:
        def parse(token: str) -> Any:
            if len(token.lstrip("-")) > _MAX_DIGITS:
                raise invalid(field, where, f"holds a number of more than {_MAX_DIGITS} digits")
            return kind(token)
        return parse

    def constant(token: str) -> Any:
        raise invalid(field, where, f"holds {token}, which is not a number")

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise invalid(field, where, f"holds the key {key!r} twice in one object")
            result[key] = value
        return result

    try:
        return json.loads(text, parse_float=number(parse_float), parse_int=number(int),
                          parse_constant=constant, object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise invalid(field, where, f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise invalid(field, where, "nested too deeply") from None
