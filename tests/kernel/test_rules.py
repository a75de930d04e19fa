"""Rule tables with provenance (DESIGN principle 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import (
    KERNEL_RULES,
    InvalidValueError,
    RuleHistory,
    RuleNameError,
    RuleSet,
    RuleTable,
    RuleTableError,
    Source,
)

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


# ------------------------------------------------------------------ deep immutability (issue 12.5)

def _all_rulesets() -> list[RuleSet]:
    import blikopwerk
    import keurmerk
    import werkscan

    return [rs for pkg in (blikopwerk, werkscan, keurmerk) for rs in pkg.RULESETS]


def test_rule_sets_hold_read_only_mappings_the_issue_example() -> None:
    import keurmerk

    with pytest.raises(TypeError):
        keurmerk.KEURMERK_RULES.tables["fee_bands"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        keurmerk.KEURMERK_RULES.parameters["star_max"] = (5, SRC)  # type: ignore[index]
    with pytest.raises(AttributeError):
        keurmerk.KEURMERK_RULES.tables = {}  # type: ignore[misc]
    assert keurmerk.KEURMERK_RULES["fee_bands"] is not None


@pytest.mark.parametrize("ruleset", _all_rulesets(), ids=lambda rs: rs.name)
def test_everything_reachable_from_a_rule_set_is_immutable(ruleset: RuleSet) -> None:
    from types import MappingProxyType

    assert isinstance(ruleset.tables, MappingProxyType)
    assert isinstance(ruleset.parameters, MappingProxyType)
    assert isinstance(ruleset.rules, tuple)
    for table in ruleset.tables.values():
        assert isinstance(table.entries, tuple)
        for entry in table.entries:
            hash((entry.key, entry.value, entry.source))  # frozen all the way down
    for value, source in ruleset.parameters.values():
        hash((value, source))
    for rule in ruleset.rules:
        hash(rule)


def test_a_mapping_passed_in_is_copied_not_shared() -> None:
    tables = {"fees": RuleTable.build("fees", "Fees", D, [(0, 1, SRC)])}
    params = {"rate": (5, SRC)}
    rs = RuleSet("x", "1", D, tables, parameters=params)
    tables.clear()
    params["rate"] = (6, SRC)
    assert "fees" in rs.tables and rs.parameter("rate") == 5


def test_malformed_rule_sets_are_refused() -> None:
    with pytest.raises(RuleTableError, match="expected a RuleTable"):
        RuleSet("x", "1", D, {"fees": {0: 1}})  # type: ignore[dict-item]
    with pytest.raises(RuleTableError, match=r"\(value, Source\) pair"):
        RuleSet("x", "1", D, parameters={"rate": 5})  # type: ignore[dict-item]


# ------------------------------------------------------------------ names and types (issue 12.5)

def test_replace_refuses_misspelt_parameter_names_naming_them() -> None:
    with pytest.raises(RuleNameError) as info:
        KERNEL_RULES.replace(parameters={"vat_rte": (Decimal("0.09"), SRC), "timezon": ("UTC", SRC)})
    err = info.value
    assert err.field == "parameters" and err.value == ("timezon", "vat_rte")
    assert "has no parameters 'timezon', 'vat_rte'; known: " in str(err) and "vat_rate" in str(err)
    assert isinstance(err, KeyError) and isinstance(err, InvalidValueError)


def test_unknown_names_are_the_library_error_and_still_key_errors() -> None:
    for lookup in (lambda: KERNEL_RULES["nope"], lambda: KERNEL_RULES.parameter("nope"),
                   lambda: KERNEL_RULES.rule("K-NOPE-1"),
                   lambda: KERNEL_RULES.replace(nope=RuleTable.build("t", "T", D, []))):
        with pytest.raises(RuleNameError, match="has no"):
            lookup()
        with pytest.raises(KeyError):
            lookup()


def test_parameters_are_typed() -> None:
    assert KERNEL_RULES.parameter("vat_rate", Decimal) == Decimal("0.21")
    assert KERNEL_RULES.parameter("timezone", str) == "Europe/Amsterdam"
    with pytest.raises(RuleTableError, match="'vat_rate' is a Decimal, not a str"):
        KERNEL_RULES.parameter("vat_rate", str)
    flag = RuleSet("x", "1", D, parameters={"on": (True, SRC), "n": (3, SRC)})
    with pytest.raises(RuleTableError, match="is a bool, not a int"):
        flag.parameter("on", int)  # a bool is not taken for a number
    assert flag.parameter("on", bool) is True and flag.parameter("n", int) == 3


def test_replace_keeps_each_parameters_type() -> None:
    with pytest.raises(InvalidValueError, match=r"parameters.vat_rate: expected a Decimal, as the value it replaces"):
        KERNEL_RULES.replace(parameters={"vat_rate": (0.09, SRC)})  # a float
    with pytest.raises(InvalidValueError, match="parameters.vat_rate"):
        KERNEL_RULES.replace(parameters={"vat_rate": (9, SRC)})  # no coercion, not even int
    with pytest.raises(InvalidValueError, match="Source"):
        KERNEL_RULES.replace(parameters={"vat_rate": Decimal("0.09")})  # type: ignore[dict-item]
    flag = RuleSet("x", "1", D, parameters={"n": (3, SRC)})
    with pytest.raises(InvalidValueError, match="parameters.n"):
        flag.replace(parameters={"n": (True, SRC)})
    assert KERNEL_RULES.replace(parameters={"vat_rate": (Decimal("0.09"), SRC)}).parameter(
        "vat_rate", Decimal) == Decimal("0.09")
    assert KERNEL_RULES.parameter("vat_rate", Decimal) == Decimal("0.21")  # the original is untouched


names = st.text(min_size=1, max_size=12)


@given(st.lists(names, min_size=1, max_size=4, unique=True))
def test_any_unknown_parameter_name_is_refused(wanted: list[str]) -> None:
    unknown = sorted(n for n in wanted if n not in KERNEL_RULES.parameters)
    params = {n: (Decimal(1), SRC) for n in wanted}
    if not unknown:
        return
    with pytest.raises(RuleNameError) as info:
        KERNEL_RULES.replace(parameters=params)
    assert info.value.value == tuple(unknown)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_a_replaced_parameter_reads_back_as_given(value: Decimal) -> None:
    rs = KERNEL_RULES.replace(parameters={"rd_candidate_margin_m": (value, SRC)})
    assert rs.parameter("rd_candidate_margin_m", Decimal) is value


@pytest.mark.parametrize("ruleset", _all_rulesets(), ids=lambda rs: rs.name)
def test_rule_sets_pickle_and_stay_read_only(ruleset: RuleSet) -> None:
    """Rule sets travel to worker processes (Dask, multiprocessing) by pickle."""
    import copy
    import pickle
    from types import MappingProxyType

    back = pickle.loads(pickle.dumps(ruleset))
    assert back == ruleset and copy.deepcopy(ruleset) == ruleset
    assert isinstance(back.tables, MappingProxyType) and isinstance(back.parameters, MappingProxyType)
    for name, table in ruleset.tables.items():
        assert pickle.loads(pickle.dumps(table)).items() == table.items(), name
