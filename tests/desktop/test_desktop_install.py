"""``quire --install-desktop`` / ``--uninstall-desktop`` into a temporary XDG data home."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader import APP_ID
from reader.desktop.install import (
    ICON_SIZES,
    desktop_entry,
    icon_file,
    install_desktop,
    installed_files,
    launch_command,
    quote_exec_argument,
    uninstall_desktop,
)


def require_tool(name: str) -> str:
    """The tool's path; skip when it is missing, except on CI where it must be there."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required on CI")
        pytest.skip(f"{name} is not installed")
    return path


def read_entry(path: Path) -> dict[str, str]:
    """Keys of the [Desktop Entry] group."""
    entry: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            entry[key] = value
    return entry


def parse_exec(value: str) -> list[str]:
    """Split an Exec value back into arguments, following the Desktop Entry spec."""
    # First the general string escapes, then the Exec quoting rules.
    unescaped = value.replace("\\\\", "\\")
    args: list[str] = []
    current: str | None = None
    i = 0
    quoted = False
    while i < len(unescaped):
        c = unescaped[i]
        if quoted:
            if c == "\\" and i + 1 < len(unescaped):
                current = (current or "") + unescaped[i + 1]
                i += 2
                continue
            if c == '"':
                quoted = False
            else:
                current = (current or "") + c
        elif c == '"':
            quoted = True
            current = current or ""
        elif c == " ":
            if current is not None:
                args.append(current)
            current = None
        else:
            current = (current or "") + c
        i += 1
    if current is not None:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


@pytest.fixture
def xdg(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data"


def test_install_writes_entry_icons_and_metainfo(
    xdg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install_desktop(xdg) == 0
    out = capsys.readouterr().out
    desktop = xdg / "applications" / f"{APP_ID}.desktop"
    assert str(desktop) in out
    for path in installed_files(xdg):
        assert path.is_file(), path
    for size in ICON_SIZES:
        installed = xdg / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert installed.read_bytes() == icon_file(size).read_bytes()
    svg = xdg / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == icon_file().read_bytes()
    assert (xdg / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()

    entry = read_entry(desktop)
    assert entry["MimeType"] == "text/plain;"
    assert entry["Icon"] == APP_ID
    command, workdir = launch_command()
    assert parse_exec(entry["Exec"]) == [*command, "--", "%F"]
    assert Path(command[0]).is_file()
    if workdir is not None:
        assert entry["Path"] == str(workdir)


def test_install_never_makes_quire_the_default_for_text(xdg: Path) -> None:
    assert install_desktop(xdg) == 0
    config = Path(os.environ["XDG_CONFIG_HOME"])
    assert not (config / "mimeapps.list").exists()
    assert not (xdg / "applications" / "mimeapps.list").exists()


def test_open_with_association_is_registered(xdg: Path) -> None:
    require_tool("update-desktop-database")
    assert install_desktop(xdg) == 0
    cache = (xdg / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert f"text/plain={APP_ID}.desktop;" in cache


def test_installed_entry_validates(xdg: Path) -> None:
    tool = require_tool("desktop-file-validate")
    assert install_desktop(xdg) == 0
    desktop = xdg / "applications" / f"{APP_ID}.desktop"
    done = subprocess.run([tool, str(desktop)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_default_location_follows_xdg_data_home(isolated_home: Path) -> None:
    assert install_desktop() == 0
    data = Path(os.environ["XDG_DATA_HOME"])
    assert data.is_relative_to(isolated_home)
    assert (data / "applications" / f"{APP_ID}.desktop").is_file()
    assert uninstall_desktop() == 0
    assert not (data / "applications" / f"{APP_ID}.desktop").exists()


def test_uninstall_removes_everything_installed(
    xdg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install_desktop(xdg) == 0
    other_icon = xdg / "icons" / "hicolor" / "48x48" / "apps" / "someone.else.png"
    other_icon.write_bytes(b"keep me")
    assert uninstall_desktop(xdg) == 0
    for path in installed_files(xdg):
        assert not path.exists(), path
    assert other_icon.read_bytes() == b"keep me"
    assert not (xdg / "icons" / "hicolor" / "16x16").exists()  # emptied folders are tidied
    capsys.readouterr()
    assert uninstall_desktop(xdg) == 0
    assert "Nothing to remove" in capsys.readouterr().out


def test_unwritable_target_fails_with_a_message(
    xdg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.mkdir(parents=True)
    (xdg / "applications").write_text("a file where a folder should be")
    assert install_desktop(xdg) == 1
    err = capsys.readouterr().err
    assert "Could not install" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["/usr/bin/quire"],
        ["/opt/my apps/quire"],
        ['/weird/"quo\'te"/$HOME/`x`/back\\slash/100%/quire'],
        [sys.executable, "-m", "reader"],
    ],
)
def test_exec_quoting_round_trips(argv: list[str]) -> None:
    line = next(x for x in desktop_entry(argv).splitlines() if x.startswith("Exec="))
    assert parse_exec(line[len("Exec=") :]) == [*argv, "--", "%F"]


def test_plain_arguments_are_not_quoted() -> None:
    assert quote_exec_argument("/usr/bin/quire") == "/usr/bin/quire"
    assert quote_exec_argument("a b") == '"a b"'


def test_weird_exec_path_still_validates(tmp_path: Path) -> None:
    tool = require_tool("desktop-file-validate")
    path = tmp_path / f"{APP_ID}.desktop"
    path.write_text(desktop_entry(["/opt/my apps/$q%uire"], tmp_path / "a b"), encoding="utf-8")
    done = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_quire_install_desktop_command(xdg: Path) -> None:
    """``quire --install-desktop`` / ``--uninstall-desktop`` through the real entry point."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, XDG_DATA_HOME=str(xdg), PYTHONPATH=str(root))
    desktop = xdg / "applications" / f"{APP_ID}.desktop"
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--install-desktop"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert desktop.is_file()
    assert "Open with" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--uninstall-desktop"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert not desktop.exists()
