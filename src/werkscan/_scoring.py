"""Scalar Werkscan scoring: WAI items, score, band, advice, signals (WS-WAI-*, WS-ADV-*, WS-SIG-*)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet
from werkscan._scoring_model import (
    Advice,
    Answers,
    Band,
    Diagnosis,
    ItemPoints,
    ScoreResult,
    SignalArea,
    SignalLevel,
    WaiAnswers,
    WaiResult,
)
from werkscan._wai_rules import WAI_RULES

__all__ = [
    "advice_for",
    "band_for",
    "score",
    "signal_drop",
    "signal_level_from_items",
    "wai_items",
]


def _param(rules: RuleSet, name: str, override: Any) -> Any:
    return rules.parameter(name) if override is None else override


def wai_items(wai: WaiAnswers, *, rules: RuleSet | None = None, count_own_opinion: bool | None = None) -> ItemPoints:
    """The points of the seven WAI items (WS-WAI-1..7).

    Args:
        wai: validated WAI answers.
        rules: the rule set (default :data:`WAI_RULES`).
        count_own_opinion: count diseases of the worker's own opinion too (WS-WAI-3;
            default: the rule set's parameter, ``False``).

    Returns:
        The item points.

    Example:
        >>> w = WaiAnswers(current_work_ability=8, physical_demands=4, mental_demands=3,
        ...                work_nature="physical", diseases=[{"code": 6, "diagnosis": "physician"},
        ...                {"code": 24, "diagnosis": "own_opinion"}], impairment=[5, 4],
        ...                sick_leave_band="1-9", prognosis=7, mental_resources=[3, 3, 2])
        >>> p = wai_items(w)
        >>> p.demands, p.diseases, p.impairment, p.sick_leave
        (7.5, 5, 4, 4)
        >>> wai_items(w, count_own_opinion=True).diseases
        4
    """
    rules = WAI_RULES if rules is None else rules
    own = bool(_param(rules, "count_own_opinion", count_own_opinion))
    wp, wm = rules["item2_weights"][wai.work_nature.value]
    demands = float(Decimal(wai.physical_demands) * wp + Decimal(wai.mental_demands) * wm)
    if wai.diseases is not None:
        count = sum(1 for d in wai.diseases if d.diagnosis is Diagnosis.PHYSICIAN or own)
    else:
        count = wai.diagnosed_diseases if wai.diagnosed_diseases is not None else 0
    impairment = min(wai.impairment) if isinstance(wai.impairment, list) else wai.impairment
    if wai.sick_leave_band is not None:
        days = rules["sick_leave_bands"][wai.sick_leave_band.value][0]
    else:
        days = wai.sick_leave_days if wai.sick_leave_days is not None else 0
    if wai.prognosis not in rules["item6_points"]:
        raise InvalidValueError("wai.prognosis", wai.prognosis, "not a valid prognosis answer (WS-WAI-6)")
    return ItemPoints(
        current_work_ability=wai.current_work_ability,
        demands=demands,
        diseases=rules["item3_points"].band(count).value,
        impairment=impairment,
        sick_leave=rules["item5_points"].band(days).value,
        prognosis=rules["item6_points"][wai.prognosis],
        mental_resources=rules["item7_points"].band(sum(wai.mental_resources)).value,
    )


def _as_decimal(value: float | int | Decimal, field: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidValueError(field, value, "expected a number")
    d = Decimal(value) if not isinstance(value, Decimal) else value
    if not d.is_finite():
        raise InvalidValueError(field, value, "expected a finite number")
    return d


def band_for(score: float | int | Decimal, *, rules: RuleSet | None = None) -> Band:
    """The WAI band of a score (WS-WAI-9): a half score falls in the band below the next edge.

    Raises:
        InvalidValueError: the score is outside 7-49.

    Example:
        >>> [band_for(s).value for s in (27, 27.5, 28, 36.5, 37, 43.5, 44)]
        ['poor', 'poor', 'moderate', 'moderate', 'good', 'good', 'excellent']
    """
    rules = WAI_RULES if rules is None else rules
    d = _as_decimal(score, "score")
    if not Decimal(7) <= d <= Decimal(49):
        raise InvalidValueError("score", score, "a WAI lies in 7-49 (WS-WAI-8)")
    band: Band = rules["wai_bands"].band(d).value
    return band


def advice_for(
    score: float | int | Decimal,
    *,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    advice_below: Decimal | int | None = None,
    urgent_below: Decimal | int | None = None,
) -> tuple[Advice, tuple[str, ...]]:
    """The advice for a WAI and the rule ids that decided it (WS-ADV-1..4).

    Args:
        score: the WAI, 7-49.
        rules: the rule set.
        preventive: the preventive policy, always advise a conversation (WS-ADV-4).
        advice_below: advice below this WAI (WS-ADV-2, default 43).
        urgent_below: urgent advice below this WAI (WS-ADV-3, default 28).

    Returns:
        ``(advice, rule_ids)``.

    Raises:
        InvalidValueError: the score is outside 7-49.

    Example:
        >>> [advice_for(s)[0].value for s in (27.5, 28, 42.5, 43)]
        ['urgent', 'advised', 'advised', 'none']
        >>> advice_for(45, preventive=True)
        (<Advice.ADVISED: 'advised'>, ('WS-ADV-4',))
    """
    rules = WAI_RULES if rules is None else rules
    d = _as_decimal(score, "score")
    if not Decimal(7) <= d <= Decimal(49):
        raise InvalidValueError("score", score, "a WAI lies in 7-49 (WS-WAI-8)")
    urgent = Decimal(_param(rules, "urgent_below", urgent_below))
    advise = Decimal(_param(rules, "advice_below", advice_below))
    if d < urgent:
        return Advice.URGENT, ("WS-ADV-3",)
    if d < advise:
        return Advice.ADVISED, ("WS-ADV-2",)
    if _param(rules, "preventive", preventive):
        return Advice.ADVISED, ("WS-ADV-4",)
    return Advice.NONE, ("WS-ADV-2",)


def signal_drop(signals: Mapping[SignalArea, SignalLevel] | Iterable[SignalLevel], *,
                rules: RuleSet | None = None) -> Decimal:
    """The average WAI drop associated with the signals (WS-SIG-3): 2.2 x strong + 0.6 x weak.

    Used only to explain, never to score; the sources give no intercept, so this is a drop,
    not an absolute expected WAI.

    Example:
        >>> signal_drop([SignalLevel.STRONG, SignalLevel.STRONG, SignalLevel.WEAK])
        Decimal('5.0')
    """
    rules = WAI_RULES if rules is None else rules
    levels = signals.values() if isinstance(signals, Mapping) else signals
    table = rules["signal_drop"]
    total = Decimal("0.0")
    for level in levels:
        total += table[level.value if isinstance(level, SignalLevel) else SignalLevel(level).value]
    return total


def signal_level_from_items(items: Sequence[int], *, rules: RuleSet | None = None,
                            field: str = "items") -> SignalLevel:
    """Optional item-to-level scorer for one area (WS-SIG-2; a project decision, not official).

    The mean of the area's items on a 1-5 scale (higher = more problems) is compared with
    the cut-offs in the rule set's ``signal_cutoffs`` table (default >= 3.5 strong, >= 2.5
    weak, else none). Pass your own table through ``rules`` to plug in another scorer.

    Raises:
        InvalidValueError: no items, or an item outside 1-5 or not a whole number.

    Example:
        >>> signal_level_from_items([4, 3]), signal_level_from_items([3, 2]), signal_level_from_items([2, 2])
        (<SignalLevel.STRONG: 'strong'>, <SignalLevel.WEAK: 'weak'>, <SignalLevel.NONE: 'none'>)
    """
    rules = WAI_RULES if rules is None else rules
    if not items:
        raise InvalidValueError(field, list(items), "an area needs at least one item")
    for i, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= 5:
            raise InvalidValueError(f"{field}.{i}", item, "an item is a whole number 1-5")
    mean = Decimal(sum(items)) / Decimal(len(items))
    level: SignalLevel = rules["signal_cutoffs"].band(mean).value
    return level


_AREAS: tuple[SignalArea, ...] = tuple(SignalArea)


def _act_on(signals: Mapping[SignalArea, SignalLevel]) -> tuple[SignalArea, ...]:
    strong = [a for a in _AREAS if signals[a] is SignalLevel.STRONG]
    weak = [a for a in _AREAS if signals[a] is SignalLevel.WEAK]
    return (*strong, *weak)


def score(
    answers: Answers | Mapping[str, Any],
    *,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    count_own_opinion: bool | None = None,
) -> ScoreResult:
    """Score one completed Werkscan questionnaire.

    Args:
        answers: an :class:`Answers` or a mapping in its JSON form.
        rules: the rule set (default :data:`WAI_RULES`; swap tables or parameters with
            :meth:`blikopwerk.RuleSet.replace`).
        preventive: the preventive policy (WS-ADV-4); default the rule set's parameter.
        count_own_opinion: count self-reported diseases too (WS-WAI-3).

    Returns:
        The :class:`ScoreResult`: WAI score (exact, 7-49), band, item points, signals,
        advice with the rule ids that decided it, the areas to act on (WS-ADV-5) and the
        associated WAI drop (WS-SIG-3).

    Raises:
        AnswersError: a missing, out-of-range or wrongly typed answer (WS-WAI-10).

    Example:
        >>> r = score({"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...            "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
        ...            "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...            "signals": {"health": "weak", "lifestyle": "none", "work": "strong",
        ...            "work_life_balance": "none", "education": "none", "career_development": "weak",
        ...            "career_mobility": "none", "self_reliance": "none"}})
        >>> r.wai.score, r.wai.band.value, r.advice.value, r.advice_rules
        (39.5, 'good', 'advised', ('WS-ADV-2',))
        >>> [a.value for a in r.act_on]
        ['work', 'health', 'career_development']
    """
    rules = WAI_RULES if rules is None else rules
    parsed = Answers.parse(answers)
    items = wai_items(parsed.wai, rules=rules, count_own_opinion=count_own_opinion)
    total = items.total()
    band = band_for(total, rules=rules)
    is_preventive = bool(_param(rules, "preventive", preventive))
    advice, advice_rules = advice_for(total, rules=rules, preventive=is_preventive)
    signals = parsed.signals.as_dict()
    return ScoreResult(
        wai=WaiResult(score=total, band=band, items=items),
        signals=signals,
        advice=advice,
        advice_rules=advice_rules,
        preventive=is_preventive,
        act_on=_act_on(signals),
        signal_drop=signal_drop(signals, rules=rules),
        rules_version=rules.version,
    )
