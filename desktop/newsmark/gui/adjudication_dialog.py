"""Adjudicating the shown document: the annotators' items side by side, settled into gold.

One row per distinct span, event or claim of the document's versions (see
:mod:`newsmark.review.adjudication`), a tick per annotator who has it and one for the gold
layer, coloured by how far the annotators agree. The adjudicator copies a version, everything
agreed or chosen rows into gold, takes rows out again, and marks the document reviewed. Every
step goes through the window's Curator, so it is undoable and the window's document view and
panels show it at once; the gold records are then curated in the window like any others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.wording import plural, short
from newsmark.review.adjudication import (
    ALL_AGREE,
    GOLD_ONLY,
    ONE_ONLY,
    REVIEWED,
    SOME_AGREE,
    Item,
    accept_items,
    accept_version,
    adjudication_items,
    merge_agreed,
    remove_gold,
)
from newsmark.review.layers import document_annotators

if TYPE_CHECKING:
    from newsmark.core.changes import Change
    from newsmark.core.documents import StoredDocument
    from newsmark.core.store import Store
    from newsmark.gui.curation import Curator

YES, NO = "✓", "—"
FIXED_COLUMNS = ("Kind", "Label", "Text", "Details", "Group")
# Light backgrounds that keep black text readable: green agreed, amber some, red one only.
AGREEMENT_COLOURS = {
    ALL_AGREE: QColor("#d9f2d9"),
    SOME_AGREE: QColor("#fff0c2"),
    ONE_ONLY: QColor("#f9d6d5"),
    GOLD_ONLY: QColor("#dde6f5"),
}
AGREEMENT_WORDS = {
    ALL_AGREE: "every annotator has it",
    SOME_AGREE: "some annotators have it",
    ONE_ONLY: "one annotator has it",
    GOLD_ONLY: "only the gold layer has it",
}
# Filter name -> which rows it shows.
FILTERS: dict[str, Callable[[Item], bool]] = {
    "All": lambda item: True,
    "Disagreements": lambda item: item.agreement in (SOME_AGREE, ONE_ONLY),
    "Agreed": lambda item: item.agreement == ALL_AGREE,
    "Not in gold": lambda item: not item.in_gold,
    "In gold": lambda item: item.in_gold,
}


class AdjudicationDialog(QDialog):
    """The adjudication table of the window's shown document and its actions.

    ``current_document`` gives the document the window shows (None: none); :meth:`refresh`
    reads it and its items again, and runs after every curation (undo included).

    Threading: UI thread only; it uses the Curator's Store.
    """

    def __init__(
        self,
        curator: Curator,
        current_document: Callable[[], StoredDocument | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Adjudicate")
        self.resize(980, 560)
        self.curator = curator
        self._current_document = current_document
        self.doc_id: int | None = None
        self.annotators: list[str] = []
        self.items: list[Item] = []
        self._shown: list[Item] = []

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("adjudicationItems")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.filter_buttons = QButtonGroup(self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        for name in FILTERS:
            button = QPushButton(name)
            button.setCheckable(True)
            button.setChecked(name == "All")
            self.filter_buttons.addButton(button)
            filters.addWidget(button)
        self.filter_buttons.buttonClicked.connect(lambda _b: self._fill())
        filters.addStretch(1)
        self.counts = QLabel()
        filters.addWidget(self.counts)

        self.version_combo = QComboBox()
        self.version_combo.setObjectName("adjudicationVersion")
        self.accept_version_button = self._button("Accept version", self.accept_chosen_version)
        self.merge_button = self._button("Merge all agreed", self.merge_agreed)
        self.accept_button = self._button("Accept selected", self.accept_selected)
        self.remove_button = self._button("Remove selected from gold", self.remove_selected)
        self.reviewed_button = self._button("Mark reviewed", self.mark_reviewed)
        actions = QHBoxLayout()
        actions.addWidget(self.version_combo)
        actions.addWidget(self.accept_version_button)
        actions.addSpacing(12)
        for button in (self.merge_button, self.accept_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.reviewed_button)
        self.version_combo.currentIndexChanged.connect(self._name_version_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        curator.sig_changed.connect(self._on_curated)
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- reading ----------------------------------------------------------------------------

    @property
    def store(self) -> Store | None:
        return self.curator.store

    def refresh(self) -> None:
        """Read the shown document's versions and gold layer again."""
        document = self._current_document()
        store = self.store
        if store is None or document is None:
            self.doc_id, self.annotators, self.items = None, [], []
            self.heading.setText("Open a document to adjudicate it.")
        else:
            self.doc_id = document.id
            self.annotators = document_annotators(store, document.id)
            self.items = adjudication_items(store, document.id)
            title = document.title or f"Document {document.id}"
            status = store.get_document(document.id).status.replace("_", " ")
            self.heading.setText(
                f"“{short(title, 80)}” ({status}): {plural(len(self.annotators), 'annotator')}"
                f", gold recorded as {self.curator.annotator or '(no annotator name set)'}."
            )
        current = self.version_combo.currentText()
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        self.version_combo.addItems(self.annotators)
        if current in self.annotators:
            self.version_combo.setCurrentText(current)
        self.version_combo.blockSignals(False)
        self._name_version_button()
        self._fill()

    def _on_curated(self, doc_id: int, _spans: object, _what: str, _replayed: bool) -> None:
        if self.isVisible() and (doc_id == self.doc_id or doc_id == -1):
            self.refresh()

    def current_filter(self) -> str:
        checked = self.filter_buttons.checkedButton()
        return checked.text() if checked is not None else "All"

    def set_filter(self, name: str) -> None:
        for button in self.filter_buttons.buttons():
            button.setChecked(button.text() == name)
        self._fill()

    def _fill(self) -> None:
        wanted = FILTERS[self.current_filter()]
        self._shown = [item for item in self.items if wanted(item)]
        headers = [*FIXED_COLUMNS, *self.annotators, "Gold"]
        table = self.table
        table.clearSelection()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(self._shown))
        for row, item in enumerate(self._shown):
            have = set(item.annotators)
            cells = [
                item.kind,
                item.label,
                item.text,
                item.detail,
                str(item.group),
                *(YES if name in have else NO for name in self.annotators),
                YES if item.in_gold else NO,
            ]
            brush = QBrush(AGREEMENT_COLOURS[item.agreement])
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setBackground(brush)
                cell.setForeground(QBrush(QColor("black")))
                cell.setToolTip(AGREEMENT_WORDS[item.agreement])
                if column >= len(FIXED_COLUMNS):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        agreed = sum(1 for item in self.items if item.agreement == ALL_AGREE)
        in_gold = sum(1 for item in self.items if item.in_gold)
        self.counts.setText(
            f"{plural(len(self.items), 'item')}, {agreed} agreed, {in_gold} in gold"
        )
        self._update_buttons()

    def shown_items(self) -> list[Item]:
        return list(self._shown)

    def selected_items(self) -> list[Item]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._shown[row] for row in rows]

    def select_items(self, items: list[Item]) -> None:
        """Select the rows of ``items`` (by identity) among those shown."""
        wanted = {item.identity for item in items}
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, item in enumerate(self._shown):
            if item.identity in wanted:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def _name_version_button(self) -> None:
        name = self.version_combo.currentText()
        self.accept_version_button.setText(f"Accept {name}'s version" if name else "Accept version")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_document = self.doc_id is not None
        selected = self.selected_items() if has_document else []
        self.accept_version_button.setEnabled(bool(self.version_combo.currentText()))
        self.merge_button.setEnabled(any(item.all_agree for item in self.items))
        self.accept_button.setEnabled(any(item.sources for item in selected))
        self.remove_button.setEnabled(any(item.in_gold for item in selected))
        self.reviewed_button.setEnabled(has_document)

    # -- acting -----------------------------------------------------------------------------

    def accept_chosen_version(self) -> Change | None:
        name = self.version_combo.currentText()
        if not name:
            return None
        return self._change(lambda store, doc_id, who: accept_version(store, doc_id, name, who))

    def merge_agreed(self) -> Change | None:
        return self._change(merge_agreed)

    def accept_selected(self) -> Change | None:
        chosen = self.selected_items()
        return self._change(lambda store, doc_id, who: accept_items(store, doc_id, chosen, who))

    def remove_selected(self) -> Change | None:
        chosen = self.selected_items()
        return self._change(lambda store, doc_id, _who: remove_gold(store, doc_id, chosen))

    def mark_reviewed(self) -> bool:
        if self.doc_id is None:
            return False
        done = self.curator.set_document_status(self.doc_id, REVIEWED)
        self.refresh()
        return done

    def _change(self, operation: Callable[[Store, int, str], Change]) -> Change | None:
        """Run one gold-layer operation through the Curator (undoable; the window's view and
        panels follow from its change signal), with the annotator name as adjudicator."""
        doc_id = self.doc_id
        if doc_id is None:
            return None
        if not self.curator.annotator:
            self.curator.sig_error.emit(
                "Set your annotator name first (Edit ▸ Annotator name…): the gold layer is "
                "recorded under it."
            )
            return None
        done = self.curator.change(lambda store, who: operation(store, doc_id, who or ""))
        self.refresh()
        return done
