"""The left pane of the main window: filter by status, full-text search, the corpus table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newsmark.gui.corpus_model import (
    COL_ANNOTATIONS,
    COL_DATE,
    COL_ID,
    COL_SOURCE,
    COL_STATUS,
    COL_TITLE,
    STATUS_LABELS,
    CorpusModel,
)

SEARCH_DELAY_MS = 250
ERROR_COLOUR = "#d9534f"  # a red that stays readable on light and dark backgrounds


def count_text(matching: int, total: int, filtered: bool) -> str:
    noun = "document" if total == 1 else "documents"
    if filtered:
        return f"{matching:,} of {total:,} {noun}"
    return f"{total:,} {noun}"


class CorpusPanel(QWidget):
    """Status filter, search field, the corpus table and a count of what it shows.

    It turns what the curator does here into queries on the :class:`CorpusModel` (a search is
    sent once typing pauses for ``SEARCH_DELAY_MS``) and reports the document the curator moves
    to with ``sig_current_document_changed``. After the list is re-queried, the row of the
    document being read is selected again when it is among the loaded rows.

    Threading: UI thread only.
    """

    sig_current_document_changed = Signal(int)

    def __init__(self, model: CorpusModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._current_id: int | None = None

        self.status_combo = QComboBox()
        self.status_combo.addItem("All statuses", None)
        for key, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, key)
        self.status_combo.setToolTip("Show only documents with this curation status")

        self.label_combo = QComboBox()
        self.label_combo.setObjectName("labelFilter")
        self.label_combo.setToolTip(
            "Show only documents with an accepted or suggested span of this label"
        )
        self.set_labels([])

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search titles and texts (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(
            "Words all have to occur; end a word with * to match its beginning; OR and NOT work "
            "as in SQLite full-text search"
        )
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_edit)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search_edit.clear)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)

        self.table = QTableView()
        self.table.setObjectName("corpusTable")
        self.table.setModel(model)
        self._configure_table()

        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        filters = QHBoxLayout()
        filters.addWidget(self.status_combo)
        filters.addWidget(self.label_combo)
        filters.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.status_combo.currentIndexChanged.connect(self.apply_filter)
        self.label_combo.currentIndexChanged.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_requested)
        model.sig_reset_done.connect(self._on_reset_done)
        model.sig_loading.connect(self._update_count)
        model.sig_failed.connect(self._update_count)
        model.modelReset.connect(self._update_count)
        self._update_count()

    def _configure_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Fixed row heights let the view place 100,000 rows without measuring any of them.
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QFontMetrics(table.font()).height() + 8)

        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_ID, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        # Widths from the font rather than from the contents: measuring contents would make the
        # view read every row.
        metrics = QFontMetrics(header.font())
        pad = 18
        widths = {
            COL_ID: metrics.horizontalAdvance("00000") + pad,
            COL_DATE: metrics.horizontalAdvance("0000-00-00") + pad,
            COL_SOURCE: metrics.horizontalAdvance("Courier") + pad,
            COL_STATUS: metrics.horizontalAdvance("In progress") + pad,
            COL_ANNOTATIONS: metrics.horizontalAdvance("000 / 000") + pad,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)

    # -- public -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def status_filter(self) -> str | None:
        return self.status_combo.currentData()

    def label_filter(self) -> str | None:
        return self.label_combo.currentData()

    def set_labels(self, labels: list[str]) -> None:
        """Offer ``labels`` in the label filter, keeping the chosen one (without querying)."""
        chosen = self.label_combo.currentData()
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        self.label_combo.addItem("All labels", None)
        for label in sorted(set(labels) | ({chosen} if chosen else set())):
            self.label_combo.addItem(label, label)
        index = self.label_combo.findData(chosen) if chosen else 0
        self.label_combo.setCurrentIndex(max(index, 0))
        self.label_combo.blockSignals(False)

    def apply_filter(self) -> None:
        """Send the filters and search now, without waiting for the typing pause."""
        self._search_timer.stop()
        self.model.set_filter(
            status=self.status_filter(),
            search=self.search_edit.text(),
            label=self.label_filter(),
        )

    def select_document(self, doc_id: int) -> bool:
        """Select ``doc_id``'s row if it is loaded; False if it is not in the list."""
        row = self.model.row_of(doc_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def select_next(self) -> bool:
        """Move to the row after the current one; False at the end of the list."""
        current = self.table.currentIndex()
        row = current.row() + 1 if current.isValid() else 0
        if row >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if row >= self.model.rowCount():
            return False
        self.select_row(row)
        return True

    def current_document_id(self) -> int | None:
        return self._current_id

    def select_row(self, row: int) -> None:
        index = self.model.index(row, COL_TITLE)
        if not index.isValid():
            return
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def clear_filters(self) -> None:
        """Show every status and no search, without querying (the model's next load will)."""
        self._search_timer.stop()
        widgets = (self.status_combo, self.label_combo, self.search_edit)
        for widget in widgets:
            widget.blockSignals(True)
        self.status_combo.setCurrentIndex(0)
        self.label_combo.setCurrentIndex(0)
        self.search_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)

    def forget_current(self) -> None:
        """Drop the remembered document (another project was opened)."""
        self._current_id = None
        self.table.clearSelection()

    # -- reactions --------------------------------------------------------------------------

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = self.model.document_id(current.row()) if current.isValid() else None
        if doc_id is None or doc_id == self._current_id:
            return
        self._current_id = doc_id
        self.sig_current_document_changed.emit(doc_id)

    def _on_sort_requested(self, section: int, order: Qt.SortOrder) -> None:
        if self.model.is_sortable(section):
            self.model.sort(section, order)
            return
        # The store cannot order by annotation counts: put the indicator back where it was.
        header = self.table.horizontalHeader()
        query = self.model.query()
        previous = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column(), previous)
        header.blockSignals(False)

    def _on_reset_done(self) -> None:
        if self._current_id is None:
            return
        row = self.model.row_of(self._current_id)
        if row is not None:
            self.select_row(row)

    def _update_count(self, *_args: object) -> None:
        model = self.model
        error = model.error()
        if error:
            self.count_label.setStyleSheet(f"color: {ERROR_COLOUR}")
            self.count_label.setText(error)
            return
        self.count_label.setStyleSheet("")
        if not model.is_open():
            self.count_label.setText("No project open")
            return
        if model.is_loading() and model.rowCount() == 0:
            self.count_label.setText("Loading…")
            return
        text = count_text(model.matching_count(), model.total_count(), model.query().filtered)
        self.count_label.setText(text + (" · updating…" if model.is_loading() else ""))
