"""Scoring a parsed Book against the truth a messy file's generator kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.text.messy_layout import Variant

# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    """How a parsed Book compares with a variant's truth; each check as (right, out of)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    hidden: list[int] = field(default_factory=lambda: [0, 0])
    footnotes: list[int] = field(default_factory=lambda: [0, 0])
    joins: list[int] = field(default_factory=lambda: [0, 0])
    contents: list[int] = field(default_factory=lambda: [0, 0])
    title: list[int] = field(default_factory=lambda: [0, 0])
    opening: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)
    """What went wrong, in words (for test messages)."""

    def add(self, other: Score) -> None:
        """Add ``other``'s counts to these."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for name in ("hidden", "footnotes", "joins", "contents", "title", "opening"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        self.misses.extend(other.misses)

    @property
    def precision(self) -> float:
        """Share of the chapters found that are real."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of the real chapters that were found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _shown_offsets(book, s: int, e: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Source offsets in ``[s, e)`` of visible characters the reader is shown."""
    from reader.text.book import BlockKind
    from reader.text.render import display_block

    lo, hi = book.reading_range()
    out: list[int] = []
    blocks = book.blocks
    i = max(blocks.index_at(s), 0)
    while i < len(blocks) and blocks[i].start < e:
        b = blocks[i]
        if b.end > s and b.kind != BlockKind.MATTER and lo <= b.start < hi:
            shown = display_block(book, i)
            out.extend(
                o
                for ch, o in zip(shown.text, shown.offsets, strict=False)
                if s <= o < e and not ch.isspace()
            )
        i += 1
    return out


def score(v: Variant, book) -> Score:  # type: ignore[no-untyped-def]
    """Compare ``book`` (parsed from ``v.data``) with ``v.truth``."""
    from reader.text.book import BlockKind
    from reader.text.structure import OPENING_TITLE

    try:
        from reader.text.rejoin import continues_paragraph
    except ImportError:  # an engine from before issue 11 (the benchmark's "before" column)

        def continues_paragraph(book: object, index: int) -> bool:
            return False

    t = v.truth
    sc = Score()
    if book.text != v.text:
        sc.misses.append("the parsed text differs from the generated text")
        return sc
    matched: set[int] = set()
    for ch in book.chapters:
        if ch.title == OPENING_TITLE:
            if t.opening_entry:
                sc.tp += 1
            else:
                sc.fp += 1
                sc.misses.append(f"an Opening entry at {ch.offset}")
            continue
        hit = next(
            (
                k
                for k, (s, e, _x) in enumerate(t.chapters)
                if k not in matched and s <= ch.offset <= e
            ),
            None,
        )
        if hit is None:
            sc.fp += 1
            line = book.text[ch.offset : book.text.find("\n", ch.offset)]
            sc.misses.append(f"false chapter {ch.title!r} at {ch.offset} ({line[:40]!r})")
        else:
            matched.add(hit)
            sc.tp += 1
    for k, (s, _e, text) in enumerate(t.chapters):
        if k not in matched:
            sc.fn += 1
            sc.misses.append(f"missed chapter {text!r} at {s}")
    if t.opening_entry and not any(c.title == OPENING_TITLE for c in book.chapters):
        sc.fn += 1
    for s, e, reason in t.hidden:
        sc.hidden[1] += 1
        if _shown_offsets(book, s, e):
            sc.misses.append(f"{reason} shown: {book.text[s:e]!r} at {s}")
        else:
            sc.hidden[0] += 1
    kinds = book.blocks.kinds()
    footnote_kind = getattr(BlockKind, "FOOTNOTE", None)
    for s, e in t.footnotes:
        if set(book.text[s:e].strip()) <= set("_-—"):
            continue  # the rule above the notes: checked only as "not a scene break" below
        sc.footnotes[1] += 1
        i = book.blocks.index_at(s)
        b = book.blocks[i]
        if footnote_kind is not None and b.start <= s < b.end and b.kind == footnote_kind:
            sc.footnotes[0] += 1
        else:
            sc.misses.append(f"footnote {book.text[s:e]!r} at {s} is a {b.kind.name} block")
    for a, b in t.joins:
        sc.joins[1] += 1
        i, j = book.blocks.index_at(a), book.blocks.index_at(b)
        blk = book.blocks[i]
        if i == j and blk.start <= a and b < blk.end and kinds[i] != BlockKind.VERSE:
            sc.joins[0] += 1
        elif i < j and continues_paragraph(book, j):
            sc.joins[0] += 1  # a page's footnotes stand between the halves
        elif len(sc.misses) < 400:
            sc.misses.append(
                f"broken sentence {book.text[max(a - 20, 0) : a + 1]!r} / {book.text[b : b + 20]!r}"
            )
    for s, e in t.contents:
        sc.contents[1] += 1
        i = book.blocks.index_at(s)
        ok = True
        while i < len(book.blocks) and book.blocks[i].start < e:
            if book.blocks[i].kind != BlockKind.CONTENTS:
                ok = False
            i += 1
        sc.contents[0] += ok
        if not ok:
            sc.misses.append(f"printed contents at {s}–{e} is not one contents block")
    if t.title is not None:
        sc.title[1] += 1
        want = (t.title, t.author if t.author is not None else book.metadata.author)
        got = (book.metadata.title, book.metadata.author)
        if got == want:
            sc.title[0] += 1
        else:
            sc.misses.append(f"title/author {got!r}, want {want!r}")
    sc.opening[1] += 1
    got_open = getattr(book, "opening_offset", None)
    if got_open == t.opening:
        sc.opening[0] += 1
    else:
        sc.misses.append(
            f"opens at {got_open}, want {t.opening} ({v.text[t.opening : t.opening + 30]!r})"
        )
    return sc
