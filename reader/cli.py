"""Command-line parsing only; no Qt, no I/O beyond argparse's own output.

Forms::

    quire [--basedir DIR] [--new-instance] [FILE ...] [-- FILE ...]
    quire [--basedir DIR] --install-desktop | --uninstall-desktop | --log
    quire info FILE [--json]
    quire export-notes [FILE] --format md|json [-o OUT] [--basedir DIR]
    quire stats [--format json|csv] [--book FILE] [--import-koreader PATH | --clear] …

Everything after ``--`` is a file, so a file named ``--basedir=x.txt`` handed
over by a file manager can never be read as an option.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader import __version__

if TYPE_CHECKING:
    import argparse

SUBCOMMANDS = ("info", "export-notes", "stats")

COMMANDS_HELP = """\
commands:
  info FILE [--json]    show how Quire reads a text file: encoding, paragraphs, chapters
  export-notes [FILE]   export highlights and notes as Markdown or JSON (quire export-notes -h)
  stats                 reading statistics: export as JSON/CSV, import KOReader's, clear them

Run `quire COMMAND -h` for a command's options.
"""


@dataclass
class Args:
    """Parsed command line."""

    command: str = "open"
    """``open``, ``info``, ``export-notes``, ``stats``, ``install-desktop``,
    ``uninstall-desktop`` or ``log``."""
    files: list[str] = field(default_factory=list)
    basedir: str | None = None
    new_instance: bool = False
    json: bool = False
    format: str = "md"
    output: str | None = None
    rest: list[str] = field(default_factory=list)
    """The arguments after a subcommand that parses its own (``stats``)."""


def _open_parser() -> argparse.ArgumentParser:
    import argparse  # not for a plain list of files (see parse_args)

    p = argparse.ArgumentParser(
        prog="quire",
        usage="quire [options] [FILE ...]\n       quire COMMAND ...",
        description="Quire, a reader for plain-text fiction. Opens the FILEs given "
        "(with none, the last book read).",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="books to open")
    p.add_argument("--basedir", metavar="DIR", help="keep all per-user data in DIR")
    p.add_argument(
        "--new-instance", action="store_true", help="start a new window even if Quire is running"
    )
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--install-desktop",
        action="store_true",
        help="add Quire to the applications menu and 'Open with' for the current user",
    )
    g.add_argument(
        "--uninstall-desktop", action="store_true", help="remove what --install-desktop added"
    )
    g.add_argument(
        "--log", action="store_true", help="print where the log file of unexpected errors is"
    )
    p.add_argument("--version", action="version", version=f"quire {__version__}")
    return p


def _info_parser() -> argparse.ArgumentParser:
    import argparse  # not for a plain list of files (see parse_args)

    p = argparse.ArgumentParser(prog="quire info", description="Show how Quire reads a text file.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def _export_parser() -> argparse.ArgumentParser:
    import argparse  # not for a plain list of files (see parse_args)

    p = argparse.ArgumentParser(
        prog="quire export-notes",
        description="Export highlights and notes of one book (or the whole library).",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="the book (default: whole library)")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    p.add_argument("--basedir", metavar="DIR", help="per-user data folder")
    return p


def parse_args(argv: list[str]) -> Args:
    """Parse ``argv`` (without the program name). Exits via argparse on bad usage."""
    if not (argv and argv[0] in SUBCOMMANDS) and not any(a.startswith("-") for a in argv):
        # Nothing but files (a file manager's launch): argparse would give the same.
        return Args(files=list(argv))
    if argv and argv[0] in SUBCOMMANDS:
        if argv[0] == "stats":  # parsed by its own module (reader.store.stats_export)
            return Args(command="stats", rest=list(argv[1:]))
        if argv[0] == "info":
            ns = _info_parser().parse_args(argv[1:])
            return Args(command="info", files=[ns.file], json=ns.json)
        ns = _export_parser().parse_args(argv[1:])
        return Args(
            command="export-notes",
            files=[ns.file] if ns.file else [],
            basedir=ns.basedir,
            format=ns.format,
            output=ns.output,
        )
    if "--" in argv:
        cut = argv.index("--")
        options, after = argv[:cut], argv[cut + 1 :]
    else:
        options, after = argv, []
    ns = _open_parser().parse_args(options)
    command = "open"
    if ns.install_desktop:
        command = "install-desktop"
    elif ns.uninstall_desktop:
        command = "uninstall-desktop"
    elif ns.log:
        command = "log"
    return Args(
        command=command,
        files=list(ns.files) + after,
        basedir=ns.basedir,
        new_instance=ns.new_instance,
    )
