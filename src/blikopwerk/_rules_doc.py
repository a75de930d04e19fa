"""Render rule sets as documentation pages (the docs' rule catalogue is generated)."""

from __future__ import annotations

from typing import Any

from blikopwerk._rules import RuleSet, RuleTable, Source

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
    return _cell(f"`{source.ref}`{quote}")


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
    return "\n".join(lines).rstrip() + "\n"
