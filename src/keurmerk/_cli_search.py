"""``keurmerk search FILE``: rank providers from a JSON file (KM-SRCH-1 to KM-SRCH-3).

The file format is read by :func:`keurmerk.load_providers_file` (see its module,
``keurmerk._search_io``, and the how-to "Search providers").
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

import click

from blikopwerk import InvalidValueError
from blikopwerk._cli import console, lang_option
from blikopwerk._i18n import N_
from keurmerk._cli_common import FORMAT_OPTION, emit, tr
from keurmerk._search import SearchHit, search_providers
from keurmerk._search_io import BY, EXAMPLE_PROVIDERS, load_providers_file

__all__ = ["search_command"]


def _hit_json(rank: int, hit: SearchHit) -> dict[str, Any]:
    p = hit.provider
    est = hit.establishment
    return {"rank": rank, "id": p.id, "name": p.name, "mark": p.mark, "stars": p.stars,
            "top_services": list(p.top_services), "cities": list(p.cities),
            "establishment": None if est is None else {"postcode": str(est.postcode), "city": est.city},
            "distance_km": None if hit.distance_m is None else round(hit.distance_m / 1000, 3),
            "matched": list(hit.matched)}


@click.command("search", help=N_("""Search and rank the providers in FILE (JSON, see the how-to) as the Keurmerk search does.

Example: keurmerk search providers.json --by proximity --near 3811"""))
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "by", type=click.Choice(list(BY)), default=None,
              help=N_("Sort by mark, stars, proximity (needs --near) or keywords (relevance, needs "
                      "--keywords); default: proximity with --near, else mark. --keywords filters."))
@click.option("--near", metavar="PC", default=None, help=N_("A postcode or PC4 area for a location search."))
@click.option("--within", metavar="DISTANCE", default=None, help=N_("With --near: at most this far, e.g. '25 km'."))
@click.option("--keywords", default=None, help=N_("Words to look for in name, presentation, distinguishing text, city."))
@click.option("--service", type=int, default=None, help=N_("Keep providers with this service in their top 5."))
@click.option("--target-group", default=None, help=N_("Keep providers with this target group in their top 5."))
@click.option("--limit", type=click.IntRange(min=1), default=None, help=N_("Show at most this many."))
@click.option("--example", is_flag=True, help=N_("Search the bundled example providers instead of FILE."))
@FORMAT_OPTION
@lang_option
def search_command(file: Path | None, by: str | None, near: str | None, within: str | None,
                   keywords: str | None, service: int | None, target_group: str | None, limit: int | None,
                   example: bool, fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    if (file is None) == (not example):
        raise InvalidValueError("FILE", None if file is None else str(file), "give a providers FILE or --example")
    if file is None:
        providers = load_providers_file(str(resources.files("keurmerk").joinpath(EXAMPLE_PROVIDERS)))
    else:
        providers = load_providers_file(file)
    if by == "proximity" and near is None:
        raise InvalidValueError("--near", None, "--by proximity needs --near")
    if by == "keywords" and keywords is None:
        raise InvalidValueError("--keywords", None, "--by keywords needs --keywords")
    hits = search_providers(providers, query=keywords, near=near, within=within, service=service,
                            target_group=target_group, order=None if by is None else BY[by])
    if limit is not None:
        hits = hits[:limit]
    chosen: Literal["mark", "stars", "proximity", "keywords"] = (
        by or ("proximity" if near else "mark"))  # type: ignore[assignment]
    if fmt == "json":
        emit({"by": chosen, "near": near, "keywords": keywords,
              "hits": [_hit_json(rank, h) for rank, h in enumerate(hits, start=1)]})
        return
    from rich.table import Table

    t = tr(lang)
    order = {"mark": t._("by mark"), "stars": t._("by stars"), "proximity": t._("by distance"),
             "keywords": t._("by keywords")}[chosen]
    table = Table("#", t._("provider"), t._("mark"), t._("stars"), t._("place"), *((t._("km"),) if near else ()),
                  *((t._("matched"),) if keywords else ()),
                  title=t._("Keurmerk providers {order}").format(order=order))
    for rank, h in enumerate(hits, start=1):
        p = h.provider
        city = h.establishment.city if h.establishment is not None else ", ".join(p.cities)
        row = [str(rank), p.name, "—" if p.mark is None else t.number(p.mark, decimals=1), str(p.stars), city]
        if near:
            row.append("" if h.distance_m is None else t.number(h.distance_m / 1000, decimals=1))
        if keywords:
            row.append(" ".join(h.matched))
        table.add_row(*row)
    out = console()
    out.print(table)
    if not hits:
        out.print(t._("No provider matches."))
