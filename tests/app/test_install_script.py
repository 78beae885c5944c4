"""install.py, the README's set-up script: where it puts things and what it never overwrites.

The real install (a virtual environment, PySide6 from PyPI) is checked by hand on fresh
machines (see the README); here only the parts that need no network.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def install() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quire_install", ROOT / "install.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_user_install_goes_under_the_xdg_data_folder(
    install: ModuleType, isolated_home: Path
) -> None:
    share = isolated_home / "home" / ".local" / "share"
    assert install.user_venv() == share / "Quire" / "venv"
    assert install.bin_dir() == isolated_home / "home" / ".local" / "bin"


def test_the_quire_link_never_replaces_a_real_file(install: ModuleType, tmp_path: Path) -> None:
    target = tmp_path / "venv" / "bin" / "quire"
    link = tmp_path / "bin" / "quire"
    assert install.link_command(target, link) is True
    assert link.is_symlink() and link.readlink() == target
    other = tmp_path / "elsewhere"
    assert install.link_command(other, link) is True  # our old link: replaced
    assert link.readlink() == other
    link.unlink()
    link.write_text("#!/bin/sh\necho someone else's quire\n")
    assert install.link_command(target, link) is False
    assert not link.is_symlink() and "someone else" in link.read_text()


def test_help_names_both_readme_commands() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "install.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "--test" in done.stdout and "--uninstall" in done.stdout


def test_the_readme_shows_exactly_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0].strip() for b in setup.split("```sh\n")[1:]]
    assert blocks == ["python3 install.py", "python3 install.py --test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == "python3 install.py --test"


def test_pyside_loads_its_signature_support_compiled_after_an_install(
    install: ModuleType,
) -> None:
    """The install unpacks shiboken6's embedded signature files and compiles them, and a
    fresh interpreter then imports them from there (not compiled again from the library)."""
    python = Path(sys.executable)
    install.compile_pyside_support(python)
    import shiboken6

    files = Path(shiboken6.__file__).resolve().parent / "files.dir"
    loader = files / "shibokensupport" / "signature" / "loader.py"
    assert loader.is_file()
    assert list((loader.parent / "__pycache__").glob("loader.*.pyc"))
    probe = (
        "import sys, PySide6.QtCore; "
        "print(sys.modules['shibokensupport.signature.loader'].__file__)"
    )
    done = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert Path(done.stdout.strip()).resolve() == loader.resolve()


def test_what_is_compiled_ahead_is_compiled_outside_the_checkout(
    install: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """install.py compiles ahead (patterns, dataclass methods, start-up patterns,
    hyphenation tables) into the copy of Quire it installed: ``python -m`` run from the
    checkout would compile the checkout's copy instead (issue 12)."""
    calls: list[tuple[list[object], dict[str, object]]] = []
    monkeypatch.setattr(install, "run", lambda argv, **kw: calls.append((argv, kw)) or 0)
    python = tmp_path / "venv" / "bin" / "python"
    install.compile_patterns(python)
    modules = [argv[2] for argv, _kw in calls]
    assert modules == [
        "reader.text.rx_build",
        "reader.method_code",
        "reader.pattern_code",
        "reader.layout.hyphenate_build",
    ]
    for argv, kw in calls:
        assert argv[:2] == [python, "-m"]
        assert kw["cwd"] == python.parent  # ``-m`` would put the checkout first on the path


def test_a_failing_builder_is_said_and_the_others_still_run(
    install: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ran: list[str] = []

    def run(argv: list[object], **_kw: object) -> int:
        ran.append(str(argv[2]))
        return 1 if argv[2] == "reader.method_code" else 0

    monkeypatch.setattr(install, "run", run)
    install.compile_patterns(tmp_path / "python")
    assert len(ran) == 4
    assert "dataclass methods" in capsys.readouterr().out


def test_the_builders_write_beside_the_copy_they_import(tmp_path: Path) -> None:
    """Run from another folder, each builder writes into the package on the path."""
    copy = tmp_path / "site"
    shutil.copytree(ROOT / "reader", copy / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for module in ("reader.method_code", "reader.pattern_code", "reader.layout.hyphenate_build"):
        subprocess.run(
            [sys.executable, "-m", module], cwd=tmp_path, env=env, check=True, capture_output=True
        )
    assert list((copy / "reader" / "__pycache__").glob("dataclass-methods.*.marshal"))
    assert list((copy / "reader" / "__pycache__").glob("start-patterns.*.marshal"))
    assert list((copy / "reader" / "layout" / "__pycache__").glob("hyph_en_US-*.marshal"))
