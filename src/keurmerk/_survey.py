"""The satisfaction survey: response, marks, norm, promoter score, distribution (KM-SAT-*)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, get_args

import attrs

from blikopwerk import InvalidValueError, RuleSet
from keurmerk._services import get_service
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_decimal, as_int, round1

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
               historic: bool = False, field: str = "") -> Respondent:
        """Validate and build a respondent; errors name ``field`` + the attribute."""
        p = f"{field}." if field else ""
        if kind not in ("client", "principal"):
            raise InvalidValueError(f"{p}kind", kind, "must be 'client' or 'principal'")
        number: int | None = None
        if service is not None:
            number = get_service(service, historic=historic, field=f"{p}service").number
        elif kind == "client":
            raise InvalidValueError(f"{p}service", service, "a client's questionnaire names its service")
        value: Decimal | None = None
        if mark is not None:
            value = as_decimal(mark, f"{p}mark")
            if kind == "client" and (value != value.to_integral_value() or not 1 <= value <= 10):
                raise InvalidValueError(f"{p}mark", mark, "clients give whole marks 1-10 (KM-SAT-5)")
            if not 1 <= value <= 10:
                raise InvalidValueError(f"{p}mark", mark, "a mark lies in 1-10")
            if kind == "client":
                value = value.to_integral_value()
        if recommendation is not None and recommendation not in RECOMMENDATIONS:
            raise InvalidValueError(f"{p}recommendation", recommendation, f"must be one of {RECOMMENDATIONS}")
        if satisfaction is not None and satisfaction not in SATISFACTION_LEVELS:
            raise InvalidValueError(f"{p}satisfaction", satisfaction, f"must be one of {SATISFACTION_LEVELS}")
        if not isinstance(aspects_answered, bool):
            raise InvalidValueError(f"{p}aspects_answered", aspects_answered, "must be true or false")
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
    """The norm judged for one service or for the total (KM-SAT-3, KM-SAT-4)."""

    label: str
    service: int | None
    threshold: Decimal
    mean: Decimal | None
    corrected: Decimal | None
    met: bool
    by_correction: bool


@attrs.frozen
class NormVerdict:
    """The satisfaction-norm verdict with the low-mark correction (KM-SAT-3, KM-SAT-4).

    ``met`` is true when the total and every service with marks meet their threshold,
    on the plain or on the corrected mean. ``reasons`` lists what failed.
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
                    "mean": None if n.mean is None else str(round1(n.mean)),
                    "corrected": None if n.corrected is None else str(round1(n.corrected)),
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


def corrected_mean(marks: Iterable[Any], *, below: Any = Decimal("5.5"), value: Any = Decimal("5")) -> Decimal | None:
    """The mean with every mark below ``below`` replaced by ``value`` (KM-SAT-4, decision).

    All failing marks count equally heavy, whether 1 or 5.

    Example:
        >>> corrected_mean([1, 8, 8, 8])
        Decimal('7.25')
        >>> corrected_mean([])
    """
    low = as_decimal(below, "below")
    replacement = as_decimal(value, "value")
    converted = [as_decimal(m, "marks") for m in marks]
    return _mean([replacement if m < low else m for m in converted])


def _published(completed: int, net: int, rules: RuleSet) -> bool:
    minimum = rules.parameter("publish_min_completed", int)
    min_pct = as_decimal(rules.parameter("publish_min_response_pct"), "publish_min_response_pct")
    return completed >= minimum and Decimal(completed) * _HUNDRED >= min_pct * net


def _row(group: Kind, label: str, service: int | None, net: int, respondents: list[Respondent],
         published: bool | None, rules: RuleSet, field: str) -> ResponseRow:
    completed = len(respondents)
    if completed > net:
        raise InvalidValueError(field, net,
                                f"fewer than the {completed} completed questionnaires")
    marks = [r.mark for r in respondents if r.mark is not None]
    exact = _mean(marks)
    return ResponseRow(
        group, label, service, net, completed, _pct(completed, net), len(marks), exact,
        None if exact is None else round1(exact),
        _published(completed, net, rules) if published is None else published,
    )


def _promoter(respondents: Iterable[Respondent]) -> PromoterScore:
    c = Counter(r.recommendation for r in respondents if r.recommendation is not None)
    answered = sum(c.values())
    score = None if answered == 0 else round1(
        Decimal(c["recommended"] - c["advised_against"]) * _HUNDRED / Decimal(answered))
    return PromoterScore(c["recommended"], c["not_recommended"], c["advised_against"], score)


def _judge(label: str, service: int | None, threshold: Decimal, marks: list[Decimal],
           below: Decimal, value: Decimal) -> ServiceNorm:
    plain = _mean(marks)
    corrected = corrected_mean(marks, below=below, value=value)
    plain_ok = plain is not None and plain >= threshold
    corrected_ok = corrected is not None and corrected >= threshold
    return ServiceNorm(label, service, threshold, plain, corrected, plain_ok or corrected_ok,
                       corrected_ok and not plain_ok)


def _net_sample(net_sample: Mapping[Any, Any], historic: bool) -> dict[int, int]:
    if not isinstance(net_sample, Mapping) or not net_sample:
        raise InvalidValueError("net_sample", net_sample, "a mapping of service number to net sample, "
                                "with at least one service")
    result: dict[int, int] = {}
    for key, value in net_sample.items():
        number = int(key) if isinstance(key, str) and key.strip().isdigit() else key
        s = get_service(number, historic=historic, field="net_sample")
        if s.number in result:
            raise InvalidValueError("net_sample", key, "service listed twice")
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
    is judged on client marks: total at least 6.5 and each service at least 5.5, on the
    plain or the low-mark-corrected mean (KM-SAT-4). Means are compared unrounded.

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
    """
    nets = _net_sample(net_sample, historic)
    below = as_decimal(rules.parameter("low_mark_below"), "low_mark_below")
    value = as_decimal(rules.parameter("low_mark_value") if low_mark_value is None else low_mark_value,
                       "low_mark_value")
    if not 1 <= value <= 10:
        raise InvalidValueError("low_mark_value", low_mark_value, "a mark lies in 1-10")
    by_service: dict[int, list[Respondent]] = {n: [] for n in nets}
    principals: list[Respondent] = []
    for i, r in enumerate(respondents):
        if not isinstance(r, Respondent):
            raise InvalidValueError(f"respondents[{i}]", r, "expected a Respondent")
        if r.service is not None:
            get_service(r.service, historic=historic, field=f"respondents[{i}].service", rules=rules)
        if not r.completed:
            continue
        if r.kind == "principal":
            principals.append(r)
            continue
        assert r.service is not None  # Respondent.create guarantees it for clients
        if r.service not in by_service:
            raise InvalidValueError(f"respondents[{i}].service", r.service,
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
        raise InvalidValueError("principals_net_sample", None,
                                f"{len(principals)} principals completed; give their net sample")

    norm_total = as_decimal(rules.parameter("norm_total"), "norm_total")
    norm_service = as_decimal(rules.parameter("norm_service"), "norm_service")
    client_marks = [r.mark for r in clients if r.mark is not None]
    service_norms = tuple(
        _judge(table[n].name_nl, n, norm_service, [r.mark for r in by_service[n] if r.mark is not None],
               below, value)
        for n in nets if any(r.mark is not None for r in by_service[n])
    )
    total_norm = _judge("Totaal", None, norm_total, client_marks, below, value) if client_marks else None
    reasons: list[str] = []
    if total_norm is None:
        reasons.append("no client marks: the norm cannot be met")
    elif not total_norm.met:
        reasons.append(f"total mean {round1(total_norm.mean or Decimal(0))} below {norm_total}, also after "
                       "the low-mark correction")
    for sn in service_norms:
        if not sn.met:
            reasons.append(f"dienst {sn.service} mean {round1(sn.mean or Decimal(0))} below {norm_service}, "
                           "also after the low-mark correction")
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
