"""werkscan: the Werkscan rules (Work Ability Index scoring, signals, advice, reports,
licences and staffels, access routes, leads).

Example:
    >>> import werkscan
    >>> werkscan.__name__
    'werkscan'
"""

from __future__ import annotations

from blikopwerk._rules import RuleSet as _RuleSet
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
from werkscan._batch import (
    BATCH_COLUMNS,
    BatchResult,
    BatchRowError,
    BatchSummary,
    RowError,
    ScoredChunk,
    answers_from_row,
    iter_score_batches,
    partition_meta,
    row_from_answers,
    score_batch,
    score_file,
    score_partition,
)
from werkscan._directory import DirectoryEntry, directory_map
from werkscan._directory_licensed import LicensedListing, directory_for, licensed_expert_ids
from werkscan._employer import EmployerSummary, ReportCell, TooFewQuestionnairesError, summarise_employer
from werkscan._experts import ExpertService, LeadPricing
from werkscan._lead_match import ExpertIndex, LeadMatcher, Match, distance_band
from werkscan._lead_rules import DISTANCE_BANDS, LEAD_RULES
from werkscan._leads import (
    ConsentSigner,
    LeadDeadlines,
    LeadService,
    OpenLeadView,
    lead_deadlines,
    reminder_message,
)
from werkscan._licensing import LicenceService
from werkscan._reports import (
    band_scale_png,
    employer_report_html,
    employer_report_pdf,
    signals_png,
    worker_report_html,
    worker_report_pdf,
)
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
    staffel_table_from_csv,
    warning_message,
)
from werkscan._wai_rules import WAI_DISEASES, WAI_RULES, wai_rules

#: Every rule set of the werkscan package, for the docs generator (others append theirs).
RULESETS: tuple[_RuleSet, ...] = (WAI_RULES, LICENSING_RULES, LEAD_RULES)

__all__: list[str] = [
    "ANONYMOUS_PRICE",
    "BATCH_COLUMNS",
    "CODE_ALPHABET",
    "DISTANCE_BANDS",
    "LEAD_RULES",
    "LICENSING_RULES",
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
    "BatchResult",
    "BatchRowError",
    "BatchSummary",
    "CompletionOutcome",
    "CompletionRow",
    "CompletionsReport",
    "ConsentSigner",
    "Diagnosis",
    "DirectoryEntry",
    "DiseaseAnswer",
    "EmployerSummary",
    "ExpertIndex",
    "ExpertService",
    "FieldError",
    "IssuedCodes",
    "ItemPoints",
    "LeadCandidate",
    "LeadDeadlines",
    "LeadMatcher",
    "LeadPricing",
    "LeadService",
    "LicenceService",
    "LicensedListing",
    "Match",
    "OpenLeadView",
    "ReportCell",
    "RowError",
    "ScoreResult",
    "ScoredChunk",
    "SickLeaveBand",
    "SignalAnswers",
    "SignalArea",
    "SignalLevel",
    "StaffelService",
    "TooFewQuestionnairesError",
    "UsageStatement",
    "WaiAnswers",
    "WaiResult",
    "WorkNature",
    "advice_for",
    "answers_from_row",
    "band_for",
    "band_scale_png",
    "code_digest",
    "directory_for",
    "directory_map",
    "distance_band",
    "employer_report_html",
    "employer_report_pdf",
    "generate_code",
    "iter_score_batches",
    "label",
    "lead_deadlines",
    "licensed_expert_ids",
    "normalise_code",
    "partition_meta",
    "read_completions",
    "reminder_message",
    "row_from_answers",
    "score",
    "score_batch",
    "score_file",
    "score_partition",
    "signal_drop",
    "signal_level_from_items",
    "signals_png",
    "staffel_table",
    "staffel_table_from_csv",
    "summarise_employer",
    "wai_items",
    "wai_rules",
    "warning_message",
    "worker_report_html",
    "worker_report_pdf",
]
