"""Money (K-MON-1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

from blikopwerk import InvalidValueError, Money
from strategies import amounts


def test_dutch_format_k_mon_1() -> None:
    assert Money("1605").format() == "€\xa01.605,00"
    assert Money("8781").format() == "€\xa08.781,00"
    assert Money("-25.5").format() == "€\xa0-25,50"


def test_half_up_rounding_to_cents_k_mon_1() -> None:
    assert Money("0.005").rounded() == Money("0.01")
    assert Money("0.0049").rounded() == Money("0.00")
    assert Money("-0.005").rounded() == Money("-0.01")
    assert Money("2.675").rounded().amount == Decimal("2.68")  # float would give 2.67


def test_vat_21_percent_k_mon_1() -> None:
    assert Money("1605").with_vat() == Money("1942.05")
    assert Money("25").with_vat().amount == Decimal("30.25")


@pytest.mark.parametrize("bad", [1.5, float("nan"), True, None, [1]])
def test_refuses_floats_and_non_numbers(bad: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        Money(bad)  # type: ignore[arg-type]
    assert info.value.field == "amount"
    assert info.value.value is bad


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", ""])
def test_refuses_bad_text(bad: str) -> None:
    with pytest.raises(InvalidValueError, match="amount"):
        Money(bad)


def test_arithmetic_and_ordering() -> None:
    assert Money("1.10") + Money("2.20") == Money("3.30")
    assert Money("5") - Money("7.5") == Money("-2.5")
    assert Money("3") * 4 == Money("12") == 4 * Money("3")
    assert sum([Money("1"), Money("2")], Money.zero()) == Money("3")
    assert sum([Money("1"), Money("2")]) == Money("3")
    assert Money("1") < Money("1.01")
    assert sorted([Money("3"), Money("1")]) == [Money("1"), Money("3")]
    with pytest.raises(TypeError):
        Money("1") * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money("1") + 1  # type: ignore[operator]


@given(amounts, amounts)
def test_addition_is_exact(a: Decimal, b: Decimal) -> None:
    assert (Money(a) + Money(b)).amount == a + b


@given(amounts)
def test_rounding_is_within_half_a_cent_and_idempotent(a: Decimal) -> None:
    r = Money(a).rounded()
    assert abs(r.amount - a) <= Decimal("0.005")
    assert r.rounded() == r
    assert r.amount == r.amount.quantize(Decimal("0.01"))


@given(amounts, amounts)
def test_rounding_is_monotone(a: Decimal, b: Decimal) -> None:
    if a <= b:
        assert Money(a).rounded() <= Money(b).rounded()
