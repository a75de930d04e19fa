"""Plugin registries for the three entry-point groups (see :mod:`blikopwerk.plugins`)."""

from __future__ import annotations

import importlib
import importlib.metadata
import threading
import warnings
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from blikopwerk._errors import PluginError

__all__ = ["PluginInfo", "Registry"]

T = TypeVar("T")

#: Distributions that provide well-known backends, for the "install ..." hint.
KNOWN_PLUGINS: dict[tuple[str, str], str] = {
    ("blikopwerk.storage", "postgresql"): "blikopwerk-postgres",
    ("blikopwerk.geocoders", "pdok"): "blikopwerk-pdok",
    ("blikopwerk.notifiers", "smtp"): "blikopwerk-smtp",
}


@attrs.frozen
class PluginInfo:
    """One registered backend: its name, where it comes from, and whether it loads."""

    group: str
    name: str
    target: str
    distribution: str | None
    error: str | None = None


@attrs.define
class _Candidate:
    name: str
    target: str
    distribution: str | None
    loader: Callable[[], Any]
    loaded: Any = None


def _load_target(target: str) -> Any:
    module, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split(".") if attr else []:
        obj = getattr(obj, part)
    return obj


class Registry(Generic[T]):
    """Backends of one kind: entry points of ``group`` plus in-process registrations.

    Discovery is lazy (first use) through :mod:`importlib.metadata`. A backend class is
    checked against ``required`` attribute names when it is loaded.

    Example:
        >>> from blikopwerk.plugins import notifiers
        >>> "eml" in notifiers.names() and "log" in notifiers.names()
        True
        >>> notifiers.load("carrier-pigeon")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.PluginError: unknown notifiers backend 'carrier-pigeon'; installed: eml, log...
    """

    def __init__(self, group: str, kind: str, required: tuple[str, ...]) -> None:
        self.group = group
        self.kind = kind
        self.required = required
        self._lock = threading.RLock()
        self._discovered: dict[str, list[_Candidate]] | None = None
        self._local: dict[str, _Candidate] = {}

    # -- discovery -------------------------------------------------------------------
    def _discover(self) -> dict[str, list[_Candidate]]:
        with self._lock:
            if self._discovered is None:
                found: dict[str, list[_Candidate]] = {}
                seen: set[tuple[str, str]] = set()
                for ep in importlib.metadata.entry_points(group=self.group):
                    dist = ep.dist.name if ep.dist is not None else None
                    if (ep.name, ep.value) in seen:  # same distribution seen twice on sys.path
                        continue
                    seen.add((ep.name, ep.value))
                    found.setdefault(ep.name, []).append(
                        _Candidate(ep.name, ep.value, dist, ep.load)
                    )
                self._discovered = found
            return self._discovered

    def _candidates(self, name: str) -> list[_Candidate]:
        if name in self._local:
            return [self._local[name]]
        return self._discover().get(name, [])

    # -- registration ----------------------------------------------------------------
    def register(self, name: str, target: Any, *, replace: bool = False) -> None:
        """Register ``target`` (a class, a factory or ``"module:attr"``) under ``name``.

        Raises:
            PluginError: ``name`` is taken (pass ``replace=True`` to override), or the
                target does not provide the protocol's attributes.
        """
        with self._lock:
            if not replace and (name in self._local or name in self._discover()):
                raise PluginError(f"{self.kind} backend {name!r} is already registered")
            if isinstance(target, str):
                cand = _Candidate(name, target, None, lambda: _load_target(target))
            else:
                self._check(name, target)
                label = f"{getattr(target, '__module__', '?')}:{getattr(target, '__qualname__', '?')}"
                cand = _Candidate(name, label, None, lambda: target, target)
            self._local[name] = cand

    def unregister(self, name: str) -> None:
        """Remove an in-process registration."""
        with self._lock:
            self._local.pop(name, None)

    def _check(self, name: str, target: Any) -> None:
        missing = [attr for attr in self.required if not hasattr(target, attr)]
        if missing:
            raise PluginError(
                f"{self.kind} backend {name!r} ({target!r}) does not implement the protocol: "
                f"missing {', '.join(missing)}"
            )

    # -- lookup ----------------------------------------------------------------------
    def names(self) -> list[str]:
        """Names of every backend known, sorted."""
        return sorted({*self._discover(), *self._local})

    def load(self, name: str) -> Any:
        """The backend class or factory registered under ``name``.

        Raises:
            PluginError: unknown name (with what is installed and what to install), a
                name claimed by two distributions, or a plugin that fails to import.
        """
        with self._lock:
            candidates = self._candidates(name)
            if not candidates:
                hint = KNOWN_PLUGINS.get((self.group, name))
                extra = f"; install it with 'pip install {hint}'" if hint else ""
                raise PluginError(
                    f"unknown {self.kind} backend {name!r}; installed: "
                    f"{', '.join(self.names()) or 'none'}{extra}"
                )
            if len(candidates) > 1:
                dists = ", ".join(sorted(str(c.distribution) for c in candidates))
                raise PluginError(
                    f"{self.kind} backend {name!r} is claimed by several distributions: {dists}"
                )
            cand = candidates[0]
            if cand.loaded is None:
                try:
                    obj = cand.loader()
                except Exception as exc:
                    dist = cand.distribution or "its distribution"
                    raise PluginError(
                        f"{self.kind} backend {name!r} ({cand.target}) failed to import: {exc}; "
                        f"reinstall with 'pip install {dist}'"
                    ) from exc
                self._check(name, obj)
                cand.loaded = obj
            return cand.loaded

    def info(self) -> list[PluginInfo]:
        """Every backend with its distribution; broken ones warn and carry their error."""
        result: list[PluginInfo] = []
        for name in self.names():
            cands = self._candidates(name)
            error: str | None = None
            try:
                self.load(name)
            except PluginError as exc:
                error = str(exc)
                warnings.warn(f"skipping broken plugin: {exc}", RuntimeWarning, stacklevel=2)
            for cand in cands:
                result.append(PluginInfo(self.group, name, cand.target, cand.distribution, error))
        return result

    def reset(self) -> None:
        """Forget discovered entry points and local registrations (for tests)."""
        with self._lock:
            self._discovered = None
            self._local.clear()
