"""The annotation workbench driven through the real window: keys, undo, reopen, drop, suggest."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QPushButton

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui.main_window import MainWindow
from newsmark.gui.tasks import Task
from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

TASK_TIMEOUT_MS = 120_000

FIRST = (
    "Rebel fighters shelled Kherson on Sunday, the regional governor said.\n"
    "🎉 Officials in Odesa said aid convoys reached the city."
)
SECOND = "Police in Lagos detained 12 protesters outside the ministry on Monday."
THIRD = "The council of Kisumu met on Tuesday to discuss the budget."


def build(path: Path, suggestions: bool = True) -> Path:
    with Store.open(path) as store:
        store.add_documents(
            [
                Document(text=FIRST, title="Shelling of Kherson"),
                Document(text=SECOND, title="Arrests in Lagos"),
                Document(text=THIRD, title="Council meeting"),
            ]
        )
        if suggestions:
            spans = [
                (FIRST, "Kherson", "GPE"),
                (FIRST, "Sunday", "DATE"),
                (FIRST, "Odesa", "GPE"),
            ]
            candidates = [
                SpanCandidate(
                    text.index(word), text.index(word) + len(word), label, word, "model:test", 0.9
                )
                for text, word, label in spans
            ]
            store.add_suggestions([DocumentSuggestions(1, candidates)], run_origin="test")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build(tmp_path / "work.nmk")


def spans_in_file(path: Path, doc_id: int = 1) -> list[tuple[str, str, str]]:
    with Store.open(path, create=False) as store:
        return [
            (span.text, span.label, span.status)
            for span in store.document_spans(doc_id, include_rejected=True)
        ]


def open_document(qtbot, window: MainWindow, doc_id: int) -> None:
    assert window.corpus_panel.select_document(doc_id)
    qtbot.waitUntil(
        lambda: (
            window.document_view.document() is not None
            and window.document_view.document().id == doc_id
        )
    )


def select(window: MainWindow, start: int, end: int) -> None:
    """Select str offsets start..end in the Text tab (the test texts' emoji is on line 2)."""
    view = window.document_view
    to_qt = view._text_to_qt
    cursor = view.text_edit.textCursor()
    cursor.setPosition(to_qt(start))
    cursor.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.text_edit.setTextCursor(cursor)
    view.text_edit.setFocus()


def press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.document_view.text_edit, key, modifier)


def wait_task(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.task() is None, timeout=TASK_TIMEOUT_MS)


def wait_pipeline(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.pipeline() is not None, timeout=TASK_TIMEOUT_MS)
    assert window.pipeline().ready, window.pipeline().reason


# -- creating spans ---------------------------------------------------------------------------


def test_a_selection_and_a_hotkey_make_a_span_snapped_to_the_words(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 2)
    start = SECOND.index("olice in La")
    select(window, start - 0, start + len("olice in La "))  # mid-word both ends, a space
    press(qtbot, window, Qt.Key.Key_2)  # ORG in the default schema
    assert spans_in_file(project, 2) == [("Police in Lagos", "ORG", "accepted")]
    view = window.document_view
    assert [(s.text, s.status, s.annotator) for s in view.spans()] == [
        ("Police in Lagos", "accepted", window.curator.annotator)
    ]
    assert window.span_panel.model.rowCount() == 1
    assert "Saved" in window.saved_label.text()
    assert window.model.row_data(window.model.row_of(2)).status == "in_progress"
    assert "In progress" in view.info_label.full_text()


CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.mark.parametrize(
    ("doc_id", "word", "select_from", "select_to", "key", "modifier", "expected"),
    [
        # Ctrl keeps exactly the selected characters.
        (2, "12 protesters", 0, 7, Qt.Key.Key_9, CTRL, ("12 prot", "QUANTITY", "accepted")),
        # Offsets after an emoji stay right, and a partial word is snapped.
        (1, "aid convoys", 1, 6, Qt.Key.Key_4, NONE, ("aid convoys", "LOC", "accepted")),
        # No selection: the key relabels the span under the caret.
        (1, "Kherson", 2, 2, Qt.Key.Key_5, NONE, ("Kherson", "FAC", "accepted")),
    ],
)
def test_hotkeys(
    qtbot, open_window, project, doc_id, word, select_from, select_to, key, modifier, expected
):
    window = open_window(project)
    open_document(qtbot, window, doc_id)
    start = (FIRST if doc_id == 1 else SECOND).index(word)
    select(window, start + select_from, start + select_to)
    press(qtbot, window, key, modifier)
    assert expected in spans_in_file(project, doc_id)


def test_a_hotkey_with_nothing_to_act_on_says_so(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 3)
    select(window, 3, 3)
    press(qtbot, window, Qt.Key.Key_1)
    assert "Select the words" in window.statusBar().currentMessage()
    assert spans_in_file(project, 3) == []


# -- suggestions ------------------------------------------------------------------------------


def test_next_accept_reject_and_accept_all_of_a_label(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 1)
    select(window, 0, 0)
    press(qtbot, window, Qt.Key.Key_N)
    assert window.document_view.focused_span().text == "Kherson"
    assert window.span_panel.selected_span_id() == window.document_view.focused_span().id
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_N)
    assert window.document_view.focused_span().text == "Sunday"
    press(qtbot, window, Qt.Key.Key_X)
    assert spans_in_file(project) == [
        ("Kherson", "GPE", "accepted"),
        ("Sunday", "DATE", "rejected"),
        ("Odesa", "GPE", "suggested"),
    ]
    # The rejected span is gone from the view; P goes back to the previous suggestion.
    assert [s.text for s in window.document_view.spans()] == ["Kherson", "Odesa"]
    press(qtbot, window, Qt.Key.Key_P)
    assert window.document_view.focused_span().text == "Odesa"  # wraps around


def test_accept_all_suggestions_of_one_label_is_one_undo_step(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 1)
    window.document_view.next_suggestion()  # Kherson, GPE
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert [s[2] for s in spans_in_file(project)] == ["accepted", "suggested", "accepted"]
    window.action_undo.trigger()
    assert [s[2] for s in spans_in_file(project)] == ["suggested"] * 3


def test_delete_removes_a_manual_span_and_rejects_a_suggestion(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 1)
    start = FIRST.index("governor")
    select(window, start, start + 8)
    press(qtbot, window, Qt.Key.Key_1)
    select(window, start + 3, start + 3)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert ("governor", "PERSON", "accepted") not in spans_in_file(project)
    window.document_view.next_suggestion()  # from the caret on: Odesa
    press(qtbot, window, Qt.Key.Key_Backspace)
    assert ("Odesa", "GPE", "rejected") in spans_in_file(project)


def test_change_label_menu(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 1)
    window.document_view.next_suggestion()
    press(qtbot, window, Qt.Key.Key_L)
    menu = window.annotating.relabel_popup
    (org,) = [action for action in menu.actions() if action.data() == "ORG"]
    assert org.text() == "ORG\t2"
    org.trigger()
    menu.close()
    assert ("Kherson", "ORG", "accepted") in spans_in_file(project)


# -- undo, redo, never losing work -------------------------------------------------------------


def test_undo_and_redo_across_documents(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 1)
    window.document_view.next_suggestion()
    press(qtbot, window, Qt.Key.Key_A)
    open_document(qtbot, window, 2)
    start = SECOND.index("Lagos")
    select(window, start, start + 5)
    press(qtbot, window, Qt.Key.Key_3)
    assert spans_in_file(project, 2) == [("Lagos", "GPE", "accepted")]

    qtbot.keyClick(
        window.document_view.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )
    assert spans_in_file(project, 2) == []
    assert window.document_view.spans() == []
    # The next undo belongs to document 1: the window goes there.
    window.action_undo.trigger()
    assert window.document_view.document().id == 1
    assert spans_in_file(project)[0] == ("Kherson", "GPE", "suggested")
    assert window.document_view.focused_span().text == "Kherson"

    window.action_redo.trigger()
    window.action_redo.trigger()
    assert spans_in_file(project)[0] == ("Kherson", "GPE", "accepted")
    assert spans_in_file(project, 2) == [("Lagos", "GPE", "accepted")]
    assert window.document_view.document().id == 2
    assert not window.action_redo.isEnabled()


def test_work_is_in_the_file_after_closing_and_reopening(qtbot, project, wait_loaded):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    assert first.open_project(project)
    wait_loaded(first.model)
    open_document(qtbot, first, 2)
    start = SECOND.index("Lagos")
    select(first, start, start + 5)
    press(qtbot, first, Qt.Key.Key_3)
    press(qtbot, first, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert first.document_view.document().id == 3  # done, and on to the next document
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    second.open_initial(None)  # the last project reopens
    assert second.project_path() == project
    wait_loaded(second.model)
    assert second.model.row_data(second.model.row_of(2)).status == "done"
    open_document(qtbot, second, 2)
    assert [(s.text, s.label, s.status) for s in second.document_view.spans()] == [
        ("Lagos", "GPE", "accepted")
    ]
    # The undo history ended with the project: nothing to undo in the new window.
    assert not second.action_undo.isEnabled()
    second.close()


def test_mark_done_is_undoable(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 3)
    window.action_done_next.trigger()
    assert window.model.row_data(window.model.row_of(3)).status == "done"
    window.action_undo.trigger()
    with Store.open(project, create=False) as store:
        assert store.get_document(3).status == "new"
    assert window.model.row_data(window.model.row_of(3)).status == "new"


def test_a_refused_edit_is_reported_and_not_pushed(qtbot, open_window, project, message_boxes):
    window = open_window(project)
    open_document(qtbot, window, 1)
    window.curator.create_span(1, 0, 10_000, "ORG")
    assert message_boxes.shown and "outside its text" in message_boxes.texts()[0]
    assert window.saved_label.text() == "Not saved"
    assert window.curator.undo_stack.count() == 0


# -- the corpus panel -------------------------------------------------------------------------


def test_label_filter(qtbot, open_window, project, wait_loaded):
    window = open_window(project)
    panel = window.corpus_panel
    assert panel.label_combo.findData("GPE") > 0
    panel.label_combo.setCurrentIndex(panel.label_combo.findData("GPE"))
    qtbot.waitUntil(lambda: window.model.query().label == "GPE")
    wait_loaded(window.model)
    assert [window.model.document_id(r) for r in range(window.model.rowCount())] == [1]
    assert panel.count_label.text() == "1 of 3 documents"


def test_clicking_an_annotation_in_the_side_panel_goes_to_it(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 1)
    panel = window.span_panel
    row = [panel.model.span(r).text for r in range(panel.model.rowCount())].index("Odesa")
    rect = panel.table.visualRect(panel.model.index(row, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = window.document_view
    assert view.text_edit.textCursor().selectedText() == "Odesa"
    assert view.focused_span().text == "Odesa"


# -- long work in workers ---------------------------------------------------------------------


def drop(window: MainWindow, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropping_files_imports_them_and_reports_what_was_refused(
    qtbot, open_window, tmp_path, project, wait_loaded
):
    window = open_window(project)
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Floods in Sindh\n\nFloods displaced 3,000 families in Sindh on Friday, officials said.\n",
        encoding="utf-8",
    )
    (folder / "two.md").write_text(
        "# Strike on depot\n\nA drone struck a fuel depot near Belgorod overnight.\n",
        encoding="utf-8",
    )
    (folder / "broken.jsonl").write_text('{"text": "A fine line."}\n{not json\n', encoding="utf-8")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    drop(window, [folder])
    qtbot.waitUntil(lambda: window.last_import_report is not None, timeout=TASK_TIMEOUT_MS)
    report = window.last_import_report
    assert len(report.imported) == 3
    dialog = window.import_report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.group_titles()[0] == "Refused (2)"
    refused = dict(dialog.rows(0))
    assert any(location.endswith("broken.jsonl:2") for location in refused)
    assert any(location.endswith("picture.txt") for location in refused)
    dialog.close()
    wait_task(qtbot, window)
    wait_loaded(window.model)
    assert window.model.total_count() == 6


def test_suggest_runs_in_a_worker_and_the_view_updates(qtbot, open_window, tmp_path):
    project = build(tmp_path / "plain.nmk", suggestions=False)
    window = open_window(project)
    wait_pipeline(qtbot, window)
    open_document(qtbot, window, 2)
    assert window.document_view.spans() == []
    assert window.action_suggest_document.isEnabled()
    window.action_suggest_document.trigger()
    task = window.task()
    assert isinstance(task, Task)
    wait_task(qtbot, window)
    labels = {(s.text, s.label) for s in window.document_view.spans()}
    assert ("Lagos", "GPE") in labels
    assert window.span_panel.model.rowCount() == len(window.document_view.spans())
    assert window.model.row_data(window.model.row_of(2)).suggested_count > 0
    assert window.last_suggest_report.counts.documents == 1
    # The suggested arrest shows in the Events tab without reopening the document.
    with Store.open(project, create=False) as store:
        suggested = [e.label for e in store.document_events(2)]
    inspector = window.inspector
    title = inspector.tabText(inspector.indexOf(window.event_panel))
    assert suggested and title == f"Events ({len(suggested)})"
    inspector.show_panel(window.event_panel)
    assert window.event_panel.count() == len(suggested)
    assert "spaCy 3." in window.about_text()


def test_an_error_in_a_worker_becomes_a_message(qtbot, window, message_boxes, capfd):
    def broken(_context):
        raise ZeroDivisionError("division by zero")

    task = window._start_task("Export", broken, lambda _result: None)
    assert task is not None
    wait_task(qtbot, window)
    assert window.last_failure is not None
    assert "ZeroDivisionError" in window.last_failure.message
    assert "Traceback" in window.last_failure.details
    assert message_boxes.shown and message_boxes.shown[0][1] == "Export"
    assert "Traceback" not in capfd.readouterr().err


def test_a_task_can_be_cancelled(qtbot, window):
    import time

    def slow(context):
        for step in range(200):
            if context.cancelled():
                return f"stopped at {step}"
            context.report(step, 200, "working")
            time.sleep(0.01)
        return "finished"

    results = []
    task = window._start_task("Slow", slow, results.append)
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.maximum() == 200)
    (cancel,) = task.dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    wait_task(qtbot, window)
    assert results and results[0].startswith("stopped at")


def test_the_window_answers_while_a_task_runs(qtbot, window):
    import threading

    release = threading.Event()
    window._start_task("Wait", lambda _context: release.wait(10), lambda _r: None)
    # The event loop still runs: a zoom key works while the task waits.
    before = window.document_view.font_point_size()
    window.action_zoom_in.trigger()
    QApplication.processEvents()
    assert window.document_view.font_point_size() == before + 1
    assert not window.action_import.isEnabled()
    release.set()
    wait_task(qtbot, window)
    assert window.task() is None


def test_shortcuts_reference_lists_the_annotation_keys(window: MainWindow):
    rows = dict((action, keys) for keys, action in window.shortcut_rows())
    assert rows["Accept suggestion"] == "A"
    assert rows["Reject suggestion"] == "X"
    assert rows["Next suggestion"] == "N"
    assert rows["Label the selection PERSON"] == "1"
    assert "Ctrl+Z" in rows["Undo"]


def test_next_and_previous_from_the_caret_include_a_suggestion_at_the_start(qtbot):
    from gui_helpers import make_view, stored

    from newsmark.core.store import StoredSpan

    text = "Kyiv and Lviv and Odesa"

    def span(span_id: int, word: str, status: str = "suggested") -> StoredSpan:
        start = text.index(word)
        return StoredSpan(
            span_id,
            start,
            start + len(word),
            "GPE",
            word,
            status,
            "model:x",
            None,
            None,
            None,
            None,
        )

    view = make_view(qtbot)
    view.show_document(
        stored(text), [span(1, "Kyiv"), span(2, "Lviv", "accepted"), span(3, "Odesa")]
    )
    assert view.next_suggestion().text == "Kyiv"
    assert view.next_suggestion().text == "Odesa"  # the accepted span is passed over
    assert view.next_suggestion().text == "Kyiv"  # wraps around
    assert view.next_suggestion(-1).text == "Odesa"
    cursor = view.text_edit.textCursor()
    cursor.setPosition(text.index("and Odesa"))
    view.text_edit.setTextCursor(cursor)
    assert view.next_suggestion(-1).text == "Kyiv"


def test_status_menu_annotator_name_and_focus_details(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window, 3)
    (reviewed,) = [a for a in window.status_menu.actions() if a.data() == "reviewed"]
    reviewed.trigger()
    assert window.model.row_data(window.model.row_of(3)).status == "reviewed"
    window.set_annotator_name("  Ana   Silva ")
    open_document(qtbot, window, 1)
    window.document_view.next_suggestion()
    assert "GPE · suggested" in window.span_panel.details.text()
    press(qtbot, window, Qt.Key.Key_A)
    with Store.open(project, create=False) as store:
        (kherson,) = [s for s in store.document_spans(1) if s.text == "Kherson"]
    assert kherson.annotator == "Ana Silva"
    assert "annotator: Ana Silva" in window.span_panel.details.text()


def test_the_window_works_while_the_pipeline_loads_and_without_one(
    qtbot, monkeypatch, project, wait_loaded
):
    import threading

    from newsmark.gui import main_window as main_window_module
    from newsmark.gui.background import LoadedPipeline

    release = threading.Event()
    reason = "Newsmark cannot suggest entities: no pipeline is installed."

    def slow_and_missing(preferred):
        def run(_context):
            release.wait(30)
            return LoadedPipeline(reason=reason, wanted=preferred)

        return run

    monkeypatch.setattr(main_window_module, "load_pipeline_task", slow_and_missing)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(project)
    wait_loaded(window.model)
    assert window.pipeline_label.text() == "Pipeline: loading…"
    assert not window.action_suggest_all.isEnabled()
    open_document(qtbot, window, 1)
    window.document_view.next_suggestion()
    press(qtbot, window, Qt.Key.Key_A)  # curating does not wait for the pipeline
    assert spans_in_file(project)[0] == ("Kherson", "GPE", "accepted")
    release.set()
    qtbot.waitUntil(lambda: window.pipeline() is not None)
    assert window.pipeline_label.text() == "No pipeline: no suggestions"
    assert window.pipeline_label.toolTip() == reason
    assert not window.action_suggest_document.isEnabled()
    assert reason in window.about_text()
    window.close()


def test_next_suggestion_goes_on_from_the_screen_after_scrolling_away(qtbot):
    from gui_helpers import make_view, stored

    from newsmark.core.store import StoredSpan

    text = "\n".join(f"Line {i} mentions Kessa." for i in range(400))
    spans = []
    for i, line_start in enumerate(m for m in range(len(text)) if m == 0 or text[m - 1] == "\n"):
        start = line_start + text[line_start:].index("Kessa")
        spans.append(
            StoredSpan(
                i + 1, start, start + 5, "GPE", "Kessa", "suggested", "m", None, None, None, None
            )
        )
    view = make_view(qtbot)
    view.show_document(stored(text), spans)
    assert view.next_suggestion().id == 1
    bar = view.text_edit.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    chosen = view.next_suggestion()
    assert chosen.id > 100  # not the second line's: the caret was off screen


def test_suggest_for_all_runs_in_a_child_process_and_the_view_updates(
    qtbot, open_window, tmp_path, message_boxes
):
    project = build(tmp_path / "all.nmk", suggestions=False)
    window = open_window(project)
    wait_pipeline(qtbot, window)
    open_document(qtbot, window, 2)
    window.action_suggest_all.trigger()
    assert window.task() is not None
    wait_task(qtbot, window)
    assert message_boxes.shown == []
    assert window.last_suggest_report.counts.documents == 3
    assert ("Lagos", "GPE") in {(s.text, s.label) for s in window.document_view.spans()}
    assert all(
        window.model.row_data(row).suggested_count > 0 for row in range(window.model.rowCount())
    )


def test_a_failing_suggest_process_is_reported_with_its_reason(
    qtbot, open_window, tmp_path, message_boxes
):
    from dataclasses import replace

    project = build(tmp_path / "fail.nmk", suggestions=False)
    window = open_window(project)
    wait_pipeline(qtbot, window)
    loaded = window.pipeline()
    window._pipeline = replace(loaded, info=replace(loaded.info, source="no_such_pipeline_xyz"))
    window.suggest(None)
    wait_task(qtbot, window)
    assert message_boxes.shown and "no_such_pipeline_xyz" in message_boxes.texts()[0]


def test_dropping_an_annotation_file_imports_its_records_without_suggesting(
    qtbot, open_window, tmp_path, project, wait_loaded
):
    import json

    window = open_window(project)
    text = "Gunmen attacked a checkpoint near Gao on Monday, the army said.\r\n"
    start = text.index("Gao")
    line = {
        "format": "newsmark/1",
        "id": 40,
        "text": text,
        "meta": {"title": "Checkpoint attack"},
        "status": "in_progress",
        "spans": [
            {
                "id": 1,
                "start": start,
                "end": start + 3,
                "text": "Gao",
                "label": "GPE",
                "status": "accepted",
                "annotator": "ana",
                "origin": "manual",
            },
            {"id": 2, "start": 0, "end": 6, "text": "Gunmen", "label": "ARMED_GROUP"},
        ],
    }
    path = tmp_path / "shared.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    drop(window, [path])
    qtbot.waitUntil(lambda: window.last_import_report is not None, timeout=TASK_TIMEOUT_MS)
    report = window.last_import_report
    assert report.imported == []
    ((location, doc_id, added),) = report.annotated
    assert location == f"{path}:1" and added == "2 spans (new document)"
    dialog = window.import_report_dialog
    titles = dialog.group_titles()
    assert "Annotations (1)" in titles
    assert ("schema", "added label 'ARMED_GROUP'") in dialog.rows(titles.index("Warnings (1)"))
    dialog.close()
    wait_task(qtbot, window)
    wait_loaded(window.model)
    open_document(qtbot, window, doc_id)
    shown = {(s.text, s.label, s.status) for s in window.document_view.spans()}
    # Exactly the file's spans: no suggestion ran on a document that brought its own.
    assert shown == {("Gao", "GPE", "accepted"), ("Gunmen", "ARMED_GROUP", "suggested")}
    cursor = window.document_view.text_edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + 3, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Gao"


def test_merging_an_annotators_file_from_the_window(
    qtbot, open_window, tmp_path, project, wait_loaded
):
    text = "Soldiers clashed with militants near Gao on Monday."
    ana = tmp_path / "ana.nmk"
    with Store.open(ana) as store:
        store.add_documents([Document(text=text, title="Clash near Gao")])
        start = text.index("Gao")
        store.create_span(1, start, start + 3, "GPE", annotator="ana")
    window = open_window(project)
    wait_loaded(window.model)
    before = window.model.total_count()
    assert window.action_merge.isEnabled()
    window.merge_projects([str(ana)])
    qtbot.waitUntil(lambda: window.last_import_report is not None, timeout=TASK_TIMEOUT_MS)
    ((location, doc_id, added),) = window.last_import_report.annotated
    assert location == f"{ana}: document 1" and added == "1 span"
    assert "Annotations (1)" in window.import_report_dialog.group_titles()
    window.import_report_dialog.close()
    wait_task(qtbot, window)
    wait_loaded(window.model)
    assert window.model.total_count() == before + 1
    open_document(qtbot, window, doc_id)
    assert [(s.text, s.annotator) for s in window.document_view.spans()] == [("Gao", "ana")]
