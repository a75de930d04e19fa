"""The advice explains itself (WS-ADV-7): structured sentences and their plain rendering.

Seed ``002_c7c9fbb17d8bd393.txt`` reports that experts miss "waarom een werkende het advies
krijgt om wel/niet een gesprek te voeren". An :class:`werkscan.AdviceExplanation` therefore
says what decided the advice: the WAI against its threshold, the band, the signals and the
policy in force. :func:`explanation_lines` turns it into :class:`werkscan.ExplanationLine` s
(a message id and its values, no rule ids); :func:`render_lines` is the plain default
rendering in Dutch or English, with numbers and lists formatted by Babel.

The wording lives in :data:`ADVICE_MESSAGES`, keyed by message id, so a message catalogue
(gettext) can take it over without changing the lines: placeholders are ``{name}``; ``band``
is a band value and ``areas`` a list of signal-area values, both shown through
:func:`werkscan.label`. The English advice sentences are the ones of the worker report, so
one catalogue entry serves both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from blikopwerk._errors import InvalidValueError
from werkscan._scoring.model import (
    AdviceExplanation,
    AdviceReason,
    Band,
    ExplanationLine,
    ExplanationValue,
    ScoreResult,
    SignalArea,
    SignalLevel,
    SignalPolicy,
    label,
)

__all__ = ["ADVICE_MESSAGES", "by_level", "explain_result", "explanation_lines", "render_lines", "triggers"]

_AREAS: tuple[SignalArea, ...] = tuple(SignalArea)


def by_level(signals: Mapping[SignalArea, SignalLevel]) -> tuple[tuple[SignalArea, ...], tuple[SignalArea, ...]]:
    """The areas with a strong and with a weak signal, in report order."""
    return (tuple(a for a in _AREAS if signals[a] is SignalLevel.STRONG),
            tuple(a for a in _AREAS if signals[a] is SignalLevel.WEAK))


def triggers(policy: SignalPolicy, strong: tuple[SignalArea, ...],
             weak: tuple[SignalArea, ...]) -> tuple[SignalArea, ...]:
    """The areas that make the policy on signals advise (WS-ADV-6), in report order."""
    if policy is SignalPolicy.STRONG:
        return strong
    if policy is SignalPolicy.STRONG_AND_WEAK:
        return tuple(a for a in _AREAS if a in strong or a in weak)
    return ()


def explain_result(result: ScoreResult) -> AdviceExplanation:
    """The explanation of a scored questionnaire, from the result's own fields (WS-ADV-7)."""
    strong, weak = by_level(result.signals)
    triggered = triggers(result.signal_policy, strong, weak) if result.advice_reason is AdviceReason.SIGNALS else ()
    return AdviceExplanation(advice=result.advice, reason=result.advice_reason, score=result.wai.score,
                             band=result.wai.band, urgent_below=result.urgent_below,
                             advice_below=result.advice_below, preventive=result.preventive,
                             signal_policy=result.signal_policy, strong=strong, weak=weak, triggered_by=triggered)

_STANDARD_NL = ("Het advies volgt de vaste regel: een gesprek bij een WAI-score lager dan {below}, "
                "een dringend advies bij lager dan {urgent}")
_STANDARD_EN = ("The advice follows the standard rule: a conversation for a WAI score below {below}, "
                "urgent advice below {urgent}")

#: The wording of every explanation line, by message id and language (``nl``, ``en``). The
#: English texts of the advice lines are those of the worker report's catalogue, so one
#: translation serves both.
ADVICE_MESSAGES: Mapping[str, Mapping[str, str]] = {
    "advice.decided.urgent_below": {
        "nl": "Uw WAI-score ({score}) is lager dan {urgent}: daarom is het advies dringend.",
        "en": "Your WAI score ({score}) is below {urgent}: that is why the advice is urgent.",
    },
    "advice.decided.advice_below": {
        "nl": "Uw WAI-score ({score}) is lager dan {below}: daarom krijgt u het advies om een gesprek aan te gaan.",
        "en": "Your WAI score ({score}) is below {below}: that is why you are advised to have a conversation.",
    },
    "advice.decided.preventive": {
        "nl": "Uw WAI-score ({score}) is {below} of hoger, maar de organisatie die u de Werkscan aanbood, "
              "adviseert iedereen een gesprek om het werkvermogen goed te houden.",
        "en": "Your WAI score ({score}) is {below} or higher, but the organisation that offered you the "
              "Werkscan advises everyone to have a conversation, to keep work ability good.",
    },
    "advice.decided.signals": {
        "nl": "Uw WAI-score ({score}) is {below} of hoger, maar u heeft een signaal op {areas}: daarom krijgt "
              "u het advies om een gesprek aan te gaan, om problemen te voorkomen.",
        "en": "Your WAI score ({score}) is {below} or higher, but you have a signal on {areas}: that is why "
              "you are advised to have a conversation, to prevent problems.",
    },
    "advice.decided.no_reason": {
        "nl": "Uw WAI-score ({score}) is {below} of hoger: er is geen aanleiding voor een gesprek.",
        "en": "Your WAI score ({score}) is {below} or higher: there is no reason for a conversation.",
    },
    "advice.band": {"nl": "Uw werkvermogen is {band}.", "en": "Your work ability is {band}."},
    "advice.signals.strong": {"nl": "Sterke signalen: {areas}.", "en": "Strong signals: {areas}."},
    "advice.signals.weak": {"nl": "Zwakke signalen: {areas}.", "en": "Weak signals: {areas}."},
    "advice.signals.none": {
        "nl": "U heeft op geen enkel signaalgebied een signaal.",
        "en": "You have no signal in any area.",
    },
    "advice.policy.standard": {"nl": _STANDARD_NL + ".", "en": _STANDARD_EN + "."},
    "advice.policy.preventive": {
        "nl": "Het advies volgt het preventieve beleid: iedereen krijgt het advies om een gesprek te voeren, "
              "een dringend advies bij een WAI-score lager dan {urgent}.",
        "en": "The advice follows the preventive policy: everyone is advised to have a conversation, "
              "urgently below a WAI score of {urgent}.",
    },
    "advice.policy.signals_strong": {
        "nl": _STANDARD_NL + "; bij een hogere score ook bij een sterk signaal.",
        "en": _STANDARD_EN + "; at a higher score also with a strong signal.",
    },
    "advice.policy.signals_strong_and_weak": {
        "nl": _STANDARD_NL + "; bij een hogere score ook bij een sterk of zwak signaal.",
        "en": _STANDARD_EN + "; at a higher score also with a strong or weak signal.",
    },
}

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _areas(areas: Iterable[SignalArea]) -> list[str]:
    return [a.value for a in areas]


def explanation_lines(explanation: AdviceExplanation) -> tuple[ExplanationLine, ...]:
    """The explanation as structured sentences (WS-ADV-7), in reading order.

    1. ``advice.decided.<reason>``: what decided, the score against the threshold that
    applied (and the areas, for the policy on signals); 2. ``advice.band``: the band;
    3. the strong and weak signals (``advice.signals.*``); 4. ``advice.policy.<policy>``: the
    policy in force. Values: ``score``, ``urgent`` and ``below`` (numbers), ``band`` (a band
    value), ``areas`` (signal-area values).

    Example:
        >>> from decimal import Decimal
        >>> from werkscan import Advice, AdviceExplanation, AdviceReason, Band, SignalPolicy
        >>> e = AdviceExplanation(advice=Advice.NONE, reason=AdviceReason.NO_REASON, score=45.0,
        ...                       band=Band.EXCELLENT, urgent_below=Decimal(28), advice_below=Decimal(43),
        ...                       preventive=False, signal_policy=SignalPolicy.OFF, strong=(), weak=())
        >>> [(line.msgid, line.values) for line in explanation_lines(e)][0]
        ('advice.decided.no_reason', {'score': 45.0, 'below': 43.0})
    """
    urgent, below = float(explanation.urgent_below), float(explanation.advice_below)
    reason = explanation.reason
    decided: dict[str, ExplanationValue] = {"score": explanation.score}
    if reason is AdviceReason.URGENT_BELOW:
        decided["urgent"] = urgent
    else:
        decided["below"] = below
    if reason is AdviceReason.SIGNALS:
        decided["areas"] = _areas(explanation.triggered_by)
    lines = [ExplanationLine(msgid=f"advice.decided.{reason.value}", values=decided),
             ExplanationLine(msgid="advice.band", values={"band": explanation.band.value})]
    if explanation.strong:
        lines.append(ExplanationLine(msgid="advice.signals.strong", values={"areas": _areas(explanation.strong)}))
    if explanation.weak:
        lines.append(ExplanationLine(msgid="advice.signals.weak", values={"areas": _areas(explanation.weak)}))
    if not explanation.strong and not explanation.weak:
        lines.append(ExplanationLine(msgid="advice.signals.none", values={}))
    if explanation.preventive:
        lines.append(ExplanationLine(msgid="advice.policy.preventive", values={"urgent": urgent}))
    else:
        policy = "standard" if explanation.signal_policy is SignalPolicy.OFF else \
            f"signals_{explanation.signal_policy.value}"
        lines.append(ExplanationLine(msgid=f"advice.policy.{policy}", values={"below": below, "urgent": urgent}))
    return tuple(lines)


def _format(name: str, value: ExplanationValue, lang: str) -> str:
    from babel.lists import format_list
    from babel.numbers import format_decimal

    locale = _LOCALES[lang]
    if name == "band":
        return label(Band(str(value)), lang)
    if name == "areas":
        values = value if isinstance(value, list) else [str(value)]
        return format_list([label(SignalArea(v), lang) for v in values], locale=locale)
    if isinstance(value, float):
        return format_decimal(value, locale=locale)
    return str(value)


def render_lines(lines: Iterable[ExplanationLine], lang: str = "nl") -> str:
    """The plain default rendering of explanation lines, one sentence per line.

    Args:
        lines: the structured sentences (:meth:`werkscan.AdviceExplanation.lines`).
        lang: ``"nl"`` (default) or ``"en"``.

    Raises:
        InvalidValueError: an unknown language or message id.

    Example:
        >>> from werkscan import ExplanationLine
        >>> render_lines([ExplanationLine(msgid="advice.decided.urgent_below", values={"score": 27.5, "urgent": 28.0})])
        'Uw WAI-score (27,5) is lager dan 28: daarom is het advies dringend.'
    """
    if lang not in _LOCALES:
        raise InvalidValueError("lang", lang, f"unknown language; known: {sorted(_LOCALES)}")
    out: list[str] = []
    for line in lines:
        try:
            template = ADVICE_MESSAGES[line.msgid][lang]
        except KeyError:
            raise InvalidValueError("msgid", line.msgid, "no such explanation message") from None
        out.append(template.format(**{k: _format(k, v, lang) for k, v in line.values.items()}))
    return "\n".join(out)
