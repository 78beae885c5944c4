"""Decoding and normalisation: BOMs, strict UTF-8, chardet, legacy code pages, bad bytes."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.decode import (
    _bytes_newlines,
    decode,
    decode_head,
    looks_binary,
    normalise_newlines,
)


def _expected(data: bytes, codec: str) -> str:
    """Independent expectation: Python's strict decode, BOM dropped, CRLF/CR → LF."""
    text = data.decode(codec)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- corpus

CORPUS_CASES = [
    # path, reported name, method, bom, codec for the independent expectation
    ("gutenberg/war_and_peace__pg2600-0.txt", "utf-8", "bom", True, "utf-8-sig"),
    ("gutenberg/alices_adventures_in_wonderland__pg11-0.txt", "utf-8", "bom", True, "utf-8-sig"),
    (
        "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt",
        "iso8859-1",
        "chardet",
        False,
        "latin-1",
    ),
    ("gutenberg/pride_and_prejudice__pg1342.txt", "utf-8", "utf-8", False, "ascii"),
    ("gutenberg/dracula__pg345.txt", "utf-8", "utf-8", False, "ascii"),
    ("french_latin1/madame_bovary_fr__pg14155-8.txt", "iso8859-1", "chardet", False, "latin-1"),
    ("chinese_gbk/sanguo_yanyi.txt", "gb18030", "chardet", False, "gbk"),
    ("japanese_sjis/wagahaiwa_nekodearu.txt", "cp932", "chardet", False, "cp932"),
    ("russian_cp1251/evgeniy_onegin.txt", "cp1251", "chardet", False, "cp1251"),
    (
        "variants/alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt",
        "utf-16-le",
        "bom",
        True,
        "utf-16",
    ),
    ("variants/evgeniy_onegin.utf8-bom.txt", "utf-8", "bom", True, "utf-8-sig"),
    ("variants/wagahaiwa_nekodearu.utf16be-bom.txt", "utf-16-be", "bom", True, "utf-16"),
    ("fanfic/desperate_measures.txt", "utf-8", "utf-8", False, "ascii"),
    ("fanfic/alaric_leaving.txt", "utf-8", "utf-8", False, "utf-8"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rel", "name", "method", "bom", "codec"), CORPUS_CASES)
def test_corpus_file_decodes_as_its_real_encoding(
    corpus: Path, rel: str, name: str, method: str, bom: bool, codec: str
) -> None:
    data = (corpus / rel).read_bytes()
    text, report = decode(data)
    assert report.name == name
    assert report.method == method
    assert report.bom is bom
    assert report.replaced_bytes == 0
    assert "\ufffd" not in text
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert text == _expected(data, codec)
    assert not looks_binary(data)


@pytest.mark.corpus
def test_sherlock_is_ascii_for_47kb_then_latin1(corpus: Path) -> None:
    data = (corpus / "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt").read_bytes()
    assert data[:47_000].isascii()  # the trap: a head-only check would say UTF-8
    text, report = decode(data)
    assert report.name == "iso8859-1"
    assert "IRENE NORTON, née ADLER." in text


@pytest.mark.corpus
def test_cp1251_punctuation_is_real_characters_and_splits_nothing(corpus: Path) -> None:
    data = (corpus / "russian_cp1251/evgeniy_onegin.txt").read_bytes()
    assert b"\x85" in data and b"\x97" in data
    text, _report = decode(data)
    assert "…" in text and "—" in text
    assert "\x85" not in text
    assert text.count("\n") == data.count(b"\r\n")
    assert text.startswith("Вступление")


@pytest.mark.corpus
def test_utf16_and_utf8_variants_equal_their_sources(corpus: Path) -> None:
    alice, _ = decode(
        (corpus / "gutenberg/alices_adventures_in_wonderland__pg11-0.txt").read_bytes()
    )
    alice16, _ = decode(
        (corpus / "variants/alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt").read_bytes()
    )
    assert alice16 == alice
    onegin, _ = decode((corpus / "russian_cp1251/evgeniy_onegin.txt").read_bytes())
    onegin8, _ = decode((corpus / "variants/evgeniy_onegin.utf8-bom.txt").read_bytes())
    assert onegin8 == onegin


@pytest.mark.corpus
def test_shift_jis_is_decoded_as_cp932(corpus: Path) -> None:
    sjis_bytes = (corpus / "japanese_sjis/wagahaiwa_nekodearu.txt").read_bytes()
    sjis, report = decode(sjis_bytes)
    assert report.name == "cp932"
    assert sjis.startswith("吾輩は猫である\n夏目漱石\n")
    # The UTF-16 variant was made with Python's shift_jis codec; cp932 differs
    # from it only in its mapping of MINUS SIGN / WAVE DASH (fullwidth forms).
    be, _ = decode((corpus / "variants/wagahaiwa_nekodearu.utf16be-bom.txt").read_bytes())
    assert len(be) == len(sjis)
    diffs = {(a, b) for a, b in zip(be, sjis, strict=True) if a != b}
    assert diffs == {("\u2212", "\uff0d")}


# --------------------------------------------------------------------------- BOMs


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_bom_wins_and_is_removed(bom: bytes, codec: str, name: str) -> None:
    source = "Ünïcödé “text”\r\nline two 漢字 😀\r\n"
    text, report = decode(bom + source.encode(codec))
    assert text == "Ünïcödé “text”\nline two 漢字 😀\n"
    assert (report.name, report.method, report.bom) == (name, "bom", True)
    assert report.confidence == 1.0


def test_utf16_le_bom_followed_by_nul_character_is_not_utf32() -> None:
    data = codecs.BOM_UTF16_LE + "\x00abc".encode("utf-16-le")
    text, report = decode(data)
    assert report.name == "utf-16-le"
    assert text == "\x00abc"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_bomless_wide_unicode_is_recognised(codec: str) -> None:
    source = "It was a dark and stormy night; the rain fell in torrents.\n" * 20
    data = source.encode(codec)
    text, report = decode(data)
    assert report.name == codec
    assert text == source
    assert not looks_binary(data)


def test_truncated_utf16_does_not_raise_and_counts_the_stray_byte() -> None:
    data = codecs.BOM_UTF16_LE + "Half a book".encode("utf-16-le") + b"h"
    text, report = decode(data)
    assert text == "Half a book\ufffd"
    assert report.replaced_bytes == 1
    assert report.name == "utf-16-le"


# --------------------------------------------------------------------------- UTF-8


def test_pure_ascii_is_utf8() -> None:
    text, report = decode(b"Plain old ASCII.\nNothing else.\n")
    assert text == "Plain old ASCII.\nNothing else.\n"
    assert (report.name, report.method, report.replaced_bytes) == ("utf-8", "utf-8", 0)


def test_empty_input() -> None:
    text, report = decode(b"")
    assert text == ""
    assert (report.name, report.method) == ("utf-8", "empty")


def test_one_bad_byte_in_a_utf8_file_is_replaced_and_counted() -> None:
    body = "She paused — “Really?” … and went on. Ça va, naïve café.\n" * 400
    raw = body.encode("utf-8")
    mid = len(raw) // 2
    mid = raw.index(b"\n", mid) + 1  # insert between lines
    data = raw[:mid] + b"\xff" + raw[mid:]
    text, report = decode(data)
    assert report.name == "utf-8"
    assert report.replaced_bytes == 1
    assert text.count("\ufffd") == 1
    assert text.replace("\ufffd", "") == body


def test_a_few_bad_sequences_count_every_replaced_byte() -> None:
    body = ("Ünïcödé — “quotes” …\n" * 300).encode("utf-8")
    data = body + b"\xe2\x80" + b"\n" + body + b"\xc3" + b"\n"
    text, report = decode(data)
    assert report.name == "utf-8"
    assert report.replaced_bytes == 3  # a truncated 3-byte sequence (2 bytes) + 1 lone lead
    assert text.count("\ufffd") == 2


def test_ascii_with_latin1_accents_is_not_kept_as_utf8() -> None:
    # Not "UTF-8 with a bad byte": there is no valid multi-byte UTF-8 at all.
    data = ("The fiancé said nothing at all to anybody.\n" * 50).encode("latin-1")
    text, report = decode(data)
    assert report.name in ("iso8859-1", "iso8859-15", "cp1252")
    assert "fiancé" in text
    assert "\ufffd" not in text


# --------------------------------------------------------------------------- legacy


def test_cp1252_curly_quotes_come_out_as_quotes() -> None:
    source = "“Well,” said she, ‘it’s a fine day’ — isn’t it? The rain had stopped.\n" * 10
    text, report = decode(source.encode("cp1252"))
    assert report.name == "cp1252"
    assert text == source
    assert not any("\x80" <= ch <= "\x9f" for ch in text)


def test_short_cp1252_text_still_gets_curly_quotes() -> None:
    text, report = decode("He said “no” and left.\n".encode("cp1252"))
    assert text == "He said “no” and left.\n"
    assert report.name == "cp1252"


def test_latin1_without_c1_bytes_is_reported_as_iso8859_1() -> None:
    source = "Nous étions à l'Étude, quand le Proviseur entra, suivi d'un nouveau.\n" * 10
    text, report = decode(source.encode("latin-1"))
    assert text == source
    assert report.name in ("iso8859-1", "iso8859-15")


def test_gbk_is_decoded_as_gb18030_and_0x85_trail_bytes_split_nothing() -> None:
    source = "话说天下大势，分久必合，合久必分。厖然大物，咅然。周末七国分争，并入于秦。\n" * 20
    data = source.encode("gbk")
    assert b"\x85" in data  # 厖 is 0x85 0x85, 咅 is 0x85 0xF0
    text, report = decode(data)
    assert report.name == "gb18030"
    assert text == source
    assert text.count("\n") == 20


def test_shift_jis_family_is_cp932() -> None:
    source = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。①②\n" * 10
    text, report = decode(source.encode("cp932"))
    assert report.name == "cp932"
    assert text == source


def test_cp1251_with_ellipsis_and_dash() -> None:
    source = "Мой дядя самых честных правил, Когда не в шутку занемог… Он уважать — себя.\n" * 20
    text, report = decode(source.encode("cp1251"))
    assert report.name == "cp1251"
    assert text == source


def test_unicode_line_separators_are_kept() -> None:
    source = "one\u0085two\u2028three\u2029four\nfive — ü\n"
    text, _report = decode(source.encode("utf-8"))
    assert text == source


# --------------------------------------------------------------------------- newlines


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a\r\nb\r\nc", "a\nb\nc"),
        (b"a\rb\rc\r", "a\nb\nc\n"),
        (b"a\r\nb\rc\nd", "a\nb\nc\nd"),
        (b"a\r\r\nb", "a\n\nb"),
        (b"\r\n\r\n", "\n\n"),
    ],
)
def test_line_endings_become_lf(raw: bytes, expected: str) -> None:
    assert decode(raw)[0] == expected
    assert decode(codecs.BOM_UTF16_BE + raw.decode("ascii").encode("utf-16-be"))[0] == expected
    assert normalise_newlines(raw.decode("ascii")) == expected


# --------------------------------------------------------------------------- override


def test_override_skips_detection() -> None:
    data = "Ça coûte cher.\r\n".encode("cp1252")
    text, report = decode(data, "latin-1")
    assert text == "Ça coûte cher.\n"
    assert (report.name, report.method, report.confidence) == ("iso8859-1", "override", 1.0)


def test_override_counts_bad_bytes() -> None:
    text, report = decode("naïve".encode("latin-1"), "utf-8")
    assert text == "na\ufffdve"
    assert report.replaced_bytes == 1
    assert report.method == "override"


def test_override_with_bom_removes_it() -> None:
    text, report = decode(codecs.BOM_UTF8 + b"hello", "utf8")
    assert text == "hello"
    assert report.name == "utf-8"
    assert report.bom is True


@pytest.mark.parametrize("name", ["no-such-codec", "base64", "rot13", ""])
def test_override_that_is_not_a_text_encoding_raises_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="encoding"):
        decode(b"abc", name)


# --------------------------------------------------------------------------- binary


@pytest.mark.parametrize(
    "head",
    [
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"GIF89a\x01\x00\x01\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\x7fELF\x02\x01\x01\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    ],
)
def test_magic_numbers_are_binary(head: bytes) -> None:
    assert looks_binary(head + b"some more bytes that look like text\n" * 10)


def test_file_of_nuls_is_binary_but_decodes_without_raising() -> None:
    data = b"\x00" * 5000
    assert looks_binary(data)
    text, report = decode(data)
    assert text == "\x00" * 5000  # NUL is valid UTF-8; it is not UTF-16 text
    assert (report.name, report.method, report.replaced_bytes) == ("utf-8", "utf-8", 0)


def test_control_heavy_bytes_are_binary_but_text_with_a_few_is_not() -> None:
    assert looks_binary(bytes(range(0, 32)) * 100)
    text = b"Chapter 1\x0c\n" + b"A page of prose with a form feed and a tab\t.\n" * 100
    assert not looks_binary(text)
    assert not looks_binary(b"")


def test_legacy_cjk_text_is_not_binary() -> None:
    zh = ("话说天下大势，分久必合，合久必分。\n" * 50).encode("gbk")
    ja = ("吾輩は猫である。名前はまだ無い。\r\n" * 50).encode("shift_jis")
    assert not looks_binary(zh)
    assert not looks_binary(ja)


# --------------------------------------------------------------------------- properties


def _independent(data: bytes, name: str, bom: bool) -> tuple[str, int]:
    """Python's own decoding with the reported codec: the text and the bytes replaced."""
    replaced = 0

    def count(err: UnicodeError) -> tuple[str, int]:
        nonlocal replaced
        assert isinstance(err, UnicodeDecodeError)
        replaced += err.end - err.start
        return "\ufffd", err.end

    codecs.register_error("test-decode-count", count)
    if bom:
        data = next(data[len(b) :] for b in _BOMS if data.startswith(b))
    text = data.decode(name, "test-decode-count")
    return text.replace("\r\n", "\n").replace("\r", "\n"), replaced


_BOMS: tuple[bytes, ...] = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8)
_BOMS += (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert isinstance(looks_binary(data), bool)
    text, report = decode(data)
    assert "\r" not in text
    assert codecs.lookup(report.name).name == report.name
    # The text is exactly Python's decoding with the reported codec, and the
    # count is exactly the bytes Python could not decode.
    assert (text, report.replaced_bytes) == _independent(data, report.name, report.bom)


_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        st.characters(blacklist_categories=_SURROGATES, blacklist_characters="\x00"), max_size=500
    )
)
def test_any_utf8_text_round_trips(source: str) -> None:
    text, report = decode(source.encode("utf-8"))
    assert text == normalise_newlines(source.removeprefix("\ufeff"))
    assert report.replaced_bytes == 0


@pytest.mark.parametrize(
    ("source", "codec", "name"),
    [
        ("話說天下大勢，分久必合，合久必分。周末七國分爭，並入於秦。\n" * 20, "big5", "cp950"),
        (
            "대한민국 헌법 제1조 대한민국은 민주공화국이다. 모든 권력은 국민으로부터 나온다.\n"
            * 20,
            "euc_kr",
            "cp949",
        ),
    ],
)
def test_other_cjk_code_pages_use_their_supersets(source: str, codec: str, name: str) -> None:
    text, report = decode(source.encode(codec))
    assert report.name == name
    assert text == source


def test_exact_replacement_counts() -> None:
    # (Stronger twins of tests in test_bad_input.py and test_parse.py, which only
    # check that some bytes were replaced.)
    good = "Ünïcödé “quotes” and text.\n\n" * 2000
    text, report = decode(good.encode() + b"broken \xc3\x28 byte\n\n" + good.encode())
    assert (report.name, report.replaced_bytes) == ("utf-8", 1)  # the lone lead byte C3
    assert text == good + "broken \ufffd( byte\n\n" + good
    plain = ("Plain words é. " * 300).encode()
    text, report = decode(plain + b"\xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80\n")
    # A surrogate (3 bytes), an overlong slash (2) and a code point past U+10FFFF (4).
    assert report.replaced_bytes == 9
    assert text == plain.decode() + "\ufffd" * 3 + " " + "\ufffd" * 2 + " " + "\ufffd" * 4 + "\n"
    cafe = "Café “naïve” text. " * 200
    text, report = decode(cafe.encode() + b"\xff bad " + cafe.encode())
    assert report.replaced_bytes == 1
    assert text == cafe + "\ufffd bad " + cafe


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_cjk_text_is_recognised(codec: str) -> None:
    text = "吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n" * 40
    decoded, report = decode(text.encode(codec))
    assert report.name == codec
    assert decoded == text
    assert report.replaced_bytes == 0


def test_legacy_cjk_code_pages_are_not_taken_for_utf16() -> None:
    text = "滚滚长江东逝水，浪花淘尽英雄。是非成败转头空。\n" * 40
    assert decode(text.encode("gb18030"))[0] == text
    assert decode(text.encode("gb18030"))[1].name == "gb18030"
    jp = "吾輩は猫である。名前はまだ無い。\n" * 40
    assert decode(jp.encode("cp932"))[1].name == "cp932"
    assert decode(jp.encode("euc-jp"))[0] == jp


@given(st.lists(st.sampled_from([b"\r\n", b"\r", b"\n", b"a", b"\xc3\xa9"]), max_size=30))
@settings(max_examples=300)
def test_line_ends_become_lf_whatever_their_mix(pieces: list[bytes]) -> None:
    """CRLF and lone CR become LF, however the two are mixed (the all-CRLF fast path
    included), and so does decoding as UTF-8."""
    data = b"x" + b"".join(pieces)
    expected = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    assert _bytes_newlines(data) == expected
    assert decode(data)[0] == expected.decode("utf-8")


_LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"])
_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.tuples(_WORDS, _LINE_ENDS), min_size=1, max_size=60),
    bom=st.booleans(),
    share=st.floats(min_value=0.0, max_value=1.2),
)
def test_a_head_decoded_alone_is_the_start_of_the_whole_text(
    lines: list[tuple[str, str]], bom: bool, share: float
) -> None:
    """Any UTF-8 text (emoji, CJK, controls, mixed line ends, with or without a BOM): the
    head ``decode_head`` reads alone is exactly the start of what ``decode`` reads, and is
    given whenever the file is longer than the limit and a line ends inside it."""
    text = "".join(words + end for words, end in lines)
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    limit = max(1, int(share * len(data)))
    whole, report = decode(data)
    head = decode_head(data, limit)
    start = 3 if bom else 0
    if head is None:
        wide = report.method in ("pattern", "escapes")  # read as UTF-16/32 or ISO-2022
        assert wide or len(data) <= limit or b"\n" not in data[start:limit]
        return
    head_text, head_report, used = head
    assert start < used <= limit and data[used - 1 : used] == b"\n"
    assert whole.startswith(head_text)
    assert head_report == report
