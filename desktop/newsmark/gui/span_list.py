"""The side panel: the shown document's annotations as a table; a click goes to one."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.store import StoredSpan
from newsmark.gui.highlights import span_details
from newsmark.gui.item_models import OneCallPerCell, role_set

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("Label", "Text", "Status")
COL_LABEL, COL_TEXT, COL_STATUS = range(len(COLUMNS))
MAX_TEXT = 120


_SERVED_ROLES = role_set(
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.UserRole,
)


class SpanListModel(OneCallPerCell, QAbstractTableModel):
    """One document's spans in text order: label, covered text, status (the tooltip adds
    origin, annotator and linked actor).

    A table model rather than a tree of items: an entity-dense article has thousands of
    spans, and a model hands the view only the rows on screen. Threading: UI thread only.
    """

    def __init__(self, colour_of: Callable[[str], str], parent: Any = None):
        super().__init__(parent)
        self._spans: list[StoredSpan] = []
        self._row_of: dict[int, int] = {}
        self._colour_of = colour_of

    def set_spans(self, spans: Sequence[StoredSpan]) -> None:
        self.beginResetModel()
        self._spans = list(spans)
        self._row_of = {span.id: row for row, span in enumerate(self._spans)}
        self.endResetModel()

    def set_colours(self, colour_of: Callable[[str], str]) -> None:
        self._colour_of = colour_of
        if self._spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def span(self, row: int) -> StoredSpan:
        return self._spans[row]

    def row_of(self, span_id: int) -> int | None:
        return self._row_of.get(span_id)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Unserved roles first and cheaply: see CorpusModel.data.
        if role not in _SERVED_ROLES or not 0 <= index.row() < len(self._spans):
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_LABEL:
                return span.label
            if column == COL_TEXT:
                text = " ".join(span.text.split())
                return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
            return span.status
        if role == Qt.ItemDataRole.DecorationRole and column == COL_LABEL:
            return QColor(self._colour_of(span.label))
        if role == Qt.ItemDataRole.FontRole and span.status == "suggested":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                f"{span.label} · {span.status}",
                " ".join(span.text.split()),
                f"from {span.origin or 'unknown'}",
            ]
            if span.annotator:
                lines.append(f"annotator: {span.annotator}")
            if span.actor_name:
                lines.append(f"actor: {span.actor_name}")
            # Plain text: QToolTip shows it as such unless it looks like markup, so wrap it.
            return "<p style='white-space:pre'>" + _escape("\n".join(lines)) + "</p>"
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class SpanListPanel(QWidget):
    """The annotations of the shown document; clicking or pressing Enter on one goes to it.

    Threading: UI thread only.
    """

    sig_span_activated = Signal(int)

    def __init__(self, colour_of: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.model = SpanListModel(colour_of, self)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        # The span in focus (under the caret, or gone to): its label, origin, annotator, actor.
        self.details = QLabel()
        self.details.setObjectName("spanDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableView()
        self.table.setObjectName("spanList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        # Widths from the font, not the contents: measuring would visit every row.
        metrics = self.table.fontMetrics()
        icon = self.table.iconSize().width() + 16
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_LABEL, metrics.horizontalAdvance("QUANTITY") + icon)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_STATUS, metrics.horizontalAdvance("suggested") + 14)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        self.table.clicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.set_spans([])
        self.show_details(None)

    def set_spans(self, spans: Sequence[StoredSpan]) -> None:
        selected = self.selected_span_id()
        self.model.set_spans(spans)
        suggested = sum(1 for span in spans if span.status == "suggested")
        self.heading.setText(
            f"Annotations: {len(spans) - suggested:,} accepted · {suggested:,} suggested"
            if spans
            else "Annotations: none yet"
        )
        if selected is not None:
            self.select_span(selected)

    def show_details(self, span: StoredSpan | None) -> None:
        """Describe ``span`` under the table (or say how to pick one)."""
        if span is None:
            self.details.setText("Put the caret on a span, or press N, to see its details.")
            return
        self.details.setText("\n".join(span_details(span)))

    def selected_span_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.span(index.row()).id if index.isValid() else None

    def select_span(self, span_id: int) -> None:
        """Select the row of ``span_id`` (without emitting sig_span_activated)."""
        row = self.model.row_of(span_id)
        if row is None:
            return
        index = self.model.index(row, COL_TEXT)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_span_activated.emit(self.model.span(index.row()).id)
