"""Repeat measurement (herhaalmeting, WS-RPT-5): two questionnaires of one worker compared,
and a group of such pairs summarised.

The Werkscan evaluation (seed ``002_c7c9fbb17d8bd393.txt``, Panteia 2015) asked workers to
fill in the questionnaire again a year later and compared the two measurements: the mean
WAI of those who only filled in the questionnaire stayed the same (n=174); of the 62 with an
excellent WAI at the first measurement, 65 % still had one at the second and 35 % had a good
one; those who also had a conversation gained 3.4 points on average (n=25). This module does
that arithmetic and nothing more: no coefficient is invented.

* :func:`compare` gives a :class:`MeasurementChange`: the WAI change (exact), the band change
  and the signals that appeared, went, or got stronger or weaker.
* :func:`summarise_pairs` gives a :class:`RepeatSummary`: the number of pairs, the sums and
  means of the scores and of the change, the transitions between bands, and the signal changes
  per area; shares come as :class:`Share` s, each with its denominator.
* :func:`pair_measurements` pairs the measurements of many workers by a worker key and a
  measurement label, as the batch path (:func:`werkscan.compare_batch`) does over Arrow columns.

Decisions (not official, rule set ``werkscan-reports``): a signal *appeared* when an area had
no signal before and a strong or weak one after, *went* for the reverse; a move between
strong and weak is *stronger* or *weaker*.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet
from werkscan._scoring.model import Band, ScoreResult, SignalArea, SignalLevel
from werkscan._scoring.wai_rules import items_of, rule_set

__all__ = [
    "BAND_ORDER",
    "Measurement",
    "MeasurementChange",
    "RepeatMeasurement",
    "RepeatSummary",
    "Share",
    "SignalChange",
    "compare",
    "pair_measurements",
    "summarise_pairs",
]

#: The WAI bands from low to high: the order of band changes and of the transition table.
BAND_ORDER: tuple[Band, ...] = (Band.POOR, Band.MODERATE, Band.GOOD, Band.EXCELLENT)
_AREAS: tuple[SignalArea, ...] = tuple(SignalArea)
_SEVERITY = {SignalLevel.NONE: 0, SignalLevel.WEAK: 1, SignalLevel.STRONG: 2}


class SignalChange(enum.StrEnum):
    """How one signal area changed between two measurements (WS-RPT-5; a project decision).

    Example:
        >>> SignalChange("appeared").name
        'APPEARED'
    """

    APPEARED = "appeared"  # no signal before, a strong or weak one after
    WENT = "went"  # a strong or weak signal before, none after
    STRONGER = "stronger"  # weak before, strong after
    WEAKER = "weaker"  # strong before, weak after


_CHANGES: tuple[SignalChange, ...] = tuple(SignalChange)


def signal_change(before: SignalLevel, after: SignalLevel) -> SignalChange | None:
    """The change of one area, or ``None`` when its level stayed the same."""
    a, b = _SEVERITY[before], _SEVERITY[after]
    if a == b:
        return None
    if a == 0:
        return SignalChange.APPEARED
    if b == 0:
        return SignalChange.WENT
    return SignalChange.STRONGER if b > a else SignalChange.WEAKER


def _count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(field, value, "expected a whole number of 0 or more")
    return value


def _whole(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a whole number of 0 or more, named by the field."""
    _count(value, attribute.name)


def _counts(value: Any) -> tuple[tuple[int, ...], ...]:
    """attrs converter: a table of counts as tuples (checked by :func:`_table_of`)."""
    try:
        return tuple(tuple(row) for row in value)
    except TypeError:
        raise InvalidValueError("counts", value, "expected rows of counts") from None


def _table_of(rows: int, cols: int) -> Any:
    def check(_instance: Any, attribute: Any, value: tuple[tuple[int, ...], ...]) -> None:
        if len(value) != rows or any(len(row) != cols for row in value):
            raise InvalidValueError(attribute.name, value, f"expected {rows} rows of {cols} counts")
        for row in value:
            for v in row:
                _count(v, attribute.name)
    return check


def share_places(rules: RuleSet | None = None) -> int:
    """The decimals a percentage is shown with: ``share_places`` of ``rules`` (default
    :data:`werkscan.REPORT_RULES`, 1)."""
    from werkscan._reports.rules import REPORT_RULES

    rules = rule_set(rules, REPORT_RULES)
    places = rules.parameter("share_places")
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
        raise InvalidValueError("share_places", places, "expected a whole number from 0 to 6")
    return places


@attrs.frozen
class Share:
    """A count out of a stated denominator: "40 of 62" (WS-RPT-5, WS-RPT-6).

    ``percent`` rounds half-up to ``places`` decimals (default 1, as the seed's Tabel 1
    prints 6,9 %); it is ``None`` when the denominator is 0. The count never exceeds the
    denominator.

    Example:
        >>> s = Share(40, 62)
        >>> s.percent(), s.percent(0), s.as_json()
        (Decimal('64.5'), Decimal('65'), {'count': 40, 'of': 62, 'percent': 64.5})
        >>> Share(63, 62)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: count: more than its denominator 62 (got 63)
    """

    count: int = attrs.field(validator=_whole)
    of: int = attrs.field(validator=_whole)

    def __attrs_post_init__(self) -> None:
        if self.count > self.of:
            raise InvalidValueError("count", self.count, f"more than its denominator {self.of}")

    def ratio(self) -> Decimal | None:
        """``count / of`` exactly (28 significant digits), ``None`` when ``of`` is 0."""
        return None if self.of == 0 else Decimal(self.count) / Decimal(self.of)

    def percent(self, places: int | None = None, *, rules: RuleSet | None = None) -> Decimal | None:
        """The share in percent, rounded half-up to ``places`` decimals (default: the
        ``share_places`` of ``rules``, :data:`werkscan.REPORT_RULES`: 1); ``None`` when ``of`` is 0."""
        ratio = self.ratio()
        if ratio is None:
            return None
        digits = share_places(rules) if places is None else places
        return (ratio * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)

    def as_json(self, places: int | None = None, *, rules: RuleSet | None = None) -> dict[str, Any]:
        """``{"count", "of", "percent"}`` with the percent as a number (or ``None``)."""
        pct = self.percent(places, rules=rules)
        return {"count": self.count, "of": self.of, "percent": None if pct is None else float(pct)}


def _levels(value: Any) -> tuple[tuple[SignalArea, SignalLevel], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    try:
        levels = {SignalArea(a): SignalLevel(lv) for a, lv in items}
    except ValueError as exc:
        raise InvalidValueError("signals", value, str(exc)) from None
    missing = [a.value for a in _AREAS if a not in levels]
    if missing:
        raise InvalidValueError("signals", value, f"a level for every area is needed; missing {missing}")
    return tuple((a, levels[a]) for a in _AREAS)


def _score(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidValueError("score", value, "expected a number")
    d = Decimal(value)
    if not d.is_finite() or d * 2 != (d * 2).to_integral_value():
        raise InvalidValueError("score", value, "a WAI is a whole or half number")
    return d


@attrs.frozen
class Measurement:
    """One questionnaire as a repeat measurement needs it: WAI score, band and the signals.

    Build it from a :class:`werkscan.ScoreResult` (:meth:`of`) or from a stored score and
    signals (:meth:`from_score`, which takes the band from the rule set).

    Example:
        >>> m = Measurement.from_score(44, {a.value: "none" for a in SignalArea})
        >>> m.score, m.band.value
        (Decimal('44'), 'excellent')
    """

    score: Decimal = attrs.field(converter=_score)
    band: Band = attrs.field(converter=Band)
    signals: tuple[tuple[SignalArea, SignalLevel], ...] = attrs.field(converter=_levels)

    @classmethod
    def of(cls, result: ScoreResult) -> Measurement:
        """The measurement of a scored questionnaire."""
        return cls(Decimal(result.wai.score), result.wai.band, tuple(result.signals.items()))

    @classmethod
    def from_score(cls, score: float | int | Decimal, signals: Mapping[Any, Any] | Iterable[tuple[Any, Any]],
                   *, rules: RuleSet | None = None) -> Measurement:
        """A measurement from a score (7-49) and the eight signal levels; the band from ``rules``."""
        from werkscan._scoring.scalar import band_for

        return cls(_score(score), band_for(_score(score), rules=rules), signals)

    def level(self, area: SignalArea) -> SignalLevel:
        """The signal level of ``area``."""
        return dict(self.signals)[area]


def _measurement(value: Measurement | ScoreResult, field: str) -> Measurement:
    if isinstance(value, Measurement):
        return value
    if isinstance(value, ScoreResult):
        return Measurement.of(value)
    raise InvalidValueError(field, type(value).__name__, "expected a ScoreResult or a Measurement")


@attrs.frozen
class MeasurementChange:
    """Two measurements of one worker compared (WS-RPT-5).

    ``wai_change`` is exact (after minus before); ``band_steps`` counts bands up (positive)
    or down (negative); ``signal_changes`` lists the areas whose level changed, in report
    order.

    Example:
        >>> quiet = {a.value: "none" for a in SignalArea}
        >>> c = compare(Measurement.from_score(44, quiet), Measurement.from_score(42, {**quiet, "work": "weak"}))
        >>> c.wai_change, c.before.band.value, c.after.band.value, c.band_steps
        (Decimal('-2'), 'excellent', 'good', -1)
        >>> [(a.value, k.value) for a, k in c.signal_changes]
        [('work', 'appeared')]
    """

    before: Measurement
    after: Measurement

    @property
    def wai_change(self) -> Decimal:
        """The WAI at the second measurement minus the first, exact."""
        return self.after.score - self.before.score

    @property
    def band_steps(self) -> int:
        """The bands moved, +1 from good to excellent, -1 from excellent to good, 0 when the same."""
        return BAND_ORDER.index(self.after.band) - BAND_ORDER.index(self.before.band)

    @property
    def signal_changes(self) -> tuple[tuple[SignalArea, SignalChange], ...]:
        """The areas whose level changed, with how, in report order."""
        after = dict(self.after.signals)
        out: list[tuple[SignalArea, SignalChange]] = []
        for area, level in self.before.signals:
            change = signal_change(level, after[area])
            if change is not None:
                out.append((area, change))
        return tuple(out)

    def areas(self, change: SignalChange) -> tuple[SignalArea, ...]:
        """The areas with the given change (e.g. the signals that appeared)."""
        return tuple(a for a, c in self.signal_changes if c is change)

    @property
    def appeared(self) -> tuple[SignalArea, ...]:
        """Areas with no signal before and a strong or weak one after."""
        return self.areas(SignalChange.APPEARED)

    @property
    def went(self) -> tuple[SignalArea, ...]:
        """Areas with a strong or weak signal before and none after."""
        return self.areas(SignalChange.WENT)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: scores, bands, change, band steps, signal changes by area."""
        return {
            "before": {"score": float(self.before.score), "band": self.before.band.value},
            "after": {"score": float(self.after.score), "band": self.after.band.value},
            "wai_change": float(self.wai_change),
            "band_steps": self.band_steps,
            "signal_changes": {a.value: c.value for a, c in self.signal_changes},
        }


def compare(before: Measurement | ScoreResult, after: Measurement | ScoreResult) -> MeasurementChange:
    """Compare two questionnaires of one worker (WS-RPT-5).

    Args:
        before: the earlier measurement (a :class:`werkscan.ScoreResult` or a :class:`Measurement`).
        after: the later one.

    Returns:
        The :class:`MeasurementChange`. Comparing a measurement with itself gives no change.

    Raises:
        InvalidValueError: an argument that is neither.

    Example:
        >>> quiet = {a.value: "none" for a in SignalArea}
        >>> m = Measurement.from_score(31.5, quiet)
        >>> c = compare(m, m)
        >>> c.wai_change, c.band_steps, c.signal_changes
        (Decimal('0.0'), 0, ())
    """
    return MeasurementChange(_measurement(before, "before"), _measurement(after, "after"))


_EMPTY_AREAS: tuple[tuple[int, ...], ...] = tuple((0,) * len(_CHANGES) for _ in _AREAS)
_EMPTY_BANDS: tuple[tuple[int, ...], ...] = tuple((0,) * len(BAND_ORDER) for _ in BAND_ORDER)


@attrs.frozen
class RepeatSummary:
    """A group of measurement pairs summarised (WS-RPT-5): counts and exact sums only.

    ``total_before``, ``total_after`` are the sums of the scores (exact, half points);
    ``transitions[i][j]`` counts pairs from band ``BAND_ORDER[i]`` to ``BAND_ORDER[j]``;
    ``improved``, ``unchanged``, ``declined`` count pairs by the sign of the WAI change;
    ``area_changes[i][k]`` counts pairs whose area ``i`` (report order) had change ``k``
    (:class:`SignalChange` order). Sums are exact; a mean is the sum divided by the pairs
    to 28 significant digits (:class:`~decimal.Decimal`); round it only to show it.

    Example:
        >>> quiet = {a.value: "none" for a in SignalArea}
        >>> s = summarise_pairs([compare(Measurement.from_score(46, quiet), Measurement.from_score(46, quiet)),
        ...                      compare(Measurement.from_score(44, quiet), Measurement.from_score(42, quiet))])
        >>> s.pairs, s.mean_change, s.stayed(Band.EXCELLENT).as_json(0)
        (2, Decimal('-1'), {'count': 1, 'of': 2, 'percent': 50.0})
    """

    pairs: int = attrs.field(validator=_whole)
    total_before: Decimal = attrs.field(converter=Decimal)
    total_after: Decimal = attrs.field(converter=Decimal)
    transitions: tuple[tuple[int, ...], ...] = attrs.field(
        default=_EMPTY_BANDS, converter=_counts, validator=_table_of(len(BAND_ORDER), len(BAND_ORDER)))
    improved: int = attrs.field(default=0, validator=_whole)
    unchanged: int = attrs.field(default=0, validator=_whole)
    declined: int = attrs.field(default=0, validator=_whole)
    area_changes: tuple[tuple[int, ...], ...] = attrs.field(
        default=_EMPTY_AREAS, converter=_counts, validator=_table_of(len(_AREAS), len(_CHANGES)))

    def __attrs_post_init__(self) -> None:
        if sum(map(sum, self.transitions)) != self.pairs:
            raise InvalidValueError("transitions", self.transitions, f"must count the {self.pairs} pairs")
        if self.improved + self.unchanged + self.declined != self.pairs:
            raise InvalidValueError("improved", self.improved, f"improved, unchanged and declined must add up to "
                                                              f"the {self.pairs} pairs")
        if any(sum(row) > self.pairs for row in self.area_changes):
            raise InvalidValueError("area_changes", self.area_changes, "an area changes at most once per pair")

    def _mean(self, total: Decimal) -> Decimal | None:
        return None if self.pairs == 0 else total / Decimal(self.pairs)

    @property
    def mean_before(self) -> Decimal | None:
        """The mean WAI at the first measurement, ``None`` without pairs."""
        return self._mean(self.total_before)

    @property
    def mean_after(self) -> Decimal | None:
        """The mean WAI at the second measurement, ``None`` without pairs."""
        return self._mean(self.total_after)

    @property
    def mean_change(self) -> Decimal | None:
        """The mean change of the WAI, ``None`` without pairs."""
        return self._mean(self.total_after - self.total_before)

    def transition(self, before: Band, after: Band) -> int:
        """The number of pairs that went from band ``before`` to band ``after``."""
        return self.transitions[BAND_ORDER.index(Band(before))][BAND_ORDER.index(Band(after))]

    def started_in(self, band: Band) -> Share:
        """The pairs whose first measurement was in ``band``, out of all pairs."""
        return Share(sum(self.transitions[BAND_ORDER.index(Band(band))]), self.pairs)

    def ended_in(self, band: Band) -> Share:
        """The pairs whose second measurement was in ``band``, out of all pairs."""
        j = BAND_ORDER.index(Band(band))
        return Share(sum(row[j] for row in self.transitions), self.pairs)

    def share(self, before: Band, after: Band) -> Share:
        """Of the pairs that started in ``before``, those that ended in ``after``."""
        return Share(self.transition(before, after), self.started_in(before).count)

    def stayed(self, band: Band) -> Share:
        """Of the pairs that started in ``band``, those still in it (e.g. "stays excellent")."""
        return self.share(band, band)

    def changes(self, area: SignalArea, change: SignalChange) -> Share:
        """The pairs whose ``area`` had ``change`` (e.g. a signal on work appeared), of all pairs."""
        return Share(self.area_changes[_AREAS.index(SignalArea(area))][_CHANGES.index(SignalChange(change))],
                     self.pairs)

    def to_json(self, places: int | None = None, *, rules: RuleSet | None = None) -> dict[str, Any]:
        """A JSON-ready dict; means and percentages rounded half-up to ``places`` decimals
        (default: ``share_places`` of ``rules``), counts exact."""
        places = share_places(rules) if places is None else places

        def rounded(value: Decimal | None) -> float | None:
            return None if value is None else float(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))

        return {
            "pairs": self.pairs,
            "mean_before": rounded(self.mean_before),
            "mean_after": rounded(self.mean_after),
            "mean_change": rounded(self.mean_change),
            "improved": self.improved, "unchanged": self.unchanged, "declined": self.declined,
            "transitions": {b.value: {a.value: self.transition(b, a) for a in BAND_ORDER} for b in BAND_ORDER},
            "stayed": {b.value: self.stayed(b).as_json(places) for b in BAND_ORDER},
            "signal_changes": {a.value: {c.value: self.changes(a, c).count for c in _CHANGES} for a in _AREAS},
        }


def summarise_pairs(changes: Iterable[MeasurementChange]) -> RepeatSummary:
    """Summarise a group of measurement pairs (WS-RPT-5).

    Args:
        changes: the compared pairs (:func:`compare`).

    Returns:
        The :class:`RepeatSummary`: pairs, exact sums, means, band transitions, the
        numbers improved / unchanged / declined, and the signal changes per area.

    Example:
        >>> summarise_pairs([]).mean_change is None
        True
    """
    pairs = 0
    before = after = Decimal(0)
    bands = [[0] * len(BAND_ORDER) for _ in BAND_ORDER]
    signs = [0, 0, 0]  # improved, unchanged, declined
    areas = [[0] * len(_CHANGES) for _ in _AREAS]
    for change in items_of(changes, "changes"):
        if not isinstance(change, MeasurementChange):
            raise InvalidValueError("changes", type(change).__name__, "expected MeasurementChange values")
        pairs += 1
        before += change.before.score
        after += change.after.score
        bands[BAND_ORDER.index(change.before.band)][BAND_ORDER.index(change.after.band)] += 1
        delta = change.wai_change
        signs[0 if delta > 0 else 1 if delta == 0 else 2] += 1
        for area, kind in change.signal_changes:
            areas[_AREAS.index(area)][_CHANGES.index(kind)] += 1
    return RepeatSummary(pairs, before, after, bands, signs[0], signs[1], signs[2], areas)


@attrs.frozen
class RepeatMeasurement:
    """The pairs of a group of workers and their summary (WS-RPT-5).

    ``changes`` maps each paired worker key to its :class:`MeasurementChange`, in key
    order; ``unpaired`` counts the workers with only one of the two measurements.

    Example:
        >>> RepeatMeasurement({}, summarise_pairs([]), 0, 1, 2).unpaired
        0
    """

    changes: Mapping[Hashable, MeasurementChange]
    summary: RepeatSummary
    unpaired: int
    before: Any
    after: Any


def _labels(values: Iterable[Any], before: Any, after: Any) -> tuple[Any, Any]:
    for value, field in ((before, "before"), (after, "after")):
        try:
            hash(value)
        except TypeError:
            raise InvalidValueError(field, type(value).__name__, "a measurement label must be hashable") from None
    if before is not None and after is not None:
        if before == after:
            raise InvalidValueError("after", after, "the two measurements must differ")
        return before, after
    if before is not None or after is not None:
        raise InvalidValueError("before" if before is None else "after", None,
                                "name both measurements, or neither")
    try:
        distinct = sorted(set(values))
    except TypeError:  # labels of kinds that do not compare (1 and "2")
        raise InvalidValueError("measurement", sorted({type(v).__name__ for v in values}),
                                "the measurement labels are of different kinds") from None
    if len(distinct) != 2:
        raise InvalidValueError("measurement", distinct,
                                "exactly two measurement labels are needed; name them with before= and after=")
    return distinct[0], distinct[1]


def pair_measurements(records: Iterable[tuple[Hashable, Any, Measurement | ScoreResult]], *,
                      before: Any = None, after: Any = None) -> RepeatMeasurement:
    """Pair the measurements of many workers and summarise them (WS-RPT-5).

    Args:
        records: ``(worker key, measurement label, result)`` per questionnaire; the key is any
            pseudonym the caller keeps (never shown in a summary).
        before, after: the labels of the two measurements; by default the two distinct labels,
            in sorted order (e.g. 1 and 2).

    Returns:
        A :class:`RepeatMeasurement`; workers with only one of the two are counted as
        unpaired; measurements with other labels are ignored.

    Raises:
        InvalidValueError: a worker with two questionnaires for one measurement; not exactly
            two labels when none are named.

    Example:
        >>> quiet = {a.value: "none" for a in SignalArea}
        >>> r = pair_measurements([("w1", 1, Measurement.from_score(40, quiet)),
        ...                        ("w1", 2, Measurement.from_score(42.5, quiet)),
        ...                        ("w2", 2, Measurement.from_score(30, quiet))])
        >>> r.summary.pairs, r.unpaired, r.summary.mean_change
        (1, 1, Decimal('2.5'))
    """
    rows: list[tuple[Hashable, Any, Measurement]] = []
    for i, record in enumerate(items_of(records, "records")):
        if not isinstance(record, tuple | list) or len(record) != 3:
            raise InvalidValueError(f"records[{i}]", type(record).__name__,
                                    "expected (worker key, measurement label, result)")
        worker, label, result = record
        for value, what in ((worker, "worker key"), (label, "measurement label")):
            try:
                hash(value)
            except TypeError:
                raise InvalidValueError(f"records[{i}]", type(value).__name__, f"a {what} must be hashable") from None
        rows.append((worker, label, _measurement(result, f"records[{i}]")))
    first, second = _labels([label for _w, label, _m in rows if label is not None], before, after)
    found: dict[Any, dict[Hashable, Measurement]] = {first: {}, second: {}}
    for i, (worker, label, m) in enumerate(rows):
        if worker is None or label is None:
            raise InvalidValueError(f"records[{i}]", None, "a questionnaire needs a worker key and a measurement label")
        if label not in found:
            continue
        if worker in found[label]:
            raise InvalidValueError(f"records[{i}]", label, "a second questionnaire of one worker for this measurement")
        found[label][worker] = m
    paired = sorted(found[first].keys() & found[second].keys(), key=_sort_key)
    changes = {w: compare(found[first][w], found[second][w]) for w in paired}
    unpaired = len(found[first].keys() ^ found[second].keys())
    return RepeatMeasurement(changes, summarise_pairs(changes.values()), unpaired, first, second)


def _sort_key(value: Hashable) -> tuple[str, Any]:
    return (type(value).__name__, value)

