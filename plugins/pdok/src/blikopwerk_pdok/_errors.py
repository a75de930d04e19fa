"""Errors of the PDOK geocoder; all subclass :class:`blikopwerk.BlikopwerkError`."""

from __future__ import annotations

import reprlib

from blikopwerk import BlikopwerkError

__all__ = ["PdokError", "PdokResponseError", "PdokUnavailableError"]

_REPR = reprlib.Repr()
_REPR.maxstring = 120
_REPR.maxother = 120
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = 6


def brief(value: object) -> str:
    """A short repr of ``value`` for a message: long text, deep or wide data shortened."""
    try:
        return _REPR.repr(value)
    except Exception:  # a repr that fails (e.g. an int too long to print) is not the story
        return f"<{type(value).__name__}>"


class PdokError(BlikopwerkError):
    """Base class of the PDOK geocoder's service errors."""

    code = "pdok"


class PdokUnavailableError(PdokError):
    """PDOK did not answer usefully after the bounded retries (timeouts, 5xx, 429, network).

    Args:
        url: the endpoint that was called.
        attempts: how many requests were made.
        last_error: what went wrong on the last one.

    Example:
        >>> err = PdokUnavailableError("https://api.pdok.nl/x/free", 4, "HTTP 503")
        >>> str(err)
        'PDOK Locatieserver unavailable at https://api.pdok.nl/x/free after 4 attempts: HTTP 503'
    """

    code = "pdok_unavailable"

    def __init__(self, url: str, attempts: int, last_error: str) -> None:
        self.url = url
        self.attempts = attempts
        self.last_error = last_error
        super().__init__(f"PDOK Locatieserver unavailable at {url} after {attempts} attempts: {last_error}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.url, self.attempts, self.last_error))


class PdokResponseError(PdokError):
    """PDOK answered, but not with a usable response (HTTP 4xx, bad JSON, bad WKT).

    Retrying the same request cannot help, so this is raised at once. ``field`` names the
    part of the answer (``status``, ``body``, ``response.docs``, ``centroide_ll``, ...),
    ``value`` is what was there; the message shows a shortened repr of it.

    Example:
        >>> str(PdokResponseError("centroide_ll", "POINT(x)", "not a WKT point"))
        "PDOK response field centroide_ll: not a WKT point (got 'POINT(x)')"
    """

    code = "pdok_response"

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"PDOK response field {field}: {reason} (got {brief(value)})")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.field, self.value, self.reason))
