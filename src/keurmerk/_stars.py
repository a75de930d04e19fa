"""Stars (KM-STAR-*): a replaceable policy; the default is a project decision."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import attrs

from blikopwerk import RuleSet
from keurmerk._services import check_services
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_decimal, as_int, as_items, invalid, ruleset

__all__ = ["Criterion", "DefaultStarPolicy", "StarInputs", "StarPolicy", "StarResult", "stars"]


def _opt_decimal(value: Any, field: str, low: int, high: int) -> Decimal | None:
    if value is None:
        return None
    d = as_decimal(value, field)
    if not low <= d <= high:
        raise invalid(field, value, f"must lie in {low}-{high}")
    return d


def _client_mark(value: Any) -> Decimal | None:
    return _opt_decimal(value, "client_mark", 1, 10)


def _principal_mark(value: Any) -> Decimal | None:
    return _opt_decimal(value, "principal_mark", 1, 10)


def _performance_pct(value: Any) -> Decimal | None:
    return _opt_decimal(value, "performance_pct", 0, 100)


def _effort_pct(value: Any) -> Decimal | None:
    return _opt_decimal(value, "effort_pct", 0, 100)


def _staff_pct(value: Any) -> Decimal | None:
    return _opt_decimal(value, "staff_pct", 0, 100)


def _exam_services(rules: RuleSet) -> frozenset[int]:
    """The services of ``rules`` where an exam guarantee is possible (scholing, inburgering)."""
    return frozenset(n for n, s in rules["services"].items() if s.exam_guarantee_possible)


def _threshold_mark(value: Any) -> Decimal:
    return as_decimal(value, "client_mark")


def _threshold_principal(value: Any) -> Decimal:
    return as_decimal(value, "principal_mark")


def _threshold_performance(value: Any) -> Decimal:
    return as_decimal(value, "performance_pct")


def _threshold_agreements(value: Any) -> Decimal:
    return as_decimal(value, "agreements_pct")


def _threshold_staff(value: Any) -> Decimal:
    return as_decimal(value, "staff_pct")


def _max_stars(value: Any) -> int:
    return as_int(value, "max_stars", minimum=0)


def _frozen_ints(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _bool(field: str) -> Any:
    def check(_: object, __: object, value: object) -> None:
        if not isinstance(value, bool):
            raise invalid(field, value, "must be true or false")
    return check


def _service_numbers(value: Any) -> tuple[Any, ...]:
    return as_items(value, "services")


@attrs.frozen
class StarInputs:
    """What the star policy looks at (KM-STAR-1).

    Percentages are 0-100 (``Decimal``, ``int`` or ``str``), marks 1-10; ``None`` means
    "not known", which never earns a star.

    Attributes:
        norms_met: whether the provider meets the Keurmerk norms (a holder does).
        aspirant: an aspirant holder has no stars.
        client_mark: the clients' mean mark.
        principal_mark: the principals' mean mark.
        performance_pct: % of trajectories with performance agreements (prestatieafspraken).
        effort_pct: % with transparent effort agreements (transparante inspanningsafspraken).
        staff_pct: % of client-facing staff meeting the provider's own function requirements.
        exam_guarantee: whether the provider offers an exam guarantee.
        services: the provider's service numbers (an exam guarantee counts only where a
            service allows one: scholing 1, inburgering 11), checked against the
            ``services`` table of ``rules``.
        rules: the rule set the services are checked against (keyword only).

    Example:
        >>> StarInputs(norms_met=True, client_mark="8.2").client_mark
        Decimal('8.2')
        >>> StarInputs(norms_met=True, staff_pct=120)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: staff_pct: must lie in 0-100 (got 120)
    """

    norms_met: bool = attrs.field(validator=_bool("norms_met"))
    aspirant: bool = attrs.field(default=False, validator=_bool("aspirant"))
    client_mark: Decimal | None = attrs.field(default=None, converter=_client_mark)
    principal_mark: Decimal | None = attrs.field(default=None, converter=_principal_mark)
    performance_pct: Decimal | None = attrs.field(default=None, converter=_performance_pct)
    effort_pct: Decimal | None = attrs.field(default=None, converter=_effort_pct)
    staff_pct: Decimal | None = attrs.field(default=None, converter=_staff_pct)
    exam_guarantee: bool = attrs.field(default=False, validator=_bool("exam_guarantee"))
    services: tuple[int, ...] = attrs.field(default=(), converter=_service_numbers)
    rules: RuleSet = attrs.field(default=KEURMERK_RULES, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        checked = tuple(s.number for s in check_services(self.services, rules=ruleset(self.rules)))
        object.__setattr__(self, "services", checked)
        if self.performance_pct is not None and self.effort_pct is not None \
                and self.performance_pct + self.effort_pct > 100:
            raise invalid("effort_pct", self.effort_pct,
                                    f"performance_pct + effort_pct exceeds 100 ({self.performance_pct} + "
                                    f"{self.effort_pct})")


@attrs.frozen
class Criterion:
    """One star criterion as judged: its id, what it asks, whether it counted and why."""

    id: str
    description: str
    met: bool
    applicable: bool
    detail: str


@attrs.frozen
class StarResult:
    """The stars and the criteria that counted (KM-STAR-2).

    Example:
        >>> r = stars(StarInputs(norms_met=True, client_mark="8.1"))
        >>> r.stars, [c.id for c in r.counted]
        (2, ['norms', 'client_mark'])
    """

    stars: int
    criteria: tuple[Criterion, ...]
    policy: str

    @property
    def counted(self) -> tuple[Criterion, ...]:
        """The criteria that earned a star."""
        return tuple(c for c in self.criteria if c.met)


@runtime_checkable
class StarPolicy(Protocol):
    """A star policy: any object with a ``name`` and ``evaluate(inputs) -> StarResult``.

    The official formula is not public (KM-STAR-2); replace the default by passing your
    own policy to :func:`stars`.
    """

    @property
    def name(self) -> str:
        """A short name shown with the result."""
        ...

    def evaluate(self, inputs: StarInputs) -> StarResult:
        """The stars for ``inputs``."""
        ...


@attrs.frozen
class DefaultStarPolicy:
    """The default star policy (KM-STAR-2, a project decision, not official).

    One star for meeting the norms, plus one per criterion met, capped at ``max_stars``:
    client mark >= ``client_mark``; principal mark >= ``principal_mark``; performance
    agreements in >= ``performance_pct`` % of trajectories; performance and transparent
    effort agreements together in >= ``agreements_pct`` %; >= ``staff_pct`` % of
    client-facing staff meet the function requirements; an exam guarantee offered where a
    service allows one (scholing, inburgering). Without the norms, or as an aspirant, no
    stars. Thresholds default to the rule set's parameters.

    Example:
        >>> strict = DefaultStarPolicy.from_rules(client_mark=Decimal("8.5"))
        >>> stars(StarInputs(norms_met=True, client_mark="8.2"), policy=strict).stars
        1
    """

    client_mark: Decimal = attrs.field(converter=_threshold_mark)
    principal_mark: Decimal = attrs.field(converter=_threshold_principal)
    performance_pct: Decimal = attrs.field(converter=_threshold_performance)
    agreements_pct: Decimal = attrs.field(converter=_threshold_agreements)
    staff_pct: Decimal = attrs.field(converter=_threshold_staff)
    max_stars: int = attrs.field(default=4, converter=_max_stars)
    name: str = "default (KM-STAR-2, decision)"
    exam_services: frozenset[int] = attrs.field(
        factory=lambda: _exam_services(KEURMERK_RULES), converter=_frozen_ints, kw_only=True)

    @classmethod
    def from_rules(cls, rules: RuleSet = KEURMERK_RULES, **overrides: Any) -> DefaultStarPolicy:
        """The policy with thresholds from ``rules``, some overridden by keyword.

        The cap is the rule set's ``star_max``; the services that allow an exam guarantee
        come from its ``services`` table.
        """
        rules = ruleset(rules)
        values: dict[str, Any] = {
            "client_mark": rules.parameter("star_client_mark"),
            "principal_mark": rules.parameter("star_principal_mark"),
            "performance_pct": rules.parameter("star_performance_pct"),
            "agreements_pct": rules.parameter("star_agreements_pct"),
            "staff_pct": rules.parameter("star_staff_pct"),
            "max_stars": rules.parameter("star_max"),
        }
        unknown = set(overrides) - set(values)
        if unknown:
            raise invalid("overrides", sorted(unknown), f"unknown thresholds; known: {sorted(values)}")
        values.update(overrides)
        return cls(**values, exam_services=_exam_services(rules))

    def evaluate(self, inputs: StarInputs) -> StarResult:
        """Judge every criterion and count the stars (KM-STAR-2)."""
        if not isinstance(inputs, StarInputs):
            raise invalid("inputs", inputs, "expected StarInputs")
        def at_least(value: Decimal | None, threshold: Decimal, what: str) -> tuple[bool, str]:
            if value is None:
                return False, f"{what} not known"
            return value >= threshold, f"{what} {value} (needs >= {threshold})"

        holder = inputs.norms_met and not inputs.aspirant
        norms_detail = ("aspirant: no stars" if inputs.aspirant
                        else "norms met" if inputs.norms_met else "norms not met: no stars")
        criteria = [Criterion("norms", "meets the Keurmerk norms", holder, True, norms_detail)]
        ok, detail = at_least(inputs.client_mark, self.client_mark, "client mark")
        criteria.append(Criterion("client_mark", f"client mark >= {self.client_mark}", holder and ok, True, detail))
        ok, detail = at_least(inputs.principal_mark, self.principal_mark, "principal mark")
        criteria.append(Criterion("principal_mark", f"principal mark >= {self.principal_mark}",
                                  holder and ok, True, detail))
        ok, detail = at_least(inputs.performance_pct, self.performance_pct, "performance agreements %")
        criteria.append(Criterion("performance_agreements",
                                  f"performance agreements in >= {self.performance_pct} % of trajectories",
                                  holder and ok, True, detail))
        together = (None if inputs.performance_pct is None or inputs.effort_pct is None
                    else inputs.performance_pct + inputs.effort_pct)
        ok, detail = at_least(together, self.agreements_pct, "performance + effort agreements %")
        criteria.append(Criterion("agreements",
                                  f"performance or transparent effort agreements in >= {self.agreements_pct} %",
                                  holder and ok, True, detail))
        ok, detail = at_least(inputs.staff_pct, self.staff_pct, "staff meeting requirements %")
        criteria.append(Criterion("trained_staff", f">= {self.staff_pct} % of client-facing staff meet "
                                  "the function requirements", holder and ok, True, detail))
        possible = any(n in self.exam_services for n in inputs.services)
        if possible:
            detail = "exam guarantee offered" if inputs.exam_guarantee else "no exam guarantee offered"
        else:
            detail = "no service allows an exam guarantee (scholing, inburgering)"
        criteria.append(Criterion("exam_guarantee", "exam guarantee where a service allows one",
                                  holder and possible and inputs.exam_guarantee, possible, detail))
        count = min(self.max_stars, sum(1 for c in criteria if c.met))
        return StarResult(count, tuple(criteria), self.name)


def stars(inputs: StarInputs, *, policy: StarPolicy | None = None,
          rules: RuleSet = KEURMERK_RULES) -> StarResult:
    """The stars of a Keurmerk holder and the criteria that counted (KM-STAR-1, KM-STAR-2).

    Args:
        inputs: the provider's figures (:class:`StarInputs`).
        policy: any :class:`StarPolicy`; default :class:`DefaultStarPolicy` from ``rules``
            (a project decision: the official formula is not public).
        rules: the rule set in use: its ``star_max`` (4) caps every policy's result, and
            the default policy takes its thresholds from it.

    Returns:
        A :class:`StarResult` with 0 to ``star_max`` stars.

    Raises:
        InvalidValueError: ``inputs`` is not a :class:`StarInputs`, ``policy`` is not a
            :class:`StarPolicy` or gives more stars than the rule set allows.

    Example:
        >>> r = stars(StarInputs(norms_met=True, client_mark=8, principal_mark="8.4",
        ...                      performance_pct=80, effort_pct=18, staff_pct=100))
        >>> r.stars                      # 1 + 5 criteria, capped at 4
        4
        >>> stars(StarInputs(norms_met=True, aspirant=True, client_mark=9)).stars
        0
    """
    if not isinstance(inputs, StarInputs):
        raise invalid("inputs", inputs, "expected StarInputs")
    rules = ruleset(rules)
    chosen: StarPolicy = DefaultStarPolicy.from_rules(rules) if policy is None else policy
    if not isinstance(chosen, StarPolicy):
        raise invalid("policy", policy, "needs a name and an evaluate(inputs) method")
    result = chosen.evaluate(inputs)
    maximum = as_int(rules.parameter("star_max"), "star_max", minimum=0)
    if not isinstance(result, StarResult) or isinstance(result.stars, bool) \
            or not isinstance(result.stars, int):
        raise invalid("policy", chosen.name, "evaluate() must return a StarResult with whole stars")
    if not 0 <= result.stars <= maximum:
        raise invalid("policy", chosen.name, f"gave {result.stars} stars; at most {maximum}")
    return result
