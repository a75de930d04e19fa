"""``werkscan directory``: the map of licence holders for anonymous payers (WS-DIR-1).

The storage comes from ``--storage URL`` or the settings (``BLIKOPWERK_STORAGE_URL``);
the geocoder from the settings (``BLIKOPWERK_GEOCODER``, default the offline table).
"""

from __future__ import annotations

import datetime as dt
import json

import click

from blikopwerk._calendar import dutch_day
from blikopwerk._cli import console, lang_option
from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import N_, translator
from blikopwerk._select import get_geocoder, open_storage
from werkscan._leads.directory_licensed import directory_for

__all__ = ["directory_command"]


def _day(value: str | None) -> dt.date:
    if value is None:
        return dutch_day(dt.datetime.now(dt.UTC))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError("on", value, "not an ISO date (YYYY-MM-DD)") from None


@click.command("directory", help=N_("""The directory map of licence holders: experts on a valid licence at a full visiting
address; experts with a postcode only and expired licences are left out.

Example: werkscan directory --storage sqlite:///ws.db --near 3511 --limit 10"""))
@click.option("--near", "near", metavar="PC", default=None,
              help=N_("Sort by distance from this postcode or PC4 area, nearest first."))
@click.option("--on", "on", metavar="DATE", default=None,
              help=N_("Show the licence holders of this day (YYYY-MM-DD; default: today)."))
@click.option("--within", metavar="DISTANCE", default=None, help=N_("With --near: at most this far, e.g. '25 km'."))
@click.option("--limit", type=click.IntRange(min=1), default=None, help=N_("At most this many pins."))
@click.option("--storage", "storage_url", metavar="URL", default=None,
              help=N_("Storage URL (default: BLIKOPWERK_STORAGE_URL or sqlite:///blikopwerk.sqlite3)."))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("Output as a table or as JSON."))
@lang_option
def directory_command(near: str | None, on: str | None, within: str | None, limit: int | None,
                      storage_url: str | None, fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    t = translator("werkscan", lang)
    day = _day(on)
    storage = open_storage(storage_url)
    try:
        pins = directory_for(storage, day, near, limit=limit, within=within, geocoder=get_geocoder())
    finally:
        storage.close()
    if fmt == "json":
        click.echo(json.dumps({"on": day.isoformat(), "near": near,
                               "pins": [p.to_json() for p in pins]}, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    title = (t._("Licence holders on {day}, nearest {near} first") if near else t._("Licence holders on {day}")).format(
        day=t.date(day), near=near)
    table = Table(t._("licence"), t._("company"), t._("expert"), t._("address"), t._("postcode"), t._("Keurmerk"),
                  *((t._("km"),) if near else ()), title=title)
    for p in pins:
        row = [p.licence_id, p.company, f"{p.expert_name} ({p.expert_id})", p.address, p.postcode,
               t.gettext("yes") if p.keurmerk else t.gettext("no")]
        if p.distance_m is not None:
            row.append(t.number(p.distance_m / 1000, decimals=1))
        table.add_row(*row)
    out = console()
    out.print(table)
    if not pins:
        out.print(t._("No licence holder with an expert at a full visiting address."))
