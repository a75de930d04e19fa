"""The scoring part of werkscan's public API: documented names with runnable examples, light import."""

from __future__ import annotations

import inspect
import subprocess
import sys

import werkscan

SCORING_MODULES = ("werkscan._scoring.scalar", "werkscan._scoring.model", "werkscan._scoring.wai_rules", "werkscan._scoring.batch",
                   "werkscan._reports.employer", "werkscan._reports.render")


def scoring_names() -> list[str]:
    return [name for name in werkscan.__all__
            if getattr(getattr(werkscan, name), "__module__", None) in SCORING_MODULES]


def test_every_public_scoring_name_has_a_docstring_with_an_example() -> None:
    names = scoring_names()
    assert len(names) > 40
    for name in names:
        obj = getattr(werkscan, name)
        doc = inspect.getdoc(obj) or ""
        assert ">>>" in doc, f"{name} has no runnable example"


def test_all_is_exported() -> None:
    assert len(werkscan.__all__) == len(set(werkscan.__all__))
    for name in werkscan.__all__:
        assert hasattr(werkscan, name), name
    assert werkscan.WAI_RULES in werkscan.RULESETS and isinstance(werkscan.RULESETS, tuple)


def test_import_werkscan_stays_light() -> None:
    code = ("import sys, werkscan; heavy = [m for m in ('numpy', 'pyarrow', 'pandas', 'matplotlib', 'reportlab',"
            " 'jinja2', 'polars', 'dask') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
