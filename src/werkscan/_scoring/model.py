"""The Werkscan answers (pydantic, validated at the boundary) and the scoring results.

The answers model follows the JSON form of issue 3; its JSON Schema is what
``werkscan schema`` prints for form builders. Results are frozen pydantic models so
``result.model_dump(mode="json")`` is the documented JSON form.
"""

from __future__ import annotations

import enum
import functools
import inspect
import operator
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    computed_field,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import N_, translator

__all__ = [
    "Advice",
    "AdviceExplanation",
    "AdviceReason",
    "Answers",
    "AnswersError",
    "Band",
    "Diagnosis",
    "DiseaseAnswer",
    "ExplanationLine",
    "FieldError",
    "ItemPoints",
    "ScoreResult",
    "SickLeaveBand",
    "SignalAnswers",
    "SignalArea",
    "SignalLevel",
    "SignalPolicy",
    "WaiAnswers",
    "WaiResult",
    "WorkNature",
    "label",
]


class Band(enum.StrEnum):
    """WAI band (WS-WAI-9); Dutch labels via :func:`label`.

    Example:
        >>> Band.GOOD.value, label(Band.GOOD), label(Band.GOOD, "en")
        ('good', 'goed', 'good')
    """

    POOR = "poor"
    MODERATE = "moderate"
    GOOD = "good"
    EXCELLENT = "excellent"


class Advice(enum.StrEnum):
    """Advice after the questionnaire (WS-ADV-1).

    Example:
        >>> label(Advice.URGENT), label(Advice.NONE, "en")
        ('dringend advies', 'no reason for a conversation')
    """

    URGENT = "urgent"
    ADVISED = "advised"
    NONE = "none"


class SignalLevel(enum.StrEnum):
    """Level of a signal area (WS-SIG-1): strong, weak or no signal.

    Example:
        >>> label(SignalLevel.WEAK)
        'zwak signaal'
    """

    STRONG = "strong"
    WEAK = "weak"
    NONE = "none"


class SignalArea(enum.StrEnum):
    """The eight signal areas, *signaalgebieden* (WS-SIG-1), in the order of the report.

    Example:
        >>> [label(a) for a in SignalArea][:3]
        ['Gezondheid', 'Leefstijl', 'Werk']
    """

    HEALTH = "health"
    LIFESTYLE = "lifestyle"
    WORK = "work"
    WORK_LIFE_BALANCE = "work_life_balance"
    EDUCATION = "education"
    CAREER_DEVELOPMENT = "career_development"
    CAREER_MOBILITY = "career_mobility"
    SELF_RELIANCE = "self_reliance"


_AREAS: tuple[SignalArea, ...] = tuple(SignalArea)


class SignalPolicy(enum.StrEnum):
    """Which signals turn "no reason" into advice for prevention (WS-ADV-6).

    ``off`` (the default) keeps the plain threshold rule (WS-ADV-2); ``strong``: a WAI at or
    above the advice threshold with at least one strong signal gives advice; ``strong_and_weak``:
    at least one strong or weak signal. Which signals count is a project decision (not official).

    Example:
        >>> SignalPolicy("strong_and_weak").name
        'STRONG_AND_WEAK'
    """

    OFF = "off"
    STRONG = "strong"
    STRONG_AND_WEAK = "strong_and_weak"


class AdviceReason(enum.StrEnum):
    """What decided the advice (WS-ADV-7): each value is one rule, named in plain words.

    ``urgent_below``: the WAI is below the urgent-advice threshold (WS-ADV-3);
    ``advice_below``: below the advice threshold (WS-ADV-2); ``preventive``: the preventive
    policy advises everyone (WS-ADV-4); ``signals``: the policy on signals advises at a good WAI
    (WS-ADV-6); ``no_reason``: at or above the threshold, no policy applies (WS-ADV-2).

    Example:
        >>> AdviceReason.SIGNALS.rule_id
        'WS-ADV-6'
    """

    URGENT_BELOW = "urgent_below"
    ADVICE_BELOW = "advice_below"
    PREVENTIVE = "preventive"
    SIGNALS = "signals"
    NO_REASON = "no_reason"

    @property
    def rule_id(self) -> str:
        """The catalogue id of the rule (for developers and logs, never for end users)."""
        return _REASON_RULES[self.value]


_REASON_RULES: dict[str, str] = {
    "urgent_below": "WS-ADV-3", "advice_below": "WS-ADV-2", "preventive": "WS-ADV-4",
    "signals": "WS-ADV-6", "no_reason": "WS-ADV-2",
}


class WorkNature(enum.StrEnum):
    """Nature of the work, weighting item 2 (WS-WAI-2).

    Example:
        >>> WorkNature("both") is WorkNature.BOTH
        True
    """

    PHYSICAL = "physical"
    MENTAL = "mental"
    BOTH = "both"


class Diagnosis(enum.StrEnum):
    """Who diagnosed a disease on the WAI list (WS-WAI-3).

    Example:
        >>> Diagnosis("physician").value
        'physician'
    """

    PHYSICIAN = "physician"
    OWN_OPINION = "own_opinion"


class SickLeaveBand(enum.StrEnum):
    """Answer bands of WAI item 5, sick leave in the past 12 months (WS-WAI-5).

    Example:
        >>> SickLeaveBand("10-24").name
        'FROM_10'
    """

    NONE = "none"
    UP_TO_9 = "1-9"
    FROM_10 = "10-24"
    FROM_25 = "25-99"
    FROM_100 = "100-365"


# What people read: English in the source, Dutch in the werkscan catalogue (blikopwerk._i18n).
_LABELS: Mapping[str, str] = {
    "poor": N_("poor"), "moderate": N_("moderate"), "good": N_("good"), "excellent": N_("excellent"),
    "urgent": N_("urgent advice"), "advised": N_("advice"), "none": N_("no reason for a conversation"),
    "strong": N_("strong signal"), "weak": N_("weak signal"), "none_signal": N_("no signal"),
    "health": N_("Health"), "lifestyle": N_("Lifestyle"), "work": N_("Work"),
    "work_life_balance": N_("Work-life balance"), "education": N_("Education"),
    "career_development": N_("Career development"), "career_mobility": N_("Career mobility"),
    "self_reliance": N_("Self-reliance"),
}


def label(value: Band | Advice | SignalLevel | SignalArea, lang: str = "nl") -> str:
    """The end-user label of an enum value, Dutch (``nl``, default) or English (``en``).

    Keys stay the English enum values; only what users read is translated.

    Args:
        value: a band, advice, signal level or signal area.
        lang: ``"nl"`` or ``"en"``.

    Returns:
        The label.

    Raises:
        InvalidValueError: an unknown language.

    Example:
        >>> label(Band.EXCELLENT), label(SignalLevel.NONE), label(SignalArea.WORK_LIFE_BALANCE, "en")
        ('uitstekend', 'geen signaal', 'Work-life balance')
    """
    if not isinstance(value, Band | Advice | SignalLevel | SignalArea):
        raise InvalidValueError("value", type(value).__name__, "expected a Band, Advice, SignalLevel or SignalArea")
    key = "none_signal" if isinstance(value, SignalLevel) and value is SignalLevel.NONE else value.value
    return translator("werkscan", lang).gettext(_LABELS[key])


def _strict(ge: int, le: int, description: str) -> Any:
    return Field(ge=ge, le=le, strict=True, description=description)


class DiseaseAnswer(BaseModel):
    """One ticked disease of the WAI list (item 3), with who diagnosed it.

    ``code`` is the number on the WAI list (1-51, also accepted as a digit string such as
    ``"06"``).

    Example:
        >>> DiseaseAnswer(code="06", diagnosis="physician").code
        6
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[int, Field(ge=1, le=51, strict=True, description="code on the WAI list of diseases")]
    diagnosis: Diagnosis

    @field_validator("code", mode="before")
    @classmethod
    def _digits(cls, value: Any) -> Any:
        if isinstance(value, str) and value.isdigit() and value.isascii():
            return int(value)
        return value


def _choice_error(field: str, message: str) -> PydanticCustomError:
    return PydanticCustomError("answer_choice", "{message}", {"field": field, "message": message})


class WaiAnswers(BaseModel):
    """The answers to the seven Work Ability Index items (WS-WAI-1..7).

    Item 3 is ``diagnosed_diseases`` (a count) or ``diseases`` (the ticked list); item 5 is
    ``sick_leave_days`` or ``sick_leave_band``; exactly one of each pair is given. Item 4 may
    be a list when several options were ticked (the lowest counts, WS-WAI-4).

    Example:
        >>> w = WaiAnswers(current_work_ability=8, physical_demands=4, mental_demands=3,
        ...                work_nature="physical", diagnosed_diseases=1, impairment=5,
        ...                sick_leave_days=3, prognosis=7, mental_resources=[3, 3, 2])
        >>> w.work_nature
        <WorkNature.PHYSICAL: 'physical'>
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    current_work_ability: Annotated[int, _strict(0, 10, "item 1: 0-10 (WS-WAI-1)")]
    physical_demands: Annotated[int, _strict(1, 5, "item 2: physical demands, 1 very poor - 5 very good")]
    mental_demands: Annotated[int, _strict(1, 5, "item 2: mental demands, 1 very poor - 5 very good")]
    work_nature: WorkNature
    diagnosed_diseases: Annotated[int, _strict(0, 51, "item 3: number of diseases diagnosed by a physician")] | None = None
    diseases: list[DiseaseAnswer] | None = Field(default=None, description="item 3: the ticked diseases")
    impairment: (
        Annotated[int, _strict(1, 6, "item 4: 1 fully unable - 6 no impairment")]
        | Annotated[list[Annotated[int, _strict(1, 6, "item 4 option")]], Field(min_length=1)]
    )
    sick_leave_days: Annotated[int, _strict(0, 365, "item 5: days of sick leave, past 12 months")] | None = None
    sick_leave_band: SickLeaveBand | None = None
    prognosis: Annotated[int, Field(strict=True, description="item 6: 1 hardly, 4 not certain, 7 fairly certain")]
    mental_resources: Annotated[
        list[Annotated[int, _strict(0, 4, "item 7 answer: 0 never - 4 often")]],
        Field(min_length=3, max_length=3, description="item 7: the three answers"),
    ]

    @field_validator("prognosis")
    @classmethod
    def _prognosis(cls, value: int) -> int:
        if value not in (1, 4, 7):
            raise PydanticCustomError("prognosis", "prognosis must be 1, 4 or 7 (WS-WAI-6)")
        return value

    @field_validator("diseases")
    @classmethod
    def _unique(cls, value: list[DiseaseAnswer] | None) -> list[DiseaseAnswer] | None:
        if value is not None:
            codes = [d.code for d in value]
            if len(set(codes)) != len(codes):
                raise PydanticCustomError("duplicate_disease", "a disease code is listed twice")
        return value

    @model_validator(mode="after")
    def _one_of_each(self) -> WaiAnswers:
        if (self.diagnosed_diseases is None) == (self.diseases is None):
            raise _choice_error("diagnosed_diseases", "give exactly one of diagnosed_diseases and diseases")
        if (self.sick_leave_days is None) == (self.sick_leave_band is None):
            raise _choice_error("sick_leave_days", "give exactly one of sick_leave_days and sick_leave_band")
        return self


class SignalAnswers(BaseModel):
    """The level of each of the eight signal areas (WS-SIG-1).

    Example:
        >>> s = SignalAnswers.model_validate({a.value: "none" for a in SignalArea})
        >>> s.health
        <SignalLevel.NONE: 'none'>
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    health: SignalLevel
    lifestyle: SignalLevel
    work: SignalLevel
    work_life_balance: SignalLevel
    education: SignalLevel
    career_development: SignalLevel
    career_mobility: SignalLevel
    self_reliance: SignalLevel

    def as_dict(self) -> dict[SignalArea, SignalLevel]:
        """The levels keyed by area, in report order.

        Example:
            >>> s = SignalAnswers.model_validate({a.value: "weak" for a in SignalArea})
            >>> list(s.as_dict())[0]
            <SignalArea.HEALTH: 'health'>
        """
        return {area: getattr(self, area.value) for area in _AREAS}


class FieldError(BaseModel):
    """One invalid answer: the dotted field, the value given, and why it is invalid.

    Example:
        >>> FieldError(field="wai.prognosis", value=5, reason="prognosis must be 1, 4 or 7").field
        'wai.prognosis'
    """

    model_config = ConfigDict(frozen=True)

    field: str
    value: Any
    reason: str


class AnswersError(InvalidValueError):
    """Invalid questionnaire answers (WS-WAI-10); ``errors`` lists every invalid field.

    ``field`` and ``value`` name the first error.

    Example:
        >>> try:
        ...     Answers.parse({"wai": {}, "signals": {}})
        ... except AnswersError as exc:
        ...     exc.field, len(exc.errors) > 8
        ('wai.current_work_ability', True)
    """

    code = "invalid_answers"

    def __init__(self, errors: tuple[FieldError, ...]) -> None:
        self.errors = errors
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first.field, first.value, first.reason + more)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,))


def _is_tag(part: Any) -> bool:
    return isinstance(part, str) and (part in ("int", "list[int]") or part.startswith(("constrained-", "list[")))


def field_errors(exc: ValidationError) -> tuple[FieldError, ...]:
    """Convert a pydantic ``ValidationError`` into :class:`FieldError` s with dotted fields.

    For a union answer (item 4: a number or a list) only the errors of the branch that
    matches the given value's shape are kept.
    """
    raw = exc.errors(include_url=False)
    # the scalar branch of a union reports the whole value: decide the shape from it
    shape: dict[tuple[Any, ...], bool] = {}
    for err in raw:
        loc = err["loc"]
        for i, part in enumerate(loc):
            if _is_tag(part) and not str(part).startswith("list["):
                shape[tuple(loc[:i])] = isinstance(err.get("input"), list)
    out: list[FieldError] = []
    for err in raw:
        loc = tuple(err["loc"])
        keep = True
        for i, part in enumerate(loc):
            if _is_tag(part):
                is_list_branch = str(part).startswith("list[")
                keep = shape.get(tuple(loc[:i]), is_list_branch) == is_list_branch
        if not keep:
            continue
        parts = [str(p) for p in loc if not _is_tag(p)]
        ctx = err.get("ctx") or {}
        if err["type"] == "answer_choice" and "field" in ctx:
            parts.append(str(ctx["field"]))
        value = None if err["type"] in ("missing", "answer_choice") else err.get("input")
        field = ".".join(parts)
        if any(e.field == field for e in out):
            continue
        out.append(FieldError(field=field, value=value, reason=err["msg"]))
    return tuple(out)


def _choice_errors(data: Mapping[str, Any]) -> list[FieldError]:
    """The "exactly one of" errors of items 3 and 5, found even when other answers fail."""
    wai = data.get("wai")
    if not isinstance(wai, Mapping):
        return []
    out: list[FieldError] = []
    for first, second in (("diagnosed_diseases", "diseases"), ("sick_leave_days", "sick_leave_band")):
        if (wai.get(first) is None) == (wai.get(second) is None):
            out.append(FieldError(field=f"wai.{first}", value=None,
                                  reason=f"give exactly one of {first} and {second}"))
    return out


class Answers(BaseModel):
    """A completed Werkscan questionnaire: the WAI items and the eight signal levels.

    Use :meth:`parse` for a mapping (the JSON form): it raises :class:`AnswersError`, a
    library error naming every invalid field and value.

    Example:
        >>> a = Answers.parse({
        ...     "wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...             "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
        ...             "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...     "signals": {"health": "weak", "lifestyle": "none", "work": "strong",
        ...                 "work_life_balance": "none", "education": "none",
        ...                 "career_development": "weak", "career_mobility": "none",
        ...                 "self_reliance": "none"}})
        >>> a.wai.prognosis, a.signals.work.value
        (7, 'strong')
    """

    model_config = ConfigDict(extra="forbid", frozen=True, title="WerkscanAnswers")

    wai: WaiAnswers
    signals: SignalAnswers

    @classmethod
    def parse(cls, data: Mapping[str, Any] | Answers) -> Answers:
        """Validate ``data`` (a mapping in the JSON form, or an :class:`Answers`).

        Raises:
            AnswersError: any answer is missing, out of range or of the wrong type.
        """
        if isinstance(data, Answers):
            return data
        if not isinstance(data, Mapping):
            raise AnswersError((FieldError(field="answers", value=data, reason="expected a mapping"),))
        try:
            parsed = cls.model_validate(dict(data))
        except ValidationError as exc:
            choice = _choice_errors(data)
            errors = list(field_errors(exc))
            known = {e.field for e in errors}
            errors.extend(e for e in choice if e.field not in known)
            raise AnswersError(tuple(errors)) from None
        return parsed

    @classmethod
    def parse_json(cls, text: str | bytes) -> Answers:
        """Validate a JSON document.

        Raises:
            AnswersError: invalid JSON or invalid answers.

        Example:
            >>> Answers.parse_json('{"wai": 1}')
            Traceback (most recent call last):
            ...
            werkscan._scoring.model.AnswersError: wai: Input should be an object (and 1 more) (got 1)
        """
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise AnswersError(field_errors(exc)) from None


_ScoreNumber = Annotated[float, Field(description="exact; a multiple of 0.5")]


class ItemPoints(BaseModel):
    """The points of each of the seven WAI items (WS-WAI-1..7).

    Example:
        >>> ItemPoints(current_work_ability=8, demands=7.5, diseases=5, impairment=5,
        ...            sick_leave=4, prognosis=7, mental_resources=3).total()
        39.5
    """

    model_config = ConfigDict(frozen=True)

    current_work_ability: int
    demands: _ScoreNumber
    diseases: int
    impairment: int
    sick_leave: int
    prognosis: int
    mental_resources: int

    def total(self) -> float:
        """The WAI: the sum of the items (WS-WAI-8), exact."""
        return (self.current_work_ability + self.demands + self.diseases + self.impairment
                + self.sick_leave + self.prognosis + self.mental_resources)


class WaiResult(BaseModel):
    """The WAI score (7-49, half points kept), its band and the item points.

    Example:
        >>> r = WaiResult(score=27.5, band="poor", items=ItemPoints(
        ...     current_work_ability=5, demands=4.5, diseases=4, impairment=4,
        ...     sick_leave=3, prognosis=4, mental_resources=3))
        >>> r.band_label("en")
        'poor'
    """

    model_config = ConfigDict(frozen=True)

    score: _ScoreNumber
    band: Band
    items: ItemPoints

    def band_label(self, lang: str = "nl") -> str:
        """The band's label (Dutch by default)."""
        return label(self.band, lang)


ExplanationValue = str | float | list[str]
"""A value in an explanation line: a number (exact half points), an enum value, or area values."""


class ExplanationLine(BaseModel):
    """One sentence of an explanation as data: a message id and the values it needs (WS-ADV-7).

    A renderer looks the message id up in its catalogue and formats the values for the
    reader's language (numbers with Babel, ``band`` and ``areas`` through :func:`label`).
    No rule id is part of a line.

    Example:
        >>> ExplanationLine(msgid="advice.band", values={"band": "good"}).values["band"]
        'good'
    """

    model_config = ConfigDict(frozen=True)

    msgid: str
    values: dict[str, ExplanationValue]


class AdviceExplanation(BaseModel):
    """Why the worker got this advice (WS-ADV-7): the WAI against its thresholds, the band,
    the signals and the policy in force, as data that renders in plain words.

    ``reason`` names what decided; ``triggered_by`` lists the areas that made the signal
    policy advise (empty otherwise). :meth:`lines` gives the structured sentences (message
    ids and values), :meth:`text` a plain Dutch (default) or English rendering without rule
    ids.

    Example:
        >>> from werkscan import score
        >>> r = score({"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...            "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
        ...            "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...            "signals": {"health": "weak", "lifestyle": "none", "work": "strong",
        ...            "work_life_balance": "none", "education": "none", "career_development": "weak",
        ...            "career_mobility": "none", "self_reliance": "none"}})
        >>> r.explanation.reason.value, [line.msgid for line in r.explanation.lines()][:2]
        ('advice_below', ['advice.decided.advice_below', 'advice.band'])
        >>> print(r.explanation.text("en"))
        Your WAI score (39.5) is below 43: that is why you are advised to have a conversation.
        Your work ability is good.
        Strong signals: Work.
        Weak signals: Health and Career development.
        The advice follows the standard rule: a conversation for a WAI score below 43, urgent advice below 28.
    """

    model_config = ConfigDict(frozen=True)

    advice: Advice
    reason: AdviceReason
    score: _ScoreNumber
    band: Band
    urgent_below: Decimal
    advice_below: Decimal
    preventive: bool
    signal_policy: SignalPolicy
    strong: tuple[SignalArea, ...]
    weak: tuple[SignalArea, ...]
    triggered_by: tuple[SignalArea, ...] = ()

    @field_serializer("urgent_below", "advice_below", when_used="json")
    def _threshold_as_number(self, value: Decimal) -> float:
        return float(value)

    @property
    def rule_id(self) -> str:
        """The id of the rule that decided (for developers; never shown to end users)."""
        return self.reason.rule_id

    def lines(self) -> tuple[ExplanationLine, ...]:
        """The explanation as structured sentences: message ids and values (WS-ADV-7).

        In order: what decided (the score against its threshold); the band; the signals; the
        policy in force.
        """
        from werkscan._scoring.explain import explanation_lines

        return explanation_lines(self)

    def text(self, lang: str = "nl") -> str:
        """The explanation in plain words, one sentence per line (Dutch by default).

        Raises:
            InvalidValueError: an unknown language.
        """
        from werkscan._scoring.explain import render_lines

        return render_lines(self.lines(), lang)


class ScoreResult(BaseModel):
    """The outcome of one questionnaire: WAI, signals, advice and the rules that decided it.

    ``act_on`` lists the areas where the worker can act, strong signals first, then weak
    (WS-ADV-5); ``signal_drop`` is the average WAI drop associated with the signals
    (WS-SIG-3, explanation only). ``advice_reason`` names what decided the advice, with the
    thresholds and the policy on signals of the rule set in use (``urgent_below``,
    ``advice_below``, ``signal_policy``); ``explanation`` says it in plain words (WS-ADV-7).
    ``model_dump(mode="json")`` is the JSON form.

    Example:
        >>> from werkscan import score
        >>> r = score({"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...            "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
        ...            "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...            "signals": {"health": "weak", "lifestyle": "none", "work": "strong",
        ...            "work_life_balance": "none", "education": "none", "career_development": "weak",
        ...            "career_mobility": "none", "self_reliance": "none"}})
        >>> r.model_dump(mode="json")["signal_drop"]
        3.4
    """

    model_config = ConfigDict(frozen=True)

    wai: WaiResult
    signals: dict[SignalArea, SignalLevel]
    advice: Advice
    advice_rules: tuple[str, ...]
    preventive: bool
    act_on: tuple[SignalArea, ...]
    signal_drop: Decimal
    rules_version: str
    advice_reason: AdviceReason
    urgent_below: Decimal
    advice_below: Decimal
    signal_policy: SignalPolicy

    @field_serializer("signal_drop", "urgent_below", "advice_below", when_used="json")
    def _decimal_as_number(self, value: Decimal) -> float:
        return float(value)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def explanation(self) -> AdviceExplanation:
        """Why the worker got this advice, in plain words (WS-ADV-7); built when asked for."""
        from werkscan._scoring.explain import explain_result

        return explain_result(self)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (same as ``model_dump(mode="json")``)."""
        return self.model_dump(mode="json")


def _strip_annotated(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _strip_annotated(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, [_strip_annotated(a) for a in typing.get_args(tp)])
    if origin is list:
        return list[_strip_annotated(typing.get_args(tp)[0])]  # type: ignore[misc]
    return tp


def _plain_signature(model: type[BaseModel]) -> None:
    """Give a model a signature with plain types (the constraints stay in the JSON Schema)."""
    params = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=_strip_annotated(field.annotation),
                          default=inspect.Parameter.empty if field.is_required() else field.default)
        for name, field in model.model_fields.items()
    ]
    model.__signature__ = inspect.Signature(params, return_annotation=None)


for _model in (DiseaseAnswer, WaiAnswers, SignalAnswers, Answers, FieldError, ItemPoints, WaiResult,
               ExplanationLine, AdviceExplanation, ScoreResult):
    _plain_signature(_model)

