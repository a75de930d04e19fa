"""Participant fee (KM-FEE-1 to KM-FEE-4): every band edge, with seed 001's numbers."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

import keurmerk
from blikopwerk import InvalidValueError, Money, RuleTable, Source
from keurmerk import (
    FEE_BANDS,
    KEURMERK_RULES,
    TariffNotInSourcesError,
    first_participant_fee,
    participant_fee,
    turnover_band,
)

# (first euro of the band, fee) as printed in seed 001 (KM-FEE-1; 25M per KM-FEE-2).
SEED_001_BANDS = [
    (0, 1605), (75_000, 1902), (150_000, 2327), (250_000, 2673), (500_000, 3023),
    (1_000_000, 3447), (1_500_000, 3670), (2_000_000, 3784), (2_500_000, 4283),
    (3_500_000, 4611), (5_000_000, 5544), (10_000_000, 6823), (25_000_000, 7758),
    (50_000_000, 8781),
]


@pytest.mark.parametrize(("edge", "fee"), SEED_001_BANDS)
def test_km_fee_1_first_euro_of_each_band(edge: int, fee: int) -> None:
    result = participant_fee(edge)
    assert isinstance(result, Money)
    assert isinstance(result.amount, Decimal)
    assert result.amount == fee


@pytest.mark.parametrize(("previous", "current"), list(pairwise(SEED_001_BANDS)))
def test_km_fee_1_last_euro_of_each_band(previous: tuple[int, int], current: tuple[int, int]) -> None:
    edge, _ = current
    assert participant_fee(edge - 1).amount == previous[1]
    # cents just below the edge belong to the lower band (whole-euro floor, decision)
    assert participant_fee(Decimal(edge) - Decimal("0.01")).amount == previous[1]


def test_km_fee_1_issue_examples() -> None:
    assert participant_fee(249_999).amount == Decimal("2327")
    assert participant_fee(250_000).amount == Decimal("2673")
    assert participant_fee(Decimal("74999.50")).amount == Decimal("1605")
    assert participant_fee("74999.99").amount == Decimal("1605")
    assert participant_fee(Money("75000.00")).amount == Decimal("1902")
    assert participant_fee(10**12).amount == Decimal("8781")


def test_km_fee_2_25_million_typo_read_as_25_000_000() -> None:
    assert participant_fee(24_999_999).amount == 6823
    assert participant_fee(25_000_000).amount == 7758
    entry = FEE_BANDS.entry(25_000_000)
    assert "25.000.0000" in entry.source.passage
    assert "KM-FEE-2" in entry.source.rules


@pytest.mark.parametrize("bad", [-1, Decimal("-0.01"), "-5", 1.5, True, "abc", None, "NaN", Decimal("Infinity")])
def test_km_fee_1_bad_turnover_is_an_error_naming_the_field(bad: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        participant_fee(bad)
    assert info.value.field == "turnover"


def test_km_fee_4_inburgering_only_is_refused() -> None:
    with pytest.raises(TariffNotInSourcesError) as info:
        participant_fee(100_000, services=[11])
    assert info.value.code == "tariff_not_in_sources"
    assert info.value.field == "services"
    assert "not in the sources" in str(info.value)
    # a mixed provider pays the general fee on its (non-inburgering) turnover
    assert participant_fee(100_000, services=[11, 7]).amount == 1902
    assert participant_fee(100_000, services=[7]).amount == 1902


def test_km_fee_4_services_are_validated() -> None:
    with pytest.raises(InvalidValueError):
        participant_fee(100_000, services=[12])  # dienst 12 is refused in new data
    with pytest.raises(InvalidValueError):
        participant_fee(100_000, services=[])
    with pytest.raises(InvalidValueError):
        participant_fee(100_000, services=[7, 7])


def test_km_fee_3_manual_price_deducted_from_first_fee() -> None:
    assert first_participant_fee(100_000, "95.50").amount == Decimal("1806.50")
    assert first_participant_fee(100_000, 0).amount == Decimal("1902.00")
    with pytest.raises(InvalidValueError) as info:
        first_participant_fee(100_000, "2000")
    assert info.value.field == "manual_price"
    with pytest.raises(InvalidValueError):
        first_participant_fee(100_000, "-1")


def test_turnover_band_edges() -> None:
    assert turnover_band(0) == (Decimal(0), Decimal(74_999))
    assert turnover_band(Decimal("74999.50")) == (Decimal(0), Decimal(74_999))
    assert turnover_band(75_000) == (Decimal(75_000), Decimal(149_999))
    assert turnover_band(60_000_000) == (Decimal(50_000_000), None)


def test_fee_table_can_be_replaced_without_forking() -> None:
    mine = Source.decision("our 2027 prices")
    table = RuleTable.build("fee_bands", "2027", KEURMERK_RULES.effective,
                            [(0, Money("1700"), mine), (100_000, Money("2100"), mine)])
    rules = KEURMERK_RULES.replace(fee_bands=table, version="2027.1")
    assert participant_fee(99_999, rules=rules).amount == 1700
    assert participant_fee(100_000, rules=rules).amount == 2100
    assert participant_fee(100_000).amount == 1902  # the default is untouched


def test_fee_table_is_sorted_and_every_entry_cites_seed_001() -> None:
    keys = FEE_BANDS.keys()
    assert keys == sorted(keys)
    assert len(keys) == 14
    for entry in FEE_BANDS.entries:
        assert entry.source.kind == "seed"
        assert entry.source.ref == "001_7bacfedc505671bd.txt"
        assert "KM-FEE-1" in entry.source.rules
    assert keurmerk.RULESETS == (KEURMERK_RULES,)
