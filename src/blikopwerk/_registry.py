"""Plugin registries for the three entry-point groups (see :mod:`blikopwerk.plugins`).

A registry checks each backend against its ``typing.Protocol`` when it is registered or
loaded, and again on the object its factory builds, as pluggy's ``_verify_hook`` checks a
hook implementation against its specification: every member must be there, and every
method must accept the calls the protocol makes (same positional parameters in the same
order, by the same names; extra parameters only with defaults).
"""

from __future__ import annotations

import importlib
import inspect
import threading
import types
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, Protocol, TypeVar

import attrs

from blikopwerk._errors import BlikopwerkError, InvalidValueError, PluginError
from blikopwerk._redact import shown

__all__ = ["PluginInfo", "Registry", "contract_problems"]

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


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_SKIP_BASES = (object, Protocol, Generic)


def _protocol_members(protocol: type) -> dict[str, inspect.Signature | None]:
    """Public members of ``protocol``: a method's call signature (without ``self``), or
    ``None`` for an attribute (annotated, or a property)."""
    members: dict[str, inspect.Signature | None] = {}
    for klass in reversed(protocol.__mro__):
        if klass in _SKIP_BASES:
            continue
        for name in inspect.get_annotations(klass):
            if not name.startswith("_"):
                members[name] = None
        for name, value in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(value, property):
                members[name] = None
            elif isinstance(value, staticmethod | classmethod) or inspect.isfunction(value):
                members[name] = _call_signature(value, bound=False)
    return members


def _call_signature(member: Any, *, bound: bool) -> inspect.Signature | None:
    """How a caller calls ``member``: its signature without ``self``/``cls``.

    ``member`` is what :func:`inspect.getattr_static` found on a class (``bound`` false)
    or an attribute of an instance (``bound`` true). ``None`` if it has no signature.
    """
    drop_first = False
    if isinstance(member, staticmethod):
        member = member.__func__
    elif isinstance(member, classmethod):
        member, drop_first = member.__func__, True
    elif inspect.isfunction(member) and not bound:
        drop_first = True
    try:
        sig = inspect.signature(member)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if drop_first:
        if not params or params[0].kind not in _POSITIONAL:
            return sig  # no self: the mismatch shows when the signatures are compared
        params = params[1:]
    return sig.replace(parameters=params)


def _signature_problem(spec: inspect.Signature, impl: inspect.Signature) -> str | None:
    """Why ``impl`` cannot take every call the protocol makes with ``spec``, or ``None``."""
    kinds = inspect.Parameter
    impl_params = list(impl.parameters.values())
    var_pos = any(p.kind is kinds.VAR_POSITIONAL for p in impl_params)
    var_kw = any(p.kind is kinds.VAR_KEYWORD for p in impl_params)
    positional = [p for p in impl_params if p.kind in _POSITIONAL]
    used: set[str] = set()
    index = 0
    for want in spec.parameters.values():
        if want.kind in _POSITIONAL:
            if index < len(positional):
                got = positional[index]
                index += 1
                used.add(got.name)
                if want.kind is kinds.POSITIONAL_OR_KEYWORD and (
                    got.name != want.name or got.kind is kinds.POSITIONAL_ONLY
                ):
                    return f"parameter {index} is {got.name!r}, the protocol passes {want.name!r}"
            elif not var_pos:
                return f"takes no parameter {want.name!r}"
            else:
                continue
        elif want.kind is kinds.KEYWORD_ONLY:
            got_kw = impl.parameters.get(want.name)
            if got_kw is not None and got_kw.kind in (kinds.POSITIONAL_OR_KEYWORD, kinds.KEYWORD_ONLY):
                used.add(got_kw.name)
                got = got_kw
            elif var_kw:
                continue
            else:
                return f"takes no keyword parameter {want.name!r}"
        elif want.kind is kinds.VAR_POSITIONAL:
            if not var_pos:
                return "takes no *args"
            continue
        else:
            if not var_kw:
                return "takes no **kwargs"
            continue
        if want.default is not kinds.empty and got.default is kinds.empty:
            return f"parameter {got.name!r} needs a default, as the protocol's has one"
    for p in impl_params:
        if p.name not in used and p.kind in (*_POSITIONAL, kinds.KEYWORD_ONLY) and p.default is kinds.empty:
            return f"requires parameter {p.name!r}, which the protocol does not pass"
    return None


def _code_names(klass: type) -> Iterator[str]:
    """Attribute names the code of ``klass``'s own functions uses (``self.outbox = ...``)."""
    stack = [v.__func__ if isinstance(v, staticmethod | classmethod) else v for v in vars(klass).values()]
    stack = [getattr(v, "__code__", None) for v in stack]
    while stack:
        code = stack.pop()
        if isinstance(code, types.CodeType):
            yield from code.co_names
            stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))


def _declares(klass: type, name: str) -> bool:
    """Whether ``klass`` provides attribute ``name`` on its instances, as far as the class
    shows: a class attribute or property, an annotation, ``__slots__``, an assignment in
    one of its methods, or a ``__getattr__`` (which may provide anything)."""
    if hasattr(klass, name):
        return True
    for base in klass.__mro__:
        if base is object:
            continue
        if name in inspect.get_annotations(base) or "__getattr__" in base.__dict__:
            return True
        slots = base.__dict__.get("__slots__", ())
        if name in ((slots,) if isinstance(slots, str) else slots):
            return True
        if name in set(_code_names(base)):
            return True
    return False


def _format(name: str, sig: inspect.Signature | None) -> str:
    """``name(a, b=...)``: the parameters without their annotations, for messages."""
    if sig is None:
        return name
    bare = [p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()]
    return f"{name}{sig.replace(parameters=bare, return_annotation=inspect.Signature.empty)}"


def contract_problems(protocol: type, target: object) -> list[str]:
    """What ``target`` (a backend class, or an object a factory built) lacks of ``protocol``.

    Every public member of the protocol must be present; every method must be callable
    the way the protocol calls it (see the module docstring). Returns one line per
    problem (missing members are listed together); an empty list means it conforms.

    Example:
        >>> from blikopwerk import Notifier
        >>> class Shouty:
        ...     name = "shouty"
        ...     def deliver(self, message, volume): ...
        >>> contract_problems(Notifier, Shouty)
        ["deliver(message, volume) does not match the protocol's deliver(message): requires parameter 'volume', which the protocol does not pass"]
        >>> contract_problems(Notifier, object)
        ['missing deliver, name']
    """
    is_class = inspect.isclass(target)
    missing: list[str] = []
    problems: list[str] = []
    for name, spec in _protocol_members(protocol).items():
        if spec is None:
            present = _declares(target, name) if isinstance(target, type) else hasattr(target, name)
            if not present:
                missing.append(name)
            continue
        try:
            member = inspect.getattr_static(target, name) if is_class else getattr(target, name)
        except AttributeError:
            missing.append(name)
            continue
        if isinstance(member, property) or not (
            callable(member) or isinstance(member, staticmethod | classmethod)
        ):
            problems.append(f"{name} is not a method")
            continue
        impl = _call_signature(member, bound=not is_class)
        if impl is None:
            continue  # a callable without a signature (a builtin): nothing to compare
        problem = _signature_problem(spec, impl)
        if problem:
            problems.append(f"{_format(name, impl)} does not match the protocol's "
                            f"{_format(name, spec)}: {problem}")
    if missing:
        problems.insert(0, f"missing {', '.join(sorted(missing))}")
    return problems


def _load_target(target: str) -> Any:
    module, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split(".") if attr else []:
        obj = getattr(obj, part)
    return obj


class Registry(Generic[T]):
    """Backends of one kind: built-in ones, entry points of ``group``, and in-process
    registrations.

    Discovery is lazy (first use) through :mod:`importlib.metadata`. Built-in backends
    (``builtins``: name to ``"module:attr"``) are registered in code as well, so a source
    tree without installed metadata still finds them; when the installed metadata names
    the same target, that entry point is used (with its distribution). A backend is
    checked when it is registered or loaded: it must have the ``required`` attributes and
    meet ``factory`` (what the class itself offers, e.g. ``from_url``) and ``protocol``
    (what its instances offer), member by member and signature by signature; the object
    :meth:`build` makes is checked against ``protocol`` again.

    Args:
        group: the entry-point group.
        kind: the word used in messages (``storage``, ``notifiers``, ...).
        required: attribute names a target must have (kept for simple registries).
        protocol: the ``typing.Protocol`` the backend's instances implement.
        factory: a ``typing.Protocol`` the backend class itself implements.
        builtins: built-in backends, registered in code.

    Example:
        >>> from blikopwerk.plugins import notifiers
        >>> "eml" in notifiers.names() and "log" in notifiers.names()
        True
        >>> notifiers.load("carrier-pigeon")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.PluginError: unknown notifiers backend 'carrier-pigeon'; installed: eml, log...
    """

    def __init__(
        self,
        group: str,
        kind: str,
        required: tuple[str, ...] = (),
        *,
        protocol: type | None = None,
        factory: type | None = None,
        builtins: Mapping[str, str] | None = None,
    ) -> None:
        self.group = group
        self.kind = kind
        self.required = required
        self.protocol = protocol
        self.factory = factory
        self.builtins: Mapping[str, str] = types.MappingProxyType(dict(builtins or {}))
        self._lock = threading.RLock()
        self._discovered: dict[str, list[_Candidate]] | None = None
        self._local: dict[str, _Candidate] = {}

    # -- discovery -------------------------------------------------------------------
    def _discover(self) -> dict[str, list[_Candidate]]:
        with self._lock:
            if self._discovered is None:
                found: dict[str, list[_Candidate]] = {}
                seen: set[tuple[str, str]] = set()
                import importlib.metadata  # on first use: it costs ~30 ms to import

                for ep in importlib.metadata.entry_points(group=self.group):
                    dist = ep.dist.name if ep.dist is not None else None
                    if (ep.name, ep.value) in seen:  # same distribution seen twice on sys.path
                        continue
                    seen.add((ep.name, ep.value))
                    found.setdefault(ep.name, []).append(
                        _Candidate(ep.name, ep.value, dist, ep.load)
                    )
                for name, target in self.builtins.items():
                    if (name, target) not in seen:  # no installed metadata for it
                        found.setdefault(name, []).append(
                            _Candidate(name, target, "blikopwerk", _loader(target))
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
                raise PluginError(f"{self.kind} backend {shown(name)} is already registered")
            if isinstance(target, str):
                cand = _Candidate(name, target, None, _loader(target))
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
        problems: list[str] = []
        missing = [attr for attr in self.required if not hasattr(target, attr)]
        if missing:
            problems.append(f"missing {', '.join(missing)}")
        if inspect.isclass(target):
            for protocol in (self.factory, self.protocol):
                if protocol is not None:
                    problems += [p for p in contract_problems(protocol, target) if p not in problems]
        elif not callable(target):
            problems.append("not a class or a factory")
        if problems:
            raise PluginError(
                f"{self.kind} backend {shown(name)} ({_label(target)}) does not implement the protocol: "
                + "; ".join(problems)
            )

    def check_instance(self, name: str, obj: Any) -> None:
        """Check an object a backend's factory built against ``protocol``.

        Raises:
            PluginError: naming every member that is missing or does not match.
        """
        problems = contract_problems(self.protocol, obj) if self.protocol is not None else []
        if problems:
            raise PluginError(
                f"{self.kind} backend {shown(name)} built a {type(obj).__name__} that does not implement "
                "the protocol: " + "; ".join(problems)
            )

    def build(self, name: str, **options: Any) -> T:
        """Load ``name``, call it with ``options`` and check what it built.

        Raises:
            PluginError: unknown or broken backend, an option it does not take (listing
                those it does), or an object that does not implement ``protocol``.
        """
        target = self.load(name)
        _check_options(self.kind, name, target, options)
        try:
            obj = target(**options)
        except BlikopwerkError:
            raise
        except (TypeError, ValueError) as exc:
            raise InvalidValueError(
                f"{self.kind}.{name}", sorted(options), f"the backend refused its options: {type(exc).__name__}: {exc}"
            ) from exc
        self.check_instance(name, obj)
        built: T = obj
        return built

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
                    f"unknown {self.kind} backend {shown(name)}; installed: "
                    f"{', '.join(self.names()) or 'none'}{extra}"
                )
            if len(candidates) > 1:
                dists = ", ".join(sorted(str(c.distribution) for c in candidates))
                raise PluginError(
                    f"{self.kind} backend {shown(name)} is claimed by several distributions: {dists}"
                )
            cand = candidates[0]
            if cand.loaded is None:
                try:
                    obj = cand.loader()
                except Exception as exc:
                    dist = cand.distribution or "its distribution"
                    raise PluginError(
                        f"{self.kind} backend {shown(name)} ({cand.target}) failed to import: {exc}; "
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


def _loader(target: str) -> Callable[[], Any]:
    return lambda: _load_target(target)


def _label(target: Any) -> str:
    module = getattr(target, "__module__", None)
    qualname = getattr(target, "__qualname__", None)
    return f"{module}:{qualname}" if module and qualname else type(target).__name__


def _check_options(kind: str, name: str, target: Any, options: Mapping[str, Any]) -> None:
    """Refuse options the backend's constructor does not take, naming those it does."""
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return
    try:
        sig.bind(**options)
    except TypeError:
        params = sig.parameters.values()
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
            raise PluginError(f"{kind} backend {shown(name)} needs positional arguments; pass them by name") from None
        takes = [p.name for p in params if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                      inspect.Parameter.KEYWORD_ONLY)]
        required = [p.name for p in params if p.default is inspect.Parameter.empty
                    and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
        unknown = sorted(set(options) - set(takes))
        absent = [r for r in required if r not in options]
        what = (f"takes no option {', '.join(map(repr, unknown))}" if unknown
                else f"needs the option {', '.join(map(repr, absent))}" if absent
                else "cannot take these options")
        raise PluginError(
            f"{kind} backend {shown(name)} {what}; its options: {', '.join(takes) or 'none'}"
        ) from None
