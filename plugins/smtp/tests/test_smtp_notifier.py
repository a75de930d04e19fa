"""SMTP notifier behaviour against a real local SMTP server: TLS, auth, error classes."""

from __future__ import annotations

import datetime as dt
import ssl
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import AuthResult, LoginPassword
from blikopwerk_smtp import SmtpNotifier, SmtpSettings, classify_reply

from blikopwerk import (
    DeliveryError,
    InvalidValueError,
    MemoryStorage,
    Message,
    deliver_outbox,
    get_notifier,
)

T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


def _msg(i: int | str = 1, to: tuple[str, ...] = ("a@example.nl",), **kw) -> Message:
    return Message(f"t-{i}", to, f"Onderwerp {i}", f"Tekst {i}\n", **kw)


# -- TLS and authentication ------------------------------------------------------------------


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def client_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"mailer", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def starttls_server(smtp_factory, server_tls: ssl.SSLContext):
    return smtp_factory(tls_context=server_tls, require_starttls=True, authenticator=_authenticator,
                        auth_required=True, auth_require_tls=True)


def test_starttls_with_authentication(starttls_server: Any, client_tls: ssl.SSLContext) -> None:
    with SmtpNotifier(host="127.0.0.1", port=starttls_server.port, starttls=True, username="mailer",
                      password="s3cret", ssl_context=client_tls, timeout=5) as n:
        n.deliver(_msg(1))
        n.deliver(_msg(2))
    assert [m["Message-ID"] for m in starttls_server.handler.messages()] == [
        _msg(1).to_email()["Message-ID"], _msg(2).to_email()["Message-ID"]]


def test_wrong_password_is_transient_and_names_the_server(starttls_server: Any,
                                                          client_tls: ssl.SSLContext) -> None:
    with SmtpNotifier(host="127.0.0.1", port=starttls_server.port, starttls=True, username="mailer",
                      password="wrong", ssl_context=client_tls, timeout=5) as n:
        with pytest.raises(DeliveryError, match="authentication at 127.0.0.1") as info:
            n.deliver(_msg())
    assert info.value.permanent is False
    assert "535" in info.value.reason
    assert "wrong" not in info.value.reason
    assert starttls_server.handler.received == []


def test_without_starttls_a_tls_only_server_is_a_transient_error(starttls_server: Any) -> None:
    with SmtpNotifier(host="127.0.0.1", port=starttls_server.port, timeout=5) as n:
        with pytest.raises(DeliveryError) as info:
            n.deliver(_msg())
    assert info.value.permanent is False  # 530: configuration, not the message
    assert "530" in info.value.reason


def test_an_untrusted_certificate_is_refused(starttls_server: Any) -> None:
    with SmtpNotifier(host="127.0.0.1", port=starttls_server.port, starttls=True, timeout=5) as n:
        with pytest.raises(DeliveryError, match="certificate verify failed") as info:
            n.deliver(_msg())
    assert info.value.permanent is False
    assert starttls_server.handler.received == []


def test_implicit_tls(smtp_factory, server_tls: ssl.SSLContext, client_tls: ssl.SSLContext) -> None:
    server = smtp_factory(ssl_context=server_tls)
    with SmtpNotifier(host="127.0.0.1", port=server.port, ssl=True, ssl_context=client_tls, timeout=5) as n:
        n.deliver(_msg())
    assert len(server.handler.received) == 1


# -- error classes ---------------------------------------------------------------------------


def test_greylisting_is_retried_then_delivered_once(smtp_server: Any) -> None:
    smtp_server.handler.greylist["grey@example.nl"] = 1
    storage = MemoryStorage()
    storage.outbox.enqueue(_msg("grey", to=("grey@example.nl",)), T0)
    with SmtpNotifier(host="127.0.0.1", port=smtp_server.port, timeout=5) as n:
        first = deliver_outbox(storage, n, T0)  # type: ignore[arg-type]
        assert first.retrying == ("t-grey",)
        assert "450" in (storage.outbox.get("t-grey").last_error or "")
        assert deliver_outbox(storage, n, T0 + dt.timedelta(minutes=1)).delivered == ("t-grey",)  # type: ignore[arg-type]
    assert len(smtp_server.handler.received) == 1


def test_partial_refusal_is_permanent_and_says_who_got_it(smtp_server: Any) -> None:
    smtp_server.handler.refuse["gone@example.nl"] = "550 5.1.1 mailbox unavailable"
    with SmtpNotifier(host="127.0.0.1", port=smtp_server.port, timeout=5) as n:
        with pytest.raises(DeliveryError) as info:
            n.deliver(_msg(to=("a@example.nl", "gone@example.nl")))
        n.deliver(_msg(2))  # the connection is still usable
    assert info.value.permanent is True
    assert info.value.reason.startswith("delivered to a@example.nl; refused gone@example.nl: 550")
    assert [rcpts for _, rcpts, _ in smtp_server.handler.received] == [["a@example.nl"], ["a@example.nl"]]


@pytest.mark.parametrize(
    ("reply", "permanent"),
    [("554 5.6.0 message content rejected", True), ("452 4.3.1 insufficient storage", False),
     ("421 4.3.2 shutting down", False)],
)
def test_data_replies_are_classified(smtp_server: Any, reply: str, permanent: bool) -> None:
    smtp_server.handler.on_data = lambda handler: reply
    with SmtpNotifier(host="127.0.0.1", port=smtp_server.port, timeout=5) as n:
        with pytest.raises(DeliveryError) as info:
            n.deliver(_msg())
        assert info.value.permanent is permanent
        assert info.value.reason == reply
        smtp_server.handler.on_data = None
        n.deliver(_msg(2))  # recovers, reconnecting if the server hung up
    assert len(smtp_server.handler.received) == 1


def test_a_dropped_connection_is_reopened(smtp_server: Any) -> None:
    with SmtpNotifier(host="127.0.0.1", port=smtp_server.port, timeout=5) as n:
        n.deliver(_msg(1))
        smtp_server.stop()
        smtp_server.start()  # the kept connection is dead now
        n.deliver(_msg(2))
    assert len(smtp_server.handler.received) == 2


def test_connection_refused_is_transient(dead_port: int) -> None:
    with SmtpNotifier(host="127.0.0.1", port=dead_port, timeout=2) as n:
        with pytest.raises(DeliveryError, match="cannot connect to 127.0.0.1") as info:
            n.deliver(_msg())
    assert info.value.permanent is False


@pytest.mark.parametrize(
    ("code", "permanent"), [(550, True), (551, True), (553, True), (554, True), (530, False), (535, False),
                            (421, False), (450, False), (451, False), (452, False)],
)
def test_classify_reply(code: int, permanent: bool) -> None:
    error = classify_reply(code, b"server says no")
    assert error.permanent is permanent
    assert error.reason == f"{code} server says no"


# -- options and selection ---------------------------------------------------------------------


def test_default_sender_replaces_the_library_placeholder(smtp_server: Any) -> None:
    with SmtpNotifier(host="127.0.0.1", port=smtp_server.port, default_sender="werkscan@example.nl") as n:
        n.deliver(_msg(1))
        n.deliver(_msg(2, sender="expert@example.nl"))
    assert [m for m, _, _ in smtp_server.handler.received] == ["werkscan@example.nl", "expert@example.nl"]
    assert [str(m["From"]) for m in smtp_server.handler.messages()] == ["werkscan@example.nl", "expert@example.nl"]


def test_selected_by_name_and_from_the_environment(smtp_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    n = get_notifier("smtp", host="127.0.0.1", port=smtp_server.port)
    assert isinstance(n, SmtpNotifier)
    n.close()
    monkeypatch.setenv("BLIKOPWERK_NOTIFIER", "smtp")
    monkeypatch.setenv("BLIKOPWERK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BLIKOPWERK_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("BLIKOPWERK_SMTP_TIMEOUT", "4")
    n = get_notifier()
    assert isinstance(n, SmtpNotifier)
    try:
        assert (n.port, n.settings.timeout) == (smtp_server.port, 4.0)
        n.deliver(_msg())
    finally:
        n.close()
    assert len(smtp_server.handler.received) == 1


@pytest.mark.parametrize(
    ("options", "field"),
    [({"port": 0}, "port"), ({"port": 70000}, "port"), ({"timeout": 0}, "timeout"),
     ({"ssl": True, "starttls": True}, "starttls"), ({"username": "u"}, "username"),
     ({"password": "p"}, "username")],
)
def test_invalid_options_name_the_field(options: dict, field: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        SmtpNotifier(**options)
    assert info.value.field == field
    assert info.value.value != "p" or field != "password"


@pytest.mark.parametrize(("options", "port"), [({}, 25), ({"starttls": True}, 587), ({"ssl": True}, 465),
                                               ({"port": 2525}, 2525)])
def test_standard_ports(options: dict, port: int) -> None:
    assert SmtpSettings(**options).effective_port == port
