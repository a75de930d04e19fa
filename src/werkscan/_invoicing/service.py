"""Invoicing of stored licences: the period-end run, renewals, credits (WS-INV-1..3).

:class:`InvoicingService` reads every licence's facts from storage
(:class:`~werkscan._invoicing.sql.SqlInvoiceRepository`), lets the pure domain
(:mod:`werkscan._invoicing.period`) decide what to issue, and stores the result, each
document in its own unit of work. The rules stay in the domain and here; the repository
only loads and stores.
"""

from __future__ import annotations

import datetime
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from blikopwerk._calendar import dutch_day, require_aware
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from werkscan._invoicing.facts import ChargeCredit, LicenceFacts
from werkscan._invoicing.model import CreditNote, Invoice, Party
from werkscan._invoicing.period import PeriodEndPlan, PeriodEndResult, plan_period_end, run_period_end
from werkscan._invoicing.repository import Renewal
from werkscan._invoicing.usage import ExpertUsage, usage_per_expert

if TYPE_CHECKING:
    from werkscan._invoicing.sql import SqlInvoiceRepository

__all__ = ["InvoicingService"]


class _Renewing:
    """The repository, with a renewal that also opens the licence's new period: its last
    day moves to the renewal's, and the ended period's staffel stops (WS-INV-3)."""

    def __init__(self, repo: SqlInvoiceRepository) -> None:
        self._repo = repo

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repo, name)

    def add_renewal(self, renewal: Renewal) -> bool:
        if not self._repo.add_renewal(renewal):
            return False
        self._repo.extend_licence(renewal.licence_id, renewal.period_end)
        self._repo.end_active_staffel(renewal.licence_id)
        return True


class InvoicingService:
    """Invoices, credit notes and renewals of the licences in a storage (WS-INV-1..3).

    Args:
        storage: an open storage (any SQL URL, ``memory://`` included).
        seller: Blik op Werk as it appears on the invoices.
        clock: returns "now" (aware); defaults to the system clock in UTC.

    Example:
        >>> from blikopwerk import storage
        >>> from werkscan import LicenceService, StaffelService
        >>> s = storage.open_storage("memory://")
        >>> t = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> _ = LicenceService(s).create("Arbo BV", "Anna", "anna@arbo.example",
        ...                              dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="L1")
        >>> _ = StaffelService(s).buy("L1", 25, now=t, staffel_id="S1")
        >>> svc = InvoicingService(s, Party("Blik op Werk"))
        >>> done = svc.run_period_end(dt.datetime(2027, 1, 1, 6, tzinfo=dt.UTC))
        >>> [d.number for d in done.issued], done.due, done.renewals[0].period_end
        (['2027-00001'], ('L1',), datetime.date(2027, 12, 31))
        >>> svc.run_period_end(dt.datetime(2027, 1, 1, 6, tzinfo=dt.UTC)).nothing_done
        True
        >>> s.close()
    """

    def __init__(self, storage: Any, seller: Party,
                 clock: Callable[[], datetime.datetime] | None = None) -> None:
        if not isinstance(seller, Party):
            raise InvalidValueError("seller", seller, "expected a Party")
        from werkscan._invoicing.sql import invoice_repository  # SQLAlchemy on first use

        self.repository = invoice_repository(storage)
        self.seller = seller
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def _now(self, at: dt.datetime | None) -> dt.datetime:
        return require_aware(at if at is not None else self.clock(), "at")

    # -- facts ---------------------------------------------------------------------------

    def facts(self, licence_id: str, *, on: dt.date | None = None) -> LicenceFacts:
        """The facts of the licence's period that contains Dutch day ``on`` (default: its latest)."""
        periods = self.repository.periods(licence_id)
        if on is None:
            return self.repository.licence_facts(licence_id, periods[-1])
        for period in periods:
            if period.start <= on <= period.end:
                return self.repository.licence_facts(licence_id, period)
        raise NotFoundError("licence period", f"{licence_id} on {on.isoformat()}")

    def all_facts(self) -> list[LicenceFacts]:
        """The facts of every period of every stored licence."""
        return [self.repository.licence_facts(lid, period) for lid in self.repository.licence_ids()
                for period in self.repository.periods(lid)]

    # -- the period-end run --------------------------------------------------------------

    def plan(self, at: dt.datetime | None = None) -> PeriodEndPlan:
        """What :meth:`run_period_end` would do at ``at``; changes nothing."""
        return plan_period_end(self.all_facts(), self._now(at), self.repository)

    def run_period_end(self, at: dt.datetime | None = None) -> PeriodEndResult:
        """Run the period end over every stored licence on the Dutch day of ``at`` (WS-INV-3).

        Issues what is missing (purchase and upgrade invoices, overage invoices of ended
        periods, credit notes for charges credited after their overage invoice) and
        renews licences whose period ended: the licence is valid for the new period and
        the ended period's staffel stops (a new period starts with a new staffel). Safe to
        repeat: a second run issues nothing and reports no licence due.
        """
        at = self._now(at)
        day = dutch_day(at, field="at")
        facts = self.all_facts()
        latest: dict[str, LicenceFacts] = {}
        for f in facts:
            latest[f.licence_id] = f
        due_now = {lid for lid, f in latest.items() if f.ended_by(day)}
        result = run_period_end(facts, at, _Renewing(self.repository), self.seller,
                                self.repository.unit_of_work)
        return attrs.evolve(result, due=tuple(lid for lid in result.due if lid in due_now))

    # -- documents -----------------------------------------------------------------------

    def documents(self, licence_id: str) -> list[Invoice | CreditNote]:
        """The licence's invoices and credit notes, in number order."""
        return self.repository.for_licence(licence_id)

    def document(self, number: str) -> Invoice | CreditNote:
        """The invoice or credit note with ``number``; :class:`blikopwerk.NotFoundError` if none."""
        return self.repository.get(number)

    # -- credits and experts -------------------------------------------------------------

    def credit_charge(self, questionnaire_id: str, reason: str, *,
                      at: dt.datetime | None = None) -> ChargeCredit:
        """Cancel a charge made by mistake (WS-INV-1).

        Before the period's overage invoice is issued the credited questionnaire simply
        does not count; after it, the next period-end run issues a credit note for it.

        Raises:
            NotFoundError: the questionnaire was not charged.
            ConflictError: it was credited already.
            InvalidValueError: ``reason`` is empty.
        """
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidValueError("reason", reason, "must be a non-empty text")
        at = self._now(at)
        licence_id = self.repository.charge_licence(questionnaire_id)
        if licence_id is None:
            raise NotFoundError("charge", questionnaire_id)
        if not self.repository.add_charge_credit(licence_id, questionnaire_id, at, reason.strip()):
            raise ConflictError(f"questionnaire_id: the charge is credited already (got {questionnaire_id!r})")
        return ChargeCredit(questionnaire_id, at, reason.strip())

    def usage_per_expert(self, licence_id: str, *, on: dt.date | None = None) -> tuple[ExpertUsage, ...]:
        """Completed, credited and counted questionnaires per expert of the licence's
        period (WS-LIC-2); counts only, nothing about who filled them in (WS-ACC-4)."""
        return usage_per_expert(self.facts(licence_id, on=on))
