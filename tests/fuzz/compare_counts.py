"""Print the fuzz figures of two runs side by side: inputs tried, and non-library exceptions
before and after, per entry point.

Usage (a run before the fixes, on the older tree, and one after, both in record mode)::

    BLIKOPWERK_FUZZ_RECORD=1 BLIKOPWERK_FUZZ_COUNTS=before.json pytest tests/fuzz -p no:xdist
    BLIKOPWERK_FUZZ_RECORD=1 BLIKOPWERK_FUZZ_COUNTS=after.json pytest tests/fuzz -p no:xdist
    python tests/fuzz/compare_counts.py before.json after.json
"""

from __future__ import annotations

import json
import sys


def main(before_path: str, after_path: str) -> None:
    with open(before_path, encoding="utf-8") as fh:
        before = json.load(fh)
    with open(after_path, encoding="utf-8") as fh:
        after = json.load(fh)
    print(f"{'entry point':46} {'tried':>6} {'before':>7} {'after':>6}  kinds before")
    totals = [0, 0, 0]
    for entry in sorted(set(before) | set(after)):
        b, a = before.get(entry, {}), after.get(entry, {})
        kinds = ", ".join(f"{k.rsplit('.', 1)[-1]} {n}" for k, n in
                          sorted(b.get("failures", {}).items(), key=lambda kv: -kv[1]))
        row = (a.get("tried", 0), b.get("other exception", 0), a.get("other exception", 0))
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(f"{entry:46} {row[0]:6} {row[1]:7} {row[2]:6}  {kinds}")
    print(f"{'total':46} {totals[0]:6} {totals[1]:7} {totals[2]:6}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
