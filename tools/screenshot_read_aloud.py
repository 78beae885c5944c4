"""Take a screenshot of the real Quire window reading a book aloud (the spoken sentence marked).

Usage (under a display, e.g. ``xvfb-run -a python3 tools/screenshot_read_aloud.py ...``)::

    python3 tools/screenshot_read_aloud.py BOOK OUT.png [--chapter N] [--sentences K]
        [--size 1400x900] [--engine speechd|mock]

It presses ``R`` on the page (as a reader does), lets the voice go on ``K`` sentences,
and saves the window. With ``--engine speechd`` (the default, the engine the app uses)
it starts a private speech-dispatcher whose sound goes to libao's null driver, so no
audio device is needed; ``--engine mock`` uses Qt's mock engine instead (it reports the
words, so the spoken word is marked too; the app itself never uses it). A throw-away data
folder and home are used, so the real library and settings are never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPEECHD_CONF = """\
LogLevel 2
LogDir "{logs}"
AudioOutputMethod "libao"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
"""


def private_speech_dispatcher(base: Path) -> subprocess.Popen[bytes]:
    """Start speech-dispatcher with its own config, socket and home (sound to nowhere)."""
    exe = shutil.which("speech-dispatcher")
    if exe is None:
        raise SystemExit("speech-dispatcher is not installed (sudo apt install speech-dispatcher)")
    home = base / "home"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["HOME"] = str(home)
    (home / ".libao").write_text("default_driver=null\n", encoding="utf-8")
    conf = base / "speechd"
    (conf / "modules").mkdir(parents=True)
    (conf / "speechd.conf").write_text(SPEECHD_CONF.format(logs=base), encoding="utf-8")
    (conf / "modules" / "espeak-ng.conf").write_text("", encoding="utf-8")
    socket = base / "speechd.sock"
    server = subprocess.Popen(
        [exe, "--run-single", "--config-dir", str(conf), "--communication-method",
         "unix_socket", "--socket-path", str(socket), "--timeout", "60", "--log-dir", str(base)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not socket.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("speech-dispatcher did not start")
        time.sleep(0.05)
    os.environ["SPEECHD_ADDRESS"] = f"unix_socket:{socket}"
    return server


def main() -> int:
    """Open BOOK, read it aloud from the chosen chapter, save a PNG of the window."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("book")
    p.add_argument("out")
    p.add_argument("--chapter", type=int, default=0, help="start at this contents entry")
    p.add_argument("--sentences", type=int, default=3, help="sentences to hear first")
    p.add_argument("--size", default="1400x900")
    p.add_argument("--engine", choices=("speechd", "mock"), default="speechd")
    args = p.parse_args()

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:  # this checkout's reader, not an installed one
        sys.path.insert(0, root)
    base = Path(tempfile.mkdtemp(prefix="quire-shot-"))
    server = private_speech_dispatcher(base) if args.engine == "speechd" else None

    from dataclasses import replace

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import reader.ui.window.speech as window_speech
    from reader.app import build_window
    from reader.paths import resolve_paths
    from reader.store.db import open_store
    from reader.ui.speech.ports import EngineChoice

    if args.engine == "mock":
        real = window_speech.read_aloud_context
        window_speech.read_aloud_context = lambda w: replace(  # type: ignore[assignment]
            real(w), engine=EngineChoice(name="mock")
        )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Quire")
    paths = resolve_paths(base / "data")
    paths.ensure()
    store = open_store(paths.database)
    window = build_window(store, paths)
    w, h = (int(x) for x in args.size.split("x"))
    window.resize(w, h)
    window.show()
    window.library_dock.setVisible(False)
    window.notes_dock.setVisible(False)
    if not window.open_path(str(Path(args.book).resolve())):
        print("could not open", args.book, file=sys.stderr)
        return 1
    view = window.view
    started = time.monotonic()

    def place() -> None:
        book = view.book()
        if book is not None and book.chapters:
            view.go_to(book.chapters[min(args.chapter, len(book.chapters) - 1)].offset)
        window.activateWindow()
        view.setFocus()
        QTest.keyClick(view, Qt.Key.Key_R)  # read aloud, as a reader starts it
        if window.read_aloud_if_loaded() is None:  # no window manager: the key went nowhere
            print("the window is not active; running the command instead of pressing R")
            window.registry.run("speech.play_pause")
        QTimer.singleShot(200, wait)

    def wait() -> None:
        controller = window.read_aloud()
        spoken = controller.sentences_spoken()
        if spoken >= args.sentences or time.monotonic() - started > 90:
            QTimer.singleShot(150 if args.engine == "mock" else 600, shoot)
        else:
            QTimer.singleShot(100, wait)

    def shoot() -> None:
        controller = window.read_aloud()
        print("state:", controller.state(), "| marks:", view.speech_marks())
        print("message:", window.current_message(), "| spoken:", controller.sentences_spoken())
        window.grab().save(args.out)
        print("saved", args.out)
        window.close()
        window.shutdown()
        app.quit()

    QTimer.singleShot(500, place)
    app.exec()
    if server is not None:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
