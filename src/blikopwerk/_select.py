"""Selecting backends by URL scheme or name (implementation of :mod:`blikopwerk.plugins`)."""

from __future__ import annotations

from typing import Any

from blikopwerk._errors import InvalidValueError
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

storage_backends: Registry[Storage] = Registry(
    "blikopwerk.storage", "storage", ("from_url",)
)
geocoders: Registry[Geocoder] = Registry("blikopwerk.geocoders", "geocoders", ("lookup",))
notifiers: Registry[Notifier] = Registry("blikopwerk.notifiers", "notifiers", ("deliver",))


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
    factory = storage_backends.load(scheme_of(url))
    storage: Storage = factory.from_url(url)
    return storage


def get_geocoder(name: str | None = None, **options: Any) -> Geocoder:
    """Build the geocoder registered as ``name`` (default: settings' ``geocoder``)."""
    if name is None:
        from blikopwerk._settings import Settings

        name = Settings().geocoder
    geocoder: Geocoder = geocoders.load(name)(**options)
    return geocoder


def get_notifier(name: str | None = None, **options: Any) -> Notifier:
    """Build the notifier registered as ``name`` (default: settings' ``notifier``)."""
    if name is None:
        from blikopwerk._settings import Settings

        settings = Settings()
        name = settings.notifier
        if name == "eml" and "folder" not in options:
            options["folder"] = settings.outbox_folder
    notifier: Notifier = notifiers.load(name)(**options)
    return notifier
