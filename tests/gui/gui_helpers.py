"""Builders shared by the GUI tests: a stored document without a project, a shown view, and
what the inspector-tab tests do in the real window (add a tab, select words, answer a dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QTableView

from newsmark.core.documents import StoredDocument
from newsmark.gui.document_view import DocumentView

if TYPE_CHECKING:
    from newsmark.core.store import Store
    from newsmark.gui.main_window import MainWindow
    from newsmark.gui.widgets import RecordPanel

PanelT = TypeVar("PanelT", bound="RecordPanel")
DialogT = TypeVar("DialogT", bound=QDialog)


def stored(text: str, **fields: Any) -> StoredDocument:
    """A document as the store would return it, with ``fields`` overriding the defaults."""
    values: dict[str, Any] = {
        "id": 7,
        "text": text,
        "title": "A title",
        "author": None,
        "published": None,
        "source": None,
        "url": None,
        "external_id": None,
        "original_text": None,
        "removals": (),
        "meta": {},
        "origin": "",
        "status": "new",
        "content_hash": "0" * 64,
        "imported_at": "2024-01-01T00:00:00.000+00:00",
        "updated_at": "2024-01-01T00:00:00.000+00:00",
    }
    values.update(fields)
    return StoredDocument(**values)


def shown_table(qtbot, model: QAbstractItemModel) -> QTableView:
    """A table view of ``model``, 500x300, on screen (so repaints reach it)."""
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(500, 300)
    view.show()
    QTest.qWaitForWindowExposed(view)
    return view


def make_view(qtbot) -> DocumentView:
    """A document view, shown at a fixed size and closed with the test."""
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    return view


# -- the inspector's tabs in the real window ----------------------------------------------------


def offsets(words: str, text: str) -> tuple[int, int]:
    """Where ``words`` first stand in ``text``: (start, end)."""
    start = text.index(words)
    return start, start + len(words)


def store_of(window: MainWindow) -> Store:
    """The store of the project open in the window."""
    store = window.curator.store
    assert store is not None
    return store


def mount_panel(window: MainWindow, panel_type: type[PanelT], doc_id: int = 1) -> PanelT:
    """The window's ``panel_type`` tab, on screen; the window then shows document ``doc_id``."""
    (panel,) = [p for p in window.record_panels.values() if isinstance(p, panel_type)]
    window.inspector.show_panel(panel)
    assert window.corpus_panel.select_document(doc_id)
    return panel


def select_text(window: MainWindow, words: str) -> None:
    """Select the first ``words`` of the shown document, as the curator's drag would."""
    view = window.document_view
    document = view.document()
    assert document is not None
    start, end = offsets(words, document.text)
    cursor = view.text_edit.textCursor()
    cursor.setPosition(view._text_to_qt(start))
    cursor.setPosition(view._text_to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.text_edit.setTextCursor(cursor)


def combo_texts(combo: QComboBox) -> list[str]:
    """The combo's items as listed, separators left out."""
    return [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]


def choose(combo: QComboBox, text: str) -> None:
    """What picking ``text`` from the combo's popup does."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not in {combo_texts(combo)}"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def answer(kind: type[DialogT], act: Callable[[DialogT], None]) -> list[BaseException]:
    """Run ``act`` on the modal dialog (a ``kind``) once the code under test opens it.

    What ``act`` raises is kept in the list returned (the test asserts it is empty once the
    dialog has closed), and the dialog is then rejected so the test does not hang.
    """
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, kind), dialog
            act(dialog)
        except BaseException as exc:  # reported by the test, after exec returns
            errors.append(exc)
            if isinstance(dialog, QDialog):
                dialog.reject()

    QTimer.singleShot(0, run)
    return errors
