"""The command line: a file manager's plain list of files and the options."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.cli import SUBCOMMANDS, _open_parser, parse_args

plain_names = st.text(min_size=1, max_size=20).filter(lambda s: not s.startswith("-"))


@given(st.lists(plain_names, max_size=6).filter(lambda a: not a or a[0] not in SUBCOMMANDS))
def test_plain_files_parse_as_argparse_would(argv: list[str]) -> None:
    """A line of names only (spaces, non-ASCII, subcommand names after the first…),
    read without argparse, gives what argparse gives."""
    args = parse_args(argv)
    ns = _open_parser().parse_args(argv)
    assert args.command == "open"
    assert args.files == list(ns.files)
    assert (args.basedir, args.new_instance) == (ns.basedir, ns.new_instance)


def test_options_are_still_read() -> None:
    args = parse_args(["--basedir", "/tmp/q", "--new-instance", "a.txt", "--", "--b.txt"])
    assert (args.basedir, args.new_instance, args.files) == ("/tmp/q", True, ["a.txt", "--b.txt"])
    assert parse_args(["--log"]).command == "log"
    assert parse_args(["info", "x.txt", "--json"]).json
    assert parse_args(["info", "x.txt"]).command == "info"
