"""The rule tables of Werkscan scoring: WAI item maps, bands, advice, signals (data only).

Sources: the Work Ability Index (Tuomi, Ilmarinen, Jahkola, Katajarinne and Tulkki, *Work
Ability Index*, 2nd revised edition, Finnish Institute of Occupational Health, 1998) for the
item scoring (WS-WAI-1..9); the Werkscan evaluation, seed ``002_c7c9fbb17d8bd393.txt``
(Panteia for AKC, 2015), for the scale 7-49, the advice threshold "lager dan 43", the
preventive policies, the explanation of the advice, the eight signal areas and the -2.2 /
-0.6 association (WS-WAI-8, WS-ADV-1/2/4/6/7, WS-SIG-1/3); the FAQ,
seed ``000_fce2b4cd91976fe2.txt``, for the 25-questionnaire floor of employer reports
(WS-RPT-2). Everything marked *decision* is the project's choice, not an official rule,
and is a parameter.

The tables are plain data in one versioned :class:`blikopwerk.RuleSet`, ``WAI_RULES``;
callers swap a table or parameter with :meth:`blikopwerk.RuleSet.replace`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import Rule, RuleSet, RuleTable, Source
from werkscan._scoring.model import Band, SickLeaveBand, SignalArea, SignalLevel, WorkNature

__all__ = ["WAI_DISEASES", "WAI_RULES", "wai_rules"]

_VALID = dt.date(2015, 1, 1)
_WAI = "Tuomi et al., Work Ability Index, 2nd rev. ed., FIOH 1998"


def _wai(passage: str, *rules: str) -> Source:
    return Source.instrument(_WAI, passage, rules=rules)


_ITEM2 = RuleTable.build(
    "item2_weights",
    "WAI item 2: weights of the physical and mental answers by the nature of the work",
    _VALID,
    [
        (WorkNature.PHYSICAL.value, (Decimal("1.5"), Decimal("0.5")),
         _wai("mainly physical: physical x 1.5 + mental x 0.5", "WS-WAI-2")),
        (WorkNature.MENTAL.value, (Decimal("0.5"), Decimal("1.5")),
         _wai("mainly mental: physical x 0.5 + mental x 1.5", "WS-WAI-2")),
        (WorkNature.BOTH.value, (Decimal("1"), Decimal("1")),
         _wai("both: physical + mental", "WS-WAI-2")),
    ],
    sorted_keys=False,
    description="Each weight times 2 must be a whole number (scores stay in half points).",
)

_ITEM3 = RuleTable.build(
    "item3_points",
    "WAI item 3: points by the number of diagnosed diseases (key: lowest count of the band)",
    _VALID,
    [
        (0, 7, _wai("no diseases: 7", "WS-WAI-3")),
        (1, 5, _wai("1 disease: 5", "WS-WAI-3")),
        (2, 4, _wai("2 diseases: 4", "WS-WAI-3")),
        (3, 3, _wai("3 diseases: 3", "WS-WAI-3")),
        (4, 2, _wai("4 diseases: 2", "WS-WAI-3")),
        (5, 1, _wai("5 or more diseases: 1", "WS-WAI-3")),
    ],
)

_ITEM5 = RuleTable.build(
    "item5_points",
    "WAI item 5: points by days of sick leave in the past 12 months (key: first day of the band)",
    _VALID,
    [
        (0, 5, _wai("none: 5", "WS-WAI-5")),
        (1, 4, _wai("at most 9 days: 4", "WS-WAI-5")),
        (10, 3, _wai("10-24 days: 3", "WS-WAI-5")),
        (25, 2, _wai("25-99 days: 2", "WS-WAI-5")),
        (100, 1, _wai("100-365 days: 1", "WS-WAI-5")),
    ],
)

_ITEM5_BANDS = RuleTable.build(
    "sick_leave_bands",
    "WAI item 5: the answer bands and the days they cover",
    _VALID,
    [
        (SickLeaveBand.NONE.value, (0, 0), _wai("none", "WS-WAI-5")),
        (SickLeaveBand.UP_TO_9.value, (1, 9), _wai("at most 9 days", "WS-WAI-5")),
        (SickLeaveBand.FROM_10.value, (10, 24), _wai("10-24 days", "WS-WAI-5")),
        (SickLeaveBand.FROM_25.value, (25, 99), _wai("25-99 days", "WS-WAI-5")),
        (SickLeaveBand.FROM_100.value, (100, 365), _wai("100-365 days", "WS-WAI-5")),
    ],
    sorted_keys=False,
)

_ITEM6 = RuleTable.build(
    "item6_points",
    "WAI item 6: own prognosis two years from now (the only valid answers)",
    _VALID,
    [
        (1, 1, _wai("hardly: 1", "WS-WAI-6")),
        (4, 4, _wai("not certain: 4", "WS-WAI-6")),
        (7, 7, _wai("fairly certain: 7", "WS-WAI-6")),
    ],
)

_ITEM7 = RuleTable.build(
    "item7_points",
    "WAI item 7: mental resources, points by the sum of three answers 0-4 (key: lowest sum)",
    _VALID,
    [
        (0, 1, _wai("sum 0-3: 1", "WS-WAI-7")),
        (4, 2, _wai("sum 4-6: 2", "WS-WAI-7")),
        (7, 3, _wai("sum 7-9: 3", "WS-WAI-7")),
        (10, 4, _wai("sum 10-12: 4", "WS-WAI-7")),
    ],
)

_BANDS = RuleTable.build(
    "wai_bands",
    "WAI bands (key: lower edge, inclusive; a half score falls in the band below the next edge)",
    _VALID,
    [
        (Decimal(7), Band.POOR, _wai("poor 7-27", "WS-WAI-9")),
        (Decimal(28), Band.MODERATE, _wai("moderate 28-36", "WS-WAI-9")),
        (Decimal(37), Band.GOOD, _wai("good 37-43", "WS-WAI-9")),
        (Decimal(44), Band.EXCELLENT, _wai("excellent 44-49", "WS-WAI-9")),
    ],
    source=Source.decision(
        "the published bands are written for whole scores (7-27, 28-36, 37-43, 44-49); item 2 gives "
        "half points, so a band runs up to the next edge: 27.5 is poor, 43.5 is good", rules=("WS-WAI-9",)),
)

_SIGNAL_CUTOFFS = RuleTable.build(
    "signal_cutoffs",
    "Optional item-to-level scorer: level by the mean of an area's items on 1-5 (key: lowest mean)",
    _VALID,
    [
        (Decimal(1), SignalLevel.NONE,
         Source.decision("mean below 2.5: no signal; the sources do not say how levels are formed",
                         rules=("WS-SIG-2",))),
        (Decimal("2.5"), SignalLevel.WEAK,
         Source.decision("mean 2.5 or more: weak signal", rules=("WS-SIG-2",))),
        (Decimal("3.5"), SignalLevel.STRONG,
         Source.decision("mean 3.5 or more: strong signal", rules=("WS-SIG-2",))),
    ],
)

_SIGNAL_DROP = RuleTable.build(
    "signal_drop",
    "Average WAI drop associated with each signal (explanation only, never scoring)",
    _VALID,
    [
        (SignalLevel.STRONG.value, Decimal("2.2"),
         Source.seed("002", "Bij ieder sterk signaal dat de werkende krijgt, daalt zijn WAI-score met "
                     "gemiddeld met 2,2 punten", rules=("WS-SIG-3",))),
        (SignalLevel.WEAK.value, Decimal("0.6"),
         Source.seed("002", "Bij ieder zwak signaal dat de werkende krijgt, daalt zijn WAI-score "
                     "gemiddeld met 0,6 punt", rules=("WS-SIG-3",))),
        (SignalLevel.NONE.value, Decimal(0),
         Source.decision("no signal, no associated drop", rules=("WS-SIG-3",))),
    ],
    sorted_keys=False,
)

_SIGNAL_AREAS = RuleTable.build(
    "signal_areas",
    "The eight signal areas (signaalgebieden), in the order of the report",
    _VALID,
    [(area.value, i, Source.seed("002", "Het gaat om de volgende signaalgebieden", rules=("WS-SIG-1",)))
     for i, area in enumerate(SignalArea)],
    sorted_keys=False,
)

#: The WAI list of diseases (item 3): code -> (group, short English description). The
#: descriptions are the project's own short paraphrases; the licensed Dutch question text is
#: not shipped (WS-WAI-3).
_DISEASE_ROWS: tuple[tuple[int, str, str], ...] = (
    (1, "injury", "injury from an accident: back"),
    (2, "injury", "injury from an accident: arm or hand"),
    (3, "injury", "injury from an accident: leg or foot"),
    (4, "injury", "injury from an accident: other part of the body"),
    (5, "musculoskeletal", "upper back or neck, repeated pain"),
    (6, "musculoskeletal", "lower back, repeated pain"),
    (7, "musculoskeletal", "pain radiating from the back into the leg (sciatica)"),
    (8, "musculoskeletal", "limbs (hands, feet), repeated pain"),
    (9, "musculoskeletal", "rheumatoid arthritis"),
    (10, "musculoskeletal", "other musculoskeletal disorder"),
    (11, "cardiovascular", "hypertension"),
    (12, "cardiovascular", "coronary heart disease, chest pain during exercise"),
    (13, "cardiovascular", "myocardial infarction, coronary thrombosis"),
    (14, "cardiovascular", "cardiac insufficiency"),
    (15, "cardiovascular", "other cardiovascular disease"),
    (16, "respiratory", "repeated respiratory infections"),
    (17, "respiratory", "chronic bronchitis"),
    (18, "respiratory", "chronic sinusitis"),
    (19, "respiratory", "bronchial asthma"),
    (20, "respiratory", "emphysema"),
    (21, "respiratory", "pulmonary tuberculosis"),
    (22, "respiratory", "other respiratory disease"),
    (23, "mental", "severe mental disorder"),
    (24, "mental", "slight mental disorder or problem"),
    (25, "neurological_sensory", "hearing problem or injury"),
    (26, "neurological_sensory", "visual disease or injury (not a refractive error)"),
    (27, "neurological_sensory", "neurological disease"),
    (28, "neurological_sensory", "other neurological or sensory disease"),
    (29, "digestive", "gallstones or gallbladder disease"),
    (30, "digestive", "liver or pancreatic disease"),
    (31, "digestive", "gastric or duodenal ulcer"),
    (32, "digestive", "gastritis or duodenal irritation"),
    (33, "digestive", "colonic irritation, colitis"),
    (34, "digestive", "other digestive disease"),
    (35, "genitourinary", "urinary tract infection"),
    (36, "genitourinary", "kidney disease"),
    (37, "genitourinary", "genital disease"),
    (38, "genitourinary", "other genitourinary disease"),
    (39, "skin", "allergic rash, eczema"),
    (40, "skin", "other rash"),
    (41, "skin", "other skin disease"),
    (42, "tumour", "benign tumour"),
    (43, "tumour", "malignant tumour (cancer)"),
    (44, "endocrine_metabolic", "obesity"),
    (45, "endocrine_metabolic", "diabetes"),
    (46, "endocrine_metabolic", "goitre or other thyroid disease"),
    (47, "endocrine_metabolic", "other endocrine or metabolic disease"),
    (48, "blood", "anaemia"),
    (49, "blood", "other blood disorder or disease"),
    (50, "birth_defect", "birth defect"),
    (51, "other", "other disorder or disease"),
)

WAI_DISEASES: RuleTable[int, tuple[str, str]] = RuleTable.build(
    "wai_diseases",
    "WAI item 3: the list of diseases by code (group, short description)",
    _VALID,
    [(code, (group, text), _wai("list of diseases, item 3", "WS-WAI-3")) for code, group, text in _DISEASE_ROWS],
)

_PARAMETERS: dict[str, tuple[Any, Source]] = {
    "advice_below": (Decimal(43), Source.seed(
        "002", "Bij een WAI-score lager dan 43 krijgt de werkenden het (dringende) advies",
        rules=("WS-ADV-2",))),
    "urgent_below": (Decimal(28), Source.decision(
        "urgent advice for the poor band (below 28); the sources give no edge", rules=("WS-ADV-3",))),
    "preventive": (False, Source.decision(
        "the preventive policy (always advise a conversation) is recommended by the evaluation "
        "but off by default", rules=("WS-ADV-4",))),
    "preventive_signals": ("off", Source.decision(
        "advice at a good WAI when signals show room for (preventive) action is suggested by experts "
        "in the evaluation but not adopted: off by default; which signals count is not in the seed: "
        "'strong' (at least one strong signal) or 'strong_and_weak' (at least one strong or weak "
        "signal)", rules=("WS-ADV-6",))),
    "wai_min": (Decimal(7), _wai("the sum of the seven items is at least 7", "WS-WAI-8")),
    "wai_max": (Decimal(49), _wai("the sum of the seven items is at most 49", "WS-WAI-8")),
    "count_own_opinion": (False, _wai(
        "only diseases diagnosed by a physician are counted", "WS-WAI-3")),
    "employer_min_questionnaires": (25, Source.seed(
        "000", "Een rapportage is pas mogelijk als er 25 of meer werknemers de Werkscan heeft ingevuld",
        rules=("WS-RPT-2",))),
    "employer_min_cell": (5, Source.decision(
        "suppress any breakdown cell with fewer than 5 workers", rules=("WS-RPT-2",))),
}

_RULES: tuple[Rule, ...] = (
    Rule("WS-WAI-1", "Item 1, current work ability: 0-10 points, the answer itself.",
         _wai("item 1", "WS-WAI-1")),
    Rule("WS-WAI-2", "Item 2, demands of the job: physical and mental answer 1-5, weighted by the nature "
         "of the work; 2-10 points in steps of 0.5.", _wai("item 2", "WS-WAI-2")),
    Rule("WS-WAI-3", "Item 3, diagnosed diseases: 0: 7, 1: 5, 2: 4, 3: 3, 4: 2, 5 or more: 1.",
         _wai("item 3", "WS-WAI-3")),
    Rule("WS-WAI-4", "Item 4, impairment: 1-6 points, the answer; several ticked: the lowest counts.",
         _wai("item 4", "WS-WAI-4")),
    Rule("WS-WAI-5", "Item 5, sick leave: none 5, 1-9 days 4, 10-24: 3, 25-99: 2, 100-365: 1.",
         _wai("item 5", "WS-WAI-5")),
    Rule("WS-WAI-6", "Item 6, prognosis: 1, 4 or 7; other values are errors.", _wai("item 6", "WS-WAI-6")),
    Rule("WS-WAI-7", "Item 7, mental resources: sum of three 0-4 answers; 0-3: 1, 4-6: 2, 7-9: 3, 10-12: 4.",
         _wai("item 7", "WS-WAI-7")),
    Rule("WS-WAI-8", "WAI = the sum of the seven items, 7-49 (parameters 'wai_min', 'wai_max'), kept exact "
         "(half points kept); the seed's one mention of '1 tot 49' is a slip.",
         Source.seed("002", "de schaal loopt van 7 tot 49", rules=("WS-WAI-8",))),
    Rule("WS-WAI-9", "Bands: poor below 28, moderate below 37, good below 44, excellent 44-49.",
         _wai("categories of work ability", "WS-WAI-9")),
    Rule("WS-WAI-10", "Missing or out-of-range answers are errors naming the item; nothing is imputed.",
         Source.decision("bad input gets a clear error, never a guess", rules=("WS-WAI-10",))),
    Rule("WS-SIG-1", "Eight signal areas, each strong, weak or no signal.",
         Source.seed("002", "sterk, zwak of geen signaal", rules=("WS-SIG-1",))),
    Rule("WS-SIG-2", "Optional item-to-level scorer: mean of the items with cut-offs 3.5 / 2.5 (not official).",
         Source.decision("the sources do not say how a level follows from the items", rules=("WS-SIG-2",))),
    Rule("WS-SIG-3", "Each strong signal goes with 2.2 points lower WAI, each weak with 0.6 (explanation only).",
         Source.seed("002", "daalt zijn WAI-score met gemiddeld met 2,2 punten", rules=("WS-SIG-3",))),
    Rule("WS-ADV-1", "Advice: urgent, advised, or no reason for a Werkscan conversation.",
         Source.seed("002", "DRINGEND ADVIES ADVIES GEEN AANLEIDING", rules=("WS-ADV-1",))),
    Rule("WS-ADV-2", "A WAI below 43 gives advice; 43 and up gives no reason (parameter 'advice_below').",
         Source.seed("002", "Bij een WAI-score lager dan 43", rules=("WS-ADV-2",))),
    Rule("WS-ADV-3", "A WAI in the poor band (below 28) gives urgent advice (decision, 'urgent_below').",
         Source.decision("the sources give no edge for urgent advice", rules=("WS-ADV-3",))),
    Rule("WS-ADV-4", "Preventive policy: always advise a conversation (off by default, 'preventive').",
         Source.seed("002", "door werkenden vanuit het oogpunt van preventie – en ongeacht de hoogte van "
                     "het werkvermogen – altijd het advies te geven om een Werkscangesprek te voeren",
                     rules=("WS-ADV-4",))),
    Rule("WS-ADV-5", "The report names the areas where the worker can act: strong, then weak signals.",
         Source.seed("002", "op welke signaalgebieden de werkende actie moet ondernemen", rules=("WS-ADV-5",))),
    Rule("WS-ADV-6", "Policy on signals (off by default, 'preventive_signals'): a WAI at or above the "
         "advice threshold with at least one strong signal ('strong') or one strong or weak signal "
         "('strong_and_weak') gives advice for prevention.",
         Source.seed("002", "Geef ook het advies om in gesprek te gaan als het werkvermogen goed is, maar er "
                     "wel acties en/of preventieve acties mogelijk zijn.", rules=("WS-ADV-6",))),
    Rule("WS-ADV-7", "The advice explains itself: the result and the report say in plain words what "
         "decided (the WAI against its threshold, the band, the signals, the policy in force).",
         Source.seed("002", "dat er met name onvoldoende wordt onderbouwd waarom een werkende het advies "
                     "krijgt om wel/niet een gesprek te voeren", rules=("WS-ADV-7",))),
    Rule("WS-RPT-1", "The worker sees score, band, signals and advice and can download a PDF.",
         Source.seed("000", "Deze is ook te downloaden als pdf", rules=("WS-RPT-1",))),
    Rule("WS-RPT-2", "An employer report needs 25 completed questionnaires; aggregates only; cells under 5 "
         "suppressed.", Source.seed("000", "25 of meer werknemers", rules=("WS-RPT-2",))),
    Rule("WS-RPT-3", "Employer context: productivity loss and care costs by band, quoted with sources.",
         Source.seed("002", "€ 1.085 hogere zorgkosten", rules=("WS-RPT-3",))),
)

WAI_RULES = RuleSet(
    "werkscan-scoring",
    "2015.1",
    _VALID,
    {
        "item2_weights": _ITEM2,
        "item3_points": _ITEM3,
        "sick_leave_bands": _ITEM5_BANDS,
        "item5_points": _ITEM5,
        "item6_points": _ITEM6,
        "item7_points": _ITEM7,
        "wai_bands": _BANDS,
        "signal_areas": _SIGNAL_AREAS,
        "signal_cutoffs": _SIGNAL_CUTOFFS,
        "signal_drop": _SIGNAL_DROP,
        "wai_diseases": WAI_DISEASES,
    },
    rules=_RULES,
    parameters=_PARAMETERS,
)
"""The Werkscan scoring rules (WS-WAI-*, WS-SIG-*, WS-ADV-*, WS-RPT-2): tables and parameters."""


def wai_rules() -> RuleSet:
    """The Werkscan scoring rule set, for the docs generator and for callers.

    Returns:
        The :class:`blikopwerk.RuleSet` ``WAI_RULES``.

    Example:
        >>> rs = wai_rules()
        >>> rs["item3_points"].band(7).value, rs.parameter("advice_below")
        (1, Decimal('43'))
        >>> rs["wai_bands"].entry(Decimal(28)).source.rules
        ('WS-WAI-9',)
    """
    return WAI_RULES


def rule_set(rules: object, default: RuleSet, field: str = "rules") -> RuleSet:
    """``rules``, or ``default`` when it is ``None``; anything else is the library's error.

    Example:
        >>> rule_set(None, WAI_RULES) is WAI_RULES
        True
        >>> rule_set("x", WAI_RULES)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: rules: expected a RuleSet (got 'str')
    """
    if rules is None:
        return default
    if not isinstance(rules, RuleSet):
        raise InvalidValueError(field, type(rules).__name__, "expected a RuleSet")
    return rules


def items_of(values: object, field: str) -> list[Any]:
    """The items of an iterable argument (a list, a tuple, a generator), as a list; a text,
    bytes, a mapping or a single value is the library's error.

    Example:
        >>> items_of((1, 2), "records")
        [1, 2]
    """
    from collections.abc import Iterable, Mapping

    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidValueError(field, type(values).__name__, "expected a list")
    return list(values)
