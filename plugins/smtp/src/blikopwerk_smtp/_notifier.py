"""The SMTP notifier (entry point ``smtp`` in ``blikopwerk.notifiers``)."""

from __future__ import annotations

import email.errors
import email.utils
import logging
import smtplib
import ssl
import threading
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from blikopwerk import DeliveryError, InvalidValueError, Message

__all__ = ["SmtpNotifier", "SmtpSettings", "classify_reply"]

#: The sender :class:`blikopwerk.Message` uses when none is given.
LIBRARY_DEFAULT_SENDER = "noreply@blikopwerk.invalid"
#: 5xx replies that mean "this client is not set up right" (TLS or authentication required,
#: credentials refused), not "this message can never be delivered": retried, not failed.
CONFIGURATION_CODES = frozenset({530, 534, 535, 538})
#: The longest ``timeout`` accepted, in seconds (the operating system refuses far larger ones).
MAX_TIMEOUT = 3600.0

#: A child of the kernel's ``blikopwerk.notifications`` logger. At INFO and above it logs
#: message ids, counts and the server's ``host:port``: never an e-mail address, a subject,
#: a server reply (which often quotes the address) or a credential. Recipients appear at
#: DEBUG only, for development.
logger = logging.getLogger("blikopwerk.notifications.smtp")


class SmtpSettings(BaseSettings):
    """Options of :class:`SmtpNotifier`; each can be set as ``BLIKOPWERK_SMTP_<NAME>``.

    The password is a :class:`pydantic.SecretStr`: its repr is ``'**********'``.

    Example:
        >>> s = SmtpSettings(host="mail.example.nl", starttls=True, username="mailer", password="s3cret")
        >>> (s.host, s.effective_port)
        ('mail.example.nl', 587)
        >>> "s3cret" in repr(s)
        False
    """

    model_config = SettingsConfigDict(env_prefix="BLIKOPWERK_SMTP_", extra="ignore", frozen=True)

    host: str = "localhost"
    port: int | None = None
    username: str | None = None
    password: SecretStr | None = None
    starttls: bool = False
    ssl: bool = False
    timeout: float = 30.0
    local_hostname: str | None = None
    cafile: Path | None = None
    default_sender: str | None = None
    reuse_connection: bool = True
    allow_login_without_tls: bool = False

    @field_validator("port")
    @classmethod
    def _port(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 65535:
            raise ValueError("must be 1..65535")
        return value

    @field_validator("timeout")
    @classmethod
    def _timeout(cls, value: float) -> float:
        if not 0 < value <= MAX_TIMEOUT:
            raise ValueError(f"must be > 0 and at most {MAX_TIMEOUT:.0f} seconds")
        return value

    @field_validator("host", "local_hostname")
    @classmethod
    def _hostname(cls, value: str | None) -> str | None:
        if value is not None and (not value or not value.isascii() or not value.isprintable() or " " in value):
            raise ValueError("must be a host name or address (ASCII, no spaces or control characters)")
        return value

    @field_validator("username")
    @classmethod
    def _username(cls, value: str | None) -> str | None:
        if value is not None and not (value.isascii() and value.isprintable()):
            raise ValueError("must be printable ASCII (smtplib sends credentials as ASCII)")
        return value

    @field_validator("password")
    @classmethod
    def _password(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().isascii():
            raise ValueError("must be ASCII (smtplib sends credentials as ASCII)")
        return value

    @field_validator("default_sender")
    @classmethod
    def _sender(cls, value: str | None) -> str | None:
        if value is not None:
            _name, address = email.utils.parseaddr(value)
            if not value.isprintable() or address != value or "@" not in address:
                raise ValueError("must be one e-mail address like 'werkscan@example.nl'")
        return value

    @property
    def effective_port(self) -> int:
        """``port``, or the standard one: 465 with ``ssl``, 587 with ``starttls``, else 25."""
        if self.port is not None:
            return self.port
        return 465 if self.ssl else 587 if self.starttls else 25

    @property
    def tls(self) -> str:
        """The connection's encryption, one of ``"ssl"``, ``"starttls"`` and ``"none"``."""
        return "ssl" if self.ssl else "starttls" if self.starttls else "none"


def classify_reply(code: int, text: bytes | str) -> DeliveryError:
    """The :class:`~blikopwerk.DeliveryError` for an SMTP reply that refused a message.

    5xx is permanent (the outbox marks the message failed with the reason), except the
    configuration codes 530, 534, 535 and 538 (TLS or authentication required or
    refused), which like 4xx and anything else are transient (retried with backoff).

    Example:
        >>> err = classify_reply(550, b"5.1.1 <x@example.nl>: mailbox unavailable")
        >>> err.permanent, err.reason
        (True, '550 5.1.1 <x@example.nl>: mailbox unavailable')
        >>> classify_reply(451, "4.3.0 try again later").permanent
        False
        >>> classify_reply(535, "5.7.8 authentication failed").permanent
        False
    """
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    reason = f"{code} {message}".strip()
    permanent = 500 <= code < 600 and code not in CONFIGURATION_CODES
    return DeliveryError(reason, permanent=permanent)


def _check_envelope_address(address: str) -> None:
    """Refuse what ``MAIL FROM``/``RCPT TO`` cannot carry: line breaks and other control
    characters (RFC 5321 allows none; smtplib raises ``ValueError`` for CR and LF)."""
    if not isinstance(address, str) or not address.isprintable():
        raise ValueError(f"not an envelope address: {address!r}")


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address}: {code} {text.decode('utf-8', 'replace')}" for address, (code, text) in recipients.items()
    )


#: The Python types each option takes in code (the environment gives text, which
#: :class:`SmtpSettings` reads); nothing else is converted.
_OPTION_TYPES: dict[str, tuple[type, ...]] = {
    "host": (str,), "port": (int,), "username": (str,), "password": (str,), "starttls": (bool,),
    "ssl": (bool,), "timeout": (int, float), "local_hostname": (str,), "cafile": (str, Path),
    "default_sender": (str,), "reuse_connection": (bool,), "allow_login_without_tls": (bool,),
}


def _shown(value: Any) -> Any:
    """``value`` for an error: an int too long to print is named by its size, long text
    is cut to its first 100 characters (bytes)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"<int of {value.bit_length()} bits>"
    if isinstance(value, str) and len(value) > 120:
        return f"{value[:100]}... ({len(value)} characters)"
    if isinstance(value, bytes) and len(value) > 120:
        return value[:100] + b"..."
    return value


def _check_types(given: dict[str, Any]) -> None:
    for name, value in given.items():
        kinds = _OPTION_TYPES[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            expected = " or ".join(k.__name__ for k in kinds)
            raise InvalidValueError(name, "***" if name == "password" else _shown(value), f"expected {expected}")
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 63:
            raise InvalidValueError(name, _shown(value), "out of range")


def _settings(given: dict[str, Any]) -> SmtpSettings:
    """:class:`SmtpSettings` from ``given`` and the environment, or the library's error.

    The error is raised outside the ``except`` block, so it carries no pydantic error as
    its context: that would hold the rejected input, a password from the environment too.
    """
    try:
        return SmtpSettings(**given)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "settings"
        problem = (field, "***" if field == "password" else _shown(error.get("input")), error["msg"])
    raise InvalidValueError(*problem)


class SmtpNotifier:
    """Delivers messages over SMTP, with STARTTLS or implicit TLS and authentication.

    One connection is kept open and reused between deliveries (checked with ``NOOP``
    first; reopened when the server dropped it); deliveries from several threads take
    turns on it. Set ``reuse_connection=False`` to connect per message.

    Failures raise :class:`~blikopwerk.DeliveryError`, whose ``permanent`` flag tells
    :func:`~blikopwerk.deliver_outbox` what to do:

    * transient (retried with backoff): cannot connect, timeouts, TLS failures, the server
      dropping the connection, 4xx replies, and the configuration replies 530/534/535/538;
    * permanent (marked failed with the server's reason): 5xx replies to the sender, the
      recipients or the data, e.g. ``550 5.1.1 mailbox unavailable``; and a message that
      reached some recipients while others were refused (resending would duplicate it
      for those who have it; the reason lists who got it and who was refused).

    SMTP delivers at least once: if a connection drops after the server stored a message
    but before its ``250`` reply arrives, the retry sends it again. The outbox makes every
    other case exactly once.

    Every option defaults to ``BLIKOPWERK_SMTP_<OPTION>`` from the environment, then to
    :class:`SmtpSettings`' default.

    Args:
        host: the SMTP server.
        port: its port (default 465 with ``ssl``, 587 with ``starttls``, else 25).
        username: login name; with ``password``, authenticates after TLS.
        password: the password (kept as a :class:`pydantic.SecretStr`; never shown).
        starttls: upgrade the connection with STARTTLS (required; refusing it fails).
        ssl: implicit TLS from the first byte (SMTPS, usually port 465).
        timeout: seconds for connecting and for each command.
        allow_login_without_tls: send ``username`` and ``password`` over a connection that
            is not encrypted (neither ``starttls`` nor ``ssl``). Off by default: without it
            a login without TLS is refused when the notifier is made. Turn it on only for
            a relay you trust on the same machine or network (e.g. ``localhost:25``).
        local_hostname: the name sent with EHLO (default: this machine's FQDN).
        cafile: a CA bundle to trust instead of the system's (ignored with ``ssl_context``).
        default_sender: replaces the library's placeholder sender
            (``noreply@blikopwerk.invalid``) in From and the envelope.
        reuse_connection: keep one connection open between deliveries.
        ssl_context: the TLS context to use (default: the system's, verifying the server).

    Raises:
        InvalidValueError: an option is not valid (e.g. both ``ssl`` and ``starttls``), or
            a login would be sent unencrypted without ``allow_login_without_tls=True``.

    Example:
        >>> n = SmtpNotifier(host="127.0.0.1", port=9, timeout=1)
        >>> n.deliver(Message("m1", ("a@example.nl",), "Hi", "Body"))
        Traceback (most recent call last):
        ...
        blikopwerk._protocols.DeliveryError: cannot connect to 127.0.0.1:9: ...
        >>> n.close()

        A password is never sent in the clear unless you say so:

        >>> SmtpNotifier(host="mail.example.nl", username="mailer", password="s3cret")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: allow_login_without_tls: ...
    """

    name = "smtp"

    def __init__(
        self,
        *,
        host: str | None = None,
        port: int | None = None,
        username: str | None = None,
        password: str | None = None,
        starttls: bool | None = None,
        ssl: bool | None = None,
        timeout: float | None = None,
        local_hostname: str | None = None,
        cafile: str | Path | None = None,
        default_sender: str | None = None,
        reuse_connection: bool | None = None,
        allow_login_without_tls: bool | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        given: dict[str, Any] = {
            "host": host, "port": port, "username": username, "password": password,
            "starttls": starttls, "ssl": ssl, "timeout": timeout, "local_hostname": local_hostname,
            "cafile": cafile, "default_sender": default_sender, "reuse_connection": reuse_connection,
            "allow_login_without_tls": allow_login_without_tls,
        }
        given = {k: v for k, v in given.items() if v is not None}
        _check_types(given)
        if "password" in given:
            given["password"] = SecretStr(given["password"])  # hidden from here on, errors included
        self.settings = _settings(given)
        s = self.settings
        if s.ssl and s.starttls:
            raise InvalidValueError("starttls", True, "choose ssl (implicit TLS) or starttls, not both")
        if (s.username is None) != (s.password is None):
            raise InvalidValueError("username", s.username, "username and password go together")
        if s.username is not None and s.tls == "none" and not s.allow_login_without_tls:
            raise InvalidValueError(
                "allow_login_without_tls", False,
                "the username and password would be sent unencrypted: set starttls=True or "
                "ssl=True, or allow_login_without_tls=True for a relay you trust",
            )
        self.host = s.host
        self.port = s.effective_port
        self._ssl_context = ssl_context
        self._conn: smtplib.SMTP | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        login = self.settings.username is not None
        return f"SmtpNotifier(host={self.host!r}, port={self.port}, tls={self.settings.tls!r}, login={login})"

    # -- public API ---------------------------------------------------------------------------

    def deliver(self, message: Message) -> None:
        """Send ``message`` to its recipients; raises :class:`~blikopwerk.DeliveryError`.

        A message that cannot be written as an e-mail (e.g. a line break in an address or
        the subject) is a permanent :class:`~blikopwerk.DeliveryError`: the outbox marks it
        failed and goes on with the next one.
        """
        try:
            self._deliver(message)
        except DeliveryError as exc:
            kind = "permanent" if exc.permanent else "transient"
            logger.log(logging.WARNING if exc.permanent else logging.INFO,
                       "message %s not delivered via %s:%d (%s failure)", message.id, self.host, self.port, kind)
            logger.debug("message %s: %s", message.id, exc.reason)
            raise
        logger.info("message %s delivered via %s:%d to %d recipient(s)",
                    message.id, self.host, self.port, len(message.to))
        logger.debug("message %s to %s", message.id, ", ".join(message.to))

    def _deliver(self, message: Message) -> None:
        try:
            email_message = message.to_email()
            sender = message.sender
            if self.settings.default_sender and sender == LIBRARY_DEFAULT_SENDER:
                sender = self.settings.default_sender
                email_message.replace_header("From", sender)
            recipients = list(message.to)
            for address in (sender, *recipients):
                _check_envelope_address(address)
        except (ValueError, TypeError, email.errors.MessageError) as exc:
            raise DeliveryError(f"message cannot be sent as an e-mail: {exc}", permanent=True) from exc
        with self._lock:
            conn = self._connection()
            try:
                refused = conn.send_message(email_message, from_addr=sender, to_addrs=recipients)
            except smtplib.SMTPRecipientsRefused as exc:  # nobody got it
                errors = exc.recipients
                permanent = all(500 <= code < 600 and code not in CONFIGURATION_CODES
                                for code, _ in errors.values())
                raise DeliveryError(f"refused recipient(s): {_refusals(errors)}", permanent=permanent) from exc
            except smtplib.SMTPNotSupportedError as exc:  # e.g. SMTPUTF8 addresses
                raise DeliveryError(f"server cannot take this message: {exc}", permanent=True) from exc
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                raise classify_reply(exc.smtp_code, exc.smtp_error) from exc
            except smtplib.SMTPResponseException as exc:
                self._drop()
                raise classify_reply(exc.smtp_code, exc.smtp_error) from exc
            except (smtplib.SMTPException, OSError) as exc:
                self._drop()
                raise DeliveryError(f"connection to {self.host}:{self.port} failed: {exc}") from exc
            finally:
                if not self.settings.reuse_connection:
                    self._drop()
        if refused:  # some recipients took it, some did not: resending would duplicate it
            accepted = [a for a in recipients if a not in refused]
            raise DeliveryError(
                f"delivered to {', '.join(accepted)}; refused {_refusals(refused)}", permanent=True
            )

    def close(self) -> None:
        """Close the open connection, if any (``QUIT``)."""
        with self._lock:
            self._drop()

    def __enter__(self) -> SmtpNotifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------------

    def _context(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            cafile = self.settings.cafile
            self._ssl_context = ssl.create_default_context(
                cafile=str(cafile) if cafile is not None else None
            )
        return self._ssl_context

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            conn.close()

    def _connection(self) -> smtplib.SMTP:
        if self._conn is not None:
            try:
                code, _ = self._conn.noop()
            except (smtplib.SMTPException, OSError):
                code = 0
            if code == 250:
                return self._conn
            self._drop()
        s = self.settings
        where = f"{self.host}:{self.port}"
        conn: smtplib.SMTP | None = None
        try:
            if s.ssl:
                conn = smtplib.SMTP_SSL(self.host, self.port, s.local_hostname, timeout=s.timeout,
                                        context=self._context())
            else:
                conn = smtplib.SMTP(self.host, self.port, s.local_hostname, timeout=s.timeout)
            conn.ehlo_or_helo_if_needed()
            if s.starttls:
                conn.starttls(context=self._context())
                conn.ehlo()
            if s.username is not None and s.password is not None:
                if not (s.allow_login_without_tls or isinstance(conn.sock, ssl.SSLSocket)):
                    # unreachable through the constructor; a guard for settings swapped later
                    self._abandon(conn)
                    raise DeliveryError(f"{where}: refusing to log in over an unencrypted connection "
                                        "(set starttls or ssl, or allow_login_without_tls)")
                conn.login(s.username, s.password.get_secret_value())
        except smtplib.SMTPAuthenticationError as exc:
            self._abandon(conn)
            raise DeliveryError(f"authentication at {where} failed: {classify_reply(exc.smtp_code, exc.smtp_error).reason}") from exc
        except smtplib.SMTPNotSupportedError as exc:
            self._abandon(conn)
            raise DeliveryError(f"{where}: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            self._abandon(conn)
            raise DeliveryError(f"{where} refused the session: {classify_reply(exc.smtp_code, exc.smtp_error).reason}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._abandon(conn)
            raise DeliveryError(f"cannot connect to {where}: {exc}") from exc
        self._conn = conn
        return conn

    @staticmethod
    def _abandon(conn: smtplib.SMTP | None) -> None:
        if conn is not None:
            conn.close()
