"""keurmerk's public names and its rule set (every KM-* rule of RULES.md is present)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import keurmerk
from keurmerk import KEURMERK_RULES

RULES_MD = Path("/work/shared/RULES.md")


def test_all_is_sorted_unique_and_documented() -> None:
    assert len(set(keurmerk.__all__)) == len(keurmerk.__all__)
    for name in keurmerk.__all__:
        obj = getattr(keurmerk, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name
            assert ">>>" in (inspect.getdoc(obj) or "") or inspect.isclass(obj), f"{name} has no example"


def test_no_private_object_leaks() -> None:
    for name in keurmerk.__all__:
        obj = getattr(keurmerk, name)
        module = getattr(obj, "__module__", "keurmerk")
        assert module.startswith(("keurmerk", "builtins", "blikopwerk", "typing")), (name, module)


def test_every_table_entry_has_a_source_and_tables_are_sorted() -> None:
    for table in KEURMERK_RULES.tables.values():
        assert table.keys() == sorted(table.keys())
        for entry in table.entries:
            assert entry.source.rules, (table.name, entry.key)
    for name, (_, source) in KEURMERK_RULES.parameters.items():
        assert source.rules, name


def test_every_km_rule_id_of_the_catalogue_is_in_the_rule_set() -> None:
    ids = {r.id for r in KEURMERK_RULES.rules}
    if RULES_MD.exists():
        wanted = set(re.findall(r"^\| (KM-[A-Z]+-\d+) \|", RULES_MD.read_text("utf-8"), re.MULTILINE))
        assert wanted and wanted <= ids
    assert {"KM-FEE-1", "KM-AUD-1", "KM-CAL-1", "KM-SVC-1", "KM-SAT-1", "KM-STAR-2", "KM-SRCH-1"} <= ids


def test_decisions_are_marked_not_official() -> None:
    decisions = {r.id for r in KEURMERK_RULES.rules if not r.source.official} | {  # or a decision beside the seed
        i for e in KEURMERK_RULES.tables["decisions"].entries if not e.source.official for i in e.source.rules}
    assert {"KM-FEE-2", "KM-SAT-6", "KM-SAT-7", "KM-STAR-2"} <= decisions
    assert not KEURMERK_RULES.parameters["publish_min_completed"][1].official
