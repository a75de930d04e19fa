"""Selecting backends by URL scheme or name (implementation of :mod:`blikopwerk.plugins`)."""

from __future__ import annotations

from typing import Any, Protocol

from blikopwerk._errors import InvalidValueError, PluginError
from blikopwerk._protocols import Geocoder, Notifier, Storage
from blikopwerk._registry import Registry

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
    """The backend name in a storage URL: ``postgresql+psycopg://`` gives ``postgresql``."""
    if not isinstance(url, str) or "://" not in url:
        raise InvalidValueError("storage_url", url, "expected a URL such as 'sqlite:///path'")
    return url.split("://", 1)[0].split("+", 1)[0].lower()


def open_storage(url: str | None = None) -> Storage:
    """Open the storage backend for ``url`` (default: settings' ``storage_url``)."""
    if url is None:
        from blikopwerk._settings import Settings

        url = Settings().storage_url
    name = scheme_of(url)
    factory = storage_backends.load(name)
    storage: Storage = factory.from_url(url)
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
    return geocoders.build(name, **options)


def get_notifier(name: str | None = None, **options: Any) -> Notifier:
    """Build the notifier registered as ``name`` (default: settings' ``notifier``)."""
    if name is None:
        from blikopwerk._settings import Settings

        settings = Settings()
        name = settings.notifier
        if name == "eml" and "folder" not in options:
            options["folder"] = settings.outbox_folder
    return notifiers.build(name, **options)
