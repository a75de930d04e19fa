"""The Werkscan part of the main job runs end to end and writes its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkscan import _demo


@pytest.mark.slow
def test_werkscan_demo_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _demo.main(["--workdir", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Werkscan: leads from match to consent" in out
    assert "Demo finished" in out
    assert any((tmp_path / "out").rglob("*.pdf"))
