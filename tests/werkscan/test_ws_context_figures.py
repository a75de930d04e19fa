"""Context figures for employers (WS-RPT-3, WS-RPT-8): a sourced, versioned table.

Seed 002 (Panteia 2015, paragraph 4.4): workers with poor work ability had EUR 1,085 higher
care costs in the past year than those with excellent work ability; workers with good,
moderate or poor work ability visited the GP 2.6, 5.4 and 11.5 times as often ("respectievelijk")
as those with excellent; the productivity loss of the workers who had a conversation was 9.6 %
at the first and 7.4 % at the second measurement, "niet gemeten, maar berekend".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, RuleTable, Source
from seeds import seed_text
from werkscan import CONTEXT_FIGURES, REPORT_RULES, Band, ContextFigure, context_figures

ORDER = (Band.POOR, Band.MODERATE, Band.GOOD, Band.EXCELLENT)


def test_seed_002_gp_visits_are_for_good_moderate_and_poor_respectively() -> None:
    gp = context_figures("gp_visits_ratio")
    assert [(f.band, f.value) for f in gp] == [(Band.GOOD, Decimal("2.6")), (Band.MODERATE, Decimal("5.4")),
                                               (Band.POOR, Decimal("11.5"))]
    assert all(f.reference is Band.EXCELLENT and "Reeuwijk" in f.study for f in gp)
    assert "respectievelijk 2,6; 5,4; en 11,5" in CONTEXT_FIGURES.entry("gp_visits.poor").source.passage


def test_seed_002_care_costs_of_poor_against_excellent() -> None:
    (costs,) = context_figures("care_costs_difference")
    assert (costs.value, costs.unit, costs.band, costs.reference) == (Decimal(1085), "EUR per year", Band.POOR,
                                                                      Band.EXCELLENT)


def test_seed_002_productivity_loss_was_computed_not_measured() -> None:
    before, after = context_figures("productivity_loss_share")
    assert (before.value, after.value) == (Decimal("9.6"), Decimal("7.4"))
    assert before.computed and after.computed and "conversation" in before.group
    assert "niet gemeten, maar berekend" in CONTEXT_FIGURES.entry("productivity_loss.measurement_1").source.passage


def test_no_odds_ratios_because_seed_002_does_not_print_them() -> None:
    """RULES.md (WS-RPT-3) quotes odds ratios 2.03 / 3.50 / 5.54 with seed 002 as its source; the
    seed cites the study (footnote 11) but prints no such figures. The seed wins: the table holds
    no odds ratios, and every figure in it is in the seed."""
    assert context_figures("productivity_loss_odds_ratio") == ()
    text = seed_text("002_c7c9fbb17d8bd393.txt")
    for entry in CONTEXT_FIGURES.entries:
        assert entry.source.kind == "seed" and entry.source.ref.startswith("002")
        printed = format_decimal(entry.value.value, locale="nl")  # 2,6 and 1.085, as the seed prints them
        assert printed in text and printed in entry.source.passage, entry.key


def test_seed_002_does_not_print_the_odds_ratios_but_cites_the_study() -> None:
    text = seed_text("002_c7c9fbb17d8bd393.txt")
    assert "2,03" not in text and "3,50" not in text and "5,54" not in text
    assert "Berg T van den, Robroek S, Plat J" in text


def test_the_table_is_versioned_sourced_and_swappable() -> None:
    assert (CONTEXT_FIGURES.version, CONTEXT_FIGURES.valid_from) == ("2015.2", dt.date(2015, 5, 1))
    assert all("WS-RPT-8" in e.source.rules for e in CONTEXT_FIGURES.entries)
    assert "never a prediction for one person" in CONTEXT_FIGURES.description
    newer = RuleTable.build("context_figures", "Newer figures", dt.date(2027, 1, 1), [
        ("gp_visits.poor", ContextFigure("gp_visits_ratio", Decimal("9.0"), "times as often", "workers with poor "
                                         "work ability, against excellent", "A later study", Band.POOR,
                                         Band.EXCELLENT), Source.decision("example", rules=("WS-RPT-8",)))],
        version="2027.1", sorted_keys=False)
    rules = REPORT_RULES.replace(context_figures=newer)
    assert [f.value for f in context_figures("gp_visits_ratio", rules=rules)] == [Decimal("9.0")]


def test_figures_that_cannot_be_right_are_refused() -> None:
    good = dict(measure="gp_visits_ratio", value=Decimal("2.6"), unit="times as often", group="g", study="s",
                band=Band.GOOD, reference=Band.EXCELLENT)
    for change, field in (({"reference": Band.MODERATE}, "band"), ({"unit": "percent"}, "unit"),
                          ({"value": Decimal(0)}, "value"), ({"reference": None}, "reference"),
                          ({"measure": "mood"}, "measure")):
        with pytest.raises(InvalidValueError, match=field):
            ContextFigure(**{**good, **change})  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="measure"):
        context_figures("mood")


@given(st.sampled_from(["productivity_loss_odds_ratio", "gp_visits_ratio", "care_costs_difference"]))
def test_a_poorer_band_never_has_a_smaller_ratio(measure: str) -> None:
    figures = sorted(context_figures(measure), key=lambda f: ORDER.index(f.band))  # type: ignore[arg-type]
    values = [f.value for f in figures]
    assert values == sorted(values, reverse=True)
    assert all(ORDER.index(f.band) < ORDER.index(f.reference) for f in figures)  # type: ignore[arg-type]


@given(st.sampled_from(ORDER), st.sampled_from(ORDER),
       st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2))
def test_a_comparison_names_a_lower_band_than_its_reference(band: Band, reference: Band, value: Decimal) -> None:
    def build() -> ContextFigure:
        return ContextFigure("gp_visits_ratio", value, "times as often", "g", "s", band, reference)

    if ORDER.index(band) < ORDER.index(reference):
        assert build().value == value
    else:
        with pytest.raises(InvalidValueError, match="band"):
            build()
