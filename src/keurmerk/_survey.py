"""The satisfaction survey: response, marks, norm, promoter score, distribution (KM-SAT-*)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal, get_args

import attrs

from blikopwerk import RuleSet
from keurmerk._services import get_service
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import (
    as_bool,
    as_decimal,
    as_int,
    as_items,
    as_text,
    digits_to_int,
    invalid,
    round1,
    ruleset,
)

__all__ = [
    "RECOMMENDATIONS",
    "SATISFACTION_LEVELS",
    "NormVerdict",
    "PromoterScore",
    "Respondent",
    "ResponseRow",
    "SatisfactionDistribution",
    "ServiceNorm",
    "SurveyResult",
    "analyse_survey",
    "corrected_mean",
    "correction_applies",
    "shown_mark",
]

Kind = Literal["client", "principal"]
Recommendation = Literal["recommended", "not_recommended", "advised_against"]
Satisfaction = Literal["zeer_tevreden", "tevreden", "ontevreden", "zeer_ontevreden", "geen_mening"]

#: Answers to "have you recommended the provider to others?" (KM-SAT-7).
RECOMMENDATIONS: tuple[str, ...] = get_args(Recommendation)
#: Satisfaction levels in report order (KM-SAT-8), Dutch terms as ids.
SATISFACTION_LEVELS: tuple[str, ...] = get_args(Satisfaction)
#: English labels of the satisfaction levels.
SATISFACTION_LABELS_EN: Mapping[str, str] = {
    "zeer_tevreden": "very satisfied", "tevreden": "satisfied", "ontevreden": "dissatisfied",
    "zeer_ontevreden": "very dissatisfied", "geen_mening": "no opinion",
}
_TEN = Decimal(10)
_HUNDRED = Decimal(100)


@attrs.frozen
class Respondent:
    """One returned questionnaire of the satisfaction survey (KM-SAT-2, KM-SAT-5).

    Build with :meth:`create`, which validates and names the field of a bad value.

    Attributes:
        kind: ``"client"`` or ``"principal"`` (opdrachtgever). A client who is also the
            principal (zelfmelder) fills in the client questionnaire only (KM-SAT-5).
        service: the service number (dienst 1-13); required for clients, optional for
            principals.
        mark: the report mark 1-10, or ``None`` if not given. Clients give whole marks;
            principals may give decimals (KM-SAT-5).
        recommendation: ``"recommended"``, ``"not_recommended"``, ``"advised_against"`` or
            ``None`` (KM-SAT-7).
        satisfaction: one of :data:`SATISFACTION_LEVELS` or ``None`` (KM-SAT-8).
        aspects_answered: whether at least the service-aspect questions were answered;
            only such questionnaires count (KM-SAT-2).
        id: an optional identifier, for error messages and audits.

    Example:
        >>> r = Respondent.create("client", service=7, mark=8, recommendation="recommended")
        >>> r.mark, r.completed
        (Decimal('8'), True)
        >>> Respondent.create("client", service=7, mark="7.5")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: mark: clients give whole marks 1-10 (KM-SAT-5) (got '7.5')
    """

    kind: Kind
    service: int | None
    mark: Decimal | None
    recommendation: Recommendation | None
    satisfaction: Satisfaction | None
    aspects_answered: bool
    id: str | None = None

    @classmethod
    def create(cls, kind: str, *, service: Any = None, mark: Any = None, recommendation: Any = None,
               satisfaction: Any = None, aspects_answered: Any = True, id: str | None = None,
               historic: bool = False, field: str = "", rules: RuleSet = KEURMERK_RULES) -> Respondent:
        """Validate and build a respondent; errors name ``field`` + the attribute.

        The service is checked against the ``services`` table of ``rules``.
        """
        as_text(field, "field", required=False, max_length=200)
        as_bool(historic, "historic")
        ruleset(rules)
        p = f"{field}." if field else ""
        if id is not None:
            as_text(id, f"{p}id", max_length=200)
        if kind not in ("client", "principal"):
            raise invalid(f"{p}kind", kind, "must be 'client' or 'principal'")
        number: int | None = None
        if service is not None:
            number = get_service(service, historic=historic, field=f"{p}service", rules=rules).number
        elif kind == "client":
            raise invalid(f"{p}service", service, "a client's questionnaire names its service")
        value: Decimal | None = None
        if mark is not None:
            value = as_decimal(mark, f"{p}mark")
            if kind == "client" and (value != value.to_integral_value() or not 1 <= value <= 10):
                raise invalid(f"{p}mark", mark, "clients give whole marks 1-10 (KM-SAT-5)")
            if not 1 <= value <= 10:
                raise invalid(f"{p}mark", mark, "a mark lies in 1-10")
            if kind == "client":
                value = value.to_integral_value()
        if recommendation is not None and recommendation not in RECOMMENDATIONS:
            raise invalid(f"{p}recommendation", recommendation, f"must be one of {RECOMMENDATIONS}")
        if satisfaction is not None and satisfaction not in SATISFACTION_LEVELS:
            raise invalid(f"{p}satisfaction", satisfaction, f"must be one of {SATISFACTION_LEVELS}")
        if not isinstance(aspects_answered, bool):
            raise invalid(f"{p}aspects_answered", aspects_answered, "must be true or false")
        return cls(kind, number, value, recommendation, satisfaction, aspects_answered, id)  # type: ignore[arg-type]

    @property
    def completed(self) -> bool:
        """Whether the questionnaire counts as completed (KM-SAT-2)."""
        return self.aspects_answered


@attrs.frozen
class ResponseRow:
    """One row of the response table (seed 004, table 1.1) (KM-SAT-1, KM-SAT-6).

    ``response_pct`` and ``mean_mark`` are rounded half-up to one decimal as the report
    prints them; ``exact_mean`` keeps the unrounded mean. ``service`` is ``None`` on total
    rows.
    """

    group: Kind
    label: str
    service: int | None
    net_sample: int
    completed: int
    response_pct: Decimal
    marks: int
    exact_mean: Decimal | None
    mean_mark: Decimal | None
    published: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values (Decimals as strings)."""
        return {
            "group": self.group, "label": self.label, "service": self.service,
            "net_sample": self.net_sample, "completed": self.completed,
            "response_pct": str(self.response_pct), "marks": self.marks,
            "mean_mark": None if self.mean_mark is None else str(self.mean_mark),
            "published": self.published,
        }


@attrs.frozen
class ServiceNorm:
    """The norm judged for one service or for the total (KM-SAT-3, KM-SAT-4).

    A mean is judged as it is published: ``mean_shown`` and ``corrected_shown`` are the
    exact means rounded half-up to one decimal (the rule set's ``mark_decimals``), and
    ``met`` compares those, so the verdict never contradicts the figure shown (KM-SAT-3,
    decision). The corrected mean counts only where ``correction_applies``: more than half
    of the marks are 7 or higher (KM-SAT-4, decision).

    Attributes:
        label: the service's Dutch name, or ``"Totaal"``.
        service: the service number; ``None`` for the total.
        threshold: the norm (6.5 in total, 5.5 per service).
        mean: the exact plain mean, ``None`` without marks.
        corrected: the exact low-mark-corrected mean (computed whether or not it applies).
        met: whether the norm is met.
        by_correction: met only thanks to the correction.
        mean_shown: ``mean`` as published.
        corrected_shown: ``corrected`` as published.
        correction_applies: whether the correction may count.
        completed: completed questionnaires judged (some may carry no mark).
    """

    label: str
    service: int | None
    threshold: Decimal
    mean: Decimal | None
    corrected: Decimal | None
    met: bool
    by_correction: bool
    mean_shown: Decimal | None = None
    corrected_shown: Decimal | None = None
    correction_applies: bool = False
    completed: int = 0


@attrs.frozen
class NormVerdict:
    """The satisfaction-norm verdict with the low-mark correction (KM-SAT-3, KM-SAT-4).

    ``met`` is true when the total and every service with at least one completed
    questionnaire meet their threshold, on the plain mean or (where the correction
    applies) on the corrected mean, both as published. ``reasons`` lists what failed.
    """

    met: bool
    total: ServiceNorm | None
    services: tuple[ServiceNorm, ...]
    reasons: tuple[str, ...]

    @property
    def by_correction(self) -> bool:
        """Whether the norm is met only thanks to the low-mark correction."""
        parts = [*self.services, *([self.total] if self.total else [])]
        return self.met and any(p.by_correction for p in parts)


@attrs.frozen
class PromoterScore:
    """The actual promoter score (actuele promotor score) (KM-SAT-7, decision).

    ``score`` = % recommended - % advised against, over those who answered, to one
    decimal; ``None`` when nobody answered.
    """

    recommended: int
    not_recommended: int
    advised_against: int
    score: Decimal | None

    @property
    def answered(self) -> int:
        """How many answered the question."""
        return self.recommended + self.not_recommended + self.advised_against


@attrs.frozen
class SatisfactionDistribution:
    """Satisfaction answers as counts and shares (%, one decimal) (KM-SAT-8)."""

    counts: Mapping[str, int]
    shares: Mapping[str, Decimal | None]

    @property
    def answered(self) -> int:
        """How many answered the question."""
        return sum(self.counts.values())


@attrs.frozen
class SurveyResult:
    """The analysis of one provider's satisfaction survey.

    Attributes:
        services: client rows per service, in service order.
        clients_total: the clients' total row.
        principals: the principals' row (``None`` without a principals' net sample).
        norm: the norm verdict over client marks.
        promoter_clients: the clients' promoter score.
        promoter_principals: the principals' promoter score.
        satisfaction: the clients' satisfaction distribution.
        mark_distribution_clients: count of client marks per whole mark 1-10.
        mark_distribution_principals: count of principal marks, rounded half-up to whole
            marks (as the report's figure 4.2 shows them).
    """

    services: tuple[ResponseRow, ...]
    clients_total: ResponseRow
    principals: ResponseRow | None
    norm: NormVerdict
    promoter_clients: PromoterScore
    promoter_principals: PromoterScore
    satisfaction: SatisfactionDistribution
    mark_distribution_clients: Mapping[int, int]
    mark_distribution_principals: Mapping[int, int]

    @property
    def rows(self) -> tuple[ResponseRow, ...]:
        """Every row of the response table in report order."""
        return (*self.services, self.clients_total, *([self.principals] if self.principals else []))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        def norm_part(n: ServiceNorm) -> dict[str, Any]:
            return {"label": n.label, "service": n.service, "threshold": str(n.threshold),
                    "mean": None if n.mean_shown is None else str(n.mean_shown),
                    "corrected": None if n.corrected_shown is None else str(n.corrected_shown),
                    "correction_applies": n.correction_applies,
                    "met": n.met, "by_correction": n.by_correction}

        def promoter(p: PromoterScore) -> dict[str, Any]:
            return {"recommended": p.recommended, "not_recommended": p.not_recommended,
                    "advised_against": p.advised_against,
                    "score": None if p.score is None else str(p.score)}

        return {
            "rows": [r.as_dict() for r in self.rows],
            "norm": {"met": self.norm.met, "by_correction": self.norm.by_correction,
                     "total": None if self.norm.total is None else norm_part(self.norm.total),
                     "services": [norm_part(s) for s in self.norm.services],
                     "reasons": list(self.norm.reasons)},
            "promoter_score": {"clients": promoter(self.promoter_clients),
                               "principals": promoter(self.promoter_principals)},
            "satisfaction": {k: {"count": self.satisfaction.counts[k],
                                 "share_pct": None if self.satisfaction.shares[k] is None
                                 else str(self.satisfaction.shares[k])}
                             for k in SATISFACTION_LEVELS},
            "mark_distribution": {
                "clients": {str(k): v for k, v in self.mark_distribution_clients.items()},
                "principals": {str(k): v for k, v in self.mark_distribution_principals.items()},
            },
        }


def _pct(part: int, whole: int) -> Decimal:
    return round1(Decimal(part) * _HUNDRED / Decimal(whole))


def _mean(marks: list[Decimal]) -> Decimal | None:
    return sum(marks, Decimal(0)) / len(marks) if marks else None


def _decimal_parameter(rules: RuleSet, name: str) -> Decimal:
    return as_decimal(rules.parameter(name), name)


def _places(rules: RuleSet) -> int:
    places = as_int(ruleset(rules).parameter("mark_decimals"), "mark_decimals", minimum=0)
    if places > 6:
        raise invalid("mark_decimals", places, "at most 6 decimals")
    return places


def _half_up(exact: Fraction, places: int) -> Decimal:
    """``exact`` rounded half-up (away from zero) to ``places`` decimals, without any
    intermediate rounding."""
    scaled = abs(exact) * 10**places
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal((0 if exact >= 0 else 1, tuple(int(d) for d in str(whole)), -places))


def _exact_mean(marks: Iterable[Decimal]) -> Fraction | None:
    values = [Fraction(m) for m in marks]
    return sum(values, Fraction(0)) / len(values) if values else None


def shown_mark(marks: Iterable[Any], *, rules: RuleSet = KEURMERK_RULES) -> Decimal | None:
    """The mean of ``marks`` as it is published: rounded half-up to one decimal (KM-SAT-3).

    The rounding is exact (no float, no intermediate rounding); the number of decimals is
    the rule set's ``mark_decimals`` (decision, default 1). Twenty marks with mean 6.45
    are shown as 6.5, and the norm compares that figure.

    Args:
        marks: marks (``int``, ``Decimal`` or numeric ``str``).
        rules: the rule set whose ``mark_decimals`` is used.

    Returns:
        The published mean, or ``None`` for no marks.

    Example:
        >>> shown_mark([6] * 11 + [7] * 9)      # mean 6.45
        Decimal('6.5')
        >>> shown_mark([6, 7, 7])               # mean 6.666...
        Decimal('6.7')
        >>> shown_mark([])
    """
    converted = [as_decimal(m, f"marks[{i}]") for i, m in enumerate(as_items(marks, "marks"))]
    exact = _exact_mean(converted)
    return None if exact is None else _half_up(exact, _places(rules))


def corrected_mean(marks: Iterable[Any], *, below: Any = None, value: Any = None,
                   rules: RuleSet = KEURMERK_RULES) -> Decimal | None:
    """The mean with every mark below ``below`` replaced by ``value`` (KM-SAT-4, decision).

    All failing marks count equally heavy, whether 1 or 5. This is the formula only;
    whether the correction may count is :func:`correction_applies`.

    Args:
        marks: marks (``int``, ``Decimal`` or numeric ``str``).
        below: a mark below this fails (default: the rule set's ``low_mark_below``, 5.5).
        value: what a failing mark counts as (default: ``low_mark_value``, 5).
        rules: the rule set whose parameters are the defaults.

    Example:
        >>> corrected_mean([1, 8, 8, 8])
        Decimal('7.25')
        >>> corrected_mean([])
    """
    rules = ruleset(rules)
    low = as_decimal(rules.parameter("low_mark_below") if below is None else below, "below")
    replacement = as_decimal(rules.parameter("low_mark_value") if value is None else value, "value")
    converted = [as_decimal(m, f"marks[{i}]") for i, m in enumerate(as_items(marks, "marks"))]
    return _mean([replacement if m < low else m for m in converted])


def correction_applies(marks: Iterable[Any], *, good_mark: Any = None, share: Any = None,
                       rules: RuleSet = KEURMERK_RULES) -> bool:
    """Whether the low-mark correction may count for ``marks`` (KM-SAT-4, decision).

    Seed 004 rescues providers "die overwegend ruime voldoende halen" with "enkele erg
    lage scores": the correction applies only when *more than* half of the marks are 7 or
    higher (``correction_good_mark`` and ``correction_good_share``).

    Example:
        >>> correction_applies([1, 1, 9, 9])      # exactly half: no
        False
        >>> correction_applies([1, 8, 8])
        True
    """
    rules = ruleset(rules)
    good = as_decimal(rules.parameter("correction_good_mark") if good_mark is None else good_mark,
                      "good_mark")
    part = as_decimal(rules.parameter("correction_good_share") if share is None else share, "share")
    if not 0 <= part <= 1:
        raise invalid("share", share, "a share lies in 0-1")
    converted = [as_decimal(m, f"marks[{i}]") for i, m in enumerate(as_items(marks, "marks"))]
    high = sum(1 for m in converted if m >= good)
    return bool(converted) and Decimal(high) > part * len(converted)


def _published(completed: int, net: int, rules: RuleSet) -> bool:
    minimum = as_int(rules.parameter("publish_min_completed"), "publish_min_completed", minimum=0)
    min_pct = _decimal_parameter(rules, "publish_min_response_pct")
    return completed >= minimum and Decimal(completed) * _HUNDRED >= min_pct * net


def _row(group: Kind, label: str, service: int | None, net: int, respondents: list[Respondent],
         published: bool | None, rules: RuleSet, field: str) -> ResponseRow:
    completed = len(respondents)
    if completed > net:
        raise invalid(field, net,
                                f"fewer than the {completed} completed questionnaires")
    marks = [r.mark for r in respondents if r.mark is not None]
    exact = _mean(marks)
    fraction = _exact_mean(marks)
    return ResponseRow(
        group, label, service, net, completed, _pct(completed, net), len(marks), exact,
        None if fraction is None else _half_up(fraction, _places(rules)),
        _published(completed, net, rules) if published is None else published,
    )


def _promoter(respondents: Iterable[Respondent]) -> PromoterScore:
    c = Counter(r.recommendation for r in respondents if r.recommendation is not None)
    answered = sum(c.values())
    score = None if answered == 0 else round1(
        Decimal(c["recommended"] - c["advised_against"]) * _HUNDRED / Decimal(answered))
    return PromoterScore(c["recommended"], c["not_recommended"], c["advised_against"], score)


@attrs.frozen
class _NormParameters:
    """The norm's parameters as read from the rule set in use (KM-SAT-3, KM-SAT-4)."""

    places: int
    below: Decimal
    value: Decimal
    good_mark: Decimal
    good_share: Decimal


def _judge(label: str, service: int | None, threshold: Decimal, marks: list[Decimal], completed: int,
           p: _NormParameters) -> ServiceNorm:
    exact = _exact_mean(marks)
    if exact is None:
        return ServiceNorm(label, service, threshold, None, None, False, False, completed=completed)
    corrected_marks = [p.value if m < p.below else m for m in marks]
    exact_corrected = _exact_mean(corrected_marks)
    assert exact_corrected is not None
    shown = _half_up(exact, p.places)
    corrected_shown = _half_up(exact_corrected, p.places)
    applies = Decimal(sum(1 for m in marks if m >= p.good_mark)) > p.good_share * len(marks)
    plain_ok = shown >= threshold
    corrected_ok = applies and corrected_shown >= threshold
    return ServiceNorm(label, service, threshold, _mean(marks), _mean(corrected_marks),
                       plain_ok or corrected_ok, corrected_ok and not plain_ok, shown, corrected_shown,
                       applies, completed)


def _failure(norm: ServiceNorm, what: str) -> str:
    if norm.mean_shown is None:
        return f"{what}: no marks, so the norm of {norm.threshold} cannot be met"
    if not norm.correction_applies:
        return (f"{what}: mean {norm.mean_shown} below {norm.threshold}; the low-mark correction does "
                "not apply (not more than half of the marks are high)")
    return (f"{what}: mean {norm.mean_shown} below {norm.threshold}, also after the low-mark "
            f"correction ({norm.corrected_shown})")


def _net_sample(net_sample: Mapping[Any, Any], historic: bool, rules: RuleSet) -> dict[int, int]:
    if not isinstance(net_sample, Mapping) or not net_sample:
        raise invalid("net_sample", net_sample, "a mapping of service number to net sample, "
                                "with at least one service")
    result: dict[int, int] = {}
    for key, value in net_sample.items():
        s = get_service(digits_to_int(key), historic=historic, field="net_sample", rules=rules)
        if s.number in result:
            raise invalid("net_sample", key, "service listed twice")
        result[s.number] = as_int(value, f"net_sample[{s.number}]", minimum=1)
    return dict(sorted(result.items()))


def analyse_survey(
    respondents: Iterable[Respondent],
    net_sample: Mapping[Any, Any],
    principals_net_sample: Any = None,
    *,
    historic: bool = False,
    low_mark_value: Any = None,
    rules: RuleSet = KEURMERK_RULES,
) -> SurveyResult:
    """Analyse a provider's satisfaction survey (KM-SAT-1 to KM-SAT-8).

    Only completed questionnaires (service aspects answered, KM-SAT-2) count. Per service
    and in total: net sample, completed, response % (completed / net sample, one decimal,
    KM-SAT-1), mean mark and whether it is published (KM-SAT-6, decision: at least 4
    completed and at least 15 % response; the principals' mark always). The norm (KM-SAT-3)
    is judged on client marks: total at least 6.5 and at least 5.5 for every service with
    at least one completed questionnaire. A mean is compared as it is published, rounded
    half-up to one decimal, so the verdict never contradicts the figure shown (decision).
    The low-mark-corrected mean (KM-SAT-4, decision) counts only where more than half of
    the marks are 7 or higher; the norm is met on the plain or that corrected mean.

    Args:
        respondents: the returned questionnaires (:class:`Respondent`).
        net_sample: clients' net sample per service number (duplicates, undeliverable
            addresses and records missing essentials already removed).
        principals_net_sample: the principals' net sample, if principals were invited.
        historic: accept dienst 12 (historic data only, KM-SVC-1).
        low_mark_value: the value failing marks count as in the corrected mean (default:
            the rule set's ``low_mark_value``, 5).
        rules: the rule set whose parameters are used.

    Returns:
        A :class:`SurveyResult`.

    Raises:
        InvalidValueError: a respondent's service not in the net sample, more completed
            than the net sample, principals without a principals' net sample, bad values.

    Example:
        >>> rs = [Respondent.create("client", service=7, mark=m) for m in (8, 8, 9, 7)]
        >>> result = analyse_survey(rs, {7: 6})
        >>> row = result.services[0]
        >>> row.completed, row.response_pct, row.mean_mark, row.published
        (4, Decimal('66.7'), Decimal('8.0'), True)
        >>> result.norm.met
        True
        >>> twenty = [Respondent.create("client", service=7, mark=m) for m in [6] * 11 + [7] * 9]
        >>> total = analyse_survey(twenty, {7: 40}).norm.total     # mean 6.45, shown as 6.5
        >>> total.mean, total.mean_shown, total.met
        (Decimal('6.45'), Decimal('6.5'), True)
    """
    rules = ruleset(rules)
    as_bool(historic, "historic")
    nets = _net_sample(net_sample, historic, rules)
    value = as_decimal(rules.parameter("low_mark_value") if low_mark_value is None else low_mark_value,
                       "low_mark_value")
    if not 1 <= value <= 10:
        raise invalid("low_mark_value", low_mark_value, "a mark lies in 1-10")
    params = _NormParameters(_places(rules), _decimal_parameter(rules, "low_mark_below"), value,
                             _decimal_parameter(rules, "correction_good_mark"),
                             _decimal_parameter(rules, "correction_good_share"))
    min_completed = as_int(rules.parameter("norm_service_min_completed"), "norm_service_min_completed",
                           minimum=1)
    by_service: dict[int, list[Respondent]] = {n: [] for n in nets}
    principals: list[Respondent] = []
    for i, r in enumerate(as_items(respondents, "respondents")):
        if not isinstance(r, Respondent):
            raise invalid(f"respondents[{i}]", r, "expected a Respondent")
        if r.service is not None:
            get_service(r.service, historic=historic, field=f"respondents[{i}].service", rules=rules)
        if not r.completed:
            continue
        if r.kind == "principal":
            principals.append(r)
            continue
        assert r.service is not None  # Respondent.create guarantees it for clients
        if r.service not in by_service:
            raise invalid(f"respondents[{i}].service", r.service,
                                    "service has no net sample; add it to net_sample")
        by_service[r.service].append(r)

    table = rules["services"]
    rows = tuple(_row("client", table[n].name_nl, n, nets[n], by_service[n], None, rules,
                      f"net_sample[{n}]") for n in nets)
    clients = [r for n in nets for r in by_service[n]]
    total = _row("client", "Totaal", None, sum(nets.values()), clients, None, rules, "net_sample")
    principal_row: ResponseRow | None = None
    if principals_net_sample is not None:
        net_p = as_int(principals_net_sample, "principals_net_sample", minimum=1)
        principal_row = _row("principal", "Totaal opdrachtgevers", None, net_p, principals, True, rules,
                             "principals_net_sample")
    elif principals:
        raise invalid("principals_net_sample", None,
                                f"{len(principals)} principals completed; give their net sample")

    norm_total = _decimal_parameter(rules, "norm_total")
    norm_service = _decimal_parameter(rules, "norm_service")
    client_marks = [r.mark for r in clients if r.mark is not None]
    service_norms = tuple(
        _judge(table[n].name_nl, n, norm_service, [r.mark for r in by_service[n] if r.mark is not None],
               len(by_service[n]), params)
        for n in nets if len(by_service[n]) >= min_completed
    )
    total_norm = (_judge("Totaal", None, norm_total, client_marks, len(clients), params)
                  if client_marks else None)
    reasons: list[str] = []
    if total_norm is None:
        reasons.append("no client marks: the norm cannot be met")
    elif not total_norm.met:
        reasons.append(_failure(total_norm, "total"))
    for sn in service_norms:
        if not sn.met:
            reasons.append(_failure(sn, f"dienst {sn.service}"))
    verdict = NormVerdict(not reasons, total_norm, service_norms, tuple(reasons))

    sat: Counter[str] = Counter(r.satisfaction for r in clients if r.satisfaction is not None)
    answered = sum(sat.values())
    distribution = SatisfactionDistribution(
        {k: sat[k] for k in SATISFACTION_LEVELS},
        {k: (_pct(sat[k], answered) if answered else None) for k in SATISFACTION_LEVELS},
    )
    marks_c = Counter(int(m) for m in client_marks)
    marks_p = Counter(int(r.mark.quantize(Decimal(1), rounding=ROUND_HALF_UP))
                      for r in principals if r.mark is not None)
    return SurveyResult(
        rows, total, principal_row, verdict, _promoter(clients), _promoter(principals), distribution,
        {m: marks_c[m] for m in range(1, 11)}, {m: marks_p[m] for m in range(1, 11)},
    )
