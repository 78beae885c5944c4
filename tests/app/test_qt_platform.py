"""Missing system libraries for Qt's xcb plugin are named, with the commands that install them.

The missing libraries are simulated with a copy of PySide6's real xcb plugin and its
``libQt6XcbQpa`` whose needed ``libxcb-icccm.so.4`` and ``libxcb-keysyms.so.1`` are renamed
(same length) to ``.so.9`` versions that exist nowhere: the loader and ``ldd`` then report
exactly those two as missing, as on a fresh Debian 12 (where the real ``.so.4``/``.so.1``
are the missing ones).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader import qt_platform
from reader.qt_platform import missing_libraries, packages_for, problem_text, xcb_wanted

ROOT = Path(__file__).resolve().parents[2]
RENAMED = {
    b"libxcb-icccm.so.4": b"libxcb-icccm.so.9",
    b"libxcb-keysyms.so.1": b"libxcb-keysyms.so.9",
}


@pytest.fixture(scope="module")
def broken_qt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Qt folder whose xcb plugin needs two libraries that do not exist."""
    if shutil.which("ldd") is None:
        pytest.fail("ldd is part of every glibc system and is needed here")
    real = qt_platform.qt_dir()
    assert real is not None
    fake = tmp_path_factory.mktemp("qt") / "Qt"
    (fake / "plugins" / "platforms").mkdir(parents=True)
    (fake / "lib").mkdir()
    for lib in (real / "lib").iterdir():
        if not lib.name.startswith("libQt6XcbQpa"):
            (fake / "lib" / lib.name).symlink_to(lib)
    pairs = [
        (real / "plugins" / "platforms" / "libqxcb.so", fake / "plugins" / "platforms"),
        (next((real / "lib").glob("libQt6XcbQpa.so.6")).resolve(), fake / "lib"),
    ]
    for source, folder in pairs:
        data = source.read_bytes()
        for old, new in RENAMED.items():
            assert old in data, f"{source.name} does not need {old!r}"
            data = data.replace(old, new)
        name = "libqxcb.so" if source.name == "libqxcb.so" else "libQt6XcbQpa.so.6"
        (folder / name).write_bytes(data)
    return fake


def test_ldd_names_exactly_the_missing_libraries(broken_qt: Path) -> None:
    assert missing_libraries(broken_qt) == ["libxcb-icccm.so.9", "libxcb-keysyms.so.9"]


def test_the_real_plugin_needs_nothing_here() -> None:
    qt = qt_platform.qt_dir()
    assert qt is not None
    assert missing_libraries(qt) == []
    assert qt_platform.xcb_problem(qt, {"DISPLAY": ":0"}) is None


def test_packages_are_named_for_debian_and_fedora() -> None:
    debian, fedora, unknown = packages_for(
        ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo.so.2"]
    )
    assert debian == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert fedora == ["xcb-util-cursor", "xcb-util-wm", "xcb-util-keysyms"]
    assert unknown == ["libfoo.so.2"]


def test_the_paragraph() -> None:
    text = problem_text(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert text == (
        "Quire cannot open a window: Qt's X11 platform plugin (xcb) needs these system "
        "libraries, which are missing: libxcb-icccm.so.4, libxcb-keysyms.so.1. Install them "
        "with `sudo apt install libxcb-icccm4 libxcb-keysyms1` on Debian or Ubuntu, or "
        "`sudo dnf install xcb-util-wm xcb-util-keysyms` on Fedora, then start Quire again."
    )


@pytest.mark.parametrize(
    ("env", "wanted"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:display=:1"}, True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({}, False),
    ],
)
def test_the_check_runs_only_when_qt_would_use_xcb(env: dict[str, str], wanted: bool) -> None:
    assert xcb_wanted(env) is (wanted and sys.platform.startswith("linux"))


START = """
import sys
from pathlib import Path
import reader.qt_platform as q
q.qt_dir = lambda: Path(sys.argv[1])
from reader.app import main
code = main(["--basedir", sys.argv[2], "--new-instance"])
print("PySide6.QtWidgets" in sys.modules, flush=True)
sys.exit(code)
"""


def test_quire_says_what_to_install_and_exits_1(broken_qt: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":77", XDG_SESSION_TYPE="x11", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", START, str(broken_qt), str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.strip() == "False"  # stopped before any widget
    assert done.stderr == (
        "Quire cannot open a window: Qt's X11 platform plugin (xcb) needs these system "
        "libraries, which are missing: libxcb-icccm.so.9, libxcb-keysyms.so.9. Install them "
        "with `sudo apt install libxcb-icccm4 libxcb-keysyms1` on Debian or Ubuntu, or "
        "`sudo dnf install xcb-util-wm xcb-util-keysyms` on Fedora, then start Quire again.\n"
    )


def test_the_quick_look_reads_the_elf_headers_and_the_loader_cache(
    broken_qt: Path, tmp_path: Path
) -> None:
    plugin = broken_qt / "plugins" / "platforms" / "libqxcb.so"
    needed = qt_platform.needed_libraries(plugin)
    assert needed is not None
    assert "libQt6XcbQpa.so.6" in needed and "libxcb-icccm.so.9" in needed
    assert qt_platform.needed_libraries(tmp_path / "nothing.so") is None
    (tmp_path / "text.so").write_text("not an ELF file")
    assert qt_platform.needed_libraries(tmp_path / "text.so") is None
    assert qt_platform._unresolved(["libxcb-icccm.so.9", "libc.so.6"], {}) == ["libxcb-icccm.so.9"]
    (tmp_path / "libxcb-icccm.so.9").write_text("")
    assert qt_platform._unresolved(["libxcb-icccm.so.9"], {"LD_LIBRARY_PATH": str(tmp_path)}) == []
    # Without its libraries the quick look fails, and the full check then explains.
    assert not qt_platform._system_libraries_present(broken_qt, plugin, {})
    real = qt_platform.qt_dir()
    assert real is not None
    real_plugin = real / "plugins" / "platforms" / "libqxcb.so"
    assert qt_platform._system_libraries_present(real, real_plugin, {})
