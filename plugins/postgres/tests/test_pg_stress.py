"""Stress: exactly-once under real concurrency on PostgreSQL (DESIGN principle 6).

Driven through the Werkscan services, as an application would:

* 32 processes redeem one single-use code at the same moment: exactly one wins
  (WS-ACC-2), the 31 others get :class:`CodeAlreadyUsedError`.
* 8 processes record 10,000 completions, with duplicates inside and across processes,
  against a staffel of 1,000: every questionnaire is charged once with ordinals
  1..10,000, one 80 % warning is queued (WS-STF-3), and the 9,000 overage lines are
  exactly those beyond the staffel at its unit price (WS-STF-4, WS-STF-6).

Each process opens the storage URL itself (its own connections, real transactions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from blikopwerk import Money, NotFoundError, Storage, open_storage
from blikopwerk.testing import concurrently
from werkscan import AccessService, LicenceService, StaffelService
from werkscan._licensing.records import CodeAlreadyUsedError

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LICENCE = "L-stress"


def _redeem(storage: Storage, code: str) -> str:
    try:
        redemption = AccessService(storage).redeem(code, now=T0)
    except CodeAlreadyUsedError:
        return "used"
    return f"won:{redemption.questionnaire.id}"


def _record(storage: Storage, ids: list[str]) -> list[tuple[str, bool, int, bool, bool]]:
    service = StaffelService(storage)
    out = []
    for i, qid in enumerate(ids):
        r = service.record_completion(LICENCE, qid, T0, now=T0 + dt.timedelta(seconds=i))
        out.append((r.questionnaire_id, r.charged, r.ordinal, r.overage, r.warning_queued))
    return out


@pytest.fixture
def storage(make_url: Callable[..., str]) -> Iterator[Any]:
    storage = open_storage(make_url())
    LicenceService(storage).create("Arbo Stress BV", "Anna de Vries", "anna@arbo.example",
                                   dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                   licence_id=LICENCE)
    try:
        yield storage
    finally:
        storage.close()


def test_32_processes_redeem_one_code_exactly_one_wins(storage: Any) -> None:
    StaffelService(storage).buy(LICENCE, 25, now=T0)  # codes only while a staffel is active (WS-STF-7)
    issued = AccessService(storage).generate_codes(LICENCE, "Bakkerij Jansen", 1, now=T0)
    (code,) = issued.codes

    results = concurrently(storage, _redeem, [(code,)] * 32)

    assert [r for r in results if isinstance(r, BaseException)] == []
    winners = [r.split(":", 1)[1] for r in results if r.startswith("won:")]
    assert len(winners) == 1 and results.count("used") == 31
    (stored,) = storage.access.codes(LICENCE)
    assert stored.state == "used" and stored.questionnaire_id == winners[0]
    started = storage.access.get(winners[0])
    assert (started.route, started.licence_id) == ("code", LICENCE)
    # the losers' transactions left nothing behind: one questionnaire on the licence
    assert storage.db.run(lambda tx: tx.one("SELECT COUNT(*) FROM ws_questionnaires"))[0] == 1
    with pytest.raises(NotFoundError):
        storage.access.get("never-started")


def _plan(n_unique: int, workers: int) -> list[list[str]]:
    """Each worker records its own slice, then replays a tenth of its neighbour's slice
    (a concurrent duplicate) and every 50th of its own (a retry)."""
    ids = [f"wq-{i:05d}" for i in range(n_unique)]
    size = n_unique // workers
    slices = [ids[w * size:(w + 1) * size] for w in range(workers)]
    return [slices[w] + slices[(w + 1) % workers][: size // 10] + slices[w][::50]
            for w in range(workers)]


def test_8_processes_record_10000_completions_each_charged_once(storage: Any) -> None:
    n, workers, size = 10_000, 8, 1_000
    staffel = StaffelService(storage).buy(LICENCE, size, now=T0)
    price = staffel.unit_price
    plans = _plan(n, workers)
    calls = sum(len(p) for p in plans)
    assert calls == n + n // 10 + n // 50

    results = concurrently(storage, _record, [(p,) for p in plans], timeout=900)

    assert [r for r in results if isinstance(r, BaseException)] == []
    flat = [row for rows in results for row in rows]
    assert len(flat) == calls
    charged = [row for row in flat if row[1]]
    assert sorted(row[0] for row in charged) == [f"wq-{i:05d}" for i in range(n)]
    assert sorted(row[2] for row in charged) == list(range(1, n + 1))
    assert [row[2] for row in flat if row[4]] == [800], "one warning, at 80 % of 1,000"

    assert storage.staffels.active(LICENCE).used == n
    charges = storage.staffels.charges(LICENCE)
    assert [c.ordinal for c in charges] == list(range(1, n + 1))
    assert [c.overage for c in charges] == [o > size for o in range(1, n + 1)]
    lines = storage.staffels.invoice_lines(LICENCE)
    assert [line.ordinal for line in lines] == list(range(size + 1, n + 1))
    assert all(line.status == "draft" and line.amount == price for line in lines)
    total = sum((line.amount for line in lines), Money.zero())
    assert total == price * (n - size) == Money("45000.00")
    warnings = [e.message.id for e in storage.outbox.entries()
                if e.message.id.startswith("staffel-80:")]
    assert warnings == [f"staffel-80:{staffel.id}"]
