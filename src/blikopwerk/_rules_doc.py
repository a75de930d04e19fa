"""Render rule sets as documentation pages (the docs' rule catalogue is generated)."""

from __future__ import annotations

from typing import Any

from blikopwerk._rules import SEED_FILES, RuleSet, RuleTable, Source

__all__ = ["render_ruleset_markdown"]


def _cell(value: Any) -> str:
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text if text else " "


def _source(source: Source | None) -> str:
    if source is None:
        return " "
    if source.kind == "decision":
        return _cell(f"**decision (not official)**: {source.passage}")
    quote = f': "{source.passage}"' if source.passage else ""
    return _cell(f"{source.citation}{quote}")


def _sources(ruleset: RuleSet) -> list[Source]:
    found: list[Source] = [rule.source for rule in ruleset.rules]
    found += [source for _, source in ruleset.parameters.values()]
    for table in ruleset.tables.values():
        if table.source is not None:
            found.append(table.source)
        found += [entry.source for entry in table.entries]
    return found


def _provenance(ruleset: RuleSet) -> list[str]:
    """A note naming the file behind each seed the page cites (provenance, not citation)."""
    cited = {s.ref for s in _sources(ruleset) if s.kind == "seed"}
    files = [f for f in SEED_FILES.values() if f in cited]
    if not files:
        return []
    lines = [
        ":::{admonition} Provenance",
        ":class: provenance",
        "",
        "The project keeps the text of each source cited on this page as a file in its "
        "`seeds/` folder:",
        "",
    ]
    lines += [f"- {Source.seed(f).citation}: `{f}`" for f in files]
    lines += [":::", ""]
    return lines


def _rules(source: Source | None) -> str:
    return _cell(", ".join(source.rules)) if source and source.rules else " "


def _table(table: RuleTable[Any, Any]) -> list[str]:
    lines = [f"### {table.title}", ""]
    meta = [f"name `{table.name}`", f"version {table.version}", f"in force from {table.valid_from:%Y-%m-%d}"]
    if table.example:
        meta.append("**example table, not official data**")
    lines.append("; ".join(meta) + ".")
    lines.append("")
    if table.description:
        lines += [table.description, ""]
    if table.source is not None:
        lines += [f"Source: {_source(table.source)}", ""]
    lines += ["| key | value | rules | source |", "|---|---|---|---|"]
    for e in table.entries:
        lines.append(f"| {_cell(e.key)} | {_cell(e.value)} | {_rules(e.source)} | {_source(e.source)} |")
    lines.append("")
    return lines


def render_ruleset_markdown(ruleset: RuleSet) -> str:
    """A Markdown (MyST) page for ``ruleset``: its rules, parameters and tables with sources.

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import Rule, RuleSet, Source
        >>> rs = RuleSet("demo", "1", dt.date(2020, 1, 1),
        ...              rules=(Rule("X-1", "A rule.", Source.decision("why")),))
        >>> print(render_ruleset_markdown(rs).splitlines()[0])
        # Rule set `demo` (version 1, in force from 2020-01-01)
    """
    lines = [
        f"# Rule set `{ruleset.name}` (version {ruleset.version}, in force from {ruleset.effective:%Y-%m-%d})",
        "",
        "Generated from the library's rule objects; do not edit by hand. Entries marked "
        "**decision (not official)** are the project's choices where the sources are silent; "
        "each is a parameter or a replaceable table.",
        "",
    ]
    if ruleset.rules:
        lines += ["## Rules", "", "| id | rule | source |", "|---|---|---|"]
        for rule in ruleset.rules:
            lines.append(f"| {rule.id} | {_cell(rule.summary)} | {_source(rule.source)} |")
        lines.append("")
    if ruleset.parameters:
        lines += ["## Parameters", "", "| name | default | rules | source |", "|---|---|---|---|"]
        for name, (value, source) in ruleset.parameters.items():
            lines.append(f"| `{name}` | {_cell(value)} | {_rules(source)} | {_source(source)} |")
        lines.append("")
    if ruleset.tables:
        lines += ["## Tables", ""]
        for table in ruleset.tables.values():
            lines += _table(table)
    lines += _provenance(ruleset)
    return "\n".join(lines).rstrip() + "\n"
