"""Search: folding, whitespace tolerance, whole words, regexes, chunking, book hits."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.book import (
    Blocks,
    Book,
    Chapter,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.text.search import (
    SearchError,
    SearchOptions,
    SearchTimeout,
    iter_hits,
    search_book,
    snippet,
)


def found(text: str, query: str, *, chunk_chars: int = 1_000_000, **kw: object) -> list[str]:
    """The matched source substrings, in order."""
    spans = [
        s
        for batch in iter_hits(text, SearchOptions(query, **kw), chunk_chars=chunk_chars)  # type: ignore[arg-type]
        for s in batch
    ]
    return [text[a:b] for a, b in spans]


def spans_of(text: str, query: str, *, chunk_chars: int = 1_000_000, **kw: object):
    return [
        s
        for batch in iter_hits(text, SearchOptions(query, **kw), chunk_chars=chunk_chars)  # type: ignore[arg-type]
        for s in batch
    ]


# ------------------------------------------------------------------ folding


def test_case_and_accent_insensitive_by_default() -> None:
    text = "Natásha met NATASHA and natasha; then Natasha."
    assert found(text, "natasha") == ["Natásha", "NATASHA", "natasha", "Natasha"]
    assert found(text, "NATÁSHA") == ["Natásha", "NATASHA", "natasha", "Natasha"]


def test_case_sensitive_and_accent_sensitive_options() -> None:
    text = "Natásha met NATASHA and natasha; then Natasha."
    assert found(text, "Natasha", case_sensitive=True) == ["Natásha", "Natasha"]
    assert found(text, "natasha", accent_sensitive=True) == ["NATASHA", "natasha", "Natasha"]
    assert found(text, "Natásha", case_sensitive=True, accent_sensitive=True) == ["Natásha"]


def test_line_break_inside_paragraph_matches_a_space() -> None:
    text = "It was the\nend of it. The  \n   End came. theend"
    assert found(text, "the end") == ["the\nend", "The  \n   End"]
    # Extra spaces in the query do not matter either.
    assert found(text, "  the    end ") == ["the\nend", "The  \n   End"]


def test_sharp_s_and_ligatures_fold_both_ways() -> None:
    text = "Die Straße, die STRASSE, die strasse; cœur et coeur; ﬁne."
    assert found(text, "strasse") == ["Straße", "STRASSE", "strasse"]
    assert found(text, "Straße") == ["Straße", "STRASSE", "strasse"]
    assert found(text, "coeur") == ["cœur", "coeur"]
    assert found(text, "fine") == ["ﬁne"]


def test_typographic_quotes_match_typed_ones() -> None:
    text = "“I don’t know,” she said. I don't either."
    assert found(text, "don't") == ["don’t", "don't"]
    assert found(text, '"I don') == ["“I don"]
    assert found(text, "don’t", accent_sensitive=True) == ["don’t"]


def test_decomposed_accents_in_the_text() -> None:
    text = "un cafe\u0301 noir, un café noir"
    assert found(text, "cafe noir") == ["cafe\u0301 noir", "café noir"]


def test_cyrillic_and_greek() -> None:
    text = "Ещё раз ЕЩЕ. Αθήνα, ΑΘΗΝΑ."
    assert found(text, "еще") == ["Ещё", "ЕЩЕ"]
    assert found(text, "αθηνα") == ["Αθήνα", "ΑΘΗΝΑ"]


def test_cjk_literal() -> None:
    text = "话说天下大势，分久必合，合久必分。曹操曰：「天下」"
    assert found(text, "天下") == ["天下", "天下"]


def test_empty_query_is_an_error() -> None:
    with pytest.raises(SearchError, match="search for"):
        found("abc", "   ")


# ------------------------------------------------------------------ whole words


def test_whole_word() -> None:
    text = "cat concatenate cats Cat. (cat) catcat écat"
    assert found(text, "cat", whole_word=True) == ["cat", "Cat", "cat"]
    assert len(found(text, "cat")) == 8


def test_whole_word_retries_inside_a_rejected_match() -> None:
    # The first "ab ab" starts inside "cab", but a whole-word one starts two words later.
    assert spans_of("cab ab ab", "ab ab", whole_word=True) == [(4, 9)]


def test_whole_word_ignored_for_cjk_and_latin_word_in_cjk_text() -> None:
    text = "我买了iPhone手机，天下大势"
    assert found(text, "天下", whole_word=True) == ["天下"]
    assert found(text, "iphone", whole_word=True) == ["iPhone"]


# ------------------------------------------------------------------ regular expressions


def test_regex_search_with_flags() -> None:
    text = "Chapter 1\nchapter 22\nCHAPTER x"
    assert found(text, r"^chapter \d+$", regex=True) == ["Chapter 1", "chapter 22"]
    assert found(text, r"^chapter \d+$", regex=True, case_sensitive=True) == ["chapter 22"]


def test_regex_accent_insensitive_keeps_source_offsets() -> None:
    text = "Le café et l'été; résumé."
    assert found(text, r"\bete\b", regex=True) == ["été"]
    assert found(text, r"r\w+m\w", regex=True) == ["résumé"]
    assert found(text, r"\bete\b", regex=True, accent_sensitive=True) == []


def test_regex_whole_word() -> None:
    assert found("a1 b22 c333x", r"[a-z]\d+", regex=True, whole_word=True) == ["a1", "b22"]


def test_invalid_regex_has_a_clear_message() -> None:
    with pytest.raises(SearchError, match=r"^Invalid regular expression: "):
        found("abc", "(unclosed", regex=True)


def test_regex_matching_empty_text_is_refused() -> None:
    with pytest.raises(SearchError, match="empty text"):
        found("abc", "x*", regex=True)


def test_runaway_regex_times_out() -> None:
    text = ("a" * 30 + "!\n") * 200
    with pytest.raises(SearchTimeout, match="took too long") as info:
        found(text, r"(a|aa)+$", regex=True, case_sensitive=True, timeout_s=0.05)
    assert isinstance(info.value, SearchError)


# ------------------------------------------------------------------ chunking


def test_match_across_chunk_boundary_found_once() -> None:
    text = "xx the\nend yy " * 50
    whole = spans_of(text, "the end")
    assert len(whole) == 50
    for chunk in (1, 3, 7, 10, 64):
        assert spans_of(text, "the end", chunk_chars=chunk) == whole


def test_batches_stream_in_order_and_cancel() -> None:
    text = "word " * 1000
    batches = list(iter_hits(text, SearchOptions("word"), chunk_chars=500))
    assert len(batches) >= 9
    flat = [s for b in batches for s in b]
    assert flat == sorted(flat) and len(flat) == 1000
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    got = list(iter_hits(text, SearchOptions("word"), chunk_chars=500, cancelled=cancelled))
    assert len(got) == 2


def test_start_end_and_max_hits() -> None:
    text = "ab " * 100
    assert spans_of(text, "ab")[:1] == [(0, 2)]
    hits = [s for b in iter_hits(text, SearchOptions("ab"), start=3, end=30) for s in b]
    assert hits[0] == (3, 5) and hits[-1] == (27, 29) and len(hits) == 9
    capped = [s for b in iter_hits(text, SearchOptions("ab", max_hits=5), chunk_chars=7) for s in b]
    assert len(capped) == 5


def _reference(text: str, query: str) -> list[tuple[int, int]]:
    """Slow reference: fold char by char with a map, collapse whitespace, str.find."""

    def fold(s: str) -> str:
        d = unicodedata.normalize("NFD", s)
        return "".join(c for c in d if not unicodedata.combining(c)).casefold()

    chars: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        f = " " if c.isspace() else fold(c)
        for ch in f:
            if ch == " " and chars and chars[-1] == " ":
                continue
            chars.append(ch)
            index.append(i)
    folded = "".join(chars)
    q = " ".join(fold(query).split())
    out: list[tuple[int, int]] = []
    p = 0
    while (k := folded.find(q, p)) != -1:
        s, e = index[k], index[k + len(q) - 1] + 1
        while e < len(text) and unicodedata.combining(text[e]):
            e += 1
        out.append((s, e))
        p = k + len(q)
    return out


@settings(max_examples=150, deadline=None)
@given(
    # Decomposed accents only ever follow a letter, as in real text.
    text=st.lists(st.sampled_from([*"aAáÁàeEéÉ bB\n\t.", "e\u0301", "A\u0301"]), max_size=80).map(
        "".join
    ),
    query=st.text(alphabet="aáAeEb .", min_size=1, max_size=5).filter(lambda q: q.strip()),
    chunk=st.integers(min_value=1, max_value=40),
)
def test_matches_slow_folding_reference(text: str, query: str, chunk: int) -> None:
    assert spans_of(text, query, chunk_chars=chunk) == _reference(text, query)


# ------------------------------------------------------------------ snippets and books


def test_snippet_collapses_whitespace_and_locates_match() -> None:
    text = "word " * 30 + "the\nend" + "\n\n  more text " * 10
    start = text.index("the\nend")
    before, match, after = snippet(text, start, start + 7)
    assert match == "the end"
    assert before.endswith("word ") and "\n" not in before and "  " not in before
    assert after.startswith(" more text") and "\n" not in after
    assert len(before) <= 42 and len(after) <= 42


def _book(text: str, chapters: list[Chapter], front: int, back: int) -> Book:
    return Book(
        text=text,
        blocks=Blocks(),
        chapters=chapters,
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
        front_matter=[(0, front)],
        back_matter=[(back, len(text))],
    )


def test_search_book_reading_range_chapters_and_context() -> None:
    front = "Project whale header.\n\n"
    one = "CHAPTER ONE\n\nThe white whale\nswam. Whale!\n\n"
    two = "CHAPTER TWO\n\nNo whales here? A whale.\n\n"
    back = "End of the whale license."
    text = front + one + two + back
    c1, c2 = len(front), len(front) + len(one)
    book = _book(text, [Chapter("One", 1, c1), Chapter("Two", 1, c2)], c1, c2 + len(two))
    hits = [h for b in search_book(book, SearchOptions("whale"), chunk_chars=16) for h in b]
    assert [text[h.start : h.end] for h in hits] == ["whale", "Whale", "whale", "whale"]
    assert [h.chapter_index for h in hits] == [0, 0, 1, 1]
    first = hits[0]
    assert first.match_text == "whale"
    assert first.context_before.endswith("The white ")
    assert first.context_after.startswith(" swam. Whale!")
    assert first.context == first.context_before + first.match_text + first.context_after
    every = [h for b in search_book(book, SearchOptions("whale"), include_matter=True) for h in b]
    assert len(every) == 6
    assert every[0].chapter_index == -1


def test_search_book_bad_regex_raises_search_error() -> None:
    book = _book("text", [], 0, 4)
    with pytest.raises(SearchError):
        list(search_book(book, SearchOptions("[", regex=True)))


@pytest.mark.corpus
def test_war_and_peace_natasha(corpus: Path) -> None:
    text = (corpus / "gutenberg/war_and_peace__pg2600-0.txt").read_bytes().decode("utf-8-sig")
    text = text.replace("\r\n", "\n")
    hits = spans_of(text, "natasha", chunk_chars=200_000)
    folded = unicodedata.normalize("NFD", text).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    assert len(hits) == folded.count("natasha") > 900
    assert all(
        unicodedata.normalize("NFD", text[a:b]).casefold().replace("\u0301", "") == "natasha"
        for a, b in hits
    )
    assert any(text[a:b] == "Natásha" for a, b in hits)
