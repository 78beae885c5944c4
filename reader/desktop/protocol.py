"""The single-instance wire format, validated strictly on both ends (Qt-free, stdlib only).

A second ``quire FILE…`` sends one line of UTF-8 JSON and reads one line back::

    → {"quire": 1, "action": "open", "files": ["/abs/path.txt", ...]}
    ← {"ok": true}
    ← {"ok": false, "error": "too many files (4,000); at most 500 per launch"}

An empty ``files`` list means "just bring the window to the front". The reply
comes before the running window acts on the files, so a slow book never makes
the sender time out.

The server never trusts a message: anything that is not exactly this shape is
refused as a whole with ``{"ok": false, "error": ...}`` — bytes that are not
UTF-8, JSON that is not an object or is nested too deeply, unknown fields,
wrong types, another protocol version, more than :data:`MAX_FILES` paths, a
path that is empty, relative, too long, holds a NUL or cannot be a file name.
Nothing here raises on bad input: :func:`decode_request` returns a
:class:`ProtocolError` instead.

Paths cross as JSON strings with ASCII escapes, so a file name that is not
valid UTF-8 (Python keeps its bytes as lone surrogates) reaches the server
intact. They are only ever treated as file paths, never as options.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

PROTOCOL = 1
MAX_MESSAGE_BYTES = 1 << 20
"""Largest request line (without its newline) the server reads."""
MAX_FILES = 500
"""Most paths one launch may hand over; more are refused with a clear reply."""
MAX_PATH_CHARS = 4096
MAX_REPLY_BYTES = 4096
_FIELDS = frozenset({"quire", "action", "files"})


class ProtocolError(ValueError):
    """A request or reply that does not follow the protocol; ``str()`` says why."""


@dataclass(frozen=True)
class Reply:
    """The server's answer: ``ok``, or not ``ok`` with an ``error`` for the sender."""

    ok: bool
    error: str = ""


def _count(n: int) -> str:
    return f"{n:,}"


def too_many_files(count: int) -> str:
    """The refusal for a launch with more than :data:`MAX_FILES` paths."""
    return f"too many files ({_count(count)}); at most {_count(MAX_FILES)} per launch"


def encode_request(files: list[str]) -> bytes:
    """The request line for ``files`` (made absolute here, in the sender's folder).

    Raises :class:`ProtocolError` when the server would refuse it (too many
    files, a path it cannot take, too long a message), with the same words.
    """
    absolute = [os.path.abspath(os.fspath(f)) for f in files]
    for path in absolute:
        problem = path_problem(path)
        if problem:
            raise ProtocolError(problem)
    if len(absolute) > MAX_FILES:
        raise ProtocolError(too_many_files(len(absolute)))
    message = {"quire": PROTOCOL, "action": "open", "files": absolute}
    data = json.dumps(message, ensure_ascii=True).encode("ascii")
    if len(data) > MAX_MESSAGE_BYTES:
        raise ProtocolError(message_too_large())
    return data + b"\n"


def message_too_large() -> str:
    """The refusal for a request line over :data:`MAX_MESSAGE_BYTES`."""
    return f"message too large (over {MAX_MESSAGE_BYTES // 1024:,} KiB)"


def path_problem(path: object) -> str:
    """Why ``path`` cannot be handed over ('' when it can)."""
    if not isinstance(path, str):
        return f"a file path must be a string, not {type(path).__name__}"
    if not path:
        return "empty file path"
    if len(path) > MAX_PATH_CHARS:
        return f"file path too long ({_count(len(path))} characters)"
    if "\x00" in path:
        return "file path contains a NUL character"
    if not os.path.isabs(path):
        return f"file path is not absolute: {path[:200]!r}"
    try:
        os.fsencode(path)
    except UnicodeError:  # the reply says why
        return f"not a valid file name: {path[:200]!r}"
    return ""


def decode_request(data: bytes) -> list[str] | ProtocolError:
    """The (normalised, absolute) paths in one request line, or why it is refused.

    ``data`` is the line without its newline. Never raises.
    """
    if len(data) > MAX_MESSAGE_BYTES:
        return ProtocolError(message_too_large())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # the reply says why
        return ProtocolError("message is not UTF-8")
    try:
        message = json.loads(text)
    except RecursionError:  # the reply says why
        return ProtocolError("message is nested too deeply")
    except (ValueError, MemoryError):  # the reply says why
        return ProtocolError("message is not JSON")
    if not isinstance(message, dict):
        return ProtocolError(f"message must be a JSON object, not {_json_type(message)}")
    unknown = sorted(str(k) for k in message if k not in _FIELDS)
    if unknown:
        return ProtocolError(f"unknown field {unknown[0][:50]!r}")
    version = message.get("quire")
    if type(version) is not int or version != PROTOCOL:
        return ProtocolError(f"unsupported protocol version (this Quire speaks {PROTOCOL})")
    action = message.get("action")
    if action != "open":
        shown = repr(action[:50]) if isinstance(action, str) else _json_type(action)
        return ProtocolError(f"unknown action {shown}")
    raw = message.get("files", [])
    if not isinstance(raw, list):
        return ProtocolError(f"'files' must be a list, not {_json_type(raw)}")
    if len(raw) > MAX_FILES:
        return ProtocolError(too_many_files(len(raw)))
    files: list[str] = []
    for entry in raw:
        problem = path_problem(entry)
        if problem:
            return ProtocolError(problem)
        files.append(os.path.normpath(entry))
    return files


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, bool):
        return names[bool]
    if isinstance(value, int | float):
        return "a number"
    return names.get(type(value), type(value).__name__)


def encode_reply(error: str | None = None) -> bytes:
    """The reply line: ``{"ok": true}``, or ``{"ok": false, "error": error}``."""
    if error is None:
        return b'{"ok": true}\n'
    line = json.dumps({"ok": False, "error": error[:1000]}, ensure_ascii=True).encode("ascii")
    return line + b"\n"


def decode_reply(data: bytes) -> Reply | None:
    """The server's reply from the bytes read, or None when it is not a valid reply."""
    line = data.split(b"\n", 1)[0][:MAX_REPLY_BYTES]
    try:
        answer = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # not a reply: caller retries
        return None
    if not isinstance(answer, dict) or not isinstance(answer.get("ok"), bool):
        return None
    if answer["ok"]:
        return Reply(True)
    error = answer.get("error")
    return Reply(False, error if isinstance(error, str) and error else "refused")
