"""Stress: exactly-once under real concurrency on PostgreSQL (DESIGN principle 6).

* 32 processes redeem one single-use code at the same moment: exactly one wins
  (WS-ACC-2), the 31 others get :class:`CodeAlreadyUsedError`.
* 8 processes record 10,000 completions, with duplicates inside and across processes,
  against one staffel: every questionnaire is charged once with ordinals 1..10,000,
  one 80 % warning is queued (WS-STF-3), and the overage lines are exactly those beyond
  the staffel, at its unit price (WS-STF-4, WS-STF-6).

Each process opens the storage URL itself (separate connections, real transactions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from blikopwerk import Message, Money, NotFoundError, Storage, open_storage
from blikopwerk._protocols_licensing import (
    AccessCode,
    CodeAlreadyUsedError,
    Licence,
    Redemption,
    Staffel,
)
from blikopwerk.testing.storage import concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
THRESHOLD = Decimal("0.80")
CODE = "KQ7RM-2XW9P"
LICENCE = Licence("L-stress", "Arbo Stress BV", "Anna de Vries", "anna@arbo.example",
                  dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def warning(licence: Licence, staffel: Staffel) -> Message:
    """The 80 % warning (WS-STF-3): one per staffel by its id."""
    return Message(f"staffel-80:{staffel.id}", (licence.contact_email,),
                   f"80 % used ({staffel.used} of {staffel.size})", "...")


def _redeem(storage: Any, code: str, questionnaire_id: str) -> str:
    digest = hashlib.sha256(code.encode()).hexdigest()
    try:
        result = storage.access.redeem_code(code, digest, questionnaire_id, T0)
    except CodeAlreadyUsedError:
        return "used"
    assert isinstance(result, Redemption)
    return f"won:{result.questionnaire.id}"


def _record(storage: Any, ids: list[str]) -> list[tuple[str, bool, int, bool, bool]]:
    out = []
    for i, qid in enumerate(ids):
        r = storage.staffels.record_completion(
            LICENCE.id, qid, T0, T0 + dt.timedelta(seconds=i), threshold=THRESHOLD, warning=warning)
        out.append((r.questionnaire_id, r.charged, r.ordinal, r.overage, r.warning_queued))
    return out


@pytest.fixture
def storage(make_url: Callable[..., str]) -> Any:
    storage = open_storage(make_url())
    try:
        yield storage
    finally:
        storage.close()


def test_32_processes_redeem_one_code_exactly_one_wins(storage: Storage) -> None:
    s: Any = storage
    s.licences.create(LICENCE)
    digest = hashlib.sha256(CODE.encode()).hexdigest()
    s.access.add_codes([AccessCode("C-1", digest, LICENCE.id, "Bakkerij Jansen", "b1", T0)])

    results = concurrently(storage, _redeem, [(CODE, f"q-{i:02d}") for i in range(32)])

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    winners = [r.split(":", 1)[1] for r in results if r.startswith("won:")]
    assert len(winners) == 1 and results.count("used") == 31
    (code,) = s.access.codes(LICENCE.id)
    assert code.state == "used" and code.questionnaire_id == winners[0]
    assert s.access.get(winners[0]).route == "code"
    # the losers started no questionnaire: their transactions left nothing behind
    for qid in (f"q-{i:02d}" for i in range(32)):
        if qid != winners[0]:
            with pytest.raises(NotFoundError):
                s.access.get(qid)


def _plan(n_unique: int, workers: int) -> list[list[str]]:
    """Each worker records its own slice, then replays a tenth of its neighbour's slice
    (a concurrent duplicate) and every 50th of its own (a retry)."""
    ids = [f"wq-{i:05d}" for i in range(n_unique)]
    size = n_unique // workers
    slices = [ids[w * size:(w + 1) * size] for w in range(workers)]
    plans = []
    for w in range(workers):
        own = slices[w]
        neighbour = slices[(w + 1) % workers]
        plans.append(own + neighbour[: size // 10] + own[::50])
    return plans


def test_8_processes_record_10000_completions_each_charged_once(storage: Storage) -> None:
    s: Any = storage
    n, workers, size, price = 10_000, 8, 8_000, Money("9.50")
    s.licences.create(LICENCE)
    s.staffels.buy(Staffel("S-1", LICENCE.id, size, price, T0, "werkscan-staffels", "stress"))
    plans = _plan(n, workers)
    calls = sum(len(p) for p in plans)
    assert calls > n

    results = concurrently(storage, _record, [(p,) for p in plans], timeout=900)

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    flat = [row for rows in results for row in rows]
    assert len(flat) == calls
    charged = [row for row in flat if row[1]]
    assert len(charged) == n
    assert sorted(row[0] for row in charged) == [f"wq-{i:05d}" for i in range(n)]
    assert sorted(row[2] for row in charged) == list(range(1, n + 1))
    assert sum(row[4] for row in flat) == 1, "one call queued the 80 % warning"

    assert s.staffels.active(LICENCE.id).used == n
    charges = s.staffels.charges(LICENCE.id)
    assert [c.ordinal for c in charges] == list(range(1, n + 1))
    assert [c.overage for c in charges] == [o > size for o in range(1, n + 1)]
    lines = s.staffels.invoice_lines(LICENCE.id)
    assert [line.ordinal for line in lines] == list(range(size + 1, n + 1))
    assert all(line.status == "draft" and line.amount == price for line in lines)
    total = sum((line.amount for line in lines), Money.zero())
    assert total == price * (n - size) == Money("19000.00")
    warnings = [e for e in s.outbox.entries() if e.message.id.startswith("staffel-80:")]
    assert [w.message.id for w in warnings] == ["staffel-80:S-1"]
