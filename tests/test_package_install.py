"""An installed (non-editable) Quire carries its resources: the top-level ``resources/`` folder
ships as ``reader.resources`` and the installed package finds its icon and sample book.

The install is offline and quick: ``pip install --no-deps --no-build-isolation --target``
from a copy of the sources, so it needs a setuptools that builds wheels by itself and reads
the SPDX licence string (77+, in the test extra); without it the test is skipped on a
developer's machine and fails under CI.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from required import missing

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["tool"]["setuptools"]


def test_every_package_is_listed_and_resources_are_mapped() -> None:
    config = _config()
    in_tree = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reader").rglob("__init__.py")
    }
    assert "reader.ui.window" in in_tree
    assert set(config["packages"]) == in_tree | {"reader.resources"}
    assert config["package-dir"] == {"reader.resources": "resources"}
    assert (ROOT / "resources" / "icons" / "quire.svg").is_file()
    assert (ROOT / "resources" / "sample" / "a_christmas_carol.txt").is_file()
    # The PyInstaller bundle copies the same folder to where reader.assets looks.
    spec = (ROOT / "packaging" / "pyinstaller" / "quire.spec").read_text(encoding="utf-8")
    assert 'datas = [(str(ROOT / "resources"), "reader/resources")]' in spec


def _can_build_wheels() -> bool:
    return bool(
        importlib.util.find_spec("wheel")
        or importlib.util.find_spec("setuptools.command.bdist_wheel")
    )


CHECK = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import reader
from reader.assets import icon_path, resources_dir, sample_book
from reader.ui.library.importer import SAMPLE_FILE
from reader.app import make_application
app = make_application()
print(json.dumps({
    "package": reader.__file__,
    "resources": str(resources_dir()),
    "icon": icon_path().is_file(),
    "sample": sample_book().is_file() and SAMPLE_FILE == sample_book(),
    "window_icon": not app.windowIcon().isNull(),
}))
"""


def test_installed_quire_finds_its_icon_and_sample(tmp_path: Path) -> None:
    if not _can_build_wheels():
        missing("setuptools>=77")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "resources", src / "resources")
    # reader/resources (a link to ../resources in a checkout) is left out: the mapping
    # in pyproject.toml must ship the folder by itself.
    shutil.copytree(
        ROOT / "reader",
        src / "reader",
        ignore=lambda folder, names: [
            n
            for n in names
            if n == "__pycache__" or (n == "resources" and folder.endswith("reader"))
        ],
    )
    site = tmp_path / "site"
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation"),
            *("--no-index", "--target", str(site), str(src)),
        ],
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard
        env=env,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (site / "reader" / "resources").is_symlink()
    assert (site / "reader" / "resources" / "icons" / "quire-256.png").is_file()

    path = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    ran = subprocess.run(
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(env, PYTHONPATH=path),
        cwd=tmp_path,  # not the source tree
    )
    assert ran.returncode == 0, ran.stderr
    found = json.loads(ran.stdout.strip().splitlines()[-1])
    assert Path(found["package"]).is_relative_to(site)
    assert Path(found["resources"]) == (site / "reader" / "resources").resolve()
    assert found["icon"] and found["sample"] and found["window_icon"], found
