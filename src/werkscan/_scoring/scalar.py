"""Scalar Werkscan scoring: WAI items, score, band, advice, signals (WS-WAI-*, WS-ADV-*, WS-SIG-*)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from pydantic import ValidationError

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet
from werkscan._scoring.explain import by_level, triggers
from werkscan._scoring.model import (
    Advice,
    AdviceExplanation,
    AdviceReason,
    Answers,
    AnswersError,
    Band,
    Diagnosis,
    FieldError,
    ItemPoints,
    ScoreResult,
    SignalAnswers,
    SignalArea,
    SignalLevel,
    SignalPolicy,
    WaiAnswers,
    WaiResult,
    field_errors,
)
from werkscan._scoring.wai_rules import WAI_RULES, items_of, rule_set

__all__ = [
    "advice_for",
    "band_for",
    "explain_advice",
    "score",
    "signal_drop",
    "signal_level_from_items",
    "wai_items",
]


def _param(rules: RuleSet, name: str, override: Any) -> Any:
    return rules.parameter(name) if override is None else override


def _policy(value: Any) -> SignalPolicy:
    """The signal policy of WS-ADV-6 from a rule-set value or an argument; an error otherwise."""
    try:
        return SignalPolicy(value)
    except ValueError:
        raise InvalidValueError("preventive_signals", value,
                                f"expected one of {[p.value for p in SignalPolicy]}") from None


def _scale(rules: RuleSet) -> tuple[Decimal, Decimal]:
    """The WAI scale of the rule set (WS-WAI-8: 7-49)."""
    return rules.parameter("wai_min", Decimal), rules.parameter("wai_max", Decimal)


def _decide(score: Decimal, urgent: Decimal, advise: Decimal, preventive: bool) -> tuple[Advice, AdviceReason]:
    """The advice from the WAI alone (WS-ADV-2..4); the signal policy is applied after."""
    if score < urgent:
        return Advice.URGENT, AdviceReason.URGENT_BELOW
    if score < advise:
        return Advice.ADVISED, AdviceReason.ADVICE_BELOW
    if preventive:
        return Advice.ADVISED, AdviceReason.PREVENTIVE
    return Advice.NONE, AdviceReason.NO_REASON


class _Compiled:
    """Lookup tables derived once from a :class:`RuleSet` for the scalar hot path.

    Every entry is computed with the very same table lookups the plain functions use; an
    entry a custom rule set cannot give (a value below its first band) is left out, so the
    lookup falls back to the table itself and raises the same error.
    """

    __slots__ = (
        "advice",
        "advise",
        "band",
        "diseases",
        "drop",
        "item3",
        "item5",
        "item6",
        "item7",
        "own",
        "policy",
        "preventive",
        "rules",
        "sick_days",
        "signals",
        "urgent",
        "wai",
        "weights",
        "weights_half",
    )

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        weights: dict[str, tuple[Decimal, Decimal]] = {}
        halves: dict[str, tuple[int, int] | None] = {}
        for nature, (wp, wm) in rules["item2_weights"].items():
            weights[nature] = (Decimal(wp), Decimal(wm))
            doubled = (Decimal(wp) * 2, Decimal(wm) * 2)
            whole = all(d == d.to_integral_value() for d in doubled)
            halves[nature] = (int(doubled[0]), int(doubled[1])) if whole else None
        self.weights = weights
        self.weights_half = halves
        self.item3 = _banded(rules["item3_points"], range(52))
        self.item5 = _banded(rules["item5_points"], range(366))
        self.item7 = _banded(rules["item7_points"], range(13))
        self.item6: dict[Any, Any] = dict(rules["item6_points"].items())
        self.sick_days: dict[str, Any] = {k: v[0] for k, v in rules["sick_leave_bands"].items()}
        self.own = bool(rules.parameter("count_own_opinion"))
        self.diseases: frozenset[int] = frozenset(rules["wai_diseases"].keys())
        self.preventive = bool(rules.parameter("preventive"))
        self.policy = _policy(rules.parameter("preventive_signals"))
        self.urgent = rules.parameter("urgent_below", Decimal)
        self.advise = rules.parameter("advice_below", Decimal)
        lo, hi = _scale(rules)
        self.band: dict[int, Band] = {}
        self.advice: dict[tuple[int, bool], tuple[Advice, AdviceReason]] = {}
        for half in range(int((lo * 2).to_integral_value(ROUND_CEILING)), int((hi * 2).to_integral_value(ROUND_FLOOR)) + 1):
            try:
                band = band_for(Decimal(half) / 2, rules=rules)
            except InvalidValueError:
                continue  # a custom band table that starts higher: decided (and raised) per score
            self.band[half] = band
            for prev in (False, True):
                self.advice[half, prev] = _decide(Decimal(half) / 2, self.urgent, self.advise, prev)
        self.drop: dict[str, Decimal] = {level.value: rules["signal_drop"][level.value] for level in SignalLevel}
        # item points -> the WaiResult (frozen, so shared); at most _WAI_CACHE entries
        self.wai: dict[tuple[Any, ...], WaiResult] = {}
        # levels in area order -> (areas to act on, WAI drop, strong areas, weak areas); at most 3 ** 8 entries
        self.signals: dict[tuple[SignalLevel, ...], _SignalFacts] = {}

    def signal_facts(self, levels: tuple[SignalLevel, ...]) -> _SignalFacts:
        facts = self.signals.get(levels)
        if facts is None:
            signals = dict(zip(_AREAS, levels, strict=True))
            strong, weak = by_level(signals)
            facts = (_act_on(signals), signal_drop(levels, rules=self.rules), strong, weak)
            self.signals[levels] = facts
        return facts


_SignalFacts = tuple[tuple[SignalArea, ...], Decimal, tuple[SignalArea, ...], tuple[SignalArea, ...]]
_RULE_IDS: dict[AdviceReason, tuple[str, ...]] = {r: (r.rule_id,) for r in AdviceReason}


def _banded(table: Any, keys: range) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for k in keys:
        try:
            out[k] = table.band(k).value
        except InvalidValueError:
            continue  # looked up again (and raised) when such an answer comes
    return out


_COMPILED: dict[int, _Compiled] = {}
_WAI_CACHE = 1 << 16


def _compiled(rules: RuleSet) -> _Compiled:
    c = _COMPILED.get(id(rules))
    if c is None or c.rules is not rules:
        if len(_COMPILED) >= 16:
            _COMPILED.clear()
        c = _COMPILED[id(rules)] = _Compiled(rules)
    return c


def _item_points(wai: WaiAnswers, c: _Compiled, own: bool) -> tuple[tuple[Any, ...], int | None]:
    """The seven item points (in :class:`ItemPoints` order) and, when every item is a whole
    or half point, the WAI x 2."""
    rules = c.rules
    nature = wai.work_nature.value
    halves = c.weights_half[nature]
    if halves is not None:
        demands_half: int | None = wai.physical_demands * halves[0] + wai.mental_demands * halves[1]
        demands = demands_half / 2  # type: ignore[operator]
    else:
        wp, wm = c.weights[nature]
        demands_half = None
        demands = float(Decimal(wai.physical_demands) * wp + Decimal(wai.mental_demands) * wm)
    if wai.diseases is not None:
        listed = c.diseases
        for i, d in enumerate(wai.diseases):
            if d.code not in listed:
                raise InvalidValueError(f"wai.diseases.{i}.code", d.code, "not on the rule set's WAI list of diseases")
        count = sum(1 for d in wai.diseases if d.diagnosis is Diagnosis.PHYSICIAN or own)
    else:
        count = wai.diagnosed_diseases if wai.diagnosed_diseases is not None else 0
    impairment = wai.impairment if isinstance(wai.impairment, int) else min(wai.impairment)
    if wai.sick_leave_band is not None:
        days = c.sick_days[wai.sick_leave_band.value]
    else:
        days = wai.sick_leave_days if wai.sick_leave_days is not None else 0
    prognosis = c.item6.get(wai.prognosis)
    if prognosis is None:
        raise InvalidValueError("wai.prognosis", wai.prognosis, "not a valid prognosis answer (WS-WAI-6)")
    item3 = c.item3.get(count)
    if item3 is None:
        item3 = rules["item3_points"].band(count).value
    item5 = c.item5.get(days)
    if item5 is None:
        item5 = rules["item5_points"].band(days).value
    mr = wai.mental_resources
    total7 = mr[0] + mr[1] + mr[2] if len(mr) == 3 else sum(mr)
    item7 = c.item7.get(total7)
    if item7 is None:
        item7 = rules["item7_points"].band(total7).value
    cwa = wai.current_work_ability
    points = (cwa, demands, item3, impairment, item5, prognosis, item7)
    half = None
    if demands_half is not None:
        whole = cwa + item3 + impairment + item5 + prognosis + item7
        if type(whole) is int:  # custom tables could hold half points
            half = 2 * whole + demands_half
    return points, half


def wai_items(wai: WaiAnswers, *, rules: RuleSet | None = None, count_own_opinion: bool | None = None) -> ItemPoints:
    """The points of the seven WAI items (WS-WAI-1..7).

    Args:
        wai: validated WAI answers.
        rules: the rule set (default :data:`WAI_RULES`).
        count_own_opinion: count diseases of the worker's own opinion too (WS-WAI-3;
            default: the rule set's parameter, ``False``).

    Returns:
        The item points.

    Raises:
        InvalidValueError: an answer the rule set's tables do not cover (e.g. a prognosis
            that is not in the item 6 table).

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
    c = _compiled(rule_set(rules, WAI_RULES))
    own = c.own if count_own_opinion is None else bool(count_own_opinion)
    return _points_model(_item_points(wai, c, own)[0])


def _points_model(points: tuple[Any, ...]) -> ItemPoints:
    cwa, demands, item3, impairment, item5, prognosis, item7 = points
    return ItemPoints(current_work_ability=cwa, demands=demands, diseases=item3, impairment=impairment,
                      sick_leave=item5, prognosis=prognosis, mental_resources=item7)


def _as_decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidValueError(field, value if isinstance(value, str) else type(value).__name__, "expected a number")
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
    rules = rule_set(rules, WAI_RULES)
    d = _checked_score(score, rules)
    band: Band = rules["wai_bands"].band(d).value
    return band


def _checked_score(score: float | int | Decimal, rules: RuleSet) -> Decimal:
    d = _as_decimal(score, "score")
    lo, hi = _scale(rules)
    if not lo <= d <= hi:
        raise InvalidValueError("score", score, f"a WAI lies in {lo}-{hi} (WS-WAI-8)")
    return d


def _signal_map(signals: Any) -> dict[SignalArea, SignalLevel]:
    """All eight signal levels keyed by area, from a mapping (JSON form) or :class:`SignalAnswers`."""
    if isinstance(signals, SignalAnswers):
        return signals.as_dict()
    if not isinstance(signals, Mapping):
        raise InvalidValueError("signals", signals, "expected a mapping of the eight signal areas to levels")
    try:
        parsed = SignalAnswers.model_validate({str(k): v for k, v in signals.items()})
    except ValidationError as exc:
        errors = tuple(FieldError(field=f"signals.{e.field}", value=e.value, reason=e.reason)
                       for e in field_errors(exc))
        raise AnswersError(errors) from None
    return parsed.as_dict()


def _explanation(score: float, band: Band, base: tuple[Advice, AdviceReason], preventive: bool,
                 policy: SignalPolicy, signals: Mapping[SignalArea, SignalLevel], urgent: Decimal,
                 advise: Decimal) -> AdviceExplanation:
    """The final advice with its explanation: the signal policy turns "no reason" into advice
    when a qualifying signal is present (WS-ADV-6); the preventive policy decides first."""
    advice, reason = base
    strong, weak = by_level(signals)
    triggered: tuple[SignalArea, ...] = ()
    if reason is AdviceReason.NO_REASON:
        triggered = triggers(policy, strong, weak)
        if triggered:
            advice, reason = Advice.ADVISED, AdviceReason.SIGNALS
    return AdviceExplanation(advice=advice, reason=reason, score=score, band=band, urgent_below=urgent,
                             advice_below=advise, preventive=preventive, signal_policy=policy,
                             strong=strong, weak=weak, triggered_by=triggered)


def explain_advice(
    score: float | int | Decimal,
    signals: Mapping[Any, Any] | SignalAnswers,
    *,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    preventive_signals: SignalPolicy | str | None = None,
) -> AdviceExplanation:
    """The advice for a WAI and the eight signals, with why (WS-ADV-2..4, -6, -7).

    The same decision :func:`score` makes, for a score and signals known without the
    answers (e.g. a stored result).

    Args:
        score: the WAI (on the rule set's scale, 7-49).
        signals: the level of each of the eight areas (JSON form or :class:`SignalAnswers`).
        rules: the rule set (default :data:`WAI_RULES`).
        preventive: always advise (WS-ADV-4); default the rule set's parameter.
        preventive_signals: the policy on signals (WS-ADV-6): ``off``, ``strong`` or
            ``strong_and_weak``; default the rule set's parameter (``off``).

    Raises:
        InvalidValueError: a score outside the scale, an unknown policy.
        AnswersError: a missing area or an unknown level.

    Example:
        >>> levels = {"health": "none", "lifestyle": "none", "work": "strong", "work_life_balance": "none",
        ...           "education": "none", "career_development": "weak", "career_mobility": "none",
        ...           "self_reliance": "none"}
        >>> e = explain_advice(45, levels, preventive_signals="strong")
        >>> e.advice.value, e.reason.value, [a.value for a in e.triggered_by]
        ('advised', 'signals', ['work'])
        >>> explain_advice(45, levels).advice.value
        'none'
    """
    rules = rule_set(rules, WAI_RULES)
    d = _checked_score(score, rules)
    urgent, advise = rules.parameter("urgent_below", Decimal), rules.parameter("advice_below", Decimal)
    prev = bool(_param(rules, "preventive", preventive))
    policy = _policy(_param(rules, "preventive_signals", preventive_signals))
    base = _decide(d, urgent, advise, prev)
    return _explanation(float(d), band_for(d, rules=rules), base, prev, policy, _signal_map(signals),
                        urgent, advise)


def advice_for(
    score: float | int | Decimal,
    *,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    advice_below: Decimal | int | None = None,
    urgent_below: Decimal | int | None = None,
    signals: Mapping[Any, Any] | SignalAnswers | None = None,
    preventive_signals: SignalPolicy | str | None = None,
) -> tuple[Advice, tuple[str, ...]]:
    """The advice for a WAI and the rule ids that decided it (WS-ADV-1..4, WS-ADV-6).

    Args:
        score: the WAI, 7-49.
        rules: the rule set.
        preventive: the preventive policy, always advise a conversation (WS-ADV-4).
        advice_below: advice below this WAI (WS-ADV-2, default 43).
        urgent_below: urgent advice below this WAI (WS-ADV-3, default 28).
        signals: the eight signal levels; needed when the policy on signals is on.
        preventive_signals: the policy on signals (WS-ADV-6): ``off`` (default), ``strong``
            or ``strong_and_weak``.

    Returns:
        ``(advice, rule_ids)``. For the reasons in plain words use :func:`explain_advice`.

    Raises:
        InvalidValueError: the score is outside 7-49; the signal policy is on without signals.

    Example:
        >>> [advice_for(s)[0].value for s in (27.5, 28, 42.5, 43)]
        ['urgent', 'advised', 'advised', 'none']
        >>> advice_for(45, preventive=True)
        (<Advice.ADVISED: 'advised'>, ('WS-ADV-4',))
        >>> advice_for(45, signals={a: "weak" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...            "education", "career_development", "career_mobility", "self_reliance")},
        ...            preventive_signals="strong_and_weak")
        (<Advice.ADVISED: 'advised'>, ('WS-ADV-6',))
    """
    rules = rule_set(rules, WAI_RULES)
    d = _checked_score(score, rules)
    urgent = _as_decimal(_param(rules, "urgent_below", urgent_below), "urgent_below")
    advise = _as_decimal(_param(rules, "advice_below", advice_below), "advice_below")
    prev = bool(_param(rules, "preventive", preventive))
    policy = _policy(_param(rules, "preventive_signals", preventive_signals))
    advice, reason = _decide(d, urgent, advise, prev)
    if policy is SignalPolicy.OFF:
        return advice, (reason.rule_id,)
    if signals is None:
        raise InvalidValueError("signals", None, "the policy on signals (WS-ADV-6) needs the eight signal levels")
    expl = _explanation(float(d), band_for(d, rules=rules), (advice, reason), prev, policy,
                        _signal_map(signals), urgent, advise)
    return expl.advice, (expl.reason.rule_id,)


def signal_drop(signals: Mapping[SignalArea, SignalLevel] | Iterable[SignalLevel], *,
                rules: RuleSet | None = None) -> Decimal:
    """The average WAI drop associated with the signals (WS-SIG-3): 2.2 x strong + 0.6 x weak.

    Used only to explain, never to score; the sources give no intercept, so this is a drop,
    not an absolute expected WAI.

    Example:
        >>> signal_drop([SignalLevel.STRONG, SignalLevel.STRONG, SignalLevel.WEAK])
        Decimal('5.0')
    """
    rules = rule_set(rules, WAI_RULES)
    levels = list(signals.values()) if isinstance(signals, Mapping) else items_of(signals, "signals")
    table = rules["signal_drop"]
    total = Decimal("0.0")
    for i, level in enumerate(levels):
        try:
            known = level if isinstance(level, SignalLevel) else SignalLevel(level)
        except (ValueError, TypeError):
            raise InvalidValueError(f"signals.{i}", level, f"expected one of {[v.value for v in SignalLevel]}") from None
        total += table[known.value]
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
    rules = rule_set(rules, WAI_RULES)
    items = items_of(items, field)
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
    preventive_signals: SignalPolicy | str | None = None,
) -> ScoreResult:
    """Score one completed Werkscan questionnaire.

    Args:
        answers: an :class:`Answers` or a mapping in its JSON form.
        rules: the rule set (default :data:`WAI_RULES`; swap tables or parameters with
            :meth:`blikopwerk.RuleSet.replace`).
        preventive: the preventive policy (WS-ADV-4); default the rule set's parameter.
        count_own_opinion: count self-reported diseases too (WS-WAI-3).
        preventive_signals: the policy on signals (WS-ADV-6): ``off``, ``strong`` or
            ``strong_and_weak``; default the rule set's parameter (``off``).

    Returns:
        The :class:`ScoreResult`: WAI score (exact, 7-49), band, item points, signals,
        advice with the rule ids that decided it and its explanation in plain words
        (WS-ADV-7), the areas to act on (WS-ADV-5) and the associated WAI drop (WS-SIG-3).

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
    c = _compiled(rule_set(rules, WAI_RULES))
    parsed = Answers.parse(answers)
    own = c.own if count_own_opinion is None else bool(count_own_opinion)
    points, half = _item_points(parsed.wai, c, own)
    is_preventive = c.preventive if preventive is None else bool(preventive)
    policy = c.policy if preventive_signals is None else _policy(preventive_signals)
    band = c.band.get(half) if half is not None else None
    if band is None:  # outside the precomputed half points: the plain functions decide (or raise)
        items = _points_model(points)
        total = items.total()
        wai = WaiResult(score=total, band=band_for(total, rules=c.rules), items=items)
        base = _decide(_as_decimal(total, "score"), c.urgent, c.advise, is_preventive)
    else:
        base = c.advice[half, is_preventive]  # type: ignore[index]
        # equal points give an equal (frozen) WaiResult: built once, shared
        cached = c.wai.get(points)
        if cached is None:
            if len(c.wai) >= _WAI_CACHE:
                c.wai.clear()
            cached = c.wai[points] = WaiResult(score=half / 2, band=band,  # type: ignore[operator]
                                               items=_points_model(points))
        wai = cached
    levels = tuple(parsed.signals.__dict__.values())
    act_on, drop, strong, weak = c.signal_facts(levels)
    advice, reason = base
    if reason is AdviceReason.NO_REASON and policy is not SignalPolicy.OFF and triggers(policy, strong, weak):
        advice, reason = Advice.ADVISED, AdviceReason.SIGNALS  # WS-ADV-6
    return ScoreResult(
        wai=wai,
        signals=dict(zip(_AREAS, levels, strict=True)),
        advice=advice,
        advice_rules=_RULE_IDS[reason],
        preventive=is_preventive,
        act_on=act_on,
        signal_drop=drop,
        rules_version=c.rules.version,
        advice_reason=reason,
        urgent_below=c.urgent,
        advice_below=c.advise,
        signal_policy=policy,
    )
