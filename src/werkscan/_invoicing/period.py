"""The period-end run, renewals and credit notes (WS-INV-1, WS-INV-3, WS-STF-4).

:func:`plan_period_end` is pure: given the licences' facts, an instant and what the
repository holds, it says which licences are due (their period ended before the Dutch
day of the instant, K-TZ-1), which invoices and credit notes are missing and which
renewals are to be recorded. :func:`run_period_end` carries the plan out, each document
in its own unit of work, and reports what it did. What is planned is the difference
between what the facts say and what was issued, so a second run (or a run after a crash)
finds nothing left to do.

Per licence the documents are:

* one invoice per staffel purchase or upgrade (key ``staffel:<id>``, WS-INV-2), as soon
  as the purchase day has come;
* at the period end, one invoice for the overage (key ``overage:<licence>:<start>:<n>``,
  WS-STF-4); if charges are credited after it was issued, a credit note for the
  difference (key ``overage-credit:<licence>:<start>:<n>``); if completions arrive after
  it, a further overage invoice;
* a renewal for the next period when the licence renews (a year, both ends included:
  a project decision, not in the sources).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from blikopwerk._calendar import dutch_day
from blikopwerk._errors import ConflictError, InvalidValueError
from blikopwerk._i18n import Language, translator
from werkscan._invoicing.facts import LicenceFacts
from werkscan._invoicing.model import CreditNote, DraftCreditNote, DraftInvoice, Invoice, InvoiceItem, Party
from werkscan._invoicing.pricing import overage_item, purchase_draft
from werkscan._invoicing.repository import InvoiceRepository, Renewal, UnitOfWork, issue_invoice

__all__ = [
    "LicencePlan",
    "PeriodEndPlan",
    "PeriodEndResult",
    "credit_invoice",
    "credit_note_draft",
    "plan_period_end",
    "renewal_of",
    "run_period_end",
]

Draft = DraftInvoice | DraftCreditNote


def renewal_of(facts: LicenceFacts) -> Renewal:
    """The next period of a licence: from the day after its end, for one year (WS-INV-3).

    Example:
        >>> from werkscan._invoicing.model import Party
        >>> renewal_of(LicenceFacts("L1", Party("Arbo BV"), dt.date(2024, 3, 1), dt.date(2025, 2, 28)))
        Renewal(licence_id='L1', period_start=datetime.date(2025, 3, 1), period_end=datetime.date(2026, 2, 28))
    """
    start = facts.period_end + dt.timedelta(days=1)
    try:
        next_start = start.replace(year=start.year + 1)
    except ValueError:  # 29 February: the year runs to 28 February
        next_start = dt.date(start.year + 1, 3, 1)
    return Renewal(facts.licence_id, start, next_start - dt.timedelta(days=1))


@attrs.frozen
class LicencePlan:
    """What the period-end run would do for one licence.

    Example:
        >>> LicencePlan("L1", False, (), None).empty
        True
    """

    licence_id: str
    due: bool
    drafts: tuple[DraftInvoice | DraftCreditNote, ...]
    renewal: Renewal | None

    @property
    def empty(self) -> bool:
        """True when nothing is left to do for this licence."""
        return not self.drafts and self.renewal is None


@attrs.frozen
class PeriodEndPlan:
    """What the period-end run would do on the Dutch day ``on`` (WS-INV-3).

    Example:
        >>> PeriodEndPlan(dt.date(2027, 1, 1), ()).empty
        True
    """

    on: dt.date
    licences: tuple[LicencePlan, ...]

    @property
    def due(self) -> tuple[str, ...]:
        """The licences whose period has ended."""
        return tuple(p.licence_id for p in self.licences if p.due)

    @property
    def drafts(self) -> tuple[DraftInvoice | DraftCreditNote, ...]:
        """Every invoice and credit note to issue, in order."""
        return tuple(d for p in self.licences for d in p.drafts)

    @property
    def renewals(self) -> tuple[Renewal, ...]:
        """Every renewal to record."""
        return tuple(p.renewal for p in self.licences if p.renewal is not None)

    @property
    def empty(self) -> bool:
        """True when the run has nothing to do."""
        return all(p.empty for p in self.licences)


@attrs.frozen
class PeriodEndResult:
    """What a period-end run did (WS-INV-3): the licences due, the documents issued and
    the renewals recorded. A repeated run reports nothing issued and nothing renewed.

    Example:
        >>> r = PeriodEndResult(dt.date(2027, 1, 1), ("L1",), (), ())
        >>> r.nothing_done
        True
        >>> print(r.summary("en"))
        1 January 2027: 1 licence due, 0 documents issued, 0 renewals.
    """

    on: dt.date
    due: tuple[str, ...]
    issued: tuple[Invoice | CreditNote, ...]
    renewals: tuple[Renewal, ...]

    @property
    def nothing_done(self) -> bool:
        """True when the run issued nothing and renewed nothing."""
        return not self.issued and not self.renewals

    def summary(self, lang: Language | str = "nl") -> str:
        """One line for people on what the run did (Dutch unless asked otherwise)."""
        t = translator("werkscan", lang)
        return t.gettext("{date}: {due}, {issued}, {renewed}.").format(
            date=t.date(self.on),
            due=t.ngettext("{n} licence due", "{n} licences due", len(self.due)).format(n=len(self.due)),
            issued=t.ngettext("{n} document issued", "{n} documents issued",
                              len(self.issued)).format(n=len(self.issued)),
            renewed=t.ngettext("{n} renewal", "{n} renewals", len(self.renewals)).format(n=len(self.renewals)))


def _overage_drafts(facts: LicenceFacts, documents: list[Invoice | CreditNote]) -> list[Draft]:
    prefix = f"overage:{facts.licence_id}:{facts.period_start.isoformat()}:"
    credit_prefix = f"overage-credit:{facts.licence_id}:{facts.period_start.isoformat()}:"
    invoices = [d for d in documents if isinstance(d, Invoice) and d.key.startswith(prefix)]
    numbers = {d.number for d in invoices}
    notes = [d for d in documents if isinstance(d, CreditNote) and d.original_number in numbers]
    invoiced = sum(line.quantity for d in [*invoices, *notes] for line in d.lines if line.kind == "overage")
    difference = facts.overage - invoiced
    if difference > 0:
        line = overage_item(facts, difference)
        return [DraftInvoice(f"{prefix}{len(invoices) + 1}", facts.licence_id, facts.buyer, facts.period_start,
                             facts.period_end, [line])]
    out: list[Draft] = []
    runs = sum(1 for d in notes if d.key.startswith(credit_prefix))
    reason = "; ".join(sorted({c.reason for c in facts.credits})) or "overage corrected"
    for invoice in reversed(invoices):
        if difference >= 0:
            break
        remaining = sum(line.quantity for d in [invoice, *[n for n in notes if n.original_number == invoice.number]]
                        for line in d.lines if line.kind == "overage")
        take = min(remaining, -difference)
        if take <= 0:
            continue
        line = next(line for line in invoice.lines if line.kind == "overage")
        runs += 1
        out.append(DraftCreditNote(f"{credit_prefix}{runs}", facts.licence_id, facts.buyer, invoice.number,
                                   reason, [line.credited(take)]))
        difference += take
    return out


def _plan_licence(facts: LicenceFacts, day: dt.date, repo: InvoiceRepository) -> LicencePlan:
    drafts: list[Draft] = [purchase_draft(facts, p) for p in facts.purchases
                           if dutch_day(p.bought_at) <= day and repo.by_key(f"staffel:{p.id}") is None]
    due = facts.ended_by(day)
    renewal: Renewal | None = None
    if due:
        drafts += _overage_drafts(facts, repo.for_licence(facts.licence_id))
        if facts.auto_renew:
            candidate = renewal_of(facts)
            if candidate not in repo.renewals(facts.licence_id):
                renewal = candidate
    return LicencePlan(facts.licence_id, due, tuple(drafts), renewal)


def _facts(licences: Iterable[LicenceFacts]) -> list[LicenceFacts]:
    out = list(licences)
    seen: set[tuple[str, dt.date]] = set()
    for i, facts in enumerate(out):
        if not isinstance(facts, LicenceFacts):
            raise InvalidValueError(f"licences[{i}]", facts, "expected LicenceFacts")
        key = (facts.licence_id, facts.period_start)
        if key in seen:
            raise InvalidValueError(f"licences[{i}]", facts.licence_id, "the same licence period is listed twice")
        seen.add(key)
    return sorted(out, key=lambda f: (f.licence_id, f.period_start))


def plan_period_end(licences: Iterable[LicenceFacts], at: dt.datetime, repo: InvoiceRepository) -> PeriodEndPlan:
    """What the period-end run would do at ``at`` (WS-INV-3, K-TZ-1); changes nothing.

    A licence is due once its period has ended: its last day lies before the Dutch day
    of ``at``. Licences are planned in the order of their ids.

    Example:
        >>> from werkscan._invoicing.facts import Completion, StaffelPurchase
        >>> from werkscan._invoicing.repository import MemoryInvoiceRepository
        >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> facts = LicenceFacts("L1", Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                      [StaffelPurchase("S1", 2, "12.50", t)],
        ...                      [Completion(f"q{i}", "bert", t) for i in range(3)])
        >>> at = dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)        # 1 January 2027, 00:00 in NL
        >>> plan = plan_period_end([facts], at,
        ...                        MemoryInvoiceRepository())
        >>> plan.due, [d.key for d in plan.drafts]
        (('L1',), ['staffel:S1', 'overage:L1:2026-01-01:1'])
    """
    day = dutch_day(at, field="at")
    return PeriodEndPlan(day, tuple(_plan_licence(f, day, repo) for f in _facts(licences)))


def run_period_end(licences: Iterable[LicenceFacts], at: dt.datetime, repo: InvoiceRepository, seller: Party,
                   unit_of_work: UnitOfWork | None = None) -> PeriodEndResult:
    """Issue what :func:`plan_period_end` plans and record the renewals (WS-INV-3).

    Each document and each renewal is stored in its own unit of work (``unit_of_work()``,
    e.g. :meth:`MemoryInvoiceRepository.unit_of_work` or the storage layer's
    transaction); a run that stops half-way is finished by running it again, and a
    repeated run issues nothing.

    Example:
        >>> from werkscan._invoicing.facts import StaffelPurchase
        >>> from werkscan._invoicing.repository import MemoryInvoiceRepository
        >>> repo = MemoryInvoiceRepository()
        >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> facts = LicenceFacts("L1", Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                      [StaffelPurchase("S1", 25, "12.50", t)])
        >>> end = dt.datetime(2027, 1, 1, 6, tzinfo=dt.UTC)
        >>> first = run_period_end([facts], end, repo, Party("Blik op Werk"), repo.unit_of_work)
        >>> [d.number for d in first.issued], first.renewals[0].period_end
        (['2027-00001'], datetime.date(2027, 12, 31))
        >>> run_period_end([facts], end, repo, Party("Blik op Werk"), repo.unit_of_work).nothing_done
        True
    """
    plan = plan_period_end(licences, at, repo)
    unit = unit_of_work or contextlib.nullcontext
    issued: list[Invoice | CreditNote] = []
    renewed: list[Renewal] = []
    for licence in plan.licences:
        for draft in licence.drafts:
            with unit():
                if repo.by_key(draft.key) is None:
                    issued.append(issue_invoice(repo, draft, at, seller))
        if licence.renewal is not None:
            with unit():
                if repo.add_renewal(licence.renewal):
                    renewed.append(licence.renewal)
    return PeriodEndResult(plan.on, plan.due, tuple(issued), tuple(renewed))


def _line_key(line: InvoiceItem) -> tuple[Any, ...]:
    return (line.kind, line.size, line.unit_price)


def credit_note_draft(invoice: Invoice, credited: Iterable[CreditNote], reason: str, *,
                      quantities: Mapping[int, int] | None = None) -> DraftCreditNote:
    """A credit note for ``invoice`` (WS-INV-1): all that is not credited yet, or
    ``quantities`` (line index -> how many) of it.

    ``credited`` are the credit notes issued for this invoice before; crediting more of
    a line than remains is refused.

    Example:
        >>> from blikopwerk import Money
        >>> inv = Invoice("2027-00002", "overage:L1:2026-01-01:1", "L1", dt.date(2027, 1, 1), Party("Blik op Werk"),
        ...               Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...               [InvoiceItem.build("overage", 5, Money("11.00"), size=50)])
        >>> part = credit_note_draft(inv, [], "charged by mistake", quantities={0: 1})
        >>> part.total
        Money('-13.31')
        >>> credit_note_draft(inv, [], "again", quantities={0: 6})
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: quantities[0]: more than the 5 not credited yet (got 6)
    """
    notes = [n for n in credited if n.original_number == invoice.number]
    wanted = dict(quantities) if quantities is not None else None
    lines: list[InvoiceItem] = []
    for index, line in enumerate(invoice.lines):
        remaining = abs(line.quantity) - sum(abs(c.quantity) for n in notes for c in n.lines
                                             if _line_key(c) == _line_key(line))
        take = remaining if wanted is None else wanted.pop(index, 0)
        if isinstance(take, bool) or not isinstance(take, int) or take < 0:
            raise InvalidValueError(f"quantities[{index}]", take, "must be a whole number from 0")
        if take > remaining:
            raise InvalidValueError(f"quantities[{index}]", take, f"more than the {remaining} not credited yet")
        if take:
            lines.append(line.credited(take))
    if wanted:
        raise InvalidValueError("quantities", sorted(wanted), f"invoice {invoice.number} has no such line")
    if not lines:
        raise ConflictError(f"invoice {invoice.number}: nothing left to credit")
    return DraftCreditNote(f"credit:{invoice.number}:{len(notes) + 1}", invoice.licence_id, invoice.buyer,
                           invoice.number, reason, lines)


def credit_invoice(repo: InvoiceRepository, number: str, at: dt.datetime, seller: Party, reason: str, *,
                   quantities: Mapping[int, int] | None = None) -> CreditNote:
    """Issue a credit note for invoice ``number`` (all of it, or ``quantities``), WS-INV-1.

    Call it inside one unit of work. The original invoice is never changed.

    Example:
        >>> from blikopwerk import Money
        >>> from werkscan._invoicing.repository import MemoryInvoiceRepository
        >>> repo = MemoryInvoiceRepository()
        >>> inv = issue_invoice(repo, DraftInvoice("staffel:S1", "L1", Party("Arbo BV"), dt.date(2026, 3, 2),
        ...             dt.date(2026, 3, 2), [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)]),
        ...             dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), Party("Blik op Werk"))
        >>> note = credit_invoice(repo, inv.number, dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC),
        ...                       Party("Blik op Werk"), "bought twice")
        >>> note.number, note.original_number, (inv.total + note.total).amount
        ('2026-00002', '2026-00001', Decimal('0.00'))
    """
    original = repo.get(number)
    if not isinstance(original, Invoice):
        raise InvalidValueError("number", number, "is a credit note; credit the invoice it refers to")
    notes = [d for d in repo.for_licence(original.licence_id) if isinstance(d, CreditNote)]
    draft = credit_note_draft(original, notes, reason, quantities=quantities)
    document = issue_invoice(repo, draft, at, seller)
    assert isinstance(document, CreditNote)
    return document
