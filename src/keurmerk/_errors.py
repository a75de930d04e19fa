"""Errors specific to the Keurmerk rules."""

from __future__ import annotations

from blikopwerk import FieldValueError

__all__ = ["TariffNotInSourcesError"]


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
