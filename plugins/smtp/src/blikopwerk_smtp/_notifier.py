"""The SMTP notifier (entry point ``smtp`` in ``blikopwerk.notifiers``)."""

from __future__ import annotations

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


class SmtpSettings(BaseSettings):
    """Options of :class:`SmtpNotifier`; each can be set as ``BLIKOPWERK_SMTP_<NAME>``.

    Example:
        >>> s = SmtpSettings(host="mail.example.nl", starttls=True)
        >>> (s.host, s.effective_port)
        ('mail.example.nl', 587)
    """

    model_config = SettingsConfigDict(env_prefix="BLIKOPWERK_SMTP_", extra="ignore")

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

    @field_validator("port")
    @classmethod
    def _port(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 65535:
            raise ValueError("must be 1..65535")
        return value

    @field_validator("timeout")
    @classmethod
    def _timeout(cls, value: float) -> float:
        if not value > 0:
            raise ValueError("must be > 0")
        return value

    @property
    def effective_port(self) -> int:
        """``port``, or the standard one: 465 with ``ssl``, 587 with ``starttls``, else 25."""
        if self.port is not None:
            return self.port
        return 465 if self.ssl else 587 if self.starttls else 25


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


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address}: {code} {text.decode('utf-8', 'replace')}" for address, (code, text) in recipients.items()
    )


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
        password: the password.
        starttls: upgrade the connection with STARTTLS (required; refusing it fails).
        ssl: implicit TLS from the first byte (SMTPS, usually port 465).
        timeout: seconds for connecting and for each command.
        local_hostname: the name sent with EHLO (default: this machine's FQDN).
        cafile: a CA bundle to trust instead of the system's (ignored with ``ssl_context``).
        default_sender: replaces the library's placeholder sender
            (``noreply@blikopwerk.invalid``) in From and the envelope.
        reuse_connection: keep one connection open between deliveries.
        ssl_context: the TLS context to use (default: the system's, verifying the server).

    Raises:
        InvalidValueError: an option is not valid (e.g. both ``ssl`` and ``starttls``).

    Example:
        >>> n = SmtpNotifier(host="127.0.0.1", port=9, timeout=1)
        >>> n.deliver(Message("m1", ("a@example.nl",), "Hi", "Body"))
        Traceback (most recent call last):
        ...
        blikopwerk._protocols.DeliveryError: cannot connect to 127.0.0.1:9: ...
        >>> n.close()
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
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        given: dict[str, Any] = {
            "host": host, "port": port, "username": username, "password": password,
            "starttls": starttls, "ssl": ssl, "timeout": timeout, "local_hostname": local_hostname,
            "cafile": cafile, "default_sender": default_sender, "reuse_connection": reuse_connection,
        }
        try:
            self.settings = SmtpSettings(**{k: v for k, v in given.items() if v is not None})
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "settings"
            value = "***" if field == "password" else error.get("input")
            raise InvalidValueError(field, value, error["msg"]) from None
        s = self.settings
        if s.ssl and s.starttls:
            raise InvalidValueError("starttls", True, "choose ssl (implicit TLS) or starttls, not both")
        if (s.username is None) != (s.password is None):
            raise InvalidValueError("username", s.username, "username and password go together")
        self.host = s.host
        self.port = s.effective_port
        self._ssl_context = ssl_context
        self._conn: smtplib.SMTP | None = None
        self._lock = threading.Lock()

    # -- public API ---------------------------------------------------------------------------

    def deliver(self, message: Message) -> None:
        """Send ``message`` to its recipients; raises :class:`~blikopwerk.DeliveryError`."""
        email_message = message.to_email()
        sender = message.sender
        if self.settings.default_sender and sender == LIBRARY_DEFAULT_SENDER:
            sender = self.settings.default_sender
            email_message.replace_header("From", sender)
        with self._lock:
            conn = self._connection()
            try:
                refused = conn.send_message(email_message, from_addr=sender, to_addrs=list(message.to))
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
            accepted = [a for a in message.to if a not in refused]
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
