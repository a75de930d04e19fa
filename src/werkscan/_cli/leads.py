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
from werkscan._leads.service import EXPERT_LEAD_STATES, LeadService

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
#: An optional column: the first day of the expert's lead subscription (WS-LEAD-10).
_SUBSCRIBED = "subscribed_from"


@leads_group.command("import-experts", help=N_("""Add experts from a CSV with columns id, name, email, postcode, address, lead_cap, keurmerk.

One row per establishment: repeat an id for a second establishment. An empty address
means postcode only (not on the directory map). Existing ids are skipped. An optional
column subscribed_from (YYYY-MM-DD) starts the expert's lead subscription on that day;
without one the expert gets no leads until subscribed."""))
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
        start = (first.get(_SUBSCRIBED) or "").strip()
        day = parse_date(start, _SUBSCRIBED) if start else None
        try:
            repo.add(expert, c.now())
            added += 1
        except ConflictError:
            skipped += 1
            continue
        if day is not None:
            repo.subscribe(eid, day)
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
once; close the leads none of whose offers is open any more and tell the worker. Safe to
run from cron on several machines at once."""))
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
    report = _service(c).process_due(now, limit=limit)
    click.echo(t._("reminders queued {reminded}, offers expired {expired}, leads closed {closed}").format(
        reminded=t.integer(len(report.reminded)), expired=t.integer(len(report.expired)),
        closed=t.integer(len(report.closed))))
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


@leads_group.command("submit", help=N_("""Store a lead (only the PC4 area of POSTCODE is kept) and offer it to the nearest experts.

Without LEAD_ID the library makes an opaque lead id and prints it; use that id in the
later steps. A lead id of your own must not contain an e-mail address or a postcode."""))
@click.argument("arguments", nargs=-1, required=True, metavar="[LEAD_ID] POSTCODE")
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
def submit_command(c: _Ctx, arguments: tuple[str, ...], wai: str, signals: tuple[str, ...],
                   name: str, email: str, phone: str | None, offer: bool, lang: str) -> None:
    t = _t(lang)
    if len(arguments) > 2:
        raise InvalidValueError("arguments", " ".join(arguments),
                                N_("give a postcode, or a lead id and a postcode"))
    lead_id: str | None = arguments[0] if len(arguments) == 2 else None  # None: the library makes one
    postcode = arguments[-1]
    from werkscan._leads.records import WorkerContact
    from werkscan._mail import last_day

    svc = _service(c)
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


def _service(c: _Ctx) -> LeadService:
    return LeadService(c.storage, get_geocoder())


@leads_group.command("subscribe", help=N_("""Start an expert's lead subscription: from the first day on (default: today) the expert is matched."""))
@click.argument("expert_id")
@click.option("--from", "start", default=None, metavar="DATE", help=N_("First day of the subscription (YYYY-MM-DD; default: today)."))
@lang_option
@pass_ctx
def subscribe_command(c: _Ctx, expert_id: str, start: str | None, lang: str) -> None:
    t = _t(lang)
    day = dutch_day(c.now()) if start is None else parse_date(start, "from")
    sub = _service(c).subscribe(expert_id, day)
    click.echo(t._("{expert}: lead subscription from {day}").format(expert=expert_id, day=t.date(sub.start)))


@leads_group.command("unsubscribe", help=N_("""End an expert's lead subscription after the last day (default: today); offers made stay open."""))
@click.argument("expert_id")
@click.option("--last-day", "last", default=None, metavar="DATE", help=N_("Last day of the subscription (YYYY-MM-DD; default: today)."))
@lang_option
@pass_ctx
def unsubscribe_command(c: _Ctx, expert_id: str, last: str | None, lang: str) -> None:
    t = _t(lang)
    day = dutch_day(c.now()) if last is None else parse_date(last, "last_day")
    sub = _service(c).end_subscription(expert_id, day)
    assert sub.end is not None
    click.echo(t._("{expert}: lead subscription ends after {day}").format(expert=expert_id, day=t.date(sub.end)))


@leads_group.command("quote", help=N_("""An expert's quote for an offer, passed on to the worker; refused after the last day to quote."""))
@click.argument("offer_id")
@click.argument("amount")
@click.option("--text", required=True, help=N_("What the expert offers, for the worker."))
@lang_option
@pass_ctx
def quote_command(c: _Ctx, offer_id: str, amount: str, text: str, lang: str) -> None:
    t = _t(lang)
    quote = _service(c).quote(offer_id, amount, text, c.now())
    click.echo(t._("quote of {amount} passed on to the worker").format(amount=t.money(quote.amount)))


@leads_group.command("decline", help=N_("""The expert declines an offer; nobody else is approached in its place. When no offer is open and no quote came, the lead closes and the worker is told."""))
@click.argument("offer_id")
@lang_option
@pass_ctx
def decline_command(c: _Ctx, offer_id: str, lang: str) -> None:
    t = _t(lang)
    svc = _service(c)
    offer = svc.decline(offer_id, c.now())
    click.echo(t._("offer declined"))
    if svc.storage.leads.get(offer.lead_id).status == "closed":
        click.echo(t._("no offer is open any more: the lead is closed and the worker is told"))


@leads_group.command("quotes", help=N_("""The quotes the worker received for a lead, and until when one can be accepted."""))
@click.argument("lead_id")
@lang_option
@pass_ctx
def quotes_command(c: _Ctx, lead_id: str, lang: str) -> None:
    t = _t(lang)
    svc = _service(c)
    quotes = svc.quotes(lead_id)
    if not quotes:
        click.echo(t._("no quotes received"))
        return
    for q in quotes:
        click.echo("\t".join((q.offer_id, t.money(q.amount), q.text)))
    until = svc.accept_until(lead_id)
    if until is not None:
        from werkscan._mail import last_day

        click.echo(t._("a quote can be accepted up to and including {day}").format(
            day=t.date(last_day(until, svc.zone))))


@leads_group.command("accept", help=N_("""The worker accepts a quote: the expert gets the contact data; the other offers close."""))
@click.argument("offer_id")
@lang_option
@pass_ctx
def accept_command(c: _Ctx, offer_id: str, lang: str) -> None:
    t = _t(lang)
    acc = _service(c).accept(offer_id, c.now())
    click.echo(t._("quote accepted; {expert} receives the contact data, fee {fee}").format(
        expert=acc.expert_id, fee=t.money(acc.fee)))


@leads_group.command("decline-quotes", help=N_("""The worker declines every quote of a lead: the lead closes and the experts are told."""))
@click.argument("lead_id")
@lang_option
@pass_ctx
def decline_quotes_command(c: _Ctx, lead_id: str, lang: str) -> None:
    t = _t(lang)
    closed = _service(c).decline_quotes(lead_id, c.now())
    click.echo(t._("quotes declined; offers closed {n}").format(n=t.integer(len(closed))))


@leads_group.command("erase", help=N_("""Erase the worker's contact data of a lead on request: open offers close first, the worker gets a confirmation; the lead's counts stay."""))
@click.argument("lead_id")
@lang_option
@pass_ctx
def erase_command(c: _Ctx, lead_id: str, lang: str) -> None:
    t = _t(lang)
    if _service(c).erase_contact(lead_id, c.now()):
        click.echo(t._("contact data erased; confirmation queued"))
    else:
        click.echo(t._("no contact data left to erase"))


@leads_group.command("erase-due", help=N_("""Erase the contact data of leads closed without acceptance longer ago than the retention period, and of leads that found no expert within that period after they were submitted (they close first). Safe to repeat; sends no mail."""))
@lang_option
@pass_ctx
def erase_due_command(c: _Ctx, lang: str) -> None:
    t = _t(lang)
    erased = _service(c).erase_due(c.now())
    click.echo(t._("contact data erased of {n} leads").format(n=t.integer(len(erased))))


_KIND_LABELS = {
    "submitted": N_("submitted"), "offered": N_("offered"), "reminded": N_("reminded"),
    "quoted": N_("quoted"), "declined": N_("declined by the expert"), "expired": N_("expired"),
    "accepted": N_("accepted"), "offer_closed": N_("offer closed"), "lead_closed": N_("lead closed"),
    "quotes_declined": N_("quotes declined by the worker"), "contact_erased": N_("contact data erased"),
    "consent_requested": N_("consent requested"), "consented": N_("consent given"),
}
_STATE_LABELS = {
    "offered": N_("offered"), "quoted": N_("quoted"), "won": N_("won"), "lost": N_("lost"),
    "expired": N_("expired"), "declined": N_("declined"),
}


@leads_group.command("history", help=N_("""The steps of a lead (or, with --expert, of an expert's leads), oldest first; no personal data."""))
@click.argument("lead_id", required=False)
@click.option("--expert", "expert_id", default=None, help=N_("Show the steps that concern this expert instead."))
@lang_option
@pass_ctx
def history_command(c: _Ctx, lead_id: str | None, expert_id: str | None, lang: str) -> None:
    t = _t(lang)
    svc = _service(c)
    if (lead_id is None) == (expert_id is None):
        raise InvalidValueError("lead_id", lead_id, "give a lead id or --expert, not both")
    events = svc.history(lead_id) if lead_id is not None else svc.expert_history(str(expert_id))
    for e in events:
        who = e.expert_id if e.expert_id is not None else "-"
        click.echo("\t".join((t.datetime(e.at), e.lead_id, who, t._(_KIND_LABELS[e.kind]))))


@leads_group.command("expert-leads", help=N_("""An expert's leads with their state and the distance band only: offered, quoted, won, lost, expired, declined."""))
@click.argument("expert_id")
@click.option("--state", type=click.Choice(EXPERT_LEAD_STATES), default=None, help=N_("Only the leads in this state."))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("Output as lines of text or as JSON."))
@lang_option
@pass_ctx
def expert_leads_command(c: _Ctx, expert_id: str, state: str | None, fmt: str, lang: str) -> None:
    t = _t(lang)
    views = _service(c).expert_leads(expert_id, state)
    if fmt == "json":
        _echo_json([v.to_json() for v in views])
        return
    if not views:
        click.echo(t._("no leads"))
    for v in views:
        click.echo("\t".join((v.offer_id, t._(_STATE_LABELS[v.state]), v.view.distance_band,
                              t._("WAI {wai}").format(wai=t.number(v.view.wai, decimals=1, trim=True)))))
