"""Helpers shared by the ``keurmerk`` CLI commands."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import click

from blikopwerk import Money
from blikopwerk._cli import console
from blikopwerk._i18n import N_, Translator, translator

__all__ = ["FORMAT_OPTION", "console", "emit", "print_pairs", "tr"]

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True, help=N_("Output as a table or as JSON."))


# Reasons the Keurmerk rules give often, so an error line can be in one language.
_REASONS = (
    N_("inburgering (dienst 11) has its own tariffs, which are not in the sources; the general fee table does "
       "not apply"),
    N_("must lie in 1-10"), N_("must lie in 0-100"), N_("clients give whole marks 1-10"),
    N_("must be at least 1"), N_("must be at least 0"), N_("must be 'client' or 'principal'"),
    N_("a client's questionnaire names its service"), N_("service has no net sample; add it to net_sample"),
    N_("write marks with decimals as strings, e.g. \"7.5\""), N_("expected an object"),
    N_("too close to the end of the calendar"), N_("outside the calendar"),
)


def tr(lang: str) -> Translator:
    """The ``keurmerk`` catalogue in ``lang``."""
    return translator("keurmerk", lang)


def _default(value: Any) -> Any:
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit(data: Any) -> None:
    """Print ``data`` as indented JSON (Decimals and Money as strings, dates as ISO)."""
    click.echo(json.dumps(data, indent=2, default=_default, ensure_ascii=False))


def print_pairs(title: str, pairs: list[tuple[str, str]]) -> None:
    """Print a two-column table with rich (data printed as text, never as markup)."""
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in pairs:
        table.add_row(key, value)
    console().print(table)
