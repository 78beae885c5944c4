"""Title, author and language of a book, from its headers, its title page or its file name.

Sources, in order of trust (every one found is kept, with why it won or lost, in
:attr:`Metadata.candidates` for ``quire info``):

1. Project Gutenberg headers (``Title:``, ``Author:``, ``Language:`` before the
   ``*** START OF`` line), or the old first-line form
   ``The Project Gutenberg EBook of <title>, by <author>``;
2. the Aozora Bunko header: title on the first line, author on the last line
   of the opening block (a middle line is a subtitle; a translator line ending
   in 訳 is skipped);
3. export headers near the top (``Title: …``, ``Author: …``, ``作者：…``, ``Автор: …``);
4. the title page: the lines that open the book, in any script
   (:mod:`reader.text.titlepage`) — they beat the file name;
5. the file name, read in the conventions people use (:mod:`reader.text.filenames`:
   ``《书名》作者：…``, FanFicFare's ``Title-site_12345``, ``Author - Title`` …);
   a name that is only an id or a hash gives nothing;
6. the book's opening words ("He has it all planned out…").

Banner and credit lines (and the ranges a caller passes as ``skip``) are never
read as a title. The language is the Gutenberg ``Language:`` header when there is
one, else a guess from the scripts used and, for Latin script, from counts of
common words.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.text import rx
from reader.text.book import Metadata, TitleCandidate
from reader.text.filenames import read_file_name
from reader.text.furniture import is_banner_line, is_credit_line
from reader.text.titlepage import AUTHOR_FIELD, TITLE_FIELD, opening_words, read_title_page

__all__ = ["guess_language", "guess_metadata", "language_code", "title_from_file_name"]

_HEAD_LINES = 300
_EXPORT_HEAD_LINES = 40
_HEAD_CHARS = 60_000

_LANGUAGE_FIELD = rx.lazy_stdlib(r"^\s*language\s*:\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)
_PG_START = rx.lazy_stdlib(r"^\s*\*{3}\s*START OF", re.IGNORECASE)
_PG_FIRST_LINE = rx.lazy_stdlib(
    r"^\s*(?:the\s+)?project\s+gutenberg(?:'s|’s|\s+e-?book\s+of|\s+etext\s+of|'s\s+etext\s+of"
    r"|’s\s+etext\s+of)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)

_LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "russian": "ru",
    "chinese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "latin": "la",
    "greek": "el",
    "swedish": "sv",
    "danish": "da",
    "norwegian": "no",
    "finnish": "fi",
    "polish": "pl",
    "czech": "cs",
    "hungarian": "hu",
    "ukrainian": "uk",
    "esperanto": "eo",
    "hebrew": "he",
    "arabic": "ar",
    "catalan": "ca",
    "welsh": "cy",
    "irish": "ga",
    "icelandic": "is",
    "tagalog": "tl",
}

_STOPWORDS = {
    "en": "the and of to a in that was he it his her with had for you not but as on she is",
    "fr": "le la les et de des un une que qui il elle est dans pas ne se au du sur pour avec",
    "de": "der die das und ist nicht ein eine ich sie er zu den mit sich auf des dem im auch",
    "es": "el la los las y de que en un una por con no se su para es lo como del al",
    "it": "il la di che e un una per non con si è del della le gli lo ma anche nel",
    "pt": "o a os as e de que em um uma não com para se por do da no na mais",
    "nl": "de het een en van ik niet dat is op te zijn met hij ze die voor maar",
    "sv": "och att det som en på är av för med inte den till jag har var han",
    "pl": "i w nie na się z że do to jest jak ale o co tak go po jego",
}
_STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = rx.lazy_stdlib(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


# --------------------------------------------------------------------------- public


def guess_metadata(
    text: str,
    file_name: str,
    *,
    aozora: bool = False,
    skip: list[tuple[int, int]] | None = None,
) -> Metadata:
    """Title, author and language of a book from its text and file name.

    ``text`` is the decoded, newline-normalised book text; ``file_name`` may be
    a bare name or a path. ``aozora`` says the text uses Aozora Bunko notation
    (its header is then read even without the usual notation block). ``skip``
    (sorted ranges: the parse's front matter and dropped lines) is never read
    as a title. Never raises; fields that cannot be found are "".
    """
    head = _blanked(text[:_HEAD_CHARS], skip or [])
    lines = head.split("\n", _HEAD_LINES)[:_HEAD_LINES]
    found: list[tuple[str, str, str, str]] = []  # (source, title, author, how)
    header_language = ""
    body = lines  # where a title page may stand
    if _is_gutenberg(lines):
        title, author, header_language = _gutenberg_fields(lines)
        found.append(("Gutenberg header", title, author, "the Title/Author header lines"))
        start = next((i for i, ln in enumerate(lines) if _PG_START.match(ln)), None)
        body = lines[start + 1 :] if start is not None else []
    elif aozora or _is_aozora(lines):
        title, author = _aozora_fields(lines)
        found.append(("Aozora header", title, author, "the lines above the notation block"))
    if body is lines:
        title, author = _export_fields(lines)
        found.append(("export header", title, author, "Title:/Author: lines at the top"))
    page = read_title_page(_readable(body))
    if page is not None:
        found.append(("title page", page.title, page.author, page.why))
    name = read_file_name(file_name) if file_name else None
    if name is not None:
        how = "only an id or a hash" if name.how == "id" else f"read as {name.how}"
        found.append(("file name", name.title, name.author, how))
    if not any(t for _s, t, _a, _h in found):
        words = opening_words(_readable(lines))
        found.append(("opening words", words, "", "the book has no title line"))
    language = language_code(header_language) or guess_language(text)
    return _choose(found, language)


def _choose(found: list[tuple[str, str, str, str]], language: str) -> Metadata:
    """The first source with a title gives the title, the first with an author the
    author; every source found becomes a :class:`TitleCandidate` saying why."""
    found = [(src, _clean(t), _clean(a), how) for src, t, a, how in found]
    found = [f for f in found if f[1] or f[2]]
    winner = next((f for f in found if f[1]), None)
    author_from = next((f for f in found if f[2]), None)
    title = winner[1] if winner else ""
    author = author_from[2] if author_from else ""
    cands: list[TitleCandidate] = []
    for f in found:
        src, t, a, how = f
        if f is winner:
            note = f"chosen: {how}"
            if author_from is not None and author_from is not winner:
                note += f"; the author from the {author_from[0]}"
        elif f is author_from:
            note = f"gave the author ({how}); the title from the {winner[0] if winner else '?'}"
        elif winner is not None:
            note = f"not used ({how}): the {winner[0]} comes first"
        else:
            note = f"not used ({how})"
        cands.append(TitleCandidate(src, t, a, f is winner, note))
    cands.sort(key=lambda c: not c.chosen)
    return Metadata(title=title, author=author, language=language, candidates=tuple(cands))


def _blanked(head: str, skip: list[tuple[int, int]]) -> str:
    """``head`` with the ranges of ``skip`` blanked (line breaks kept)."""
    if not skip:
        return head
    parts: list[str] = []
    pos = 0
    for s, e in skip:
        if s >= len(head):
            break
        if s < pos:
            continue
        e = min(e, len(head))
        parts.append(head[pos:s])
        parts.append(re.sub(r"[^\n]", " ", head[s:e]))
        pos = e
    parts.append(head[pos:])
    return "".join(parts)


def _readable(lines: list[str]) -> list[str]:
    """``lines`` with banner and credit lines blanked (never a title)."""
    return ["" if is_banner_line(ln) or is_credit_line(ln) else ln for ln in lines[:80]]


def title_from_file_name(file_name: str) -> str:
    """A readable title from a file name (see :func:`reader.text.filenames.read_file_name`):
    ``pride_and_prejudice__pg1342.txt`` → "Pride and Prejudice"; "" for a name that is
    only an id or a hash (``004_2b6f1807d6bb2112.txt``)."""
    return read_file_name(file_name).title


def guess_language(text: str, header_language: str | None = None) -> str:
    """ISO 639-1 code for the language of ``text`` ('' when unknown).

    A Gutenberg-style ``header_language`` (``French``, ``fr`` …) wins when it
    is recognised. Otherwise the script decides — kana → ``ja``, Han without
    kana → ``zh``, Hangul → ``ko``, Cyrillic → ``ru`` (``uk`` with Ukrainian
    letters), Greek, Arabic, Hebrew, Thai, Devanagari — and Latin-script text
    is told apart by counting common words in samples from the middle of the book.
    """
    code = language_code(header_language or "")
    if code:
        return code
    sample = _language_sample(text)
    if not sample:
        return ""
    scripts = _script_counts(sample)
    total = sum(scripts.values())
    if total == 0:
        return ""
    cjk = scripts["han"] + scripts["kana"]
    if scripts["kana"] and scripts["kana"] * 20 >= scripts["han"]:
        return "ja"
    if cjk * 2 >= total:
        return "zh" if scripts["han"] else "ja"
    if scripts["hangul"] * 2 >= total:
        return "ko"
    major, count = max(scripts.items(), key=lambda kv: kv[1])
    if count * 2 < total:
        return ""
    if major == "cyrillic":
        return "uk" if re.search(r"[ієїґІЄЇҐ]", sample) else "ru"
    simple = {
        "greek": "el",
        "arabic": "ar",
        "hebrew": "he",
        "thai": "th",
        "devanagari": "hi",
        "han": "zh",
        "kana": "ja",
        "hangul": "ko",
    }
    if major in simple:
        return simple[major]
    return _latin_language(sample)


def language_code(name: str) -> str:
    """ISO 639-1 code for a language name or code (``French`` → ``fr``), '' if unknown."""
    key = name.strip().lower()
    if not key:
        return ""
    key = re.split(r"[,;/(]| and ", key, maxsplit=1)[0].strip()
    if key in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[key]
    if len(key) == 2 and key in _LANGUAGE_NAMES.values():
        return key
    return ""


# --------------------------------------------------------------------------- headers


def _is_gutenberg(lines: list[str]) -> bool:
    return any("project gutenberg" in line.lower() for line in lines[:40])


def _gutenberg_fields(lines: list[str]) -> tuple[str, str, str]:
    title = author = language = ""
    for i, line in enumerate(lines):
        if _PG_START.match(line):
            break
        if not title and (m := re.match(r"^\s*title\s*:\s*(\S.*?)\s*$", line, re.IGNORECASE)):
            title = _with_continuation(m.group(1), lines, i)
        elif not author and (m := AUTHOR_FIELD.match(line)):
            author = _with_continuation(m.group("value"), lines, i)
        elif not language and (m := _LANGUAGE_FIELD.match(line)):
            language = m.group("value")
    if not title or not author:
        old_title, old_author = _gutenberg_first_line(lines)
        title = title or old_title
        author = author or old_author
    return title, author, language


def _with_continuation(value: str, lines: list[str], i: int) -> str:
    """A header value plus its indented continuation lines (long Gutenberg titles)."""
    parts = [value]
    for nxt in lines[i + 1 : i + 4]:
        if not nxt.strip() or not nxt[:1].isspace() or ":" in nxt:
            break
        parts.append(nxt.strip())
    return " ".join(parts)


def _gutenberg_first_line(lines: list[str]) -> tuple[str, str]:
    """``The Project Gutenberg EBook of X, by Y`` (possibly wrapped over two lines)."""
    para: list[str] = []
    for line in lines[:12]:
        if line.strip():
            para.append(line.strip())
        elif para:
            break
    m = _PG_FIRST_LINE.match(" ".join(para))
    if not m:
        return "", ""
    rest = m.group("rest").strip()
    cut = rest.lower().rfind(", by ")
    if cut == -1:
        cut = rest.lower().rfind(" by ")
        if cut == -1:
            return rest.rstrip(",. "), ""
        return rest[:cut].rstrip(",. "), rest[cut + 4 :].strip(" .")
    return rest[:cut].strip(), rest[cut + 5 :].strip(" .")


def _is_aozora(lines: list[str]) -> bool:
    head = "\n".join(lines[:40])
    return "【テキスト中に現れる記号について】" in head or (
        "《》" in head and "-------" in head and "ルビ" in head
    )


def _aozora_fields(lines: list[str]) -> tuple[str, str]:
    block: list[str] = []
    for line in lines[:8]:
        stripped = line.strip()
        if not stripped or stripped.startswith(("---", "【")):
            break
        block.append(stripped)
    if not block:
        return "", ""
    if len(block) == 1:
        return block[0], ""
    names = [b for b in block[1:] if not b.endswith(("訳", "編", "校訂", "訳注"))]
    author = names[-1] if names else block[1]
    subtitle = [b for b in block[1:] if b != author and b in names]
    title = " ".join([block[0], *subtitle])
    return title, author


def _export_fields(lines: list[str]) -> tuple[str, str]:
    """``Title: …`` and ``Author: …`` export header lines near the top."""
    title = author = ""
    for line in lines[:_EXPORT_HEAD_LINES]:
        if not title and (m := TITLE_FIELD.match(line)):
            title = m.group("value")
        elif not author and (m := AUTHOR_FIELD.match(line)):
            author = m.group("value")
    return title, author


def _clean(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    return value.strip("*_=~#").strip()


# --------------------------------------------------------------------------- language


def _language_sample(text: str) -> str:
    """Up to ~24k characters from the middle of the book (past any header)."""
    n = len(text)
    if n <= 24_000:
        return text
    mid = n // 2
    return text[mid - 8_000 : mid + 8_000] + "\n" + text[n // 4 : n // 4 + 8_000]


_SCRIPT_RANGES = (
    ("latin", 0x0041, 0x024F),
    ("greek", 0x0370, 0x03FF),
    ("cyrillic", 0x0400, 0x052F),
    ("hebrew", 0x0590, 0x05FF),
    ("arabic", 0x0600, 0x06FF),
    ("devanagari", 0x0900, 0x097F),
    ("thai", 0x0E00, 0x0E7F),
    ("hangul", 0x1100, 0x11FF),
    ("kana", 0x3040, 0x30FF),
    ("han", 0x3400, 0x4DBF),
    ("han", 0x4E00, 0x9FFF),
    ("hangul", 0xAC00, 0xD7AF),
    ("han", 0xF900, 0xFAFF),
    ("kana", 0xFF66, 0xFF9F),
)


def _script_counts(sample: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for ch, n in Counter(sample).items():
        if not ch.isalpha():
            continue
        cp = ord(ch)
        for script, lo, hi in _SCRIPT_RANGES:
            if lo <= cp <= hi:
                counts[script] += n
                break
    return counts


def _latin_language(sample: str) -> str:
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return ""
    freq = Counter(words)
    scores = {lang: sum(freq[w] for w in stop) for lang, stop in _STOPWORD_SETS.items() if stop}
    best = max(scores, key=lambda lang: scores[lang])
    ranked = sorted(scores.values(), reverse=True)
    if scores[best] < 5 or scores[best] * 20 < len(words):
        return ""
    if len(ranked) > 1 and ranked[1] * 1.2 > scores[best] and scores[best] < 50:
        return ""  # too close to call on a small sample
    return best
