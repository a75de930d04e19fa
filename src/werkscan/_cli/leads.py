"""``werkscan leads ...``: experts, matching, offering and the due-work tick (WS-LEAD-*).

The storage comes from ``--storage URL`` or the settings (``BLIKOPWERK_STORAGE_URL``);
the geocoder from ``BLIKOPWERK_GEOCODER`` (default: the offline PC4 table); the notifier
for ``tick --deliver`` from ``BLIKOPWERK_NOTIFIER``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from blikopwerk._calendar import dutch_day
from blikopwerk._cli import HelpGroup, StorageContext, lang_option, parse_date, parse_now
from blikopwerk._errors import ConflictError, InvalidValueError
from blikopwerk._i18n import N_, Translator, translator
from blikopwerk._outbox import deliver_outbox
from blikopwerk._postcode import parse_area
from blikopwerk._select import get_geocoder, get_notifier
from werkscan._leads.experts import place_expert
from werkscan._leads.matching import LeadMatcher
from werkscan._leads.records import Establishment, Expert, require_leads
from werkscan._leads.service import reminder_message

__all__ = ["leads_group"]


_Ctx = StorageContext


pass_ctx = click.make_pass_decorator(_Ctx)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _t(lang: str) -> Translator:
    return translator("werkscan", lang)


@click.group("leads", cls=HelpGroup,
             help=N_("Leads: import experts, match a postcode, process due reminders and deadlines."))
@click.option("--storage", "storage_url", metavar="URL", default=None,
              help=N_("Storage URL (default: BLIKOPWERK_STORAGE_URL or sqlite:///blikopwerk.sqlite3)."))
@click.option("--now", "now_text", metavar="ISO", default=None,
              help=N_("Pretend it is this moment (ISO-8601 with zone); for replays and demos."))
@click.pass_context
def leads_group(ctx: click.Context, storage_url: str | None, now_text: str | None) -> None:
    state = _Ctx(storage_url, parse_now(now_text))
    ctx.obj = state
    ctx.call_on_close(state.close)


_COLUMNS = ("id", "name", "email", "postcode", "address", "lead_cap", "keurmerk")


@leads_group.command("import-experts", help=N_("""Add experts from a CSV with columns id, name, email, postcode, address, lead_cap, keurmerk.

One row per establishment: repeat an id for a second establishment. An empty address
means postcode only (not on the directory map). Existing ids are skipped."""))
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@lang_option
@pass_ctx
def import_experts_command(c: _Ctx, csv_path: Path, lang: str) -> None:
    t = _t(lang)
    reader = csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8")))
    missing = [col for col in _COLUMNS if col not in (reader.fieldnames or [])]
    if missing:
        raise InvalidValueError("csv", str(csv_path), f"missing columns {missing}")
    rows: dict[str, list[dict[str, str]]] = {}
    for row in reader:
        rows.setdefault(row["id"], []).append(row)
    repo = require_leads(c.storage).experts
    geocoder = get_geocoder()
    added = skipped = 0
    for eid, group in rows.items():
        first = group[0]
        try:
            cap = int(first["lead_cap"])
        except ValueError:
            raise InvalidValueError("lead_cap", first["lead_cap"], "not a whole number") from None
        flag = first["keurmerk"].strip().lower()
        if flag not in ("true", "false", "1", "0", "yes", "no", "ja", "nee"):
            raise InvalidValueError("keurmerk", first["keurmerk"], "expected true or false")
        expert = Expert(eid, first["name"], first["email"],
                        [Establishment(r["postcode"], r["address"].strip() or None) for r in group],
                        cap, flag in ("true", "1", "yes", "ja"))
        place_expert(expert, geocoder)  # an unplaceable postcode is refused, never stored
        try:
            repo.add(expert, c.now())
            added += 1
        except ConflictError:
            skipped += 1
    click.echo(t._("experts added {added}, already there {skipped}").format(
        added=t.integer(added), skipped=t.integer(skipped)))


@leads_group.command("match", help=N_("""The experts a lead in POSTCODE would be offered to: at most 3 within 50 km, nearest
first; absent experts and experts at their cap are left out. An unknown postcode is an error."""))
@click.argument("postcode")
@click.option("--on", "on", default=None, metavar="DATE", help=N_("Day of the match (YYYY-MM-DD; default: today)."))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("Output as lines of text or as JSON."))
@lang_option
@pass_ctx
def match_command(c: _Ctx, postcode: str, on: str | None, fmt: str, lang: str) -> None:
    t = _t(lang)
    day = dutch_day(c.now()) if on is None else parse_date(on, "on")
    geocoder = get_geocoder()
    point = geocoder.lookup(parse_area(postcode))
    matches = LeadMatcher.from_states(require_leads(c.storage).experts.states(), geocoder, day).match(point)
    if fmt == "json":
        _echo_json([{"expert_id": m.expert_id, "distance_km": round(m.distance_m / 1000, 3),
                     "open_leads": m.open_leads, "band": m.band} for m in matches])
        return
    if not matches:
        click.echo(t._("no expert available within 50 km of {area} on {day}").format(
            area=parse_area(postcode), day=t.date(day)))
    for rank, m in enumerate(matches, start=1):
        click.echo("\t".join((str(rank), m.expert_id, f"{t.number(m.distance_m / 1000, decimals=2)} km",
                              t._("open leads {n}").format(n=t.integer(m.open_leads)))))


@leads_group.command("tick", help=N_("""Process due work: close offers past their deadline and send due reminders, each
once. Safe to run from cron on several machines at once."""))
@click.option("--deliver/--no-deliver", default=False,
              help=N_("Also deliver the outbox through the notifier (BLIKOPWERK_NOTIFIER)."))
@click.option("--limit", type=int, default=500, show_default=True,
              help=N_("At most this many offers handled in one run."))
@lang_option
@pass_ctx
def tick_command(c: _Ctx, deliver: bool, limit: int, lang: str) -> None:
    t = _t(lang)
    storage = require_leads(c.storage)
    now = c.now()
    report = storage.leads.process_due(now, reminder_message, limit=limit)
    click.echo(t._("reminders queued {reminded}, offers expired {expired}").format(
        reminded=t.integer(len(report.reminded)), expired=t.integer(len(report.expired))))
    if deliver:
        sent = deliver_outbox(storage, get_notifier(), now)
        click.echo(t._("delivered {delivered}, retrying {retrying}, failed {failed}").format(
            delivered=t.integer(len(sent.delivered)), retrying=t.integer(len(sent.retrying)),
            failed=t.integer(len(sent.failed))))


def _signals(values: tuple[str, ...]) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in values:
        area, sep, level = item.partition("=")
        if not sep:
            raise InvalidValueError("signal", item, "expected AREA=LEVEL, e.g. work=strong")
        result[area.strip()] = level.strip()
    return result


@leads_group.command("submit", help=N_("Store a lead (only the PC4 area of POSTCODE is kept) and offer it to the nearest experts."))
@click.argument("lead_id")
@click.argument("postcode")
@click.option("--wai", required=True, help=N_("The WAI score (7-49, half points)."))
@click.option("--signal", "signals", multiple=True, metavar="AREA=LEVEL",
              help=N_("A signal area and its level (strong, weak, none); repeat per area."))
@click.option("--name", required=True, help=N_("The worker's name (kept apart from the lead)."))
@click.option("--email", required=True, help=N_("The worker's e-mail (kept apart from the lead)."))
@click.option("--phone", default=None, help=N_("The worker's phone number (kept apart from the lead)."))
@click.option("--offer/--no-offer", default=True, show_default=True,
              help=N_("Offer the lead to the matched experts right away."))
@lang_option
@pass_ctx
def submit_command(c: _Ctx, lead_id: str, postcode: str, wai: str, signals: tuple[str, ...],
                   name: str, email: str, phone: str | None, offer: bool, lang: str) -> None:
    t = _t(lang)
    from werkscan._leads.records import WorkerContact
    from werkscan._leads.service import LeadService
    from werkscan._mail import last_day

    svc = LeadService(c.storage, get_geocoder())
    lead = svc.submit(lead_id, postcode, wai, _signals(signals), WorkerContact(name, email, phone), c.now())
    click.echo(t._("lead {id}: area {area}, WAI {wai}").format(
        id=lead.id, area=lead.area, wai=t.number(lead.wai, decimals=1, trim=True)))
    if offer:
        offers = svc.offer(lead.id, c.now())
        for o in offers:
            click.echo(t._("offered to {expert} (rank {rank}); reminder {reminder}, quotes up to and including "
                           "{last_day}").format(expert=o.expert_id, rank=o.rank, reminder=t.datetime(o.reminder_at),
                                                last_day=t.date(last_day(o.expires_at))))
        if not offers:
            click.echo(t._("no expert available within 50 km; the lead stays new"))
