"""The quick hyphenation table: same break points as pyphen, and its disk cache."""

from __future__ import annotations

import functools
import marshal
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.layout import hyphenate
from reader.layout.hyphenate import (
    Patterns,
    _quick_dict,
    _read_patterns,
    hyphenatable,
    hyphenator,
    insert_soft_hyphens,
)

PROSE = (
    "Notwithstanding the extraordinary circumstances, the commissioners deliberated "
    "interminably about the unquestionably incomprehensible correspondence. "
    "ÉCOLES POLYTECHNIQUES İstanbullular Straßenbahnhaltestellen"
)


@pytest.fixture(autouse=True)
def _fresh_hyphenators(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test builds its own tables (and no test leaves a cache folder set); none finds
    the tables an install ships unless it ships them itself."""
    monkeypatch.setattr(hyphenate, "SHIPPED_DIR", tmp_path / "shipped")
    saved = dict(hyphenate._HYPHEN_CACHE)
    hyphenate._HYPHEN_CACHE.clear()
    yield
    hyphenate._HYPHEN_CACHE.clear()
    hyphenate._HYPHEN_CACHE.update(saved)
    hyphenate.set_cache_dir(None)


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"[^\W\d_]{4,}", text)))


def _corpus_words(corpus: Path, name: str, encoding: str, limit: int) -> list[str]:
    return _words((corpus / name).read_bytes().decode(encoding))[:limit]


@pytest.mark.parametrize(
    ("lang", "name", "encoding"),
    [
        ("en", "gutenberg/war_and_peace__pg2600-0.txt", "utf-8-sig"),
        ("fr", "french_latin1/madame_bovary_fr__pg14155-8.txt", "latin-1"),
        ("ru_RU", "russian_cp1251/evgeniy_onegin.txt", "cp1251"),
    ],
)
def test_break_points_are_pyphens(corpus: Path, lang: str, name: str, encoding: str) -> None:
    path = Path(pyphen.LANGUAGES[pyphen.language_fallback(lang)])
    quick = _quick_dict(path)
    raw = _read_patterns(path)
    assert quick is not None and raw is not None
    reference = pyphen.Pyphen(filename=path, left=2, right=3, cache=False)
    words = _corpus_words(corpus, name, encoding, 3000) + _words(PROSE)
    assert len(words) > 1000
    # parsed up front, and as written (each pattern read when a word first needs it)
    # and without the prefixes (a first start: completed after COMPLETE_AFTER words)
    for ours in (
        Patterns.from_patterns(quick.patterns),
        Patterns.from_patterns(dict(raw)),
        Patterns.partial(raw),
    ):
        expected = [[int(p) for p in reference.positions(w)] for w in words]
        assert [ours.positions(w) for w in words] == expected


def test_patterns_as_written_are_read_once_and_only_when_needed() -> None:
    raw = {"abc": "a1bc", "bc": "b2c", "xyz": "x0y3z", "q": "4q"}
    ours = Patterns.partial(dict(raw))
    assert ours.table["xyz"] == "x0y3z" and "xy" not in ours.table
    assert ours.positions("xxabcxx") == Patterns.from_patterns(
        {"abc": (1, (1,)), "bc": (1, (2,)), "xyz": (2, (3,)), "q": (0, (4,))}
    ).positions("xxabcxx")
    assert ours.table["abc"] == (1, (1,)) and ours.table["bc"] == (1, (2,))
    assert ours.table["xyz"] == "x0y3z"  # no word needed it yet


def test_a_completed_table_shares_one_entry_among_equal_values() -> None:
    """Completing reads every value, and patterns with the same (offset, values) share one
    tuple (the English table: 1,600 distinct among 11,000), also as read from disk."""
    raw = {"abc": "a1bc", "xbc": "x1bc", "bc": "b2c", "xyz": "x0y3z", "q": "4q"}
    ours = Patterns.partial(dict(raw))
    ours.positions("abc")  # one value read before completing
    assert ours.complete()
    table = ours.table
    assert table["xyz"] == (2, (3,)) and table["xy"] is None
    assert table["abc"] is table["xbc"]
    again = marshal.loads(marshal.dumps(table))
    assert again["abc"] is again["xbc"]
    assert {k: v for k, v in table.items() if v is not None} == {
        key: Patterns.from_patterns({key: pattern}).table[key] for key, pattern in raw.items()
    }


def test_patterns_pyphen_skips_are_skipped(tmp_path: Path) -> None:
    """Zero-only and digitless patterns are not patterns; the last of duplicates wins."""
    path = tmp_path / "hyph_xx.dic"
    path.write_text("UTF-8\n% comment\nLEFTHYPHENMIN 2\nab1c\nde\nf0g\nab2c\nh1i\nh0i\n", "utf-8")
    raw = _read_patterns(path)
    assert raw == {"abc": "ab2c", "hi": "h1i"}
    assert raw.keys() == pyphen.HyphDict(path).patterns.keys()


def test_soft_hyphens_match_pyphen_placement() -> None:
    """Soft hyphens go where the American patterns (Quire's choice for "en") allow, except in
    words with capitals inside (ÉCOLES, POLYTECHNIQUES) and in the paragraph's last word."""
    hyph = hyphenator("en")
    assert hyph is not None and isinstance(hyph[0], Patterns)
    text, shy = insert_soft_hyphens(PROSE, hyph)
    reference = pyphen.Pyphen(lang="en_US", left=2, right=3)
    pieces = re.split(r"([^\W\d_]+)", PROSE)
    last = max(i for i, piece in enumerate(pieces) if piece.isalpha())
    expected = "".join(
        reference.inserted(piece, hyphen="\u00ad")
        if len(piece) >= 7 and hyphenatable(piece) and i != last
        else piece
        for i, piece in enumerate(pieces)
    )
    assert text == expected
    assert [text[i] for i in shy] == ["\u00ad"] * len(shy)
    assert "ÉCOLES POLYTECHNIQUES İst\u00ad" in text  # İstanbullular: a capital only first
    assert text.endswith(" Straßenbahnhaltestellen")


def test_table_is_kept_on_disk_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hyphenate.set_cache_dir(tmp_path)
    first = hyphenator("en")
    assert first is not None and isinstance(first[0], Patterns)
    # A first start leaves the prefixes and the cache file off the way to the first page
    assert not first[0].is_complete and not list(tmp_path.iterdir())
    hyphenate.complete_tables()
    assert first[0].is_complete
    (stored,) = list(tmp_path.iterdir())
    assert stored.suffix == ".marshal"
    expected = first[0].positions("extraordinary")
    assert expected

    # A later start reads the table instead of parsing the pattern file.
    hyphenate._HYPHEN_CACHE.clear()

    def no_parse(path: Path) -> None:
        raise AssertionError(f"{path} parsed although the table is cached")

    monkeypatch.setattr(hyphenate, "_read_patterns", no_parse)
    again = hyphenator("en")
    assert again is not None and again[0] is not first[0]
    assert isinstance(again[0], Patterns) and again[0].is_complete
    hyphenate.complete_tables()  # nothing left to do
    assert list(tmp_path.iterdir()) == [stored]
    assert again[0].positions("extraordinary") == expected


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\xe9\x00\x00\x00"])
def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    hyphenate.set_cache_dir(tmp_path)
    good = hyphenator("en")
    assert good is not None
    expected = good[0].positions("commissioners")
    hyphenate.complete_tables()
    (stored,) = list(tmp_path.iterdir())
    stored.write_bytes(damage)
    hyphenate._HYPHEN_CACHE.clear()
    rebuilt = hyphenator("en")
    assert rebuilt is not None and rebuilt[0].positions("commissioners") == expected
    hyphenate.complete_tables()
    assert stored.read_bytes() != damage  # written again


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    hyphenate.set_cache_dir(blocker / "hyphenation")
    hyph = hyphenator("en")
    assert hyph is not None and hyph[0].positions("extraordinary")
    hyphenate.complete_tables()
    assert hyph[0].positions("extraordinary")


def test_the_word_cache_stays_bounded_and_breaks_stay_the_same(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Past its bound the per-word cache starts over; breaks found after that are the
    same as before."""
    from reader.layout import hyphenate

    monkeypatch.setattr(hyphenate, "MAX_CACHED_WORDS", 50)
    hyph = hyphenate.hyphenator("en")
    assert hyph is not None
    _, cache = hyph
    cache.clear()
    words = [f"international{'x' * (i % 7)}ization{i}" for i in range(400)]
    first = hyphenate.insert_soft_hyphens(" ".join(words) + " end", hyph)
    assert 0 < len(cache) <= 50
    again = hyphenate.insert_soft_hyphens(" ".join(words) + " end", hyph)
    assert again == first
    assert first[1]  # words were broken at all


def test_languages_are_pyphens_without_importing_it() -> None:
    """The pattern files are found as pyphen lists them, for every language it has."""
    assert hyphenate._languages() == {name: Path(p) for name, p in pyphen.LANGUAGES.items()}
    assert list(hyphenate._languages()) == list(pyphen.LANGUAGES)
    assert pyphen.ignored == hyphenate._IGNORED
    asked = ["", "xx", "zz_ZZ", "en", "EN-us", "de-CH-1901", "sr-Latn-RS", "pt_br_x"]
    for name in pyphen.LANGUAGES:
        asked += [name, name.lower(), name.upper(), name.replace("_", "-"), f"{name}_XX_y"]
    for code in asked:
        assert hyphenate._language_fallback(code) == pyphen.language_fallback(code), code


def test_without_a_plain_pyphen_folder_pyphens_list_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hyphenate, "_LANGUAGES", [])
    monkeypatch.setattr(hyphenate.importlib.util, "find_spec", lambda name: None)
    assert hyphenate._languages() == {name: Path(p) for name, p in pyphen.LANGUAGES.items()}
    assert hyphenate.pattern_language("en") == "en_US"


def test_a_first_page_does_not_import_pyphen(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.layout import hyphenate\n"
        f"hyphenate.set_cache_dir(Path({str(tmp_path)!r}))\n"
        "hyph = hyphenate.hyphenator('en')\n"
        "print(hyphenate.insert_soft_hyphens('extraordinary circumstances.', hyph)[1])\n"
        "print('pyphen' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    expected = pyphen.Pyphen(lang="en_US", left=2, right=3).positions("extraordinary")
    assert expected
    assert out[:2] == [str([int(p) + i for i, p in enumerate(expected)]), "False"]


PROPERTY_LANGUAGES = [
    "en_US", "en_GB", "fr", "it_IT", "es", "nl_NL", "pl_PL", "cs_CZ", "ru_RU", "uk_UA",
    "el_GR", "lt", "sr_Latn", "te_IN", "th_TH",
]  # fmt: skip


@functools.cache
def _finders(lang: str) -> tuple[dict[str, str], str, Patterns, pyphen.Pyphen]:
    """A language's patterns as written, their letters, its complete table and pyphen's."""
    path = hyphenate._languages()[lang]
    raw = _read_patterns(path)
    assert raw is not None, lang
    letters = "".join(sorted({c for key in raw for c in key} - {"."}))
    reference = pyphen.Pyphen(filename=path, left=2, right=3, cache=False)
    return raw, letters, Patterns.from_patterns(dict(raw)), reference


@settings(max_examples=300)
@given(st.data())
def test_property_partial_and_complete_tables_break_as_pyphen(data: st.DataObject) -> None:
    """Without its prefixes (a first start), with them, and pyphen: the same break points,
    on words of any letters of a language's patterns (and capitals, and others)."""
    lang = data.draw(st.sampled_from(PROPERTY_LANGUAGES))
    raw, letters, complete, reference = _finders(lang)
    alphabet = st.sampled_from(letters + letters.upper() + "'’-ßİ")
    words = data.draw(st.lists(st.text(alphabet, min_size=1, max_size=24), min_size=1))
    partial = Patterns.partial(dict(raw))
    for word in words:
        expected = [int(p) for p in reference.positions(word)]
        assert partial.positions(word) == expected, (lang, word)
        assert complete.positions(word) == expected, (lang, word)
    assert not partial.is_complete
    partial.complete()  # from a table read partly in place
    assert [partial.positions(w) for w in words] == [complete.positions(w) for w in words]


def test_the_table_completes_itself_after_enough_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a call from the window, the prefixes are added and the cache written after
    COMPLETE_AFTER words; the break points stay the same throughout."""
    monkeypatch.setattr(hyphenate, "COMPLETE_AFTER", 5)
    hyphenate.set_cache_dir(tmp_path)
    hyph = hyphenator("en")
    assert hyph is not None and isinstance(hyph[0], Patterns)
    finder = hyph[0]
    reference = pyphen.Pyphen(lang="en_US", left=2, right=3)
    words = _words(PROSE.lower())
    assert len(words) > 10
    for n, word in enumerate(words, 1):
        assert finder.positions(word) == [int(p) for p in reference.positions(word)]
        assert finder.is_complete == (n >= 5)
        assert len(list(tmp_path.iterdir())) == (n >= 5)


def test_threads_sharing_a_table_while_it_completes_get_the_same_breaks(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hyphenate, "COMPLETE_AFTER", 300)
    words = _corpus_words(corpus, "gutenberg/war_and_peace__pg2600-0.txt", "utf-8-sig", 2000)
    path = hyphenate._languages()["en_US"]
    raw = _read_patterns(path)
    assert raw is not None
    reference = pyphen.Pyphen(filename=path, left=2, right=3, cache=False)
    expected = [[int(p) for p in reference.positions(w)] for w in words]
    shared = Patterns.partial(raw)
    results: list[list[list[int]]] = [[], [], []]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [
            threading.Thread(
                target=lambda out=out, k=k: out.extend(
                    shared.positions(w) for w in words[k::1] + words[::-1]
                )
            )
            for k, out in enumerate(results)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert shared.is_complete
    for k, out in enumerate(results):
        assert out == expected[k:] + expected[::-1]


def test_a_first_start_reads_the_table_an_install_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``install.py`` writes complete tables beside the bytecode: a new profile reads
    English's instead of parsing the pattern file, and has no table to complete."""
    from reader.layout.hyphenate_build import build

    partial = hyphenator("en")  # what a first start without them uses
    assert partial is not None and not partial[0].is_complete  # type: ignore[attr-defined]
    expected = {w: partial[0].positions(w) for w in _words(PROSE)}
    hyphenate._HYPHEN_CACHE.clear()
    (tmp_path / "shipped").mkdir()
    old_copy = tmp_path / "shipped" / "hyph_en_US-1-2-4-py311.marshal"
    old_copy.write_bytes(b"the table of a pattern file since replaced")
    files = build(tmp_path / "shipped", ("en", "fr", "xx"))
    assert [f.name.split("-")[0] for f in files] == ["hyph_en_US", "hyph_fr"]
    assert not old_copy.exists()  # an update's build removes what it replaces

    def no_parse(path: Path) -> None:
        raise AssertionError(f"{path} parsed although a table was shipped")

    monkeypatch.setattr(hyphenate, "_read_patterns", no_parse)
    cache = tmp_path / "profile-cache"
    hyphenate.set_cache_dir(cache)
    found = hyphenator("en")
    assert found is not None and isinstance(found[0], Patterns) and found[0].is_complete
    assert {w: found[0].positions(w) for w in expected} == expected
    hyphenate.complete_tables()
    assert not cache.exists()  # nothing to complete, nothing written


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", marshal.dumps((3, {}))])
def test_a_damaged_shipped_table_is_read_from_the_patterns(tmp_path: Path, damage: bytes) -> None:
    from reader.layout.hyphenate_build import build

    (table,) = build(tmp_path / "shipped", ("en",))
    table.write_bytes(damage)
    found = hyphenator("en")
    assert found is not None and isinstance(found[0], Patterns)
    assert not found[0].is_complete  # parsed from the pattern file, as without one
    reference = pyphen.Pyphen(lang="en_US", left=hyphenate.LEFT_MIN, right=hyphenate.RIGHT_MIN)
    assert found[0].positions("extraordinary") == reference.positions("extraordinary")
