"""The Statistics view built from a known history: the charts' data, in light and dark, their
text alternatives, the book section, the empty state, and QtCharts kept out of start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCharts import QChartView, QLineSeries, QStackedBarSeries
from PySide6.QtWidgets import QApplication, QLabel
from stats_support import ALICE, IGNORED, ROOT, MakeWindow, local_noon

from reader.layout.style import Theme
from reader.store.stats_models import Kind, PageView
from reader.ui.stats.card import ChartCard
from reader.ui.stats.colours import chart_colours
from reader.ui.stats.view import EMPTY_TEXT, PRIVACY_TEXT, StatisticsView
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(*IGNORED)

HISTORY = {0: (20, 0), 1: (30, 10), 3: (45, 0), 10: (5, 0)}
"""Days ago → (minutes reading, minutes listening), in one-minute page views from noon."""
GOAL = 30


def _history(window: MainWindow) -> int:
    """Record the known history for the open book; return its id."""
    record = window.session.record
    assert record is not None
    views = []
    offset = 0
    for days_ago, (reading, listening) in HISTORY.items():
        t = local_noon(days_ago)
        for i in range(reading + listening):
            kind = Kind.READING if i < reading else Kind.LISTENING
            views.append(PageView(record.id, offset, offset + 1200, t + 60 * i, 60, kind, 240))
            offset += 1200
    window.store.stats.add_views(views, finished={record.id: local_noon(2)})
    window.store.stats.set_goal_minutes(GOAL)
    return record.id


def _open(make_window: MakeWindow, corpus: Path, theme: str = "light") -> StatisticsView:
    window = make_window()
    window.set_reading_style(window.reading_style().with_(theme=theme))
    assert window.open_path(str(corpus / ALICE))
    _history(window)
    window.registry.run("stats.show")
    view = window.stats_ui.statistics_view()
    assert view is not None and view.isVisible()
    return view


def _bars(card: ChartCard) -> dict[str, list[float]]:
    assert isinstance(card.chart, QChartView)
    (series,) = [s for s in card.chart.chart().series() if isinstance(s, QStackedBarSeries)]
    return {s.label(): [s.at(i) for i in range(s.count())] for s in series.barSets()}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_charts_show_the_known_history(
    make_window: MakeWindow, corpus: Path, theme: str
) -> None:
    view = _open(make_window, corpus, theme)
    cards = view.chart_cards()
    assert set(cards) == {
        *("daily", "weekly", "heat", "finished", "weekday", "hour", "chapters", "pace")
    }

    daily = _bars(cards["daily"])
    expected_reading = [0.0] * 30
    expected_listening = [0.0] * 30
    for days_ago, (reading, listening) in HISTORY.items():
        if days_ago < 30:
            expected_reading[29 - days_ago] = float(reading)
            expected_listening[29 - days_ago] = float(listening)
    assert daily == {"Reading": expected_reading, "Listening": expected_listening}
    chart = cards["daily"].chart
    assert isinstance(chart, QChartView)
    (goal,) = [s for s in chart.chart().series() if isinstance(s, QLineSeries)]
    assert [p.y() for p in goal.points()] == [GOAL, GOAL]

    weekly = _bars(cards["weekly"])
    assert sum(weekly["Reading"]) == sum(r for r, _ in HISTORY.values())
    assert sum(weekly["Listening"]) == sum(li for _, li in HISTORY.values())
    assert weekly["Reading"][-1] + weekly["Listening"][-1] > 0  # this week has reading

    heat = view.heat_map
    assert heat is not None
    assert sorted(round(m) for m in heat.minutes.values()) == sorted(
        r + li for r, li in HISTORY.values()
    )
    assert heat.levels[heat.today] >= 1

    finished = _bars(cards["finished"])["Books finished"]
    assert sum(finished) == 1.0 and len(finished) == 12
    weekday = _bars(cards["weekday"])["Time"]
    hour = _bars(cards["hour"])["Time"]
    total = sum(r + li for r, li in HISTORY.values())
    assert round(sum(weekday)) == total and round(sum(hour)) == total
    assert round(hour[12] + hour[13]) == total  # everything was read from noon

    section = view.book_section
    record = view.context.open_book.record
    assert section is not None and record is not None
    assert section.chooser.currentData() == record.id
    chapters = _bars(cards["chapters"])
    assert round(sum(chapters["Reading"]) + sum(chapters["Listening"])) == total
    assert len(chapters["Reading"]) == len(cards["chapters"].table.rows) == 12  # Alice's
    figures = section.figures.text()
    assert "1 h 40 min reading" in figures and "10 min listening" in figures

    colours = chart_colours(Theme.named(theme))
    for card in cards.values():
        if isinstance(card.chart, QChartView):
            assert card.chart.chart().backgroundBrush().color() == colours.background
    reading_set = cards["daily"].chart.chart().series()[0].barSets()[0]  # type: ignore[attr-defined]
    assert reading_set.color() == colours.reading
    assert heat.colours.background == colours.background
    assert view.privacy.text() == PRIVACY_TEXT


def test_every_chart_has_a_text_alternative_to_read_copy_and_see_as_a_table(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    view = _open(make_window, corpus)
    for name, card in view.chart_cards().items():
        table = card.table
        assert table.summary and table.rows, name
        assert card.chart.accessibleDescription() == table.summary
        assert card.accessibleName() == table.title
        card.copy.click()
        assert QApplication.clipboard().text() == table.as_text()
        card.show_table.click()
        shown = card.table_widget()
        assert shown is not None and card.stack.currentWidget() is shown
        assert shown.rowCount() == len(table.rows)
        assert [shown.item(0, c).text() for c in range(shown.columnCount())] == list(table.rows[0])
        card.show_table.click()
        assert card.stack.currentWidget() is card.chart
    daily = view.chart_cards()["daily"].table
    assert "you read 1 h 50 min on 4 days" in daily.summary
    assert daily.rows[-1][1:3] == ("20", "0") and daily.rows[-2][1:3] == ("30", "10")
    assert f"Your goal of {GOAL} min a day was reached on 2 of them" in daily.summary


def test_a_book_title_is_plain_text_in_tables_and_chooser(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    record = window.session.record
    assert record is not None
    window.session.record = window.store.library.set_overrides(
        record.id, title="<b>Alice</b> &amp; co"
    )
    _history(window)
    view = window.stats_ui.show_view()
    section = view.book_section
    assert section is not None and section.chooser.currentText() == "<b>Alice</b> &amp; co"
    finished = view.chart_cards()["finished"]
    finished.show_table.click()
    table = finished.table_widget()
    assert table is not None
    titles = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert "<b>Alice</b> &amp; co" in titles


def test_no_statistics_yet_says_how_they_are_recorded(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.registry.run("stats.show")
    view = window.stats_ui.statistics_view()
    assert view is not None
    text = view.findChild(QLabel, "statsEmptyText")
    assert text is not None and text.text() == EMPTY_TEXT
    assert view.chart_cards() == {}
    assert not view.export_button.isEnabled() and not view.clear_button.isEnabled()
    assert view.import_button.isEnabled()
    assert view.privacy.isVisible() and "stay on this computer" in view.privacy.text()


def test_the_view_follows_the_reading_theme_when_it_comes_back(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    view = _open(make_window, corpus, "light")
    window = view.parentWidget()
    assert isinstance(window, MainWindow)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.registry.run("view.theme.dark")
    view.activateWindow()
    qtbot.waitUntil(lambda: view.colours.name == "dark")
    chart = view.chart_cards()["daily"].chart
    assert isinstance(chart, QChartView)
    assert chart.chart().backgroundBrush().color() == Theme.named("dark").color("background")


def test_choosing_another_book_reads_its_chapters_from_its_file(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    alice = _history(window)
    assert window.open_path(str(corpus / "gutenberg/dracula__pg345.txt"))
    view = window.stats_ui.show_view()
    section = view.book_section
    assert section is not None and section.chooser.currentData() != alice
    assert "Nothing recorded for this book yet" in section.figures.text()
    qtbot.waitUntil(lambda: section.chooser.findData(alice) >= 0)  # filled after the paint
    assert section.chooser.count() == 2 and section.chooser.currentData() != alice
    section.chooser.setCurrentIndex(section.chooser.findData(alice))
    chapters = view.chart_cards()["chapters"]
    assert len(chapters.table.rows) == 12 and chapters.table.title == "Time per chapter"
    assert round(sum(float(r[2]) + float(r[3]) for r in chapters.table.rows)) == sum(
        r + li for r, li in HISTORY.values()
    )


def test_qtcharts_is_not_imported_at_start_up(tmp_path: Path, corpus: Path) -> None:
    book = corpus / ALICE
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from reader.app import create_main_window, make_application\n"
        "from reader.cli import parse_args\n"
        "from pathlib import Path\nfrom reader.paths import Paths\n"
        "app = make_application()\n"
        f"args = parse_args(['--basedir', {str(tmp_path)!r}, '--new-instance'])\n"
        f"w = create_main_window(args, Paths(Path({str(tmp_path)!r})), [{str(book)!r}], "
        "defer_panes=True)\n"
        "for _ in range(20): app.processEvents()\n"
        "w.ensure_panes()\n"
        "print('charts' if 'PySide6.QtCharts' in sys.modules else 'clean')\n"
        "w.registry.run('stats.show')\n"
        "print('charts' if 'PySide6.QtCharts' in sys.modules else 'clean')\n"
        "w.close(); w.shutdown()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert result.stdout.split() == ["clean", "charts"], result.stderr


def test_a_book_whose_file_is_gone_shows_its_time_per_tenth(
    qtbot, make_window: MakeWindow, corpus: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    copy = tmp_path / "alice.txt"
    shutil.copy(corpus / ALICE, copy)
    window = make_window()
    assert window.open_path(str(copy))
    alice = _history(window)
    assert window.open_path(str(corpus / "gutenberg/dracula__pg345.txt"))
    dracula = window.session.record
    assert dracula is not None
    window.store.stats.add_views([], finished={dracula.id: local_noon(400)})  # long ago
    copy.unlink()
    view = window.stats_ui.show_view()
    figure = view.findChild(QLabel, "statsFigureBooksFinished")
    assert figure is not None and figure.text() == "1 in the last 12 months"
    section = view.book_section
    assert section is not None
    qtbot.waitUntil(lambda: section.chooser.findData(alice) >= 0)  # the rest, after the paint
    assert figure.text() == "2 (1 in the last 12 months)"
    section.chooser.setCurrentIndex(section.chooser.findData(alice))
    tenths = view.chart_cards()["chapters"].table
    assert tenths.title == "Time per tenth of the book" and len(tenths.rows) == 10
    assert [r[1] for r in tenths.rows[:2]] == ["0–10%", "10–20%"]
    assert round(sum(float(r[2]) + float(r[3]) for r in tenths.rows)) == sum(
        r + li for r, li in HISTORY.values()
    )
