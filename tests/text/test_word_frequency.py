"""Word frequencies read for a few words are wordfreq's own, without its whole list kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import get_frequency_list, zipf_frequency

from reader.text.word_frequency import plain_tokens, zipf_table

WORDS = [
    "the", "and", "dead", "deadand", "alaric", "chokingalaric", "who's", "who’s", "mewho's",
    "don't", "o'er", "l'heure", "straße", "STRASSE", "café", "naïve", "xqzvw", "me", "wecollect",
    "recollect", "aujourd'hui", "ecole", "école", "Haus", "haus", "zzz'zz", "", "a",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_values_are_zipf_frequency(lang: str) -> None:
    table = zipf_table(WORDS, lang)
    assert table == {word: zipf_frequency(word, lang) for word in WORDS}
    assert table["a"] > 5 and table["xqzvw"] == 0.0


def test_the_whole_list_is_not_kept() -> None:
    get_frequency_list.cache_clear()
    zipf_table(["dead", "and"], "en")
    assert get_frequency_list.cache_info().currsize == 0


def test_words_are_counted_as_in_one_pass(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import Counter

    from reader.text import italics

    raw = (corpus / "gutenberg" / "war_and_peace__pg2600-0.txt").read_bytes()
    text = raw.decode("utf-8-sig")[:200_000] + " who’s  don't\n\ttail"
    expected = Counter(italics._TOKEN.findall(text, 5, len(text)))
    for chunk in (1, 7, 1000, 1 << 18):
        monkeypatch.setattr(italics, "_CHUNK", chunk)
        assert italics.count_words(text, 5, len(text)) == expected


PLAIN = [
    "the", "dead", "deadand", "mewho's", "who's", "o'er", "l'heure", "qu'un", "d'hôtel",
    "aujourd'hui", "rock'n'roll", "'tis", "don'", "'t", "y'all", "ll'a", "'", "", "école",
    "naïve", "ÿ", "strasse", "wecollect", "ça'va",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr", "de", "it", "tr", "ro", "pl"])
def test_plain_words_are_tokenised_as_wordfreq_does(lang: str) -> None:
    from wordfreq import lossy_tokenize

    assert [plain_tokens(w) for w in PLAIN] == [lossy_tokenize(w, lang) for w in PLAIN]


def test_plain_words_are_looked_up_without_importing_wordfreq(corpus: Path) -> None:
    """The italics scan asks only about plain words: wordfreq and its hundred modules
    (ftfy, wcwidth, langcodes …) and the regex package stay out of the reader's memory."""
    code = (
        "import json, sys\n"
        "from reader.text.word_frequency import zipf_table\n"
        f"table = zipf_table({PLAIN!r}, 'en')\n"
        "heavy = ('wordfreq', 'ftfy', 'wcwidth', 'langcodes', 'regex')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "print(json.dumps(table))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    loaded, table = out.stdout.splitlines()
    assert loaded == "[]"
    assert json.loads(table) == {word: zipf_frequency(word, "en") for word in PLAIN}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abehlnquyzàéïÿ'", max_size=12))
def test_any_plain_word_is_tokenised_as_wordfreq_does(word: str) -> None:
    """Generated words of letters, vowels that start an elision and apostrophes in any
    arrangement (runs of them, at the ends) are cut into wordfreq's tokens."""
    from wordfreq import lossy_tokenize

    assert plain_tokens(word) == lossy_tokenize(word, "fr")
