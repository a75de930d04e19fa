"""Invoices and credit notes for people (PDF, HTML) and for bookkeeping (JSON) (WS-INV-1).

The PDF and HTML are written by the same document layer as the reports
(:mod:`blikopwerk._document`: embedded DejaVu Sans, page numbers, the date in words, the
document language), in Dutch unless English is asked for; texts come from the
``werkscan`` message catalogue and every amount, number and date is formatted by Babel.

The structured export is a plain ``dict`` (JSON-ready): amounts are strings of Decimal
euros (``"237.50"``), dates ISO 8601, descriptions in the language asked for.
"""

from __future__ import annotations

import io
import json
import os
from itertools import zip_longest
from typing import Any

from blikopwerk._document import Document, Para, Table, document_html, document_pdf
from blikopwerk._i18n import Language, Translator, check_language, translator
from werkscan._invoicing.model import CreditNote, Invoice, InvoiceItem, Party

__all__ = ["invoice_data", "invoice_document", "invoice_html", "invoice_json", "invoice_pdf"]


def _party(t: Translator, party: Party) -> list[str]:
    out = [party.name, *party.address]
    if party.vat_number:
        out.append(t.gettext("VAT number: {number}").format(number=party.vat_number))
    if party.coc_number:
        out.append(t.gettext("Chamber of Commerce number: {number}").format(number=party.coc_number))
    if party.email:
        out.append(party.email)
    return out


def _check(document: object) -> Invoice | CreditNote:
    if not isinstance(document, Invoice | CreditNote):
        from blikopwerk._errors import InvalidValueError

        raise InvalidValueError("document", document, "expected an Invoice or a CreditNote")
    return document


def invoice_document(document: Invoice | CreditNote, lang: Language | str = "nl") -> Document:
    """The invoice or credit note as a document for people (WS-INV-1), Dutch by default.

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import Money
        >>> inv = Invoice("2026-00001", "staffel:S1", "L1", dt.date(2026, 3, 2), Party("Blik op Werk"),
        ...               Party("Arbo BV"), dt.date(2026, 3, 2), dt.date(2026, 3, 2),
        ...               [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> doc = invoice_document(inv)
        >>> doc.title, doc.subtitle
        ('Factuur 2026-00001', 'Periode: 2 maart 2026')
        >>> invoice_document(inv, "en").blocks[1].rows[-1]
        ('Total', '', '', '€312.50', '€65.63', '€378.13')
    """
    doc = _check(document)
    t = translator("werkscan", check_language(lang))
    if isinstance(doc, Invoice):
        title = t.gettext("Invoice {number}").format(number=doc.number)
        if doc.period_start == doc.period_end:
            subtitle = t.gettext("Period: {date}").format(date=t.date(doc.period_start))
        else:
            subtitle = t.gettext("Period: {start} to {end}").format(start=t.date(doc.period_start),
                                                                   end=t.date(doc.period_end))
    else:
        title = t.gettext("Credit note {number}").format(number=doc.number)
        subtitle = t.gettext("Credits invoice {number}").format(number=doc.original_number)
    parties = Table((t.gettext("From"), t.gettext("To")),
                    list(zip_longest(_party(t, doc.seller), _party(t, doc.buyer), fillvalue="")),
                    align=("l", "l"), widths=(0.5, 0.5))
    rows = [(line.description(t.lang), t.integer(line.quantity), t.money(line.unit_price), t.money(line.amount),
             t.money(line.vat), t.money(line.total)) for line in doc.lines]
    rows.append((t.gettext("Total"), "", "", t.money(doc.amount), t.money(doc.vat), t.money(doc.total)))
    rates = sorted({line.vat_rate for line in doc.lines})
    note = t.gettext("VAT {rate} is worked out and rounded to cents on each line; amounts in euros.").format(
        rate=t.join(t.percent(rate * 100, decimals=2, trim=True) for rate in rates))
    lines = Table((t.gettext("Description"), t.gettext("Quantity"), t.gettext("Unit price"),
                   t.gettext("Excl. VAT"), t.gettext("VAT"), t.gettext("Total")), rows,
                  strong=(len(rows) - 1,), widths=(0.36, 0.09, 0.14, 0.15, 0.12, 0.14), note=note, small=True)
    blocks: list[Any] = [parties, lines]
    if isinstance(doc, CreditNote):
        blocks.insert(1, Para(t.gettext("Reason: {reason}").format(reason=doc.reason)))
        blocks.append(Para(t.gettext("To be settled: {amount}").format(amount=t.money(doc.total)), "box"))
    else:
        blocks.append(Para(t.gettext("To pay: {amount}").format(amount=t.money(doc.total)), "box"))
    subject = t.gettext("Werkscan invoice") if isinstance(doc, Invoice) else t.gettext("Werkscan credit note")
    return Document(title, t.lang, doc.issued_on, tuple(blocks), subtitle=subtitle, subject=subject)


def invoice_html(document: Invoice | CreditNote, lang: Language | str = "nl") -> str:
    """The invoice or credit note as one self-contained HTML page (WS-INV-1).

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import Money
        >>> inv = Invoice("2026-00001", "staffel:S1", "L1", dt.date(2026, 3, 2), Party("Blik op Werk"),
        ...               Party("Arbo BV"), dt.date(2026, 3, 2), dt.date(2026, 3, 2),
        ...               [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> "Te betalen: € 378,13" in invoice_html(inv).replace("\xa0", " ")
        True
    """
    return document_html(invoice_document(document, lang))


def invoice_pdf(document: Invoice | CreditNote,
                target: str | os.PathLike[str] | io.BufferedIOBase | io.BytesIO,
                lang: Language | str = "nl") -> None:
    """Write the invoice or credit note as an A4 PDF (embedded font, page numbers, date).

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import Money
        >>> inv = Invoice("2026-00001", "staffel:S1", "L1", dt.date(2026, 3, 2), Party("Blik op Werk"),
        ...               Party("Arbo BV"), dt.date(2026, 3, 2), dt.date(2026, 3, 2),
        ...               [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> buf = io.BytesIO()
        >>> invoice_pdf(inv, buf, "en")
        >>> buf.getvalue()[:5]
        b'%PDF-'
    """
    document_pdf(invoice_document(document, lang), target)


def _line(line: InvoiceItem, lang: Language) -> dict[str, Any]:
    return {"kind": line.kind, "description": line.description(lang), "quantity": line.quantity,
            "unit_price": str(line.unit_price.amount), "amount": str(line.amount.amount),
            "vat_rate": str(line.vat_rate), "vat": str(line.vat.amount), "total": str(line.total.amount),
            "staffel_size": line.size}


def _party_data(party: Party) -> dict[str, Any]:
    return {"name": party.name, "address": list(party.address), "vat_number": party.vat_number,
            "coc_number": party.coc_number, "email": party.email}


def invoice_data(document: Invoice | CreditNote, lang: Language | str = "nl") -> dict[str, Any]:
    """The invoice or credit note as structured data for bookkeeping (WS-INV-1).

    Amounts are Decimal euros written as strings, dates ISO 8601; ``type`` is
    ``invoice`` or ``credit_note``; a credit note has ``original_number`` and ``reason``.

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import Money
        >>> inv = Invoice("2026-00001", "staffel:S1", "L1", dt.date(2026, 3, 2), Party("Blik op Werk"),
        ...               Party("Arbo BV"), dt.date(2026, 3, 2), dt.date(2026, 3, 2),
        ...               [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> data = invoice_data(inv, "en")
        >>> data["number"], data["total"], data["lines"][0]["description"]
        ('2026-00001', '378.13', 'Staffel of 25 Werkscans (completed questionnaires)')
    """
    doc = _check(document)
    language = check_language(lang)
    data: dict[str, Any] = {
        "type": "invoice" if isinstance(doc, Invoice) else "credit_note",
        "number": doc.number,
        "licence_id": doc.licence_id,
        "issued_on": doc.issued_on.isoformat(),
        "currency": "EUR",
        "seller": _party_data(doc.seller),
        "buyer": _party_data(doc.buyer),
        "lines": [_line(line, language) for line in doc.lines],
        "amount": str(doc.amount.amount),
        "vat": str(doc.vat.amount),
        "total": str(doc.total.amount),
    }
    if isinstance(doc, Invoice):
        data["period_start"] = doc.period_start.isoformat()
        data["period_end"] = doc.period_end.isoformat()
    else:
        data["original_number"] = doc.original_number
        data["reason"] = doc.reason
    return data


def invoice_json(document: Invoice | CreditNote, lang: Language | str = "nl") -> str:
    """:func:`invoice_data` as JSON text (UTF-8, keys in a fixed order).

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import Money
        >>> inv = Invoice("2026-00001", "staffel:S1", "L1", dt.date(2026, 3, 2), Party("Blik op Werk"),
        ...               Party("Arbo BV"), dt.date(2026, 3, 2), dt.date(2026, 3, 2),
        ...               [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> json.loads(invoice_json(inv))["vat"]
        '65.63'
    """
    return json.dumps(invoice_data(document, lang), ensure_ascii=False, indent=2)
