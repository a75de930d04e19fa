"""Results audit (KM-AUD-1 to KM-AUD-6): every man-day row edge and the route edge."""

from __future__ import annotations

from decimal import Decimal

import pytest

from blikopwerk import InvalidValueError, Money
from keurmerk import (
    CERTIFYING_INSTITUTIONS,
    MANDAYS,
    audit_estimate,
    audit_exemption_eligible,
    audit_mandays,
    audit_route,
)

# Seed 001, "Richtlijnen aantal mandagen voor resultatenaudit" (KM-AUD-3): rows as
# (first, last, year 1, later years); "500+" is read as 501 and up (decision).
SEED_001_ROWS = [
    (1, 5, "1", "0.75"), (6, 25, "1.25", "1"), (26, 50, "1.5", "1.25"), (51, 100, "2.5", "1.5"),
    (101, 250, "3", "1.75"), (251, 500, "3.5", "2"), (501, 100_000, "4", "2.25"),
]


@pytest.mark.parametrize(("first", "last", "year1", "later"), SEED_001_ROWS)
def test_km_aud_3_every_row_edge(first: int, last: int, year1: str, later: str) -> None:
    for employees in (first, last):
        assert audit_mandays(employees, 1) == Decimal(year1)
        assert audit_mandays(employees, 2) == Decimal(later)
        assert audit_mandays(employees, 7) == Decimal(later)


def test_km_aud_3_mandays_are_decimal() -> None:
    assert isinstance(audit_mandays(3, 1), Decimal)
    assert str(audit_mandays(3, 2)) == "0.75"


@pytest.mark.parametrize(("employees", "year", "field"), [
    (0, 1, "employees"), (-3, 1, "employees"), (2.0, 1, "employees"), (True, 1, "employees"),
    (5, 0, "year"), (5, -1, "year"), (5, "1", "year"),
])
def test_km_aud_3_bad_input_names_the_field(employees: object, year: object, field: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        audit_mandays(employees, year)
    assert info.value.field == field


def test_km_aud_3_500_plus_is_a_decision() -> None:
    assert MANDAYS.entry(501).source.kind == "decision"
    assert MANDAYS.entry(251).source.kind == "seed"


def test_km_aud_4_estimate_is_mandays_times_rate() -> None:
    e = audit_estimate(30, 1)
    assert e.mandays == Decimal("1.5")
    assert e.rate == Money("1250")
    assert e.cost.amount == Decimal("1875.00")
    assert e.is_estimate
    assert "estimate" in e.note
    assert audit_estimate(3, 2, rate="1100").cost.amount == Decimal("825.00")
    with pytest.raises(InvalidValueError):
        audit_estimate(3, 2, rate="-1")
    with pytest.raises(InvalidValueError):
        audit_estimate(3, 2, rate=1250.0)


def test_km_aud_5_clients_and_sites_are_recorded() -> None:
    e = audit_estimate(30, 1, clients=400, sites=3)
    assert (e.clients, e.sites) == (400, 3)
    assert e.cost == audit_estimate(30, 1).cost  # recorded, not priced
    with pytest.raises(InvalidValueError):
        audit_estimate(30, 1, sites=0)
    with pytest.raises(InvalidValueError):
        audit_estimate(30, 1, clients=-1)


@pytest.mark.parametrize(("turnover", "by_bow"), [
    (0, True), (1, True), (249_999, True), (Decimal("249999.99"), True), ("249999.99", True),
    (250_000, False), (Decimal("250000.00"), False), (250_001, False), (10**9, False),
])
def test_km_aud_1_route_edge(turnover: object, by_bow: bool) -> None:
    route = audit_route(turnover)
    assert route.arranged_by_blik_op_werk is by_bow
    assert route.price == (Money("552") if by_bow else None)


def test_km_aud_1_negative_turnover_is_an_error() -> None:
    with pytest.raises(InvalidValueError) as info:
        audit_route(-1)
    assert info.value.field == "turnover"


def test_km_aud_2_institutions() -> None:
    names = CERTIFYING_INSTITUTIONS.values()
    for name in ("Certiked", "DNV GL Business Assurance B.V.", "KIWA N.V.", "TÜV Nederland",
                 "TÜV Rheinland", "Het Keurmerkinstituut"):
        assert name in names
        assert name in audit_route(300_000).institutions
    assert any(i.startswith("Cheq") for i in audit_route(100_000).institutions)
    assert not any(i.startswith("Cheq") for i in audit_route(300_000).institutions)


def test_km_aud_6_exemption_only_in_year_4() -> None:
    assert [y for y in range(1, 10) if audit_exemption_eligible(y)] == [4]
    with pytest.raises(InvalidValueError):
        audit_exemption_eligible(0)
