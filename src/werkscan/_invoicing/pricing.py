"""What a staffel, an upgrade and overage cost (WS-INV-1, WS-INV-2, WS-STF-4, WS-STF-5).

* A staffel purchase is invoiced as one line: the staffel at its price (size x unit
  price, rounded to cents, K-MON-1).
* An upgrade to a larger staffel (WS-STF-5) costs the new staffel's price minus the price
  of the staffel it replaces, never below zero (WS-INV-2). Its invoice shows both: the new
  staffel at its price, and a line crediting the staffel already paid. Usage carries over,
  so the old staffel's draft overage is not invoiced: overage is counted once, at the
  period end, against the staffel then in force.
* Overage (WS-STF-4): completions beyond the staffel in force at the period end, at its
  unit price, rounded to cents at the line.

The seeds say only that a larger staffel can be bought and that overage is invoiced
afterwards (seed ``000_fce2b4cd91976fe2.txt``); the prices above are the project's
decisions (WS-INV-2), and the shipped staffel table is an example.
"""

from __future__ import annotations

import attrs

from blikopwerk._calendar import dutch_day
from blikopwerk._errors import InvalidValueError
from blikopwerk._money import Money
from werkscan._invoicing.facts import LicenceFacts, StaffelPurchase
from werkscan._invoicing.model import DraftInvoice, InvoiceItem

__all__ = ["UpgradePrice", "overage_item", "purchase_draft", "upgrade_price"]


@attrs.frozen
class UpgradePrice:
    """The price of an upgrade (WS-INV-2): the new staffel's price, the credit for the
    staffel already paid, and what is due (their difference, never below zero).

    Example:
        >>> UpgradePrice(Money("550.00"), Money("312.50"), Money("237.50")).due
        Money('237.50')
    """

    new_price: Money
    credit: Money
    due: Money


def upgrade_price(replaced: StaffelPurchase, new: StaffelPurchase) -> UpgradePrice:
    """What moving from ``replaced`` to the larger staffel ``new`` costs (WS-INV-2, WS-STF-5).

    The credit is the replaced staffel's price, but never more than the new one's, so what
    is due is never below zero.

    Example (the example staffel table: 25 at EUR 12.50, 50 at EUR 11.00):
        >>> import datetime as dt
        >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> old, new = StaffelPurchase("S1", 25, "12.50", t), StaffelPurchase("S2", 50, "11.00", t, "S1")
        >>> price = upgrade_price(old, new)
        >>> price.new_price, price.credit, price.due
        (Money('550.00'), Money('312.50'), Money('237.50'))
        >>> upgrade_price(new, old)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: new.size: an upgrade must be larger than the staffel of 50 it replaces (got 25)
    """
    if new.size <= replaced.size:
        raise InvalidValueError("new.size", new.size,
                                f"an upgrade must be larger than the staffel of {replaced.size} it replaces")
    new_price = new.price
    credit = min(replaced.price, new_price)
    return UpgradePrice(new_price, credit, new_price - credit)


def purchase_draft(facts: LicenceFacts, purchase: StaffelPurchase) -> DraftInvoice:
    """The invoice of a staffel purchase or upgrade of ``facts`` (WS-INV-1, WS-INV-2).

    Keyed ``staffel:<purchase id>``; its period is the Dutch day of the purchase.

    Example:
        >>> import datetime as dt
        >>> from werkscan._invoicing.model import Party
        >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> facts = LicenceFacts("L1", Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                      [StaffelPurchase("S1", 25, "12.50", t), StaffelPurchase("S2", 50, "11.00", t, "S1")])
        >>> draft = purchase_draft(facts, facts.purchases[1])
        >>> [(line.kind, str(line.amount.amount), str(line.vat.amount)) for line in draft.lines]
        [('upgrade', '550.00', '115.50'), ('upgrade_credit', '-312.50', '-65.63')]
        >>> draft.amount, draft.vat, draft.total
        (Money('237.50'), Money('49.87'), Money('287.37'))
    """
    by_id = {p.id: p for p in facts.purchases}
    if by_id.get(purchase.id) != purchase:
        raise InvalidValueError("purchase", purchase.id, f"not a purchase of licence {facts.licence_id}")
    day = dutch_day(purchase.bought_at, field="bought_at")
    if purchase.replaces is None:
        lines = [InvoiceItem.build("staffel", 1, purchase.price, size=purchase.size)]
    else:
        replaced = by_id[purchase.replaces]
        price = upgrade_price(replaced, purchase)
        lines = [InvoiceItem.build("upgrade", 1, price.new_price, size=purchase.size)]
        if price.credit > Money.zero():
            lines.append(InvoiceItem.build("upgrade_credit", -1, price.credit, size=replaced.size))
    return DraftInvoice(f"staffel:{purchase.id}", facts.licence_id, facts.buyer, day, day, lines)


def overage_item(facts: LicenceFacts, quantity: int) -> InvoiceItem:
    """``quantity`` completions beyond the staffel in force, at its unit price (WS-STF-4).

    The unit price is rounded half-up to cents at the line (K-MON-1).

    Example:
        >>> import datetime as dt
        >>> from werkscan._invoicing.model import Party
        >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> facts = LicenceFacts("L1", Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                      [StaffelPurchase("S1", 50, "11.00", t)])
        >>> overage_item(facts, 5).amount
        Money('55.00')
    """
    staffel = facts.staffel
    if staffel is None:
        raise InvalidValueError("purchases", (), f"licence {facts.licence_id} has no staffel")
    return InvoiceItem.build("overage", quantity, staffel.unit_price, size=staffel.size)
