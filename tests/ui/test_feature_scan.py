"""PySide6 no longer reads the source of each module as it is imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_modules_imported_after_pyside_are_not_read(tmp_path: Path) -> None:
    """A fresh interpreter: after the hook, importing the page's modules and a standard
    module leaves no new source in ``linecache`` and marks them "no feature" (0)."""
    script = textwrap.dedent(
        """
        import linecache, sys
        import PySide6.QtWidgets
        from reader.ui.common.feature_scan import skip_source_scans
        assert skip_source_scans()
        assert skip_source_scans()  # a second call changes nothing
        before = set(linecache.cache)  # this module itself was read: imported before
        import reader.ui.reading.view
        import colorsys  # a standard module, first imported here
        import reader.ui.reading.status
        feature = sys.modules["PySide6.support.feature"]
        print(
            feature.pyside_feature_dict.get("reader.layout.typeset"),
            feature.pyside_feature_dict.get("colorsys"),
            len(set(linecache.cache) - before),
        )
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "0", "0"]
