"""Rule data of licences and staffels: the example staffel table, 80 %, EUR 25 (WS-STF-2/3, WS-PRICE-1)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from blikopwerk import InvalidValueError, Money, RuleTableError, Source
from werkscan import (
    ANONYMOUS_PRICE,
    LICENSING_RULES,
    RULESETS,
    STAFFEL_EXAMPLE_TABLE,
    WARNING_THRESHOLD,
    Staffel,
    staffel_table,
)

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def test_ws_stf_2_example_table_is_marked_and_sourced() -> None:
    t = STAFFEL_EXAMPLE_TABLE
    assert t.example is True
    assert t.version == "example-1"
    assert t.source is not None and t.source.ref == "000_fce2b4cd91976fe2.txt"
    for key in t:
        src = t.entry(key).source
        assert src.kind == "decision" and not src.official
        assert "WS-STF-2" in src.rules
        assert "example" in src.passage


def test_ws_stf_2_unit_price_falls_as_staffel_grows() -> None:
    sizes = STAFFEL_EXAMPLE_TABLE.keys()
    assert sizes == sorted(sizes)
    prices = STAFFEL_EXAMPLE_TABLE.values()
    assert all(isinstance(p, Money) and isinstance(p.amount, Decimal) for p in prices)
    assert all(a > b for a, b in itertools.pairwise(prices))


def test_ws_stf_2_custom_table_is_data() -> None:
    src = Source.decision("contract 2027", rules=("WS-STF-2",))
    t = staffel_table([(40, "10.00", src), (400, "7.25", src)], valid_from=dt.date(2027, 1, 1),
                      version="2027")
    assert t.example is False and t[400] == Money("7.25")
    rs = LICENSING_RULES.replace(staffels=t, version="2027.1")
    assert rs["staffels"] is t
    assert LICENSING_RULES["staffels"] is STAFFEL_EXAMPLE_TABLE


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([(50, "8.00"), (100, "9.00")], RuleTableError),  # price rises
        ([(100, "8.00"), (50, "9.00")], RuleTableError),  # unsorted
        ([(50, "8.00"), (50, "7.00")], RuleTableError),  # defined twice
        ([(0, "8.00")], InvalidValueError),
        ([(-5, "8.00")], InvalidValueError),
        ([(50, "-1")], InvalidValueError),
        ([], RuleTableError),
    ],
)
def test_ws_stf_2_bad_tables_refused(rows: list[tuple[int, str]], error: type[Exception]) -> None:
    src = Source.decision("test")
    with pytest.raises(error):
        staffel_table([(s, p, src) for s, p in rows], valid_from=dt.date(2027, 1, 1), version="x")


def test_ws_stf_2_float_price_refused() -> None:
    with pytest.raises(InvalidValueError, match="float"):
        staffel_table([(50, 9.5, Source.decision("x"))],  # type: ignore[list-item]
                      valid_from=dt.date(2027, 1, 1), version="x")


def test_ws_stf_3_threshold_and_ws_price_1_from_seed() -> None:
    assert Decimal("0.80") == WARNING_THRESHOLD
    assert LICENSING_RULES.parameter("warning_threshold") == Decimal("0.80")
    assert LICENSING_RULES.parameters["warning_threshold"][1].ref == "000_fce2b4cd91976fe2.txt"
    assert ANONYMOUS_PRICE == Money("25") == LICENSING_RULES.parameter("anonymous_price")
    assert "25" in LICENSING_RULES.parameters["anonymous_price"][1].passage
    assert LICENSING_RULES in RULESETS


@pytest.mark.parametrize(
    ("size", "due"),
    [(25, 20), (50, 40), (100, 80), (250, 200), (1000, 800), (30, 24), (3, 3), (1, 1), (6, 5), (11, 9)],
)
def test_ws_stf_3_warning_count_is_ceil_of_80_percent(size: int, due: int) -> None:
    s = Staffel("S", "L", size, Money("1"), T0, "t", "1")
    assert s.warning_at(WARNING_THRESHOLD) == due
    assert due * 100 >= 80 * size > (due - 1) * 100


def test_every_rule_of_the_area_is_catalogued() -> None:
    ids = {r.id for r in LICENSING_RULES.rules}
    assert {"WS-STF-1", "WS-STF-2", "WS-STF-3", "WS-STF-4", "WS-STF-5", "WS-STF-6", "WS-PRICE-1"} <= ids
