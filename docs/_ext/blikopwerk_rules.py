"""Sphinx extension: render every rule set of the library into ``rules/generated/``.

Rule pages are generated from the library's :class:`blikopwerk.RuleSet` objects (as pint
generates its unit reference from its definitions), so docs and code cannot drift.
Configuration: ``blikopwerk_rulesets = ["module:ATTRIBUTE", ...]``, each naming a tuple
of rule sets.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from blikopwerk import RuleSet, render_ruleset_markdown


def collect(specs: list[str]) -> list[tuple[str, RuleSet]]:
    """``(package, rule set)`` for every rule set named by ``specs``."""
    found: list[tuple[str, RuleSet]] = []
    for spec in specs:
        module_name, _, attr = spec.partition(":")
        module = importlib.import_module(module_name)
        sets = getattr(module, attr, ())
        for ruleset in sets:
            found.append((module_name, ruleset))
    return found


def generate(app: Sphinx) -> None:
    out = Path(app.srcdir) / "rules" / "generated"
    out.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, str] = {}
    for package, ruleset in collect(app.config.blikopwerk_rulesets):
        path = out / f"{package}-{ruleset.name}.md".replace("_", "-")
        wanted[path] = render_ruleset_markdown(ruleset)
    for stale in out.glob("*.md"):
        if stale not in wanted:
            stale.unlink()
    for path, text in wanted.items():
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("blikopwerk_rulesets", [], "env")
    app.connect("builder-inited", generate)
    return {"version": "1", "parallel_read_safe": True}
