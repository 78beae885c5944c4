"""The title card shown in place of a story header's raw lines.

:func:`story_card` turns a :class:`~reader.text.story.StoryInfo` into the card's shown
text — title, by-line, a line of facts (fandom, rating, status, chapters, words, updated,
series), the relationships and tags as chips, anything the parser did not understand as
``Label: value`` lines, and the summary — with a source offset for every shown
character, like any other display transform: a value found verbatim in the header maps
to its own characters, anything else to the start of its label's line (offsets never
decrease, so positions and hit tests work as in a paragraph). ``parts`` says which shown
range is which, for the typesetter to set each in its own style.

Values are plain text: HTML or Markdown in them is shown as written.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from reader.text.book import Book, Display
from reader.text.story import StoryInfo

__all__ = ["CHIP_GAP", "StoryCard", "story_card"]

CHIP_GAP = "\u2003\u2002"
"""What separates two chips in the shown text (an em and an en space: room for the chip's
edges)."""
_NBSP = "\u00a0"
_HIDDEN_LABELS = frozenset({"packaged", "publisher"})
"""Understood labels the card leaves out (the Story info view shows them)."""
_MAX_CHIPS = 400
_MAX_CHIP = 80


@dataclass(frozen=True, slots=True)
class StoryCard:
    """A title card's shown text with its offsets, and its parts.

    ``parts`` are ``(start, end, role)`` ranges of ``display.text``; roles: ``title``,
    ``byline``, ``meta`` (the facts line and unparsed lines), ``chips`` (the chip line),
    ``chip`` (one chip inside it) and ``summary``. Lines are separated by ``\\n``.
    """

    display: Display
    parts: tuple[tuple[int, int, str], ...]


class _Builder:
    """Appends shown pieces with their source offsets, keeping offsets non-decreasing."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.source = text
        self.start = start
        self.end = end
        self.out: list[str] = []
        self.offsets = array("q")
        self.parts: list[tuple[int, int, str]] = []
        self.size = 0
        self.floor = start

    def _find(self, value: str, near: int) -> int:
        """Where ``value`` stands verbatim in the header at or after ``near`` (or -1)."""
        if not value or len(value) > 20_000:
            return -1
        return self.source.find(value, max(near, self.start), self.end)

    def add(self, shown: str, value: str = "", near: int = -1) -> tuple[int, int]:
        """Append ``shown`` (which displays ``value``); return its shown range."""
        if not shown:
            return self.size, self.size
        anchor = max(self.floor, near if near >= 0 else self.floor)
        at = self._find(value, anchor) if value else -1
        a = self.size
        if at >= 0 and len(shown) == len(value):
            self.offsets.extend(range(at, at + len(value)))
            self.floor = at + len(value)
        else:
            self.offsets.extend([min(anchor, self.end)] * len(shown))
            self.floor = min(anchor, self.end)
        self.out.append(shown)
        self.size += len(shown)
        return a, self.size

    def newline(self) -> None:
        """End the current line."""
        if self.size:
            self.out.append("\n")
            self.offsets.append(self.floor)
            self.size += 1

    def part(self, a: int, b: int, role: str) -> None:
        """Record that shown ``[a, b)`` is ``role``."""
        if b > a:
            self.parts.append((a, b, role))

    def finish(self) -> StoryCard:
        """The card."""
        offsets = array("q", self.offsets)
        offsets.append(self.end)
        return StoryCard(Display("".join(self.out), offsets), tuple(self.parts))


def _label_at(text: str, start: int, end: int, label: str) -> int:
    """Start of the first line of the header reading ``label:`` (or -1)."""
    at = text.find(f"\n{label}", start, end)
    if at < 0:
        at = text.find(label, start, end)
        return at
    return at + 1


def story_card(book: Book) -> StoryCard | None:
    """The title card of ``book``'s story header, or None when it has none (or nothing to
    show: the header's raw lines are shown then)."""
    story = book.story
    if story is None:
        return None
    return card_for(book.text, story)


def card_for(text: str, story: StoryInfo) -> StoryCard | None:
    """The title card of ``story``, whose header lies in ``text``."""
    hs, he = story.header_start, min(story.header_end, len(text))
    if not 0 <= hs < he:
        return None
    b = _Builder(text, hs, he)
    if story.title:
        b.part(*b.add(story.title, story.title), "title")
        b.newline()
    if story.author:
        near = text.find(story.author, b.floor, he)
        a0, _ = b.add("by ", "", near if near >= 0 else -1)
        _, a1 = b.add(story.author, story.author, near)
        b.part(a0, a1, "byline")
        b.newline()
    facts = _facts(story)
    if facts:
        b.part(*b.add(facts), "meta")
        b.newline()
    chips = [*story.relationships, *story.tags][:_MAX_CHIPS]
    if chips:
        line_start = b.size
        near = _label_at(text, hs, he, "Relationship")
        for i, chip in enumerate(chips):
            if i:
                b.add(CHIP_GAP)
            value = chip[:_MAX_CHIP]
            shown = value.replace(" ", _NBSP)
            at = text.find(value, max(b.floor, near), he)
            b.part(*b.add(shown, value if shown == value else "", at), "chip")
        b.part(line_start, b.size, "chips")
        b.newline()
    for label, value in story.other:
        if label.lower() in _HIDDEN_LABELS:
            continue
        near = _label_at(text, hs, he, label)
        shown = f"{label}: {' '.join(value.split())}"
        b.part(*b.add(shown, "", near), "meta")
        b.newline()
    if story.summary:
        near = _label_at(text, hs, he, "Summary")
        for para in story.summary.split("\n\n"):
            line = " ".join(para.split())
            at = text.find(line, max(b.floor, near), he)
            b.part(*b.add(line, line, at if at >= 0 else near), "summary")
            b.newline()
    card = b.finish()
    if not card.display.text.strip():
        return None
    text_out = card.display.text.rstrip("\n")
    if len(text_out) != len(card.display.text):
        offsets = card.display.offsets[: len(text_out)]
        offsets.append(he)
        card = StoryCard(Display(text_out, offsets), card.parts)
    return card


def _facts(story: StoryInfo) -> str:
    """The facts line: fandom · rating · status · chapters · words · updated · series."""
    parts: list[str] = []
    if story.fandoms:
        parts.append(", ".join(story.fandoms))
    if story.rating:
        parts.append(f"Rated {story.rating}")
    if story.status:
        parts.append("Complete" if story.status == "complete" else "In progress")
    chapters = story.chapters_text()
    if chapters:
        parts.append(f"{chapters} chapters" if chapters != "1" else "1 chapter")
    if story.words is not None:
        parts.append(f"{story.words:,} words")
    if story.updated:
        parts.append(f"Updated {story.updated}")
    elif story.published:
        parts.append(f"Published {story.published}")
    if story.series:
        part = f"Part {story.series_part} of " if story.series_part else "Series: "
        parts.append(part + story.series)
    # Each fact stays on one line (non-breaking spaces); lines break between facts.
    return " · ".join(_NBSP.join(p.split()) for p in parts)
