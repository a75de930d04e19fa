"""``werkscan licence ...``: licences, staffels, completions, codes and the outbox.

The storage comes from ``--storage URL`` or the settings (``BLIKOPWERK_STORAGE_URL``,
default ``sqlite:///blikopwerk.sqlite3``); the notifier for ``deliver`` from
``--notifier`` or ``BLIKOPWERK_NOTIFIER`` (``eml`` writes ``.eml`` files into
``BLIKOPWERK_OUTBOX_FOLDER``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import click

from blikopwerk._calendar import dutch_day
from blikopwerk._cli import HelpGroup, StorageContext, lang_option, parse_date, parse_now
from blikopwerk._i18n import N_, Translator, translator
from blikopwerk._outbox import deliver_outbox
from blikopwerk._rules import RuleSet
from blikopwerk._select import get_notifier
from werkscan._invoicing.model import CreditNote, Invoice, Party
from werkscan._invoicing.render import invoice_html, invoice_json, invoice_pdf
from werkscan._invoicing.service import InvoicingService
from werkscan._invoicing.ubl import invoice_ubl
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


def _t(lang: str) -> Translator:
    return translator("werkscan", lang)


@click.group("licence", cls=HelpGroup, help=N_("Licences and staffels: create, add experts, buy or upgrade, record completions, usage, codes."))
@click.option("--storage", "storage_url", metavar="URL", default=None,
              help=N_("Storage URL (default: BLIKOPWERK_STORAGE_URL or sqlite:///blikopwerk.sqlite3)."))
@click.option("--now", "now_text", metavar="ISO", default=None,
              help=N_("Pretend it is this moment (ISO-8601 with zone); for replays and demos."))
@click.option("--staffel-table", "table_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help=N_("CSV of the real staffel table (size,unit_price); default: the example."))
@click.option("--table-version", default="custom", show_default=True,
              help=N_("Version label of --staffel-table."))
@click.pass_context
def licence_group(ctx: click.Context, storage_url: str | None, now_text: str | None,
                  table_path: Path | None, table_version: str) -> None:
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


def _staffel_line(s: Any, t: Translator) -> str:
    return t._("staffel {id}: {size} questionnaires at {unit} = {price} excl. VAT").format(
        id=s.id, size=t.integer(s.size), unit=t.money(s.unit_price), price=t.money(s.price))


@licence_group.command("create", help=N_("Create a licence, optionally with its first staffel."))
@click.option("--company", required=True, help=N_("The company that holds the licence."))
@click.option("--contact-name", required=True, help=N_("The licence holder's contact person."))
@click.option("--contact-email", required=True, help=N_("The contact's e-mail (receives the 80 % warning)."))
@click.option("--valid-from", "valid_from", required=True, metavar="DATE", help=N_("First day of the licence (YYYY-MM-DD)."))
@click.option("--valid-until", "valid_until", required=True, metavar="DATE",
              help=N_("Last day of the licence (YYYY-MM-DD)."))
@click.option("--id", "licence_id", default=None, help=N_("Licence id (default: generated)."))
@click.option("--postcode", default=None, help=N_("The company's postcode (for the directory)."))
@click.option("--staffel", "size", type=int, default=None, help=N_("Also buy a staffel of this size."))
@lang_option
@pass_ctx
def create_command(c: _Ctx, company: str, contact_name: str, contact_email: str, valid_from: str,
                   valid_until: str, licence_id: str | None, postcode: str | None,
                   size: int | None, lang: str) -> None:
    t = _t(lang)
    lic = LicenceService(c.storage, clock=c.now).create(
        company, contact_name, contact_email, parse_date(valid_from, "valid_from"),
        parse_date(valid_until, "valid_until"), licence_id=licence_id, postcode=postcode)
    click.echo(t._("licence {id}: {company}, valid from {start} to {end}").format(
        id=lic.id, company=lic.company, start=t.date(lic.valid_from), end=t.date(lic.valid_until)))
    if size is not None:
        s = StaffelService(c.storage, c.rules, clock=c.now).buy(lic.id, size)
        click.echo(_staffel_line(s, t))


@licence_group.command("list", help=N_("The directory: licences valid on a date, one per line."))
@click.option("--on", "on", default=None, metavar="DATE", help=N_("Date (YYYY-MM-DD; default: today)."))
@lang_option
@pass_ctx
def list_command(c: _Ctx, on: str | None, lang: str) -> None:
    t = _t(lang)
    day = parse_date(on, "on") if on else c.now().date()
    for lic in LicenceService(c.storage, clock=c.now).directory(day):
        click.echo("\t".join((lic.id, lic.company, f"{lic.contact_name} <{lic.contact_email}>",
                              t._("until {date}").format(date=t.date(lic.valid_until)))))


@licence_group.command("verify-training", help=N_("Record that an expert's Werkscan training is verified."))
@click.argument("expert_email")
@click.option("--name", required=True, help=N_("The expert's name."))
@click.option("--on", "on", required=True, metavar="DATE", help=N_("The day the training was verified (YYYY-MM-DD)."))
@click.option("--by", "by", default="Blik op Werk", show_default=True, help=N_("Who verified the training."))
@lang_option
@pass_ctx
def verify_training_command(c: _Ctx, expert_email: str, name: str, on: str, by: str, lang: str) -> None:
    t = _t(lang)
    rec = LicenceService(c.storage, clock=c.now).verify_training(expert_email, name, parse_date(on, "on"), by)
    click.echo(t._("training of {email} verified on {date} by {by}").format(
        email=rec.expert_email, date=t.date(rec.verified_on), by=rec.verified_by))


@licence_group.command("add-expert", help=N_("Add a trained expert to a licence."))
@click.argument("licence_id")
@click.argument("expert_email")
@lang_option
@pass_ctx
def add_expert_command(c: _Ctx, licence_id: str, expert_email: str, lang: str) -> None:
    t = _t(lang)
    added = LicenceService(c.storage, clock=c.now).add_expert(licence_id, expert_email)
    text = (t._("{email} added to licence {licence}") if added
            else t._("{email} already on licence {licence}"))
    click.echo(text.format(email=expert_email, licence=licence_id))


@licence_group.command("staffels", help=N_("Show the staffel table in use: size, price per questionnaire, price of the staffel."))
@lang_option
@pass_ctx
def staffels_command(c: _Ctx, lang: str) -> None:
    t = _t(lang)
    table = c.rules["staffels"]
    flag = t._(" (EXAMPLE - not the official prices)") if table.example else ""
    click.echo(t._("{title}, version {version}").format(title=table.title, version=table.version) + flag)
    for size, price in table.items():
        click.echo(t._("{size:>6}  {price} each, staffel {total}").format(
            size=t.integer(size), price=t.money(price), total=t.money((price * size).rounded())))


@licence_group.command("buy", help=N_("Buy the first staffel of a licence."))
@click.argument("licence_id")
@click.argument("size", type=int)
@click.option("--id", "staffel_id", default=None, help=N_("Staffel id (default: generated)."))
@lang_option
@pass_ctx
def buy_command(c: _Ctx, licence_id: str, size: int, staffel_id: str | None, lang: str) -> None:
    s = StaffelService(c.storage, c.rules, clock=c.now).buy(licence_id, size, staffel_id=staffel_id)
    click.echo(_staffel_line(s, _t(lang)))


@licence_group.command("upgrade", help=N_("Buy a larger staffel; the use so far carries over."))
@click.argument("licence_id")
@click.argument("size", type=int)
@click.option("--id", "staffel_id", default=None, help=N_("Id of the new staffel (default: generated)."))
@lang_option
@pass_ctx
def upgrade_command(c: _Ctx, licence_id: str, size: int, staffel_id: str | None, lang: str) -> None:
    t = _t(lang)
    r = StaffelService(c.storage, c.rules, clock=c.now).upgrade(licence_id, size, staffel_id=staffel_id)
    line = t._("staffel {new} ({new_size}) replaces {old} ({old_size}); used so far {used}; draft overage lines "
               "absorbed {absorbed}, repriced {repriced}").format(
                   new=r.staffel.id, new_size=t.integer(r.staffel.size), old=r.replaced.id,
                   old_size=t.integer(r.replaced.size), used=t.integer(r.staffel.used),
                   absorbed=t.integer(r.lines_absorbed), repriced=t.integer(r.lines_repriced))
    if r.warning_queued:
        line += t._("; 80 % warning queued")
    click.echo(line)


@licence_group.command("record", help=N_("""Charge completed questionnaires from a CSV file (- for standard input).

Columns: questionnaire_id, completed_at (ISO-8601 with zone), and optionally status and
expert (the e-mail address of the licence's expert the questionnaire was done for; it
counts as that expert's usage). Rows not completed are skipped; ids charged before are
reported as duplicates and not charged again."""))
@click.argument("licence_id")
@click.argument("completions", type=click.File("r", encoding="utf-8"))
@lang_option
@pass_ctx
def record_command(c: _Ctx, licence_id: str, completions: Any, lang: str) -> None:
    t = _t(lang)
    rows = read_completions(completions.read())
    rep = StaffelService(c.storage, c.rules, clock=c.now).record_completions(licence_id, rows)
    click.echo(t._("charged {charged}, duplicates {duplicates}, not completed {not_completed}, beyond the staffel "
                   "{overage}, 80 % warnings queued {warnings}").format(
                       charged=t.integer(len(rep.charged)), duplicates=t.integer(len(rep.duplicates)),
                       not_completed=t.integer(len(rep.not_completed)), overage=t.integer(len(rep.overage)),
                       warnings=t.integer(rep.warnings_queued)))


_NOT_DUE = re.compile(r"not due \(at (\d+) used\)")
_DELIVERED = re.compile(r"delivered (\S+)")


def _warning_text(state: str, t: Translator) -> str:
    """The 80 % warning's state in words (the statement keeps it as a short code)."""
    if match := _NOT_DUE.fullmatch(state):
        return t._("not due yet (at {n} used)").format(n=t.integer(int(match.group(1))))
    if match := _DELIVERED.fullmatch(state):
        try:
            when = dt.datetime.fromisoformat(match.group(1))
        except ValueError:
            return state
        return t._("delivered {when}").format(when=t.datetime(when) if when.tzinfo else t.date(when))
    return {"queued": t._("queued"), "pending": t._("queued"), "retrying": t._("retrying"),
            "failed": t._("failed")}.get(state, state)


def _statement_lines(st: Any, t: Translator) -> list[tuple[str, str]]:
    return [
        (t._("Licence"), t._("{id} ({company}, valid until {date})").format(
            id=st.licence_id, company=st.company, date=t.date(st.valid_until))),
        (t._("Staffel"), t._("{id}: {size} questionnaires ({table})").format(
            id=st.staffel_id, size=t.integer(st.size), table=st.table)),
        (t._("Unit price"), t._("{amount} excl. VAT").format(amount=t.money(st.unit_price))),
        (t._("Staffel price"), t.money(st.staffel_price)),
        (t._("Used"), t.integer(st.used)),
        (t._("Remaining"), t.integer(st.remaining)),
        (t._("Overage"), t.integer(st.overage)),
        (t._("Overage amount (draft)"), t.money(st.overage_draft.rounded())),
        (t._("Overage amount (final)"), t.money(st.overage_final.rounded())),
        (t._("Total excl. VAT"), t.money(st.total.rounded())),
        (t._("Total incl. 21 % VAT"), t.money(st.total_incl_vat)),
        (t._("80 % warning"), _warning_text(st.warning, t)),
    ]


@licence_group.command("usage", help=N_("The usage statement: bought, used, remaining, overage and the amounts."))
@click.argument("licence_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("A readable statement or JSON."))
@lang_option
@pass_ctx
def usage_command(c: _Ctx, licence_id: str, fmt: str, lang: str) -> None:
    st = StaffelService(c.storage, c.rules, clock=c.now).statement(licence_id)
    if fmt == "json":
        _echo_json(st.as_dict())
        return
    lines = _statement_lines(st, _t(lang))
    width = max(len(label) for label, _ in lines)
    click.echo("\n".join(f"{label.ljust(width)}  {value}" for label, value in lines))


@licence_group.command("finalise", help=N_("Make the draft overage lines final after the licence period."))
@click.argument("licence_id")
@lang_option
@pass_ctx
def finalise_command(c: _Ctx, licence_id: str, lang: str) -> None:
    t = _t(lang)
    n = StaffelService(c.storage, c.rules, clock=c.now).finalise(licence_id)
    click.echo(t._("{n} invoice line(s) finalised").format(n=t.integer(n)))


@licence_group.command("codes", help=N_("Generate single-use access codes; shown once, stored only as digests."))
@click.argument("licence_id")
@click.option("--client", required=True, help=N_("The client (employer) the codes are for."))
@click.option("--count", type=int, required=True, help=N_("How many single-use codes to make."))
@click.option("--expert", default=None, metavar="EMAIL",
              help=N_("The expert on the licence the codes are for; their completions count as this expert's usage."))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Write the codes to this file instead of printing them."))
@lang_option
@pass_ctx
def codes_command(c: _Ctx, licence_id: str, client: str, count: int, expert: str | None,
                  output: Path | None, lang: str) -> None:
    t = _t(lang)
    issued = AccessService(c.storage, c.rules, clock=c.now).generate_codes(licence_id, client, count,
                                                                          expert=expert)
    text = "".join(f"{code}\n" for code in issued.codes)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(t._("{n} codes of batch {batch} written to {path}").format(
            n=t.integer(issued.count), batch=issued.batch, path=output))


@licence_group.command("link", help=N_("Create an open company invitation link; prints the link."))
@click.argument("licence_id")
@click.option("--client", required=True, help=N_("The client (employer) the link is for."))
@click.option("--base-url", default="https://werkscan.example/uitnodiging/", show_default=True,
              help=N_("The address the invitation token is appended to."))
@click.option("--expert", default=None, metavar="EMAIL",
              help=N_("The expert on the licence the link is for; its completions count as this expert's usage."))
@lang_option
@pass_ctx
def link_command(c: _Ctx, licence_id: str, client: str, base_url: str, expert: str | None, lang: str) -> None:
    click.echo(AccessService(c.storage, c.rules, clock=c.now, link_base=base_url)
               .create_link(licence_id, client, expert=expert))


def _summary_lines(summary: Any, licence_id: str, t: Translator) -> list[str]:
    from werkscan._scoring.model import Band, label

    lines = [
        t._("Employer report for {employer} under licence {licence}").format(
            employer=summary.employer, licence=licence_id),
        t.ngettext("{n} completed questionnaire", "{n} completed questionnaires",
                   summary.questionnaires).format(n=t.integer(summary.questionnaires)),
        t._("Average work ability: {score}").format(score=t.number(summary.mean_score, decimals=1)),
    ]
    for band in Band:
        lines.append(f"  {label(band, t.lang)}: {summary.bands[band.value].display(t.lang)}")
    lines.append(t._("Advised to have a conversation: {share}").format(
        share=summary.advice["advised"].display(t.lang)))
    return lines


@licence_group.command("employer-report", help=N_("""The employer report of one client of the licence, from the questionnaires stored under it.

It counts the questionnaires completed with their result through the licence's links and
codes for EMPLOYER (the client's name as given to the link or codes), on a day inside
the licence (or inside --since and --until). Fewer than 25 are refused; groups of fewer
than 5 are not shown. The licence must be valid on --on."""))
@click.argument("licence_id")
@click.argument("employer")
@click.option("--on", "on", default=None, metavar="DATE",
              help=N_("The day of the report (YYYY-MM-DD; default: today)."))
@click.option("--since", "since", default=None, metavar="DATE",
              help=N_("The first day counted (YYYY-MM-DD; default: the licence's first day)."))
@click.option("--until", "until", default=None, metavar="DATE",
              help=N_("The last day counted (YYYY-MM-DD; default: the licence's last day)."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("A short summary in words, or the aggregates as JSON."))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Also write the report as PDF to this file."))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Also write the report as HTML to this file."))
@click.option("--context", is_flag=True,
              help=N_("Add the research context on productivity and care costs, with its sources."))
@lang_option
@pass_ctx
def employer_report_command(c: _Ctx, licence_id: str, employer: str, on: str | None, since: str | None,
                            until: str | None, fmt: str, pdf_path: Path | None, html_path: Path | None,
                            context: bool, lang: str) -> None:
    t = _t(lang)
    day = parse_date(on, "on") if on else None
    summary = LicenceService(c.storage, clock=c.now).employer_report(
        licence_id, employer, on=day, since=parse_date(since, "since") if since else None,
        until=parse_date(until, "until") if until else None)
    if fmt == "json":
        _echo_json(summary.model_dump(mode="json"))
    else:
        click.echo("\n".join(_summary_lines(summary, licence_id, t)))
    if pdf_path is None and html_path is None:
        return
    from blikopwerk._cli import require_extra

    require_extra("reports", "matplotlib", "reportlab", "jinja2")
    from werkscan._reports.render import employer_report_html, employer_report_pdf

    report_day = day if day is not None else dutch_day(c.now(), field="now")
    if html_path is not None:
        html_path.write_text(employer_report_html(summary, lang=lang, context=context, on=report_day),
                             encoding="utf-8")
        click.echo(t._("wrote {path}").format(path=html_path), err=fmt == "json")
    if pdf_path is not None:
        employer_report_pdf(summary, pdf_path, lang=lang, context=context, on=report_day)
        click.echo(t._("wrote {path}").format(path=pdf_path), err=fmt == "json")


@licence_group.command("counts", help=N_("""Completed questionnaires under the licence, as JSON: counts only, never who.

"completed" counts questionnaires started through this library's access routes;
"charged_completions" counts every charged completion, also those recorded from a file."""))
@click.argument("licence_id")
@lang_option
@pass_ctx
def counts_command(c: _Ctx, licence_id: str, lang: str) -> None:
    svc = AccessService(c.storage, c.rules, clock=c.now)
    counts = svc.counts(licence_id)
    charged = len(svc.storage.staffels.charges(licence_id))
    _echo_json({"licence_id": counts.licence_id, "completed": counts.completed,
                "by_route": dict(counts.by_route), "by_client": dict(counts.by_client),
                "by_expert": dict(counts.by_expert), "charged_completions": charged})


@licence_group.command("deliver", help=N_("Deliver the queued messages (the 80 % warnings); failures stay queued and are retried later."))
@click.option("--notifier", "notifier_name", default=None,
              help=N_("Notifier name (default: BLIKOPWERK_NOTIFIER, 'eml')."))
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("Folder for the 'eml' notifier (default: BLIKOPWERK_OUTBOX_FOLDER)."))
@lang_option
@pass_ctx
def deliver_command(c: _Ctx, notifier_name: str | None, folder: Path | None, lang: str) -> None:
    t = _t(lang)
    options: dict[str, Any] = {}
    if folder is not None:
        from blikopwerk._settings import Settings

        if (notifier_name or Settings().notifier) != "eml":
            raise click.UsageError(t._("--folder applies to the 'eml' notifier only"))
        options["folder"] = folder
    notifier = get_notifier(notifier_name, **options)
    report = deliver_outbox(c.storage, notifier, c.now())
    click.echo(t._("delivered {delivered}, retrying {retrying}, failed {failed}").format(
        delivered=t.integer(len(report.delivered)), retrying=t.integer(len(report.retrying)),
        failed=t.integer(len(report.failed))))
    for mid in report.delivered:
        click.echo("  " + t._("delivered {id}").format(id=mid))


def _seller_options(fn: Any) -> Any:
    fn = click.option("--seller-vat", default=None, metavar="TEXT",
                      help=N_("Blik op Werk's VAT number on the invoices."))(fn)
    fn = click.option("--seller-address", multiple=True, metavar="TEXT",
                      help=N_("An address line of Blik op Werk on the invoices (repeatable)."))(fn)
    return click.option("--seller", "seller_name", default="Blik op Werk", show_default=True, metavar="TEXT",
                        help=N_("The seller's name on the invoices."))(fn)


def _invoicing(c: _Ctx, seller_name: str, seller_address: tuple[str, ...],
               seller_vat: str | None) -> InvoicingService:
    return InvoicingService(c.storage, Party(seller_name, seller_address, vat_number=seller_vat), clock=c.now)


def _document_line(d: Invoice | CreditNote, t: Translator) -> str:
    return f"{d.number}  {t.date(d.issued_on)}  {d.licence_id}  {t.money(d.total)}"


@licence_group.command("period-end", help=N_("The period-end run over every licence: invoices, credit notes, renewals; safe to repeat."))
@click.option("--dry-run", is_flag=True, help=N_("Only say what the run would do."))
@_seller_options
@lang_option
@pass_ctx
def period_end_command(c: _Ctx, dry_run: bool, seller_name: str, seller_address: tuple[str, ...],
                       seller_vat: str | None, lang: str) -> None:
    t = _t(lang)
    svc = _invoicing(c, seller_name, seller_address, seller_vat)
    if dry_run:
        plan = svc.plan()
        for draft in plan.drafts:
            click.echo(f"{draft.key}  {t.money(draft.total)}")
        return
    result = svc.run_period_end()
    click.echo(result.summary(lang))
    for document in result.issued:
        click.echo("  " + _document_line(document, t))


@licence_group.command("invoices", help=N_("The licence's invoices and credit notes: number, date, licence, total incl. VAT."))
@click.argument("licence_id")
@lang_option
@pass_ctx
def invoices_command(c: _Ctx, licence_id: str, lang: str) -> None:
    t = _t(lang)
    for document in InvoicingService(c.storage, Party("Blik op Werk"), clock=c.now).documents(licence_id):
        click.echo(_document_line(document, t))


@licence_group.command("invoice", help=N_("Write an invoice or credit note to a file."))
@click.argument("number")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "json", "ubl"]), default="pdf",
              show_default=True, help=N_("PDF, HTML, JSON or UBL 2.1 (Peppol BIS Billing 3.0) XML."))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=N_("The file to write."))
@lang_option
@pass_ctx
def invoice_command(c: _Ctx, number: str, fmt: str, output: Path, lang: str) -> None:
    document = InvoicingService(c.storage, Party("Blik op Werk"), clock=c.now).document(number)
    if fmt == "pdf":
        invoice_pdf(document, output, lang)
    elif fmt == "html":
        output.write_text(invoice_html(document, lang), encoding="utf-8")
    elif fmt == "json":
        output.write_text(invoice_json(document, lang), encoding="utf-8")
    else:
        output.write_bytes(invoice_ubl(document, lang))
    click.echo(str(output))


@licence_group.command("credit", help=N_("Cancel a charge made by mistake; the next period-end run issues the credit note."))
@click.argument("questionnaire_id")
@click.option("--reason", required=True, metavar="TEXT", help=N_("Why the charge was a mistake."))
@lang_option
@pass_ctx
def credit_command(c: _Ctx, questionnaire_id: str, reason: str, lang: str) -> None:
    t = _t(lang)
    credit = InvoicingService(c.storage, Party("Blik op Werk"), clock=c.now).credit_charge(questionnaire_id, reason)
    click.echo(t._("charge of {id} credited on {date}").format(id=credit.questionnaire_id,
                                                               date=t.date(dutch_day(credit.credited_at))))


@licence_group.command("experts-usage", help=N_("Questionnaires per expert in the licence's period: completed, credited, counted; never who."))
@click.argument("licence_id")
@click.option("--on", "on", default=None, metavar="DATE",
              help=N_("A day in the licence period (YYYY-MM-DD; default: the latest period)."))
@lang_option
@pass_ctx
def experts_usage_command(c: _Ctx, licence_id: str, on: str | None, lang: str) -> None:
    day = None if on is None else parse_date(on, "on")
    usage = InvoicingService(c.storage, Party("Blik op Werk"), clock=c.now).usage_per_expert(licence_id, on=day)
    _echo_json([{"expert": u.expert_id, "completed": u.completed, "credited": u.credited,
                 "counted": u.counted} for u in usage])
