"""Errors the text engine raises for files it cannot turn into a book.

Each carries a one-line, user-facing message (``str(err)``).
"""

from __future__ import annotations


class BookError(Exception):
    """A file could not be opened as a book; ``str(err)`` is a one-line message for the reader."""


class BookNotFoundError(BookError):
    """The path does not exist."""


class NotAFileError(BookError):
    """The path is a folder or a device, not a regular file."""


class UnreadableError(BookError):
    """The file exists but cannot be read (permissions, I/O error)."""


class NotTextError(BookError):
    """The file is binary (an image, an archive …), not text."""
