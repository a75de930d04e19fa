"""The public API: ``__all__`` lists exactly the public names, no private object leaks."""

from __future__ import annotations

import importlib
import inspect

import pytest

PACKAGES = ["blikopwerk", "werkscan", "keurmerk", "blikopwerk.plugins", "blikopwerk.storage", "blikopwerk.testing",
            "werkscan.testing"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_equals_public_names(name: str) -> None:
    module = importlib.import_module(name)
    for n in module.__all__:  # names a module provides lazily (Settings) resolve on first use
        getattr(module, n)
    public = {
        n for n, obj in vars(module).items()
        if not n.startswith("_") and not inspect.ismodule(obj) and n not in {"annotations"}
    } | ({"__version__"} if hasattr(module, "__version__") else set())
    assert set(module.__all__) == public
    assert len(module.__all__) == len(set(module.__all__))


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_name_is_documented(name: str) -> None:
    module = importlib.import_module(name)
    undocumented = [
        n for n in module.__all__
        if (inspect.isclass(getattr(module, n)) or inspect.isfunction(getattr(module, n)))
        and not inspect.getdoc(getattr(module, n))
    ]
    assert undocumented == []


def test_no_private_module_is_public() -> None:
    import blikopwerk

    for n in blikopwerk.__all__:
        assert not n.startswith("_") or n == "__version__"


def test_import_werkscan_is_light() -> None:
    import subprocess
    import sys

    code = ("import sys, werkscan, keurmerk, blikopwerk; "
            "heavy = [m for m in ('pyarrow', 'pandas', 'polars', 'dask', 'matplotlib', 'reportlab', "
            "'shapely', 'pyproj', 'pint') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_import_does_not_load_pydantic_settings() -> None:
    """Settings load pydantic-settings when first used, not at import (issue 18)."""
    import subprocess
    import sys

    code = ("import sys, werkscan, keurmerk, blikopwerk; print('pydantic_settings' in sys.modules); "
            "blikopwerk.Settings(); print('pydantic_settings' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
