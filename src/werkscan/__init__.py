"""werkscan: the Werkscan rules (Work Ability Index scoring, signals, advice, reports,
licences and staffels, access routes, leads).

Every public name is imported from its module on first use (a module-level ``__getattr__``),
so ``import werkscan`` loads neither pydantic, Arrow, SQLAlchemy nor the report renderers:
only what a program uses is paid for.

Example:
    >>> import werkscan
    >>> werkscan.__name__
    'werkscan'
    >>> werkscan.score.__module__
    'werkscan._scoring.scalar'
"""

from __future__ import annotations

import typing as _typing

if _typing.TYPE_CHECKING:  # what the names are, for type checkers and the docs; loaded lazily below
    from blikopwerk._rules import RuleSet as _RuleSet
    from werkscan._invoicing.facts import (
        ChargeCredit,
        Completion,
        LicenceFacts,
        StaffelPurchase,
    )
    from werkscan._invoicing.model import (
        CreditNote,
        DraftCreditNote,
        DraftInvoice,
        Invoice,
        InvoiceItem,
        Party,
        format_invoice_number,
        parse_invoice_number,
    )
    from werkscan._invoicing.period import (
        LicencePlan,
        PeriodEndPlan,
        PeriodEndResult,
        credit_invoice,
        credit_note_draft,
        plan_period_end,
        renewal_of,
        run_period_end,
    )
    from werkscan._invoicing.pricing import (
        UpgradePrice,
        overage_item,
        purchase_draft,
        upgrade_price,
    )
    from werkscan._invoicing.render import (
        invoice_data,
        invoice_document,
        invoice_html,
        invoice_json,
        invoice_pdf,
    )
    from werkscan._invoicing.repository import (
        InvoiceRepository,
        MemoryInvoiceRepository,
        Renewal,
        issue_invoice,
    )
    from werkscan._invoicing.service import (
        InvoicingService,
    )
    from werkscan._invoicing.sql import (
        SqlInvoiceRepository,
        invoice_repository,
    )
    from werkscan._invoicing.ubl import (
        invoice_ubl,
    )
    from werkscan._invoicing.usage import (
        ExpertUsage,
        usage_per_expert,
    )
    from werkscan._leads.coverage import (
        CoverageMap,
        coverage_map,
        dutch_region,
        lead_coverage,
    )
    from werkscan._leads.directory import (
        DirectoryEntry,
        LicensedListing,
        directory_for,
        directory_map,
        licensed_expert_ids,
    )
    from werkscan._leads.experts import (
        ExpertService,
        LeadPricing,
        place_expert,
    )
    from werkscan._leads.matching import (
        ExpertIndex,
        LeadMatcher,
        Match,
        distance_band,
    )
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
        LeadEvent,
        LeadNotices,
        LeadRepository,
        LeadStorage,
        LeadSubscription,
        Offer,
        Quote,
        WorkerContact,
        check_lead_id,
        require_leads,
    )
    from werkscan._leads.rules import (
        DISTANCE_BANDS,
        LEAD_RULES,
    )
    from werkscan._leads.service import (
        EXPERT_LEAD_STATES,
        ConsentSigner,
        ExpertLeadView,
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
    from werkscan._licensing.results import QuestionnaireResult
    from werkscan._licensing.rules import (
        ACCESS_RULES,
        INVOICING_RULES,
    )
    from werkscan._licensing.service import (
        LicenceService,
    )
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
    from werkscan._reports.context_figures import (
        CONTEXT_FIGURES,
        ContextFigure,
        context_figures,
    )
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
    from werkscan._reports.funnel import (
        FUNNEL_STEPS,
        Funnel,
        FunnelRecord,
        FunnelReport,
        funnel,
    )
    from werkscan._reports.funnel_batch import (
        FUNNEL_COLUMNS,
        funnel_columns,
    )
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
    from werkscan._reports.measurement_batch import (
        RepeatMeasurementBatch,
        compare_batch,
        compare_scored,
    )
    from werkscan._reports.render import (
        band_scale_png,
        employer_report_html,
        employer_report_pdf,
        signals_png,
        worker_report_html,
        worker_report_pdf,
    )
    from werkscan._reports.rules import (
        REPORT_RULES,
    )
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
    from werkscan._scoring.wai_rules import (
        WAI_DISEASES,
        WAI_RULES,
        wai_rules,
    )

    #: Every rule set of the werkscan package, for the docs generator (others append theirs).
    RULESETS: tuple[_RuleSet, ...]

__all__: list[str] = [
    "ACCESS_RULES",
    "ANONYMOUS_PRICE",
    "BAND_ORDER",
    "BATCH_COLUMNS",
    "CODE_ALPHABET",
    "CONTEXT_FIGURES",
    "DISTANCE_BANDS",
    "EXPERT_LEAD_STATES",
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
    "ChargeCredit",
    "CodeAlreadyUsedError",
    "CodeRevokedError",
    "Completion",
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
    "CreditNote",
    "DeadlinePassedError",
    "Diagnosis",
    "DirectoryEntry",
    "DiseaseAnswer",
    "DraftCreditNote",
    "DraftInvoice",
    "DueReport",
    "EmployerSummary",
    "Establishment",
    "Expert",
    "ExpertIndex",
    "ExpertLeadView",
    "ExpertRepository",
    "ExpertService",
    "ExpertState",
    "ExpertUsage",
    "ExplanationLine",
    "FieldError",
    "FollowUpInvitation",
    "Funnel",
    "FunnelRecord",
    "FunnelReport",
    "InvitationLink",
    "Invoice",
    "InvoiceItem",
    "InvoiceRepository",
    "InvoicingService",
    "IssuedCodes",
    "ItemPoints",
    "Lead",
    "LeadCandidate",
    "LeadDeadlines",
    "LeadEvent",
    "LeadMatcher",
    "LeadNotices",
    "LeadPricing",
    "LeadRepository",
    "LeadService",
    "LeadStorage",
    "LeadSubscription",
    "Licence",
    "LicenceCounter",
    "LicenceCounts",
    "LicenceExpert",
    "LicenceFacts",
    "LicenceNotFoundError",
    "LicencePlan",
    "LicenceRepository",
    "LicenceService",
    "LicensedListing",
    "LicensingStorage",
    "Match",
    "Measurement",
    "MeasurementChange",
    "MemoryInvoiceRepository",
    "Offer",
    "OpenLeadView",
    "OverageLine",
    "Party",
    "PeriodEndPlan",
    "PeriodEndResult",
    "QuestionnaireRecord",
    "QuestionnaireResult",
    "Quote",
    "Redemption",
    "Renewal",
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
    "SqlInvoiceRepository",
    "Staffel",
    "StaffelPurchase",
    "StaffelRepository",
    "StaffelService",
    "TooFewQuestionnairesError",
    "TrainingNotVerifiedError",
    "TrainingRecord",
    "UnknownCodeError",
    "UnknownLinkError",
    "UpgradePrice",
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
    "credit_invoice",
    "credit_note_draft",
    "directory_for",
    "directory_map",
    "distance_band",
    "due_follow_ups",
    "dutch_region",
    "employer_report_html",
    "employer_report_pdf",
    "explain_advice",
    "follow_up_due",
    "format_invoice_number",
    "funnel",
    "funnel_columns",
    "generate_code",
    "invoice_data",
    "invoice_document",
    "invoice_html",
    "invoice_json",
    "invoice_pdf",
    "invoice_repository",
    "invoice_ubl",
    "issue_invoice",
    "iter_score_batches",
    "label",
    "lead_coverage",
    "lead_deadlines",
    "licence_counters",
    "licensed_expert_ids",
    "normalise_code",
    "overage_item",
    "pair_measurements",
    "parse_invoice_number",
    "partition_meta",
    "place_expert",
    "plan_period_end",
    "purchase_draft",
    "read_completions",
    "reminder_message",
    "renewal_of",
    "require_leads",
    "require_licensing",
    "require_reporting_licence",
    "row_from_answers",
    "run_period_end",
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
    "upgrade_price",
    "usage_per_expert",
    "wai_items",
    "wai_rules",
    "warning_message",
    "worker_report_html",
    "worker_report_pdf",
]

#: The module of each public name, imported when the name is first used.
_MODULES: dict[str, tuple[str, ...]] = {
    "werkscan._invoicing.facts": ("ChargeCredit", "Completion", "LicenceFacts", "StaffelPurchase"),
    "werkscan._invoicing.model": (
        "CreditNote", "DraftCreditNote", "DraftInvoice", "Invoice", "InvoiceItem", "Party", "format_invoice_number",
        "parse_invoice_number",
    ),
    "werkscan._invoicing.period": (
        "LicencePlan", "PeriodEndPlan", "PeriodEndResult", "credit_invoice", "credit_note_draft", "plan_period_end",
        "renewal_of", "run_period_end",
    ),
    "werkscan._invoicing.pricing": ("UpgradePrice", "overage_item", "purchase_draft", "upgrade_price"),
    "werkscan._invoicing.render": ("invoice_data", "invoice_document", "invoice_html", "invoice_json", "invoice_pdf"),
    "werkscan._invoicing.repository": ("InvoiceRepository", "MemoryInvoiceRepository", "Renewal", "issue_invoice"),
    "werkscan._invoicing.service": ("InvoicingService",),
    "werkscan._invoicing.sql": ("SqlInvoiceRepository", "invoice_repository"),
    "werkscan._invoicing.ubl": ("invoice_ubl",),
    "werkscan._invoicing.usage": ("ExpertUsage", "usage_per_expert"),
    "werkscan._leads.coverage": ("CoverageMap", "coverage_map", "dutch_region", "lead_coverage"),
    "werkscan._leads.directory": (
        "DirectoryEntry", "LicensedListing", "directory_for", "directory_map", "licensed_expert_ids",
    ),
    "werkscan._leads.experts": ("ExpertService", "LeadPricing", "place_expert"),
    "werkscan._leads.matching": ("ExpertIndex", "LeadMatcher", "Match", "distance_band"),
    "werkscan._leads.records": (
        "Absence", "Acceptance", "AcceptancePeriodOverError", "ConsentLinkExpiredError", "ConsentLinkInvalidError",
        "ConsentLinkUsedError", "ConsentRecord", "ConsentRepository", "DeadlinePassedError", "DueReport",
        "Establishment", "Expert", "ExpertRepository", "ExpertState", "Lead", "LeadEvent", "LeadNotices", "LeadRepository",
        "LeadStorage", "LeadSubscription", "Offer", "Quote", "WorkerContact", "check_lead_id", "require_leads",
    ),
    "werkscan._leads.rules": ("DISTANCE_BANDS", "LEAD_RULES"),
    "werkscan._leads.service": (
        "EXPERT_LEAD_STATES", "ConsentSigner", "ExpertLeadView", "LeadDeadlines", "LeadService", "OpenLeadView", "lead_deadlines", "reminder_message",
    ),
    "werkscan._licensing.access": (
        "CODE_ALPHABET", "AccessService", "CompletionOutcome", "IssuedCodes", "LeadCandidate", "code_digest",
        "generate_code", "normalise_code",
    ),
    "werkscan._licensing.records": (
        "AccessCode", "AccessRepository", "AnonymousPayment", "Charge", "CodeAlreadyUsedError", "CodeRevokedError",
        "CompletionResult", "ConversationReport", "InvitationLink", "Licence", "LicenceCounts", "LicenceExpert",
        "LicenceNotFoundError", "LicenceRepository", "LicensingStorage", "OverageLine", "QuestionnaireRecord",
        "Redemption", "Staffel", "StaffelRepository", "TrainingNotVerifiedError", "TrainingRecord",
        "UnknownCodeError", "UnknownLinkError", "UpgradeResult", "require_licensing",
    ),
    "werkscan._licensing.results": ("QuestionnaireResult",),
    "werkscan._licensing.rules": ("ACCESS_RULES", "INVOICING_RULES"),
    "werkscan._licensing.service": ("LicenceService",),
    "werkscan._licensing.staffel": (
        "ANONYMOUS_PRICE", "LICENSING_RULES", "STAFFEL_EXAMPLE_TABLE", "WARNING_THRESHOLD", "CompletionRow",
        "CompletionsReport", "StaffelService", "UsageStatement", "read_completions", "staffel_table",
        "staffel_table_from_csv", "warning_message",
    ),
    "werkscan._reports.context_figures": ("CONTEXT_FIGURES", "ContextFigure", "context_figures"),
    "werkscan._reports.employer": (
        "EmployerSummary", "ReportCell", "TooFewQuestionnairesError", "require_reporting_licence",
        "summarise_employer",
    ),
    "werkscan._reports.follow_up": (
        "ConversationHeld", "CounterRecord", "FollowUpInvitation", "LicenceCounter", "add_months", "due_follow_ups",
        "follow_up_due", "licence_counters",
    ),
    "werkscan._reports.funnel": ("FUNNEL_STEPS", "Funnel", "FunnelRecord", "FunnelReport", "funnel"),
    "werkscan._reports.funnel_batch": ("FUNNEL_COLUMNS", "funnel_columns"),
    "werkscan._reports.measurement": (
        "BAND_ORDER", "Measurement", "MeasurementChange", "RepeatMeasurement", "RepeatSummary", "Share",
        "SignalChange", "compare", "pair_measurements", "summarise_pairs",
    ),
    "werkscan._reports.measurement_batch": ("RepeatMeasurementBatch", "compare_batch", "compare_scored"),
    "werkscan._reports.render": (
        "band_scale_png", "employer_report_html", "employer_report_pdf", "signals_png", "worker_report_html",
        "worker_report_pdf",
    ),
    "werkscan._reports.rules": ("REPORT_RULES",),
    "werkscan._scoring.batch": (
        "BATCH_COLUMNS", "BatchResult", "BatchRowError", "BatchSummary", "RowError", "ScoredChunk",
        "answers_from_row", "iter_score_batches", "partition_meta", "row_from_answers", "score_batch", "score_file",
        "score_partition",
    ),
    "werkscan._scoring.model": (
        "Advice", "AdviceExplanation", "AdviceReason", "Answers", "AnswersError", "Band", "Diagnosis",
        "DiseaseAnswer", "ExplanationLine", "FieldError", "ItemPoints", "ScoreResult", "SickLeaveBand",
        "SignalAnswers", "SignalArea", "SignalLevel", "SignalPolicy", "WaiAnswers", "WaiResult", "WorkNature",
        "label",
    ),
    "werkscan._scoring.scalar": (
        "advice_for", "band_for", "explain_advice", "score", "signal_drop", "signal_level_from_items", "wai_items",
    ),
    "werkscan._scoring.wai_rules": ("WAI_DISEASES", "WAI_RULES", "wai_rules"),
}
_LAZY: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names}

#: The rule sets of :data:`RULESETS`: (module, name), in the docs' order.
_RULESETS = (("werkscan._scoring.wai_rules", "WAI_RULES"), ("werkscan._reports.rules", "REPORT_RULES"),
             ("werkscan._licensing.staffel", "LICENSING_RULES"), ("werkscan._licensing.rules", "ACCESS_RULES"),
             ("werkscan._licensing.rules", "INVOICING_RULES"), ("werkscan._leads.rules", "LEAD_RULES"))

#: Public names renamed in ``werkscan``: old name -> new name (kept one release, with a warning).
_RENAMED = {"InvoiceLine": "OverageLine"}


def __getattr__(name: str) -> object:
    """A public name, imported from its module on first use (then kept in the module)."""
    from importlib import import_module

    # Werkscan's tables, revisions and repositories are registered with the kernel's storage
    # once werkscan is used (also by the records modules): ``import werkscan`` alone stays light
    import_module("werkscan._storage")
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(import_module(module), name)
    elif name == "RULESETS":
        value = tuple(getattr(import_module(m), n) for m, n in _RULESETS)
    elif name in _RENAMED:
        import warnings

        new = _RENAMED[name]
        warnings.warn(f"werkscan.{name} was renamed werkscan.{new} (the draft overage line; "
                      f"werkscan.InvoiceItem is the invoice line); the old name will be removed in "
                      "blikopwerk 0.3", DeprecationWarning, stacklevel=2)
        return __getattr__(new)
    else:
        raise AttributeError(f"module 'werkscan' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
