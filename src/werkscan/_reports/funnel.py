"""The conversion funnel (WS-RPT-6): from a completed questionnaire to a conversation held.

The Werkscan evaluation (seed ``002_c7c9fbb17d8bd393.txt``, Panteia 2015, Tabel 1) counted,
from 1 September 2013 to 1 September 2014, 2,908 completed questionnaires (1,308 through a
personal or company link, 1,600 otherwise) and 180 conversations (90 and 90): a conversion
of 6.2 % (6.9 % and 5.6 %). It also counted 323 abandoned questionnaires (10 %) and advice
for 66 % (6 % urgent). This module counts the same steps per access route, and states the
denominator of every share, because the seed calls the 6.2 % the share of those "die ... het
advies kregen" while dividing by all completed questionnaires.

Steps, each a part of the one before (decision, not official): **started**, **completed**,
**advised** (urgent or plain advice), **requested** (advised and asked for a conversation),
**held** (and had it). Conversations asked for or held without advice are counted beside the
funnel (``requested_unadvised``, ``held_unadvised``), so nothing is lost; the conversion of
Tabel 1 is all conversations held over all completed questionnaires. Counts only: a record
carries no identity.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet
from werkscan._reports.measurement import Share, share_places
from werkscan._scoring.model import Advice

__all__ = ["FUNNEL_STEPS", "Funnel", "FunnelRecord", "FunnelReport", "funnel"]

#: The steps of the funnel, each a part of the one before.
FUNNEL_STEPS: tuple[str, ...] = ("started", "completed", "advised", "requested", "held")


def _optional_count(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise InvalidValueError(attribute.name, value, "expected a whole number of 0 or more")


def _count(_instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(attribute.name, value, "expected a whole number of 0 or more")


def _route(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "a route is a non-empty name")


def _flag(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidValueError(attribute.name, value, "expected true or false")


def _advice(value: Any) -> Advice | None:
    if value is None or isinstance(value, Advice):
        return value
    try:
        return Advice(value)
    except ValueError:
        raise InvalidValueError("advice", value, f"expected one of {[a.value for a in Advice]}") from None


@attrs.frozen
class FunnelRecord:
    """One started questionnaire as the funnel counts it: its route and how far it got.

    ``advice`` is the advice of a completed questionnaire (``None`` while not completed).
    A conversation held must have been requested, and both need a completed questionnaire.

    Example:
        >>> FunnelRecord("link", completed=True, advice="advised", requested=True, held=True).held
        True
        >>> FunnelRecord("link", completed=False, requested=True)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: requested: a conversation needs a completed questionnaire (got True)
    """

    route: str = attrs.field(validator=_route)
    completed: bool = attrs.field(validator=_flag)
    advice: Advice | None = attrs.field(default=None, converter=_advice)
    requested: bool = attrs.field(default=False, validator=_flag)
    held: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if self.completed and self.advice is None:
            raise InvalidValueError("advice", None, "a completed questionnaire has an advice")
        if not self.completed and self.advice is not None:
            raise InvalidValueError("advice", self.advice.value, "only a completed questionnaire has an advice")
        if self.requested and not self.completed:
            raise InvalidValueError("requested", True, "a conversation needs a completed questionnaire")
        if self.held and not self.requested:
            raise InvalidValueError("held", True, "a conversation held must have been requested")


def _check_order(f: Funnel) -> None:
    """Counts never grow from one step to the next; the parts fit their wholes."""
    chain = [(name, getattr(f, name)) for name in FUNNEL_STEPS]
    known = [(name, count) for name, count in chain if count is not None]
    for (upper, a), (lower, b) in itertools.pairwise(known):
        if b > a:
            raise InvalidValueError(lower, b, f"more than {upper} ({a})")
    if f.urgent is not None:
        whole = f.advised if f.advised is not None else f.completed
        if f.urgent > whole:
            raise InvalidValueError("urgent", f.urgent, f"more than {'advised' if f.advised is not None else 'completed'} "
                                                        f"({whole})")
    if f.held_unadvised > f.requested_unadvised:
        raise InvalidValueError("held_unadvised", f.held_unadvised,
                                f"more than requested_unadvised ({f.requested_unadvised})")
    unadvised = f.completed - (f.advised or 0)
    if f.requested_unadvised > unadvised:
        raise InvalidValueError("requested_unadvised", f.requested_unadvised,
                                f"more than the completed questionnaires without advice ({unadvised})")


@attrs.frozen
class Funnel:
    """The counts of one access route, or of several together (WS-RPT-6).

    A count that is not known is ``None`` (the seed's Tabel 1 gives completed questionnaires
    and conversations only); the counts beside the funnel default to 0. Construction checks
    that no step has more than the step before.

    Example:
        >>> personal = Funnel("persoonlijke link", completed=1308, held=90)   # the evaluation's Tabel 1
        >>> personal.conversion(), personal.conversion().percent()
        (Share(count=90, of=1308), Decimal('6.9'))
        >>> Funnel("x", completed=10, advised=12)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: advised: more than completed (10) (got 12)
    """

    route: str = attrs.field(validator=_route)
    completed: int = attrs.field(validator=_count)
    started: int | None = attrs.field(default=None, validator=_optional_count)
    advised: int | None = attrs.field(default=None, validator=_optional_count)
    urgent: int | None = attrs.field(default=None, validator=_optional_count)
    requested: int | None = attrs.field(default=None, validator=_optional_count)
    held: int | None = attrs.field(default=None, validator=_optional_count)
    requested_unadvised: int = attrs.field(default=0, validator=_count)
    held_unadvised: int = attrs.field(default=0, validator=_count)

    def __attrs_post_init__(self) -> None:
        _check_order(self)

    def count(self, step: str) -> int | None:
        """The count of a step of :data:`FUNNEL_STEPS` (``None`` when not known)."""
        if step not in FUNNEL_STEPS:
            raise InvalidValueError("step", step, f"expected one of {list(FUNNEL_STEPS)}")
        value: int | None = getattr(self, step)
        return value

    def share(self, step: str, of: str) -> Share | None:
        """The count of ``step`` out of the count of ``of`` (an earlier step); ``None`` when
        either is not known.

        Example:
            >>> Funnel("all", completed=2908, started=3231).share("completed", of="started").percent()
            Decimal('90.0')
        """
        if step not in FUNNEL_STEPS or of not in FUNNEL_STEPS or FUNNEL_STEPS.index(of) >= FUNNEL_STEPS.index(step):
            raise InvalidValueError("of", of, f"must be a step of the funnel before {step!r}")
        count, whole = self.count(step), self.count(of)
        return None if count is None or whole is None else Share(count, whole)

    def steps(self) -> tuple[tuple[str, int, Share | None], ...]:
        """The known steps in order, each with its share of the known step before it."""
        out: list[tuple[str, int, Share | None]] = []
        previous: int | None = None
        for name in FUNNEL_STEPS:
            value = self.count(name)
            if value is None:
                continue
            out.append((name, value, None if previous is None else Share(value, previous)))
            previous = value
        return tuple(out)

    @property
    def conversations(self) -> int | None:
        """Conversations held, with or without advice; ``None`` when ``held`` is not known."""
        return None if self.held is None else self.held + self.held_unadvised

    @property
    def requests(self) -> int | None:
        """Conversations requested, with or without advice; ``None`` when not known."""
        return None if self.requested is None else self.requested + self.requested_unadvised

    def conversion(self) -> Share | None:
        """The conversion of Tabel 1: conversations held out of completed questionnaires."""
        return None if self.conversations is None else Share(self.conversations, self.completed)

    def abandoned(self) -> Share | None:
        """Questionnaires started but not completed, out of those started (seed: 323, 10 %)."""
        return None if self.started is None else Share(self.started - self.completed, self.started)

    def __add__(self, other: Funnel) -> Funnel:
        return combine([self, other], route=self.route if self.route == other.route else f"{self.route}+{other.route}")

    def to_json(self, places: int | None = None, *, rules: RuleSet | None = None) -> dict[str, Any]:
        """Counts, and every share with its denominator (``count``, ``of``, ``percent``);
        percentages to ``places`` decimals (default: ``share_places`` of ``rules``)."""
        places = share_places(rules) if places is None else places

        def share(s: Share | None) -> dict[str, Any] | None:
            return None if s is None else s.as_json(places)

        return {
            "route": self.route,
            **{name: self.count(name) for name in FUNNEL_STEPS},
            "urgent": self.urgent, "requested_unadvised": self.requested_unadvised,
            "held_unadvised": self.held_unadvised,
            "steps": [{"step": name, "count": value, "share_of_previous": share(s)} for name, value, s in self.steps()],
            "conversion": share(self.conversion()),
            "abandoned": share(self.abandoned()),
        }


def _sum(values: Iterable[int | None]) -> int | None:
    total = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def combine(funnels: Iterable[Funnel], *, route: str) -> Funnel:
    """Funnels added together under one route name; a count unknown in one is unknown in the sum.

    Example:
        >>> t = combine([Funnel("link", completed=1308, held=90), Funnel("other", completed=1600, held=90)],
        ...             route="totaal")
        >>> t.completed, t.held, t.conversion().percent()     # the evaluation's Tabel 1: 6,2 %
        (2908, 180, Decimal('6.2'))
    """
    items = list(funnels)
    if not items:
        raise InvalidValueError("funnels", [], "nothing to combine")
    fields = ("completed", "started", "advised", "urgent", "requested", "held", "requested_unadvised",
              "held_unadvised")
    return Funnel(route, **{name: _sum(getattr(f, name) for f in items) for name in fields})  # type: ignore[arg-type]


@attrs.frozen
class FunnelReport:
    """The funnel per access route and in total (WS-RPT-6).

    ``routes`` maps each route (in name order) to its :class:`Funnel`; ``total`` adds them.

    Example:
        >>> r = FunnelReport.of([Funnel("link", completed=1308, held=90), Funnel("free", completed=1600, held=90)])
        >>> [(name, f.conversion().percent()) for name, f in r.routes.items()], r.total.conversion().percent()
        ([('free', Decimal('5.6')), ('link', Decimal('6.9'))], Decimal('6.2'))
    """

    routes: Mapping[str, Funnel]
    total: Funnel

    @classmethod
    def of(cls, funnels: Iterable[Funnel], *, total_route: str = "total") -> FunnelReport:
        """A report from one funnel per route (a route given twice is an error)."""
        by_route: dict[str, Funnel] = {}
        for f in funnels:
            if f.route in by_route:
                raise InvalidValueError("route", f.route, "given twice")
            by_route[f.route] = f
        if not by_route:
            return cls({}, Funnel(total_route, completed=0, started=0, advised=0, urgent=0, requested=0, held=0))
        ordered = {name: by_route[name] for name in sorted(by_route)}
        return cls(ordered, combine(ordered.values(), route=total_route))

    def grouped(self, groups: Mapping[str, Iterable[str]]) -> FunnelReport:
        """Routes merged into groups, e.g. ``{"persoonlijke link": ("link", "code")}``; every
        route must be in exactly one group.

        Example:
            >>> r = FunnelReport.of([Funnel("link", completed=1000, held=70), Funnel("code", completed=308, held=20),
            ...                      Funnel("free", completed=1600, held=90)])
            >>> g = r.grouped({"persoonlijke link": ("link", "code"), "geen persoonlijke link": ("free",)})
            >>> g.routes["persoonlijke link"].conversion()
            Share(count=90, of=1308)
        """
        placed: dict[str, str] = {}
        for group, routes in groups.items():
            for route in routes:
                if route in placed:
                    raise InvalidValueError("groups", route, f"in two groups ({placed[route]!r}, {group!r})")
                placed[route] = group
        missing = sorted(set(self.routes) - set(placed))
        if missing:
            raise InvalidValueError("groups", missing, "routes in no group")
        merged = [combine([self.routes[r] for r in routes if r in self.routes], route=group)
                  for group, routes in groups.items() if any(r in self.routes for r in routes)]
        return FunnelReport.of(merged, total_route=self.total.route)

    def to_json(self, places: int | None = None, *, rules: RuleSet | None = None) -> dict[str, Any]:
        """The report as JSON-ready data: per route and in total."""
        places = share_places(rules) if places is None else places
        return {"routes": {name: f.to_json(places) for name, f in self.routes.items()},
                "total": self.total.to_json(places)}


def funnel(records: Iterable[FunnelRecord | Mapping[str, Any]]) -> FunnelReport:
    """Count started questionnaires through the funnel, per access route (WS-RPT-6).

    Args:
        records: one :class:`FunnelRecord` (or a mapping with its fields) per started
            questionnaire; they carry no identity.

    Returns:
        The :class:`FunnelReport`: per route and in total, every step counted.

    Raises:
        InvalidValueError: a record that contradicts itself (a conversation without a
            completed questionnaire, a conversation held but not requested), naming the record.

    Example:
        >>> r = funnel([{"route": "code", "completed": True, "advice": "urgent", "requested": True, "held": True},
        ...             {"route": "code", "completed": True, "advice": "none"},
        ...             {"route": "free", "completed": False}])
        >>> f = r.routes["code"]
        >>> f.steps()[1:]
        (('completed', 2, Share(count=2, of=2)), ('advised', 1, Share(count=1, of=2)), ('requested', 1, Share(count=1, of=1)), ('held', 1, Share(count=1, of=1)))
    """
    counts: dict[str, list[int]] = {}
    for i, raw in enumerate(records):
        record = raw if isinstance(raw, FunnelRecord) else _record(raw, i)
        c = counts.setdefault(record.route, [0] * 8)
        advised = record.advice in (Advice.URGENT, Advice.ADVISED)
        c[0] += 1
        c[1] += record.completed
        c[2] += advised
        c[3] += record.advice is Advice.URGENT
        c[4] += advised and record.requested
        c[5] += advised and record.held
        c[6] += record.completed and not advised and record.requested
        c[7] += record.completed and not advised and record.held
    return FunnelReport.of(Funnel(route, completed=c[1], started=c[0], advised=c[2], urgent=c[3], requested=c[4],
                                  held=c[5], requested_unadvised=c[6], held_unadvised=c[7])
                           for route, c in counts.items())


def _record(raw: Any, i: int) -> FunnelRecord:
    if not isinstance(raw, Mapping):
        raise InvalidValueError(f"records[{i}]", type(raw).__name__, "expected a FunnelRecord or a mapping")
    try:
        return FunnelRecord(**raw)
    except InvalidValueError as exc:
        raise InvalidValueError(f"records[{i}].{exc.field}", exc.value, exc.reason) from None
    except TypeError as exc:
        raise InvalidValueError(f"records[{i}]", sorted(raw), str(exc)) from None
