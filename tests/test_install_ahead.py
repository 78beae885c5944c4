"""install.py compiles ahead (patterns, dataclass methods, hyphenation tables) into the
copy of Quire it installed, never into the checkout it is run from (issue 12)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quire_install_script", ROOT / "install.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_builder_runs_outside_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install = _installer()
    calls: list[tuple[list[object], dict[str, object]]] = []
    monkeypatch.setattr(install, "run", lambda argv, **kw: calls.append((argv, kw)) or 0)
    python = tmp_path / "venv" / "bin" / "python"
    install.compile_patterns(python)
    modules = [argv[2] for argv, _kw in calls]
    assert modules == [
        "reader.text.rx_build",
        "reader.method_code",
        "reader.layout.hyphenate_build",
    ]
    for argv, kw in calls:
        assert argv[:2] == [python, "-m"]
        assert kw["cwd"] == python.parent  # ``-m`` would put the checkout first on the path


def test_a_failing_builder_is_said_and_the_others_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    install = _installer()
    ran: list[str] = []

    def run(argv: list[object], **_kw: object) -> int:
        ran.append(str(argv[2]))
        return 1 if argv[2] == "reader.method_code" else 0

    monkeypatch.setattr(install, "run", run)
    install.compile_patterns(tmp_path / "python")
    assert len(ran) == 3
    assert "dataclass methods" in capsys.readouterr().out


def test_the_builders_write_beside_the_copy_they_import(tmp_path: Path) -> None:
    """Run from another folder, each builder writes into the package on the path."""
    copy = tmp_path / "site"
    shutil.copytree(ROOT / "reader", copy / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for module in ("reader.method_code", "reader.layout.hyphenate_build"):
        subprocess.run(
            [sys.executable, "-m", module], cwd=tmp_path, env=env, check=True, capture_output=True
        )
    assert list((copy / "reader" / "__pycache__").glob("dataclass-methods.*.marshal"))
    assert list((copy / "reader" / "layout" / "__pycache__").glob("hyph_en_US-*.marshal"))
