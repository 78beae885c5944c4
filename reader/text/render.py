"""Placeholder display: the block's source text as is (replaced by the real renderer)."""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

from reader.text.book import Display

if TYPE_CHECKING:
    from reader.text.book import Book


def display_block(book: Book, index: int) -> Display:
    """The shown text of block ``index`` and the source offset of each shown character."""
    block = book.blocks[index]
    text = book.text[block.start : block.end]
    return Display(text, array("q", range(block.start, block.end + 1)))
