"""Tools and modules some tests need: skipped when missing on a developer's machine, but a
failure under CI (``CI=true``), where everything is installed and a skip would hide a gap."""

from __future__ import annotations

import importlib
import os
import shutil
from types import ModuleType

import pytest


def on_ci() -> bool:
    """True when running under CI (``CI=true``)."""
    return os.environ.get("CI") == "true"


def missing(what: str) -> None:
    """Skip for a missing ``what``, except on CI, where it fails the test."""
    if on_ci():
        pytest.fail(f"{what} is required on CI")
    pytest.skip(f"{what} is not installed")


def require_module(name: str) -> ModuleType:
    """The imported module ``name`` (a test tool such as ``mypy``); see :func:`missing`."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(name)
        raise  # not reached: missing() skips or fails


def require_tool(name: str) -> str:
    """The path of command ``name``; see :func:`missing`."""
    path = shutil.which(name)
    if path is None:
        missing(name)
        raise AssertionError("not reached")
    return path
