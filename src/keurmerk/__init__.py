"""keurmerk: the Blik op Werk Keurmerk rules as pure functions over versioned rule tables.

Participant fees (``KM-FEE``), the results audit (``KM-AUD``), the measurement-period
calendar (``KM-CAL``), the services (``KM-SVC``), the satisfaction survey and norm
(``KM-SAT``), stars (``KM-STAR``) and provider search ranking (``KM-SRCH``). Every table and
threshold lives in :data:`KEURMERK_RULES` with its source; decisions (not official) are
parameters or replaceable policies.

Example:
    >>> import keurmerk
    >>> keurmerk.participant_fee(249_999).amount, keurmerk.participant_fee(250_000).amount
    (Decimal('2327'), Decimal('2673'))
    >>> keurmerk.audit_mandays(30, 1)
    Decimal('1.5')
"""

from __future__ import annotations

from keurmerk._audit import (
    AuditEstimate,
    AuditRoute,
    audit_estimate,
    audit_exemption_eligible,
    audit_mandays,
    audit_route,
)
from keurmerk._calendar import (
    MeasurementPeriod,
    add_months,
    aspirant_end,
    measurement_period,
    withdrawal_deadline,
)
from keurmerk._errors import TariffNotInSourcesError
from keurmerk._fees import first_participant_fee, participant_fee, turnover_band
from keurmerk._obligations import (
    InvitationPlan,
    invitation_plan,
    qualified_teachers_ok,
    telephone_subsidy,
    unmeasured_services,
)
from keurmerk._report import SurveyReference, mark_distribution_png, survey_table_rows, write_survey_report
from keurmerk._search import Establishment, Provider, SearchHit, normalise_text, search_providers
from keurmerk._search_io import load_providers, load_providers_file
from keurmerk._services import INBURGERING, get_service, services
from keurmerk._stars import Criterion, DefaultStarPolicy, StarInputs, StarPolicy, StarResult, stars
from keurmerk._survey import (
    RECOMMENDATIONS,
    SATISFACTION_LEVELS,
    NormVerdict,
    PromoterScore,
    Respondent,
    ResponseRow,
    SatisfactionDistribution,
    ServiceNorm,
    SurveyResult,
    analyse_survey,
    corrected_mean,
    correction_applies,
    shown_mark,
)
from keurmerk._survey_io import SurveyData, load_survey, load_survey_file
from keurmerk._tables import (
    AUDIT_ROUTES,
    CERTIFYING_INSTITUTIONS,
    FEE_BANDS,
    KEURMERK_RULES,
    MANDAYS,
    SERVICES,
    AuditArrangement,
    ManDays,
    Service,
)

#: The Keurmerk rule sets, rendered into the docs' rule catalogue.
RULESETS = (KEURMERK_RULES,)

__all__ = [
    "AUDIT_ROUTES",
    "CERTIFYING_INSTITUTIONS",
    "FEE_BANDS",
    "INBURGERING",
    "KEURMERK_RULES",
    "MANDAYS",
    "RECOMMENDATIONS",
    "RULESETS",
    "SATISFACTION_LEVELS",
    "SERVICES",
    "AuditArrangement",
    "AuditEstimate",
    "AuditRoute",
    "Criterion",
    "DefaultStarPolicy",
    "Establishment",
    "InvitationPlan",
    "ManDays",
    "MeasurementPeriod",
    "NormVerdict",
    "PromoterScore",
    "Provider",
    "Respondent",
    "ResponseRow",
    "SatisfactionDistribution",
    "SearchHit",
    "Service",
    "ServiceNorm",
    "StarInputs",
    "StarPolicy",
    "StarResult",
    "SurveyData",
    "SurveyReference",
    "SurveyResult",
    "TariffNotInSourcesError",
    "add_months",
    "analyse_survey",
    "aspirant_end",
    "audit_estimate",
    "audit_exemption_eligible",
    "audit_mandays",
    "audit_route",
    "corrected_mean",
    "correction_applies",
    "first_participant_fee",
    "get_service",
    "invitation_plan",
    "load_providers",
    "load_providers_file",
    "load_survey",
    "load_survey_file",
    "mark_distribution_png",
    "measurement_period",
    "normalise_text",
    "participant_fee",
    "qualified_teachers_ok",
    "search_providers",
    "services",
    "shown_mark",
    "stars",
    "survey_table_rows",
    "telephone_subsidy",
    "turnover_band",
    "unmeasured_services",
    "withdrawal_deadline",
    "write_survey_report",
]
