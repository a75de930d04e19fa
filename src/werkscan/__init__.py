"""werkscan: the Werkscan rules (Work Ability Index scoring, signals, advice, reports,
licences and staffels, access routes, leads).

Example:
    >>> import werkscan
    >>> werkscan.__name__
    'werkscan'
"""

from __future__ import annotations

from blikopwerk._rules import RuleSet
from werkscan._access import (
    CODE_ALPHABET,
    AccessService,
    CompletionOutcome,
    IssuedCodes,
    LeadCandidate,
    code_digest,
    generate_code,
    normalise_code,
)
from werkscan._licensing import LicenceService
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
from werkscan._staffel import (
    ANONYMOUS_PRICE,
    LICENSING_RULES,
    STAFFEL_EXAMPLE_TABLE,
    WARNING_THRESHOLD,
    CompletionRow,
    CompletionsReport,
    StaffelService,
    UsageStatement,
    read_completions,
    staffel_table,
    warning_message,
)
from werkscan._wai_rules import WAI_DISEASES, WAI_RULES, wai_rules

#: Every rule set of the werkscan package, for the docs generator (others append theirs).
RULESETS: tuple[RuleSet, ...] = (WAI_RULES, LICENSING_RULES)

__all__: list[str] = [
    "ANONYMOUS_PRICE",
    "CODE_ALPHABET",
    "LICENSING_RULES",
    # scoring (issue 3)
    "RULESETS",
    "STAFFEL_EXAMPLE_TABLE",
    "WAI_DISEASES",
    "WAI_RULES",
    "WARNING_THRESHOLD",
    "AccessService",
    "Advice",
    "Answers",
    "AnswersError",
    "Band",
    "CompletionOutcome",
    "CompletionRow",
    "CompletionsReport",
    "Diagnosis",
    "DiseaseAnswer",
    "FieldError",
    "IssuedCodes",
    "ItemPoints",
    "LeadCandidate",
    "LicenceService",
    "ScoreResult",
    "SickLeaveBand",
    "SignalAnswers",
    "SignalArea",
    "SignalLevel",
    "StaffelService",
    "UsageStatement",
    "WaiAnswers",
    "WaiResult",
    "WorkNature",
    "advice_for",
    "band_for",
    "code_digest",
    "generate_code",
    "label",
    "normalise_code",
    "read_completions",
    "score",
    "signal_drop",
    "signal_level_from_items",
    "staffel_table",
    "wai_items",
    "wai_rules",
    "warning_message",
]
