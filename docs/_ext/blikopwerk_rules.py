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

from blikopwerk import RuleSet, Source, render_ruleset_markdown


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


_PACKAGES = {"blikopwerk": "Shared kernel", "werkscan": "Werkscan", "keurmerk": "Keurmerk"}


def _page(package: str, ruleset: RuleSet) -> str:
    return f"{package}-{ruleset.name}".replace("_", "-")


def _cited(source: Source) -> str:
    """A source as the catalogue names it: a document by its title, a decision as not official."""
    return "decision (not official)" if source.kind == "decision" else source.citation


def catalogue_markdown(found: list[tuple[str, RuleSet]]) -> str:
    """One page listing every rule of every rule set: id, rule, its sources by title, rule set."""
    lines = [
        "# All rules",
        "",
        "Every rule of the catalogue, with the sources it rests on and the rule set that holds it "
        "(follow the link for the passages, parameters and tables). A *decision (not official)* is "
        "the project's choice where the sources are silent, with its reason on the rule set's page.",
        "",
    ]
    heading = None
    for package, ruleset in found:
        if _PACKAGES.get(package, package) != heading:
            heading = _PACKAGES.get(package, package)
            lines += [f"## {heading}", "", "| id | rule | sources | rule set |", "|---|---|---|---|"]
        cited: dict[str, list[str]] = {rule.id: [_cited(rule.source)] for rule in ruleset.rules}
        sources = [s for _, s in ruleset.parameters.values()]
        for table in ruleset.tables.values():
            sources += ([table.source] if table.source is not None else []) + [e.source for e in table.entries]
        for source in sources:
            for rule_id in source.rules:
                if rule_id in cited and _cited(source) not in cited[rule_id]:
                    cited[rule_id].append(_cited(source))
        for rule in ruleset.rules:
            summary = rule.summary.replace("|", "\\|")
            names = "; ".join(c.replace("|", "\\|") for c in cited[rule.id])
            lines.append(f"| {rule.id} | {summary} | {names} | {{doc}}`{ruleset.name} <{_page(package, ruleset)}>` |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def generate(app: Sphinx) -> None:
    out = Path(app.srcdir) / "rules" / "generated"
    out.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, str] = {}
    found = collect(app.config.blikopwerk_rulesets)
    wanted[out / "all-rules.md"] = catalogue_markdown(found)
    for package, ruleset in found:
        path = out / f"{_page(package, ruleset)}.md"
        wanted[path] = render_ruleset_markdown(ruleset)
    for stale in out.glob("*.md"):
        if stale not in wanted:
            stale.unlink()
    for path, text in wanted.items():
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    for sub in cls.__subclasses__():
        if sub not in found:
            found.append(sub)
        found += [s for s in _subclasses(sub) if s not in found]
    return found


def error_table(packages: list[str]) -> str:
    """A Markdown table of every error class: code, public name, base, meaning."""
    from blikopwerk import BlikopwerkError

    public: dict[type, str] = {}
    for name in packages:
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional plugin that is not installed
            continue
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if isinstance(obj, type) and issubclass(obj, BlikopwerkError):
                public.setdefault(obj, f"{name}.{attr}")
    lines = ["| code | class | derives from | raised when |", "|---|---|---|---|"]
    for cls in [BlikopwerkError, *_subclasses(BlikopwerkError)]:
        if cls not in public:
            continue
        base = next((public[b] for b in cls.__mro__[1:] if b in public), "")
        doc = (cls.__doc__ or "").strip().splitlines()[0].replace("|", "\\|")
        lines.append(f"| `{getattr(cls, 'code', '')}` | `{public[cls]}` | {f'`{base}`' if base else ''} | {doc} |")
    return "\n".join(lines) + "\n"


def generate_errors(app: Sphinx) -> None:
    path = Path(app.srcdir) / "reference" / "generated" / "errors-table.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = error_table(app.config.blikopwerk_error_packages)
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def generate_changelog(app: Sphinx) -> None:
    """Unreleased changelog fragments (``changelog.d/<topic>.<type>.md``) as one page part."""
    fragments = sorted((Path(app.srcdir).parent / "changelog.d").glob("*.*.md"))
    parts = []
    for frag in fragments:
        topic, kind = frag.name.removesuffix(".md").rsplit(".", 1)
        parts.append(f"- **{kind}** ({topic}): " + " ".join(frag.read_text("utf-8").split()))
    text = "\n".join(parts) + "\n" if parts else "No unreleased changes.\n"
    path = Path(app.srcdir) / "reference" / "generated" / "changelog-unreleased.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate_changelog)
    app.add_config_value("blikopwerk_rulesets", [], "env")
    app.add_config_value("blikopwerk_error_packages", [], "env")
    app.connect("builder-inited", generate)
    app.connect("builder-inited", generate_errors)
    return {"version": "1", "parallel_read_safe": True}
