"""The policy on signals (WS-ADV-6) over NumPy columns, for the batch path.

The batch path decides the advice from the WAI alone through a lookup by half points; this
step then turns "no reason" into advice for prevention where the policy is on and the row
has a qualifying signal, exactly as :func:`werkscan.score` does row by row
(property-tested against it). numpy is imported when first used (the ``batch`` extra).
"""

from __future__ import annotations

from typing import Any

from werkscan._scoring.model import Advice, AdviceReason, SignalPolicy

__all__ = ["ADVICE_CODES", "ADVICE_RULE_CODES", "signal_advice"]

#: The advice codes of the batch path, by position (``urgent``, ``advised``, ``none``).
ADVICE_CODES: tuple[str, ...] = tuple(a.value for a in Advice)
#: The rule codes of the batch path, by position; the policy on signals is the last.
ADVICE_RULE_CODES: tuple[str, ...] = (
    AdviceReason.URGENT_BELOW.rule_id, AdviceReason.ADVICE_BELOW.rule_id, AdviceReason.PREVENTIVE.rule_id,
    AdviceReason.SIGNALS.rule_id)

_ADVISED = ADVICE_CODES.index(Advice.ADVISED.value)
_NONE = ADVICE_CODES.index(Advice.NONE.value)
_SIGNALS = ADVICE_RULE_CODES.index(AdviceReason.SIGNALS.rule_id)


def signal_advice(advice: Any, rule: Any, strong: Any, weak: Any, policy: SignalPolicy | str) -> tuple[Any, Any]:
    """Apply the policy on signals to coded advice columns (WS-ADV-6).

    Args:
        advice: advice codes by row (positions in :data:`ADVICE_CODES`), from the WAI alone.
        rule: rule codes by row (positions in :data:`ADVICE_RULE_CODES`).
        strong: the number of strong signals by row.
        weak: the number of weak signals by row.
        policy: ``off``, ``strong`` or ``strong_and_weak``.

    Returns:
        ``(advice, rule)``: new arrays; rows without advice and with a qualifying signal get
        ``advised`` and the rule of the policy on signals. Unchanged copies when ``off``.

    Example:
        >>> import numpy as np
        >>> a, r = signal_advice(np.array([2, 2, 1]), np.array([1, 1, 1]), np.array([1, 0, 0]),
        ...                      np.array([0, 2, 0]), "strong")
        >>> a.tolist(), r.tolist()
        ([1, 2, 1], [3, 1, 1])
    """
    import numpy as np

    policy = SignalPolicy(policy)
    advice = np.array(advice, copy=True)
    rule = np.array(rule, copy=True)
    if policy is SignalPolicy.OFF:
        return advice, rule
    signals = np.asarray(strong) > 0
    if policy is SignalPolicy.STRONG_AND_WEAK:
        signals = signals | (np.asarray(weak) > 0)
    turn = (advice == _NONE) & signals
    advice[turn] = _ADVISED
    rule[turn] = _SIGNALS
    return advice, rule
