"""Builders shared by the GUI tests: a stored document without a project, a shown view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from newsmark.core.documents import StoredDocument
from newsmark.gui.document_view import DocumentView


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
