"""The Keurmerk rule catalogue: every KM-* rule is a ``Rule`` with a checked source.

* The project's list of KM ids (:data:`KM_RULE_IDS` below) equals the rules of the
  keurmerk rule sets: needs nothing outside the repository.
* When the shared catalogue (RULES.md) and the seeds are at hand (``BLIKOPWERK_SHARED``,
  or ``../shared`` / ``../../shared`` next to the repository), the list equals RULES.md's
  KM rows and every quoted seed passage occurs in its seed file. Otherwise those two tests
  are skipped, saying where they looked.
* Every KM id is cited by at least one test module.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

import keurmerk
from blikopwerk import RuleSet, Source

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

#: The project's list of Keurmerk rule ids: the KM-* rows of the catalogue (RULES.md, revised),
#: kept here so the core test needs nothing outside the repository. Add an id when the
#: catalogue gains one.
KM_RULE_IDS: tuple[str, ...] = (
    "KM-FEE-1", "KM-FEE-2", "KM-FEE-3", "KM-FEE-4",
    "KM-AUD-1", "KM-AUD-2", "KM-AUD-3", "KM-AUD-4", "KM-AUD-5", "KM-AUD-6",
    "KM-CAL-1", "KM-CAL-2", "KM-CAL-3", "KM-CAL-4", "KM-CAL-5",
    "KM-SVC-1", "KM-SVC-2", "KM-SVC-3",
    "KM-SAT-1", "KM-SAT-2", "KM-SAT-3", "KM-SAT-4", "KM-SAT-5", "KM-SAT-6", "KM-SAT-7", "KM-SAT-8",
    "KM-SAT-9",
    "KM-STAR-1", "KM-STAR-2",
    "KM-SRCH-1", "KM-SRCH-2", "KM-SRCH-3",
)


def _shared_candidates() -> list[Path]:
    env = os.environ.get("BLIKOPWERK_SHARED")
    found = [Path(env)] if env else []
    return [*found, ROOT.parent / "shared", ROOT.parent.parent / "shared"]


def _shared() -> Path | None:
    for candidate in _shared_candidates():
        if (candidate / "RULES.md").is_file() and (candidate / "seeds").is_dir():
            return candidate
    return None


SHARED = _shared()
needs_shared = pytest.mark.skipif(
    SHARED is None,
    reason="the shared catalogue is not here (set BLIKOPWERK_SHARED to the folder holding RULES.md and "
           f"seeds/; looked in {', '.join(str(p) for p in _shared_candidates())})")


def _sources(ruleset: RuleSet) -> Iterator[tuple[str, Source]]:
    for rule in ruleset.rules:
        yield f"rule {rule.id}", rule.source
    for name, (_, source) in ruleset.parameters.items():
        yield f"parameter {name}", source
    for table in ruleset.tables.values():
        if table.source is not None:
            yield f"table {table.name}", table.source
        for entry in table.entries:
            yield f"table {table.name}[{entry.key!r}]", entry.source


def _squash(text: str) -> str:
    """NFC, every whitespace removed: the seeds' tables lost their column separators."""
    return "".join(unicodedata.normalize("NFC", text).split())


def test_the_project_list_equals_the_rule_sets() -> None:
    ids = [r.id for rs in keurmerk.RULESETS for r in rs.rules]
    assert len(ids) == len(set(ids)), "a KM rule is defined twice"
    assert sorted(ids) == sorted(KM_RULE_IDS)
    assert len(set(KM_RULE_IDS)) == len(KM_RULE_IDS) == 32


def test_every_source_names_known_rule_ids() -> None:
    for rs in keurmerk.RULESETS:
        for where, source in _sources(rs):
            assert source.rules, where
            assert set(source.rules) <= set(KM_RULE_IDS), where


@needs_shared
def test_the_project_list_equals_the_catalogue_in_rules_md() -> None:
    assert SHARED is not None
    text = (SHARED / "RULES.md").read_text("utf-8")
    wanted = re.findall(r"^\| (KM-[A-Z]+-\d+) \|", text, re.MULTILINE)
    assert sorted(wanted) == sorted(KM_RULE_IDS)


@needs_shared
def test_every_quoted_seed_passage_occurs_in_its_seed() -> None:
    assert SHARED is not None
    missing: list[str] = []
    checked = 0
    for rs in keurmerk.RULESETS:
        for where, source in _sources(rs):
            if source.kind != "seed":
                continue
            seed = _squash((SHARED / "seeds" / source.ref).read_text("utf-8"))
            assert source.passage, f"{where}: a seed source quotes a passage"
            for fragment in source.passage.split(" ... "):
                checked += 1
                if _squash(fragment) not in seed:
                    missing.append(f"{where}: {fragment!r} not in {source.ref}")
    assert not missing, "\n".join(missing)
    assert checked > 60


def test_every_km_rule_id_is_cited_by_a_test() -> None:
    texts = {p: p.read_text("utf-8") for p in TESTS.rglob("*.py")
             if p.name != "test_km_catalogue.py"}
    uncited = [rid for rid in KM_RULE_IDS
               if not any(re.search(rf"{re.escape(rid)}(?!\d)|{re.escape(rid.lower().replace('-', '_'))}(?!\d)", t)
                          for t in texts.values())]
    assert not uncited, f"no test cites {uncited}"
