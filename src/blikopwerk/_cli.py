"""Shared pieces of the ``werkscan`` and ``keurmerk`` command lines."""

from __future__ import annotations

import datetime as dt
import json
import sys
import warnings
from typing import Any

import click

from blikopwerk._errors import BlikopwerkError, InvalidValueError
from blikopwerk._protocols import Storage
from blikopwerk._select import open_storage

__all__ = ["StorageContext", "parse_date", "parse_now", "plugins_command", "run_cli"]


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


class StorageContext:
    """State shared by the commands of a CLI group: a lazily opened storage and "now".

    ``url`` ``None`` means the settings' ``storage_url``; ``now`` fixes the clock (for
    replays and demos), otherwise the current UTC time is used.
    """

    def __init__(self, url: str | None, now: dt.datetime | None = None) -> None:
        self.url = url
        self.fixed_now = now
        self._storage: Storage | None = None

    @property
    def storage(self) -> Storage:
        """The storage, opened on first use."""
        if self._storage is None:
            self._storage = open_storage(self.url)
        return self._storage

    def now(self) -> dt.datetime:
        """The fixed moment, or the current UTC time."""
        return self.fixed_now or dt.datetime.now(dt.UTC)

    def close(self) -> None:
        """Close the storage if it was opened."""
        if self._storage is not None:
            self._storage.close()


def parse_now(value: str | None, field: str = "now") -> dt.datetime | None:
    """An ISO-8601 date-time with a zone from the command line (``None`` passes through)."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field, value, "not an ISO-8601 date-time") from None
    if parsed.tzinfo is None:
        raise InvalidValueError(field, value, "needs a time zone (e.g. Z or +01:00)")
    return parsed


def parse_date(value: str, field: str) -> dt.date:
    """An ISO date (``YYYY-MM-DD``) from the command line."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field, value, "not an ISO date (YYYY-MM-DD)") from None
