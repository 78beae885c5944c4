#!/usr/bin/env python3
"""Install Quire for the current user and start it, or set up a development copy and test it.

    python3 install.py            install Quire for you and start it
    python3 install.py --test     install the test dependencies here and run the whole suite

Works with the system's own ``python3`` (3.11 or newer) even where it refuses
``pip install`` (PEP 668, "externally-managed-environment"): Quire always goes
into a virtual environment of its own, never into the system's Python.

Installing for the user (no root needed):

- a virtual environment in ``~/.local/share/Quire/venv`` (``$XDG_DATA_HOME``
  is honoured) with Quire and its dependencies (PySide6 comes from PyPI);
- the ``quire`` command linked into ``~/.local/bin``;
- Quire in the applications menu and in "Open with" for text files
  (``quire --install-desktop``);
- then Quire starts. Run it again after ``git pull`` to update.
  ``python3 install.py --uninstall`` removes all of it again (your library stays).

``--test`` makes ``.venv`` in this folder (this checkout installed in editable
mode, plus pytest and the other test tools) and runs ``python -m pytest`` there;
further arguments go to pytest.

Where ``python3 -m venv`` cannot install pip — a fresh Debian or Ubuntu without
the ``python3-venv`` package — the environment is made without pip and pip is
bootstrapped from its wheel on PyPI (checked against PyPI's SHA-256).

Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_PYTHON = (3, 11)
PIP_JSON = "https://pypi.org/pypi/pip/json"
PIP_QUIET = ("--quiet", "--disable-pip-version-check")


def say(text: str) -> None:
    """One line of progress for the person installing."""
    print(f"==> {text}", flush=True)


def fail(text: str) -> int:
    """Print why we stop; the exit status."""
    print(f"install.py: {text}", file=sys.stderr, flush=True)
    return 1


def data_home() -> Path:
    """``$XDG_DATA_HOME`` when it is absolute, else ``~/.local/share``."""
    env = os.environ.get("XDG_DATA_HOME", "")
    return Path(env) if env and os.path.isabs(env) else Path.home() / ".local" / "share"


def user_venv() -> Path:
    """Where the user install lives."""
    return data_home() / "Quire" / "venv"


def bin_dir() -> Path:
    """Where the ``quire`` command is linked (on PATH for most desktop users)."""
    return Path.home() / ".local" / "bin"


def venv_python(venv: Path) -> Path:
    """The interpreter inside ``venv``."""
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def venv_script(venv: Path, name: str) -> Path:
    """An entry-point script inside ``venv``."""
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def run(argv: list[str | Path], **kwargs: object) -> int:
    """Run a command, showing it; its exit status."""
    return subprocess.run([str(a) for a in argv], check=False, **kwargs).returncode  # type: ignore[call-overload]


def _usable(venv: Path) -> bool:
    """True when ``venv`` has a working interpreter of this Python's version, with pip."""
    python = venv_python(venv)
    if not python.exists():
        return False
    probe = "import sys, pip; print('%d.%d' % sys.version_info[:2])"
    try:
        done = subprocess.run(
            [str(python), "-c", probe], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.strip() == "{}.{}".format(*sys.version_info[:2])


def make_venv(venv: Path) -> int:
    """Create ``venv`` with pip (reusing a working one); 0 on success."""
    if _usable(venv):
        say(f"Using the environment in {venv}")
        return 0
    import venv as venv_module

    say(f"Creating a Python environment in {venv}")
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    try:
        venv_module.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(venv)
    except (OSError, subprocess.CalledProcessError) as err:
        return fail(f"could not create {venv}: {err}")
    python = venv_python(venv)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if run([python, "-m", "ensurepip", "--upgrade", "--default-pip"], **quiet) == 0:
        return 0
    say("This Python has no ensurepip (Debian's python3-venv); getting pip from PyPI")
    return bootstrap_pip(python)


def bootstrap_pip(python: Path) -> int:
    """Install pip into the environment of ``python`` from pip's wheel on PyPI."""
    try:
        with urllib.request.urlopen(PIP_JSON, timeout=60) as answer:
            release = json.load(answer)
            base_url = answer.geturl()
        wheel = next(
            f
            for f in release["urls"]
            if f["packagetype"] == "bdist_wheel" and f["filename"].endswith("-none-any.whl")
        )
        with tempfile.TemporaryDirectory(prefix="quire-pip-") as tmp:
            target = Path(tmp) / wheel["filename"]
            url = urllib.parse.urljoin(base_url, wheel["url"])  # mirrors may give relative URLs
            with urllib.request.urlopen(url, timeout=300) as answer:
                target.write_bytes(answer.read())
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            if digest != wheel["digests"]["sha256"]:
                return fail(f"the pip wheel from PyPI does not match its checksum ({digest})")
            # pip runs from its own wheel to install itself (see pip's installation docs).
            code = run([python, target / "pip", "install", "--no-cache-dir", "--quiet", target])
    except (OSError, ValueError, KeyError, StopIteration) as err:
        return fail(
            f"could not get pip from PyPI ({err}). On Debian or Ubuntu, "
            "`sudo apt install python3-venv` gives Python what it needs; then run this again."
        )
    return code if code == 0 else fail("pip could not be installed into the environment")


def link_command(target: Path, link: Path) -> bool:
    """Point ``link`` at ``target``; never replaces a file that is not a link."""
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink():
        link.unlink()
    elif link.exists():
        say(f"{link} exists and is not a link; left as it is. Quire is {target}")
        return False
    link.symlink_to(target)
    return True


def on_path(folder: Path) -> bool:
    """True when ``folder`` is on the PATH of this shell."""
    entries = os.environ.get("PATH", "").split(os.pathsep)
    return any(entry and Path(entry).expanduser() == folder for entry in entries)


def compile_pyside_support(python: Path) -> None:
    """Have PySide6 load its signature support compiled at every start (~12 ms sooner).

    shiboken6 keeps the Python half of its signature support inside its library and
    compiles it at every import. With ``SBK_EMBED=false`` (PySide6's own switch) it
    unpacks those files once into ``shiboken6/files.dir`` and imports them from there,
    compiled ahead here. ``SBK_EMBED=true`` first removes an earlier copy, so the files
    always belong to the shiboken6 just installed. Optional: a failure costs the
    speed-up only.
    """
    quiet: dict[str, object] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    where = "import os, shiboken6; print(os.path.dirname(shiboken6.__file__))"
    try:
        run([python, "-c", "import shiboken6"], env={**os.environ, "SBK_EMBED": "true"}, **quiet)
        found = subprocess.run(
            [python, "-c", where],
            env={**os.environ, "SBK_EMBED": "false"},
            capture_output=True,
            text=True,
            check=True,
        )
        files = Path(found.stdout.strip()) / "files.dir"
        if files.is_dir():
            run([python, "-m", "compileall", "-q", files], **quiet)
    except (OSError, subprocess.CalledProcessError):
        say("Could not unpack PySide6's signature support (Quire starts a little slower)")


AHEAD = (
    ("reader.text.rx_build", "patterns"),
    ("reader.method_code", "dataclass methods"),
    ("reader.pattern_code", "start-up patterns"),
    ("reader.layout.hyphenate_build", "hyphenation tables"),
)
"""What is compiled ahead beside the byte-compiled modules: the text engine's patterns and
the dataclasses' methods (~20 ms sooner to a first page each), the patterns PySide6 and the
standard library compile as Quire starts (~10 ms), the commonest languages' hyphenation
tables (a first start reads them instead of the pattern files)."""


def compile_patterns(python: Path) -> None:
    """Compile :data:`AHEAD` (each optional, like the above: without it Quire starts a
    little slower)."""
    # Run outside this checkout: ``-m`` puts the working folder first on the path, and from
    # the checkout it would compile the checkout's copy instead of the one installed.
    quiet: dict[str, object] = {"stdout": subprocess.DEVNULL, "cwd": python.parent}
    for module, what in AHEAD:
        if run([python, "-m", module], **quiet) != 0:
            say(f"Could not compile Quire's {what} ahead (Quire starts a little slower)")


def install_for_user(start: bool) -> int:
    """Install (or update) Quire for this user, add the menu entry, start it."""
    venv = user_venv()
    code = make_venv(venv)
    if code:
        return code
    python = venv_python(venv)
    say("Installing Quire and its dependencies (PySide6 is a large download the first time)")
    if run([python, "-m", "pip", "install", *PIP_QUIET, "--upgrade", HERE]) != 0:
        return fail("pip could not install Quire (see above)")
    compile_pyside_support(python)
    compile_patterns(python)
    quire = venv_script(venv, "quire")
    command = str(quire)
    if os.name != "nt":
        link = bin_dir() / "quire"
        if link_command(quire, link):
            say(f"Linked {link} → {quire}")
            command = "quire"
            if not on_path(bin_dir()):
                say(
                    f"{bin_dir()} is not on your PATH yet: log out and in again (most "
                    f"desktops then add it), or run {link} directly"
                )
                command = str(link)
        if run([quire, "--install-desktop"], stdout=subprocess.DEVNULL) == 0:
            say('Quire is in the applications menu and in "Open with" for text files')
    say(f"Installed. Start it from the menu or with: {command}")
    if not start:
        return 0
    say("Starting Quire")
    sys.stdout.flush()
    if os.name == "nt":
        return run([quire])
    os.execv(quire, [str(quire)])
    return 0  # not reached


def uninstall_for_user() -> int:
    """Remove the menu entry, the ``quire`` link and the environment (not the library)."""
    venv = user_venv()
    quire = venv_script(venv, "quire")
    if quire.exists():
        run([quire, "--uninstall-desktop"], stdout=subprocess.DEVNULL)
    link = bin_dir() / "quire"
    if link.is_symlink() and Path(os.readlink(link)) == quire:
        link.unlink()
        say(f"Removed {link}")
    if venv.exists():
        shutil.rmtree(venv)
        say(f"Removed {venv}")
    say("Quire is uninstalled; your library and notes stay in the data folder")
    return 0


def test_here(pytest_args: list[str]) -> int:
    """Make ``.venv`` here with the test dependencies, then run the whole suite in it."""
    venv = HERE / ".venv"
    code = make_venv(venv)
    if code:
        return code
    python = venv_python(venv)
    say("Installing this checkout (editable) with its test dependencies")
    # "compat": the checkout goes on sys.path through a .pth line, where the default
    # editable mode imports a finder module (and pathlib, urllib …) at every start.
    editable = ["-e", f"{HERE}[test]", "--config-settings", "editable_mode=compat"]
    if run([python, "-m", "pip", "install", *PIP_QUIET, *editable]) != 0:
        return fail("pip could not install the test dependencies (see above)")
    compile_pyside_support(python)
    compile_patterns(python)
    say("Running the test suite")
    sys.stdout.flush()
    return run([python, "-m", "pytest", *pytest_args], cwd=HERE)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and do what they ask; the exit status."""
    parser = argparse.ArgumentParser(
        prog="install.py",
        description="Install Quire for you and start it, or (--test) run its test suite.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--test",
        action="store_true",
        help="set up .venv here with the test dependencies and run the whole test suite",
    )
    mode.add_argument("--uninstall", action="store_true", help="remove what install.py added")
    parser.add_argument("--no-start", action="store_true", help="install, but do not start")
    ns, rest = parser.parse_known_args(argv)
    if rest and not ns.test:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if sys.version_info < MIN_PYTHON:
        need, have = "{}.{}".format(*MIN_PYTHON), "{}.{}".format(*sys.version_info[:2])
        return fail(f"Quire needs Python {need} or newer; this is {have} ({sys.executable}).")
    if ns.test:
        return test_here(rest)
    if ns.uninstall:
        return uninstall_for_user()
    return install_for_user(start=not ns.no_start)


if __name__ == "__main__":
    sys.exit(main())
