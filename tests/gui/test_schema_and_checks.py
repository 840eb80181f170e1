"""Project ▸ Schema in the window, and the checks shown before a document is marked done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui.checks_dialog import ChecksDialog
from newsmark.gui.main_window import MainWindow

TEXT = "Gunmen attacked a police post in Karsh on Friday, killing two officers."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "work.nmk"
    with Store.open(path) as store:
        store.add_documents([Document(text=TEXT, title="Attack in Karsh", published="2024-03-09")])
        start = TEXT.index("Karsh")
        store.create_span(1, start, start + 5, "GPE", annotator="ana")
    return path


def open_document(qtbot, window: MainWindow, doc_id: int = 1) -> None:
    assert window.corpus_panel.select_document(doc_id)
    qtbot.waitUntil(lambda: window.document_view.document() is not None)


def test_renaming_a_label_relabels_the_shown_spans_and_undo_brings_the_name_back(
    qtbot, open_window, project
):
    window = open_window(project)
    open_document(qtbot, window)
    window.show_schema_dialog()
    dialog = window.schema_dialog
    assert dialog is not None and "default schema" in dialog.source_label.text()
    assert dialog.rename("label", "GPE", "PLACE")
    assert [s.label for s in window.document_view.spans()] == ["PLACE"]
    assert window.schema.has_label("PLACE") and not window.schema.has_label("GPE")
    assert "PLACE" in [a.data() for a in window.annotating.label_actions]
    assert "own schema" in dialog.source_label.text()
    used = dialog.tree.findItems("PLACE", _recursive())[0]
    assert used.text(1) == "1"

    window.curator.undo_stack.undo()
    assert [s.label for s in window.document_view.spans()] == ["GPE"]
    assert window.schema.has_label("GPE")
    with Store.open(project, create=False) as store:
        assert store.project_schema().has_label("GPE")


def test_removing_a_used_label_is_refused_with_the_count(
    qtbot, open_window, project, message_boxes
):
    window = open_window(project)
    window.show_schema_dialog()
    assert not window.schema_dialog.remove("label", "GPE")
    assert any("used by 1 span" in text for text in message_boxes.texts())
    assert window.schema.has_label("GPE")


def test_a_schema_file_with_an_error_names_its_line_and_changes_nothing(
    qtbot, open_window, project, message_boxes, tmp_path
):
    window = open_window(project)
    window.show_schema_dialog()
    data = json.loads(window.schema.as_json())
    data["event_types"][0]["colour"] = "crimson"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert not window.schema_dialog.load(path)
    (text,) = message_boxes.texts()
    assert f"{path}:" in text and "event_types[0].colour" in text
    with Store.open(project, create=False) as store:
        assert not store.has_own_schema()


def _recursive():
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive


def _answer_checks(window: MainWindow, button: str) -> list[str]:
    """Press ``button`` in the checks dialog once it is shown; returns the listed messages."""
    seen: list[str] = []

    def press() -> None:
        dialog = window.checks_dialog
        if dialog is None:
            QTimer.singleShot(10, press)
            return
        seen.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        getattr(dialog, button).click()

    QTimer.singleShot(0, press)
    return seen


def test_marking_done_lists_what_is_incomplete_and_go_there_opens_the_event(
    qtbot, open_window, project
):
    with Store.open(project, create=False) as store:
        start = TEXT.index("attacked")
        change = store.create_event(1, "Battles", None, trigger=(start, start + 8), annotator="ana")
        event_id = change.result
    window = open_window(project)
    open_document(qtbot, window)
    seen = _answer_checks(window, "go_button")
    assert not window.mark_document("done")
    assert any("sub-type" in text for text in seen), seen
    assert window.document_view.document().status != "done"
    # "Go there" went to the trigger in the text.
    focused = window.document_view.focused_span()
    assert focused is not None and focused.text == "attacked"
    if "event" in window.record_panels:
        assert window.inspector.currentWidget() is window.record_panels["event"]
        assert window.record_panels["event"].selected_event_id() == event_id

    seen = _answer_checks(window, "anyway_button")
    assert window.mark_document("done")
    assert seen
    with Store.open(project, create=False) as store:
        assert store.get_document(1).status == "done"


def test_a_complete_document_is_marked_done_without_a_dialog(qtbot, open_window, tmp_path):
    path = tmp_path / "clean.nmk"
    with Store.open(path) as store:
        store.add_documents([Document(text="Nothing to see.", title="Quiet")])
    window = open_window(path)
    open_document(qtbot, window)
    assert window.mark_document("done")
    assert window.checks_dialog is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ChecksDialog)]
