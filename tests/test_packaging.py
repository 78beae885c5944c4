"""Packaging files: icons, the .desktop entry, AppStream metainfo, the PyInstaller spec."""

from __future__ import annotations

import ast
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reader import APP_ID, __version__
from reader.desktop.install import (
    DESKTOP_FILE,
    ICON_SIZES,
    METAINFO_FILE,
    desktop_entry,
    icon_file,
    metainfo_xml,
)

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
SPEC = ROOT / "packaging" / "pyinstaller" / "quire.spec"


def require_tool(name: str) -> str:
    """The tool's path; skip when it is missing, except on CI where it must be there."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required on CI")
        pytest.skip(f"{name} is not installed")
    return path


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_has_its_size(size: int) -> None:
    assert png_size(icon_file(size)) == (size, size)


def test_icon_sizes_cover_16_to_512() -> None:
    assert min(ICON_SIZES) == 16 and max(ICON_SIZES) == 512
    assert not set(ICON_SIZES) - {16, 24, 32, 48, 64, 128, 256, 512}


def test_svg_icon_is_square_svg() -> None:
    root = ET.parse(icon_file()).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height


def test_packaging_files_match_the_generator() -> None:
    # reader/desktop/install.py is the source: `python -m reader.desktop.install packaging/linux`.
    assert (LINUX / DESKTOP_FILE).read_text(encoding="utf-8") == desktop_entry()
    assert (LINUX / METAINFO_FILE).read_text(encoding="utf-8") == metainfo_xml()


def test_desktop_entry_keys() -> None:
    lines = (LINUX / DESKTOP_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Quire"
    assert entry["Exec"] == "quire -- %F"
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == "text/plain;"
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    assert {"ebook", "reader", "txt"} <= set(entry["Keywords"].split(";"))


def test_metainfo_content() -> None:
    root = ET.parse(LINUX / METAINFO_FILE).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("launchable") == DESKTOP_FILE
    assert [m.text for m in root.iter("mediatype")] == ["text/plain"]
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert root.find("screenshots/screenshot/image").text.startswith("https://")
    assert root.find("releases/release").get("version") == __version__
    assert root.find("description/p") is not None


def test_desktop_file_validates() -> None:
    tool = require_tool("desktop-file-validate")
    done = subprocess.run([tool, str(LINUX / DESKTOP_FILE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()


def test_metainfo_validates() -> None:
    tool = require_tool("appstreamcli")
    done = subprocess.run(
        [tool, "validate", "--no-net", str(LINUX / METAINFO_FILE)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_metainfo_and_desktop_entry_validate_together(tmp_path: Path) -> None:
    # appstreamcli checks the launchable against the installed .desktop in a tree.
    tool = require_tool("appstreamcli")
    (tmp_path / "usr/share/applications").mkdir(parents=True)
    (tmp_path / "usr/share/metainfo").mkdir(parents=True)
    shutil.copy(LINUX / DESKTOP_FILE, tmp_path / "usr/share/applications")
    shutil.copy(LINUX / METAINFO_FILE, tmp_path / "usr/share/metainfo")
    icons = tmp_path / "usr/share/icons/hicolor"
    for size in ICON_SIZES:
        (icons / f"{size}x{size}/apps").mkdir(parents=True)
        shutil.copy(icon_file(size), icons / f"{size}x{size}/apps/{APP_ID}.png")
    done = subprocess.run(
        [tool, "validate-tree", "--no-net", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_spec_is_python_and_carries_document_types() -> None:
    text = SPEC.read_text(encoding="utf-8")
    ast.parse(text)
    for needle in (
        "CFBundleDocumentTypes",
        '"public.plain-text"',
        '"LSHandlerRank": "Alternate"',
        '"CFBundleTypeRole": "Viewer"',
        "bundle_identifier=APP_ID",
        "exclude_binaries=True",  # one-folder
        "COLLECT(",
        "reader/resources",
        "_windows_version_info()",
    ):
        assert needle in text, needle


def test_windows_association_fragment() -> None:
    text = (ROOT / "packaging" / "windows" / "file-association.iss").read_text(encoding="utf-8")
    assert r"Software\Classes\.txt\OpenWithProgids" in text
    assert r"SupportedTypes" in text
    assert '-- ""%1""' in text  # files only ever after "--"
    assert "ChangesAssociations=yes" in text


def test_build_script_is_valid_bash() -> None:
    script = ROOT / "packaging" / "pyinstaller" / "build.sh"
    assert os.access(script, os.X_OK)
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = script.read_text(encoding="utf-8")
    assert "xvfb-run" in text and "first_page_painted" in text


def test_linux_install_script(tmp_path: Path) -> None:
    script = LINUX / "install.sh"
    assert os.access(script, os.X_OK)
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    desktop = tmp_path / "applications" / DESKTOP_FILE
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert desktop.is_file()
    done = subprocess.run(
        ["bash", str(script), "--uninstall"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert not desktop.exists()
