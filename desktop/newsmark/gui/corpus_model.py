"""The corpus list's item model: pages of Store.list_documents, loaded lazily off the UI thread.

Sorting a 100,000-document project by title, or counting the matches of a common word, makes
SQLite read the whole documents table, which takes a noticeable fraction of a second. The
queries therefore run on a loader thread with its own Store, and the model shows the rows it
has while the next page or the next filter's answer is on its way.
"""

from __future__ import annotations

import contextlib
import html
import queue
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from newsmark.core.errors import SearchQueryError
from newsmark.core.store import DocumentRow, Store
from newsmark.gui.item_models import OneCallPerCell, role_set

PAGE_SIZE = 200

AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    "new": "New",
    "in_progress": "In progress",
    "done": "Done",
    "reviewed": "Reviewed",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the corpus table: its header and the Store order it sorts by (immutable)."""

    title: str
    sort_key: str | None  # the Store.list_documents order_by, None: not sortable


COLUMNS = (
    Column("ID", "id"),
    Column("Title", "title"),
    Column("Date", "published"),
    Column("Source", "source"),
    Column("Status", "status"),
    Column("Spans", None),
)
COL_ID, COL_TITLE, COL_DATE, COL_SOURCE, COL_STATUS, COL_ANNOTATIONS = range(len(COLUMNS))


@dataclass(frozen=True, slots=True)
class CorpusQuery:
    """Which documents the list shows and in what order (arguments of Store.list_documents).

    Immutable, so the UI thread can hand it to the loader thread without copying.
    """

    status: str | None = None
    search: str | None = None
    order_by: str = "id"
    descending: bool = False
    label: str | None = None

    @property
    def filtered(self) -> bool:
        return bool(self.status or self.label) or bool(self.search and self.search.strip())


# ---------------------------------------------------------------------------------------------
# The loader thread
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Request:
    """One question for the loader thread (immutable; crosses from the UI thread)."""

    generation: int
    query: CorpusQuery
    offset: int
    reset: bool  # True: count the matches and load the first page; False: load one more page


_STOP = object()


class _LoaderSignals(QObject):
    """The loader's way back to the UI thread.

    Threading: lives on the UI thread; the loader thread emits, and because the receivers live
    on the UI thread, Qt queues each emission to them there.
    """

    # generation, rows matching the query, rows in the project, first page (list[DocumentRow])
    sig_reset_loaded = Signal(int, int, int, object)
    # generation, offset, page (list[DocumentRow])
    sig_page_loaded = Signal(int, int, object)
    # generation, message
    sig_failed = Signal(int, str)


class CorpusLoader:
    """Answers the corpus list's count and page queries on a background thread.

    Threading: create, ``request`` and ``stop`` from the UI thread. The queries run on the
    loader's own Python thread, which opens (and at the end closes) a Store of its own on the
    project file, because a Store belongs to the thread that opened it; SQLite's WAL mode lets
    it read while the UI thread's Store reads or writes. Answers come back through ``signals``.
    A request older than the newest generation is dropped unanswered: when the curator types
    a search, only the last keystroke's query is worth running.
    """

    def __init__(self, path: Path, signals: _LoaderSignals, *, page_size: int = PAGE_SIZE):
        self.path = path
        self.page_size = page_size
        self._signals = signals
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._newest = 0  # written by the UI thread, read by the loader: a plain int is atomic
        # A daemon thread, so a loader nobody stopped can never keep the process alive.
        self._thread = threading.Thread(target=self._run, name="newsmark-corpus", daemon=True)
        self._thread.start()

    def request(self, request: _Request) -> None:
        self._newest = max(self._newest, request.generation)
        self._queue.put(request)

    def stop(self) -> None:
        """Finish the query under way (if any), close the loader's Store and end the thread."""
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        store: Store | None = None
        open_error = ""
        try:
            store = Store.open(self.path, create=False)
        except Exception as exc:  # reported through a signal: this thread has no caller
            open_error = f"Cannot read {self.path}: {exc}"
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                assert isinstance(item, _Request)
                if item.generation < self._newest:
                    continue
                if store is None:
                    self._emit(self._signals.sig_failed, item.generation, open_error)
                    continue
                self._answer(store, item)
        finally:
            if store is not None:
                store.close()

    def _answer(self, store: Store, request: _Request) -> None:
        query = request.query
        try:
            page = store.list_documents(
                offset=request.offset,
                limit=self.page_size,
                order_by=query.order_by,
                descending=query.descending,
                status=query.status,
                search=query.search,
                label=query.label,
            )
            if request.reset:
                matching = store.count_documents(
                    status=query.status, search=query.search, label=query.label
                )
                total = store.count_documents() if query.filtered else matching
                answer = (self._signals.sig_reset_loaded, request.generation, matching, total, page)
            else:
                answer = (self._signals.sig_page_loaded, request.generation, request.offset, page)
        except Exception as exc:  # e.g. an FTS5 syntax error from a search; the list shows it
            answer = (self._signals.sig_failed, request.generation, _describe(exc, query))
        self._emit(*answer)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        # RuntimeError: the model was deleted while the query ran; nobody waits for the answer.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


def _describe(exc: Exception, query: CorpusQuery) -> str:
    if isinstance(exc, SearchQueryError):
        return f"Search not understood ({exc})"
    return f"The corpus list could not be read: {exc}"


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


_SERVED_ROLES = role_set(
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.UserRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole,
)


class CorpusModel(OneCallPerCell, QAbstractTableModel):
    """A table of the project's documents (id, title, date, source, status, annotation counts).

    Rows arrive page by page: the model starts with the first page of the current query and
    ``fetchMore`` asks the loader for the next one when the view scrolls near the end. Loaded
    rows are cached, with an index by document id. Changing the filter or the sort order keeps
    the old rows on screen until the new query's first page is there, then resets the model.

    Threading: UI thread only. The SQL runs on a :class:`CorpusLoader` thread; ``close`` must be
    called before the model goes away (the main window does it when it closes).
    """

    sig_loading = Signal(bool)  # True while a new query's first page is on its way
    sig_reset_done = Signal()  # the rows and counts now answer the current query
    sig_failed = Signal(str)  # the current query could not be answered; the list is empty

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self._page_size = page_size
        self._signals = _LoaderSignals(self)
        self._signals.sig_reset_loaded.connect(self._on_reset_loaded)
        self._signals.sig_page_loaded.connect(self._on_page_loaded)
        self._signals.sig_failed.connect(self._on_failed)
        self._loader: CorpusLoader | None = None
        self._query = CorpusQuery()
        self._generation = 0
        self._rows: list[DocumentRow] = []
        self._row_by_id: dict[int, int] = {}
        self._matching = 0
        self._total = 0
        self._loading = False
        self._fetching = False
        self._error: str | None = None

    # -- project and query ------------------------------------------------------------------

    def set_store(self, store: Store | None) -> None:
        """Show the documents of ``store``'s project (which the caller has already opened).

        The sort order carries over to the new project; the status and search filters do not.
        """
        self._stop_loader()
        self._query = replace(self._query, status=None, search=None, label=None)
        self.beginResetModel()
        self._set_rows([])
        self._matching = self._total = 0
        self._error = None
        self.endResetModel()
        if store is not None:
            self._loader = CorpusLoader(store.path, self._signals, page_size=self._page_size)
            self.reload()

    def close(self) -> None:
        """Stop the loader thread; the model keeps its rows but loads nothing more."""
        self._stop_loader()

    def _stop_loader(self) -> None:
        if self._loader is not None:
            self._generation += 1  # answers already queued to the UI thread are now stale
            self._loader.stop()
            self._loader = None
        self._fetching = False
        self._set_loading(False)

    def query(self) -> CorpusQuery:
        return self._query

    def set_filter(
        self, *, status: str | None, search: str | None, label: str | None = None
    ) -> None:
        search = search.strip() if search else None
        wanted = (status or None, search or None, label or None)
        if wanted == (self._query.status, self._query.search, self._query.label):
            return
        self._query = replace(
            self._query, status=status or None, search=search or None, label=label or None
        )
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.is_sortable(column):
            return
        key = COLUMNS[column].sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._query.order_by, self._query.descending):
            return
        assert key is not None
        self._query = replace(self._query, order_by=key, descending=descending)
        self.reload()

    @staticmethod
    def is_sortable(column: int) -> bool:
        return 0 <= column < len(COLUMNS) and COLUMNS[column].sort_key is not None

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.sort_key == self._query.order_by)

    def reload(self) -> None:
        """Run the current query again from the first page (new filter, order, or new data)."""
        if self._loader is None:
            return
        self._generation += 1
        self._fetching = False
        self._set_loading(True)
        self._loader.request(_Request(self._generation, self._query, 0, reset=True))

    # -- what the panel shows around the table ----------------------------------------------

    def matching_count(self) -> int:
        """Documents matching the current filter (all of them, not only the loaded rows)."""
        return self._matching

    def total_count(self) -> int:
        """Documents in the project."""
        return self._total

    def is_open(self) -> bool:
        """Whether a project is set (its rows may still be on their way)."""
        return self._loader is not None

    def is_loading(self) -> bool:
        return self._loading

    def error(self) -> str | None:
        return self._error

    def document_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, doc_id: int) -> int | None:
        return self._row_by_id.get(doc_id)

    def row_data(self, row: int) -> DocumentRow:
        return self._rows[row]

    def update_row(self, fresh: DocumentRow) -> None:
        """Show ``fresh`` in place of its loaded row (after an edit changed counts or status).

        The row stays where it is even if it no longer matches the filter or the sort order:
        rows jumping away under the curator's hands would be worse; F5 re-queries.
        """
        row = self._row_by_id.get(fresh.id)
        if row is None:
            return
        self._rows[row] = fresh
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- answers from the loader ------------------------------------------------------------

    def _on_reset_loaded(
        self, generation: int, matching: int, total: int, rows: list[DocumentRow]
    ) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._set_rows(list(rows))
        self._matching = max(matching, len(rows))
        self._total = total
        self._error = None
        self.endResetModel()
        self._set_loading(False)
        self.sig_reset_done.emit()

    def _on_page_loaded(self, generation: int, offset: int, rows: list[DocumentRow]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if not rows:
            # Documents were deleted since the count: stop asking for pages that are not there.
            self._matching = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        for row in rows:
            self._row_by_id[row.id] = len(self._rows)
            self._rows.append(row)
        self._matching = max(self._matching, len(self._rows))
        self.endInsertRows()

    def _on_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self.beginResetModel()
        self._set_rows([])
        self._matching = 0
        self._error = message
        self.endResetModel()
        self._set_loading(False)
        self.sig_failed.emit(message)

    def _set_rows(self, rows: list[DocumentRow]) -> None:
        self._rows = rows
        self._row_by_id = {row.id: i for i, row in enumerate(rows)}

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.sig_loading.emit(loading)

    # -- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return (
            not parent.isValid()
            and self._loader is not None
            and not self._loading
            and not self._fetching
            and len(self._rows) < self._matching
        )

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        assert self._loader is not None
        self._fetching = True
        self._loader.request(_Request(self._generation, self._query, len(self._rows), reset=False))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.InitialSortOrderRole and section == COL_DATE:
            # The first click on Date shows the newest articles first.
            return Qt.SortOrder.DescendingOrder.value
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == COL_ANNOTATIONS:
                return "Accepted / suggested spans"
            return f"Sort by {COLUMNS[section].title.lower()}"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell; answer the unserved ones first and cheaply
        # (every call into Python waits for the GIL while a worker thread runs).
        if role not in _SERVED_ROLES or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_ID, COL_ANNOTATIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == COL_TITLE and not row.title:
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        return None

    @staticmethod
    def _display(row: DocumentRow, column: int) -> str:
        if column == COL_ID:
            return str(row.id)
        if column == COL_TITLE:
            # A title is one line in the list even when the source broke it over several.
            return " ".join(row.title.split()) if row.title else "(untitled)"
        if column == COL_DATE:
            return row.published or ""
        if column == COL_SOURCE:
            return row.source or ""
        if column == COL_STATUS:
            return STATUS_LABELS.get(row.status, row.status)
        return f"{row.span_count} / {row.suggested_count}"

    @staticmethod
    def _tooltip(row: DocumentRow, column: int) -> str | None:
        # Tooltips are rendered as rich text when they look like HTML, and titles come from
        # strangers' files: escape them so "<b>" shows as the characters it is.
        if column == COL_TITLE and row.title:
            return f"<p>{html.escape(row.title)}</p>"
        if column == COL_SOURCE and row.source:
            return f"<p>{html.escape(row.source)}</p>"
        if column == COL_ANNOTATIONS:
            return f"{row.span_count} accepted, {row.suggested_count} suggested spans"
        return None
