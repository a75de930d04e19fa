"""Security and privacy of the SMTP notifier (issue 11.2), against a real aiosmtpd server.

- credentials are never sent over an unencrypted connection unless the caller sets
  ``allow_login_without_tls=True``; without it the notifier is refused when it is made,
  with the library's error naming that option;
- the password never appears in a repr, an error message (or its chained causes) or a log
  record;
- at INFO and above the notifier logs message ids and counts, never an e-mail address, a
  subject or a server reply;
- a message that cannot be written as an e-mail is a permanent ``DeliveryError``, so an
  outbox run marks it failed and delivers the next ones.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import ssl
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import AuthResult, LoginPassword
from blikopwerk_smtp import SmtpNotifier, SmtpSettings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blikopwerk import (
    BlikopwerkError,
    DeliveryError,
    InvalidValueError,
    MemoryStorage,
    Message,
    deliver_outbox,
    get_notifier,
)

PASSWORD = "s3cret-Pa55"
T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


def _msg(i: int | str = 1, to: tuple[str, ...] = ("jan.jansen@example.nl",)) -> Message:
    return Message(f"sec-{i}", to, f"Persoonlijk onderwerp {i}", f"Tekst {i}\n")


def _secret_forms(password: str, username: str = "mailer") -> list[str]:
    """The password and the encodings smtplib puts on the wire (AUTH PLAIN and LOGIN)."""
    plain = base64.b64encode(f"\0{username}\0{password}".encode()).decode()
    login = base64.b64encode(password.encode()).decode()
    return [password, plain, login]


def _chain_text(exc: BaseException) -> str:
    """Every message in an exception's chain (cause and context), as an app would log it."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.extend([str(current), repr(current)])
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


class Recorder:
    """An aiosmtpd authenticator that records every login it was sent."""

    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bytes]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            self.logins.append((auth_data.login, auth_data.password))
            ok = (auth_data.login, auth_data.password) == (b"mailer", PASSWORD.encode())
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)


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


@pytest.fixture
def plain_auth_server(smtp_factory) -> Any:
    """A server without TLS that offers AUTH in plain text (as a careless relay would)."""
    recorder = Recorder()
    server = smtp_factory(authenticator=recorder, auth_require_tls=False)
    server.recorder = recorder
    return server


# -- no credentials in the clear ---------------------------------------------------------------


def test_login_without_tls_is_refused_naming_the_option() -> None:
    with pytest.raises(InvalidValueError) as info:
        SmtpNotifier(host="mail.example.nl", username="mailer", password=PASSWORD)
    assert info.value.field == "allow_login_without_tls"
    assert "allow_login_without_tls=True" in str(info.value)
    assert "starttls=True" in str(info.value) and "ssl=True" in str(info.value)
    assert PASSWORD not in _chain_text(info.value)


def test_login_without_tls_from_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIKOPWERK_SMTP_USERNAME", "mailer")
    monkeypatch.setenv("BLIKOPWERK_SMTP_PASSWORD", PASSWORD)
    with pytest.raises(BlikopwerkError, match="allow_login_without_tls") as info:
        get_notifier("smtp", host="127.0.0.1")
    assert PASSWORD not in _chain_text(info.value)
    monkeypatch.setenv("BLIKOPWERK_SMTP_ALLOW_LOGIN_WITHOUT_TLS", "true")
    notifier = get_notifier("smtp", host="127.0.0.1")
    assert isinstance(notifier, SmtpNotifier)
    assert notifier.settings.allow_login_without_tls is True


@pytest.mark.parametrize("options", [{"starttls": True}, {"ssl": True}])
def test_login_with_tls_needs_no_permission(options: dict[str, bool]) -> None:
    notifier = SmtpNotifier(host="mail.example.nl", username="mailer", password=PASSWORD, **options)
    assert notifier.settings.allow_login_without_tls is False


def test_login_without_tls_when_allowed(plain_auth_server: Any) -> None:
    with SmtpNotifier(host="127.0.0.1", port=plain_auth_server.port, username="mailer", password=PASSWORD,
                      allow_login_without_tls=True, timeout=5) as n:
        n.deliver(_msg())
    assert plain_auth_server.recorder.logins == [(b"mailer", PASSWORD.encode())]
    assert len(plain_auth_server.handler.received) == 1


def test_starttls_refused_by_the_server_sends_no_credentials(plain_auth_server: Any) -> None:
    """A server (or a man in the middle) that does not offer STARTTLS gets no login."""
    with SmtpNotifier(host="127.0.0.1", port=plain_auth_server.port, starttls=True, username="mailer",
                      password=PASSWORD, timeout=5) as n:
        with pytest.raises(DeliveryError, match="STARTTLS") as info:
            n.deliver(_msg())
    assert plain_auth_server.recorder.logins == []
    assert plain_auth_server.handler.received == []
    assert info.value.permanent is False
    assert PASSWORD not in _chain_text(info.value)


def test_settings_swapped_after_construction_still_send_no_credentials(plain_auth_server: Any) -> None:
    """The guard at login time: settings are frozen, but the attribute can be replaced."""
    with SmtpNotifier(host="127.0.0.1", port=plain_auth_server.port, starttls=True, username="mailer",
                      password=PASSWORD, timeout=5) as n:
        with pytest.raises(Exception, match="frozen"):
            n.settings.starttls = False  # type: ignore[misc]
        n.settings = n.settings.model_copy(update={"starttls": False})
        with pytest.raises(DeliveryError, match="refusing to log in over an unencrypted connection"):
            n.deliver(_msg())
    assert plain_auth_server.recorder.logins == []


def test_starttls_login_reaches_the_server(smtp_factory, server_tls: ssl.SSLContext,
                                           client_tls: ssl.SSLContext) -> None:
    recorder = Recorder()
    server = smtp_factory(tls_context=server_tls, require_starttls=True, authenticator=recorder,
                          auth_required=True, auth_require_tls=True)
    with SmtpNotifier(host="127.0.0.1", port=server.port, starttls=True, username="mailer",
                      password=PASSWORD, ssl_context=client_tls, timeout=5) as n:
        n.deliver(_msg())
    assert recorder.logins == [(b"mailer", PASSWORD.encode())]


# -- secrets never shown -----------------------------------------------------------------------


def test_repr_shows_no_secret_and_no_username() -> None:
    n = SmtpNotifier(host="mail.example.nl", starttls=True, username="jan.jansen@example.nl", password=PASSWORD)
    assert repr(n) == "SmtpNotifier(host='mail.example.nl', port=587, tls='starttls', login=True)"
    assert PASSWORD not in repr(n.settings) and PASSWORD not in str(n.settings)
    assert PASSWORD not in repr(n.settings.model_dump())


def test_wrong_password_error_chain_holds_no_secret(smtp_factory, server_tls: ssl.SSLContext,
                                                    client_tls: ssl.SSLContext) -> None:
    wrong = "Wr0ng-but-secret"
    server = smtp_factory(tls_context=server_tls, require_starttls=True, authenticator=Recorder(),
                          auth_required=True, auth_require_tls=True)
    with SmtpNotifier(host="127.0.0.1", port=server.port, starttls=True, username="mailer",
                      password=wrong, ssl_context=client_tls, timeout=5) as n:
        with pytest.raises(DeliveryError) as info:
            n.deliver(_msg())
    text = _chain_text(info.value)
    assert "535" in text
    for form in _secret_forms(wrong):
        assert form not in text


@pytest.mark.parametrize("password", ["wachtwoord-é", 42, b"bytes", ["x"]])
def test_a_bad_password_is_refused_without_showing_it(password: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        SmtpNotifier(host="mail.example.nl", starttls=True, username="mailer", password=password)  # type: ignore[arg-type]
    assert info.value.field == "password"
    assert info.value.value == "***"
    assert str(password) not in _chain_text(info.value)


# -- no personal data in logs at INFO -----------------------------------------------------------


def test_logs_at_info_hold_no_address_subject_reply_or_secret(smtp_factory, server_tls: ssl.SSLContext,
                                                              client_tls: ssl.SSLContext,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    server = smtp_factory(tls_context=server_tls, require_starttls=True, authenticator=Recorder(),
                          auth_required=True, auth_require_tls=True)
    server.handler.refuse["weg@example.nl"] = "550 5.1.1 <weg@example.nl>: mailbox unavailable"
    server.handler.greylist["grijs@example.nl"] = 1
    caplog.set_level(logging.DEBUG)
    with SmtpNotifier(host="127.0.0.1", port=server.port, starttls=True, username="mailer",
                      password=PASSWORD, ssl_context=client_tls, timeout=5) as n:
        n.deliver(_msg(1))
        for i, to in [(2, ("weg@example.nl",)), (3, ("grijs@example.nl",)),
                      (4, ("jan.jansen@example.nl", "weg@example.nl"))]:
            with pytest.raises(DeliveryError):
                n.deliver(_msg(i, to))
    client = [r for r in caplog.records if r.name != "mail.log"]  # not the test server's own log
    info = [r.getMessage() for r in client if r.levelno >= logging.INFO]
    assert any("sec-1 delivered" in line for line in info)
    assert any("sec-2 not delivered" in line and "permanent" in line for line in info)
    assert any("sec-3 not delivered" in line and "transient" in line for line in info)
    for line in info:
        assert "@" not in line, line
        assert "onderwerp" not in line.lower(), line
        assert "550" not in line and "mailbox" not in line, line
    debug = "\n".join(r.getMessage() for r in client)
    assert "jan.jansen@example.nl" in debug  # recipients are there for development, at DEBUG
    for form in _secret_forms(PASSWORD):
        assert form not in debug


# -- a message that cannot be an e-mail ----------------------------------------------------------


def _broken(message: Message, **fields: Any) -> Message:
    """``message`` with fields the kernel's checks would refuse (a stored message from an
    older version, or one built around the checks): the notifier must still cope."""
    for name, value in fields.items():
        object.__setattr__(message, name, value)
    return message


@pytest.mark.parametrize(
    "fields",
    [{"to": ("jan\nBcc:x@example.nl",)}, {"to": ("a@example.nl\r\nRCPT TO:<x@example.nl>",)},
     {"subject": "Hallo\nBcc: x@example.nl"}, {"sender": "a@example.nl\nBcc: x@example.nl"},
     {"to": ("nul\x00@example.nl",)}],
)
def test_a_message_that_cannot_be_an_email_is_a_permanent_failure(smtp_server: Any, fields: dict) -> None:
    with SmtpNotifier(host="127.0.0.1", port=smtp_server.port, timeout=5) as n:
        with pytest.raises(DeliveryError, match="cannot be sent as an e-mail") as info:
            n.deliver(_broken(_msg(), **fields))
        assert info.value.permanent is True
        n.deliver(_msg(2))  # the notifier is still fine
    assert [rcpts for _, rcpts, _ in smtp_server.handler.received] == [["jan.jansen@example.nl"]]


def test_one_bad_message_does_not_stop_an_outbox_run(smtp_server: Any) -> None:
    storage = MemoryStorage()
    storage.outbox.enqueue(_broken(_msg("bad"), to=("jan\nBcc:x@example.nl",)), T0)
    storage.outbox.enqueue(_msg("good"), T0)
    with SmtpNotifier(host="127.0.0.1", port=smtp_server.port, timeout=5) as n:
        report = deliver_outbox(storage, n, T0)  # type: ignore[arg-type]
    assert report.failed == ("sec-bad",)
    assert report.delivered == ("sec-good",)
    assert len(smtp_server.handler.received) == 1


# -- every option: the library's error or a notifier ------------------------------------------------

_odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from([2**63, 10**5000, -(10**5000)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.binary(max_size=10), st.lists(st.integers(), max_size=2),
    st.sampled_from(["", " ", "a@b\nBcc: c@d", "mail.example.nl", "werkscan@example.nl", "\x00", "é",
                     "5", "true", "nee", "1e309", "-1", "65536", "Werkscan <w@example.nl>"]),
)
_OPTIONS = ["host", "port", "username", "password", "starttls", "ssl", "timeout", "local_hostname",
            "cafile", "default_sender", "reuse_connection", "allow_login_without_tls"]


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(options=st.dictionaries(st.sampled_from(_OPTIONS), _odd_values, max_size=4))
def test_fuzz_options_give_a_notifier_or_the_library_error(options: dict[str, Any]) -> None:
    try:
        notifier = SmtpNotifier(**options)
    except InvalidValueError as exc:
        error = exc
    else:
        notifier.close()
        assert isinstance(notifier.settings, SmtpSettings)
        return
    assert error.field in _OPTIONS
    if error.field == "password":
        assert error.value == "***"


def test_a_bad_password_from_the_environment_is_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIKOPWERK_SMTP_PASSWORD", "wachtwoord-é")
    with pytest.raises(InvalidValueError) as info:
        SmtpNotifier(host="mail.example.nl", starttls=True, username="mailer")
    assert (info.value.field, info.value.value) == ("password", "***")
    assert "wachtwoord" not in _chain_text(info.value)
