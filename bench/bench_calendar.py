"""Working-day counting (K-DAY-1): ``WorkingDayCalendar.add`` against a day-by-day walk.

``add`` skips whole years (issue 11: a huge day count must answer fast). The baseline is
the walk it replaced: one day at a time, asking the same calendar whether each is a
working day. Both run in this process on the same calendar (its year counts warm), and
both must give the same day. Prints the median and the spread (min-max) of each, per day
count, and the ratio; the walk is skipped where it would take minutes. A day count beyond
9999-12-31 must be refused at once: its time is printed too.

Run: ``python bench/bench_calendar.py`` (``--repeat N``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable

from blikopwerk import InvalidValueError, WorkingDayCalendar

START = dt.date(2026, 1, 5)


def walk(cal: WorkingDayCalendar, start: dt.date, days: int) -> dt.date:
    """The baseline: one day at a time."""
    day, left = start, days
    while left:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return day


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def fmt(times: list[float]) -> str:
    return (f"median {statistics.median(times) * 1e3:9.3f} ms "
            f"(min {min(times) * 1e3:.3f}, max {max(times) * 1e3:.3f})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    cal = WorkingDayCalendar()
    cal.between(START, dt.date(9999, 12, 31))  # warm the year counts once, for both
    print(f"WorkingDayCalendar.add from {START}, {args.repeat} runs each")
    for days in (5, 250, 25_000, 250_000, 2_000_000):
        fast, got = timed(lambda d=days: cal.add(START, d), args.repeat)
        line = f"  {days:>9,} days -> {got}  add: {fmt(fast)}"
        if days <= 250_000:
            slow, want = timed(lambda d=days: walk(cal, START, d), max(1, args.repeat if days <= 25_000 else 1))
            if want != got:
                print(f"MISMATCH: walk gives {want}, add gives {got}")
                return 1
            line += f"  walk: {fmt(slow)}  walk/add {statistics.median(slow) / statistics.median(fast):7.1f}x"
        print(line)

    def refused() -> None:
        try:
            cal.add(START, 10**18)
        except InvalidValueError:
            return
        raise AssertionError("10**18 days was not refused")

    times, _ = timed(refused, args.repeat)
    print(f"  10**18 days refused (beyond 9999-12-31): {fmt(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
