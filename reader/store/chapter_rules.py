"""The reader's chapter rules, per book (table ``chapter_rules``; see
:mod:`reader.text.chapter_rules` for what they do).

Rules belong to the library row, not to a file: they survive re-parsing, a moved file
and an updated version of a story (which takes over the row). They are deleted with
the book.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.store.base import Repository, StoreError, utc_now
from reader.text.chapter_rules import MAX_RULES, ChapterRule, RuleKind

_KINDS: frozenset[str] = frozenset({"pattern", "mark", "unmark"})


@dataclass(frozen=True, slots=True)
class StoredRule:
    """A chapter rule as stored: its id, book and when it was made."""

    id: int
    book_id: int
    rule: ChapterRule
    created: str


class ChapterRules(Repository):
    """Reading and changing the chapter rules of the books in the library."""

    def rules(self, book_id: int) -> list[StoredRule]:
        """The rules of book ``book_id``, oldest first."""
        rows = self._all(
            "SELECT id, book_id, kind, pattern, line, created FROM chapter_rules "
            "WHERE book_id = ? ORDER BY id",
            (book_id,),
        )
        out: list[StoredRule] = []
        for rid, bid, kind, pattern, line, created in rows:
            if kind in _KINDS:
                rule = ChapterRule(_kind(kind), str(pattern), str(line))
                out.append(StoredRule(int(rid), int(bid), rule, str(created)))
        return out

    def for_parsing(self, book_id: int) -> tuple[ChapterRule, ...]:
        """Just the rules of book ``book_id``, in order, as the parser takes them."""
        return tuple(r.rule for r in self.rules(book_id))

    def add(self, book_id: int, rule: ChapterRule) -> StoredRule:
        """Add ``rule`` to the book. A ``mark`` or ``unmark`` replaces any rule for the same
        line (the reader's latest word counts); an identical pattern is not added twice."""
        if rule.kind not in _KINDS:
            raise ValueError(f"unknown chapter rule kind {rule.kind!r}")
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM books WHERE id = ?", (book_id,)).fetchone():
                raise StoreError("That book is no longer in the library.")
            if rule.kind == "pattern":
                row = conn.execute(
                    "SELECT id, created FROM chapter_rules "
                    "WHERE book_id = ? AND kind = 'pattern' AND pattern = ?",
                    (book_id, rule.pattern),
                ).fetchone()
                if row is not None:
                    return StoredRule(int(row[0]), book_id, rule, str(row[1]))
            else:
                conn.execute(
                    "DELETE FROM chapter_rules WHERE book_id = ? AND kind != 'pattern' "
                    "AND line = ?",
                    (book_id, rule.line),
                )
            (count,) = conn.execute(
                "SELECT count(*) FROM chapter_rules WHERE book_id = ?", (book_id,)
            ).fetchone()
            if count >= MAX_RULES:
                raise StoreError(
                    f"This book already has {MAX_RULES} chapter rules; remove some first."
                )
            created = utc_now()
            cur = conn.execute(
                "INSERT INTO chapter_rules(book_id, kind, pattern, line, created) "
                "VALUES (?,?,?,?,?)",
                (book_id, rule.kind, rule.pattern, rule.line, created),
            )
        return StoredRule(int(cur.lastrowid or 0), book_id, rule, created)

    def set_rules(self, book_id: int, rules: Sequence[ChapterRule]) -> None:
        """Make ``rules`` (in order) the rules of book ``book_id``, in one transaction: rules
        it keeps keep their rows, the others are deleted, new ones added."""
        if len(rules) > MAX_RULES:
            raise StoreError(f"A book can have at most {MAX_RULES} chapter rules.")
        if any(r.kind not in _KINDS for r in rules):
            raise ValueError("unknown chapter rule kind")
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM books WHERE id = ?", (book_id,)).fetchone():
                raise StoreError("That book is no longer in the library.")
            rows = conn.execute(
                "SELECT id, kind, pattern, line FROM chapter_rules WHERE book_id = ? ORDER BY id",
                (book_id,),
            ).fetchall()
            wanted = list(dict.fromkeys(rules))
            for rid, kind, pattern, line in rows:
                rule = ChapterRule(_kind(kind), str(pattern), str(line))
                if rule in wanted:
                    wanted.remove(rule)
                else:
                    conn.execute("DELETE FROM chapter_rules WHERE id = ?", (rid,))
            created = utc_now()
            conn.executemany(
                "INSERT INTO chapter_rules(book_id, kind, pattern, line, created) "
                "VALUES (?,?,?,?,?)",
                [(book_id, r.kind, r.pattern, r.line, created) for r in wanted],
            )

    def remove(self, rule_id: int) -> None:
        """Delete one rule (nothing happens when it is already gone)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM chapter_rules WHERE id = ?", (rule_id,))


def _kind(value: str) -> RuleKind:
    if value == "pattern":
        return "pattern"
    return "mark" if value == "mark" else "unmark"


__all__ = ["ChapterRules", "StoredRule"]
