"""The reader's chapter rules: fixes to a book's contents that survive re-parsing.

A rule is one of three kinds (stored per book by ``reader.store.chapter_rules``):

- ``pattern``: a regular expression; every short line in the reading text that it
  matches (the pattern runs over the text in multiline mode, as Legado's ``txtTocRule``
  patterns do) becomes a chapter heading;
- ``mark``: the line whose text (spaces trimmed and collapsed) is ``line`` becomes a
  chapter heading;
- ``unmark``: a found heading whose line reads ``line`` is no longer a chapter.

Lines are named by their text, never by offsets, so a rule still means the same line
after the parser changes or the story is re-downloaded with new chapters.

:func:`apply_rules` runs on a parsed :class:`~reader.text.book.Book` and returns a new
one: a marked line is cut out of the paragraph around it as a ``HEADING`` block and
listed in the contents; an unmarked heading becomes a paragraph. Patterns run with the
``regex`` module's time limit (as search's regular expressions do), all rules of a book
sharing one budget; a rule that is invalid, too slow or matches too many lines is
skipped and named in :attr:`RulesOutcome.problems` (and in the book's notices), so the
book is always shown.
"""

from __future__ import annotations

import bisect
import dataclasses
import time
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from reader.text import digests, rx

if TYPE_CHECKING:
    import regex

from reader.text.book import BlockKind, Blocks, Book, Chapter

__all__ = [
    "MAX_CHAPTERS",
    "MAX_LINE_CHARS",
    "MAX_RULES",
    "ChapterRule",
    "RuleError",
    "RulesOutcome",
    "apply_rules",
    "compile_rule",
    "is_heading_line",
    "line_at",
    "line_key",
    "rules_digest",
]

RuleKind = Literal["pattern", "mark", "unmark"]

MAX_LINE_CHARS = 200
"""Longer lines are prose, never taken for a chapter heading by a pattern."""
MAX_CHAPTERS = 20_000
"""A pattern matching more lines than this is not finding chapters; it is skipped."""
MAX_RULES = 500
"""Rules beyond this many per book are not applied (and the reader is told)."""
MAX_PATTERN_CHARS = 2_000
"""A longer pattern is refused before it is compiled."""
TIME_BUDGET_S = 2.0
"""How long all pattern rules of a book may run together, in seconds."""

_SPACE = rx.lazy_stdlib(r"\s+")
_HEADING = int(BlockKind.HEADING)
_PARAGRAPH = int(BlockKind.PARAGRAPH)
_CONTENTS = int(BlockKind.CONTENTS)
_NOT_MARKABLE = frozenset(
    {int(BlockKind.MATTER), int(BlockKind.CONTENTS), int(BlockKind.STORY_HEADER)}
)


class RuleError(ValueError):
    """A rule cannot be used (invalid or too slow a pattern …); ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class ChapterRule:
    """One rule: its kind and either its pattern (``pattern``) or its line (the others)."""

    kind: RuleKind
    pattern: str = ""
    line: str = ""

    def describe(self) -> str:
        """The rule as the rules dialog lists it."""
        if self.kind == "pattern":
            return f"Pattern: {self.pattern}"
        if self.kind == "mark":
            return f"Chapter: {self.line}"
        return f"Not a chapter: {self.line}"


@dataclass(slots=True)
class RulesOutcome:
    """What :func:`apply_rules` did: the book, and what it could not do and why."""

    book: Book
    problems: list[str] = field(default_factory=list)
    added: int = 0
    """Headings the rules made."""
    removed: int = 0
    """Headings the rules took away."""


def line_key(line: str) -> str:
    """How a line is named in a rule: its text with spaces trimmed and runs collapsed."""
    return _SPACE.sub(" ", line).strip()


def line_at(text: str, offset: int) -> tuple[int, int]:
    """``[start, end)`` of the text of the line holding ``offset``, spaces trimmed
    (an empty range at ``offset`` for a blank line)."""
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end < 0:
        end = len(text)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw.rstrip())
    if trail <= lead:
        return offset, offset
    return start + lead, start + trail


def is_heading_line(book: Book, offset: int) -> bool:
    """True when the line at ``offset`` is (in) a heading block of ``book``."""
    start, end = line_at(book.text, offset)
    if start >= end:
        return False
    i = book.blocks.index_at(start)
    if i < 0:
        return False
    blk = book.blocks[i]
    return blk.kind is BlockKind.HEADING and blk.start <= start < blk.end


def rules_digest(rules: Sequence[ChapterRule]) -> str:
    """A short digest of ``rules`` (empty for none): the parse cache keys on it."""
    if not rules:
        return ""
    h = digests.sha1()
    for r in rules:
        h.update(f"{r.kind}\x00{r.pattern}\x00{r.line}\x01".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:12]


def compile_rule(pattern: str, timeout_s: float = 0.5) -> regex.Pattern[str]:
    """The compiled pattern, or :class:`RuleError` saying why it cannot be used.

    Refuses an empty or very long pattern, an invalid one, and one that matches empty
    text (it would make every line a chapter) or is already slow on a small sample.
    """
    if not pattern.strip():
        raise RuleError("Type a regular expression.")
    if len(pattern) > MAX_PATTERN_CHARS:
        raise RuleError(f"The pattern is too long (over {MAX_PATTERN_CHARS} characters).")
    import regex  # on first use: opening a book without rules never loads it

    try:
        compiled = regex.compile(pattern, regex.MULTILINE | regex.V0)
    except (regex.error, ValueError, OverflowError, RecursionError, MemoryError) as exc:
        raise RuleError(f"Invalid regular expression: {exc}") from None
    try:
        if compiled.search("", timeout=timeout_s) is not None:
            raise RuleError("The pattern matches empty text; make it match at least one character.")
        compiled.search("Chapter 1\n" + "a" * 64 + "!\n", timeout=timeout_s)
    except TimeoutError:
        raise RuleError(_too_slow(timeout_s)) from None
    return compiled


def _too_slow(seconds: float) -> str:
    return (
        f"The pattern took too long and was stopped (over {seconds:g} s); "
        "try a simpler regular expression."
    )


def _markable_lines(book: Book) -> list[tuple[int, int]]:
    """The ranges of the reading text where a rule may make headings (no matter, no
    printed contents)."""
    lo, hi = book.reading_range()
    kinds, starts, ends = book.blocks.kinds(), book.blocks.starts(), book.blocks.ends()
    holes = [
        (starts[i], ends[i])
        for i in range(len(kinds))
        if kinds[i] in _NOT_MARKABLE and ends[i] > lo and starts[i] < hi
    ]
    out: list[tuple[int, int]] = []
    pos = lo
    for s, e in holes:
        if s > pos:
            out.append((pos, min(s, hi)))
        pos = max(pos, e)
    if pos < hi:
        out.append((pos, hi))
    return out


def _pattern_lines(
    book: Book, compiled: regex.Pattern[str], deadline: float
) -> tuple[list[tuple[int, int]], str | None]:
    """The trimmed line ranges ``compiled`` matches, or a problem (too slow, too many)."""
    text = book.text
    found: dict[int, tuple[int, int]] = {}
    for lo, hi in _markable_lines(book):
        left = deadline - time.monotonic()
        if left <= 0:
            return [], "stopped: the rules took too long together"
        try:
            for m in compiled.finditer(text, lo, hi, timeout=left, concurrent=True):
                s, e = line_at(text, m.start())
                if s < e and e - s <= MAX_LINE_CHARS and s >= lo and not book.is_dropped(s):
                    found[s] = (s, e)
                    if len(found) > MAX_CHAPTERS:
                        return [], f"matches over {MAX_CHAPTERS:,} lines; not chapters"
        except TimeoutError:
            return [], "took too long and was stopped; try a simpler regular expression"
    return sorted(found.values()), None


def _lines_reading(book: Book, keys: set[str]) -> list[tuple[int, int]]:
    """The trimmed ranges of the markable lines whose :func:`line_key` is in ``keys``.

    One pass over the lines with C-level string operations: a line is looked up as it is
    stripped, and collapsed (:func:`line_key`) only when it holds a run of spaces or a tab.
    """
    if not keys:
        return []
    text = book.text
    limit = 4 * MAX_LINE_CHARS
    out: list[tuple[int, int]] = []
    for lo, hi in _markable_lines(book):
        pos = lo
        for line in text[lo:hi].split("\n"):
            n = len(line)
            if 0 < n <= limit:
                stripped = line.strip()
                if stripped in keys or (
                    ("  " in stripped or "\t" in stripped) and line_key(stripped) in keys
                ):
                    lead = line.find(stripped[:1])
                    out.append((pos + lead, pos + lead + len(stripped)))
            pos += n + 1
    return out


def _title_of(text: str, s: int, e: int) -> str:
    title = line_key(text[s:e])
    return title if len(title) <= 120 else title[:119] + "…"


def _heading_lines(text: str, s: int, e: int) -> Iterable[str]:
    return (line_key(x) for x in text[s:e].split("\n"))


def apply_rules(
    book: Book, rules: Sequence[ChapterRule], *, time_budget_s: float = TIME_BUDGET_S
) -> RulesOutcome:
    """``book`` with ``rules`` applied (a new Book; ``book`` itself is left alone).

    Never raises for any rules: what cannot be applied is listed in the outcome's
    ``problems`` and added to the new book's notices.
    """
    outcome = RulesOutcome(book)
    if not rules or not book.text:
        return outcome
    problems = outcome.problems
    if len(rules) > MAX_RULES:
        problems.append(f"Only the first {MAX_RULES} of {len(rules)} chapter rules were used.")
        rules = rules[:MAX_RULES]
    text = book.text
    deadline = time.monotonic() + time_budget_s
    wanted: dict[int, tuple[int, int]] = {}
    for rule in rules:
        if rule.kind != "pattern":
            continue
        try:
            compiled = compile_rule(rule.pattern)
        except RuleError as err:
            problems.append(f"Chapter rule “{rule.pattern[:60]}” skipped: {err}")
            continue
        lines, problem = _pattern_lines(book, compiled, deadline)
        if problem:
            problems.append(f"Chapter rule “{rule.pattern[:60]}” {problem}.")
        for s, e in lines:
            wanted[s] = (s, e)
    marks = {line_key(r.line) for r in rules if r.kind == "mark" and line_key(r.line)}
    for s, e in _lines_reading(book, marks):
        wanted[s] = (s, e)
    unmarks = {line_key(r.line) for r in rules if r.kind == "unmark" and line_key(r.line)}
    for s in [s for s, (a, b) in wanted.items() if line_key(text[a:b]) in unmarks]:
        del wanted[s]
    kinds = bytearray(book.blocks.kinds())
    starts = list(book.blocks.starts())
    ends = list(book.blocks.ends())
    removed_at: list[tuple[int, int]] = []
    if unmarks:
        for i, k in enumerate(kinds):
            if k == _HEADING and any(
                x in unmarks for x in _heading_lines(text, starts[i], ends[i])
            ):
                kinds[i] = _PARAGRAPH
                # a chapter may start at the heading's line, before its indent (a TAB)
                removed_at.append((text.rfind("\n", 0, starts[i]) + 1, ends[i]))
    kinds, starts, ends, new_heads = _insert_headings(
        kinds, starts, ends, text, sorted(wanted.values())
    )
    outcome.removed = len(removed_at)
    outcome.added = len(new_heads)
    if not new_heads and not removed_at and not problems:
        return outcome
    chapters = [c for c in book.chapters if not _inside(c.offset, removed_at)]
    chapters = _with_chapters(chapters, [(s, _title_of(text, s, e)) for s, e in new_heads])
    blocks = Blocks(bytes(kinds), array("q", starts), array("q", ends))
    new = dataclasses.replace(
        book,
        blocks=blocks,
        chapters=chapters,
        notices=[*book.notices, *problems],
    )
    if book.contents_links:
        from reader.text.links import link_contents

        spans = [(starts[i], ends[i]) for i in range(len(kinds)) if kinds[i] == _CONTENTS]
        new.contents_links = link_contents(text, spans, chapters)
    outcome.book = new
    return outcome


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies in one of the sorted, disjoint ``ranges``."""
    i = bisect.bisect_right(ranges, (offset, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def _insert_headings(
    kinds: bytearray, starts: list[int], ends: list[int], text: str, lines: list[tuple[int, int]]
) -> tuple[bytearray, list[int], list[int], list[tuple[int, int]]]:
    """The block columns with each ``(start, end)`` line (sorted) made a HEADING block, cut
    out of the block around it, in one pass; plus the lines that became headings."""
    out_k = bytearray()
    out_s: list[int] = []
    out_e: list[int] = []
    made: list[tuple[int, int]] = []
    j = 0
    n = len(lines)

    def emit(kind: int, a: int, b: int) -> None:
        out_k.append(kind)
        out_s.append(a)
        out_e.append(b)

    for i in range(len(kinds)):
        bs, be, kind = starts[i], ends[i], kinds[i]
        while j < n and lines[j][0] < bs:  # a line between blocks: a heading of its own
            emit(_HEADING, *lines[j])
            made.append(lines[j])
            j += 1
        pos = bs
        while j < n and lines[j][0] < be:
            s, e = lines[j]
            j += 1
            if kind == _HEADING or kind in _NOT_MARKABLE or s < pos:
                continue
            before = text[pos:s].rstrip()
            if before:
                emit(kind, pos, pos + len(before))
            emit(_HEADING, s, e)
            made.append((s, e))
            rest = text[e:be]
            pos = e + len(rest) - len(rest.lstrip())
        if pos < be:
            emit(kind, pos, be)
    for s, e in lines[j:]:
        emit(_HEADING, s, e)
        made.append((s, e))
    return out_k, out_s, out_e, made


def _with_chapters(chapters: list[Chapter], added: list[tuple[int, str]]) -> list[Chapter]:
    """``chapters`` with an entry for each ``(offset, title)`` (sorted by offset), merged in
    order; each new entry takes the level of the entry before it when that is a chapter
    under a part (level 2), else 1."""
    if not added:
        return chapters
    taken = {c.offset for c in chapters}
    out: list[Chapter] = []
    i = 0
    for offset, title in added:
        while i < len(chapters) and chapters[i].offset < offset:
            out.append(chapters[i])
            i += 1
        if offset in taken:
            continue
        prev = out[-1] if out else None
        nxt = chapters[i] if i < len(chapters) else None
        under_part = prev is not None and (prev.level == 2 or (nxt is not None and nxt.level == 2))
        out.append(Chapter(title, 2 if under_part else 1, offset))
        taken.add(offset)
    out.extend(chapters[i:])
    return out
