"""``mypy reader`` is clean (settings in pyproject.toml).

mypy is a test dependency: without it the test is skipped on a developer's
machine, but fails under CI (``CI=true``).

``STILL_BEING_FIXED`` is a ratchet for the files whose errors are fixed on
other branches: the test fails for an error in any other file, and also fails
when a listed file has become clean (take it off the list then). Once the list
is empty this is exactly "mypy reader succeeds".
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from required import require_module

ROOT = Path(__file__).resolve().parents[1]

STILL_BEING_FIXED: dict[str, str] = {
    "reader/text/anchor.py": "text's own types (another branch)",
    "reader/text/headings.py": "text's own types (another branch)",
    "reader/text/legacy.py": "text's own types (another branch)",
    # These two are reported in the ui but caused by protocols in text and layout: the
    # anchor protocols' __dataclass_fields__ must be a ClassVar (reader/text/anchor.py),
    # and BlockMetrics' list members must be read-only (reader/layout/paginate.py).
    "reader/ui/session/reanchor.py": "text's anchor protocols (another branch)",
}

_ERROR = re.compile(r"^(reader/[^:]+\.py):\d+: error: ", re.MULTILINE)


def test_mypy_reader_is_clean(tmp_path: Path) -> None:
    require_module("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "reader"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard: a cold run takes some 15 s
    )
    output = result.stdout + result.stderr
    assert "error: " in output or result.returncode == 0, output  # ran, and said why not
    with_errors = set(_ERROR.findall(output))
    unexpected = sorted(with_errors - STILL_BEING_FIXED.keys())
    assert not unexpected, f"mypy errors in {unexpected}:\n{output}"
    now_clean = sorted(STILL_BEING_FIXED.keys() - with_errors)
    assert not now_clean, f"clean now, take them off STILL_BEING_FIXED: {now_clean}"
    if not STILL_BEING_FIXED:
        assert result.returncode == 0, output
