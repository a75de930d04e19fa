"""The Keurmerk part of the main job runs end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from keurmerk import _demo


@pytest.mark.slow
def test_keurmerk_demo_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _demo.main(["--workdir", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "2.327,00" in out
    assert "Demo finished" in out
