"""Selecting backends by URL scheme or name (implementation of :mod:`blikopwerk.plugins`)."""

from __future__ import annotations

from typing import Any, Protocol

from blikopwerk._errors import BlikopwerkError, InvalidValueError, PluginError
from blikopwerk._protocols import Geocoder, Notifier, Storage
from blikopwerk._redact import redact_url
from blikopwerk._registry import Registry
from blikopwerk._urls import backend_of, check_storage_url, printable_problem

__all__ = [
    "geocoders",
    "get_geocoder",
    "get_notifier",
    "notifiers",
    "open_storage",
    "scheme_of",
    "storage_backends",
]


class StorageClass(Protocol):
    """What a storage backend's class offers besides :class:`Storage`: a factory."""

    def from_url(self, url: str) -> Storage:
        """Open the storage at ``url`` (a classmethod on the backend class)."""
        ...


storage_backends: Registry[Storage] = Registry(
    "blikopwerk.storage", "storage", protocol=Storage, factory=StorageClass,
    builtins={"memory": "blikopwerk._backends.memory:MemoryStorage",
              "mysql": "blikopwerk._backends.mysql:MySQLStorage",
              "sqlite": "blikopwerk._backends.sqlite:SQLiteStorage"},
)
geocoders: Registry[Geocoder] = Registry(
    "blikopwerk.geocoders", "geocoders", protocol=Geocoder,
    builtins={"offline": "blikopwerk._backends.offline_geocoder:OfflineGeocoder"},
)
notifiers: Registry[Notifier] = Registry(
    "blikopwerk.notifiers", "notifiers", protocol=Notifier,
    builtins={"eml": "blikopwerk._backends.notifiers:EmlFolderNotifier",
              "log": "blikopwerk._backends.notifiers:LogNotifier"},
)


def scheme_of(url: str) -> str:
    """The backend name in a storage URL: ``postgresql+psycopg://`` gives ``postgresql``.

    The scheme is compared without case, before any ``+driver``; ``postgres://`` is an
    alias of ``postgresql://`` (:data:`~blikopwerk._urls.SCHEME_ALIASES`).

    Raises:
        InvalidValueError: ``url`` is not text, is empty, has a control character (a NUL
            byte, a line break) or spaces around it, or has no scheme; field
            ``storage_url``, with the password masked.

    Example:
        >>> scheme_of("postgres://app@db/werk"), scheme_of("SQLite:///x.sqlite3")
        ('postgresql', 'sqlite')
        >>> scheme_of("app:s3cr3t@db/werk")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: storage_url: has no scheme; expected a URL such as 'sqlite:///path' or 'memory://' (got 'app:***@db/werk')
    """
    problem = check_storage_url(url)
    if problem:
        raise InvalidValueError("storage_url", redact_url(url) if isinstance(url, str) else url, problem)
    return backend_of(url)


def open_storage(url: str | None = None) -> Storage:
    """Open the storage backend for ``url`` (default: settings' ``storage_url``).

    Raises:
        InvalidValueError: a malformed URL (see :func:`scheme_of`), or one the backend
            cannot open as given; the password is masked in the message.
        PluginError: no backend for the scheme, or one that does not implement
            :class:`~blikopwerk.Storage`.

    Example:
        >>> open_storage("memory://").url
        'memory://'
        >>> open_storage("")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: storage_url: is empty (got '')
    """
    if url is None:
        from blikopwerk._settings import Settings

        url = Settings().storage_url
    name = scheme_of(url)
    factory = storage_backends.load(name)
    try:
        storage: Storage = factory.from_url(url)
    except BlikopwerkError:
        raise
    except (ValueError, TypeError, OSError) as exc:
        raise InvalidValueError(
            "storage_url", redact_url(url), f"the {name} backend cannot open it: {type(exc).__name__}: {exc}"
        ) from exc
    try:
        storage_backends.check_instance(name, storage)
    except PluginError:
        close = getattr(storage, "close", None)
        if callable(close):
            close()
        raise
    return storage


def get_geocoder(name: str | None = None, **options: Any) -> Geocoder:
    """Build the geocoder registered as ``name`` (default: settings' ``geocoder``)."""
    if name is None:
        from blikopwerk._settings import Settings

        name = Settings().geocoder
    return geocoders.build(_backend_name(name, "geocoder"), **options)


def get_notifier(name: str | None = None, **options: Any) -> Notifier:
    """Build the notifier registered as ``name`` (default: settings' ``notifier``)."""
    if name is None:
        from blikopwerk._settings import Settings

        settings = Settings()
        name = settings.notifier
        if name == "eml" and "folder" not in options:
            options["folder"] = settings.outbox_folder
    return notifiers.build(_backend_name(name, "notifier"), **options)


def _backend_name(name: object, field: str) -> str:
    if not isinstance(name, str):
        raise InvalidValueError(field, name, "expected a backend name (text)")
    problem = printable_problem(name)
    if problem:
        raise InvalidValueError(field, name, problem)
    return name
