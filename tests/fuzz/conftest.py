"""Prints the fuzz harness's counts at the end of a run (see ``tests/fuzz/_harness.py``)."""

from __future__ import annotations

import json
import os
from typing import Any

from fuzz._harness import COUNTS, FAILURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COUNTS:
        return
    write = terminalreporter.write_line
    write("")
    write("fuzz counts per entry point (tried / result / library error / other exception)")
    total: dict[str, int] = {}
    for entry in sorted(COUNTS):
        c = COUNTS[entry]
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
        kinds = ", ".join(f"{k} x{n}" for k, n in FAILURES[entry].most_common()) if FAILURES[entry] else ""
        write(f"  {entry:42} {c['tried']:6} {c['result']:6} {c['library error']:6} "
              f"{c['other exception']:6}  {kinds}")
    write(f"  {'total':42} {total.get('tried', 0):6} {total.get('result', 0):6} "
          f"{total.get('library error', 0):6} {total.get('other exception', 0):6}")
    path = os.environ.get("BLIKOPWERK_FUZZ_COUNTS")
    if path:
        data: dict[str, Any] = {e: {**COUNTS[e], "failures": dict(FAILURES[e])} for e in COUNTS}
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
