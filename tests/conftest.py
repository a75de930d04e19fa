"""Shared test configuration: Hypothesis profiles (``HYPOTHESIS_PROFILE=ci`` in CI), the
``storage`` fixture (each test once on each embedded backend) and ``load_bench`` (a script
of ``bench/`` as a module)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

from blikopwerk import Storage, open_storage

settings.register_profile("ci", max_examples=60, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(params=["memory", "sqlite"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """A fresh embedded backend: ``memory://``, then ``sqlite:///`` in a temporary folder."""
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'test.sqlite3'}"
    s = open_storage(url)
    yield s
    s.close()


@pytest.fixture
def load_bench() -> Callable[[str], ModuleType]:
    """Load ``bench/<name>.py`` as a module of its own, so a test can call its functions."""

    def load(name: str) -> ModuleType:
        path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"{name}_under_test", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module

    return load
