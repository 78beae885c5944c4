"""The default data folder is platformdirs' (worked out without importing it on Linux)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from reader import APP_NAME
from reader.paths import default_base


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "   ", "/somewhere/data"])
def test_default_folder_is_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    monkeypatch.delenv("QUIRE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    expected = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert default_base() == expected
    assert str(expected).startswith(xdg.strip() if xdg and xdg.strip() else str(tmp_path))


def test_quire_home_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUIRE_HOME", str(tmp_path / "q"))
    assert default_base() == tmp_path / "q"
