"""SQLite and PostgreSQL agree: the same operations give the same results, the same
errors and the same observable state (a Hypothesis state machine drives both).

Operations cover the outbox (enqueue, claim, mark delivered/retry/failed), the
licensing repositories (licences, staffels with completions, overage and upgrades,
single-use codes) and the lead repositories (experts with caps, leads, offers, due
reminders and deadlines). After every step the stored state read back through the public
repository API must be equal on both backends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from blikopwerk_postgres import PostgresOptions
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from blikopwerk import Message, Money, open_storage
from werkscan._licensing.records import AccessCode, Licence, Staffel
from werkscan.testing.leads import REMIND, contact, expert, lead, offer_of, reminder

pytestmark = pytest.mark.postgres

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LICENCES = ("L1", "L2")
QIDS = tuple(f"q{i}" for i in range(12))
CODES = ("AAAAA-11111", "BBBBB-22222", "CCCCC-33333")
THRESHOLD = Decimal("0.80")


def _warning(licence: Licence, staffel: Staffel) -> Message:
    return Message(f"staffel-80:{staffel.id}", (licence.contact_email,),
                   f"{staffel.used}/{staffel.size}", "80 %")


def _outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return ("ok", call())
    except Exception as exc:  # both backends must fail alike: same type, same message
        return ("error", f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}")


minutes = st.integers(0, 600).map(lambda m: T0 + dt.timedelta(minutes=m))


class Agreement(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        base = os.environ["BLIKOPWERK_TEST_POSTGRES_URL"]
        self.schema = f"t_{uuid.uuid4().hex[:16]}"
        self.conninfo = PostgresOptions.from_url(base).conninfo
        self.tmp = tempfile.mkdtemp(prefix="bow-agree-")
        self.sqlite = open_storage(f"sqlite:///{self.tmp}/a.sqlite3")
        self.pg = open_storage(f"{base}{'&' if '?' in base else '?'}schema={self.schema}")
        self.n_staffels = 0

    def teardown(self) -> None:
        self.sqlite.close()
        self.pg.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def both(self, call: Callable[[Any], Any]) -> Any:
        a = _outcome(lambda: call(self.sqlite))
        b = _outcome(lambda: call(self.pg))
        assert a == b, f"SQLite gave {a!r}, PostgreSQL gave {b!r}"
        return a

    @initialize(size=st.integers(1, 6), until=st.integers(0, 60))
    def setup(self, size: int, until: int) -> None:
        """Both licences exist (L2 may expire within the run) and L1 has a staffel and codes."""
        for lid, days in (("L1", 365), ("L2", until)):
            self.create_licence(lid, days)
        self.both(lambda s: s.staffels.buy(Staffel("S0", "L1", size, Money("9.50"), T0, "t", "v1")))
        for k in (0, 1):
            self.add_code("L1", k, T0)

    # -- outbox ---------------------------------------------------------------------
    @rule(i=st.integers(0, 5), at=minutes)
    def enqueue(self, i: int, at: dt.datetime) -> None:
        m = Message(f"m{i}", (f"u{i}@example.nl",), f"s{i} – é", f"b{i}\n")
        self.both(lambda s: s.outbox.enqueue(m, at))

    @rule(at=minutes, limit=st.integers(1, 4), lease=st.integers(1, 120))
    def claim(self, at: dt.datetime, limit: int, lease: int) -> None:
        self.both(lambda s: s.outbox.claim(at, limit, dt.timedelta(minutes=lease)))

    @rule(i=st.integers(0, 6), at=minutes, how=st.sampled_from(["delivered", "retry", "failed"]))
    def mark(self, i: int, at: dt.datetime, how: str) -> None:
        mid = f"m{i}"
        if how == "delivered":
            self.both(lambda s: s.outbox.mark_delivered(mid, at))
        elif how == "retry":
            self.both(lambda s: s.outbox.mark_retry(mid, "421 try later", at))
        else:
            self.both(lambda s: s.outbox.mark_failed(mid, "550 no such user"))

    # -- licensing ------------------------------------------------------------------
    @rule(lid=st.sampled_from(LICENCES), until=st.integers(0, 400))
    def create_licence_rule(self, lid: str, until: int) -> None:
        self.create_licence(lid, until)

    def create_licence(self, lid: str, until: int) -> None:
        lic = Licence(lid, f"Bedrijf {lid}", "Anna", f"anna.{lid.lower()}@example.nl",
                      dt.date(2026, 1, 1), dt.date(2026, 3, 2) + dt.timedelta(days=until))
        self.both(lambda s: s.licences.create(lic))

    @rule(lid=st.sampled_from(LICENCES), size=st.integers(1, 8),
          price=st.sampled_from(["9.50", "12.25", "0.00"]), upgrade=st.booleans(), at=minutes)
    def buy_or_upgrade(self, lid: str, size: int, price: str, upgrade: bool, at: dt.datetime) -> None:
        self.n_staffels += 1
        staffel = Staffel(f"S{self.n_staffels}", lid, size, Money(price), at, "t", "v1")
        if upgrade:
            self.both(lambda s: s.staffels.upgrade(lid, staffel, at, threshold=THRESHOLD,
                                                    warning=_warning))
        else:
            self.both(lambda s: s.staffels.buy(staffel))

    @rule(lid=st.sampled_from(LICENCES), qid=st.sampled_from(QIDS), at=minutes,
          days=st.integers(0, 90))
    def complete(self, lid: str, qid: str, at: dt.datetime, days: int) -> None:
        done = at + dt.timedelta(days=days)
        self.both(lambda s: s.staffels.record_completion(lid, qid, done, done, threshold=THRESHOLD,
                                                          warning=_warning))

    @rule(qid=st.sampled_from(QIDS), at=minutes)
    def complete_on_l1(self, qid: str, at: dt.datetime) -> None:
        """The common case, drawn more often: a completion on the licence with a staffel."""
        self.complete("L1", qid, at, 0)

    @rule(lid=st.sampled_from(LICENCES), days=st.integers(0, 500))
    def finalise(self, lid: str, days: int) -> None:
        self.both(lambda s: s.staffels.finalise(lid, T0 + dt.timedelta(days=days)))

    @rule(lid=st.sampled_from(LICENCES), k=st.integers(0, len(CODES) - 1), at=minutes)
    def add_code(self, lid: str, k: int, at: dt.datetime) -> None:
        digest = hashlib.sha256(CODES[k].encode()).hexdigest()
        self.both(lambda s: s.access.add_codes([AccessCode(f"C{k}", digest, lid, "Klant", "b", at)]))

    @rule(k=st.integers(0, len(CODES) - 1), qid=st.sampled_from(QIDS), at=minutes)
    def redeem(self, k: int, qid: str, at: dt.datetime) -> None:
        digest = hashlib.sha256(CODES[k].encode()).hexdigest()
        self.both(lambda s: s.access.redeem_code(CODES[k], digest, f"code-{qid}", at))

    @rule(k=st.integers(0, len(CODES) - 1), at=minutes)
    def revoke(self, k: int, at: dt.datetime) -> None:
        self.both(lambda s: s.access.revoke_code(f"C{k}", at))

    # -- leads ----------------------------------------------------------------------
    @initialize(caps=st.lists(st.integers(0, 2), min_size=3, max_size=3))
    def setup_leads(self, caps: list[int]) -> None:
        """Three experts with small caps and three leads to offer."""
        for i, cap in enumerate(caps, 1):
            self.add_expert(i, cap)
        for j in (1, 2, 3):
            self.add_lead(j)

    @rule(i=st.integers(1, 3), cap=st.integers(0, 2))
    def add_expert(self, i: int, cap: int) -> None:
        self.both(lambda s: s.experts.add(expert(i, cap), T0))

    @rule(j=st.integers(1, 3))
    def add_lead(self, j: int) -> None:
        self.both(lambda s: s.leads.add(lead(j), contact(j)))

    @rule(j=st.integers(1, 3), experts=st.lists(st.integers(1, 3), min_size=1, max_size=3, unique=True))
    def offer(self, j: int, experts: list[int]) -> None:
        offers = [offer_of(f"L{j}", f"E{i}", rank) for rank, i in enumerate(experts, 1)]
        self.both(lambda s: s.leads.offer(f"L{j}", offers, T0))

    @rule(hours=st.integers(-2, 240), limit=st.integers(1, 5))
    def process_due(self, hours: int, limit: int) -> None:
        now = REMIND + dt.timedelta(hours=hours)
        self.both(lambda s: s.leads.process_due(now, reminder, limit=limit))

    # -- the observable state -------------------------------------------------------
    @invariant()
    def same_state(self) -> None:
        self.both(lambda s: s.outbox.entries())
        for lid in LICENCES:
            self.both(lambda s: s.licences.get(lid))
            self.both(lambda s: s.staffels.history(lid))
            self.both(lambda s: s.staffels.charges(lid))
            self.both(lambda s: s.staffels.invoice_lines(lid))
            self.both(lambda s: s.access.codes(lid))
        self.both(lambda s: s.experts.states())
        self.both(lambda s: s.leads.offers())


@pytest.fixture(autouse=True)
def _needs_server(pg_base_url: str) -> None:
    """Skip without ``BLIKOPWERK_TEST_POSTGRES_URL`` (the machine reads it itself)."""


TestAgreement = Agreement.TestCase
TestAgreement.settings = settings(
    max_examples=int(os.environ.get("BLIKOPWERK_AGREEMENT_EXAMPLES", "25")),
    stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
