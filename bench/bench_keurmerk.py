"""Keurmerk throughput: fees, survey analysis and provider search (KM-FEE, KM-SAT, KM-SRCH).

Prints per operation the rate, and for the proximity search the vectorised path against a
per-pair baseline using the kernel's scalar ``distance`` (pint quantity per pair).

Run: ``python bench/bench_keurmerk.py``.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from blikopwerk import OfflineGeocoder, distance
from blikopwerk._backends.offline_geocoder import pc4_table
from keurmerk import Provider, Respondent, analyse_survey, participant_fee, search_providers


def timed(label: str, n: int, fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<58} {n / seconds:>12,.0f} /s  ({seconds:.3f} s for {n:,})")
    return seconds


def main() -> None:
    rng = random.Random(2026)
    turnovers = [Decimal(rng.randint(0, 60_000_000)) / 100 * 100 for _ in range(100_000)]
    timed("participant_fee", len(turnovers), lambda: [participant_fee(t) for t in turnovers])

    records = [Respondent.create("client", service=rng.choice([5, 7, 8, 9]), mark=rng.randint(1, 10),
                                 recommendation=rng.choice(["recommended", "not_recommended", None]))
               for _ in range(20_000)]
    timed("analyse_survey (records)", len(records), lambda: analyse_survey(records, {5: 9000, 7: 9000, 8: 9000,
                                                                                      9: 9000}))
    areas = sorted(pc4_table())
    providers = [Provider(f"p{i}", f"Provider {i}", [(rng.choice(areas), "X") for _ in range(rng.randint(1, 3))],
                          mark=f"{rng.randint(55, 95) / 10:.1f}", stars=rng.randint(0, 4)) for i in range(5000)]
    geo = OfflineGeocoder()
    search_providers(providers[:10], near="3511", geocoder=geo)  # warm the geocoder
    for p in providers:
        for e in p.establishments:
            geo.lookup(e.postcode)
    fast = timed("search_providers near 3511 (vectorised), providers", len(providers),
                 lambda: search_providers(providers, near="3511", geocoder=geo))
    origin = geo.lookup("3511")

    def baseline() -> None:
        ranked = sorted(providers, key=lambda p: min(float(distance(origin, geo.lookup(e.postcode)).to("m").magnitude)
                                                     for e in p.establishments))
        assert ranked
    slow = timed("baseline: kernel distance() per pair, providers", len(providers), baseline)
    print(f"vectorised proximity search is {slow / fast:.1f}x the baseline")
    timed("search_providers keywords, providers", len(providers),
          lambda: search_providers(providers, query="provider 12 utrecht"))
    timed("search_providers by mark, providers", len(providers), lambda: search_providers(providers))


if __name__ == "__main__":
    main()
