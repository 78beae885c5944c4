"""Reading and behaviour settings (JSON values by key) and key-binding overrides.

Only what the reader changed is stored: a setting that was never set reads as the
caller's default, and a command without an override keeps its default keys (an
override with an empty list means the reader unbound it).
"""

from __future__ import annotations

import json
from typing import Any

from reader.store.base import Repository


def _dump(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"setting value is not JSON-serialisable: {value!r}") from exc


class Settings(Repository):
    """Key/value settings and key-binding overrides, saved the moment they change."""

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value of ``key``, or ``default`` if unset (or unreadable)."""
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default  # a damaged value reads as unset, as documented

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (anything JSON can hold) under ``key``."""
        text = _dump(value)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    def delete(self, key: str) -> None:
        """Forget ``key`` (it reads as the default again)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    def all(self) -> dict[str, Any]:
        """Every stored setting (unreadable values skipped)."""
        out: dict[str, Any] = {}
        for key, text in self._all("SELECT key, value FROM settings ORDER BY key"):
            try:
                out[key] = json.loads(text)
            except ValueError:
                continue  # a damaged value is skipped (it reads as unset)
        return out

    def key_overrides(self) -> dict[str, list[str]]:
        """Command name → the reader's keys for it (``[]`` = unbound); defaults not listed."""
        out: dict[str, list[str]] = {}
        for command, text in self._all("SELECT command, keys FROM key_bindings ORDER BY command"):
            try:
                keys = json.loads(text)
            except ValueError:
                continue  # a damaged override is ignored: the command keeps its default keys
            if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
                out[command] = keys
        return out

    def set_key_override(self, command: str, keys: list[str] | None) -> None:
        """Bind ``command`` to ``keys`` (``[]`` unbinds it); None goes back to the default."""
        with self._tx() as conn:
            if keys is None:
                conn.execute("DELETE FROM key_bindings WHERE command = ?", (command,))
            else:
                conn.execute(
                    "INSERT INTO key_bindings(command, keys) VALUES (?, ?) "
                    "ON CONFLICT(command) DO UPDATE SET keys = excluded.keys",
                    (command, _dump([str(k) for k in keys])),
                )

    def reset_all_keys(self) -> None:
        """Drop every key-binding override (all commands back to their defaults)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM key_bindings")
