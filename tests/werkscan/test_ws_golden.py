"""Golden snapshot of the whole scoring grid (every WAI band and advice edge, every item map).

A rule change shows up as a readable diff of ``ws_golden_grid.json``. Regenerate after an
intended change with::

    WERKSCAN_REGENERATE_GOLDEN=1 python -m pytest tests/werkscan/test_ws_golden.py
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import Any

from werkscan import WAI_RULES, advice_for, band_for

_AREAS = ("health", "lifestyle", "work", "work_life_balance", "education", "career_development",
          "career_mobility", "self_reliance")
_ONE = {"strong": {a: "strong" if a == "work" else "none" for a in _AREAS},
        "weak": {a: "weak" if a == "work" else "none" for a in _AREAS}}

GOLDEN = pathlib.Path(__file__).with_name("ws_golden_grid.json")


def grid() -> dict[str, Any]:
    scores = [h / 2 for h in range(14, 99)]
    return {
        "rules_version": WAI_RULES.version,
        "score -> band, advice (WS-WAI-9, WS-ADV-2/3)": {
            f"{s:g}": [band_for(s).value, advice_for(s)[0].value] for s in scores},
        "score -> advice, preventive (WS-ADV-4)": {
            f"{s:g}": advice_for(s, preventive=True)[0].value for s in scores},
        "score -> advice with one strong / one weak signal, policy strong / strong_and_weak (WS-ADV-6)": {
            f"{s:g}": [advice_for(s, signals=_ONE[level], preventive_signals=policy)[0].value
                       for level in ("strong", "weak") for policy in ("strong", "strong_and_weak")]
            for s in scores},
        "item 2 points by nature, physical, mental (WS-WAI-2)": {
            f"{nature} {p} {m}": float(WAI_RULES["item2_weights"][nature][0] * p + WAI_RULES["item2_weights"][nature][1] * m)
            for nature in ("physical", "mental", "both") for p in range(1, 6) for m in range(1, 6)},
        "item 3 points by diseases (WS-WAI-3)": {str(c): WAI_RULES["item3_points"].band(c).value for c in range(52)},
        "item 5 points by days (WS-WAI-5)": {str(d): WAI_RULES["item5_points"].band(d).value for d in range(366)},
        "item 7 points by sum (WS-WAI-7)": {str(s): WAI_RULES["item7_points"].band(s).value for s in range(13)},
    }


def test_scoring_grid_matches_the_golden_snapshot() -> None:
    current = grid()
    if os.environ.get("WERKSCAN_REGENERATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == current
