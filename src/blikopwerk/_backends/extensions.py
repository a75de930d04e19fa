"""Storage extensions: how a package adds its tables, revisions and repositories.

The kernel's SQL storage knows its own tables only (the outbox). A domain package
(``werkscan``) adds the rest through a :class:`StorageExtension`:

* its tables, declared on the shared :data:`blikopwerk.storage.metadata`
  (:meth:`StorageExtension.define_tables`);
* its schema changes, an Alembic branch in a folder of its own whose first revision
  revises the kernel's base revision (:meth:`StorageExtension.version_location`);
* its repositories, set as attributes of every SQL storage that is opened
  (:meth:`StorageExtension.attach`, after the database is at the code's revisions).

Extensions are found through the entry-point group ``blikopwerk.storage_extensions``
and through :func:`register_extension` (in code, for a source tree without installed
metadata). Both are read lazily, when a storage is opened; nothing here imports
SQLAlchemy, so a package may register itself when it is imported.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable

from blikopwerk._registry import Registry

__all__ = [
    "StorageExtension",
    "attach_extensions",
    "installed_extensions",
    "register_extension",
    "registered_in_code",
    "storage_extensions",
]


@runtime_checkable
class StorageExtension(Protocol):
    """A package's part of the SQL storage (see the storage engine page of the docs).

    The class registered under the entry-point group ``blikopwerk.storage_extensions``
    (or with :func:`register_extension`) is called without arguments once per process.
    """

    name: str

    def define_tables(self) -> None:
        """Declare the package's tables on :data:`blikopwerk.storage.metadata` (usually:
        import the module that declares them). Called before :meth:`attach` and by
        :func:`blikopwerk.storage.full_metadata`."""
        ...

    def version_location(self) -> str | None:
        """The folder of the package's Alembic revisions (one branch with a branch
        label, its first revision revising the kernel's base revision), or None."""
        ...

    def attach(self, storage: Any) -> None:
        """Set the package's repositories as attributes of an opened SQL storage
        (``storage.db`` is its :class:`~blikopwerk.storage.SqlDatabase`)."""
        ...


#: Every storage extension: entry points of ``blikopwerk.storage_extensions`` and
#: registrations in code.
storage_extensions: Registry[StorageExtension] = Registry(
    "blikopwerk.storage_extensions", "storage extension", protocol=StorageExtension)

#: Re-entrant: building an extension imports its package, which may register itself.
_lock = threading.RLock()
_built: dict[str, StorageExtension] = {}
_in_code: dict[str, str] = {}


def register_extension(name: str, target: Any) -> None:
    """Register a storage extension in code: a class, or ``"module:Class"`` (which is
    imported when a storage is first opened). A registration under the name of an
    installed entry point replaces it (a package may do both).

    Raises:
        PluginError: the class does not implement :class:`StorageExtension`.
    """
    with _lock:
        storage_extensions.register(name, target, replace=True)
        _built.pop(name, None)
        _in_code[name] = target if isinstance(target, str) else (
            f"{target.__module__}:{target.__qualname__}")


def registered_in_code() -> dict[str, str]:
    """The extensions registered in this process with :func:`register_extension`, as
    ``"module:Class"`` targets (so a spawned process can register the same ones).

    Example:
        >>> import werkscan
        >>> registered_in_code()["werkscan"]
        'werkscan._storage:WerkscanStorage'
    """
    with _lock:
        return dict(_in_code)


def installed_extensions() -> list[StorageExtension]:
    """Every storage extension, built once per process, sorted by name.

    Raises:
        PluginError: an extension that fails to import or does not implement
            :class:`StorageExtension` (a storage cannot be opened without it, since its
            tables may be in the database).
    """
    with _lock:
        names = storage_extensions.names()
        for name in names:
            if name not in _built:
                _built[name] = storage_extensions.build(name)
        return [_built[name] for name in names]


def attach_extensions(storage: Any) -> None:
    """Declare every extension's tables and attach its repositories to ``storage``."""
    for extension in installed_extensions():
        extension.define_tables()
        extension.attach(storage)

