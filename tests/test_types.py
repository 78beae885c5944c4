"""``mypy reader`` is clean (settings in pyproject.toml).

mypy is a test dependency: without it the test is skipped on a developer's
machine, but fails under CI (``CI=true``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from required import require_module

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_reader_is_clean(tmp_path: Path) -> None:
    require_module("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "reader"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard: a cold run takes some 15-40 s
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
