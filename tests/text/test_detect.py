"""Encoding detection: each failure class of issues 9 and 11, built as a generated file.

- a Shift_JIS novel that starts straight in with kanji, with CRLF line endings,
  once read as UTF-16-BE;
- BOM-less UTF-16/32 in Cyrillic or CJK scripts, once refused as "not a text file";
- whole files in cp855 and mac-cyrillic, once confused with cp866/cp1251/cp1253;
- Turkish cp1254, once left to a Latin-1 fallback;
- ISO-2022-JP/KR, 7-bit, once taken for UTF-8 (ESC sequences and all);
- English with the curly quotes of a CJK code page, which chardet gives up on.

Plus the pieces: the plausibility score, the wide-text sniffer, the evidence
sampler, and ``detect`` agreeing with ``decode``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reader.text.decode import decode, detect, looks_binary
from reader.text.detect_evidence import evidence, high_byte_count
from reader.text.detect_plausible import badness
from reader.text.detect_wide import detect_wide
from reader.text.errors import NotTextError
from reader.text.legacy import CANDIDATES
from reader.text.parse import parse_bytes
from tests.text.encoding_matrix import (
    ROW_BY_LABEL,
    Case,
    corpus_available,
    representable,
    same_text,
    source_texts,
)
from tests.text.encoding_texts import TURKISH

needs_corpus = pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is absent")


def _case(text_id: str, label: str, ending: str, start: str, length: str) -> tuple[bytes, str]:
    built = Case(text_id, label, ending, start, length, whole_cap=None).build()
    assert built is not None, "the case should exist"
    return built


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- Shift_JIS


# Written for this test: a paragraph that opens with kanji and has no ASCII at all.
KANJI_FIRST = (
    "雨上がりの朝、古い町の坂道を老人がゆっくりと登っていった。"
    "両側の家々はまだ眠っていて、軒先から落ちる雫の音だけが静かに響いている。"
    "老人は時折立ち止まり、空を見上げては小さく溜息をついた。"
    "若い頃に見た海の色を、彼は今でもはっきりと覚えているのだった。\r\n"
)


@pytest.mark.parametrize("repeat", [1, 3, 40])
def test_shift_jis_that_starts_with_kanji_and_crlf_is_not_utf16(repeat: int) -> None:
    data = (KANJI_FIRST * repeat).encode("shift_jis")
    assert data[:2] == "雨".encode("shift_jis")  # no ASCII header at all
    # The old trap: these byte pairs read as UTF-16-BE are CJK ideographs.
    as_utf16 = data[: len(data) // 2 * 2].decode("utf-16-be", "replace")
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in as_utf16) > 0.5 * len(as_utf16)
    text, report = decode(data)
    assert report.name == "cp932"
    assert text == _normalised(KANJI_FIRST * repeat)
    assert detect_wide(data) is None
    assert not looks_binary(data)


@needs_corpus
@pytest.mark.parametrize("length", ["2KB", "20KB", "whole"])
@pytest.mark.parametrize("ending", ["CRLF", "LF", "CR"])
def test_wagahai_from_mid_text_in_shift_jis(ending: str, length: str) -> None:
    data, expected = _case("wagahai", "Shift_JIS", ending, "mid", length)
    assert not data[:2].isascii()
    text, report = decode(data)
    assert report.name == "cp932"
    assert same_text(text, expected)


# --------------------------------------------------------------------------- BOM-less wide


WIDE_TEXTS = ["onegin", "uk_river", "sanguo", "wagahai", "zh_hant_peach_blossom", "ko_market"]
WIDE_TEXTS += ["el_fisherman", "he_bakery", "ar_fisherman", "alice", "bovary"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text_id", WIDE_TEXTS)
def test_bomless_wide_text_in_every_script_is_text(text_id: str, codec: str) -> None:
    if text_id not in source_texts():
        pytest.skip("../shared/corpus is absent")
    source = source_texts()[text_id]
    for start in (0, len(source) // 2):
        excerpt = source[start : start + 30_000]
        data = excerpt.encode(codec)
        assert not looks_binary(data), "refused as not a text file"
        text, report = decode(data)
        assert (report.name, report.method, report.bom) == (codec, "pattern", False)
        assert text == excerpt
        assert report.replaced_bytes == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_russian_opens_as_a_book(codec: str) -> None:
    source = "Мой дядя самых честных правил, когда не в шутку занемог,\nон уважать себя заставил.\n"
    book = parse_bytes((source * 50).encode(codec), file_name="onegin.txt")
    assert book.encoding.name == codec
    assert book.text == source * 50


def test_bomless_utf16_chinese_without_any_ascii_is_text() -> None:
    source = "滚滚长江东逝水，浪花淘尽英雄。是非成败转头空，青山依旧在，几度夕阳红。" * 30
    for codec in ("utf-16-le", "utf-16-be"):
        data = source.encode(codec)
        assert b"\x00" not in data  # nothing for a NUL-pattern check to see
        assert not looks_binary(data)
        assert decode(data) == (source, decode(data)[1])
        assert decode(data)[1].name == codec


def test_binary_is_still_binary() -> None:
    with pytest.raises(NotTextError):
        parse_bytes(bytes(range(256)) * 64, file_name="noise.bin")
    assert looks_binary(b"\x00" * 4096)
    assert looks_binary(bytes(range(32)) * 200)


def test_a_few_control_bytes_in_utf8_are_not_utf16() -> None:
    data = "0\x19\x80 and more UTF-8 text — with a dash.\n".encode()
    assert detect_wide(data) is None
    assert decode(data) == (data.decode(), decode(data)[1])


# --------------------------------------------------------------------------- code pages


@needs_corpus
@pytest.mark.parametrize("label", ["cp855", "mac-cyrillic", "cp866", "KOI8-R", "ISO-8859-5"])
@pytest.mark.parametrize("ending", ["CRLF", "LF"])
def test_single_byte_cyrillic_whole_files(label: str, ending: str) -> None:
    data, expected = _case("onegin", label, ending, "head", "whole")
    text, report = decode(data)
    assert report.name == codecs.lookup(ROW_BY_LABEL[label].codec).name
    assert text == expected


@pytest.mark.parametrize("label", ["cp1251", "KOI8-U", "mac-cyrillic"])
def test_ukrainian_in_its_code_pages(label: str) -> None:
    for length in ("2KB", "whole"):
        data, expected = _case("uk_river", label, "LF", "head", length)
        text, report = decode(data)
        assert text == expected, (length, report)


@pytest.mark.parametrize("length", ["2KB", "20KB", "whole"])
@pytest.mark.parametrize("label", ["cp1254", "ISO-8859-9"])
def test_turkish_is_not_a_latin1_fallback(label: str, length: str) -> None:
    data, expected = _case("tr_highlands", label, "CRLF", "head", length)
    text, report = decode(data)
    assert text == expected
    assert "ı" in text and "ş" in text and "ğ" in text
    assert report.name in ("cp1254", "iso8859-9")
    assert report.method == "chardet"


def test_short_turkish_paragraph() -> None:
    paragraph = TURKISH.split("\n\n")[1].replace("“", '"').replace("”", '"')
    text, report = decode(paragraph.encode("iso8859-9"))
    assert text == paragraph
    assert report.name in ("cp1254", "iso8859-9")


@pytest.mark.parametrize(
    ("text_id", "label", "name"),
    [
        ("el_fisherman", "cp1253", "cp1253"),
        ("el_fisherman", "ISO-8859-7", "iso8859-7"),
        ("he_bakery", "cp1255", "cp1255"),
        ("ar_fisherman", "cp1256", "cp1256"),
        ("ar_fisherman", "ISO-8859-6", "iso8859-6"),
        ("pl_village", "cp1250", "cp1250"),
        ("cs_stranger", "ISO-8859-2", "iso8859-2"),
        ("fr_oe_train", "ISO-8859-15", "iso8859-15"),
        ("fr_oe_train", "mac-roman", "mac-roman"),
        ("ko_market", "EUC-KR", "cp949"),
        ("zh_hant_peach_blossom", "Big5", "cp950"),
    ],
)
def test_other_scripts_and_code_pages(text_id: str, label: str, name: str) -> None:
    for ending, start, length in (("LF", "head", "2KB"), ("CRLF", "mid", "whole")):
        data, expected = _case(text_id, label, ending, start, length)
        text, report = decode(data)
        assert text == expected
        assert report.name == name


@pytest.mark.parametrize(
    ("text_id", "label", "name"),
    [
        ("wagahai", "ISO-2022-JP", "iso2022_jp"),
        ("alice", "ISO-2022-JP", "iso2022_jp"),
        ("onegin", "ISO-2022-KR", "iso2022_kr"),
        ("ko_market", "ISO-2022-KR", "iso2022_kr"),
    ],
)
def test_iso2022_is_recognised_before_utf8(text_id: str, label: str, name: str) -> None:
    if text_id not in source_texts():
        pytest.skip("../shared/corpus is absent")
    for start, length in (("head", "2KB"), ("mid", "whole")):
        data, expected = _case(text_id, label, "CRLF", start, length)
        assert data.isascii()  # 7-bit: valid UTF-8 as it stands
        text, report = decode(data)
        assert text == expected
        assert (report.name, report.method) == (name, "escapes")
        assert not looks_binary(data)


def test_kanji_first_iso2022_jp() -> None:
    data = (KANJI_FIRST * 3).encode("iso2022_jp")
    text, report = decode(data)
    assert text == _normalised(KANJI_FIRST * 3)
    assert report.name == "iso2022_jp"


def test_terminal_escapes_in_ascii_stay_utf8() -> None:
    data = b"\x1b[31mred\x1b[0m and plain text\n" * 10
    text, report = decode(data)
    assert report.name == "utf-8"
    assert text == data.decode()


@needs_corpus
@pytest.mark.parametrize("label", ["GB18030", "GBK", "Big5", "Shift_JIS", "EUC-JP", "EUC-KR"])
def test_english_with_cjk_code_page_punctuation(label: str) -> None:
    # chardet alone gives up on these (a Latin code page, garbling every quote).
    data, expected = _case("alice", label, "CRLF", "head", "2KB")
    assert "’" in expected or "“" in expected
    text, report = decode(data)
    assert same_text(text, expected), report


# --------------------------------------------------------------------------- pieces


def test_plausibility_prefers_the_right_decoding() -> None:
    source = "Мой дядя самых честных правил, когда не в шутку занемог… Я — ёж.\n" * 20
    raw = source.encode("cp1251")
    right = badness(raw.decode("cp1251")).total
    assert right == 0
    for wrong in ("koi8-r", "cp866", "mac-cyrillic", "cp1252", "iso8859-5"):
        assert badness(raw.decode(wrong, "replace")).total > 20, wrong


def test_plausibility_events() -> None:
    assert badness("cafŽ").case_break == 1
    assert badness("Ìîé ÷åñòíûõ").symbol_by_letter == 1  # ÷ glued to å
    assert badness("word\x85word").junk == 1
    assert badness("Alice・s cat").cjk_punct_by_ascii == 2
    assert badness("the¡Kand").quote_in_word == 1
    assert badness("吾輩は猫である。名前はまだ無い。").total == 0
    assert badness("“Well,” said she — it’s…").total == 0


def test_evidence_finds_the_only_accented_word_deep_in_a_big_file() -> None:
    data = b"plain ascii prose, line after line.\n" * 60_000 + "née\n".encode("latin-1")
    data += b"more ascii.\n" * 1000
    chunks = evidence(data, data.index(b"n\xe9e"))
    assert sum(map(high_byte_count, chunks)) == 1
    assert sum(map(len, chunks)) < 64 * 1024


def test_evidence_never_cuts_a_character() -> None:
    line = ("吾輩は猫である。名前はまだ無い。" * 800).encode("euc_jp")  # one 24 KB line
    data = (line + b"\n") * 40
    for chunk in evidence(data):
        chunk.decode("euc_jp")  # strict: raises if a chunk starts or ends mid-character


def test_legacy_candidates_are_never_wide() -> None:
    assert not [name for name in CANDIDATES if name.startswith(("utf-16", "utf-32"))]


@pytest.mark.parametrize(
    ("text_id", "label"),
    [
        ("uk_river", "cp1251"),
        ("tr_highlands", "ISO-8859-9"),
        ("ko_market", "UTF-16BE"),
        ("ko_market", "ISO-2022-KR"),
        ("ko_market", "UTF-8"),
        ("zh_hant_peach_blossom", "Big5"),
    ],
)
def test_detect_agrees_with_decode(text_id: str, label: str) -> None:
    data, _expected = _case(text_id, label, "LF", "head", "20KB")
    report = detect(data)
    full = decode(data)[1]
    assert (report.name, report.method, report.confidence) == (
        full.name,
        full.method,
        full.confidence,
    )


def test_a_big_legacy_file_is_detected_from_samples() -> None:
    text = representable("uk_river", "KOI8-U")
    assert text is not None
    data = text.encode("koi8_u") * 120  # about 3 MB: many windows
    decoded, report = decode(data)
    assert report.name == "koi8-u"
    assert decoded == text * 120


def test_quire_info_reports_the_detection(tmp_path: Path) -> None:
    from reader.text.info import book_info

    data, _expected = _case("tr_highlands", "cp1254", "CRLF", "head", "20KB")
    book = parse_bytes(data, file_name="yayla.txt")
    info = book_info(book)
    assert info["encoding"]["name"] == "cp1254"
    assert info["encoding"]["method"] == "chardet"
    assert 0 < info["encoding"]["confidence"] <= 1


@pytest.mark.parametrize(
    ("tail", "codec", "name"),
    [
        ("Le cœur de sa sœur.\n", "iso8859-15", "iso8859-15"),  # œ only in ISO-8859-15
        ("“Enfin,” dit-elle.\n", "cp1252", "cp1252"),  # curly quotes only in cp1252
        ("Fin de l'été.\n", "iso8859-1", "iso8859-1"),  # nothing that tells them apart
    ],
)
def test_the_byte_that_tells_code_pages_apart_is_found_anywhere(
    tail: str, codec: str, name: str
) -> None:
    line = "Nous étions à l'Étude, quand le Proviseur entra, suivi d'un nouveau.\n"
    # One line between the evidence windows (a 2.8 MB file is sampled, not read).
    source = line * 14_777 + tail + line * 25_000
    text, report = decode(source.encode(codec))
    assert text == source
    assert report.name == name
