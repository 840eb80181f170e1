"""Small widgets and texts the inspector's tabs share, and the base class of its record tabs.

Every text from documents, labels or actor names is shown as plain text: the labels here set
``PlainText``, tooltips go through :func:`plain_tooltip`, and button texts through
:func:`mnemonic_safe`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QToolButton,
    QWidget,
)

from newsmark.core.changes import Change
from newsmark.core.relation_curation import event_text
from newsmark.core.span_curation import ACCEPTED, REJECTED, SUGGESTED
from newsmark.core.store import Store
from newsmark.core.wording import short

if TYPE_CHECKING:
    from newsmark.core.event_curation import EventRecord
    from newsmark.gui.curation import Curator
    from newsmark.gui.document_view import DocumentView
    from newsmark.gui.mention_picking import MentionPicker

# An edit as the Curator makes it: (the Store, the annotator's name) -> the recorded change.
Edit = Callable[[Store, "str | None"], Change]

CHIP_STYLE = (
    "QToolButton { border: 1px solid palette(mid); border-radius: 9px; padding: 1px 7px; }"
    "QToolButton:hover { background: palette(midlight); }"
)


# ---------------------------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------------------------


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows it verbatim (a tooltip renders what looks like HTML)."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text).replace("\n", "<br>") + "</p>"


def mnemonic_safe(text: str) -> str:
    """``text`` for a button, where "&" would otherwise mark a shortcut letter."""
    return text.replace("&", "&&")


def event_line(event: EventRecord) -> str:
    """An event as a line of a narrow list or a combo: its words first, since several events
    of a document often share a type (“clashed” · Battles ▸ Armed clash · suggested)."""
    if event.trigger is None:
        line = event_text(event.type, event.subtype, None)
    else:
        kind = f"{event.type} ▸ {event.subtype}" if event.subtype else event.type
        line = f"“{short(event.trigger.text)}” · {kind}"
    return line if event.status == ACCEPTED else f"{line} · {event.status}"


def list_heading(doc_id: int | None, statuses: Sequence[str], plural: str) -> str:
    """The line above a tab's list: "No document shown", "No claims yet" (``plural`` names
    the records) or "2 accepted · 1 suggested" (rejected ones are not counted)."""
    if doc_id is None:
        return "No document shown"
    if not statuses:
        return f"No {plural} yet"
    accepted = sum(1 for status in statuses if status == ACCEPTED)
    suggested = sum(1 for status in statuses if status == SUGGESTED)
    return f"{accepted} accepted · {suggested} suggested"


# ---------------------------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------------------------


def plain_label(text: str = "", *, wrap: bool = False, faded: bool = False) -> QLabel:
    """A label showing ``text`` as plain text; ``faded`` greys it like a placeholder."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if faded:
        label.setStyleSheet("color: palette(placeholder-text);")
    return label


def heading(text: str = "") -> QLabel:
    """A bold plain-text label that heads a part of a tab."""
    label = plain_label(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def small_button(text: str, tip: str) -> QToolButton:
    """A compact text button (a tool button: the pane is narrow)."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def removable_chip(text: str, tip: str, object_name: str) -> QToolButton:
    """A rounded "name ✕" button standing for one item of a set; a click removes the item."""
    chip = QToolButton()
    chip.setObjectName(object_name)
    chip.setText(mnemonic_safe(text) + "  ✕")
    chip.setToolTip(plain_tooltip(tip))
    chip.setStyleSheet(CHIP_STYLE)
    chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return chip


def side_by_side(*widgets: QWidget, stretch: bool = False) -> QWidget:
    """Widgets side by side; the first takes the room left, or (``stretch``) none does."""
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if index == 0 and not stretch else 0)
    if stretch:
        layout.addStretch(1)
    return holder


def record_table(model: QAbstractItemModel, object_name: str) -> QTableView:
    """A read-only table of ``model``, one record a row: whole rows selected one at a time,
    no grid and no row numbers, one-line rows of a fixed height (so no row is measured)."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
    return table


def plain_message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox.StandardButton:
    """Show a modal message box and return the button pressed. ``text`` is shown as plain
    text: it may quote actor names or paths, which may hold anything, "<b>" included."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    answer = QMessageBox.StandardButton(box.exec())
    box.deleteLater()
    return answer


class RecordList(QListWidget):
    """A tab's records, a line each, in grey when not accepted (suggestions in italics,
    rejected ones struck out); an item's ``UserRole`` data is its record's id.

    :meth:`show_records` refills the list only when its rows changed, so a refresh after an
    edit keeps the scroll position, and it sends no ``currentItemChanged`` while it works:
    the tab hears only the curator's moves. Threading: UI thread only.
    """

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._rows: list[tuple[int, str, str, str]] | None = None

    def show_records(self, rows: Sequence[tuple[int, str, str, str]], current: int | None) -> None:
        """List ``rows`` (id, line, status, tooltip) and make record ``current`` (if listed)
        the current row, scrolled into view."""
        rows = list(rows)
        self.blockSignals(True)
        try:
            if rows != self._rows:
                self._rows = rows
                self.clear()
                for record_id, line, status, tip in rows:
                    item = QListWidgetItem(line)
                    item.setData(Qt.ItemDataRole.UserRole, record_id)
                    item.setToolTip(plain_tooltip(tip))
                    self._style(item, status)
                    self.addItem(item)
            row = next((i for i, r in enumerate(rows) if r[0] == current), -1)
            if row != self.currentRow():
                self.setCurrentRow(row)
            if row >= 0:
                self.scrollToItem(self.item(row))
        finally:
            self.blockSignals(False)

    def _style(self, item: QListWidgetItem, status: str) -> None:
        if status == ACCEPTED:
            return
        font = QFont(self.font())
        font.setItalic(status == SUGGESTED)
        font.setStrikeOut(status == REJECTED)
        item.setFont(font)
        item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))

    def record_ids(self) -> list[int]:
        """The ids listed, in order."""
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())]

    def lines(self) -> list[str]:
        """The lines listed, as shown."""
        return [self.item(row).text() for row in range(self.count())]


class FlowLayout(QLayout):
    """Lays its widgets out left to right, wrapping to a new row where the width ends (chips
    of aliases, role fillers, actors a claim is about). Qt has no such layout.

    Threading: UI thread only.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        """Put ``widget`` at ``index`` (QLayout itself can only append)."""
        self.addWidget(widget)
        self._items.insert(index, self._items.pop())
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (only measure them unless ``move``); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


# ---------------------------------------------------------------------------------------------
# The record tabs
# ---------------------------------------------------------------------------------------------


class RecordPanel(QWidget):
    """What the inspector's record tabs (events, claims, relations, actors) share.

    A tab is made with the window's Curator, MentionPicker and DocumentView, which this
    constructor keeps; it then calls the tab's :meth:`_setup` for the tab's own state and
    widgets. A tab sets ``title`` and implements the rest of
    :class:`~newsmark.gui.inspector.InspectorPanel` (``set_schema``, ``show_document``,
    ``count``) and ``select(record_id)``. It reads through ``curator.store`` and edits through
    :meth:`_change` only, so every edit is one undo step and the window shows the tab again
    after it. ``sig_go_to_span`` asks the window to show a span the curator clicked in the tab.

    Threading: UI thread only.
    """

    title = ""
    sig_go_to_span = Signal(int)

    def __init__(
        self,
        curator: Curator,
        picker: MentionPicker,
        view: DocumentView,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._curator = curator
        self._picker = picker
        self._view = view
        self._doc_id: int | None = None
        self._setup()

    def _setup(self) -> None:
        """Make the tab's own state and widgets; the constructor calls it once, last.

        Every tab overrides it; the base tab has nothing of its own to make.
        """

    def _change(self, edit: Edit) -> Change | None:
        """Make ``edit`` as one undoable step; None when it was refused (the window says why)."""
        return self._curator.change(edit)

    def go_to(self, span_id: int) -> None:
        """Ask the window to show this span of the text."""
        self.sig_go_to_span.emit(span_id)
