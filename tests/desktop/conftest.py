"""Fixtures of the single-instance tests: a data folder and a running server on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.desktop.ipc_server import InstanceServer
from reader.paths import Paths


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """A fresh data folder (its socket address follows from it)."""
    base = tmp_path / "base"
    base.mkdir()
    return Paths(base)


@pytest.fixture
def server(qtbot: QtBot, paths: Paths) -> Iterator[InstanceServer]:
    """A listening server on ``paths``, closed after the test."""
    srv = InstanceServer(paths)
    assert srv.start()
    yield srv
    srv.close()
