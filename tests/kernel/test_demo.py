"""The main job runs end to end and writes its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from blikopwerk import _demo


@pytest.mark.slow
def test_demo_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _demo.main(["--workdir", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "deadline Wed 30 Dec" in out
    assert "Demo finished" in out
    assert (tmp_path / "out" / "outbox" / "demo-hello.eml").exists()
