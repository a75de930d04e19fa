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
