"""Backend plugins: registries, selection by URL scheme or name (public module).

Three entry-point groups make up the plugin API:

* ``blikopwerk.storage``: a class with ``from_url(url)``, implementing
  :class:`~blikopwerk.Storage`; selected by URL scheme (``memory://``,
  ``sqlite:///path``, ``postgresql://...``).
* ``blikopwerk.geocoders``: a class implementing :class:`~blikopwerk.Geocoder`, built
  with keyword options; selected by name (``offline``, ``pdok``).
* ``blikopwerk.notifiers``: a class implementing :class:`~blikopwerk.Notifier`, built
  with keyword options; selected by name (``eml``, ``log``, ``smtp``).

Built-in backends register through the same entry points as third-party ones.

Example:
    >>> storage = open_storage("memory://")
    >>> storage.url
    'memory://'
    >>> storage.close()
"""

from __future__ import annotations

from blikopwerk._registry import PluginInfo, Registry
from blikopwerk._select import (
    geocoders,
    get_geocoder,
    get_notifier,
    notifiers,
    open_storage,
    scheme_of,
    storage_backends,
)

__all__ = [
    "PluginInfo",
    "Registry",
    "geocoders",
    "get_geocoder",
    "get_notifier",
    "notifiers",
    "open_storage",
    "scheme_of",
    "storage_backends",
]
