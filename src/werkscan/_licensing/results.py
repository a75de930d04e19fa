"""What is kept of a completed questionnaire for the employer report (WS-RPT-2, WS-ACC-4).

An employer report is built from the questionnaires stored under a licence:
distinct questionnaires, completed, inside the licence. So each completion stores
the little the report counts, in the same statement that marks the questionnaire
completed: the WAI score, its band, the advice and the level of each of the eight
signal areas. No answers, and nothing about the worker: the row it is kept on holds no
identity (contact data of the free route lives apart, WS-ACC-1a).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError
from werkscan._scoring.model import Advice, Band, ScoreResult, SignalArea, SignalLevel

__all__ = ["QuestionnaireResult"]

_AREAS: tuple[SignalArea, ...] = tuple(SignalArea)
_LETTER = {SignalLevel.STRONG: "s", SignalLevel.WEAK: "w", SignalLevel.NONE: "n"}
_LEVEL = {v: k for k, v in _LETTER.items()}


def _score(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise InvalidValueError("score", value, "expected a WAI score from 7 to 49")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise InvalidValueError("score", value, "expected a WAI score from 7 to 49") from None
    if not number.is_finite() or not 7 <= number <= 49 or (number * 2) % 1:
        raise InvalidValueError("score", value, "expected a WAI score from 7 to 49 in half points")
    return number.normalize() if number % 1 else number.quantize(Decimal(1))


def _band(value: Any) -> Band:
    try:
        return Band(value)
    except ValueError:
        raise InvalidValueError("band", value, f"expected one of {[b.value for b in Band]}") from None


def _advice(value: Any) -> Advice:
    try:
        return Advice(value)
    except ValueError:
        raise InvalidValueError("advice", value, f"expected one of {[a.value for a in Advice]}") from None


def _signals(value: Any) -> tuple[SignalLevel, ...]:
    try:
        levels = tuple(SignalLevel(v) for v in value)
    except (TypeError, ValueError):
        raise InvalidValueError("signals", value, "expected a level for each of the eight "
                                "signal areas") from None
    if len(levels) != len(_AREAS):
        raise InvalidValueError("signals", value, "expected a level for each of the eight signal areas")
    return levels


@attrs.frozen
class QuestionnaireResult:
    """The result of one completed questionnaire as stored for the employer report.

    ``signals`` holds a level per signal area in the order of :class:`werkscan.SignalArea`.

    Example:
        >>> r = QuestionnaireResult(Decimal("27.5"), Band.POOR, Advice.URGENT, (SignalLevel.NONE,) * 8)
        >>> r.encode()
        ('27.5', 'poor', 'urgent', 'nnnnnnnn')
        >>> QuestionnaireResult.decode(*r.encode()) == r
        True
    """

    score: Decimal = attrs.field(converter=_score)
    band: Band = attrs.field(converter=_band)
    advice: Advice = attrs.field(converter=_advice)
    signals: tuple[SignalLevel, ...] = attrs.field(converter=_signals)

    @classmethod
    def of(cls, result: ScoreResult) -> QuestionnaireResult:
        """What the report needs of a :class:`werkscan.ScoreResult`."""
        if not isinstance(result, ScoreResult):
            raise InvalidValueError("result", type(result).__name__, "expected a ScoreResult")
        return cls(Decimal(str(result.wai.score)), result.wai.band, result.advice,
                   tuple(result.signals[a] for a in _AREAS))

    def level(self, area: SignalArea) -> SignalLevel:
        """The level of one signal area."""
        return self.signals[_AREAS.index(SignalArea(area))]

    def encode(self) -> tuple[str, str, str, str]:
        """The four stored texts: score, band, advice, one letter per signal area."""
        return (str(self.score), self.band.value, self.advice.value,
                "".join(_LETTER[v] for v in self.signals))

    @classmethod
    def decode(cls, score: str, band: str, advice: str, signals: str) -> QuestionnaireResult:
        """Inverse of :meth:`encode`."""
        if not isinstance(signals, str) or any(c not in _LEVEL for c in signals):
            raise InvalidValueError("signals", signals, "not a stored signal code")
        return cls(score, band, advice, tuple(_LEVEL[c] for c in signals))
