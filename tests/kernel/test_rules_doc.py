"""The docs' rule pages are generated from the rule objects."""

from __future__ import annotations

import importlib

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
