"""Before Qt starts: can its X11 (xcb) platform plugin load? If not, say which libraries to install.

Without this, a missing system library makes Qt print "Could not load the Qt
platform plugin "xcb"" and abort — naming at most one library, often the wrong
one (PySide6 < 6.12 needs ``libxcb-cursor0``, ``libxcb-icccm4`` and
``libxcb-keysyms1``, which a fresh Debian or Ubuntu lacks).

:func:`xcb_problem` is cheap (well under a millisecond): it only runs on
Linux when Qt would use xcb (``QT_QPA_PLATFORM`` unset or ``xcb``, ``DISPLAY``
set, not a Wayland session); it reads the system libraries that the plugin and
its ``libQt6XcbQpa`` need from their ELF headers and looks each one up in the
dynamic loader's cache (``/etc/ld.so.cache``) and ``LD_LIBRARY_PATH``. Only
when one seems missing does it try to load the plugin (``dlopen``), and only
when that fails does it run ``ldd`` to find *every* missing library and return
one paragraph naming them with the commands that install them on
Debian/Ubuntu and Fedora. Qt-free: PySide6 is found, never imported. Nothing
is cached between runs.
"""

from __future__ import annotations

import importlib.util
import os
import re
import struct
import sys
from collections.abc import Callable
from pathlib import Path

# soname stem (without version) → (Debian/Ubuntu package, Fedora package)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util": ("libxcb-util1", "xcb-util"),
    "libxcb-xinerama": ("libxcb-xinerama0", "libxcb"),
    "libxcb-randr": ("libxcb-randr0", "libxcb"),
    "libxcb-shape": ("libxcb-shape0", "libxcb"),
    "libxcb-xfixes": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb": ("libxcb-xkb1", "libxcb"),
    "libxcb-sync": ("libxcb-sync1", "libxcb"),
    "libxcb-shm": ("libxcb-shm0", "libxcb"),
    "libxcb-render": ("libxcb-render0", "libxcb"),
    "libxcb-glx": ("libxcb-glx0", "libxcb"),
    "libxcb-xinput": ("libxcb-xinput0", "libxcb"),
    "libxcb": ("libxcb1", "libxcb"),
    "libxkbcommon-x11": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb": ("libx11-xcb1", "libX11-xcb"),
    "libX11": ("libx11-6", "libX11"),
    "libXext": ("libxext6", "libXext"),
    "libXrender": ("libxrender1", "libXrender"),
    "libSM": ("libsm6", "libSM"),
    "libICE": ("libice6", "libICE"),
    "libfontconfig": ("libfontconfig1", "fontconfig"),
    "libfreetype": ("libfreetype6", "freetype"),
    "libEGL": ("libegl1", "libglvnd-egl"),
    "libGL": ("libgl1", "libglvnd-glx"),
    "libGLX": ("libglx0", "libglvnd-glx"),
    "libOpenGL": ("libopengl0", "libglvnd-opengl"),
    "libdbus-1": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0": ("libglib2.0-0", "glib2"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def qt_dir() -> Path | None:
    """PySide6's ``Qt`` folder (plugins and libraries), found without importing PySide6."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):  # no PySide6: Qt's own error follows
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def _system_libraries_present(
    qt: Path, plugin: Path, environ: dict[str, str] | os._Environ[str]
) -> bool:
    """The quick look: every non-Qt library the plugin needs is known to the loader."""
    sonames: list[str] = []
    for target in (plugin, *sorted((qt / "lib").glob("libQt6XcbQpa.so.6"))[:1]):
        needed = needed_libraries(target)
        if needed is None:
            return False
        sonames += [n for n in needed if not n.startswith("libQt6") and n not in sonames]
    return not _unresolved(sonames, environ)


def xcb_wanted(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    """True when Qt is about to use its xcb plugin: Linux, X11 display, no other platform asked."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":", 1)[0].split(";", 1)[0] == "xcb"
    if not env.get("DISPLAY"):
        return False
    # A Wayland session: Qt tries its wayland plugin first; xcb is only a fallback.
    return not (env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland")


LD_CACHE = Path("/etc/ld.so.cache")


def needed_libraries(path: Path) -> list[str] | None:
    """The ``DT_NEEDED`` sonames of a 64-bit little-endian ELF file; None if it cannot say."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if head[:6] != b"\x7fELF\x02\x01":  # 64-bit, little-endian
                return None
            phoff, phentsize, phnum = (
                struct.unpack_from("<Q", head, 32)[0],
                *struct.unpack_from("<HH", head, 54),
            )
            f.seek(phoff)
            table = f.read(phentsize * phnum)
            loads: list[tuple[int, int, int]] = []
            dynamic: tuple[int, int] | None = None
            for i in range(phnum):
                p_type, _flags, offset, vaddr, _paddr, filesz = struct.unpack_from(
                    "<IIQQQQ", table, i * phentsize
                )
                if p_type == 1:  # PT_LOAD
                    loads.append((vaddr, offset, filesz))
                elif p_type == 2:  # PT_DYNAMIC
                    dynamic = (offset, filesz)
            if dynamic is None:
                return None
            f.seek(dynamic[0])
            entries = f.read(dynamic[1])
            needed: list[int] = []
            strtab = strsz = 0
            for tag, value in struct.iter_unpack("<qQ", entries[: len(entries) // 16 * 16]):
                if tag == 0:  # DT_NULL
                    break
                if tag == 1:  # DT_NEEDED
                    needed.append(value)
                elif tag == 5:  # DT_STRTAB
                    strtab = value
                elif tag == 10:  # DT_STRSZ
                    strsz = value
            base = next((o + strtab - v for v, o, n in loads if v <= strtab < v + n), None)
            if base is None or not strsz:
                return None
            f.seek(base)
            strings = f.read(strsz)
    except (OSError, struct.error):  # unreadable ELF: skip the check
        return None
    return [strings[i : strings.index(b"\0", i)].decode("ascii", "replace") for i in needed]


def _unresolved(sonames: list[str], environ: dict[str, str] | os._Environ[str]) -> list[str]:
    """The system sonames the dynamic loader does not seem to know (cache or LD_LIBRARY_PATH)."""
    try:
        cache = LD_CACHE.read_bytes()
    except OSError:
        return sonames  # no cache (e.g. musl): let dlopen decide
    folders = [d for d in environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    # The cache's string table shares tails: a name is stored once, as the end of its path.
    return [
        name
        for name in sonames
        if b"/" + name.encode() + b"\0" not in cache
        and b"\0" + name.encode() + b"\0" not in cache
        and not any(os.path.exists(os.path.join(d, name)) for d in folders)
    ]


def _dlopen(path: Path) -> str | None:
    """Load a shared library; None on success, else the loader's message."""
    import _ctypes  # the C part of ctypes: no Python-level ctypes import needed

    try:
        _ctypes.dlopen(str(path), os.RTLD_LAZY)
    except OSError as err:
        return str(err) or "cannot load"
    return None


def missing_libraries(
    qt: Path, run: Callable[[list[str]], str] | None = None, loader_message: str = ""
) -> list[str]:
    """The shared libraries (sonames) that the xcb plugin needs and the system lacks.

    Asks ``ldd`` about the plugin and ``libQt6XcbQpa``; without ``ldd``, falls
    back to the one name in the loader's message.
    """
    targets = [qt / "plugins" / "platforms" / "libqxcb.so"]
    targets += sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1]
    runner = run or _run_ldd
    missing: list[str] = []
    for target in targets:
        if not target.exists():
            continue
        for name in _NOT_FOUND.findall(runner(["ldd", str(target)])):
            if name not in missing:
                missing.append(name)
    if not missing:
        match = re.search(r"(lib[\w.+-]+\.so[\w.]*)", loader_message)
        if match:
            missing.append(match.group(1))
    return missing


def _run_ldd(argv: list[str]) -> str:
    import subprocess  # only on the failure path: not on every start-up

    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):  # no ldd: diagnose without it
        return ""
    return done.stdout


def packages_for(sonames: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(Debian/Ubuntu packages, Fedora packages, sonames with no known package)."""
    debian: list[str] = []
    fedora: list[str] = []
    unknown: list[str] = []
    for soname in sonames:
        stem = soname.split(".so", 1)[0]
        if stem not in PACKAGES:
            unknown.append(soname)
            continue
        deb, rpm = PACKAGES[stem]
        if deb not in debian:
            debian.append(deb)
        if rpm not in fedora:
            fedora.append(rpm)
    return debian, fedora, unknown


def problem_text(missing: list[str], loader_message: str = "") -> str:
    """One paragraph for the terminal: what is missing and how to install it."""
    if not missing:
        return (
            "Quire cannot open a window: Qt's X11 platform plugin (xcb) does not load "
            f"({loader_message.strip() or 'unknown reason'}). Reinstalling Quire may help; "
            "to start without a window system, set QT_QPA_PLATFORM=offscreen."
        )
    debian, fedora, unknown = packages_for(missing)
    names = ", ".join(missing)
    text = (
        "Quire cannot open a window: Qt's X11 platform plugin (xcb) needs "
        f"{'this system library' if len(missing) == 1 else 'these system libraries'}, "
        f"which {'is' if len(missing) == 1 else 'are'} missing: {names}."
    )
    if debian:
        text += (
            f" Install {'it' if len(missing) == 1 else 'them'} with "
            f"`sudo apt install {' '.join(debian)}` on Debian or Ubuntu, or "
            f"`sudo dnf install {' '.join(fedora)}` on Fedora"
        )
        if unknown:
            text += f" (and find the package that provides {', '.join(unknown)})"
        text += ", then start Quire again."
    else:
        text += " Install the packages that provide them, then start Quire again."
    return text


def xcb_problem(qt: Path | None = None, environ: dict[str, str] | None = None) -> str | None:
    """None when Qt's xcb plugin can load (or is not going to be used); else the paragraph."""
    env = os.environ if environ is None else environ
    if not xcb_wanted(env):
        return None
    folder = qt if qt is not None else qt_dir()
    if folder is None:
        return None  # no PySide6 here: importing it will say so
    plugin = folder / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None  # a build without xcb: let Qt choose and explain
    if _system_libraries_present(folder, plugin, env):
        return None
    error = _dlopen(plugin)
    if error is None:
        return None
    return problem_text(missing_libraries(folder, loader_message=error), error)
