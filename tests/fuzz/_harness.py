"""The fuzz suite's shared harness (issue 11, point 4).

The contract the fuzz suite holds every public entry point to: given any input, good or
bad, it returns a result or raises the library's error (a ``BlikopwerkError`` subclass,
usually ``InvalidValueError`` naming the field and the value). Any other exception
(``TypeError``, ``ValueError``, ``decimal.InvalidOperation``, ``OverflowError``,
``RecursionError``, a pydantic ``ValidationError``, ...) is a defect and fails the test,
showing the entry point, the input and the exception.

Writing a fuzz module
---------------------

Put it beside this file as ``tests/fuzz/test_fuzz_<package>.py`` (``werkscan``,
``keurmerk``, a plugin). For each public entry point write one Hypothesis test:

.. code-block:: python

    from hypothesis import given

    from fuzz._harness import FUZZ, assert_library_error, odd_values

    @FUZZ
    @given(odd_values())
    def test_money(value):
        assert_library_error("Money", Money, value)

* The first argument of :func:`assert_library_error` names the entry point in the counts;
  use ``package.name`` for names outside the kernel (``werkscan.score``).
* Build inputs from the strategies here (:func:`odd_text`, :func:`odd_numbers`,
  :func:`odd_values`, ...) mixed with valid values, so the entry point gets past its
  first check and the deeper ones are reached too.
* :func:`assert_library_error` returns the result (or ``None`` when the library's error
  was raised), so a test can go on and use a result (format a ``Money`` it made).
* CLIs: run them in-process (``click.testing.CliRunner``) and assert exit code and one
  line on stderr; count them with :func:`count` under ``cli.<command>``.

Budget
------

:data:`FUZZ` is the suite's Hypothesis settings: :data:`EXAMPLES` examples per test, no
deadline, no shrinking time limit beyond Hypothesis' own. The whole fuzz suite must stay
well under a minute (``pytest tests/fuzz``); give a slow entry point :data:`FUZZ_SLOW`.
The examples are fixed per test (``derandomize``), so a run is repeatable and the counts
comparable between runs.

Counts
------

Every call through :func:`assert_library_error` is counted per entry point: inputs
tried, results, library errors and other exceptions. ``tests/fuzz/conftest.py`` prints
the table at the end of a run without xdist (``pytest tests/fuzz -p no:xdist``) and
writes it as JSON to ``$BLIKOPWERK_FUZZ_COUNTS`` when that is set. With
``BLIKOPWERK_FUZZ_RECORD=1`` other exceptions are counted instead of failing, to measure
a tree before its defects are fixed; there a call that runs over two seconds (a hang)
is stopped and counted as ``CallTooSlow``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from blikopwerk import BlikopwerkError

__all__ = [
    "COUNTS",
    "EXAMPLES",
    "FAILURES",
    "FUZZ",
    "FUZZ_SLOW",
    "assert_library_error",
    "count",
    "odd_dates",
    "odd_numbers",
    "odd_options",
    "odd_text",
    "odd_values",
]

#: Examples per fuzz test.
EXAMPLES = 200
#: The suite's Hypothesis settings: bounded, repeatable, no deadline.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])
#: For entry points that cost more than a millisecond a call.
FUZZ_SLOW = settings(FUZZ, max_examples=EXAMPLES // 3)

#: Per entry point: ``tried``, ``result``, ``library error``, ``other exception``.
COUNTS: defaultdict[str, Counter[str]] = defaultdict(Counter)
#: Per entry point, the kinds of other exceptions seen (with BLIKOPWERK_FUZZ_RECORD=1).
FAILURES: defaultdict[str, Counter[str]] = defaultdict(Counter)

_RECORD = os.environ.get("BLIKOPWERK_FUZZ_RECORD") == "1"


def count(entry: str, outcome: str) -> None:
    """Count one ``outcome`` (``result``, ``library error``, ...) of ``entry``."""
    COUNTS[entry]["tried"] += 1
    COUNTS[entry][outcome] += 1


def assert_library_error(entry: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn(*args, **kwargs)``: it must return or raise a ``BlikopwerkError``.

    Returns what ``fn`` returned, or ``None`` when it raised the library's error. Any
    other exception fails the test with the entry point, the arguments and the traceback.
    """
    try:
        with _time_limit():
            result = fn(*args, **kwargs)
    except BlikopwerkError as exc:
        count(entry, "library error")
        str(exc)  # the message itself must be printable (no repr that raises)
        return None
    except Exception as exc:  # the defect the suite is for
        count(entry, "other exception")
        if _RECORD:
            FAILURES[entry][f"{type(exc).__module__}.{type(exc).__qualname__}"] += 1
            return None
        shown = ", ".join([*(_short(a) for a in args), *(f"{k}={_short(v)}" for k, v in kwargs.items())])
        raise AssertionError(
            f"{entry}({shown}) raised {type(exc).__name__}, not a BlikopwerkError: {exc}\n"
            + "".join(traceback.format_exception(exc))
        ) from exc
    count(entry, "result")
    return result


class CallTooSlow(Exception):
    """A call took longer than :data:`CALL_LIMIT_S` (counted as a defect in record mode)."""


#: In record mode, a call that runs longer than this many seconds is stopped and counted.
CALL_LIMIT_S = 2.0


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    """In record mode, stop a call that hangs (a day count walked day by day, say)."""
    if not _RECORD or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _stop(signum: int, frame: object) -> None:
        raise CallTooSlow(f"over {CALL_LIMIT_S} s")

    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, CALL_LIMIT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 120 else text[:117] + "..."


# ---------------------------------------------------------------------------- strategies

#: Text that broke parsers somewhere: empty, spaces of every kind, control characters,
#: digits that are not 0-9, number syntax Python accepts but people do not write, huge
#: exponents, markup and format strings, path tricks, and very long text.
NASTY_TEXT = [
    "", " ", "\t", "\n", "\r\n", "\x00", "a\x00b", "\x1b[31m", "\u00a0", "\u2003", "\u202e", "\ufeff",
    "²", "³⁴", "١٢", "٣٥١١", "３５１１", "½", "Ⅻ", "𝟏𝟐", "1_000", "1,50", "1.605,00", "€ 5", "0x10",
    "1e999999", "-1e999999", "1e-999999", "1e99999999999", "NaN", "sNaN", "-Infinity", "inf", "None",
    "True", "[]", "{}", "%s%n", "{0}", "${jndi:x}", "[link=https://x]x[/]", "[/]", "<script>", "'; --",
    "../../etc/passwd", "C:\\x", "~", "é", "e\u0301", "😊", "\udcff", "ﬀ", "ß", "İ",
    "x" * 10_000, "9" * 5_000, "(" * 2_000, "1" + "0" * 400 + " km",
]


def odd_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text (control characters and lone surrogates included) and :data:`NASTY_TEXT`."""
    return st.one_of(
        st.sampled_from(NASTY_TEXT),
        st.text(st.characters(codec=None, blacklist_categories=()), max_size=max_size),
        st.text(st.characters(min_codepoint=0, max_codepoint=0x7F), max_size=max_size),
    )


NASTY_NUMBERS: list[object] = [
    0, -1, 1, -0.0, 0.1, float("nan"), float("inf"), -float("inf"), 1e308, 2**63, 2**64, -(2**63) - 1,
    10**18, 10**5000, -(10**5000), True, False, Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"),
    Decimal("1e999999"), Decimal("-1e-999999"), Decimal("0E+999999999"), Decimal("-0"), complex(1, 1),
]


def odd_numbers() -> st.SearchStrategy[object]:
    """Numbers of every kind: huge and negative ints, bools, floats, NaN, odd Decimals."""
    return st.one_of(
        st.sampled_from(NASTY_NUMBERS),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.fractions(),
    )


def odd_dates() -> st.SearchStrategy[object]:
    """Dates and datetimes at the edges: naive, aware with odd offsets, the first and last."""
    offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
    return st.one_of(
        st.sampled_from([dt.date.min, dt.date.max, dt.datetime.min, dt.datetime.max,
                         dt.datetime.max.replace(tzinfo=dt.UTC), dt.datetime.min.replace(tzinfo=dt.UTC)]),
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=offsets | st.timezones()),
        st.times(),
    )


class _Weird:
    """An object whose str and format fail: a message about it must still be built.

    (Its repr works, for Hypothesis' report. Its comparisons work too: an object whose
    ``==`` raises is the caller's defect, not input the library must vet.)
    """

    def __repr__(self) -> str:
        return "<_Weird>"

    def __str__(self) -> str:
        raise RuntimeError("no str")

    def __format__(self, spec: str) -> str:
        raise RuntimeError("no format")



def odd_values() -> st.SearchStrategy[object]:
    """Any of the above, and None, bytes, containers, a class, an object that breaks repr."""
    return st.one_of(
        odd_text(),
        odd_numbers(),
        odd_dates(),
        st.none(),
        st.binary(max_size=20),
        st.lists(st.integers() | st.text(max_size=5), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
        st.sampled_from([object(), _Weird(), int, Ellipsis, (), frozenset()]),
    )


def odd_options() -> st.SearchStrategy[dict[str, object]]:
    """Keyword options for a backend: typos of real ones, odd names, odd values."""
    names = st.one_of(st.sampled_from(["folder", "foldr", "level", "lvl", "timeout", "url", "cache", "path"]),
                      st.from_regex(r"\A[a-z_][a-z0-9_]{0,10}\Z"))
    return st.dictionaries(names, odd_values(), max_size=3)
