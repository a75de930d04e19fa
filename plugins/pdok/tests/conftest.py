"""A local stand-in for the PDOK Locatieserver: a threaded HTTP server on 127.0.0.1.

It answers ``/bzk/locatieserver/search/v3_1/free`` from the recorded fixtures in
``fixtures/`` (see its README), applies ``fq``, ``rows`` and ``fl`` like Solr does, and
rejects query parameters that are not in v3.1's OpenAPI spec (as the real service does).
Tests switch on failures: HTTP 5xx/429, slow answers, answers that trickle in a few
bytes at a time (headers or body), broken bodies, odd headers, raw bytes that are not
HTTP at all.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PATH = "/bzk/locatieserver/search/v3_1/free"
ALLOWED_PARAMS = {"q", "fq", "rows", "start", "fl", "sort", "df", "bq", "lat", "lon", "wt", "indent"}


def _load_docs() -> list[dict[str, Any]]:
    docs = []
    for path in sorted(FIXTURES.glob("free_postcode_*.json")):
        docs.extend(json.loads(path.read_text("utf-8"))["response"]["docs"])
    return docs


class PdokStub:
    """State of the local server; tests change it to provoke failures."""

    def __init__(self) -> None:
        self.docs = _load_docs()
        self.lock = threading.Lock()
        self.requests: list[list[tuple[str, str]]] = []
        self.fail_next = 0  # answer this many requests with ``fail_status``
        self.fail_status = 503
        self.retry_after: str | None = None
        self.slow_next = 0  # delay this many requests by ``delay`` seconds
        self.delay = 0.0
        self.body_override: bytes | None = None
        self.status_override: int | None = None
        self.headers_override: dict[str, str] = {}  # extra or replaced response headers
        self.raw_override: bytes | None = None  # written as is instead of an HTTP response
        self.trickle: float = 0.0  # seconds between the chunks of a trickled answer
        self.trickle_bytes = 1  # bytes per chunk
        self.trickle_headers = False  # trickle the status line and headers too, not just the body
        self.close_after = False  # close the connection after each answer (a short body then ends)
        self.stopping = threading.Event()
        self.base_url = ""

    def answer(self, query: list[tuple[str, str]]) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests.append(query)
            slow = self.slow_next > 0
            self.slow_next -= slow
            fail = self.fail_next > 0
            self.fail_next -= fail
        if slow:
            time.sleep(self.delay)
        if fail:
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            return self.fail_status, headers, b'{"message": "service unavailable"}'
        if self.status_override is not None or self.body_override is not None:
            status = 200 if self.status_override is None else self.status_override
            body = b'{"message": "override"}' if self.body_override is None else self.body_override
            return status, {}, body
        unknown = sorted({k for k, _ in query} - ALLOWED_PARAMS)
        if unknown:
            return 400, {}, json.dumps({"message": f"unknown query parameter(s): {unknown}"}).encode()
        docs = self.docs
        for key, value in query:
            if key != "fq":
                continue
            field, _, wanted = value.partition(":")
            if wanted.endswith("*"):
                docs = [d for d in docs if str(d.get(field, "")).startswith(wanted[:-1])]
            else:
                docs = [d for d in docs if str(d.get(field, "")) == wanted]
        params = dict(query)
        rows = int(params.get("rows", "10"))
        fields = params.get("fl")
        page = docs[:rows]
        if fields:
            keep = set(fields.split(",")) | {"score"}
            page = [{k: v for k, v in d.items() if k in keep} for d in page]
        body = {"response": {"numFound": len(docs), "start": 0,
                             "maxScore": max((d.get("score", 0.0) for d in docs), default=0.0),
                             "numFoundExact": True, "docs": page}}
        return 200, {}, json.dumps(body).encode()


def _handler(stub: PdokStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real service

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if stub.raw_override is not None:
                with stub.lock:
                    stub.requests.append(parse_qsl(url.query, keep_blank_values=True))
                self._write(stub.raw_override, trickle=False)
                self.close_connection = True
                return
            if url.path != PATH:
                status, headers, body = 404, {}, b'{"message": "not found"}'
            else:
                status, headers, body = stub.answer(parse_qsl(url.query, keep_blank_values=True))
            fields = {"Content-Type": "application/json", "Content-Length": str(len(body)), **headers,
                      **stub.headers_override}
            head = f"HTTP/1.1 {status} {self.responses.get(status, ('Odd',))[0]}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v is not None) + "\r\n"
            try:
                self._write(head.encode("latin-1"), trickle=stub.trickle > 0 and stub.trickle_headers)
                self._write(body, trickle=stub.trickle > 0)
            except OSError:  # the client gave up (timeout tests)
                self.close_connection = True
            if stub.close_after:
                self.close_connection = True

        def _write(self, data: bytes, *, trickle: bool) -> None:
            if not trickle:
                self.wfile.write(data)
                self.wfile.flush()
                return
            step = stub.trickle_bytes
            for i in range(0, len(data), step):
                if stub.stopping.is_set():
                    raise OSError("server stopping")
                self.wfile.write(data[i:i + step])
                self.wfile.flush()
                time.sleep(stub.trickle)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def pdok_server() -> Iterator[PdokStub]:
    """A running local Locatieserver stand-in; ``.base_url`` is its search API."""
    stub = PdokStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}/bzk/locatieserver/search/v3_1"
    try:
        yield stub
    finally:
        stub.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
