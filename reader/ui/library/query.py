"""The library filter's language: free words and story fields, matched fast (Qt-free).

``fandom:"Vampire Diaries" rating:T complete``, ``tag:slowburn``, ``ship:Damon/Alaric``,
``words:>50000``, ``-tag:angst``: a term is ``field:value`` (the value quoted when it
has spaces), or a free word matched against title, author, file name and the story's
status (so ``complete`` and ``wip`` read as they should). A ``-`` before a term excludes
what it matches. An unknown field (``Re:Zero``) is a free word.

Each record's story is folded once into :class:`StoryKeys` (accents and case removed,
and a *compact* form without spaces or dashes, so ``slowburn`` finds "Slow Burn"); a
keystroke is then one pass of plain substring tests per term over 10,000 rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.store.models import BookRecord
from reader.text.story import StoryInfo, rating_code
from reader.text.story_data import story_from_json

__all__ = [
    "FIELDS",
    "GROUPS",
    "GROUP_TITLES",
    "NO_GROUP",
    "Query",
    "StoryKeys",
    "Term",
    "chapters_text",
    "completions",
    "filter_rows",
    "fold",
    "group_rows",
    "group_title",
    "parse_query",
    "story_keys",
]

FIELDS: dict[str, str] = {
    "fandom": "fandom",
    "fandoms": "fandom",
    "rating": "rating",
    "rated": "rating",
    "tag": "tag",
    "tags": "tag",
    "genre": "tag",
    "ship": "ship",
    "ships": "ship",
    "pairing": "ship",
    "relationship": "ship",
    "character": "character",
    "char": "character",
    "characters": "character",
    "status": "status",
    "series": "series",
    "author": "author",
    "by": "author",
    "title": "title",
    "language": "language",
    "lang": "language",
    "warning": "warning",
    "words": "words",
    "chapters": "chapters",
}
"""Field names the filter understands (and their aliases) → the field they search."""

COMPLETED_FIELDS = ("fandom", "tag", "ship", "character", "rating", "series", "status")
"""Fields whose known values the filter box offers as completions."""

GROUPS = ("", "fandom", "series")
"""How the library can group its rows ('' = not grouped)."""
GROUP_TITLES = {"": "No groups", "fandom": "By fandom", "series": "By series"}
"""The group choices as the library's menu names them (setting ``library_group``)."""
NO_GROUP = "(none)"
"""The group of books without a fandom (or series) when grouping."""

_TERM = re.compile(r'(-?)(?:([^\W\d][\w]*):)?(?:"([^"]*)"?|(\S*))')
_NUMBER = re.compile(r"^(<=|>=|<|>|=)?\s*(\d[\d,_]*)\s*(k|m)?$", re.I)
_COMPACT_DROP = re.compile(r"[\s\-_'’.]+")
_STATUS_WORDS = {
    "complete": "complete",
    "completed": "complete",
    "finished": "complete",
    "done": "complete",
    "wip": "wip",
    "incomplete": "wip",
    "in-progress": "wip",
    "inprogress": "wip",
    "ongoing": "wip",
    "unfinished": "wip",
}


def fold(text: str) -> str:
    """``text`` without accents and case ("Eugène" → "eugene")."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_COMPACT_TABLE = str.maketrans("", "", " \t\n-_'’.")


def compact(text: str) -> str:
    """Folded, without spaces, dashes, dots or apostrophes ("Slow-Burn" → "slowburn")."""
    if text.isascii():
        return text.casefold().translate(_COMPACT_TABLE)
    return _COMPACT_DROP.sub("", fold(text))


@dataclass(slots=True)
class StoryKeys:
    """A record's story fields, folded for matching (empty strings for a plain book).

    List fields are joined with ``\\n`` (a value never holds one), so a substring test
    never matches across two values.
    """

    fandom: str = ""
    rating: str = ""
    rating_code: str = ""
    tag: str = ""
    ship: str = ""
    character: str = ""
    warning: str = ""
    status: str = ""
    series: str = ""
    language: str = ""
    words: int | None = None
    chapters: int | None = None
    ships: tuple[str, ...] = ()
    """Each relationship, compact (for ``ship:A/B``: both names in one relationship)."""
    values: tuple[tuple[str, str], ...] = ()
    """``(field, value)`` as written, for completion (see :func:`completions`)."""


def _joined(values: Iterable[str]) -> str:
    return "\n".join(compact(v) for v in values)


def story_keys(record: BookRecord, story: StoryInfo | None = None) -> StoryKeys:
    """The folded story fields of ``record`` (from its story JSON unless ``story`` is
    given); an empty :class:`StoryKeys` for a book that is no story."""
    if story is None:
        story = story_from_json(record.story) if record.story else None
    if story is None:
        return StoryKeys()
    return StoryKeys(
        fandom=_joined(story.fandoms),
        rating=compact(story.rating),
        rating_code=fold(rating_code(story.rating)),
        tag=_joined(story.tags),
        ship=_joined(story.relationships),
        ships=tuple(compact(r) for r in story.relationships),
        character=_joined(story.characters),
        warning=_joined(story.warnings),
        status=story.status,
        series=compact(story.series),
        language=compact(story.language),
        words=story.words,
        chapters=story.chapters_done,
        values=_values(story),
    )


def _values(story: StoryInfo) -> tuple[tuple[str, str], ...]:
    """The values of ``story`` the filter completes, as ``(field, value)``."""
    fields = {
        "fandom": story.fandoms,
        "tag": story.tags,
        "ship": story.relationships,
        "character": story.characters,
        "rating": (rating_code(story.rating),) if story.rating else (),
        "series": (story.series,) if story.series else (),
        "status": (story.status,) if story.status else (),
    }
    out: list[tuple[str, str]] = []
    for field, items in fields.items():
        for item in items:
            v = " ".join(item.split())[:80]
            if v and '"' not in v:
                out.append((field, v))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a query: a field (``""`` for a free word), its value, and a sign."""

    field: str
    value: str
    negate: bool = False

    def matches(self, free_key: str, keys: StoryKeys) -> bool:
        """True when the record with this search key and story keys matches (sign aside)."""
        f, v = self.field, self.value
        if not f:
            return v in free_key
        if f == "status":
            want = _STATUS_WORDS.get(v, v)
            return keys.status == want
        if f == "rating":
            return keys.rating_code == v or (len(v) > 2 and v in keys.rating)
        if f == "ship":
            names = _ship_names(v)
            return any(all(n in ship for n in names) for ship in keys.ships)
        if f in ("words", "chapters"):
            return _compare(keys.words if f == "words" else keys.chapters, v)
        if f in ("author", "title"):
            return v in free_key
        hay: str = getattr(keys, f)
        return v in hay


def _ship_names(value: str) -> list[str]:
    """The names a ``ship:`` value pairs (``damon/alaric`` → both, in any order)."""
    return [n for n in re.split(r"[/&]+", value) if n] or [value]


def filter_rows(
    query: Query,
    candidates: list[int],
    free_keys: list[str],
    stories: Sequence[StoryKeys | None],
) -> list[int]:
    """The indices of ``candidates`` whose rows match ``query``, in order: one pass of
    plain substring tests per term, each over what the previous left."""
    rows = candidates
    for t in query.terms:
        if not rows:
            break
        f, v, neg = t.field, t.value, t.negate
        if not f or f in ("author", "title"):
            rows = [i for i in rows if (v in free_keys[i]) != neg]
            continue
        keys: Sequence[StoryKeys] = stories  # type: ignore[assignment]  # fielded: all known
        if f == "ship" and not neg:
            # Cheap first: every name somewhere in the row's ships; then per relationship.
            names = _ship_names(v)
            if len(names) == 1:
                rows = [i for i in rows if v in keys[i].ship]
                continue
            for n in names:  # one plain pass per name, as free words do
                rows = [i for i in rows if n in keys[i].ship]
            rows = [i for i in rows if any(all(n in s for n in names) for s in keys[i].ships)]
        elif f in ("fandom", "tag", "character", "warning", "series", "language"):
            rows = [i for i in rows if (v in getattr(keys[i], f)) != neg]
        elif f == "status":
            want = _STATUS_WORDS.get(v, v)
            rows = [i for i in rows if (keys[i].status == want) != neg]
        else:
            rows = [i for i in rows if t.matches(free_keys[i], keys[i]) != neg]
    return rows


def _compare(n: int | None, spec: str) -> bool:
    """``n`` against ``>50000``, ``<10k``, ``12`` (a bad spec matches nothing)."""
    if n is None:
        return False
    m = _NUMBER.match(spec)
    if m is None:
        return False
    op, digits, scale = m.group(1) or "=", m.group(2), (m.group(3) or "").lower()
    value = int(digits.replace(",", "").replace("_", ""))
    value *= {"k": 1000, "m": 1_000_000}.get(scale, 1)
    return {
        "<": n < value,
        ">": n > value,
        "<=": n <= value,
        ">=": n >= value,
        "=": n == value,
    }[op]


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed filter: its terms, free words first."""

    terms: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the filter shows everything."""
        return not self.terms

    @property
    def fielded(self) -> bool:
        """True when a term names a field (the story keys are needed)."""
        return any(t.field for t in self.terms)

    def free_words(self) -> list[str]:
        """The free words that are not negated (for the fast narrowing path)."""
        return [t.value for t in self.terms if not t.field and not t.negate]

    def matches(self, free_key: str, keys: StoryKeys) -> bool:
        """True when every term matches (a negated term: when it does not)."""
        return all(t.matches(free_key, keys) != t.negate for t in self.terms)


def parse_query(text: str) -> Query:
    """The terms of the filter text ``text`` (never raises)."""
    terms: list[Term] = []
    for m in _TERM.finditer(text[:2000]):
        neg, name, quoted, bare = m.group(1), m.group(2), m.group(3), m.group(4)
        raw = quoted if quoted is not None else (bare or "")
        field = FIELDS.get(name.casefold(), "") if name else ""
        if name and not field:
            raw = f"{name}:{raw}"  # not a field: the whole token is a free word
        if field in ("words", "chapters"):
            value = raw.strip()
        elif field in ("", "author", "title"):
            value = fold(raw).strip()
        elif field == "rating":
            value = fold(raw).strip()
            value = value if len(value) <= 2 else compact(value)
        else:
            value = compact(raw)
        if field in ("", "author", "title"):
            # Free words (and author/title) may hold several words: each must match.
            for word in value.split():
                terms.append(Term(field, word, bool(neg)))
            continue
        if value:
            terms.append(Term(field, value, bool(neg)))
    terms.sort(key=lambda t: (bool(t.field), t.negate))
    return Query(tuple(terms))


def completions(stories: Iterable[StoryKeys]) -> list[str]:
    """``field:value`` suggestions for every known story value (quoted when it has
    spaces), fields in :data:`COMPLETED_FIELDS` order, most used first within each."""
    counts: dict[tuple[str, str], int] = {}
    for keys in stories:
        for pair in keys.values:
            counts[pair] = counts.get(pair, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (COMPLETED_FIELDS.index(kv[0][0]), -kv[1]))
    out = [f"{field}:{_quote(v)}" for (field, v), _n in ranked]
    seen = set(out)
    for field in COMPLETED_FIELDS:
        for v in ("complete", "wip") if field == "status" else ():
            item = f"status:{v}"
            if item not in seen:
                out.append(item)
    return out


def _quote(value: str) -> str:
    return f'"{value}"' if any(ch.isspace() for ch in value) else value


def chapters_text(record: BookRecord) -> str:
    """A story's chapters as AO3 writes them (``12``, ``3/?``, ``3/10``), or ''."""
    if record.chapters_done is None:
        return ""
    if record.chapters_planned is not None:
        return f"{record.chapters_done}/{record.chapters_planned}"
    if record.story_status == "wip":
        return f"{record.chapters_done}/?"
    return str(record.chapters_done)


def group_rows(records: list[BookRecord], rows: list[int], by: str) -> tuple[list[int], list[str]]:
    """``rows`` (indices into ``records``) under a heading per group — named groups A–Z,
    then the books in none — and the headings ("Title (count)"): heading ``k`` is
    ``-1 - k`` in the returned rows. Rows keep their order inside a group."""
    groups: dict[str, list[int]] = {}
    for i in rows:
        groups.setdefault(group_title(records[i], by), []).append(i)
    names = sorted((g for g in groups if g), key=fold)
    if "" in groups:
        names.append("")
    headings: list[str] = []
    out: list[int] = []
    for name in names:
        members = groups[name]
        headings.append(f"{name or NO_GROUP} ({len(members)})")
        out.append(-len(headings))
        out.extend(members)
    return out, headings


def group_title(record: BookRecord, by: str) -> str:
    """The group ``record`` falls in when grouping ``by`` fandom or series ('' = none)."""
    if by == "fandom":
        return record.fandom
    if by == "series":
        return record.series
    return ""
