"""The timeout bounds a whole HTTP request, also against a server that trickles (issue 11.3).

httpx's own timeouts bound each network operation; a server sending a few bytes every
50 ms never trips them. Measured before this fix, against this stub with timeout 0.5 s: a
trickled body took 4.6 s and trickled headers 5.1 s, and both were answered; the time grew
with the answer's size. Now each attempt ends within the timeout.

The bounds asserted are loose (the machine may be loaded): the trickled answers here
take 9 s or more to send, the attempts must end in well under half of that.
"""

from __future__ import annotations

import time

import httpx
import pytest
from blikopwerk_pdok import PdokGeocoder, PdokUnavailableError


def _trickle(server, *, headers: bool, interval: float = 0.05, chunk: int = 2) -> None:
    server.trickle = interval
    server.trickle_bytes = chunk
    server.trickle_headers = headers


def _answer_seconds(server, headers: bool) -> float:
    """How long the stub takes to send the answer for 1118 CP when trickling."""
    _status, _headers, body = server.answer([("fq", "type:postcode"), ("fq", "postcode:1118CP"), ("rows", "1")])
    server.requests.clear()
    size = len(body) + (150 if headers else 0)
    return size / server.trickle_bytes * server.trickle


@pytest.mark.parametrize("headers", [False, True], ids=["body", "headers-and-body"])
def test_a_trickled_answer_ends_at_the_timeout(pdok_server, headers: bool) -> None:
    _trickle(pdok_server, headers=headers)
    assert _answer_seconds(pdok_server, headers) > 9
    with PdokGeocoder(base_url=pdok_server.base_url, timeout=0.5, retries=0) as geo:
        start = time.monotonic()
        with pytest.raises(PdokUnavailableError, match="timed out after 0.5 s"):
            geo.lookup("1118 CP")
        elapsed = time.monotonic() - start
    assert 0.45 <= elapsed < 2.0, elapsed
    assert len(pdok_server.requests) == 1


def test_each_retry_gets_the_timeout_once(pdok_server) -> None:
    _trickle(pdok_server, headers=False)
    with PdokGeocoder(base_url=pdok_server.base_url, timeout=0.4, retries=2, backoff=0.01) as geo:
        start = time.monotonic()
        with pytest.raises(PdokUnavailableError, match="after 3 attempts: timed out after 0.4 s"):
            geo.lookup("1118 CP")
        elapsed = time.monotonic() - start
        assert (geo.stats.requests, geo.stats.retries) == (3, 2)
    assert 1.2 <= elapsed < 4.0, elapsed


def test_a_slow_answer_within_the_timeout_is_used(pdok_server) -> None:
    _trickle(pdok_server, headers=True, interval=0.01, chunk=40)
    with PdokGeocoder(base_url=pdok_server.base_url, timeout=5, retries=0) as geo:
        assert geo.lookup("1118 CP").precision == "pc6"
        assert geo.lookup("3435 RA").precision == "pc6"  # the kept connection works too


def test_with_a_callers_client_the_body_is_still_bounded(pdok_server) -> None:
    """A caller's own client has no deadline transport: connect and headers follow its own
    timeouts, and the body read stops at the deadline between chunks."""
    _trickle(pdok_server, headers=False)
    with httpx.Client(timeout=5) as client:
        with PdokGeocoder(base_url=pdok_server.base_url, timeout=0.5, retries=0, client=client) as geo:
            start = time.monotonic()
            with pytest.raises(PdokUnavailableError, match="timed out"):
                geo.lookup("1118 CP")
            elapsed = time.monotonic() - start
    assert elapsed < 2.0, elapsed
