"""The docs' rule pages are generated from the rule objects."""

from __future__ import annotations

import importlib
import re

import pytest

import blikopwerk
from blikopwerk import render_ruleset_markdown


@pytest.mark.parametrize("package", ["blikopwerk", "werkscan", "keurmerk"])
def test_every_ruleset_renders_with_its_sources(package: str) -> None:
    for ruleset in getattr(importlib.import_module(package), "RULESETS", ()):
        page = render_ruleset_markdown(ruleset)
        assert page.startswith(f"# Rule set `{ruleset.name}`")
        for rule in ruleset.rules:
            assert f"| {rule.id} |" in page
        for table in ruleset.tables.values():
            assert table.title in page


def test_kernel_rules_cite_their_ids() -> None:
    ids = [r.id for r in blikopwerk.KERNEL_RULES.rules]
    assert ids == ["K-PC-1", "K-PC-2", "K-DAY-1", "K-TZ-1", "K-GEO-1", "K-MON-1"]
    page = render_ruleset_markdown(blikopwerk.KERNEL_RULES)
    assert "**decision (not official)**" in page
    assert "`001_7bacfedc505671bd.txt`" in page


@pytest.mark.parametrize("package", ["blikopwerk", "werkscan", "keurmerk"])
def test_sources_are_cited_by_title_and_files_only_in_the_provenance_note(package: str) -> None:
    from blikopwerk._rules import SEED_TITLES

    for ruleset in getattr(importlib.import_module(package), "RULESETS", ()):
        page = render_ruleset_markdown(ruleset)
        body, note, rest = page.partition(":::{admonition} Provenance")
        assert not re.search(r"\d{3}_[0-9a-f]{16}", body), ruleset.name
        cited = [f for f, title in SEED_TITLES.items() if title in body]
        assert cited, f"{ruleset.name} cites no seed by its title"
        for file in cited:  # every seed cited by title is named, by file, in the note
            assert f"`{file}`" in rest


def test_every_seed_has_a_bibliographic_title() -> None:
    from blikopwerk import Source
    from blikopwerk._rules import SEED_FILES

    for number, file in SEED_FILES.items():
        title = Source.seed(number).citation
        assert title != file and re.fullmatch(r".+ \((\d{4}|n\.d\.)\), .+", title), title

