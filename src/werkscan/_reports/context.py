"""Research context for the employer report (WS-RPT-3, WS-RPT-8): the figures in one place.

The employer report quotes what the evaluation of the Werkscan (Panteia, 2015, seed
``002_c7c9fbb17d8bd393.txt``) reports about work ability, productivity and care use. Each
figure names the groups it describes and its source, so the report can never give the
good / moderate / poor triplet of GP visits to poor work ability alone (seed 002, around
line 1933: "Werknemers met een goed, matig of slecht werkvermogen bezochten de huisarts
respectievelijk 2,6; 5,4; en 11,5 keer zo vaak als werknemers met een uitstekend
werkvermogen").

:func:`research_context` is the only place the report reads these figures from; the
sourced, versioned table of WS-RPT-8 replaces its body when it lands, without touching the
report.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from werkscan._scoring.model import Band

__all__ = ["BandFigures", "Citation", "ResearchContext", "research_context"]


@attrs.frozen
class Citation:
    """A study as the evaluation cites it: first author and year (``Reeuwijk``, 2013)."""

    author: str
    year: int
    title: str


@attrs.frozen
class BandFigures:
    """One finding per band of work ability, against workers with excellent work ability.

    Attributes:
        values: the figure per band (``good``, ``moderate``, ``poor``), in that order.
        source: the study, as cited by the evaluation.
        passage: where the evaluation reports it (seed and line), for provenance.
    """

    values: tuple[tuple[Band, Decimal], ...]
    source: Citation
    passage: str


@attrs.frozen
class ResearchContext:
    """The figures the employer report quotes (WS-RPT-3): never a per-person prediction.

    Attributes:
        productivity_odds: odds ratios of productivity loss (van den Berg et al., 2011).
        gp_visits: how many times as often workers visit their GP (Reeuwijk et al., 2013).
        care_costs_poor: the extra care costs a year of poor against excellent work ability.
        loss_before, loss_after: the productivity loss the evaluation computed (not measured)
            before and after a Werkscan conversation, in percent.
        evaluation: the evaluation report's title, as cited.
    """

    productivity_odds: BandFigures
    gp_visits: BandFigures
    care_costs_poor: Decimal
    care_costs_source: Citation
    loss_before: Decimal
    loss_after: Decimal
    evaluation: Citation


_EVALUATION = Citation("Panteia", 2015, "Evaluatie van de Werkscan")
_REEUWIJK = Citation("Reeuwijk", 2013, "De associatie tussen een verminderde inzetbaarheid en frequentie en "
                     "kosten van medische zorg")
_VAN_DEN_BERG = Citation("Van den Berg", 2011, "The importance of job control for workers with decreased work "
                         "ability to remain productive at work")


def research_context() -> ResearchContext:
    """The research figures of WS-RPT-3 with their groups and sources (WS-RPT-8).

    The odds ratios are quoted from the rule catalogue (WS-RPT-3); the evaluation cites
    the study (footnote 11) but does not print the ratios themselves.

    Example:
        >>> c = research_context()
        >>> [(band.value, str(v)) for band, v in c.gp_visits.values]
        [('good', '2.6'), ('moderate', '5.4'), ('poor', '11.5')]
    """
    return ResearchContext(
        productivity_odds=BandFigures(
            ((Band.GOOD, Decimal("2.03")), (Band.MODERATE, Decimal("3.50")), (Band.POOR, Decimal("5.54"))),
            _VAN_DEN_BERG,
            "RULES.md WS-RPT-3; the study is footnote 11 of seed 002 (around line 1924)",
        ),
        gp_visits=BandFigures(
            ((Band.GOOD, Decimal("2.6")), (Band.MODERATE, Decimal("5.4")), (Band.POOR, Decimal("11.5"))),
            _REEUWIJK,
            "seed 002 around line 1933 ('respectievelijk 2,6; 5,4; en 11,5')",
        ),
        care_costs_poor=Decimal("1085"),
        care_costs_source=_REEUWIJK,
        loss_before=Decimal("9.6"),
        loss_after=Decimal("7.4"),
        evaluation=_EVALUATION,
    )
