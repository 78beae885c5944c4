"""Shared test set-up: offscreen Qt, an isolated per-user folder, the corpus."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis profiles: "ci" (the default) runs 500 examples of every property that does not
# set its own number (the layout properties); "deep" runs 5,000, on demand:
# QUIRE_HYPOTHESIS_PROFILE=deep python3 -m pytest tests/layout/test_layout_properties.py
settings.register_profile("ci", max_examples=500, deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=5000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("QUIRE_HYPOTHESIS_PROFILE", "ci"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QUIRE_TIMINGS", None)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path(os.environ.get("QUIRE_CORPUS", "/nonexistent-corpus"))


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every per-user path at a fresh temporary folder (never the real home)."""
    base = tmp_path_factory.mktemp("quire-home")
    monkeypatch.setenv("QUIRE_HOME", str(base))
    monkeypatch.setenv("HOME", str(base / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "home" / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "home" / ".cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(base / "run"))
    (base / "home").mkdir()
    (base / "run").mkdir(mode=0o700)
    return base


@pytest.fixture(autouse=True)
def gc_unfrozen() -> Iterator[None]:
    """Give back to the collector what a test froze (reader/gc_policy.py freezes the
    library's rows), so one test's dead objects never outlive it uncollectable."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder. Tests using it are skipped when it is absent, except under
    CI (``CI=true``), where a missing corpus fails them: a green run must have read it."""
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the corpus is required on CI and is not at {CORPUS}")
        pytest.skip("../shared/corpus is not present")
    return CORPUS
