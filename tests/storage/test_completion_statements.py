"""The completion's counting statement per database: the same answers on every form.

On SQLite the count returns the licence as one JSON array (where SQLite has its JSON
functions), else one subquery per licence column; both must give the licence as
stored (a missing postcode, text beyond ASCII) and the same completions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from blikopwerk import SQLiteStorage
from werkscan import LicenceService, StaffelService
from werkscan._licensing import sql as licensing_sql

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _run(url: str) -> list[tuple[object, ...]]:
    with SQLiteStorage.from_url(url) as s:
        licences = LicenceService(s)
        licences.create("Ärbo \"BV\" \\ 日本", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                        dt.date(2026, 12, 31), licence_id="L1")
        licences.create("Zorg BV", "Bert", "bert@zorg.example", dt.date(2026, 1, 1),
                        dt.date(2026, 12, 31), licence_id="L2", postcode="3511 AB")
        staffels = StaffelService(s)
        out: list[tuple[object, ...]] = []
        for lid in ("L1", "L2"):
            staffels.buy(lid, 25, now=T0)
            for i in range(27):
                r = staffels.record_completion(lid, f"{lid}-q{i % 26}", T0, now=T0,
                                               expert_id="anna@arbo.example" if lid == "L1" else None)
                out.append((r.charged, r.ordinal, r.used, r.overage, r.warning_queued))
        stored = [s.licences.get(lid) for lid in ("L1", "L2")]  # type: ignore[attr-defined]
        with s.unit_of_work() as tx:
            unit = licensing_sql.SqlLicensingUnit(tx)
            counted = [unit.count_use(lid) for lid in ("L1", "L2")]
        assert [c[1] if c else None for c in counted] == stored
        assert (stored[0].postcode, stored[1].postcode) == (None, "3511 AB")
        return out


def test_sqlite_with_and_without_its_json_functions_agree(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if not licensing_sql._sqlite_json():
        pytest.skip("this SQLite has no JSON functions")
    with_json = _run(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert licensing_sql._count_plan("sqlite")[0] == licensing_sql._BUMP_JSON
    monkeypatch.setattr(licensing_sql, "_sqlite_json", lambda: False)
    assert licensing_sql._count_plan("sqlite")[0] == licensing_sql._BUMP
    without = _run(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    assert with_json == without
    # the repeat (q0) is answered from its first charge
    assert [o[:2] for o in with_json[:27]] == [*((True, n) for n in range(1, 27)), (False, 1)]
    assert sum(bool(o[4]) for o in with_json) == 2  # one 80 % warning per staffel
