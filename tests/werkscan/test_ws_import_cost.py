"""``import werkscan`` is light (issue 18): every public name is imported from its module on
first use, so a fresh ``import werkscan`` loads neither pydantic, pydantic-settings, Arrow,
NumPy, SQLAlchemy nor the report renderers. The time it takes is measured by
``bench/bench_scoring.py --sections 3 --e2e-rows`` (median of fresh processes against the
0.2 s ceiling); here only what is loaded is checked, which does not depend on the machine's load.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import warnings

import pytest

import werkscan

HEAVY = ("pydantic", "pydantic_core", "pydantic_settings", "pyarrow", "numpy", "pandas", "sqlalchemy", "reportlab",
         "jinja2", "babel", "attrs", "blikopwerk._settings", "werkscan._scoring.model")


def _fresh(code: str) -> str:
    path = os.pathsep.join(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": path})
    return proc.stdout


def test_a_fresh_import_loads_nothing_heavy() -> None:
    loaded = _fresh("import sys, werkscan; print('\\n'.join(sorted(sys.modules)))").split()
    assert "werkscan" in loaded
    assert [m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY] == []


def test_first_use_of_a_name_loads_its_module() -> None:
    loaded = _fresh("import sys, werkscan; werkscan.score; print('\\n'.join(sorted(sys.modules)))").split()
    assert "werkscan._scoring.scalar" in loaded and "pydantic" in loaded


@pytest.mark.parametrize("name", werkscan.__all__)
def test_every_public_name_is_the_object_of_its_module(name: str) -> None:
    value = getattr(werkscan, name)
    if name == "RULESETS":
        from werkscan._leads.rules import LEAD_RULES
        from werkscan._licensing.rules import ACCESS_RULES, INVOICING_RULES
        from werkscan._licensing.staffel import LICENSING_RULES
        from werkscan._reports.rules import REPORT_RULES
        from werkscan._scoring.wai_rules import WAI_RULES

        assert value == (WAI_RULES, REPORT_RULES, LICENSING_RULES, ACCESS_RULES, INVOICING_RULES, LEAD_RULES)
        return
    module = importlib.import_module(werkscan._LAZY[name])
    assert getattr(module, name) is value
    assert name in dir(werkscan)


def test_star_import_and_unknown_names() -> None:
    space: dict[str, object] = {}
    exec("from werkscan import *", space)  # the star import a user may write
    assert set(werkscan.__all__) <= set(space)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = werkscan.nope  # type: ignore[attr-defined]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert werkscan.InvoiceLine is werkscan.OverageLine  # type: ignore[attr-defined]
    assert caught and issubclass(caught[0].category, DeprecationWarning)
