"""Helpers shared by the ``keurmerk`` CLI commands."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import click

from blikopwerk import Money

__all__ = ["FORMAT_OPTION", "console", "emit", "print_pairs"]

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True, help="Output as a table or as JSON.")


def _default(value: Any) -> Any:
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def console() -> Any:
    """A rich console that prints text as text: provider names and other data are never read
    as markup (``[link=...]`` stays literal, ``[/]`` does not crash) or emoji codes."""
    from rich.console import Console

    return Console(markup=False, emoji=False)


def emit(data: Any) -> None:
    """Print ``data`` as indented JSON (Decimals and Money as strings, dates as ISO)."""
    click.echo(json.dumps(data, indent=2, default=_default, ensure_ascii=False))


def print_pairs(title: str, pairs: list[tuple[str, str]]) -> None:
    """Print a two-column table with rich."""
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in pairs:
        table.add_row(key, value)
    console().print(table)
