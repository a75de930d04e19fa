"""Rule tables with provenance (DESIGN principle 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from blikopwerk import InvalidValueError, RuleHistory, RuleSet, RuleTable, RuleTableError, Source

D = dt.date(2020, 1, 1)
SRC = Source.decision("test table")


def test_source_kinds() -> None:
    seed = Source.seed("001", "passage", rules=("KM-FEE-1",))
    assert seed.ref == "001_7bacfedc505671bd.txt" and seed.official
    assert "KM-FEE-1" in seed.describe()
    assert not Source.decision("why").official
    assert Source.instrument("WAI 1998").official
    with pytest.raises(InvalidValueError, match="seed"):
        Source.seed("009")


def test_redefining_an_entry_raises() -> None:
    with pytest.raises(RuleTableError, match="defined twice"):
        RuleTable.build("t", "T", D, [(1, "a", SRC), (1, "b", SRC)])


def test_unsorted_table_raises_unless_declared_unsorted() -> None:
    with pytest.raises(RuleTableError, match="ascending"):
        RuleTable.build("t", "T", D, [(2, "a", SRC), (1, "b", SRC)])
    t = RuleTable.build("t", "T", D, [("b", 1, SRC), ("a", 2, SRC)], sorted_keys=False)
    assert t.keys() == ["b", "a"]
    with pytest.raises(RuleTableError):
        t.band("a")


def test_band_lookup_edges() -> None:
    t = RuleTable.build("fees", "Fees", D, [(0, "A", SRC), (75_000, "B", SRC)])
    assert t.band(0).value == "A"
    assert t.band(74_999).value == "A"
    assert t.band(75_000).value == "B"
    assert t.band(10**12).value == "B"
    with pytest.raises(InvalidValueError, match="fees"):
        t.band(-1)


def test_table_is_immutable_and_mapping_like() -> None:
    t = RuleTable.build("t", "T", D, [(1, "a", SRC), (2, "b", SRC)])
    assert list(t) == [1, 2] and len(t) == 2 and 2 in t and 3 not in t
    assert t.items() == [(1, "a"), (2, "b")]
    assert t.entry(1).source is SRC
    with pytest.raises(KeyError):
        t[3]
    with pytest.raises(AttributeError):
        t.name = "x"  # type: ignore[misc]
    assert t.map(str.upper)[1] == "A"


def test_ruleset_replace_and_history() -> None:
    old = RuleTable.build("fees", "Fees", D, [(0, 1, SRC)])
    new = RuleTable.build("fees", "Fees 2027", dt.date(2027, 1, 1), [(0, 2, SRC)])
    rs = RuleSet("x", "1", D, {"fees": old}, parameters={"rate": (5, SRC)})
    rs2 = rs.replace(fees=new, version="2", effective=dt.date(2027, 1, 1))
    assert rs["fees"][0] == 1 and rs2["fees"][0] == 2
    assert rs2.parameter("rate") == 5
    with pytest.raises(KeyError):
        rs.replace(other=new)
    history = RuleHistory((rs, rs2))
    assert history.in_force(dt.date(2026, 12, 31)) is rs
    assert history.in_force(dt.date(2027, 1, 1)) is rs2
    assert history.latest is rs2
    with pytest.raises(InvalidValueError):
        history.in_force(dt.date(2019, 1, 1))
    with pytest.raises(RuleTableError):
        RuleHistory((rs2, rs))
