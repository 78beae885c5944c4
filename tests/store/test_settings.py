"""Settings as JSON values by key, and key-binding overrides that store only changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store.db import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "library.db")
    yield s
    s.close()


def test_unset_setting_reads_as_default(store: Store) -> None:
    assert store.settings.get("style.font_size") is None
    assert store.settings.get("style.font_size", 12) == 12


@pytest.mark.parametrize(
    "value",
    [14, 1.25, True, False, "sepia", "Шрифт 字体", [1, 2, 3], {"a": [1, {"b": None}]}, None],
)
def test_values_round_trip(store: Store, value: object) -> None:
    store.settings.set("k", value)
    assert store.settings.get("k", "default") == value


def test_set_overwrites_and_delete_forgets(store: Store) -> None:
    store.settings.set("style.theme", "dark")
    store.settings.set("style.theme", "light")
    assert store.settings.get("style.theme") == "light"
    assert store.settings.all() == {"style.theme": "light"}
    store.settings.delete("style.theme")
    assert store.settings.get("style.theme", "system") == "system"
    store.settings.delete("never.set")  # no error
    assert store.settings.all() == {}


def test_unserialisable_value_is_refused_and_nothing_stored(store: Store) -> None:
    with pytest.raises(ValueError):
        store.settings.set("bad", {1, 2})
    with pytest.raises(ValueError):
        store.settings.set("nan", float("nan"))
    assert store.settings.get("bad", "none") == "none"


def test_damaged_value_reads_as_default(store: Store) -> None:
    store.conn.execute("INSERT INTO settings(key, value) VALUES ('x', '{not json')")
    assert store.settings.get("x", 5) == 5
    assert "x" not in store.settings.all()


def test_key_overrides_store_only_changes(store: Store) -> None:
    assert store.settings.key_overrides() == {}
    store.settings.set_key_override("page.next", ["Space", "L"])
    store.settings.set_key_override("search.find", [])  # unbound: kept, distinct from default
    store.settings.set_key_override("page.prev", ["Shift+Space"])
    assert store.settings.key_overrides() == {
        "page.next": ["Space", "L"],
        "page.prev": ["Shift+Space"],
        "search.find": [],
    }
    store.settings.set_key_override("page.next", ["Right"])
    store.settings.set_key_override("page.prev", None)  # back to its default
    store.settings.set_key_override("not.overridden", None)  # no error
    assert store.settings.key_overrides() == {"page.next": ["Right"], "search.find": []}
    store.settings.reset_all_keys()
    assert store.settings.key_overrides() == {}


def test_settings_and_keys_survive_a_reopen(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    with open_store(db) as s:
        s.settings.set("behaviour.reopen_last", False)
        s.settings.set_key_override("palette.open", ["Ctrl+K", ":"])
    with open_store(db) as s:
        assert s.settings.get("behaviour.reopen_last", True) is False
        assert s.settings.key_overrides() == {"palette.open": ["Ctrl+K", ":"]}
