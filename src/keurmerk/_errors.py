"""Errors specific to the Keurmerk rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from blikopwerk import FieldValueError, InvalidValueError

__all__ = ["DatedValueError", "TariffNotInSourcesError"]


class TariffNotInSourcesError(FieldValueError, LookupError):
    """The tariff asked for is not in the sources, so no amount is returned (KM-FEE-4).

    Inburgering (dienst 11) has its own tariffs, which the library's sources do not give;
    rather than return the general fee table, the fee API raises this error.

    Args:
        field: the input that asked for the tariff (e.g. ``services``).
        value: its value.
        reason: what is missing and where to find it.

    Example:
        >>> err = TariffNotInSourcesError("services", (11,), "inburgering tariffs are not in the sources")
        >>> err.code, err.field
        ('tariff_not_in_sources', 'services')
    """

    code = "tariff_not_in_sources"


class DatedValueError(InvalidValueError):
    """An invalid value whose reason names dates (or other facts): ``str()`` shows them as
    ISO text for developers, :meth:`for_people` in words for the reader's language.

    ``reason`` is a template from the ``keurmerk`` catalogue (marked with ``N_``) whose
    placeholders ``facts`` fill; a date is formatted by Babel (``31 december 2026``), a
    whole number as a number of the language. The command line shows errors through
    :meth:`for_people`, so no ISO date reaches a person.

    Example:
        >>> err = DatedValueError("period.end", dt.date(2026, 1, 1), "before the start ({start})",
        ...                       {"start": dt.date(2026, 12, 31)})
        >>> str(err)
        'period.end: before the start (2026-12-31) (got datetime.date(2026, 1, 1))'
        >>> err.for_people("nl")
        'period.end: ligt voor het begin (31 december 2026) (waarde: 1 januari 2026)'
        >>> err.for_people("en")
        'period.end: before the start (31 December 2026) (value: 1 January 2026)'
    """

    code = "invalid_value"

    def __init__(self, field: str, value: Any, reason: str, facts: Mapping[str, Any] | None = None) -> None:
        self.template = reason
        self.facts = dict(facts or {})
        shown = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.facts.items()}
        super().__init__(field, value, reason.format(**shown))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.value, self.template, self.facts))

    def for_people(self, lang: str) -> str:
        """The error as one line in ``lang``: the reason from the catalogue, dates in words."""
        from blikopwerk._cli import describe_error
        from blikopwerk._i18n import translator

        t = translator("keurmerk", lang)
        facts = {k: t.date(v) if isinstance(v, dt.date)
                 else t.integer(v) if isinstance(v, int) and not isinstance(v, bool) else v
                 for k, v in self.facts.items()}
        reason = t.gettext(self.template).format(**facts)
        return describe_error(InvalidValueError(self.field, self.value, reason), lang, "keurmerk")
