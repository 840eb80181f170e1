"""The main window: projects, the corpus list beside the document, menus, keys, settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox

from newsmark import __version__
from newsmark.core.documents import Document
from newsmark.core.paths import data_dir, default_project_path
from newsmark.core.store import Store
from newsmark.gui import settings as prefs
from newsmark.gui.corpus_model import COL_TITLE
from newsmark.gui.document_view import REMOVED_BACKGROUND, TAB_ORIGINAL, TAB_REMOVALS
from newsmark.gui.main_window import MainWindow


def row_with_title(window: MainWindow, title: str) -> int:
    model = window.model
    for row in range(model.rowCount()):
        if model.index(row, COL_TITLE).data() == title:
            return row
    raise AssertionError(f"no row titled {title!r}")


def select_title(qtbot, window: MainWindow, title: str) -> None:
    window.corpus_panel.select_row(row_with_title(window, title))
    qtbot.waitUntil(lambda: window.document_view.is_showing_document())


# -- opening projects -------------------------------------------------------------------------


def test_window_shows_the_project(qtbot, open_window, sample_project: Path):
    window = open_window(sample_project)
    # The counts come from a worker.
    qtbot.waitUntil(lambda: window.count_label.text() != "")
    assert window.windowTitle() == "Newsmark — sample.nmk"
    assert window.model.rowCount() == 4
    assert window.corpus_panel.count_label.text() == "4 documents"
    assert window.project_label.full_text() == str(sample_project)
    assert window.count_label.text() == "4 documents"
    assert window.summary_label.text() == "no annotations yet"
    assert "Select a document" in window.document_view.message()


def test_selecting_a_row_shows_text_and_metadata(qtbot, open_window, sample_project, samples):
    window = open_window(sample_project)
    select_title(qtbot, window, "Protest outside the ministry")
    view = window.document_view
    assert view.text_edit.toPlainText() == samples.cleaned_text
    assert view.title_label.text() == "Protest outside the ministry"
    assert view.meta_label.full_text() == (
        "A. Reporter · 2024-03-04 · Daily Example · "
        "https://news.example/2024/03/04/protest-outside-the-ministry"
    )
    assert view.info_label.full_text() == "Document 1 · New · from corpus/protest.html"


def test_a_title_with_markup_is_shown_as_text(qtbot, open_window, sample_project, samples):
    window = open_window(sample_project)
    select_title(qtbot, window, samples.html_title)
    label = window.document_view.title_label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == samples.html_title


def test_emoji_document_round_trips(qtbot, open_window, sample_project, samples):
    window = open_window(sample_project)
    select_title(qtbot, window, "Fans celebrate 🎉 in Zürich")
    assert window.document_view.text_edit.toPlainText() == samples.emoji_text


def test_removals_and_original_tabs(qtbot, open_window, sample_project, samples):
    window = open_window(sample_project)
    select_title(qtbot, window, "Protest outside the ministry")
    view = window.document_view
    assert view.tabs.tabText(TAB_REMOVALS) == "Removed by cleaning (5)"
    reasons = [
        view.removals_tree.topLevelItem(i).text(0)
        for i in range(view.removals_tree.topLevelItemCount())
    ]
    assert reasons == [r.reason for r in samples.cleaned_removals]

    view.tabs.setCurrentIndex(TAB_ORIGINAL)
    assert view.original_edit.toPlainText() == samples.cleaned_original
    assert len(view.removal_ranges()) == 5
    for start, end in view.removal_ranges():
        for position in (start, end - 1):
            cursor = QTextCursor(view.original_edit.document())
            cursor.setPosition(position + 1)  # the format of the character before the cursor
            assert cursor.charFormat().background().color() == REMOVED_BACKGROUND

    # Moving to another document while the Original tab is open renders that one's original.
    select_title(qtbot, window, "Fans celebrate 🎉 in Zürich")
    qtbot.waitUntil(lambda: view.original_edit.toPlainText() == samples.emoji_original)


def test_up_and_down_move_through_the_documents(qtbot, open_window, sample_project):
    window = open_window(sample_project)
    table = window.corpus_panel.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.document_view.document() is not None)
    first = window.document_view.document().id
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.document_view.document().id != first)
    second = window.document_view.document().id
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.document_view.document().id == first)
    assert (first, second) == (1, 2)


def test_opening_a_file_that_is_not_a_project_shows_the_error(
    open_window, sample_project: Path, tmp_path: Path, message_boxes
):
    window = open_window(sample_project)
    bogus = tmp_path / "notes.nmk"
    bogus.write_text("just some notes, not a database\n")

    assert not window.open_project(bogus)
    [(icon, title, text)] = message_boxes.shown
    assert icon == QMessageBox.Icon.Critical
    assert title == "Cannot open project"
    assert text == f"{bogus}: not a Newsmark project (not an SQLite database)"
    # The project that was open stays open, and the file is untouched.
    assert window.windowTitle() == "Newsmark — sample.nmk"
    assert window.project_path() == sample_project
    assert bogus.read_text() == "just some notes, not a database\n"
    assert window.model.rowCount() == 4


def test_a_missing_project_is_an_error_too(window: MainWindow, tmp_path: Path, message_boxes):
    assert not window.open_project(tmp_path / "nowhere.nmk")
    assert "no project file there" in message_boxes.texts()[0]
    assert not (tmp_path / "nowhere.nmk").exists()
    assert window.windowTitle() == "Newsmark"
    assert "No project is open" in window.document_view.message()


def test_opening_another_project_at_run_time(
    qtbot, open_window, sample_project: Path, big_project: Path, wait_loaded
):
    window = open_window(sample_project)
    select_title(qtbot, window, "Protest outside the ministry")
    window.corpus_panel.search_edit.setText("ministry")
    window.corpus_panel.apply_filter()
    wait_loaded(window.model)
    assert window.model.rowCount() == 1

    window.open_project(big_project)
    wait_loaded(window.model)
    assert window.windowTitle() == "Newsmark — big.nmk"
    assert window.model.matching_count() == 1000
    assert window.model.rowCount() == 200
    assert window.corpus_panel.search_edit.text() == ""
    qtbot.waitUntil(lambda: window.count_label.text() == "1,000 documents")
    assert window.document_view.document() is None
    assert "Select a document" in window.document_view.message()
    assert window.store().path == big_project


def test_open_project_menu_uses_the_file_dialog(
    qtbot, window: MainWindow, sample_project: Path, monkeypatch, wait_loaded
):
    asked = []

    def fake_dialog(parent, caption, folder, filters):
        asked.append((caption, filters))
        return str(sample_project), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_dialog)
    window.action_open.trigger()
    wait_loaded(window.model)
    assert asked == [("Open project", "Newsmark projects (*.nmk);;All files (*)")]
    assert window.windowTitle() == "Newsmark — sample.nmk"


def test_new_project_is_empty_and_says_how_to_import(
    window: MainWindow, tmp_path: Path, monkeypatch, wait_loaded
):
    target = tmp_path / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.action_new.trigger()
    wait_loaded(window.model)
    created = tmp_path / "fresh.nmk"
    assert created.is_file()
    assert window.windowTitle() == "Newsmark — fresh.nmk"
    message = window.document_view.message()
    assert "no documents yet" in message
    assert f"newsmark import PATH --project {created}" in message
    assert window.corpus_panel.count_label.text() == "0 documents"


def test_new_project_never_overwrites(window: MainWindow, sample_project: Path, message_boxes):
    before = sample_project.read_bytes()
    assert not window.new_project(sample_project)
    assert "already exists" in message_boxes.texts()[0]
    assert sample_project.read_bytes() == before


def test_reload_shows_documents_imported_meanwhile(qtbot, open_window, tmp_path: Path, wait_loaded):
    empty = tmp_path / "empty.nmk"
    Store.open(empty).close()
    window = open_window(empty)
    assert "no documents yet" in window.document_view.message()

    # Another process (the command-line importer) adds documents while the window is open.
    with Store.open(empty, create=False) as other:
        other.add_documents([Document(text="Imported from the command line.", title="Late")])
    window.action_reload.trigger()
    wait_loaded(window.model)
    assert window.model.rowCount() == 1
    qtbot.waitUntil(lambda: window.count_label.text() == "1 document")  # counted on a worker
    assert "Select a document" in window.document_view.message()


# -- settings ---------------------------------------------------------------------------------


def test_settings_live_in_the_data_folder():
    assert Path(prefs.settings().fileName()).is_relative_to(data_dir())


def test_recent_projects_menu(
    qtbot, open_window, sample_project: Path, big_project: Path, wait_loaded
):
    window = open_window(sample_project)
    open_window(big_project)
    assert prefs.recent_projects() == [big_project.resolve(), sample_project.resolve()]

    window._fill_recent_menu()
    actions = [a for a in window.recent_menu.actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == ["&1 big.nmk", "&2 sample.nmk", "Clear list"]
    actions[1].trigger()
    wait_loaded(window.model)
    assert window.project_path() == sample_project.resolve()

    actions[2].trigger()
    window._fill_recent_menu()
    [only] = window.recent_menu.actions()
    assert only.text() == "No recent projects" and not only.isEnabled()


def test_a_vanished_recent_project_is_dropped(
    window: MainWindow, sample_project: Path, tmp_path: Path, message_boxes
):
    gone = tmp_path / "gone.nmk"
    Store.open(gone).close()
    prefs.remember_project(gone)
    gone.unlink()
    window.open_recent(gone)
    assert "no project file there" in message_boxes.texts()[0]
    assert prefs.recent_projects() == []


def test_start_opens_the_last_project_then_the_default(qtbot, sample_project: Path, wait_loaded):
    first = MainWindow()
    qtbot.addWidget(first)
    first.open_initial(None)
    assert first.project_path() == default_project_path()
    assert default_project_path().is_file()
    first.open_project(sample_project)
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.open_initial(None)
    wait_loaded(second.model)
    assert second.project_path() == sample_project.resolve()
    second.close()


def test_start_on_a_missing_project_asks_before_creating(
    qtbot, tmp_path: Path, message_boxes, wait_loaded
):
    wanted = tmp_path / "new.nmk"
    message_boxes.answer = QMessageBox.StandardButton.No
    declined = MainWindow()
    qtbot.addWidget(declined)
    declined.open_initial(wanted)
    assert not wanted.exists()
    assert declined.project_path() is None
    assert "Create a new, empty project there?" in message_boxes.texts()[0]
    declined.close()

    message_boxes.answer = QMessageBox.StandardButton.Yes
    accepted = MainWindow()
    qtbot.addWidget(accepted)
    accepted.open_initial(wanted)
    wait_loaded(accepted.model)
    assert wanted.is_file()
    assert accepted.windowTitle() == "Newsmark — new.nmk"
    accepted.close()


def test_zoom_keys_and_remembered_size(qtbot, window: MainWindow):
    view = window.document_view
    default = view.font_point_size()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.corpus_panel.table, Qt.Key.Key_Plus, ctrl)
    qtbot.keyClick(window.corpus_panel.table, Qt.Key.Key_Equal, ctrl)
    assert view.text_edit.font().pointSize() == default + 2
    qtbot.keyClick(window.corpus_panel.table, Qt.Key.Key_Minus, ctrl)
    assert view.text_edit.font().pointSize() == default + 1

    window.close()
    reopened = MainWindow()
    qtbot.addWidget(reopened)
    assert reopened.document_view.font_point_size() == default + 1
    reopened.action_zoom_reset.trigger()
    assert reopened.document_view.text_edit.font().pointSize() == default
    reopened.close()


def test_ctrl_f_focuses_the_search_and_typing_filters_after_a_pause(
    qtbot, open_window, sample_project: Path, wait_loaded
):
    window = open_window(sample_project)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.corpus_panel.table.setFocus()
    qtbot.keyClick(window.corpus_panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.corpus_panel.search_edit
    qtbot.waitUntil(search.hasFocus)

    qtbot.keyClicks(search, "ambushed")
    # Nothing is queried while typing goes on.
    assert window.model.query().search is None
    qtbot.waitUntil(lambda: window.model.query().search == "ambushed")
    wait_loaded(window.model)
    assert window.model.rowCount() == 1
    assert window.corpus_panel.count_label.text() == "1 of 4 documents"

    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""


def test_status_combo_filters(qtbot, open_window, sample_project: Path, wait_loaded):
    with Store.open(sample_project, create=False) as store:
        store.set_document_status(2, "reviewed")
    window = open_window(sample_project)
    combo = window.corpus_panel.status_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All statuses",
        "New",
        "In progress",
        "Done",
        "Reviewed",
    ]
    combo.setCurrentIndex(combo.findData("reviewed"))
    wait_loaded(window.model)
    assert window.model.rowCount() == 1
    assert window.model.document_id(0) == 2


def test_clicking_headers_sorts(qtbot, open_window, big_project: Path, wait_loaded):
    window = open_window(big_project)
    header = window.corpus_panel.table.horizontalHeader()
    header.setSortIndicator(COL_TITLE, Qt.SortOrder.DescendingOrder)
    wait_loaded(window.model)
    assert window.model.index(0, COL_TITLE).data() == "Report 0999"
    # The annotation counts cannot be sorted by: the indicator goes back to Title.
    header.setSortIndicator(5, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == COL_TITLE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_selection_survives_a_new_sort_order(qtbot, open_window, sample_project, wait_loaded):
    window = open_window(sample_project)
    select_title(qtbot, window, "Protest outside the ministry")
    window.corpus_panel.table.horizontalHeader().setSortIndicator(
        COL_TITLE, Qt.SortOrder.DescendingOrder
    )
    wait_loaded(window.model)
    qtbot.waitUntil(
        lambda: (
            window.corpus_panel.table.currentIndex().row()
            == row_with_title(window, "Protest outside the ministry")
        )
    )
    assert window.document_view.title_label.text() == "Protest outside the ministry"


# -- help -------------------------------------------------------------------------------------


def test_keyboard_shortcuts_dialog_lists_the_keys(window: MainWindow):
    window.action_shortcuts.trigger()
    dialog = window._shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dict((action, keys) for keys, action in dialog.rows())
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["Open project"] == QKeySequence(QKeySequence.StandardKey.Open).toString(native)
    assert rows["Search documents"] == "Ctrl+F"
    assert rows["Actual size"] == "Ctrl+0"
    assert "Ctrl+=" in rows["Zoom in"]
    assert rows["Previous / next document in the corpus list"] == "Up / Down"


def test_about_names_the_version(window: MainWindow, message_boxes):
    window.action_about.trigger()
    [(_icon, title, text)] = message_boxes.shown
    assert title == "About Newsmark"
    assert text.startswith(f"Newsmark {__version__}\n")


def test_menus(window: MainWindow):
    menus = {
        action.text(): [a.text() for a in action.menu().actions() if not a.isSeparator()]
        for action in window.menuBar().actions()
    }
    assert menus["&File"] == [
        "&Open project…",
        "&New project…",
        "&Recent projects",
        "&Import articles or annotations…",
        "Import a &folder (articles or brat)…",
        "&Merge annotators' project files…",
        "&Export…",
        "Import actors from CSV…",
        "Export actors to CSV…",
        "&Quit",
    ]
    assert menus["&Edit"][:2] == ["&Undo", "&Redo"]
    assert "&Accept suggestion" in menus["&Edit"]
    for structured in (
        "New &event from the selection…",
        "New &claim from the selection…",
        "&Link mention to actor…",
        "Project &schema…",
    ):
        assert structured in menus["&Edit"]
    assert "Mark &done and go to the next document" in menus["&Edit"]
    assert menus["&Suggest"] == [
        "&Suggest for this document",
        "Suggest for &all documents not yet seen",
    ]
    assert "&Adjudicate this document…" in menus["&Team"]
    assert "Agreement &report…" in menus["&Team"]
    assert menus["&Help"] == ["&Keyboard shortcuts", "&About Newsmark"]


def test_a_new_user_is_asked_for_a_name_once(qtbot, open_window, sample_project):
    window = open_window(sample_project)
    assert not prefs.has_annotator_name()
    dialog = window.ask_first_annotator_name()
    assert dialog is not None and dialog.isVisible()
    assert dialog.textValue() == prefs.annotator_name()  # the login name, offered
    dialog.setTextValue("  Zoe   Adams ")
    dialog.accept()
    assert prefs.annotator_name() == "Zoe Adams"
    assert window.curator.annotator == "Zoe Adams"
    assert window.ask_first_annotator_name() is None


def test_dismissing_the_name_question_keeps_the_login_name_and_never_asks_again(
    qtbot, open_window, sample_project
):
    window = open_window(sample_project)
    login = prefs.annotator_name()
    dialog = window.ask_first_annotator_name()
    dialog.reject()
    assert prefs.has_annotator_name() and prefs.annotator_name() == login
    assert window.ask_first_annotator_name() is None
