"""The participant fee (deelnemersbijdrage, KM-FEE-*)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from blikopwerk import Money, RuleSet
from keurmerk._errors import TariffNotInSourcesError
from keurmerk._services import INBURGERING, check_services
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_decimal, invalid, ruleset

__all__ = ["first_participant_fee", "participant_fee", "turnover_band"]


def _turnover(turnover: Any) -> Decimal:
    value = as_decimal(turnover, "turnover")
    if value < 0:
        raise invalid("turnover", turnover, "must not be negative")
    return value


def _check_not_inburgering_only(services: Iterable[Any] | None, rules: RuleSet) -> None:
    if services is None:
        return
    checked = check_services(services, rules=rules)
    if not checked:
        raise invalid("services", services, "name at least one service, or pass None")
    if all(s.number == INBURGERING for s in checked):
        raise TariffNotInSourcesError(
            "services", tuple(s.number for s in checked),
            "inburgering (dienst 11) has its own tariffs, which are not in the sources; "
            "the general fee table does not apply (KM-FEE-4)")


def turnover_band(turnover: Any, *, rules: RuleSet = KEURMERK_RULES) -> tuple[Decimal, Decimal | None]:
    """The fee band ``(lower, upper)`` in whole euros that ``turnover`` falls in (KM-FEE-1).

    ``upper`` is the last whole euro of the band, or ``None`` for the open top band.
    A turnover with cents belongs to the band of its whole-euro floor (decision).

    Example:
        >>> turnover_band(Decimal("74999.50"))
        (Decimal('0'), Decimal('74999'))
        >>> turnover_band(50_000_000)
        (Decimal('50000000'), None)
    """
    table = ruleset(rules)["fee_bands"]
    floor = _turnover(turnover).to_integral_value(rounding=ROUND_FLOOR)
    entry = table.band(floor)
    keys = table.keys()
    i = keys.index(entry.key)
    upper = Decimal(keys[i + 1]) - 1 if i + 1 < len(keys) else None
    return Decimal(entry.key), upper


def participant_fee(turnover: Any, *, services: Iterable[Any] | None = None,
                    rules: RuleSet = KEURMERK_RULES) -> Money:
    """The yearly participant fee, excl. VAT and excl. the results audit (KM-FEE-1).

    The fee follows the provider's most recent annual turnover (or forecast) from services
    under the Keurmerk. A turnover with cents belongs to the band of its whole-euro floor,
    so 74,999.50 pays the fee of the 0-74,999 band (decision, KM-FEE-1).

    Args:
        turnover: annual turnover in euros: ``Money``, ``Decimal``, ``int`` or a numeric
            ``str`` (floats are refused).
        services: the provider's service numbers, optional. A provider offering only
            inburgering (dienst 11) is refused with :class:`TariffNotInSourcesError`
            (KM-FEE-4): its tariffs are not in the sources.
        rules: the rule set whose ``fee_bands`` table is used (swap in next year's table).

    Returns:
        The fee as :class:`blikopwerk.Money`; its ``amount`` is a ``Decimal``.

    Raises:
        InvalidValueError: negative, non-numeric or float turnover; unknown services.
        TariffNotInSourcesError: an inburgering-only provider.

    Example:
        >>> participant_fee(249_999).amount, participant_fee(250_000).amount
        (Decimal('2327'), Decimal('2673'))
        >>> print(participant_fee(Decimal("74999.50")).format())
        € 1.605,00
        >>> participant_fee(-1)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: turnover: must not be negative (got -1)
        >>> participant_fee(100_000, services=[11])
        Traceback (most recent call last):
        ...
        keurmerk._errors.TariffNotInSourcesError: services: inburgering (dienst 11) has its own tariffs, ...
    """
    _check_not_inburgering_only(services, ruleset(rules))
    table = rules["fee_bands"]
    floor = _turnover(turnover).to_integral_value(rounding=ROUND_FLOOR)
    fee: Money = table.band(floor).value
    return fee


def first_participant_fee(turnover: Any, manual_price: Any, *, services: Iterable[Any] | None = None,
                          rules: RuleSet = KEURMERK_RULES) -> Money:
    """The first participant fee after buying the manual (handleiding) (KM-FEE-3).

    The manual's price is deducted from the first fee. The price is not in the sources,
    so the caller passes it; a price above the fee is an error (nothing is clamped).

    Args:
        turnover: annual turnover, as for :func:`participant_fee`.
        manual_price: what the provider paid for the manual (``Money``, ``Decimal``, ``int``
            or ``str``), at least 0.
        services: as for :func:`participant_fee`.
        rules: the rule set to use.

    Example:
        >>> print(first_participant_fee(100_000, Money("95")).format())
        € 1.807,00
    """
    fee = participant_fee(turnover, services=services, rules=rules)
    price = as_decimal(manual_price, "manual_price")
    if price < 0:
        raise invalid("manual_price", manual_price, "must not be negative")
    if price > fee.amount:
        raise invalid("manual_price", manual_price,
                                f"exceeds the first participant fee ({fee.format()})")
    return (fee - Money(price)).rounded()
