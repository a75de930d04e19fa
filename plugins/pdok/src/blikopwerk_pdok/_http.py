"""HTTP with a deadline: one timeout for a whole request (connect, send, headers, body).

httpx's timeouts bound each network operation, so a server that sends its answer a byte
at a time never trips them: the request takes as long as the server likes. Here a
deadline is set for the request (:func:`deadline`), and every network operation of the
geocoder's own client gets at most the time left until it:

* :class:`DeadlineBackend` is an httpcore network backend (public httpcore API) whose
  streams bound each connect, read and write by the time left, and raise httpcore's
  timeout errors (which httpx turns into ``httpx.TimeoutException``) once it has passed;
* :func:`read_body` reads the body in chunks, checks the deadline between chunks (this is
  what bounds a caller's own ``httpx.Client``) and refuses a body larger than a limit.

Name resolution (DNS) is done by the operating system before connecting and is not
bounded by the deadline.
"""

from __future__ import annotations

import contextlib
import functools
import ssl
import time
import typing
from collections.abc import Iterator
from contextvars import ContextVar

import httpcore
import httpx

__all__ = ["DeadlineBackend", "DeadlineTransport", "deadline", "read_body"]

_DEADLINE: ContextVar[float | None] = ContextVar("blikopwerk_pdok_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Within the block, network operations of a :class:`DeadlineTransport` end by
    ``time.monotonic() + seconds`` (yielded)."""
    until = time.monotonic() + seconds
    token = _DEADLINE.set(until)
    try:
        yield until
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    """``timeout`` shortened to the time left before the deadline; raises ``error`` once
    it has passed."""
    until = _DEADLINE.get()
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise error("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes end by the deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        wrapped = self._stream.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(wrapped)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's synchronous backend, with streams that end by the deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover - the geocoder speaks TCP
        stream = self._backend.connect_unix_socket(path, _left(timeout, httpcore.ConnectTimeout), socket_options)
        return DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore's retries are off
        self._backend.sleep(seconds)


@functools.cache
def _default_context() -> ssl.SSLContext:
    """httpx's default TLS context (verifying, certifi's CAs), made once: loading the CA
    bundle takes tens of milliseconds, and a client context can be shared."""
    return httpx.create_ssl_context()


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's default transport on a :class:`DeadlineBackend`.

    httpx has no public parameter for httpcore's ``network_backend`` yet (encode/httpx
    pull request 3749), so the connection pool is replaced after construction with one
    built the same way. A test checks the deadline holds, so an httpx that renames the
    pool shows up as a failure, not as a silent loss of the bound.
    """

    def __init__(self) -> None:
        context = _default_context()
        super().__init__(verify=context)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=DeadlineBackend(),
        )


class BodyTooLarge(Exception):
    """The body is larger than the limit given to :func:`read_body`."""


def read_body(response: httpx.Response, limit: int) -> bytes:
    """The (decoded) body of a streamed ``response``, at most ``limit`` bytes.

    Raises:
        BodyTooLarge: more than ``limit`` bytes (announced or sent).
        httpx.ReadTimeout: the deadline passed between chunks.
    """
    announced = response.headers.get("Content-Length", "").strip()
    if announced.isascii() and announced.isdigit() and (len(announced) > 18 or int(announced) > limit):
        raise BodyTooLarge(f"{announced[:20]} bytes announced")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"more than {limit} bytes")
        chunks.append(chunk)
        until = _DEADLINE.get()
        if until is not None and time.monotonic() > until:
            raise httpx.ReadTimeout("the request's deadline has passed", request=response.request)
    return b"".join(chunks)
