"""The whole fee / man-day / audit-route grid against its golden snapshot file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _regenerate_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("km_snapshot_regenerate", HERE / "snapshots" / "regenerate_km_snapshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_km_grid_matches_golden_snapshot() -> None:
    module = _regenerate_module()
    expected = (HERE / "snapshots" / "fee_mandays_grid.txt").read_text("utf-8")
    assert module.render() == expected, "rules changed: run tests/keurmerk/snapshots/regenerate_km_snapshot.py and review"


def test_km_snapshot_spot_checks() -> None:
    text = (HERE / "snapshots" / "fee_mandays_grid.txt").read_text("utf-8")
    assert "turnover         249999 -> fee 2327" in text
    assert "turnover       74999.50 -> fee 1605" in text
    assert "turnover         250000 -> fee 2673" in text
    assert "employees    500 -> 3.5 / 2" in text
    assert "employees    501 -> 4 / 2.25" in text
    assert "turnover  249999.99 -> by Blik op Werk: True, price: 552" in text
    assert "turnover     250000 -> by Blik op Werk: False, price: None" in text
