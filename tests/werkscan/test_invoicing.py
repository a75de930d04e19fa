"""Invoicing of licences (WS-INV-1..3, WS-STF-4, WS-STF-5, WS-LIC-2, K-MON-1, K-TZ-1): example tests.

The staffel prices are the library's example table (seed ``000_fce2b4cd91976fe2.txt`` has
no price table: "Uiteraard worden de kosten per ingevulde Werkscan volgens staffel steeds
lager"): 25 at EUR 12.50 and 50 at EUR 11.00 per completed questionnaire, excl. VAT.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from decimal import Decimal

import attrs
import pytest

import pdfcheck
import werkscan
from blikopwerk import ConflictError, InvalidValueError, Money, NotFoundError
from werkscan import (
    STAFFEL_EXAMPLE_TABLE,
    ChargeCredit,
    Completion,
    CreditNote,
    Invoice,
    InvoiceItem,
    InvoiceRepository,
    LicenceFacts,
    MemoryInvoiceRepository,
    Party,
    StaffelPurchase,
    credit_invoice,
    invoice_data,
    invoice_html,
    invoice_json,
    invoice_pdf,
    issue_invoice,
    plan_period_end,
    purchase_draft,
    run_period_end,
    upgrade_price,
    usage_per_expert,
)

UTC = dt.UTC
SELLER = Party("Blik op Werk", ("Postbus 1", "3500 AA Utrecht"), vat_number="NL000000000B01",
               coc_number="00000000")
BUYER = Party("Arbo Ĳssel & Şahin BV", ("Stationsplein 1", "3511 AB Utrecht"), vat_number="NL111111111B01")
JAN = dt.datetime(2026, 1, 5, 9, tzinfo=UTC)
JUNE = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
NEW_YEAR = dt.datetime(2027, 1, 1, 6, tzinfo=UTC)


def _t(size: int) -> Money:
    return STAFFEL_EXAMPLE_TABLE[size]


def _year(credits: tuple[ChargeCredit, ...] = ()) -> LicenceFacts:
    """A licence holder's year: 25 bought in January, 30 used, upgrade to 50 in June, 55 used."""
    before = [Completion(f"q{i}", "bert" if i % 3 else "anna", dt.datetime(2026, 3, 1, 9, tzinfo=UTC)
                         + dt.timedelta(hours=i)) for i in range(30)]
    after = [Completion(f"q{i}", "bert" if i % 2 else "anna", dt.datetime(2026, 9, 1, 9, tzinfo=UTC)
                        + dt.timedelta(hours=i)) for i in range(30, 55)]
    return LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                        [StaffelPurchase("S1", 25, _t(25), JAN), StaffelPurchase("S2", 50, _t(50), JUNE, "S1")],
                        before + after, credits)


# --------------------------------------------------------------------- WS-INV-2 upgrade price


def test_upgrade_from_25_to_50_costs_the_difference_of_the_staffel_prices() -> None:
    """WS-INV-2: 50 x 11.00 = 550.00 minus the 25 x 12.50 = 312.50 already paid: 237.50."""
    price = upgrade_price(StaffelPurchase("S1", 25, _t(25), JAN), StaffelPurchase("S2", 50, _t(50), JUNE, "S1"))
    assert (price.new_price, price.credit, price.due) == (Money("550.00"), Money("312.50"), Money("237.50"))
    price = upgrade_price(StaffelPurchase("S2", 50, _t(50), JAN), StaffelPurchase("S3", 100, _t(100), JUNE, "S2"))
    assert (price.new_price, price.credit, price.due) == (Money("950.00"), Money("550.00"), Money("400.00"))


def test_upgrade_invoice_shows_the_new_staffel_and_the_credit_each_rounded_at_the_line() -> None:
    """WS-INV-2, K-MON-1: VAT per line (115.50 and -65.63), so the VAT is 49.87, not 21 % of 237.50."""
    draft = purchase_draft(_year(), _year().purchases[1])
    assert [(x.kind, x.quantity, x.unit_price, x.amount, x.vat, x.total) for x in draft.lines] == [
        ("upgrade", 1, Money("550.00"), Money("550.00"), Money("115.50"), Money("665.50")),
        ("upgrade_credit", -1, Money("312.50"), Money("-312.50"), Money("-65.63"), Money("-378.13")),
    ]
    assert (draft.amount, draft.vat, draft.total) == (Money("237.50"), Money("49.87"), Money("287.37"))


def test_upgrade_never_costs_below_zero() -> None:
    """WS-INV-2: a larger staffel whose price is lower than the one replaced costs nothing."""
    facts = LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                         [StaffelPurchase("S1", 25, "12.50", JAN), StaffelPurchase("S2", 30, "10.00", JUNE, "S1")])
    price = upgrade_price(*facts.purchases)
    assert (price.credit, price.due) == (Money("300.00"), Money("0.00"))
    assert purchase_draft(facts, facts.purchases[1]).total == Money("0.00")


def test_an_upgrade_must_be_larger_and_replace_the_staffel_before_it() -> None:
    """WS-STF-5: a larger staffel; the chain of a period is checked."""
    with pytest.raises(InvalidValueError, match="purchases\\[1\\].replaces"):
        LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                     [StaffelPurchase("S1", 25, "12.50", JAN), StaffelPurchase("S2", 50, "11.00", JUNE)])
    with pytest.raises(InvalidValueError, match="purchases\\[1\\].size"):
        LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                     [StaffelPurchase("S1", 50, "11.00", JAN), StaffelPurchase("S2", 50, "11.00", JUNE, "S1")])


def test_facts_refuse_double_charges_and_unknown_credits() -> None:
    """WS-STF-6: one charge per questionnaire; a credit names a charge of the licence."""
    purchase = [StaffelPurchase("S1", 25, "12.50", JAN)]
    with pytest.raises(InvalidValueError, match="completions"):
        LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31), purchase,
                     [Completion("q1", "bert", JAN), Completion("q1", "anna", JAN)])
    with pytest.raises(InvalidValueError, match="credits\\[0\\].questionnaire_id"):
        LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31), purchase,
                     [Completion("q1", "bert", JAN)], [ChargeCredit("q2", JAN, "x")])
    with pytest.raises(InvalidValueError, match="completed_at"):
        Completion("q1", "bert", dt.datetime(2026, 1, 5, 9))


# --------------------------------------------------------------------- K-MON-1 at the line


def test_a_sub_cent_unit_price_is_rounded_at_the_line() -> None:
    """K-MON-1, issue 17: no 8.125 each on a line; quantity x unit price is the amount exactly."""
    line = InvoiceItem.build("overage", 3, Money("8.125"), size=250)
    assert (line.unit_price, line.amount, line.vat, line.total) == (
        Money("8.13"), Money("24.39"), Money("5.12"), Money("29.51"))
    with pytest.raises(InvalidValueError, match="unit_price"):
        InvoiceItem("overage", 3, Money("8.125"), Money("24.375"), Money("5.12"), Money("29.50"), 250)
    with pytest.raises(InvalidValueError, match="vat"):
        InvoiceItem("overage", 3, Money("8.13"), Money("24.39"), Money("5.13"), Money("29.52"), 250)


def test_a_staffel_with_a_sub_cent_unit_price_is_invoiced_at_its_rounded_price() -> None:
    """K-MON-1: 100 x 8.125 = 812.50, the staffel's price; the line is 1 staffel at 812.50."""
    facts = LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                         [StaffelPurchase("S1", 100, "8.125", JAN)])
    (line,) = purchase_draft(facts, facts.purchases[0]).lines
    assert (line.quantity, line.unit_price, line.vat, line.total) == (1, Money("812.50"), Money("170.63"),
                                                                      Money("983.13"))


# --------------------------------------------------------------------- the year of a licence holder


def test_the_year_of_a_licence_holder_reconciles_with_its_purchases_and_charges() -> None:
    """WS-INV-1..3, WS-STF-4, WS-STF-5: buy 25, upgrade to 50, 55 used, period end, credit note."""
    repo = MemoryInvoiceRepository()
    with repo.unit_of_work():
        first = issue_invoice(repo, purchase_draft(_year(), _year().purchases[0]), JAN, SELLER)
    with repo.unit_of_work():
        upgrade = issue_invoice(repo, purchase_draft(_year(), _year().purchases[1]), JUNE, SELLER)
    assert (first.number, first.total) == ("2026-00001", Money("378.13"))
    assert (upgrade.number, upgrade.total) == ("2026-00002", Money("287.37"))

    result = run_period_end([_year()], NEW_YEAR, repo, SELLER, repo.unit_of_work)
    assert result.due == ("L1",)
    (overage,) = result.issued
    assert isinstance(overage, Invoice)
    assert overage.number == "2027-00001" and overage.issued_on == dt.date(2027, 1, 1)
    (line,) = overage.lines
    assert (line.kind, line.quantity, line.unit_price, line.amount, line.vat) == (
        "overage", 5, Money("11.00"), Money("55.00"), Money("11.55"))
    assert [(r.period_start, r.period_end) for r in result.renewals] == [(dt.date(2027, 1, 1), dt.date(2027, 12, 31))]
    assert run_period_end([_year()], NEW_YEAR, repo, SELLER, repo.unit_of_work).nothing_done

    # a charge made by mistake is credited after the invoice is final: a credit note, not a change
    credited = _year((ChargeCredit("q54", dt.datetime(2027, 1, 8, 9, tzinfo=UTC), "test questionnaire"),))
    later = dt.datetime(2027, 1, 8, 10, tzinfo=UTC)
    again = run_period_end([credited], later, repo, SELLER, repo.unit_of_work)
    (note,) = again.issued
    assert isinstance(note, CreditNote) and note.original_number == "2027-00001"
    assert (note.number, note.amount, note.vat, note.reason) == ("2027-00002", Money("-11.00"), Money("-2.31"),
                                                                  "test questionnaire")
    assert repo.get("2027-00001") == overage  # the original is unchanged
    assert run_period_end([credited], later, repo, SELLER, repo.unit_of_work).nothing_done

    # bookkeeping: the invoices add up to the final staffel plus the overage that counts
    documents = repo.for_licence("L1")
    net = sum((d.amount for d in documents), Money.zero())
    assert net == Money("550.00") + Money("11.00") * credited.overage == Money("594.00")
    assert sum((d.total for d in documents), Money.zero()) == sum(
        (line.total for d in documents for line in d.lines), Money.zero())


def test_a_licence_is_due_from_the_dutch_day_after_its_period() -> None:
    """K-TZ-1, WS-INV-3: 31 December 23:59 in the Netherlands is not yet the end; 00:00 is."""
    repo = MemoryInvoiceRepository()
    assert plan_period_end([_year()], dt.datetime(2026, 12, 31, 22, 59, tzinfo=UTC), repo).due == ()
    plan = plan_period_end([_year()], dt.datetime(2026, 12, 31, 23, 0, tzinfo=UTC), repo)
    assert plan.due == ("L1",) and plan.on == dt.date(2027, 1, 1)
    assert [d.key for d in plan.drafts] == ["staffel:S1", "staffel:S2", "overage:L1:2026-01-01:1"]
    assert plan_period_end([_year()], dt.datetime(2026, 12, 31, 23, 0, tzinfo=UTC), repo) == plan  # pure


def test_no_renewal_when_the_licence_does_not_renew_and_none_twice() -> None:
    """WS-INV-3: renewal is recorded once; a licence that stops is not renewed."""
    repo = MemoryInvoiceRepository()
    stop = LicenceFacts("L2", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31), auto_renew=False)
    result = run_period_end([_year(), stop], NEW_YEAR, repo, SELLER, repo.unit_of_work)
    assert result.due == ("L1", "L2") and [r.licence_id for r in result.renewals] == ["L1"]
    assert repo.renewals("L2") == [] and len(repo.renewals("L1")) == 1
    assert result.summary("nl") == "1 januari 2027: 2 licenties afgelopen, 3 documenten uitgereikt, 1 verlenging."


def test_a_run_that_fails_half_way_is_finished_by_the_next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """WS-INV-3: each document in its own unit of work; the failed one's number is given again."""
    repo = MemoryInvoiceRepository()
    real_add = repo.add
    calls = {"n": 0}

    def failing_add(document: Invoice | CreditNote) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_add(document)

    monkeypatch.setattr(repo, "add", failing_add)
    with pytest.raises(OSError):
        run_period_end([_year()], NEW_YEAR, repo, SELLER, repo.unit_of_work)
    assert [d.number for d in repo.all_documents()] == ["2027-00001"]
    result = run_period_end([_year()], NEW_YEAR, repo, SELLER, repo.unit_of_work)
    assert [d.number for d in result.issued] == ["2027-00002", "2027-00003"]
    assert run_period_end([_year()], NEW_YEAR, repo, SELLER, repo.unit_of_work).nothing_done


# --------------------------------------------------------------------- numbering, immutability, credit notes


def test_numbers_are_gapless_per_year_under_concurrent_units_of_work() -> None:
    """WS-INV-1: 8 threads issue 25 invoices each; numbers 1..200, none twice, none missing."""
    repo = MemoryInvoiceRepository()
    facts = [LicenceFacts(f"L{i}", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                          [StaffelPurchase(f"S{i}", 25, "12.50", JAN)]) for i in range(200)]

    def work(chunk: list[LicenceFacts]) -> None:
        for f in chunk:
            with repo.unit_of_work():
                issue_invoice(repo, purchase_draft(f, f.purchases[0]), JUNE, SELLER)

    threads = [threading.Thread(target=work, args=(facts[i::8],)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(d.sequence for d in repo.all_documents()) == list(range(1, 201))


def test_a_stored_invoice_cannot_be_replaced_and_numbers_cannot_jump() -> None:
    """WS-INV-1: final invoices are immutable; numbers are given in order."""
    repo = MemoryInvoiceRepository()
    f = _year()
    inv = issue_invoice(repo, purchase_draft(f, f.purchases[0]), JAN, SELLER)
    with pytest.raises(ConflictError, match="taken"):
        repo.add(inv)
    skipped = purchase_draft(f, f.purchases[1]).finalise("2026-00003", dt.date(2026, 6, 1), SELLER)
    with pytest.raises(ConflictError, match="not the next"):
        repo.add(skipped)
    with pytest.raises(NotFoundError):
        repo.get("2026-00009")
    assert isinstance(repo, InvoiceRepository)


def test_a_full_credit_note_cancels_its_invoice_to_the_cent_and_cannot_be_repeated() -> None:
    """WS-INV-1: a credit note refers to the invoice; nothing is left to credit afterwards."""
    repo = MemoryInvoiceRepository()
    f = _year()
    inv = issue_invoice(repo, purchase_draft(f, f.purchases[1]), JUNE, SELLER)
    note = credit_invoice(repo, inv.number, JUNE, SELLER, "bought by mistake")
    assert note.original_number == inv.number
    assert [line.amount for line in note.lines] == [-line.amount for line in inv.lines]
    assert (inv.amount + note.amount, inv.vat + note.vat, inv.total + note.total) == (Money.zero(),) * 3
    with pytest.raises(ConflictError, match="nothing left"):
        credit_invoice(repo, inv.number, JUNE, SELLER, "again")
    with pytest.raises(InvalidValueError, match="credit note"):
        credit_invoice(repo, note.number, JUNE, SELLER, "a credit of a credit")


# --------------------------------------------------------------------- WS-LIC-2 usage per expert


def test_usage_per_expert_counts_only_and_follows_the_dutch_day() -> None:
    """WS-LIC-2, WS-ACC-4: per expert id, counts only; a credited charge does not count."""
    facts = _year((ChargeCredit("q1", NEW_YEAR, "test"),))
    usage = usage_per_expert(facts)
    assert [(u.expert_id, u.completed, u.credited, u.counted) for u in usage] == [
        ("anna", 10 + 13, 0, 23), ("bert", 20 + 12, 1, 31)]
    assert sum(u.counted for u in usage) == facts.used
    assert all({a.name for a in attrs.fields(type(u))} == {"expert_id", "completed", "credited"} for u in usage)
    # 30 June 22:30 UTC is 1 July in the Netherlands: not in the first half year
    late = LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                        [StaffelPurchase("S1", 25, "12.50", JAN)],
                        [Completion("q1", "bert", dt.datetime(2026, 6, 30, 22, 30, tzinfo=UTC))])
    assert usage_per_expert(late, dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == ()
    assert usage_per_expert(late, dt.date(2026, 7, 1), dt.date(2026, 7, 1))[0].completed == 1


# --------------------------------------------------------------------- rendering and export


def _issued() -> tuple[Invoice, CreditNote]:
    repo = MemoryInvoiceRepository()
    f = _year()
    inv = issue_invoice(repo, purchase_draft(f, f.purchases[1]), JUNE, SELLER)
    assert isinstance(inv, Invoice)
    return inv, credit_invoice(repo, inv.number, dt.datetime(2026, 6, 2, 9, tzinfo=UTC), SELLER,
                               "upgrade ongedaan gemaakt")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_invoice_pdf_has_the_font_page_numbers_date_and_language(lang: str) -> None:
    """WS-INV-1: Dutch by default, English on request; Babel amounts; no ISO dates or rule ids."""
    for document in _issued():
        buf = io.BytesIO()
        invoice_pdf(document, buf, lang)
        data = buf.getvalue()
        assert all(f.embedded and "DejaVuSans" in f.name for f in pdfcheck.fonts(data))
        assert pdfcheck.language(data) == {"nl": "nl-NL", "en": "en-GB"}[lang]
        text = pdfcheck.fold(pdfcheck.text(data))
        for i, page in enumerate(pdfcheck.pages(data), start=1):
            assert (f"Pagina {i} van" if lang == "nl" else f"Page {i} of") in page
        day = document.issued_on.day
        assert {"nl": f"{day} juni 2026", "en": f"{day} June 2026"}[lang] in text
        assert "Arbo Ĳssel & Şahin BV" in text
        assert not pdfcheck.ISO_DATE.search(text) and not pdfcheck.RULE_ID.search(text)
        assert not pdfcheck.REPR.search(text)
        assert pdfcheck.foreign_phrases(text, lang) == []
    inv_text = pdfcheck.fold(pdfcheck.text(_pdf(_issued()[0], lang)))
    if lang == "nl":
        assert "Factuur 2026-00001" in inv_text and "€ 287,37" in inv_text and "€ -65,63" in inv_text
        assert "Verrekening van de al betaalde staffel van 25 Werkscans" in inv_text
    else:
        assert "Invoice 2026-00001" in inv_text and "€287.37" in inv_text


def _pdf(document: Invoice | CreditNote, lang: str) -> bytes:
    buf = io.BytesIO()
    invoice_pdf(document, buf, lang)
    return buf.getvalue()


def test_invoice_html_and_pdf_carry_the_same_text() -> None:
    inv, note = _issued()
    html = pdfcheck.html_text(invoice_html(note))
    assert "Creditnota 2026-00002" in html and "Crediteert factuur 2026-00001" in html
    assert "Reden: upgrade ongedaan gemaakt" in html
    pdf = pdfcheck.fold(pdfcheck.text(_pdf(note, "nl")))
    for part in ("Creditnota 2026-00002", "Te verrekenen: € -287,37", "Btw-nummer: NL111111111B01"):
        assert part in pdfcheck.fold(html) and part in pdf


def test_structured_export_has_decimal_strings_and_adds_up() -> None:
    inv, note = _issued()
    data = json.loads(invoice_json(inv, "en"))
    assert data["type"] == "invoice" and data["currency"] == "EUR" and data["period_start"] == "2026-06-01"
    assert [line["amount"] for line in data["lines"]] == ["550.00", "-312.50"]
    assert Decimal(data["total"]) == sum(Decimal(line["total"]) for line in data["lines"]) == Decimal("287.37")
    assert data["lines"][1]["description"] == "Credit for the staffel of 25 Werkscans already paid"
    credit = invoice_data(note)
    assert credit["type"] == "credit_note" and credit["original_number"] == "2026-00001"
    assert credit["total"] == "-287.37"


def test_bad_inputs_are_the_library_error() -> None:
    with pytest.raises(InvalidValueError, match="lang"):
        invoice_html(_issued()[0], "fr")
    with pytest.raises(InvalidValueError, match="document"):
        invoice_data("2026-00001")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="unit_price"):
        StaffelPurchase("S1", 25, 12.5, JAN)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="number"):
        werkscan.parse_invoice_number("2026-1")


def test_the_names_are_public_and_each_has_an_example() -> None:
    names = [n for n in werkscan.__all__
             if getattr(getattr(werkscan, n), "__module__", "").startswith("werkscan._invoicing")]
    assert {"Invoice", "InvoiceItem", "CreditNote", "upgrade_price", "run_period_end", "plan_period_end",
            "usage_per_expert", "InvoiceRepository", "MemoryInvoiceRepository", "invoice_pdf"} <= set(names)
    missing = [n for n in names if ">>>" not in (getattr(werkscan, n).__doc__ or "")]
    assert missing == []
