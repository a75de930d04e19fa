"""The plugin registries (DESIGN: Plugins)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from importlib.metadata import EntryPoint

import pytest

from blikopwerk import InvalidValueError, LogNotifier, MemoryStorage, PluginError, SQLiteStorage
from blikopwerk.plugins import Registry, geocoders, notifiers, open_storage, scheme_of, storage_backends


def test_builtin_backends_come_from_entry_points() -> None:
    infos = {(i.group, i.name): i for r in (storage_backends, geocoders, notifiers) for i in r.info()}
    for key in [("blikopwerk.storage", "memory"), ("blikopwerk.storage", "sqlite"),
                ("blikopwerk.geocoders", "offline"), ("blikopwerk.notifiers", "eml"),
                ("blikopwerk.notifiers", "log")]:
        assert infos[key].distribution == "blikopwerk"
        assert infos[key].error is None


def test_select_storage_by_url_scheme(tmp_path: object) -> None:
    assert isinstance(open_storage("memory://"), MemoryStorage)
    s = open_storage(f"sqlite:///{tmp_path}/x.sqlite3")
    assert isinstance(s, SQLiteStorage)
    s.close()
    assert scheme_of("postgresql+psycopg://u@h/db") == "postgresql"
    with pytest.raises(InvalidValueError, match="storage_url"):
        open_storage("not a url")


def test_unknown_backend_names_what_is_installed_and_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from blikopwerk import _registry

    monkeypatch.setitem(_registry.KNOWN_PLUGINS, ("blikopwerk.test-group", "pigeon"), "blikopwerk-pigeon")
    reg: Registry[object] = Registry("blikopwerk.test-group", "test", ("deliver",))
    reg.register("log", LogNotifier)
    with pytest.raises(PluginError, match=r"unknown test backend 'pigeon'; installed: log; .*pip install blikopwerk-pigeon"):
        reg.load("pigeon")
    with pytest.raises(PluginError, match="installed: .*memory"):
        open_storage("mongodb://x")


@pytest.fixture
def registry() -> Iterator[Registry[object]]:
    yield Registry("blikopwerk.test-group", "test", ("deliver",))


def test_in_process_registration_and_replace(registry: Registry[object]) -> None:
    registry.register("rec", LogNotifier)
    assert registry.load("rec") is LogNotifier
    with pytest.raises(PluginError, match="already registered"):
        registry.register("rec", LogNotifier)
    registry.register("rec", LogNotifier, replace=True)
    registry.unregister("rec")
    assert "rec" not in registry.names()


def test_protocol_is_checked_at_registration(registry: Registry[object]) -> None:
    with pytest.raises(PluginError, match="missing deliver"):
        registry.register("bad", object)


def _fake_entry_points(monkeypatch: pytest.MonkeyPatch, eps: list[EntryPoint]) -> None:
    import importlib.metadata as md

    real = md.entry_points

    def fake(**kw: str) -> object:
        if kw.get("group") == "blikopwerk.test-group":
            return eps
        return real(**kw)

    monkeypatch.setattr(md, "entry_points", fake)


def test_name_claimed_twice_is_an_error(monkeypatch: pytest.MonkeyPatch, registry: Registry[object]) -> None:
    _fake_entry_points(monkeypatch, [
        EntryPoint("dup", "blikopwerk._backends.notifiers:LogNotifier", "blikopwerk.test-group"),
        EntryPoint("dup", "blikopwerk._backends.notifiers:EmlFolderNotifier", "blikopwerk.test-group"),
    ])
    with pytest.raises(PluginError, match="claimed by several"):
        registry.load("dup")


def test_broken_plugin_raises_by_name_and_warns_when_listing(
    monkeypatch: pytest.MonkeyPatch, registry: Registry[object]
) -> None:
    _fake_entry_points(monkeypatch, [
        EntryPoint("broken", "blikopwerk_no_such_module:Thing", "blikopwerk.test-group"),
        EntryPoint("good", "blikopwerk._backends.notifiers:LogNotifier", "blikopwerk.test-group"),
    ])
    with pytest.raises(PluginError, match="failed to import.*pip install"):
        registry.load("broken")
    with pytest.warns(RuntimeWarning, match="broken"):
        infos = registry.info()
    assert {i.name: i.error is None for i in infos} == {"broken": False, "good": True}


def test_string_target_registration(registry: Registry[object]) -> None:
    mod = types.ModuleType("blikopwerk_fake_plugin")
    mod.Thing = LogNotifier  # type: ignore[attr-defined]
    sys.modules["blikopwerk_fake_plugin"] = mod
    try:
        registry.register("fake", "blikopwerk_fake_plugin:Thing")
        assert registry.load("fake") is LogNotifier
    finally:
        del sys.modules["blikopwerk_fake_plugin"]


# ------------------------------------------------------------------ contracts (issue 12.6)

from blikopwerk import Geocoder, Message, Notifier, Storage  # noqa: E402
from blikopwerk.plugins import contract_problems, get_geocoder, get_notifier  # noqa: E402


class _Outboxless:
    """A storage class without an outbox."""

    url = "nothing://"
    capabilities: frozenset[str] = frozenset()

    @classmethod
    def from_url(cls, url: str) -> _Outboxless:
        return cls()

    def close(self) -> None:
        pass


def test_a_storage_class_without_an_outbox_is_refused() -> None:
    reg: Registry[Storage] = Registry("blikopwerk.test-group", "storage", protocol=Storage)
    with pytest.raises(PluginError, match=r"storage backend 'nobox' \(.*_Outboxless\) does not implement "
                                          r"the protocol: missing outbox"):
        reg.register("nobox", _Outboxless)
    with pytest.raises(PluginError, match="missing outbox"):
        storage_backends.register("nobox", _Outboxless)
    assert "nobox" not in storage_backends.names()


def test_a_storage_class_without_from_url_is_refused() -> None:
    class NoFactory(MemoryStorage):
        from_url = None  # type: ignore[assignment]

    with pytest.raises(PluginError, match="from_url is not a method"):
        storage_backends.register("nofactory", NoFactory)


class _Base:
    name = "test"


class _NoArgs(_Base):
    def deliver(self) -> None: ...


class _Renamed(_Base):
    def deliver(self, msg: Message) -> None: ...


class _ExtraRequired(_Base):
    def deliver(self, message: Message, urgent: bool) -> None: ...


class _NotAMethod(_Base):
    deliver = "yes"


class _Property(_Base):
    @property
    def deliver(self) -> None: ...


class _ExtraWithDefault(_Base):
    def deliver(self, message: Message, retries: int = 3) -> None: ...


class _Star(_Base):
    def deliver(self, *args: object, **kwargs: object) -> None: ...


class _Static(_Base):
    @staticmethod
    def deliver(message: Message) -> None: ...


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        (_NoArgs, r"deliver\(\) does not match the protocol's deliver\(message\): takes no parameter 'message'"),
        (_Renamed, r"deliver\(msg\) does not match .*: parameter 1 is 'msg', the protocol passes 'message'"),
        (_ExtraRequired, r"requires parameter 'urgent', which the protocol does not pass"),
        (_NotAMethod, r"deliver is not a method"),
        (_Property, r"deliver is not a method"),
    ],
)
def test_a_notifier_whose_deliver_has_the_wrong_signature_is_refused(target: type, problem: str) -> None:
    with pytest.raises(PluginError, match=problem):
        notifiers.register("wrong", target)
    assert "wrong" not in notifiers.names()


@pytest.mark.parametrize("target", [_ExtraWithDefault, _Star, _Static, LogNotifier])
def test_compatible_signatures_register(target: type) -> None:
    try:
        notifiers.register("fine", target)
        assert notifiers.load("fine") is target
    finally:
        notifiers.unregister("fine")


def test_contract_problems_lists_every_missing_member_and_mismatch() -> None:
    class Nothing:
        pass

    assert contract_problems(Notifier, Nothing) == ["missing deliver, name"]
    assert contract_problems(Geocoder, Nothing) == ["missing lookup, name"]
    assert contract_problems(Storage, Nothing) == ["missing capabilities, close, outbox, url"]
    assert contract_problems(Storage, MemoryStorage) == []
    assert contract_problems(Storage, open_storage("memory://")) == []


def test_keyword_only_and_positional_only_parameters() -> None:
    from typing import Protocol

    class Spec(Protocol):
        def run(self, job: str, /, *, when: int = 0) -> None: ...

    class Good:
        def run(self, anything: str, *, when: int = 1, extra: int = 2) -> None: ...

    class NoKeyword:
        def run(self, job: str) -> None: ...

    class NoDefault:
        def run(self, job: str, *, when: int) -> None: ...

    assert contract_problems(Spec, Good) == []
    assert "takes no keyword parameter 'when'" in contract_problems(Spec, NoKeyword)[0]
    assert "parameter 'when' needs a default" in contract_problems(Spec, NoDefault)[0]


def test_an_entry_point_that_breaks_the_contract_is_refused_when_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reg: Registry[Notifier] = Registry("blikopwerk.test-group", "notifiers", protocol=Notifier)
    mod = types.ModuleType("blikopwerk_fake_bad_plugin")
    mod.Bad = _Renamed  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "blikopwerk_fake_bad_plugin", mod)
    _fake_entry_points(monkeypatch, [EntryPoint("bad", "blikopwerk_fake_bad_plugin:Bad", "blikopwerk.test-group")])
    with pytest.raises(PluginError, match="'msg', the protocol passes 'message'"):
        reg.load("bad")
    with pytest.warns(RuntimeWarning, match="skipping broken plugin"):
        infos = reg.info()
    assert infos[0].error is not None and "msg" in infos[0].error


def test_what_a_factory_builds_is_checked_too() -> None:
    class Hollow:
        name = "hollow"

    def make_hollow() -> Hollow:  # a factory function, not a class: checked on what it builds
        return Hollow()

    notifiers.register("hollow", make_hollow)
    try:
        with pytest.raises(PluginError, match="built a Hollow that does not implement the protocol: missing deliver"):
            get_notifier("hollow")
    finally:
        notifiers.unregister("hollow")


def test_a_storage_whose_instances_break_the_contract_is_refused_and_closed() -> None:
    closed: list[bool] = []

    class Liar:
        """Declares an outbox on the class, but its instances have none."""

        url = "liar://"
        capabilities: frozenset[str] = frozenset()

        def __getattr__(self, name: str) -> object:
            raise AttributeError(name)

        @classmethod
        def from_url(cls, url: str) -> Liar:
            return cls()

        def close(self) -> None:
            closed.append(True)

    storage_backends.register("liar", Liar)
    try:
        with pytest.raises(PluginError, match="built a Liar that does not implement the protocol: missing outbox"):
            open_storage("liar://x")
        assert closed == [True]
    finally:
        storage_backends.unregister("liar")


def test_a_typo_in_a_plugin_option_is_the_library_error() -> None:
    with pytest.raises(PluginError, match=r"notifiers backend 'eml' takes no option 'foldr'; its options: folder"):
        get_notifier("eml", foldr="outbox")
    with pytest.raises(PluginError, match=r"geocoders backend 'offline' takes no option 'cache'"):
        get_geocoder("offline", cache=True)
    with pytest.raises(PluginError, match=r"backend 'log' takes no option 'x', 'y'; its options: level"):
        get_notifier("log", level=10, x=1, y=2)


# ------------------------------------------------------------------ built-ins without metadata (issue 12.6)

@pytest.fixture
def no_metadata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A source tree: no distribution metadata at all, so no entry points."""
    import importlib.metadata as md

    monkeypatch.setattr(md, "entry_points", lambda **kw: [])
    saved = [(r, r._discovered) for r in (storage_backends, geocoders, notifiers)]
    for r, _ in saved:
        r._discovered = None
    yield
    for r, discovered in saved:
        r._discovered = discovered


@pytest.mark.usefixtures("no_metadata")
def test_built_in_backends_work_from_a_source_tree_without_metadata(tmp_path: object) -> None:
    storage = open_storage("memory://")
    assert isinstance(storage, MemoryStorage)
    storage.close()
    assert storage_backends.names() == ["memory", "mysql", "sqlite"]
    assert geocoders.names() == ["offline"] and notifiers.names() == ["eml", "log"]
    assert {i.distribution for r in (storage_backends, geocoders, notifiers) for i in r.info()} == {"blikopwerk"}
    assert get_notifier("log").name == "log"


def test_a_built_in_name_claimed_by_another_distribution_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    reg: Registry[Notifier] = Registry("blikopwerk.test-group", "notifiers", protocol=Notifier,
                                       builtins={"log": "blikopwerk._backends.notifiers:LogNotifier"})
    _fake_entry_points(monkeypatch, [
        EntryPoint("log", "blikopwerk._backends.notifiers:EmlFolderNotifier", "blikopwerk.test-group"),
    ])
    with pytest.raises(PluginError, match="claimed by several"):
        reg.load("log")


def test_a_built_in_with_its_own_entry_point_is_listed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reg: Registry[Notifier] = Registry("blikopwerk.test-group", "notifiers", protocol=Notifier,
                                       builtins={"log": "blikopwerk._backends.notifiers:LogNotifier"})
    _fake_entry_points(monkeypatch, [
        EntryPoint("log", "blikopwerk._backends.notifiers:LogNotifier", "blikopwerk.test-group"),
    ])
    assert reg.load("log") is LogNotifier
    assert len(reg.info()) == 1
