"""Usage of a licence per expert (WS-LIC-2, WS-RPT-4, WS-ACC-4).

A licence may have several experts (WS-LIC-2); the holder sees how many questionnaires
were completed for each, counts only: no questionnaire ids and nothing about who filled
them in (WS-ACC-4).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs

from blikopwerk._calendar import dutch_day
from blikopwerk._errors import InvalidValueError
from werkscan._invoicing.facts import LicenceFacts

__all__ = ["ExpertUsage", "usage_per_expert"]


@attrs.frozen
class ExpertUsage:
    """Completed questionnaires of one expert in a period: ``completed`` counts every charge,
    ``credited`` those cancelled since, ``counted`` what remains (WS-STF-1).

    Example:
        >>> ExpertUsage("bert@arbo.example", 12, 1).counted
        11
    """

    expert_id: str
    completed: int
    credited: int

    @property
    def counted(self) -> int:
        """Completed minus credited."""
        return self.completed - self.credited


def usage_per_expert(facts: LicenceFacts, start: dt.date | None = None,
                     end: dt.date | None = None) -> tuple[ExpertUsage, ...]:
    """Per expert id, the questionnaires completed from ``start`` to ``end`` (both included,
    Dutch days of completion, K-TZ-1); by default the licence period (WS-LIC-2).

    Experts are in the order of their ids; an expert without completions in the period
    is not listed. Only counts: no worker identities (WS-ACC-4).

    Example:
        >>> from werkscan._invoicing.facts import ChargeCredit, Completion, StaffelPurchase
        >>> from werkscan._invoicing.model import Party
        >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> facts = LicenceFacts("L1", Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...     [StaffelPurchase("S1", 25, "12.50", t)],
        ...     [Completion("q1", "bert", t), Completion("q2", "anna", t), Completion("q3", "bert", t)],
        ...     [ChargeCredit("q3", t, "test")])
        >>> [(u.expert_id, u.completed, u.counted) for u in usage_per_expert(facts)]
        [('anna', 1, 1), ('bert', 2, 1)]
    """
    first = facts.period_start if start is None else start
    last = facts.period_end if end is None else end
    for name, value in (("start", first), ("end", last)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidValueError(name, value, "expected a date")
    if last < first:
        raise InvalidValueError("end", last, "before start")
    credited = {c.questionnaire_id for c in facts.credits}
    completed: Counter[str] = Counter()
    cancelled: Counter[str] = Counter()
    for completion in facts.completions:
        if first <= dutch_day(completion.completed_at) <= last:
            completed[completion.expert_id] += 1
            if completion.questionnaire_id in credited:
                cancelled[completion.expert_id] += 1
    return tuple(ExpertUsage(expert, completed[expert], cancelled[expert]) for expert in sorted(completed))
