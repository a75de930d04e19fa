"""``werkscan licence ...``: licences, staffels, completions, codes and the outbox.

The storage comes from ``--storage URL`` or the settings (``BLIKOPWERK_STORAGE_URL``,
default ``sqlite:///blikopwerk.sqlite3``); the notifier for ``deliver`` from
``--notifier`` or ``BLIKOPWERK_NOTIFIER`` (``eml`` writes ``.eml`` files into
``BLIKOPWERK_OUTBOX_FOLDER``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from blikopwerk._cli import StorageContext, parse_date, parse_now
from blikopwerk._outbox import deliver_outbox
from blikopwerk._rules import RuleSet
from blikopwerk._select import get_notifier
from werkscan._licensing.access import AccessService
from werkscan._licensing.service import LicenceService
from werkscan._licensing.staffel import (
    LICENSING_RULES,
    StaffelService,
    read_completions,
    staffel_table_from_csv,
)

__all__ = ["licence_group"]


class _Ctx(StorageContext):
    def __init__(self, url: str | None, now: dt.datetime | None, rules: RuleSet) -> None:
        super().__init__(url, now)
        self.rules = rules


pass_ctx = click.make_pass_decorator(_Ctx)


@click.group("licence")
@click.option("--storage", "storage_url", metavar="URL", default=None,
              help="Storage URL (default: BLIKOPWERK_STORAGE_URL or sqlite:///blikopwerk.sqlite3).")
@click.option("--now", "now_text", metavar="ISO", default=None,
              help="Pretend it is this moment (ISO-8601 with zone); for replays and demos.")
@click.option("--staffel-table", "table_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="CSV of the real staffel table (size,unit_price); default: the example.")
@click.option("--table-version", default="custom", show_default=True,
              help="Version label of --staffel-table.")
@click.pass_context
def licence_group(ctx: click.Context, storage_url: str | None, now_text: str | None,
                  table_path: Path | None, table_version: str) -> None:
    """Licences and staffels: create, add experts, buy/upgrade, record completions, usage, codes."""
    rules = LICENSING_RULES
    if table_path is not None:
        table = staffel_table_from_csv(table_path.read_text(encoding="utf-8"), version=table_version,
                                       valid_from=dt.date.today(), note=f"from {table_path.name}")
        rules = LICENSING_RULES.replace(staffels=table, version=table_version)
    state = _Ctx(storage_url, parse_now(now_text), rules)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@licence_group.command("create")
@click.option("--company", required=True)
@click.option("--contact-name", required=True)
@click.option("--contact-email", required=True)
@click.option("--valid-from", "valid_from", required=True, metavar="DATE")
@click.option("--valid-until", "valid_until", required=True, metavar="DATE")
@click.option("--id", "licence_id", default=None, help="Licence id (default: generated).")
@click.option("--postcode", default=None)
@click.option("--staffel", "size", type=int, default=None, help="Also buy a staffel of this size.")
@pass_ctx
def create_command(c: _Ctx, company: str, contact_name: str, contact_email: str, valid_from: str,
                   valid_until: str, licence_id: str | None, postcode: str | None,
                   size: int | None) -> None:
    """Create a licence (WS-LIC-1), optionally with its first staffel."""
    lic = LicenceService(c.storage, clock=c.now).create(
        company, contact_name, contact_email, parse_date(valid_from, "valid_from"),
        parse_date(valid_until, "valid_until"), licence_id=licence_id, postcode=postcode)
    click.echo(f"licence {lic.id}: {lic.company}, valid {lic.valid_from} to {lic.valid_until}")
    if size is not None:
        s = StaffelService(c.storage, c.rules, clock=c.now).buy(lic.id, size)
        click.echo(f"staffel {s.id}: {s.size} questionnaires at {s.unit_price.format()} "
                   f"= {s.price.format()} excl. VAT")


@licence_group.command("list")
@click.option("--on", "on", default=None, metavar="DATE", help="Date (default: today).")
@pass_ctx
def list_command(c: _Ctx, on: str | None) -> None:
    """The directory: licences valid on a date (WS-LIC-1)."""
    day = parse_date(on, "on") if on else c.now().date()
    for lic in LicenceService(c.storage, clock=c.now).directory(day):
        click.echo(f"{lic.id}\t{lic.company}\t{lic.contact_name} <{lic.contact_email}>\tuntil {lic.valid_until}")


@licence_group.command("verify-training")
@click.argument("expert_email")
@click.option("--name", required=True)
@click.option("--on", "on", required=True, metavar="DATE")
@click.option("--by", "by", default="Blik op Werk", show_default=True)
@pass_ctx
def verify_training_command(c: _Ctx, expert_email: str, name: str, on: str, by: str) -> None:
    """Record a verified Werkscan training (WS-LIC-2)."""
    rec = LicenceService(c.storage, clock=c.now).verify_training(expert_email, name, parse_date(on, "on"), by)
    click.echo(f"training of {rec.expert_email} verified on {rec.verified_on} by {rec.verified_by}")


@licence_group.command("add-expert")
@click.argument("licence_id")
@click.argument("expert_email")
@pass_ctx
def add_expert_command(c: _Ctx, licence_id: str, expert_email: str) -> None:
    """Add a trained expert to a licence (WS-LIC-2)."""
    added = LicenceService(c.storage, clock=c.now).add_expert(licence_id, expert_email)
    click.echo(f"{expert_email} {'added to' if added else 'already on'} licence {licence_id}")


@licence_group.command("staffels")
@pass_ctx
def staffels_command(c: _Ctx) -> None:
    """Show the staffel table in use (WS-STF-2)."""
    table = c.rules["staffels"]
    flag = " (EXAMPLE - not the official prices)" if table.example else ""
    click.echo(f"{table.title}, version {table.version}{flag}")
    for size, price in table.items():
        click.echo(f"{size:>6}  {price.format()}  staffel {(price * size).rounded().format()}")


@licence_group.command("buy")
@click.argument("licence_id")
@click.argument("size", type=int)
@click.option("--id", "staffel_id", default=None)
@pass_ctx
def buy_command(c: _Ctx, licence_id: str, size: int, staffel_id: str | None) -> None:
    """Buy the first staffel of a licence (WS-STF-2)."""
    s = StaffelService(c.storage, c.rules, clock=c.now).buy(licence_id, size, staffel_id=staffel_id)
    click.echo(f"staffel {s.id}: {s.size} at {s.unit_price.format()} = {s.price.format()} excl. VAT")


@licence_group.command("upgrade")
@click.argument("licence_id")
@click.argument("size", type=int)
@click.option("--id", "staffel_id", default=None)
@pass_ctx
def upgrade_command(c: _Ctx, licence_id: str, size: int, staffel_id: str | None) -> None:
    """Buy a larger staffel; usage carries over (WS-STF-5)."""
    r = StaffelService(c.storage, c.rules, clock=c.now).upgrade(licence_id, size, staffel_id=staffel_id)
    click.echo(f"staffel {r.staffel.id} ({r.staffel.size}) replaces {r.replaced.id} "
               f"({r.replaced.size}); used so far {r.staffel.used}; draft overage lines absorbed "
               f"{r.lines_absorbed}, repriced {r.lines_repriced}"
               + ("; 80 % warning queued" if r.warning_queued else ""))


@licence_group.command("record")
@click.argument("licence_id")
@click.argument("completions", type=click.File("r", encoding="utf-8"))
@pass_ctx
def record_command(c: _Ctx, licence_id: str, completions: Any) -> None:
    """Charge completed questionnaires from a CSV file (``-`` for stdin).

    Columns: questionnaire_id, completed_at (ISO-8601 with zone), optional status.
    Rows not completed are skipped (WS-STF-1); ids charged before are reported as
    duplicates and not charged again (WS-STF-6).
    """
    rows = read_completions(completions.read())
    rep = StaffelService(c.storage, c.rules, clock=c.now).record_completions(licence_id, rows)
    click.echo(f"charged {len(rep.charged)}, duplicates {len(rep.duplicates)}, "
               f"not completed {len(rep.not_completed)}, beyond the staffel {len(rep.overage)}, "
               f"80 % warnings queued {rep.warnings_queued}")


@licence_group.command("usage")
@click.argument("licence_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_ctx
def usage_command(c: _Ctx, licence_id: str, fmt: str) -> None:
    """The usage statement: bought, used, remaining, overage and amounts."""
    st = StaffelService(c.storage, c.rules, clock=c.now).statement(licence_id)
    if fmt == "json":
        _echo_json(st.as_dict())
    else:
        click.echo(st.render())


@licence_group.command("finalise")
@click.argument("licence_id")
@pass_ctx
def finalise_command(c: _Ctx, licence_id: str) -> None:
    """Make draft overage lines final after the licence period (WS-STF-4)."""
    n = StaffelService(c.storage, c.rules, clock=c.now).finalise(licence_id)
    click.echo(f"{n} invoice line(s) finalised")


@licence_group.command("codes")
@click.argument("licence_id")
@click.option("--client", required=True, help="The client (employer) the codes are for.")
@click.option("--count", type=int, required=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the codes to this file instead of printing them.")
@pass_ctx
def codes_command(c: _Ctx, licence_id: str, client: str, count: int, output: Path | None) -> None:
    """Generate single-use codes (WS-ACC-2); shown once, stored only as digests."""
    issued = AccessService(c.storage, c.rules, clock=c.now).generate_codes(licence_id, client, count)
    text = "".join(f"{code}\n" for code in issued.codes)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{issued.count} codes of batch {issued.batch} written to {output}")


@licence_group.command("link")
@click.argument("licence_id")
@click.option("--client", required=True)
@click.option("--base-url", default="https://werkscan.example/uitnodiging/", show_default=True)
@pass_ctx
def link_command(c: _Ctx, licence_id: str, client: str, base_url: str) -> None:
    """Create an open company invitation link (WS-ACC-2)."""
    click.echo(AccessService(c.storage, c.rules, clock=c.now, link_base=base_url)
               .create_link(licence_id, client))


@licence_group.command("counts")
@click.argument("licence_id")
@pass_ctx
def counts_command(c: _Ctx, licence_id: str) -> None:
    """Completed questionnaires under the licence: counts only (WS-ACC-4).

    ``completed`` counts questionnaires started through this library's access routes;
    ``charged_completions`` counts every charged completion, including those recorded
    from a file.
    """
    svc = AccessService(c.storage, c.rules, clock=c.now)
    counts = svc.counts(licence_id)
    charged = len(svc.storage.staffels.charges(licence_id))
    _echo_json({"licence_id": counts.licence_id, "completed": counts.completed,
                "by_route": dict(counts.by_route), "by_client": dict(counts.by_client),
                "charged_completions": charged})


@licence_group.command("deliver")
@click.option("--notifier", "notifier_name", default=None,
              help="Notifier name (default: BLIKOPWERK_NOTIFIER, 'eml').")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the 'eml' notifier (default: BLIKOPWERK_OUTBOX_FOLDER).")
@pass_ctx
def deliver_command(c: _Ctx, notifier_name: str | None, folder: Path | None) -> None:
    """Deliver queued messages (the 80 % warnings); failures stay queued with backoff."""
    options: dict[str, Any] = {}
    if folder is not None:
        from blikopwerk._settings import Settings

        if (notifier_name or Settings().notifier) != "eml":
            raise click.UsageError("--folder applies to the 'eml' notifier only")
        options["folder"] = folder
    notifier = get_notifier(notifier_name, **options)
    report = deliver_outbox(c.storage, notifier, c.now())
    click.echo(f"delivered {len(report.delivered)}, retrying {len(report.retrying)}, "
               f"failed {len(report.failed)}")
    for mid in report.delivered:
        click.echo(f"  delivered {mid}")
