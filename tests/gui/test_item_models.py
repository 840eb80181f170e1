"""The item models answer a view's roles for a cell in one call from Qt."""

from __future__ import annotations

from gui_helpers import shown_table
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from newsmark.core.store import StoredSpan
from newsmark.gui.span_list import SpanListModel


def test_a_view_reads_cells_through_multidata_and_sees_every_role(qtbot, monkeypatch):
    calls = {"multi": 0}
    original = SpanListModel.multiData

    def counting(self, index, roles):
        calls["multi"] += 1
        original(self, index, roles)

    monkeypatch.setattr(SpanListModel, "multiData", counting)
    model = SpanListModel(lambda label: "#ff0000")
    model.set_spans(
        [
            StoredSpan(
                i, i * 10, i * 10 + 5, "GPE", f"Place{i}", "suggested", "m", None, None, None, None
            )
            for i in range(1, 30)
        ]
    )
    view = shown_table(qtbot, model)
    view.viewport().repaint()
    assert calls["multi"] > 0
    image = view.viewport().grab().toImage()
    # The label cell's colour swatch (DecorationRole) is drawn from multiData's answer.
    rect = view.visualRect(model.index(0, 0))
    reds = sum(
        1
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
        if QColor(image.pixel(x, y)) == QColor("#ff0000")
    )
    assert reds > 20
    assert model.index(0, 1).data(Qt.ItemDataRole.DisplayRole) == "Place1"
