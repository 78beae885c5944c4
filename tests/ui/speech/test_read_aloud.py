"""Read aloud on Qt's mock engine: order, skips, page following, pause, steps, sleep timer,
the saved position, and what the reader is told when there is no engine, no voice, or the
engine dies."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech
from speech_support import WAIT_MS, connect_words, make_reader, story

from reader.text.parse import load_book
from reader.ui.reading.painter import SPOKEN_SENTENCE, SPOKEN_WORD
from reader.ui.speech.bar import status_text
from reader.ui.speech.controller import (
    END_OF_BOOK,
    PAUSED,
    SLEEP_DONE,
    SPEAKING,
    STOPPED,
    ReadAloud,
)
from reader.ui.speech.ports import EngineChoice
from reader.ui.speech.script import Script

SHORT = [
    ["One two three.", "Four five six."],
    ["Seven eight nine.", "Ten eleven twelve."],
    ["Thirteen fourteen."],
]
SHORT_TEXTS = [s for p in SHORT for s in p]


def _wait_stopped(qtbot, reader) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: reader.controller.state() == STOPPED, timeout=WAIT_MS)


def test_reads_in_order_marks_each_sentence_and_saves_the_last_on_the_end(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    reader = make_reader(qtbot, tmp_path, story(SHORT))
    marks: list[list[tuple[int, int, str]]] = []
    reader.controller.sentence_started.connect(lambda _s: marks.append(reader.view.speech_marks()))
    reader.controller.play()
    assert reader.controller.state() == SPEAKING and reader.listening == [True]
    _wait_stopped(qtbot, reader)
    assert reader.texts() == SHORT_TEXTS
    for sentence, shown in zip(reader.spoken, marks, strict=True):
        assert shown[0] == (sentence.start, sentence.end, SPOKEN_SENTENCE)
        assert reader.book.text[sentence.start : sentence.end] == sentence.text
    assert reader.listening == [True, False]
    assert reader.saved == [reader.spoken[-1].start]
    assert reader.last_message() == END_OF_BOOK
    assert reader.view.speech_marks() == []


@pytest.mark.corpus
def test_author_notes_at_the_end_of_alaric_are_not_read(
    qtbot, tmp_path: Path, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    book = load_book(corpus / "fanfic/alaric_leaving.txt")
    near_end = book.text.index("He doesn't turn to watch him leave")
    reader = make_reader(qtbot, tmp_path, book, position=near_end)
    reader.view.set_selection((near_end, near_end + 1))  # a caret: reading starts there
    reader.controller.play()
    _wait_stopped(qtbot, reader)
    assert reader.texts()[0].startswith("He doesn’t turn to watch him leave")
    assert reader.texts()[-1] == "Every word he never says to make him stay."
    assert not any("A/N" in t or "sequel" in t for t in reader.texts())
    assert reader.last_message() == END_OF_BOOK


@pytest.mark.corpus
def test_a_corpus_chapter_is_read_in_order(qtbot, tmp_path: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    book = load_book(corpus / "gutenberg/alices_adventures_in_wonderland__pg11-0.txt")
    first, second = book.chapters[0].offset, book.chapters[1].offset
    expected = []
    script = Script(book, "en")
    s = script.first_from(first)
    while s is not None and s.start < second:
        expected.append(s.text)
        s = script.next(s)
    reader = make_reader(qtbot, tmp_path, book, position=first)
    reader.controller.play()
    qtbot.waitUntil(lambda: reader.controller.engine is not None, timeout=WAIT_MS)
    while reader.spoken[-1].start < second:  # the step command, sentence after sentence
        reader.controller.next_sentence()
    assert reader.texts()[:-1] == expected
    assert expected[0] == "CHAPTER I. Down the Rabbit-Hole"
    assert reader.texts()[-1].startswith("CHAPTER II.")
    assert not reader.saved  # nothing saved while speaking
    reader.controller.stop()
    assert reader.saved == [reader.spoken[-1].start]


@pytest.mark.corpus
def test_pages_follow_the_voice_unless_the_reader_pages_away(
    qtbot, tmp_path: Path, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    book = load_book(corpus / "gutenberg/war_and_peace__pg2600-0.txt")
    reader = make_reader(qtbot, tmp_path, book, position=len(book.text) // 2)
    view, controller = reader.view, reader.controller
    page = view.visible_range()
    controller.play()
    qtbot.waitUntil(lambda: controller.engine is not None, timeout=WAIT_MS)
    connect_words(reader)
    assert page[0] <= reader.spoken[0].start < page[1]  # the first sentence on the page
    while reader.spoken[-1].start < page[1]:
        controller.next_sentence()
    start, end = view.visible_range()
    assert start >= page[1] - 1 and start <= reader.spoken[-1].start < end  # turned with it
    qtbot.waitUntil(lambda: controller.word() is not None, timeout=WAIT_MS)
    word = controller.word()
    assert word is not None and reader.words  # reported by the engine, in UTF-16 units
    assert (*word, SPOKEN_WORD) in view.speech_marks()
    assert reader.spoken[-1].start <= word[0] < word[1] <= reader.spoken[-1].end
    # The reader pages ahead: the voice goes on without dragging the page back...
    view.next_page()
    view.next_page()
    away = view.visible_range()
    said = len(reader.spoken)
    qtbot.waitUntil(lambda: len(reader.spoken) > said + 1, timeout=WAIT_MS)
    assert view.visible_range() == away
    # ...until they come back to it (or step the voice: a step shows where it is).
    view.go_to(reader.spoken[-1].start)
    for _ in range(40):
        controller.next_sentence()
    s = reader.spoken[-1]
    assert view.visible_range()[0] <= s.start < view.visible_range()[1]
    view.next_page()
    view.next_page()
    controller.next_sentence()
    s = reader.spoken[-1]
    assert view.visible_range()[0] <= s.start < view.visible_range()[1]
    controller.stop()


@pytest.mark.corpus
def test_without_word_reports_the_page_turns_when_the_voice_should_reach_it(
    qtbot, tmp_path: Path, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    book = load_book(corpus / "gutenberg/war_and_peace__pg2600-0.txt")
    reader = make_reader(qtbot, tmp_path, book, position=len(book.text) // 3)
    view, controller = reader.view, reader.controller
    controller.play()
    engine = controller.engine
    assert engine is not None
    engine.word.disconnect()  # like speech-dispatcher: no word reports
    engine.reports_words = lambda: False  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: len(reader.spoken) >= 4, timeout=WAIT_MS)  # the pace is learnt
    for _ in range(300):  # a sentence that runs well over the page's end
        current = controller.current()
        assert current is not None
        end = view.visible_range()[1]
        if current.start < end and current.end - end > (current.end - current.start) // 3:
            break
        controller.next_sentence()
    else:
        pytest.fail("no sentence across a page end in 300 sentences")
    said = len(reader.spoken)
    qtbot.waitUntil(lambda: view.visible_range()[0] >= end, timeout=WAIT_MS)
    assert len(reader.spoken) == said  # turned during the sentence, before the next one
    controller.stop()


def test_pause_and_resume_go_on_at_the_same_sentence(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long = [
        ["Alpha bravo charlie delta echo foxtrot golf hotel."],
        ["India juliet kilo lima mike november oscar papa."],
        ["Quebec romeo sierra tango uniform victor whiskey."],
    ]
    reader = make_reader(qtbot, tmp_path, story(long))
    controller = reader.controller
    controller.play()
    connect_words(reader)
    qtbot.waitUntil(lambda: len(reader.spoken) == 2 and len(reader.words) >= 11, timeout=WAIT_MS)
    controller.play_pause()
    assert controller.state() == PAUSED and controller.is_listening()
    engine = controller.engine
    assert engine is not None
    qtbot.waitUntil(lambda: engine.is_paused(), timeout=WAIT_MS)
    paused_at = len(reader.words)
    qtbot.wait(300)  # the mock reports a word every 50 ms when it speaks
    assert len(reader.words) == paused_at and len(reader.spoken) == 2
    assert controller.current() is reader.spoken[1]
    controller.play_pause()
    assert controller.state() == SPEAKING
    _wait_stopped(qtbot, reader)
    assert reader.texts() == [p[0] for p in long]  # nothing repeated, nothing skipped
    assert reader.listening == [True, False]


def test_step_commands_speaking_and_paused(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paragraphs = [[f"Paragraph {p} sentence {s} goes on." for s in range(3)] for p in range(4)]
    reader = make_reader(qtbot, tmp_path, story(paragraphs), rate=-1.0)  # 150 ms a word
    c = reader.controller

    def now() -> str:
        current = c.current()
        assert current is not None
        return current.text

    c.next_sentence()
    assert "not on" in reader.last_message() and "R" in reader.last_message()
    c.play()
    assert now() == "Paragraph 0 sentence 0 goes on."
    c.next_sentence()
    c.next_sentence()
    assert now() == "Paragraph 0 sentence 2 goes on."
    c.next_paragraph()
    assert now() == "Paragraph 1 sentence 0 goes on."
    c.next_sentence()
    c.previous_paragraph()  # mid-paragraph: back to its start
    assert now() == "Paragraph 1 sentence 0 goes on."
    c.previous_paragraph()  # at its start: the paragraph before
    assert now() == "Paragraph 0 sentence 0 goes on."
    c.previous_sentence()  # nothing before the first sentence: stays
    assert now() == "Paragraph 0 sentence 0 goes on."
    c.pause()
    assert c.state() == PAUSED
    c.next_paragraph()
    c.next_sentence()
    assert now() == "Paragraph 1 sentence 1 goes on." and c.state() == PAUSED
    said = len(reader.spoken)
    c.resume()
    assert reader.texts()[said] == "Paragraph 1 sentence 1 goes on."
    c.stop()
    assert reader.saved == [reader.spoken[-1].start]


def test_sleep_timer_stops_at_the_end_of_the_sentence(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paragraphs = [[f"Sentence {p} of the long night." for p in range(40)]]
    reader = make_reader(qtbot, tmp_path, story(paragraphs))
    c = reader.controller
    c.set_sleep_timer("15")  # set before play: counts from the start
    c.play()
    assert c.sleep_remaining() == 15 * 60
    assert "sleep in 15:00" in status_text(c)
    reader.clock.now += 14 * 60
    c.check_sleep_timer()
    assert c.state() == SPEAKING and "sleep in 1:00" in status_text(c)
    reader.clock.now += 60
    c.check_sleep_timer()
    expired_at = len(reader.spoken)
    _wait_stopped(qtbot, reader)
    assert len(reader.spoken) == expired_at  # the sentence in progress was finished, no more
    assert reader.last_message() == SLEEP_DONE
    assert reader.saved == [reader.spoken[-1].start]
    assert c.sleep_choice() == "off"


def test_sleep_timer_at_the_end_of_the_chapter(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Chapter 1\n\nThe first chapter ends. It really ends now.\n\n\n"
        "Chapter 2\n\nThe second chapter begins.\n"
    )
    reader = make_reader(qtbot, tmp_path, text)
    c = reader.controller
    for choice in ("15", "30", "60", "chapter"):
        c.cycle_sleep_timer()
        assert c.sleep_choice() == choice
    c.play()
    assert "sleep at chapter end" in status_text(c)
    _wait_stopped(qtbot, reader)
    assert reader.texts() == ["Chapter 1", "The first chapter ends.", "It really ends now."]
    assert reader.last_message() == SLEEP_DONE


def test_paused_sleep_timer_stops_at_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = make_reader(qtbot, tmp_path, story(SHORT), rate=-1.0)
    c = reader.controller
    c.play()
    c.set_sleep_timer("30")
    c.pause()
    reader.clock.now += 30 * 60
    c.check_sleep_timer()
    assert c.state() == STOPPED and reader.saved == [reader.spoken[0].start]


def test_stop_saves_the_sentence_being_spoken_and_shows_its_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paragraphs = [[f"Line {i} of a long book to read." for i in range(8)] for _ in range(30)]
    reader = make_reader(qtbot, tmp_path, story(paragraphs), size=(420, 300), rate=-1.0)
    c = reader.controller
    c.play()
    for _ in range(25):
        c.next_sentence()
    reader.view.go_to(0)  # the reader looks elsewhere, then stops
    c.stop()
    last = reader.spoken[-1]
    assert reader.saved == [last.start]
    start, end = reader.view.visible_range()
    assert start <= last.start < end
    assert c.state() == STOPPED and not c.is_listening()


def test_rate_steps_are_stored_and_given_to_the_engine(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = make_reader(qtbot, tmp_path, story(SHORT), rate=0.0)
    c = reader.controller
    c.faster()
    c.faster()
    assert c.settings().rate == pytest.approx(0.2)
    assert "+20%" in reader.last_message()
    c.play()
    engine = c.engine
    assert engine is not None and engine.tts.rate() == pytest.approx(0.2)
    c.slower()
    assert engine.tts.rate() == pytest.approx(0.1) and "+10%" in status_text(c)
    again = ReadAloud(c.ctx)  # stored: a new controller starts with it
    assert again.settings().rate == pytest.approx(0.1)
    c.stop()


@pytest.mark.parametrize("installed", [[], ["mock"]])
def test_no_engine_says_so_and_how_to_install_one(
    qtbot, tmp_path: Path, installed: list[str]
) -> None:  # type: ignore[no-untyped-def]
    choice = EngineChoice(available=lambda: list(installed))  # the mock is never picked
    reader = make_reader(qtbot, tmp_path, story(SHORT), engine=choice)
    reader.controller.play()
    message = reader.last_message()
    assert "needs a speech engine" in message
    assert "sudo apt install speech-dispatcher espeak-ng" in message
    assert "sudo dnf install speech-dispatcher espeak-ng" in message
    assert reader.controller.state() == STOPPED and reader.listening == [] and not reader.saved
    assert reader.view.speech_marks() == []


def test_no_voice_for_the_language_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "Мой дядя самых честных правил. Он уважать себя заставил.\n"
    reader = make_reader(qtbot, tmp_path, text)  # the mock has English, Norwegian, Finnish
    assert reader.book.metadata.language == "ru"
    reader.controller.play()
    assert "no voice for Russian" in reader.last_message()
    assert reader.messages.shown[-1][1] is True  # an error
    assert reader.controller.state() == STOPPED and reader.listening == []


def test_an_engine_that_dies_stops_reading_and_keeps_the_place(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = make_reader(qtbot, tmp_path, story(SHORT), rate=-1.0)
    c = reader.controller
    c.play()
    c.next_sentence()
    engine = c.engine
    assert engine is not None
    engine.tts.stateChanged.emit(QTextToSpeech.State.Error)  # what a crashed engine reports
    assert c.state() == STOPPED and c.engine is None
    assert "stopped working" in reader.last_message() and reader.messages.shown[-1][1]
    assert reader.saved == [reader.spoken[-1].start] and reader.spoken[-1].text == SHORT_TEXTS[1]
    c.play()  # a new engine is loaded for the next try
    assert c.engine is not None and c.state() == SPEAKING
    c.stop()


def test_a_selection_starts_reading_at_its_word(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = make_reader(qtbot, tmp_path, story(SHORT))
    at = reader.book.text.index("eleven")
    reader.view.set_selection((at + 2, at + 4))
    reader.controller.play()
    assert reader.texts()[0] == "eleven twelve."
    reader.controller.stop()
