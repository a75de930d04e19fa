"""The public names added for the evaluation rules and the advice explanation: documented, with
a runnable example, in the API reference, and ``import werkscan`` stays light."""

from __future__ import annotations

import inspect
from pathlib import Path

import werkscan

MODULES = ("werkscan._reports.measurement", "werkscan._reports.measurement_batch", "werkscan._reports.funnel",
           "werkscan._reports.funnel_batch", "werkscan._reports.context_figures", "werkscan._reports.follow_up",
           "werkscan._scoring.explain")
NEW_NAMES = ("AdviceExplanation", "AdviceReason", "ExplanationLine", "SignalPolicy", "explain_advice")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "reference"


def names() -> list[str]:
    found = [n for n in werkscan.__all__ if getattr(getattr(werkscan, n), "__module__", None) in MODULES]
    return sorted({*found, *NEW_NAMES})


def test_every_new_name_has_a_docstring_with_an_example() -> None:
    assert len(names()) > 25
    for name in names():
        doc = inspect.getdoc(getattr(werkscan, name)) or ""
        assert ">>>" in doc, f"{name} has no runnable example"


def test_every_new_name_is_in_the_api_reference() -> None:
    text = "\n".join(p.read_text("utf-8") for p in DOCS.glob("api-werkscan*.md"))
    data = ("BAND_ORDER", "CONTEXT_FIGURES", "FUNNEL_STEPS", "FUNNEL_COLUMNS", "REPORT_RULES", "ACCESS_RULES",
            "INVOICING_RULES")
    for name in (*names(), *data):
        assert f"werkscan.{name}" in text, name
