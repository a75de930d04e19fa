"""werkscan: the Werkscan rules (Work Ability Index scoring, signals, advice, reports,
licences and staffels, access routes, leads).

Example:
    >>> import werkscan
    >>> werkscan.__name__
    'werkscan'
"""

from __future__ import annotations

from blikopwerk._rules import RuleSet as _RuleSet
from werkscan import _storage as _storage  # registers Werkscan's tables, revisions, repositories
from werkscan._leads.coverage import CoverageMap, coverage_map, dutch_region, lead_coverage
from werkscan._leads.directory import (
    DirectoryEntry,
    LicensedListing,
    directory_for,
    directory_map,
    licensed_expert_ids,
)
from werkscan._leads.experts import ExpertService, LeadPricing, place_expert
from werkscan._leads.matching import ExpertIndex, LeadMatcher, Match, distance_band
from werkscan._leads.records import (
    Absence,
    Acceptance,
    AcceptancePeriodOverError,
    ConsentLinkExpiredError,
    ConsentLinkInvalidError,
    ConsentLinkUsedError,
    ConsentRecord,
    ConsentRepository,
    DeadlinePassedError,
    DueReport,
    Establishment,
    Expert,
    ExpertRepository,
    ExpertState,
    Lead,
    LeadRepository,
    LeadStorage,
    Offer,
    Quote,
    WorkerContact,
    check_lead_id,
    require_leads,
)
from werkscan._leads.rules import DISTANCE_BANDS, LEAD_RULES
from werkscan._leads.service import (
    ConsentSigner,
    LeadDeadlines,
    LeadService,
    OpenLeadView,
    lead_deadlines,
    reminder_message,
)
from werkscan._licensing.access import (
    CODE_ALPHABET,
    AccessService,
    CompletionOutcome,
    IssuedCodes,
    LeadCandidate,
    code_digest,
    generate_code,
    normalise_code,
)
from werkscan._licensing.records import (
    AccessCode,
    AccessRepository,
    AnonymousPayment,
    Charge,
    CodeAlreadyUsedError,
    CodeRevokedError,
    CompletionResult,
    ConversationReport,
    InvitationLink,
    Licence,
    LicenceCounts,
    LicenceExpert,
    LicenceNotFoundError,
    LicenceRepository,
    LicensingStorage,
    OverageLine,
    QuestionnaireRecord,
    Redemption,
    Staffel,
    StaffelRepository,
    TrainingNotVerifiedError,
    TrainingRecord,
    UnknownCodeError,
    UnknownLinkError,
    UpgradeResult,
    require_licensing,
)
from werkscan._licensing.rules import ACCESS_RULES, INVOICING_RULES
from werkscan._licensing.service import LicenceService
from werkscan._licensing.staffel import (
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
from werkscan._reports.context_figures import CONTEXT_FIGURES, ContextFigure, context_figures
from werkscan._reports.employer import (
    EmployerSummary,
    ReportCell,
    TooFewQuestionnairesError,
    require_reporting_licence,
    summarise_employer,
)
from werkscan._reports.follow_up import (
    ConversationHeld,
    CounterRecord,
    FollowUpInvitation,
    LicenceCounter,
    add_months,
    due_follow_ups,
    follow_up_due,
    licence_counters,
)
from werkscan._reports.funnel import FUNNEL_STEPS, Funnel, FunnelRecord, FunnelReport, funnel
from werkscan._reports.funnel_batch import FUNNEL_COLUMNS, funnel_columns
from werkscan._reports.measurement import (
    BAND_ORDER,
    Measurement,
    MeasurementChange,
    RepeatMeasurement,
    RepeatSummary,
    Share,
    SignalChange,
    compare,
    pair_measurements,
    summarise_pairs,
)
from werkscan._reports.measurement_batch import RepeatMeasurementBatch, compare_batch, compare_scored
from werkscan._reports.render import (
    band_scale_png,
    employer_report_html,
    employer_report_pdf,
    signals_png,
    worker_report_html,
    worker_report_pdf,
)
from werkscan._reports.rules import REPORT_RULES
from werkscan._scoring.batch import (
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
from werkscan._scoring.model import (
    Advice,
    AdviceExplanation,
    AdviceReason,
    Answers,
    AnswersError,
    Band,
    Diagnosis,
    DiseaseAnswer,
    ExplanationLine,
    FieldError,
    ItemPoints,
    ScoreResult,
    SickLeaveBand,
    SignalAnswers,
    SignalArea,
    SignalLevel,
    SignalPolicy,
    WaiAnswers,
    WaiResult,
    WorkNature,
    label,
)
from werkscan._scoring.scalar import (
    advice_for,
    band_for,
    explain_advice,
    score,
    signal_drop,
    signal_level_from_items,
    wai_items,
)
from werkscan._scoring.wai_rules import WAI_DISEASES, WAI_RULES, wai_rules

#: Every rule set of the werkscan package, for the docs generator (others append theirs).
RULESETS: tuple[_RuleSet, ...] = (WAI_RULES, REPORT_RULES, LICENSING_RULES, ACCESS_RULES, INVOICING_RULES,
                                  LEAD_RULES)

__all__: list[str] = [
    "ACCESS_RULES",
    "ANONYMOUS_PRICE",
    "BAND_ORDER",
    "BATCH_COLUMNS",
    "CODE_ALPHABET",
    "CONTEXT_FIGURES",
    "DISTANCE_BANDS",
    "FUNNEL_COLUMNS",
    "FUNNEL_STEPS",
    "INVOICING_RULES",
    "LEAD_RULES",
    "LICENSING_RULES",
    "REPORT_RULES",
    "RULESETS",
    "STAFFEL_EXAMPLE_TABLE",
    "WAI_DISEASES",
    "WAI_RULES",
    "WARNING_THRESHOLD",
    "Absence",
    "Acceptance",
    "AcceptancePeriodOverError",
    "AccessCode",
    "AccessRepository",
    "AccessService",
    "Advice",
    "AdviceExplanation",
    "AdviceReason",
    "AnonymousPayment",
    "Answers",
    "AnswersError",
    "Band",
    "BatchResult",
    "BatchRowError",
    "BatchSummary",
    "Charge",
    "CodeAlreadyUsedError",
    "CodeRevokedError",
    "CompletionOutcome",
    "CompletionResult",
    "CompletionRow",
    "CompletionsReport",
    "ConsentLinkExpiredError",
    "ConsentLinkInvalidError",
    "ConsentLinkUsedError",
    "ConsentRecord",
    "ConsentRepository",
    "ConsentSigner",
    "ContextFigure",
    "ConversationHeld",
    "ConversationReport",
    "CounterRecord",
    "CoverageMap",
    "DeadlinePassedError",
    "Diagnosis",
    "DirectoryEntry",
    "DiseaseAnswer",
    "DueReport",
    "EmployerSummary",
    "Establishment",
    "Expert",
    "ExpertIndex",
    "ExpertRepository",
    "ExpertService",
    "ExpertState",
    "ExplanationLine",
    "FieldError",
    "FollowUpInvitation",
    "Funnel",
    "FunnelRecord",
    "FunnelReport",
    "InvitationLink",
    "IssuedCodes",
    "ItemPoints",
    "Lead",
    "LeadCandidate",
    "LeadDeadlines",
    "LeadMatcher",
    "LeadPricing",
    "LeadRepository",
    "LeadService",
    "LeadStorage",
    "Licence",
    "LicenceCounter",
    "LicenceCounts",
    "LicenceExpert",
    "LicenceNotFoundError",
    "LicenceRepository",
    "LicenceService",
    "LicensedListing",
    "LicensingStorage",
    "Match",
    "Measurement",
    "MeasurementChange",
    "Offer",
    "OpenLeadView",
    "OverageLine",
    "QuestionnaireRecord",
    "Quote",
    "Redemption",
    "RepeatMeasurement",
    "RepeatMeasurementBatch",
    "RepeatSummary",
    "ReportCell",
    "RowError",
    "ScoreResult",
    "ScoredChunk",
    "Share",
    "SickLeaveBand",
    "SignalAnswers",
    "SignalArea",
    "SignalChange",
    "SignalLevel",
    "SignalPolicy",
    "Staffel",
    "StaffelRepository",
    "StaffelService",
    "TooFewQuestionnairesError",
    "TrainingNotVerifiedError",
    "TrainingRecord",
    "UnknownCodeError",
    "UnknownLinkError",
    "UpgradeResult",
    "UsageStatement",
    "WaiAnswers",
    "WaiResult",
    "WorkNature",
    "WorkerContact",
    "add_months",
    "advice_for",
    "answers_from_row",
    "band_for",
    "band_scale_png",
    "check_lead_id",
    "code_digest",
    "compare",
    "compare_batch",
    "compare_scored",
    "context_figures",
    "coverage_map",
    "directory_for",
    "directory_map",
    "distance_band",
    "due_follow_ups",
    "dutch_region",
    "employer_report_html",
    "employer_report_pdf",
    "explain_advice",
    "follow_up_due",
    "funnel",
    "funnel_columns",
    "generate_code",
    "iter_score_batches",
    "label",
    "lead_coverage",
    "lead_deadlines",
    "licence_counters",
    "licensed_expert_ids",
    "normalise_code",
    "pair_measurements",
    "partition_meta",
    "place_expert",
    "read_completions",
    "reminder_message",
    "require_leads",
    "require_licensing",
    "require_reporting_licence",
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
    "summarise_pairs",
    "wai_items",
    "wai_rules",
    "warning_message",
    "worker_report_html",
    "worker_report_pdf",
]

# ---- invoicing (WS-INV-1..3, WS-LIC-2): the pure invoicing domain, kept in one block ----
import typing as _typing  # noqa: E402

from werkscan._invoicing.facts import ChargeCredit, Completion, LicenceFacts, StaffelPurchase  # noqa: E402
from werkscan._invoicing.model import (  # noqa: E402
    CreditNote,
    DraftCreditNote,
    DraftInvoice,
    Invoice,
    InvoiceItem,
    Party,
    format_invoice_number,
    parse_invoice_number,
)
from werkscan._invoicing.period import (  # noqa: E402
    LicencePlan,
    PeriodEndPlan,
    PeriodEndResult,
    credit_invoice,
    credit_note_draft,
    plan_period_end,
    renewal_of,
    run_period_end,
)
from werkscan._invoicing.pricing import UpgradePrice, overage_item, purchase_draft, upgrade_price  # noqa: E402
from werkscan._invoicing.render import (  # noqa: E402
    invoice_data,
    invoice_document,
    invoice_html,
    invoice_json,
    invoice_pdf,
)
from werkscan._invoicing.repository import (  # noqa: E402
    InvoiceRepository,
    MemoryInvoiceRepository,
    Renewal,
    issue_invoice,
)
from werkscan._invoicing.service import InvoicingService  # noqa: E402
from werkscan._invoicing.ubl import invoice_ubl  # noqa: E402

if _typing.TYPE_CHECKING:
    from werkscan._invoicing.sql import SqlInvoiceRepository, invoice_repository
from werkscan._invoicing.usage import ExpertUsage, usage_per_expert  # noqa: E402

__all__ += [
    "ChargeCredit",
    "Completion",
    "CreditNote",
    "DraftCreditNote",
    "DraftInvoice",
    "ExpertUsage",
    "Invoice",
    "InvoiceItem",
    "InvoiceRepository",
    "InvoicingService",
    "LicenceFacts",
    "LicencePlan",
    "MemoryInvoiceRepository",
    "Party",
    "PeriodEndPlan",
    "PeriodEndResult",
    "Renewal",
    "SqlInvoiceRepository",
    "StaffelPurchase",
    "UpgradePrice",
    "credit_invoice",
    "credit_note_draft",
    "format_invoice_number",
    "invoice_data",
    "invoice_document",
    "invoice_html",
    "invoice_json",
    "invoice_pdf",
    "invoice_repository",
    "invoice_ubl",
    "issue_invoice",
    "overage_item",
    "parse_invoice_number",
    "plan_period_end",
    "purchase_draft",
    "renewal_of",
    "run_period_end",
    "upgrade_price",
    "usage_per_expert",
]

#: Public names renamed in ``werkscan``: old name -> new name (kept one release, with a warning).
_RENAMED = {"InvoiceLine": "OverageLine"}


def __getattr__(name: str) -> object:
    if name in ("SqlInvoiceRepository", "invoice_repository"):  # SQLAlchemy on first use
        from werkscan._invoicing import sql

        globals().update(SqlInvoiceRepository=sql.SqlInvoiceRepository,
                         invoice_repository=sql.invoice_repository)
        return globals()[name]
    if name in _RENAMED:
        import warnings

        new = _RENAMED[name]
        warnings.warn(f"werkscan.{name} was renamed werkscan.{new} (the draft overage line; "
                      f"werkscan.InvoiceItem is the invoice line); the old name will be removed in "
                      "blikopwerk 0.3", DeprecationWarning, stacklevel=2)
        return globals()[new]
    raise AttributeError(f"module 'werkscan' has no attribute {name!r}")
