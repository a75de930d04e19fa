"""Postcodes (K-PC-1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import PC4, InvalidValueError, Postcode, parse_area
from strategies import pc4_digits, postcode_letters, postcode_separators


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" 1234ab", "1234 AB"), ("1234 AB", "1234 AB"), ("1234  ab ", "1234 AB"), ("9999zz", "9999 ZZ")],
)
def test_normalises_k_pc_1(raw: str, expected: str) -> None:
    pc = Postcode.parse(raw)
    assert str(pc) == expected
    assert pc.pc4 == PC4(expected[:4])
    assert pc.compact == expected.replace(" ", "")


@pytest.mark.parametrize("raw", ["0123 AB", "123 AB", "12345 AB", "1234 A", "1234 A1", "ABCD EF", "", "1234-AB"])
def test_malformed_is_refused_naming_field_and_value(raw: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Postcode.parse(raw, field="worker.postcode")
    assert info.value.field == "worker.postcode"
    assert info.value.value == raw
    assert "worker.postcode" in str(info.value) and repr(raw) in str(info.value)


@pytest.mark.parametrize("pair", ["SA", "SD", "SS", "sa", "sd", "ss"])
def test_never_issued_letter_pairs_k_pc_1(pair: str) -> None:
    with pytest.raises(InvalidValueError, match="never issued"):
        Postcode.parse(f"1234 {pair}")


def test_other_s_pairs_are_fine() -> None:
    assert str(Postcode.parse("1234 SB")) == "1234 SB"


def test_pc4_alone_for_area_k_pc_1() -> None:
    assert PC4.parse("3511") == PC4("3511")
    assert parse_area("3511") == parse_area("3511 ab") == parse_area(3511) == PC4("3511")
    with pytest.raises(InvalidValueError):
        PC4.parse("0999")
    with pytest.raises(InvalidValueError):
        parse_area("35")
    with pytest.raises(InvalidValueError):
        Postcode.parse(1234)  # type: ignore[arg-type]


@given(pc4_digits, postcode_letters, postcode_separators, st.booleans())
def test_parse_roundtrip(digits: int, letters: str, sep: str, lower: bool) -> None:
    raw = f"{digits}{sep}{letters.lower() if lower else letters}"
    pc = Postcode.parse(raw)
    assert Postcode.parse(str(pc)) == pc
    assert str(pc) == f"{digits} {letters}"
