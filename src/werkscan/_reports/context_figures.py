"""Context figures for employers (WS-RPT-3, WS-RPT-8): a sourced, versioned table.

The Werkscan evaluation (seed ``002_c7c9fbb17d8bd393.txt``, Panteia 2015) quotes research on
what lower work ability goes with: higher care costs and more GP visits (Reeuwijk et al.,
2013), and a productivity loss it computed for the workers who had a conversation (9.6 %
before, 7.4 % after, "niet gemeten, maar berekend", with the model of van den Berg et al.,
2011). Each figure is a row of :data:`CONTEXT_FIGURES` with its source and the group it
describes: the GP-visit figures 2.6 / 5.4 / 11.5 are for good / moderate / poor work ability
against excellent ("respectievelijk"), not all for poor.

These are group findings from studies, quoted with their source; they are never a prediction
for one person.

The rule catalogue (RULES.md, WS-RPT-3) also quotes odds ratios of productivity loss
(2.03 / 3.50 / 5.54 for good / moderate / poor against excellent) from van den Berg et al.
(2011). Seed 002 cites that study (its footnote 11) but does not print those figures, and
where the catalogue and a seed disagree the seed wins: the table holds no odds ratios. The
measure ``productivity_loss_odds_ratio`` stays, so a deployment that has the study at hand
can add them, with their source, in its own rule set.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet, RuleTable, Source
from werkscan._scoring.model import Band
from werkscan._scoring.wai_rules import rule_set

__all__ = ["CONTEXT_FIGURES", "MEASURES", "ContextFigure", "context_figures"]

#: What a context figure may measure, with its unit.
MEASURES: dict[str, str] = {
    "productivity_loss_odds_ratio": "odds ratio",
    "care_costs_difference": "EUR per year",
    "gp_visits_ratio": "times as often",
    "productivity_loss_share": "percent",
}
_BANDS = (Band.POOR, Band.MODERATE, Band.GOOD, Band.EXCELLENT)

_BERG = ("van den Berg T, Robroek S, Plat J, et al. (2011). The importance of job control for workers "
         "with decreased work ability to remain productive at work. Int Arch Occup Environ Health 84(6)")
_REEUWIJK = ("Reeuwijk K, Robroek S, Molenaar D, Burdorf A (2013). De associatie tussen een verminderde "
             "inzetbaarheid en frequentie en kosten van medische zorg")
_PANTEIA = "Panteia (2015), Evaluatie van de Werkscan"


@attrs.frozen
class ContextFigure:
    """One quoted research figure: what it measures, its value, and the group it describes.

    Attributes:
        measure: what is measured: ``productivity_loss_odds_ratio``, ``care_costs_difference``,
            ``gp_visits_ratio`` or ``productivity_loss_share``.
        value: the figure as printed (exact decimal).
        unit: ``odds ratio``, ``EUR per year``, ``times as often`` or ``percent``.
        group: the group the figure describes, in words.
        band: the WAI band of that group, where it is one band.
        reference: the band it is compared with (``excellent``), where it is a comparison.
        computed: the figure was computed with a model, not measured.
        study: the study the figure comes from.

    Example:
        >>> f = CONTEXT_FIGURES["gp_visits.moderate"]
        >>> f.value, f.band.value, f.reference.value, f.unit
        (Decimal('5.4'), 'moderate', 'excellent', 'times as often')
    """

    measure: str
    value: Decimal
    unit: str
    group: str
    study: str
    band: Band | None = None
    reference: Band | None = None
    computed: bool = False

    def __attrs_post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise InvalidValueError("measure", self.measure, f"expected one of {sorted(MEASURES)}")
        if self.unit != MEASURES[self.measure]:
            raise InvalidValueError("unit", self.unit, f"{self.measure} is in {MEASURES[self.measure]!r}")
        if not isinstance(self.value, Decimal) or not self.value.is_finite() or self.value <= 0:
            raise InvalidValueError("value", self.value, "a figure is a positive, finite Decimal")
        if self.unit == "percent" and self.value > 100:
            raise InvalidValueError("value", self.value, "a percentage is at most 100")
        if not self.group.strip() or not self.study.strip():
            raise InvalidValueError("group" if not self.group.strip() else "study", "", "must not be empty")
        if (self.reference is None) != (self.measure == "productivity_loss_share"):
            raise InvalidValueError("reference", self.reference,
                                    "a ratio or difference names the band it compares with; a share does not")
        if self.reference is not None and (self.band is None or _BANDS.index(self.band) >= _BANDS.index(self.reference)):
            raise InvalidValueError("band", self.band, f"must be a band below the reference {self.reference.value!r}")


def _gp(band: Band, value: str) -> ContextFigure:
    return ContextFigure("gp_visits_ratio", Decimal(value), "times as often",
                         f"workers with {band.value} work ability, against excellent", _REEUWIJK, band, Band.EXCELLENT)


_COSTS = Source.seed("002", "Werknemers met een slecht werkvermogen hadden gemiddeld € 1.085 hogere zorgkosten "
                     "in het afgelopen jaar dan werknemers met een uitstekend werkvermogen.",
                     rules=("WS-RPT-3", "WS-RPT-8"))
_GP = Source.seed("002", "Werknemers met een goed, matig of slecht werkvermogen bezochten de huisarts "
                  "respectievelijk 2,6; 5,4; en 11,5 keer zo vaak als werknemers met een uitstekend "
                  "werkvermogen.", rules=("WS-RPT-3", "WS-RPT-8"))
_LOSS = Source.seed("002", "Volgens deze berekeningen was het productiviteitsverlies ten tijde van meting 1 "
                    "9,6 procent en bij meting 2 7,4 procent. ... Het productiviteitsverlies is niet "
                    "gemeten, maar berekend.", rules=("WS-RPT-3", "WS-RPT-8"))

_EVALUATED = "workers in the evaluation who had a Werkscan conversation"

#: The context figures of WS-RPT-3, each with its source and the group it describes (WS-RPT-8).
#: All from seed 002; no odds ratios (the seed does not print them, see the module docstring).
CONTEXT_FIGURES: RuleTable[str, ContextFigure] = RuleTable.build(
    "context_figures",
    "Context for employers: research figures on work ability, productivity and care (group findings)",
    dt.date(2015, 5, 1),
    [
        ("care_costs.poor", ContextFigure("care_costs_difference", Decimal("1085"), "EUR per year",
                                          "workers with poor work ability, against excellent: higher care "
                                          "costs in the past year", _REEUWIJK, Band.POOR, Band.EXCELLENT), _COSTS),
        ("gp_visits.good", _gp(Band.GOOD, "2.6"), _GP),
        ("gp_visits.moderate", _gp(Band.MODERATE, "5.4"), _GP),
        ("gp_visits.poor", _gp(Band.POOR, "11.5"), _GP),
        ("productivity_loss.measurement_1", ContextFigure(
            "productivity_loss_share", Decimal("9.6"), "percent", f"{_EVALUATED}, at the first measurement",
            f"{_PANTEIA}, with the model of {_BERG}", computed=True), _LOSS),
        ("productivity_loss.measurement_2", ContextFigure(
            "productivity_loss_share", Decimal("7.4"), "percent", f"{_EVALUATED}, at the second measurement",
            f"{_PANTEIA}, with the model of {_BERG}", computed=True), _LOSS),
    ],
    version="2015.2",
    sorted_keys=False,
    description="Group findings quoted with their source, never a prediction for one person. The GP-visit "
                "figures are for good, moderate and poor work ability respectively; the productivity loss "
                "of 9.6 % and 7.4 % was computed, not measured. No odds ratios of productivity loss: the "
                "evaluation cites their study but does not print them.",
)


def context_figures(measure: str | None = None, *, rules: RuleSet | None = None) -> tuple[ContextFigure, ...]:
    """The context figures of the rule set in use, in table order (WS-RPT-8).

    Args:
        measure: only the figures of this measure (``productivity_loss_odds_ratio``,
            ``care_costs_difference``, ``gp_visits_ratio`` or ``productivity_loss_share``).
        rules: a rule set with a ``context_figures`` table (default :data:`werkscan.REPORT_RULES`).

    Raises:
        InvalidValueError: an unknown measure.

    Example:
        >>> [(f.band.value, str(f.value)) for f in context_figures("gp_visits_ratio")]
        [('good', '2.6'), ('moderate', '5.4'), ('poor', '11.5')]
    """
    if measure is not None and (not isinstance(measure, str) or measure not in MEASURES):
        raise InvalidValueError("measure", measure, f"expected one of {sorted(MEASURES)}")
    from werkscan._reports.rules import REPORT_RULES

    rules = rule_set(rules, REPORT_RULES)
    table: RuleTable[str, ContextFigure] = rules["context_figures"]
    return tuple(f for f in table.values() if measure is None or f.measure == measure)
