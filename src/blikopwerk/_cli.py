"""Shared pieces of the ``werkscan`` and ``keurmerk`` command lines."""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

import click

from blikopwerk._errors import BlikopwerkError

__all__ = ["plugins_command", "run_cli"]


@click.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def plugins_command(fmt: str) -> None:
    """List installed backends by entry-point group, with their distribution."""
    from blikopwerk.plugins import geocoders, notifiers, storage_backends

    rows: list[dict[str, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for registry in (storage_backends, geocoders, notifiers):
            for info in registry.info():
                rows.append({"group": info.group, "name": info.name,
                             "distribution": info.distribution, "target": info.target,
                             "error": info.error})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("group", "name", "distribution", "status")
    for r in rows:
        table.add_row(r["group"], r["name"], r["distribution"] or "-",
                      "ok" if r["error"] is None else f"broken: {r['error']}")
    Console().print(table)


def run_cli(group: click.Group) -> None:
    """Run ``group``; library errors become a one-line message and exit code 2."""
    try:
        group.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except BlikopwerkError as exc:
        click.echo(f"error [{exc.code}]: {exc}", err=True)
        sys.exit(2)
