"""Title, author and language of a book, from its headers or its file name.

Sources, in order of trust:

1. Project Gutenberg headers (``Title:``, ``Author:``, ``Language:`` before the
   ``*** START OF`` line), or the old first-line form
   ``The Project Gutenberg EBook of <title>, by <author>``;
2. the Aozora Bunko header: title on the first line, author on the last line
   of the opening block (a middle line is a subtitle; a translator line ending
   in 訳 is skipped);
3. export headers near the top (``Title: …``, ``Author: …``, ``作者：…``,
   ``Автор: …``) and a title line: a short first line standing alone that is
   not a sentence and not a chapter heading, optionally followed by ``by …``;
4. the file name, cleaned (``pride_and_prejudice__pg1342.txt`` → "Pride and Prejudice").

The language is the Gutenberg ``Language:`` header when there is one, else a
guess from the scripts used and, for Latin script, from counts of common words.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from reader.text.book import Metadata

__all__ = ["guess_language", "guess_metadata", "language_code", "title_from_file_name"]

_HEAD_LINES = 300
_EXPORT_HEAD_LINES = 40

_TITLE_LABELS = r"(?:title|titre|titel|título|titolo|название|标题|標題|书名|書名|タイトル)"
_AUTHOR_LABELS = r"(?:author|authors|auteur|autor|autore|автор|作者|著者)"
_LABEL_RE = r"\s*[:：]\s*(?P<value>\S.*?)\s*$"
_TITLE_FIELD = re.compile(rf"^\s*{_TITLE_LABELS}{_LABEL_RE}", re.IGNORECASE)
_AUTHOR_FIELD = re.compile(rf"^\s*{_AUTHOR_LABELS}{_LABEL_RE}", re.IGNORECASE)
_LANGUAGE_FIELD = re.compile(r"^\s*language\s*:\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)
_BY_LINE = re.compile(r"^\s*(?:by|par|von|автор)\s*:?\s+(?P<value>\S.{0,78}?)\s*$", re.IGNORECASE)
_PG_START = re.compile(r"^\s*\*{3}\s*START OF", re.IGNORECASE)
_PG_FIRST_LINE = re.compile(
    r"^\s*(?:the\s+)?project\s+gutenberg(?:'s|’s|\s+e-?book\s+of|\s+etext\s+of|'s\s+etext\s+of"
    r"|’s\s+etext\s+of)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BRACKET_TITLE = re.compile(r"^\s*[《「『](?P<value>[^》」』]{1,60})[》」』]\s*$")

_NUMBER = (
    r"(?:[0-9]+|[ivxlcdm]+\b|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|first|second|third|fourth|fifth|last|the\s+\w+)"
)
_HEADING = re.compile(
    rf"""^\s*(?:
        (?:chapter|ch\.?|part|book|volume|vol\.?|act|scene|canto|section|stave|letter)
          \s*{_NUMBER}.*
      | (?:prologue|epilogue|preface|foreword|introduction|contents|table\ of\ contents
         |interlude|afterword|dedication|disclaimer|author'?s?\ note|a/n)\b.*
      | (?:chapitre|partie|livre|kapitel|teil|buch|capítulo|capitolo|parte)\s*{_NUMBER}.*
      | (?:première|deuxième|troisième|seconde)\s+partie.*
      | (?:глава|часть|книга|том|вступление|пролог|эпилог|предисловие|посвящение|оглавление)\b.*
      | 第\s*[0-9０-９一二三四五六七八九十百千零〇两]+\s*[章回节節卷部集篇幕].*
      | (?:序章|序言|楔子|番外|尾声|目录|目次|前言|后记|後記).*
      | [0-9]+\.?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ROMAN_LINE = re.compile(r"^\s*[IVXLCDM]+\.?\s*$")

_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of"}
    | {"on", "onto", "or", "the", "to", "upon", "vs", "with"}
)
_PG_NAME_SUFFIX = re.compile(r"(?:[-_.\s]*pg\d+)?(?:-\d{1,2})?$", re.IGNORECASE)
_ENCODING_SUFFIX = re.compile(
    r"\.(?:utf-?8|utf-?16(?:le|be)?|utf-?32(?:le|be)?|ascii|latin-?1|gbk|gb2312|gb18030|big5"
    r"|sjis|shift[-_]?jis|cp\d{3,4}|win(?:dows)?-?\d{3,4}|koi8-?[ru])(?:[-_.]?bom)?$",
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
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


# --------------------------------------------------------------------------- public


def guess_metadata(text: str, file_name: str, *, aozora: bool = False) -> Metadata:
    """Title, author and language of a book from its text and file name.

    ``text`` is the decoded, newline-normalised book text; ``file_name`` may be
    a bare name or a path. ``aozora`` says the text uses Aozora Bunko notation
    (its header is then read even without the usual notation block).
    Never raises; fields that cannot be found are "" (the title never is).
    """
    lines = text[:60_000].split("\n", _HEAD_LINES)[:_HEAD_LINES]
    title = author = header_language = ""

    if _is_gutenberg(lines):
        title, author, header_language = _gutenberg_fields(lines)
    elif aozora or _is_aozora(lines):
        title, author = _aozora_fields(lines)
    if not title or not author:
        export_title, export_author = _export_fields(lines)
        title = title or export_title
        author = author or export_author
    if not title:
        title = title_from_file_name(file_name)

    language = language_code(header_language) or guess_language(text)
    return Metadata(title=_clean(title), author=_clean(author), language=language)


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


def title_from_file_name(file_name: str) -> str:
    """A readable title from a file name: extension, Gutenberg suffixes and ``_`` dropped.

    ``pride_and_prejudice__pg1342.txt`` → "Pride and Prejudice";
    ``alaric_leaving.txt`` → "Alaric Leaving".
    """
    name = os.path.basename(str(file_name).replace("\\", "/"))
    stem, ext = os.path.splitext(name)
    if not stem or len(ext) > 6 or " " in ext:
        stem = name
    stem = _ENCODING_SUFFIX.sub("", stem)
    cleaned = _PG_NAME_SUFFIX.sub("", stem) or stem
    cleaned = re.sub(r"[_\-\s]+", " ", cleaned).strip()
    if not cleaned:
        return stem.strip() or name
    words = cleaned.split(" ")
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if 0 < i < len(words) - 1 and lower in _SMALL_WORDS:
            out.append(lower)
        elif word.islower() or word.isupper():
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word)  # keep deliberate casing: McGonagall, iPhone
    return " ".join(out)


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
        elif not author and (m := _AUTHOR_FIELD.match(line)):
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
    """Fan-fiction export headers and a stand-alone title line near the top."""
    title = author = ""
    head = lines[:_EXPORT_HEAD_LINES]
    for line in head:
        if not title and (m := _TITLE_FIELD.match(line)):
            title = m.group("value")
        elif not author and (m := _AUTHOR_FIELD.match(line)):
            author = m.group("value")
    nonblank = [(i, line.strip()) for i, line in enumerate(head) if line.strip()]
    if not nonblank:
        return title, author
    first_i, first = nonblank[0]
    if not title:
        bracket = _BRACKET_TITLE.match(first)
        if bracket:
            title = bracket.group("value")
        elif _is_title_line(first, head, first_i):
            title = first
        elif not author and (pair := _cjk_title_author(head, first_i)):
            title, author = pair
    if title and not author:
        for _i, line in nonblank[1:4]:
            if m := _BY_LINE.match(line):
                author = m.group("value")
                break
    return title, author


def _is_title_line(line: str, lines: list[str], i: int) -> bool:
    """A short line standing alone that is not a sentence, a heading or an ornament."""
    if len(line) > 80 or len(line.split()) > 12:
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    if line[-1] in ".,;:" or line[0] in "\"'“‘«„-—(":
        return False
    if _HEADING.match(line) or _ROMAN_LINE.match(line):
        return False
    if _TITLE_FIELD.match(line) or _AUTHOR_FIELD.match(line):
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    # A title stands alone (blank line after it) unless a by-line follows it.
    return not nxt.strip() or bool(_BY_LINE.match(nxt))


def _cjk_title_author(lines: list[str], i: int) -> tuple[str, str] | None:
    """Two short CJK lines standing alone at the top: title, then author (Aozora style)."""
    if i + 2 >= len(lines) or lines[i + 2].strip():
        return None
    first, second = lines[i].strip(), lines[i + 1].strip()
    for line in (first, second):
        if not line or len(line) > 30 or not _CJK_CHAR.search(line):
            return None
        if line[-1] in "。．.！!？?、，,：:；;」』”" or _HEADING.match(line):
            return None
    return first, second


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
