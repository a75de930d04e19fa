"""Bulk lead matching vs brute force (WS-LEAD-2, K-GEO-1).

10,000 experts and 100,000 leads on real Dutch PC4 areas (the shipped centroid table),
with realistic state: some experts absent, some at their cap, open leads 0-5. Prints:

* leads/s of the library's bulk matcher (``LeadMatcher.match_many``), geocoding included;
* leads/s of ``LeadMatcher.match`` called per lead with no sharing between leads in the
  same area (timed on a sample and extrapolated);
* leads/s of a brute-force baseline: for each lead the geodesic (pyproj ``Geod.inv``,
  vectorised) to every expert establishment, then the same ranking (timed on a sample
  and extrapolated, because the full run would take minutes);
* the top-3 agreement (same experts in the same order) between the bulk matcher and the
  brute force on that sample;
* leads/s of ``LeadMatcher.assign_many`` (each lead uses up capacity and adds an open lead
  before the next is matched), with its agreement with a sequential brute force.

Run: ``python bench/bench_leads.py`` (``--help`` for sizes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time

from blikopwerk import OfflineGeocoder
from blikopwerk._backends.offline_geocoder import pc4_table
from werkscan import ExpertIndex, LeadMatcher
from werkscan._leads.records import Absence, Establishment, Expert, ExpertState

DAY = dt.date(2026, 12, 22)


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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000,
                        help="leads timed for the per-lead and brute-force figures (extrapolated)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    areas = sorted(pc4_table())
    geo = OfflineGeocoder()
    states = make_states(args.experts, areas, rng)
    lead_areas = [rng.choice(areas) for _ in range(args.leads)]
    print(f"{args.experts:,} experts ({sum(len(s.expert.establishments) for s in states):,} "
          f"establishments), {args.leads:,} leads over {len(set(lead_areas)):,} distinct PC4 areas "
          f"of {len(areas):,}")

    t = time.perf_counter()
    index = ExpertIndex.from_states(states, geo)
    matcher = LeadMatcher.from_states(states, geo, DAY, index=index)
    t_index = time.perf_counter() - t
    print(f"index build (geocoding + grid): {t_index:.2f} s")

    t = time.perf_counter()
    points = [geo.lookup(a) for a in lead_areas]
    bulk = matcher.match_many(points)
    t_bulk = time.perf_counter() - t
    bulk_rate = args.leads / t_bulk
    print(f"bulk matcher (match_many, geocoding included): {t_bulk:.2f} s -> {bulk_rate:,.0f} leads/s")

    sample = rng.sample(range(args.leads), min(args.sample, args.leads))
    t = time.perf_counter()
    single = [matcher.match(points[i]) for i in sample]
    t_single = time.perf_counter() - t
    single_rate = len(sample) / t_single
    print(f"match() per lead, no area sharing ({len(sample):,}-lead sample, extrapolated): "
          f"{single_rate:,.0f} leads/s")

    t = time.perf_counter()
    brute = [matcher.brute_force(points[i]) for i in sample]
    t_brute = time.perf_counter() - t
    brute_rate = len(sample) / t_brute
    print(f"brute force (geodesic to every establishment; {len(sample):,}-lead sample, "
          f"extrapolated to {args.leads:,} leads = {args.leads / brute_rate:,.0f} s): "
          f"{brute_rate:,.0f} leads/s")

    agree = sum(bulk[i] == b for i, b in zip(sample, brute, strict=True))
    agree_single = sum(s == b for s, b in zip(single, brute, strict=True))
    sizes = [len(bulk[i]) for i in sample]
    print(f"top-3 agreement bulk vs brute force: {agree}/{len(sample)} "
          f"({100 * agree / len(sample):.2f} %); match() vs brute force: {agree_single}/{len(sample)}")
    print(f"matches per lead in the sample: 3: {sizes.count(3)}, 2: {sizes.count(2)}, "
          f"1: {sizes.count(1)}, 0: {sizes.count(0)}")
    print(f"speed-up bulk / brute force: {bulk_rate / brute_rate:,.0f}x; "
          f"per-lead match() / brute force: {single_rate / brute_rate:,.1f}x")
    # sequential assignment: each lead uses up capacity before the next is matched
    assigner = LeadMatcher.from_states(states, geo, DAY, index=index)
    t = time.perf_counter()
    assigned = assigner.assign_many(points)
    t_assign = time.perf_counter() - t
    n_check = min(len(sample), args.leads)
    fast = LeadMatcher.from_states(states, geo, DAY, index=index).assign_many(points[:n_check])
    slow = LeadMatcher.from_states(states, geo, DAY, index=index).assign_many(points[:n_check],
                                                                          brute_force=True)
    same = sum(a == b for a, b in zip(fast, slow, strict=True))
    print(f"assign_many (capacity used lead by lead, all {args.leads:,} leads): {t_assign:.2f} s -> "
          f"{args.leads / t_assign:,.0f} leads/s; {sum(len(a) for a in assigned):,} offers; "
          f"agreement with sequential brute force on the first {n_check:,} leads: {same}/{n_check}")
    ok = bulk_rate >= 20_000 and bulk_rate >= 50 * brute_rate and agree == len(sample)
    print(f"targets (>= 20,000 leads/s, >= 50x baseline, full agreement): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
