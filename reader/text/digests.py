"""MD5 and SHA-1 for the book key and cache names, without loading OpenSSL when possible.

``import hashlib`` loads its OpenSSL backend (``_hashlib``, libcrypto: some 2 ms and 3 MB
at start-up); CPython's own ``_md5`` and ``_sha1`` modules give the same digests and load
in microseconds. A Python built without them (they are optional) falls back to hashlib.
None of these digests guards anything: they name books and cache files.
"""

from __future__ import annotations

from typing import Protocol


class Digest(Protocol):
    """The part of a hashlib hash object the text engine uses."""

    def update(self, data: bytes, /) -> None:
        """Feed ``data`` to the hash."""

    def hexdigest(self) -> str:
        """The digest so far, in hexadecimal."""


def md5(data: bytes = b"") -> Digest:
    """An MD5 hash object fed ``data`` (not for security: it names books)."""
    try:
        from _md5 import md5 as builtin_md5  # type: ignore[import-not-found]
    except ImportError:
        import hashlib

        return hashlib.md5(data, usedforsecurity=False)
    return builtin_md5(data, usedforsecurity=False)


def sha1(data: bytes = b"") -> Digest:
    """A SHA-1 hash object fed ``data`` (not for security: it names cache files)."""
    try:
        from _sha1 import sha1 as builtin_sha1  # type: ignore[import-not-found]
    except ImportError:
        import hashlib

        return hashlib.sha1(data, usedforsecurity=False)
    return builtin_sha1(data, usedforsecurity=False)


__all__ = ["Digest", "md5", "sha1"]
