"""Lead matching against a scipy cKDTree ceiling (WS-LEAD-2..4, K-GEO-1).

10,000 experts and 100,000 leads on real Dutch PC4 areas (the shipped centroid table),
with realistic state: some experts absent, some at their cap, open leads 0-5. Both sides
get the same geocoded points and the same expert state, and apply the same rule: at most
3 experts within 50 km (inclusive, geodesic), available on the day, nearest first, ties by
fewest open leads, then expert id.

The ceiling is the shortest fast program a NumPy/SciPy user would write for that rule: a
``scipy.spatial.cKDTree`` over the RD New coordinates of the available establishments,
its k nearest per lead (in bulk: one vectorised query for every distinct lead point), RD
New trimmed to the 3rd-nearest expert plus twice the 30 m margin of K-GEO-1, the geodesic
(pyproj ``Geod.inv``, vectorised) on what is left, and a NumPy ranking. It builds its tree
outside the timing and knows nothing but the arrays.

Each figure is timed ``--repeat`` times; printed are the median and the spread (min-max)
and the ratio library / ceiling of the medians:

* bulk: ``LeadMatcher.match_many`` over all leads vs the ceiling's vectorised bulk;
* per lead: ``LeadMatcher.match`` for one lead at a time (a sample, no sharing between
  leads) vs the ceiling's query for one point;
* both are checked against ``LeadMatcher.brute_force`` (every establishment, geodesic) on
  the sample: same experts, same order, same distances;
* ``LeadMatcher.assign_many`` (capacity used lead by lead) with its agreement with a
  sequential brute force.

Targets (issue on lead matching): bulk within 1.5x of the ceiling, match() per lead within
2x. Run: ``python bench/bench_leads.py`` (``--help`` for sizes).

``python bench/bench_leads.py --service`` measures the real path as well: ``LeadService.offer``
with storage and 10,000 registered experts on SQLite and PostgreSQL
(``--postgres-url`` or ``BLIKOPWERK_BENCH_POSTGRES_URL``), side by side with a raw-driver
ceiling (sqlite3 / psycopg) that makes the same writes in one transaction per lead, in
``--repeat`` rounds; it prints leads/s per round (median, min-max), the median and p99 of
one offer and the ratio, then one summary with the matcher figures above. Targets (issue
16): SQLite >= 1,000 leads/s and p99 <= 5 ms; PostgreSQL within 2x of the ceiling and
>= 300 leads/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from pyproj import Geod
from scipy.spatial import cKDTree

from blikopwerk import GeoPoint, OfflineGeocoder
from blikopwerk._backends.offline_geocoder import pc4_table
from werkscan import ExpertIndex, LeadMatcher, Match
from werkscan._leads.records import Absence, Establishment, Expert, ExpertState, Lead

DAY = dt.date(2026, 12, 22)
RADIUS_M = 50_000.0
MARGIN_M = 30.0
TOP = 3
K = 24


def make_states(n: int, areas: list[str], rng: random.Random) -> list[ExpertState]:
    states = []
    away = (Absence(dt.date(2026, 12, 21), dt.date(2027, 1, 3)),)
    for i in range(n):
        n_est = 1 if rng.random() < 0.9 else 2
        ests = [Establishment(rng.choice(areas)) for _ in range(n_est)]
        cap = rng.randint(5, 200)
        received = cap if rng.random() < 0.05 else rng.randint(0, cap - 1)
        states.append(ExpertState(
            Expert(f"E{i:05d}", f"Expert {i}", f"e{i}@example.nl", ests, cap),
            away if rng.random() < 0.05 else (), received, rng.randint(0, 5)))
    return states


class Ceiling:
    """The same rule written directly on scipy's cKDTree (see the module docs)."""

    def __init__(self, states: Sequence[ExpertState], geo: OfflineGeocoder, day: dt.date) -> None:
        ids = sorted(s.expert.id for s in states)
        code = {eid: i for i, eid in enumerate(ids)}
        self.ids = ids
        self.open = np.zeros(len(ids), dtype=np.int64)
        rows = []
        for s in states:
            self.open[code[s.expert.id]] = s.open_leads
            if s.available(day):
                rows.extend((code[s.expert.id], geo.lookup(e.postcode)) for e in s.expert.establishments)
        self.code = np.array([c for c, _ in rows], dtype=np.int64)
        self.xy = np.array([(p.rd_x, p.rd_y) for _, p in rows], dtype=np.float64)
        self.lon = np.array([p.lon for _, p in rows])
        self.lat = np.array([p.lat for _, p in rows])
        self.n = len(rows)
        self.code_list = self.code.tolist()
        self.open_list = self.open.tolist()
        self.tree = cKDTree(self.xy)
        self.geod = Geod(ellps="WGS84")
        self.reach = RADIUS_M + MARGIN_M

    def _bounds(self, d: np.ndarray, i: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row the RD New bound (3rd distinct expert + 2 margins) and whether k sufficed."""
        codes = np.where(i < self.n, self.code[np.minimum(i, self.n - 1)], -1 - np.arange(i.shape[1]))
        same = codes[:, :, None] == codes[:, None, :]
        earlier = np.tril(np.ones((i.shape[1], i.shape[1]), dtype=bool), -1)
        first = ~(same & earlier[None, :, :]).any(axis=2) & (i < self.n)
        seen = np.cumsum(first, axis=1)
        has3 = seen[:, -1] >= TOP
        kth = np.argmax(seen >= TOP, axis=1)
        d3 = d[np.arange(d.shape[0]), kth]
        bound = np.where(has3, np.minimum(self.reach, d3 + 2 * MARGIN_M), self.reach)
        complete = ~(d[:, -1] <= bound)  # the k-th neighbour lies beyond the bound (or is missing)
        return bound, complete

    def _rank(self, row: np.ndarray, est: np.ndarray, lon: np.ndarray, lat: np.ndarray,
              n_rows: int) -> list[tuple[Match, ...]]:
        out: list[tuple[Match, ...]] = [()] * n_rows
        if row.shape[0] == 0:
            return out
        _, _, dist = self.geod.inv(lon[row], lat[row], self.lon[est], self.lat[est])
        dist = np.asarray(dist)
        keep = dist <= RADIUS_M
        row, code, dist = row[keep], self.code[est[keep]], dist[keep]
        order = np.lexsort((dist, code, row))
        row, code, dist = row[order], code[order], dist[order]
        first = np.ones(row.shape[0], dtype=bool)
        first[1:] = (row[1:] != row[:-1]) | (code[1:] != code[:-1])
        row, code, dist = row[first], code[first], dist[first]
        order = np.lexsort((code, self.open[code], dist, row))
        row, code, dist = row[order], code[order], dist[order]
        start = np.searchsorted(row, row, side="left")
        top = (np.arange(row.shape[0]) - start) < TOP
        ids, opens = self.ids, self.open
        acc: dict[int, list[Match]] = {}
        for r, c, m in zip(row[top].tolist(), code[top].tolist(), dist[top].tolist(), strict=True):
            acc.setdefault(r, []).append(Match(ids[c], m, int(opens[c])))
        for r, ms in acc.items():
            out[r] = tuple(ms)
        return out

    def match_many(self, points: Sequence[GeoPoint]) -> list[tuple[Match, ...]]:
        keys: dict[tuple[float, float], int] = {}
        inv = [keys.setdefault((p.lon, p.lat), len(keys)) for p in points]
        uniq = [None] * len(keys)
        for p, j in zip(points, inv, strict=True):
            uniq[j] = p
        xy = np.array([(p.rd_x, p.rd_y) for p in uniq])
        lon = np.array([p.lon for p in uniq])
        lat = np.array([p.lat for p in uniq])
        d, i = self.tree.query(xy, k=K, distance_upper_bound=self.reach)
        bound, complete = self._bounds(d, i)
        sel = (d <= bound[:, None]) & complete[:, None]
        row, col = np.nonzero(sel)
        est = i[row, col]
        extra_rows, extra_est = [], []
        for r in np.nonzero(~complete)[0].tolist():  # k was too small: every row within the bound
            hits = self.tree.query_ball_point(xy[r], bound[r])
            extra_rows.append(np.full(len(hits), r, dtype=np.int64))
            extra_est.append(np.asarray(hits, dtype=np.int64))
        if extra_rows:
            row = np.concatenate([row, *extra_rows])
            est = np.concatenate([est, *extra_est])
        found = self._rank(row.astype(np.int64), est.astype(np.int64), lon, lat, len(uniq))
        return [found[j] for j in inv]

    def match(self, point: GeoPoint) -> tuple[Match, ...]:
        d, i = self.tree.query((point.rd_x, point.rd_y), k=K, distance_upper_bound=self.reach)
        dl, il = d.tolist(), i.tolist()
        codes = self.code_list
        seen: set[int] = set()
        bound = self.reach
        for dd, ii in zip(dl, il, strict=True):
            if ii == self.n:
                break
            seen.add(codes[ii])
            if len(seen) == TOP:
                bound = min(self.reach, dd + 2 * MARGIN_M)
                break
        if dl[-1] <= bound:  # k was too small: every row within the bound
            est = self.tree.query_ball_point((point.rd_x, point.rd_y), bound)
        else:
            est = [ii for dd, ii in zip(dl, il, strict=True) if dd <= bound]
        if not est:
            return ()
        rows = np.asarray(est, dtype=np.int64)
        n = rows.shape[0]
        _, _, dist = self.geod.inv(np.full(n, point.lon), np.full(n, point.lat),
                                   self.lon[rows], self.lat[rows])
        best: dict[int, float] = {}
        for e, m in zip(est, dist.tolist(), strict=True):
            if m <= RADIUS_M:
                c = codes[e]
                if m < best.get(c, RADIUS_M + 1):
                    best[c] = m
        opens = self.open_list
        top = sorted(best.items(), key=lambda cm: (cm[1], opens[cm[0]], cm[0]))[:TOP]
        return tuple(Match(self.ids[c], m, opens[c]) for c, m in top)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return times, result


def spread(times: list[float], scale: float, unit: str) -> str:
    med = statistics.median(times) * scale
    return f"median {med:,.2f} {unit} (min {min(times) * scale:,.2f}, max {max(times) * scale:,.2f})"


_CEIL_OFFER = ("INSERT INTO lead_offers (id, lead_id, expert_id, rank, distance_m, offered_at, "
               "reminder_at, expires_at, reminder_sent, status) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, "
               "{p}, {p}, 0, 'offered')")
_CEIL_SLOT = ("UPDATE lead_experts SET leads_received = leads_received + 1 WHERE id = {p} "
              "AND leads_received < lead_cap")
_CEIL_MSG = ("INSERT INTO outbox (id, recipients, subject, body, sender, headers, status, attempts, "
             "created_at, next_attempt_at) VALUES ({p}, {p}, {p}, {p}, 'leads@werkscan.invalid', '{{}}', 'queued', 0, {p}, {p})")
_CEIL_EVENT = "INSERT INTO lead_events (lead_id, expert_id, kind, at) VALUES "
_CEIL_EVENT_ROW = "({p}, {p}, 'offered', {p})"  # one row per offer, all in one statement as the library does


def p99(xs: list[float]) -> float:
    """The 99th percentile of ``xs`` (nearest rank)."""
    return sorted(xs)[max(0, -(-len(xs) * 99 // 100) - 1)]


def rate_spread(rates: list[float]) -> str:
    return f"{statistics.median(rates):8,.0f} leads/s (min {min(rates):,.0f}, max {max(rates):,.0f})"


def service_path(label: str, url: str, n_experts: int, n_leads: int, rounds: int,
                 seed: int) -> dict[str, Any]:
    """``LeadService.offer`` with storage vs a raw-driver ceiling making the same writes
    (lock the lead, the offers, the cap slots, the messages, the events in one statement, the
    lead's status) in one transaction per lead; the ceiling is handed the experts the library
    chose.

    The leads are offered in ``rounds`` rounds; in each, the library offers its share and
    then the ceiling makes the same writes for its own copies of those leads, so both
    meet the same machine state. Printed per side: leads/s per round (median, min-max),
    one offer's median and p99 over all leads, and the ratio of the median rates."""
    import secrets as _secrets

    from bench_storage import _raw_for

    from blikopwerk import open_storage
    from werkscan import ExpertService, LeadService
    from werkscan._leads.records import WorkerContact

    rng = random.Random(seed)
    areas = sorted(pc4_table())
    storage = open_storage(url)
    experts = ExpertService(storage)
    now = dt.datetime(2026, 12, 22, 9, tzinfo=dt.UTC)
    t = time.perf_counter()
    for i in range(n_experts):
        experts.register(Expert(f"E{i:05d}", "X", f"e{i}@example.nl", [Establishment(rng.choice(areas))],
                                1_000_000), now)
        experts.subscribe(f"E{i:05d}", now)  # only subscribed experts get leads (WS-LEAD-10)
    svc = LeadService(storage, secret=_secrets.token_bytes(32))
    lead_areas = [rng.choice(areas) for _ in range(n_leads + 1)]
    ids = [svc.submit(None, a, 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), now).id
           for a in lead_areas]
    for i in range(n_leads):
        storage.leads.add(Lead(f"C{i}", lead_areas[i + 1], 30, [("work", "strong")], now),
                          WorkerContact("Jan", "jan@example.nl"))
    svc.offer(ids[0], now)  # builds the live index once (outside the timing)
    print(f"{label}: {n_experts:,} experts registered, {2 * n_leads:,} leads stored in "
          f"{time.perf_counter() - t:.1f} s (not timed)")

    raw = _raw_for(url, storage)
    ph = "?" if url.startswith("sqlite") else "%s"
    offer_sql, slot_sql, msg_sql, event_sql = (q.format(p=ph)
                                               for q in (_CEIL_OFFER, _CEIL_SLOT, _CEIL_MSG, _CEIL_EVENT))
    event_row = _CEIL_EVENT_ROW.format(p=ph)
    lock_sql = f"UPDATE lead_leads SET status = status WHERE id = {ph}"
    done_sql = f"UPDATE lead_leads SET status = 'offered' WHERE id = {ph} AND status = 'new'"
    stamp = now.isoformat()
    body = "x" * 600

    def ceiling(i: int, picks: list[tuple[str, int]]) -> None:
        cur = raw.conn.cursor()
        cur.execute(raw.begin)
        cur.execute(lock_sql, (f"C{i}",))
        for rank, (eid, dist) in enumerate(picks, start=1):
            oid = f"C{i}:{eid}"
            cur.execute(offer_sql, (oid, f"C{i}", eid, rank, dist, stamp, stamp, stamp))
            cur.execute(slot_sql, (eid,))
            cur.execute(msg_sql, (f"lead-offer:{oid}", f'["{eid}@example.nl"]', "Nieuwe lead", body,
                                  stamp, stamp))
        if picks:
            cur.execute(event_sql + ", ".join([event_row] * len(picks)),
                        tuple(v for eid, _ in picks for v in (f"C{i}", eid, stamp)))
        cur.execute(done_sql, (f"C{i}",))
        raw.conn.commit()

    lat: list[float] = []
    ceil_lat: list[float] = []
    lib_rates: list[float] = []
    ceil_rates: list[float] = []
    offers = 0
    size = -(-n_leads // rounds)
    for lo in range(0, n_leads, size):
        part = range(lo, min(lo + size, n_leads))
        chosen: list[list[tuple[str, int]]] = []
        t0 = time.perf_counter()
        for i in part:
            t = time.perf_counter()
            made = svc.offer(ids[i + 1], now)
            lat.append(time.perf_counter() - t)
            chosen.append([(o.expert_id, o.distance_m) for o in made])
        lib_rates.append(len(part) / (time.perf_counter() - t0))
        offers += sum(len(c) for c in chosen)
        t0 = time.perf_counter()
        for i, picks in zip(part, chosen, strict=True):
            t = time.perf_counter()
            ceiling(i, picks)
            ceil_lat.append(time.perf_counter() - t)
        ceil_rates.append(len(part) / (time.perf_counter() - t0))
    raw.conn.close()
    storage.close()

    rate, ceil_rate = statistics.median(lib_rates), statistics.median(ceil_rates)
    ratio = ceil_rate / rate
    print(f"{label}: LeadService.offer     {rate_spread(lib_rates)}; one offer median "
          f"{statistics.median(lat) * 1e3:.2f} ms, p99 {p99(lat) * 1e3:.2f} ms ({offers:,} offers)")
    print(f"{label}: raw-driver ceiling    {rate_spread(ceil_rates)}; one lead median "
          f"{statistics.median(ceil_lat) * 1e3:.2f} ms, p99 {p99(ceil_lat) * 1e3:.2f} ms")
    print(f"{label}: ratio library / ceiling (median leads/s) {ratio:.2f}x")
    if url.startswith("sqlite"):
        ok = rate >= 1_000 and p99(lat) <= 0.005
        target = ">= 1,000 leads/s, p99 <= 5 ms"
    else:
        ok = ratio <= 2.0 and rate >= 300
        target = "<= 2x ceiling, >= 300 leads/s"
    print(f"{label}: targets ({target}): {'met' if ok else 'NOT met'}")
    return {"label": label, "rate": rate, "rates": lib_rates, "ceil_rate": ceil_rate, "ceil_rates": ceil_rates,
            "median_ms": statistics.median(lat) * 1e3, "p99_ms": p99(lat) * 1e3, "ratio": ratio, "ok": ok,
            "target": target}


def run_service(args: argparse.Namespace) -> tuple[bool, list[dict[str, Any]]]:
    """The service path on SQLite and, given a URL, PostgreSQL."""
    import tempfile

    from bench_storage import _postgres

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(service_path("sqlite", f"sqlite:///{tmp}/leads.sqlite3", args.experts,
                                 args.service_leads, args.repeat, args.seed))
    url, drop, why = _postgres(args.postgres_url)
    if url is None:
        print(f"postgresql: skipped ({why})")
    else:
        try:
            rows.append(service_path("postgresql", url, args.experts, args.service_leads, args.repeat,
                                     args.seed))
        finally:
            drop()
    return all(r["ok"] for r in rows), rows


def run_matcher(args: argparse.Namespace) -> tuple[bool, dict[str, Any]]:
    """The in-memory matcher against the cKDTree ceiling."""
    rng = random.Random(args.seed)
    areas = sorted(pc4_table())
    geo = OfflineGeocoder()
    states = make_states(args.experts, areas, rng)
    lead_areas = [rng.choice(areas) for _ in range(args.leads)]
    print(f"{args.experts:,} experts ({sum(len(s.expert.establishments) for s in states):,} "
          f"establishments), {args.leads:,} leads over {len(set(lead_areas)):,} distinct PC4 areas "
          f"of {len(areas):,}; {args.repeat} timed runs per figure")

    t = time.perf_counter()
    index = ExpertIndex.from_states(states, geo)
    matcher = LeadMatcher.from_states(states, geo, DAY, index=index)
    print(f"library index build (geocoding + index): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    ceiling = Ceiling(states, geo, DAY)
    print(f"ceiling build (geocoding + cKDTree): {time.perf_counter() - t:.2f} s")
    points = [geo.lookup(a) for a in lead_areas]

    lib_bulk_t, bulk = timed(lambda: matcher.match_many(points), args.repeat)
    ceil_bulk_t, ceil_bulk = timed(lambda: ceiling.match_many(points), args.repeat)
    n = args.leads
    print(f"bulk, library match_many: {spread(lib_bulk_t, 1, 's')}; "
          f"{n / statistics.median(lib_bulk_t):,.0f} leads/s")
    print(f"bulk, cKDTree ceiling:    {spread(ceil_bulk_t, 1, 's')}; "
          f"{n / statistics.median(ceil_bulk_t):,.0f} leads/s")
    bulk_ratio = statistics.median(lib_bulk_t) / statistics.median(ceil_bulk_t)
    print(f"bulk ratio library / ceiling: {bulk_ratio:.2f}x (target <= 1.5x)")

    sample = [points[i] for i in rng.sample(range(n), min(args.sample, n))]
    m = len(sample)
    lib_one_t, single = timed(lambda: [matcher.match(p) for p in sample], args.repeat)
    ceil_one_t, ceil_single = timed(lambda: [ceiling.match(p) for p in sample], args.repeat)
    print(f"per lead, library match(): {spread(lib_one_t, 1e6 / m, 'us')} per lead")
    print(f"per lead, cKDTree ceiling: {spread(ceil_one_t, 1e6 / m, 'us')} per lead")
    one_ratio = statistics.median(lib_one_t) / statistics.median(ceil_one_t)
    print(f"per-lead ratio library / ceiling: {one_ratio:.2f}x (target <= 2x)")

    brute = [matcher.brute_force(p) for p in sample]
    index_of = {id(p): i for i, p in enumerate(points)}
    sample_idx = [index_of[id(p)] for p in sample]
    agree = {
        "library bulk": sum(bulk[i] == b for i, b in zip(sample_idx, brute, strict=True)),
        "library match()": sum(s == b for s, b in zip(single, brute, strict=True)),
        "ceiling bulk": sum(ceil_bulk[i] == b for i, b in zip(sample_idx, brute, strict=True)),
        "ceiling per lead": sum(s == b for s, b in zip(ceil_single, brute, strict=True)),
    }
    print("agreement with brute force on the sample (experts, order, distances): "
          + ", ".join(f"{k} {v}/{m}" for k, v in agree.items()))
    sizes = [len(b) for b in brute]
    print(f"matches per lead in the sample: 3: {sizes.count(3)}, 2: {sizes.count(2)}, "
          f"1: {sizes.count(1)}, 0: {sizes.count(0)}")

    assigner = LeadMatcher.from_states(states, geo, DAY, index=index)
    t = time.perf_counter()
    assigned = assigner.assign_many(points)
    t_assign = time.perf_counter() - t
    n_check = min(m, n)
    fast = LeadMatcher.from_states(states, geo, DAY, index=index).assign_many(points[:n_check])
    slow = LeadMatcher.from_states(states, geo, DAY, index=index).assign_many(points[:n_check],
                                                                          brute_force=True)
    same = sum(a == b for a, b in zip(fast, slow, strict=True))
    print(f"assign_many (capacity used lead by lead, all {n:,} leads): {t_assign:.2f} s -> "
          f"{n / t_assign:,.0f} leads/s; {sum(len(a) for a in assigned):,} offers; "
          f"agreement with sequential brute force on the first {n_check:,} leads: {same}/{n_check}")
    exact = all(v == m for v in agree.values()) and same == n_check
    ok = bulk_ratio <= 1.5 and one_ratio <= 2.0 and exact
    print(f"targets (bulk <= 1.5x ceiling, match() <= 2x ceiling, full agreement): "
          f"{'met' if ok else 'NOT met'}")
    return ok, {"bulk": (lib_bulk_t, ceil_bulk_t, n, bulk_ratio), "one": (lib_one_t, ceil_one_t, m, one_ratio)}


def main(argv: list[str]) -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--leads", type=int, default=100_000, help="leads for the matcher figures")
    parser.add_argument("--sample", type=int, default=2_000,
                        help="leads for the per-lead figures and the brute-force check")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs per matcher figure; rounds of the service path")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--service", action="store_true",
                        help="also measure LeadService.offer with storage (SQLite, and PostgreSQL "
                             "with --postgres-url) against a raw-driver ceiling, and print a summary")
    parser.add_argument("--service-leads", type=int, default=2_000, help="leads offered per backend")
    parser.add_argument("--postgres-url", default=os.environ.get("BLIKOPWERK_BENCH_POSTGRES_URL"))
    args = parser.parse_args(argv)
    ok, matcher = run_matcher(args)
    if not args.service:
        return 0 if ok else 1
    print()
    service_ok, rows = run_service(args)
    print()
    print("summary: median (min-max) of the timed runs; ratio = library / ceiling of the medians")
    w = 48
    print(f"{'path':<30}{'library':<{w}}{'ceiling':<{w}}{'ratio':>7}  target")
    lib_t, ceil_t, n, ratio = matcher["bulk"]
    print(f"{'matcher, bulk':<30}{rate_spread([n / x for x in lib_t]):<{w}}"
          f"{rate_spread([n / x for x in ceil_t]):<{w}}{ratio:6.2f}x  <= 1.5x")
    lib_t, ceil_t, m, ratio = matcher["one"]
    print(f"{'matcher, match()':<30}{spread(lib_t, 1e6 / m, 'us'):<{w}}{spread(ceil_t, 1e6 / m, 'us'):<{w}}"
          f"{ratio:6.2f}x  <= 2x")
    for r in rows:
        print(f"{r['label'] + ', LeadService.offer':<30}{rate_spread(r['rates']):<{w}}"
              f"{rate_spread(r['ceil_rates']):<{w}}{r['ratio']:6.2f}x  {r['target']} "
              f"(p99 {r['p99_ms']:.2f} ms): {'met' if r['ok'] else 'NOT met'}")
    return 0 if ok and service_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
