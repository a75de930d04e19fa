"""Backend plugins: registries, selection by URL scheme or name (public module).

Three entry-point groups make up the plugin API:

* ``blikopwerk.storage``: a class with ``from_url(url)``, implementing
  :class:`~blikopwerk.Storage`; selected by URL scheme (``memory://``,
  ``sqlite:///path``, ``postgresql://...``).
* ``blikopwerk.geocoders``: a class implementing :class:`~blikopwerk.Geocoder`, built
  with keyword options; selected by name (``offline``, ``pdok``).
* ``blikopwerk.notifiers``: a class implementing :class:`~blikopwerk.Notifier`, built
  with keyword options; selected by name (``eml``, ``log``, ``smtp``).

Built-in backends register through the same entry points as third-party ones, and in
code as well, so a source tree without installed metadata finds them too.

Every backend is checked against its protocol when it is registered or loaded, member by
member and signature by signature (as pluggy checks hook implementations), and the object
its factory builds is checked again; a backend that does not conform raises
:class:`~blikopwerk.PluginError` naming what is missing or does not match
(:func:`contract_problems` lists the same for a class of your own).

Example:
    >>> storage = open_storage("memory://")
    >>> storage.url
    'memory://'
    >>> storage.close()
"""

from __future__ import annotations

from blikopwerk._registry import PluginInfo, Registry, contract_problems
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
    "contract_problems",
    "geocoders",
    "get_geocoder",
    "get_notifier",
    "notifiers",
    "open_storage",
    "scheme_of",
    "storage_backends",
]
