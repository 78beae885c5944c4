"""A book's title page: the title and author its first lines give, in any script.

The lines that open a book before its text proper — each standing alone, short,
neither a sentence nor a heading — are its title page: ``WAR AND PEACE`` /
``By Leo Tolstoy``, ``Лев Толстой`` / ``Война и мир`` / ``Роман``, ``《三体》`` /
``作者：刘慈欣``. Which line is the author is told by a by-line or a label, else by
which line reads as a person's name, else by the order each script's books use
(the author first in Russian books, the title first elsewhere). Genre lines
("A Novel", "Роман в четырёх томах", "长篇小说") are passed over.

When a book has no title line at all, :func:`opening_words` names it after its first
words ("He has it all planned out…").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.text import rx
from reader.text.filenames import looks_like_name, title_case

__all__ = ["HEADING_LINE", "TitlePage", "opening_words", "read_title_page"]

_TITLE_LABELS = r"(?:title|titre|titel|título|titolo|название|标题|標題|书名|書名|タイトル)"
_AUTHOR_LABELS = r"(?:author|authors|auteur|autor|autore|автор|作者|著者)"
_LABEL_RE = r"\s*[:：]\s*(?P<value>\S.*?)\s*$"
TITLE_FIELD = rx.lazy_stdlib(rf"^\s*{_TITLE_LABELS}{_LABEL_RE}", re.IGNORECASE)
AUTHOR_FIELD = rx.lazy_stdlib(rf"^\s*{_AUTHOR_LABELS}{_LABEL_RE}", re.IGNORECASE)
BY_LINE = rx.lazy_stdlib(
    r"^\s*(?:by|par|von|автор)\s*:?\s+(?P<value>\S.{0,78}?)\s*$", re.IGNORECASE
)
_BRACKET_TITLE = rx.lazy_stdlib(r"^\s*[《「『](?P<value>[^》」』]{1,60})[》」』]\s*$")
_CJK_CHAR = rx.lazy_stdlib(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_FIRST = "\u3040"
"""No character below this one is in :data:`_CJK_CHAR`."""


def _has_cjk(line: str) -> bool:
    """Whether ``line`` holds a Chinese or Japanese character (compiling the pattern, ~1 ms,
    only for a line with a character as high as that)."""
    return bool(line) and max(line) >= _CJK_FIRST and _CJK_CHAR.search(line) is not None


_CYRILLIC = rx.lazy_stdlib(r"[\u0400-\u04ff]")
_NUMBER = (
    r"(?:[0-9]+|[ivxlcdm]+\b|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|first|second|third|fourth|fifth|last|the\s+\w+)"
)
HEADING_LINE = rx.lazy_stdlib(
    rf"""^\s*(?:
        (?:chapter|ch\.?|part|book|volume|vol\.?|act|scene|canto|section|stave|letter)
          \s*{_NUMBER}.*
      | (?:prologue|epilogue|preface|foreword|introduction|contents|table\ of\ contents
         |interlude|afterword|dedication|disclaimer|author'?s?\ note|a/n)\b.*
      | (?:chapitre|partie|livre|kapitel|teil|buch|capítulo|capitolo|parte)\s*{_NUMBER}.*
      | (?:première|deuxième|troisième|seconde)\s+partie.*
      | (?:глава|часть|книга|том|вступление|пролог|эпилог|предисловие|посвящение|оглавление
         |содержание)\b.*
      | 第\s*[0-9０-９一二三四五六七八九十百千零〇两]+\s*[章回节節卷部集篇幕].*
      | (?:序章|序言|楔子|番外|尾声|目录|目次|前言|后记|後記).*
      | [0-9]+\.?
      | [IVXLCDM]+\.?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A line that is a heading or a contents title, never a title page's line."""
_GENRE = rx.lazy_stdlib(
    r"^\s*(?:a\s+|an\s+)?(?:novel|romance|novella|story|stories|tale|tales|poem|play|roman|"
    r"nouvelle|roman\w*|роман|повесть|повести|рассказ\w*|поэма|сказк\w*|пьеса|сочинени\w*|"
    r"长篇小说|長篇小説|小说|小説)\b.*$",
    re.IGNORECASE,
)
_CJK_STOP = "。．.！!？?、，,：:；;」』”"


class TitlePage(NamedTuple):
    """What a title page says, and how the lines were read (for ``quire info``)."""

    title: str
    author: str
    why: str


def _is_title_line(line: str) -> bool:
    """A short line that is not a sentence, a heading, a label or an ornament."""
    if len(line) > 80 or len(line.split()) > 12 or not any(ch.isalpha() for ch in line):
        return False
    if line[-1] in ".,;:" or line[0] in "\"'“‘«„-—(":
        return False
    return not (HEADING_LINE.match(line) or TITLE_FIELD.match(line) or AUTHOR_FIELD.match(line))


def _shown(value: str) -> str:
    """A title-page line as a title: capitals made title case in Latin script."""
    value = " ".join(value.split())
    if value.isupper() and not _CYRILLIC.search(value) and not _has_cjk(value):
        return title_case(value)
    return value


def _name(value: str) -> str:
    """An author's name as shown: capitals made title case (Latin and Cyrillic)."""
    value = " ".join(value.split())
    return title_case(value) if value.isupper() else value


def _entries(lines: list[str]) -> list[tuple[str, str]]:
    """``(kind, text)`` of the title page's lines: ``by``, ``author``, ``title`` (labelled
    or bracketed), ``genre`` or ``line``; empty when the book does not open with one."""
    out: list[tuple[str, str]] = []
    nonblank = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    for k, (i, line) in enumerate(nonblank[:8]):
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if m := BY_LINE.match(line):
            if not out:
                return []
            out.append(("by", m.group("value")))
            continue
        if m := AUTHOR_FIELD.match(line):
            out.append(("author", m.group("value")))
            continue
        if m := TITLE_FIELD.match(line):
            out.append(("title", m.group("value")))
            continue
        if m := _BRACKET_TITLE.match(line):
            out.append(("title", m.group("value")))
            continue
        if not _is_title_line(line):
            break
        cjk_pair = (
            _has_cjk(line)
            and len(line) <= 30
            and line[-1] not in _CJK_STOP
            and k + 1 < len(nonblank)
            and nonblank[k + 1][0] == i + 1
            and _has_cjk(nonblank[k + 1][1])
            and len(nonblank[k + 1][1]) <= 30
            and (i + 2 >= len(lines) or not lines[i + 2].strip())
        )
        standalone = not nxt or BY_LINE.match(nxt) or AUTHOR_FIELD.match(nxt)
        after_pair = out and out[-1][0] == "cjk" and nonblank[k - 1][0] == i - 1
        if not (standalone or cjk_pair or after_pair):
            break
        if _GENRE.match(line) and out:
            out.append(("genre", line))
        else:
            out.append(("cjk" if cjk_pair else "line", line))
    return out


def read_title_page(lines: list[str]) -> TitlePage | None:
    """The title and author of the title page opening ``lines`` (the book's first lines,
    banners and credits already blanked), or None when it opens with no title page."""
    entries = _entries(lines)
    if not entries:
        return None
    labelled_title = next((v for k, v in entries if k == "title"), "")
    author = next((v for k, v in entries if k in ("by", "author")), "")
    plain = [v for k, v in entries if k in ("line", "cjk")]
    if labelled_title or author:
        title = labelled_title or (plain[0] if plain else "")
        if not title:
            return None
        how = "a by-line or label names the author" if author else "a labelled title"
        return TitlePage(_shown(title), _name(author), how)
    if len(plain) == 1:
        return TitlePage(_shown(plain[0]), "", "one line standing alone at the top")
    first, second = plain[0], plain[1]
    if entries[0][0] == "cjk":
        return TitlePage(first, second, "two short lines at the top: title, then author")
    a, b = looks_like_name(_name(first)), looks_like_name(_name(second))
    if a and not b:
        return TitlePage(_shown(second), _name(first), "the first line reads as a name")
    if b and not a:
        return TitlePage(_shown(first), _name(second), "the second line reads as a name")
    if a and b and _CYRILLIC.search(first):
        return TitlePage(_shown(second), _name(first), "Russian books name the author first")
    if a and b:
        return TitlePage(_shown(first), _name(second), "the title comes first, then the author")
    return TitlePage(_shown(first), "", "the first of the lines at the top")


_CLAUSE = rx.lazy_stdlib(r"[.:;!?…—–]|\s-\s|,")
_CJK_CLAUSE = rx.lazy_stdlib(r"[，。！？；：…、]")


def opening_words(lines: list[str], *, words: int = 8) -> str:
    """A title made of a book's first words, for a book with no title line: its first
    clause (up to ``words`` words), ending in "…" (``"He has it all planned out…"``)."""
    for raw in lines:
        line = raw.strip()
        if not line or HEADING_LINE.match(line) or not any(ch.isalpha() for ch in line):
            continue
        line = line.lstrip("\"'“‘«„-—*_ ")
        if _has_cjk(line[:4]):
            cut = _CJK_CLAUSE.search(line, 4)
            head = line[: cut.start() if cut and cut.start() <= 16 else 12]
            return head + "…"
        toks = line.split()
        cut = _CLAUSE.search(line)
        if cut:
            clause = line[: cut.start()].split()
            if 3 <= len(clause) <= words:
                return " ".join(clause) + "…"
        return " ".join(toks[:words]).rstrip(",;:") + "…"
    return ""
