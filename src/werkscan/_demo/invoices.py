"""Demo: a licence holder's year invoiced: purchase, upgrade, period end, credit note.

Pure invoicing over the in-memory repository; writes every document as PDF (Dutch),
HTML (English) and JSON into ``WORKDIR/invoices``. Run on its own with
``python -m werkscan._demo.invoices [WORKDIR]``; the main demo calls :func:`demo`.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
from collections.abc import Callable

from blikopwerk._money import Money
from werkscan._invoicing.facts import ChargeCredit, Completion, LicenceFacts, StaffelPurchase
from werkscan._invoicing.model import Party
from werkscan._invoicing.period import run_period_end
from werkscan._invoicing.pricing import purchase_draft
from werkscan._invoicing.render import invoice_html, invoice_json, invoice_pdf
from werkscan._invoicing.repository import MemoryInvoiceRepository, issue_invoice
from werkscan._invoicing.usage import usage_per_expert
from werkscan._licensing.staffel import STAFFEL_EXAMPLE_TABLE

__all__ = ["demo"]

_UTC = dt.UTC
_SELLER = Party("Blik op Werk (example)", ("Postbus 1", "3500 AA Utrecht"), vat_number="NL000000000B01")
_BUYER = Party("Arbo Utrecht BV", ("Stationsplein 1", "3511 AB Utrecht"))


def demo(workdir: pathlib.Path, echo: Callable[[str], None]) -> None:
    """Invoice the year of one licence holder and write the documents."""
    out = workdir / "invoices"
    out.mkdir(parents=True, exist_ok=True)
    s25 = StaffelPurchase("S1", 25, STAFFEL_EXAMPLE_TABLE[25], dt.datetime(2026, 1, 5, 9, tzinfo=_UTC))
    s50 = StaffelPurchase("S2", 50, STAFFEL_EXAMPLE_TABLE[50], dt.datetime(2026, 6, 1, 9, tzinfo=_UTC), "S1")
    done = [Completion(f"q{i}", "bert" if i % 2 else "anna", dt.datetime(2026, 2, 1, tzinfo=_UTC)
                       + dt.timedelta(days=5 * i)) for i in range(55)]
    year = LicenceFacts("L1", _BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31), [s25, s50], done)
    repo = MemoryInvoiceRepository()
    issued = []
    for purchase in (s25, s50):
        with repo.unit_of_work():
            issued.append(issue_invoice(repo, purchase_draft(year, purchase), purchase.bought_at, _SELLER))
    end = run_period_end([year], dt.datetime(2026, 12, 31, 23, 30, tzinfo=_UTC), repo, _SELLER, repo.unit_of_work)
    echo(f"Period end: {end.summary('en')}")
    again = run_period_end([year], dt.datetime(2026, 12, 31, 23, 30, tzinfo=_UTC), repo, _SELLER,
                           repo.unit_of_work)
    echo(f"Run again: {again.summary('en')}")
    credited = LicenceFacts("L1", _BUYER, year.period_start, year.period_end, year.purchases, year.completions,
                            [ChargeCredit("q54", dt.datetime(2027, 1, 8, 9, tzinfo=_UTC), "testvragenlijst")])
    fix = run_period_end([credited], dt.datetime(2027, 1, 8, 10, tzinfo=_UTC), repo, _SELLER, repo.unit_of_work)
    echo(f"After a charge was credited: {fix.summary('en')}")
    for document in repo.all_documents():
        base = out / document.number
        invoice_pdf(document, base.with_suffix(".pdf"))
        base.with_suffix(".html").write_text(invoice_html(document, "en"), encoding="utf-8")
        base.with_suffix(".json").write_text(invoice_json(document), encoding="utf-8")
        echo(f"{type(document).__name__} {document.number}: excl. VAT {document.amount.format('en_GB')}, "
             f"VAT {document.vat.format('en_GB')}, total {document.total.format('en_GB')}")
    net = sum((d.amount for d in repo.all_documents()), start=Money.zero())
    echo(f"Net excl. VAT {net.format('en_GB')} = staffel of 50 + {credited.overage} beyond it at "
         f"{s50.unit_price.format('en_GB')}")
    usage = ", ".join(f"{u.expert_id} {u.counted}" for u in usage_per_expert(credited))
    echo(f"Usage per expert: {usage}")
    echo(f"Documents written to {out}")


if __name__ == "__main__":  # pragma: no cover - manual entry point
    demo(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "demo-out"), print)
