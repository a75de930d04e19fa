"""werkscan: the Werkscan rules (Work Ability Index scoring, signals, advice, reports,
licences and staffels, access routes, leads).

Example:
    >>> import werkscan
    >>> werkscan.__name__
    'werkscan'
"""

from __future__ import annotations

from blikopwerk._rules import RuleSet
from werkscan._scoring import (
    advice_for,
    band_for,
    score,
    signal_drop,
    signal_level_from_items,
    wai_items,
)
from werkscan._scoring_model import (
    Advice,
    Answers,
    AnswersError,
    Band,
    Diagnosis,
    DiseaseAnswer,
    FieldError,
    ItemPoints,
    ScoreResult,
    SickLeaveBand,
    SignalAnswers,
    SignalArea,
    SignalLevel,
    WaiAnswers,
    WaiResult,
    WorkNature,
    label,
)
from werkscan._wai_rules import WAI_DISEASES, WAI_RULES, wai_rules

#: Every rule set of the werkscan package, for the docs generator (others append theirs).
RULESETS: tuple[RuleSet, ...] = (WAI_RULES,)

__all__: list[str] = [
    # scoring (issue 3)
    "RULESETS",
    "WAI_DISEASES",
    "WAI_RULES",
    "Advice",
    "Answers",
    "AnswersError",
    "Band",
    "Diagnosis",
    "DiseaseAnswer",
    "FieldError",
    "ItemPoints",
    "ScoreResult",
    "SickLeaveBand",
    "SignalAnswers",
    "SignalArea",
    "SignalLevel",
    "WaiAnswers",
    "WaiResult",
    "WorkNature",
    "advice_for",
    "band_for",
    "label",
    "score",
    "signal_drop",
    "signal_level_from_items",
    "wai_items",
    "wai_rules",
]
