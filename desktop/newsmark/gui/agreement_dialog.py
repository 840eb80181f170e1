"""Team ▸ Agreement report: how far the project's annotators agree, as tables and a bar chart.

The measures are :func:`newsmark.review.agreement.agreement`'s, computed as a
:class:`~newsmark.gui.tasks.Task` on a worker thread with a Store of its own, so the curator
keeps working meanwhile. The first tab shows F1 per label as bars (drawn here with QPainter:
the Qt Charts module is not part of the Qt this app ships) above the per-label table; the
others show each compared document, and events and claims.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.store import Store
from newsmark.gui.task_dialog import TaskDialog
from newsmark.gui.tasks import Task, TaskCancelled, TaskContext, TaskFailure
from newsmark.gui.widgets import plain_tooltip
from newsmark.review.agreement import (
    DOCUMENT_HEADERS,
    NOT_ENOUGH,
    TABLE_HEADERS,
    AgreementReport,
    agreement,
    figure,
)

DEFAULT_COLOUR = "#4c78a8"


def agreement_task(project: Path) -> Callable[[TaskContext], AgreementReport]:
    """Compute the agreement report of ``project``, as ``newsmark agreement`` does."""

    def run(context: TaskContext) -> AgreementReport:
        def progress(done: int, total: int) -> None:
            if context.cancelled():
                raise TaskCancelled
            context.report(done, total, f"Comparing: {done:,} of {total:,} documents")

        with Store.open(project, create=False) as store:
            return agreement(store, progress=progress)

    return run


class Bar(NamedTuple):
    """One label's bar: exact F1 in full colour, up to overlapping F1 in a lighter shade."""

    label: str
    exact: float | None
    overlap: float | None
    colour: str


class F1Chart(QWidget):
    """A bar chart of F1 per label, from 0 to 1, with the labels and values as plain text.

    Each label has one bar: its solid part reaches the exact-match F1, a lighter part above it
    the overlapping-match F1 (never lower). An undefined F1 draws no bar and "-" as its value.
    """

    MARGIN = 8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agreementChart")
        self.setMinimumHeight(200)
        self._bars: list[Bar] = []

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        self.setToolTip(
            plain_tooltip(
                "\n".join(
                    f"{bar.label}: exact F1 {figure(bar.exact)}, overlap F1 {figure(bar.overlap)}"
                    for bar in self._bars
                )
            )
            if self._bars
            else ""
        )
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(max(320, 70 * len(self._bars) + 60), 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        grid_colour = palette.color(QPalette.ColorRole.Mid)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        axis_width = metrics.horizontalAdvance("0.00") + 6
        plot = QRectF(self.rect()).adjusted(
            self.MARGIN + axis_width,
            self.MARGIN + 2 * line,
            -self.MARGIN,
            -(self.MARGIN + 2 * line),
        )
        painter.setPen(text_colour)
        painter.drawText(
            QRectF(self.MARGIN, 0, self.width() - 2 * self.MARGIN, line + 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "F1 per label, all pairs: exact (solid) / overlapping (light)",
        )
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            y = plot.bottom() - tick * plot.height()
            painter.setPen(
                QPen(grid_colour, 1, Qt.PenStyle.DotLine if tick else Qt.PenStyle.SolidLine)
            )
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(self.MARGIN, y - line / 2, axis_width - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{tick:.2f}",
            )
        if not self._bars:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No spans to compare")
            return
        slot = plot.width() / len(self._bars)
        width = max(4.0, min(48.0, slot * 0.6))
        for index, bar in enumerate(self._bars):
            centre = plot.left() + slot * (index + 0.5)
            self._draw_bar(painter, plot, centre, width, bar)
            painter.setPen(text_colour)
            name = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(slot) - 4)
            painter.drawText(
                QRectF(centre - slot / 2, plot.bottom() + 2, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                name,
            )
            top = max(bar.exact or 0.0, bar.overlap or 0.0)
            value = f"{figure(bar.exact)} / {figure(bar.overlap)}"
            if metrics.horizontalAdvance(value) > slot - 4:
                value = figure(bar.exact)
            painter.drawText(
                QRectF(centre - slot / 2, plot.bottom() - top * plot.height() - line, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                value,
            )
        painter.end()

    def _draw_bar(
        self, painter: QPainter, plot: QRectF, centre: float, width: float, bar: Bar
    ) -> None:
        colour = QColor(bar.colour)
        if bar.overlap is not None:
            light = QColor(colour)
            light.setAlpha(90)
            height = bar.overlap * plot.height()
            painter.fillRect(
                QRectF(centre - width / 2, plot.bottom() - height, width, height), light
            )
        if bar.exact is not None:
            height = bar.exact * plot.height()
            painter.fillRect(
                QRectF(centre - width / 2, plot.bottom() - height, width, height), colour
            )


def _cell(value: object) -> QTableWidgetItem:
    """A read-only cell: a measure with three decimals ("-" when undefined), a count, a name."""
    measure = isinstance(value, float) or value is None
    item = QTableWidgetItem(figure(value) if measure else str(value))  # type: ignore[arg-type]
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if isinstance(value, int | float) or value is None:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: Sequence[str], object_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(False)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[object]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, _cell(value))


class AgreementDialog(TaskDialog):
    """Computes the agreement report of the window's project in the background and shows it:
    a chart and table per label, a table per document, and events and claims as text.

    ``project_store`` gives the window's Store (None: no project). :meth:`start` (re)computes;
    the last report is :attr:`report`.

    Threading: UI thread only, apart from the computation itself.
    """

    def __init__(
        self, project_store: Callable[[], Store | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement report")
        self._project_store = project_store
        self._colours: dict[str, str] = {}
        self.report: AgreementReport | None = None
        self.message.setObjectName("agreementMessage")
        self.progress.hide()
        self.chart = F1Chart()
        self.label_table = _table(TABLE_HEADERS, "agreementLabels")
        self.document_table = _table(DOCUMENT_HEADERS, "agreementDocuments")
        self.details = QPlainTextEdit()
        self.details.setObjectName("agreementDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        by_label = QSplitter(Qt.Orientation.Vertical)
        by_label.addWidget(self.chart)
        by_label.addWidget(self.label_table)
        by_label.setStretchFactor(1, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(by_label, "By &label")
        self.tabs.addTab(self.document_table, "By &document")
        self.tabs.addTab(self.details, "&Events and claims")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.refresh_button = QPushButton("&Compute again")
        self.refresh_button.clicked.connect(self.start)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)
        self.update_buttons()

    # -- running ----------------------------------------------------------------------------

    def start(self) -> Task | None:
        """Compute the report of the window's project now (None when one is under way or no
        project is open)."""
        if self.task is not None:
            return None
        store = self._project_store()
        if store is None:
            self._show_empty("No project is open.")
            return None
        self._colours = {label.name: label.colour for label in store.project_schema().entity_labels}
        return self.run_task(
            "Agreement report",
            agreement_task(store.path),
            self._on_done,
            f"Comparing the annotators of {store.path.name}…",
        )

    def _on_done(self, report: AgreementReport) -> None:
        self.report = report
        if report.empty:
            self._show_empty(NOT_ENOUGH)
            return
        self.message.setText(report.text_lines()[0])
        self.message.setToolTip(plain_tooltip("\n".join(report.text_lines()[:2])))
        self.chart.set_bars(self.bars(report))
        _fill(self.label_table, report.table_rows())
        _fill(self.document_table, report.document_rows())
        self.details.setPlainText("\n".join(report.event_claim_lines()))

    def bars(self, report: AgreementReport) -> list[Bar]:
        """One bar per label, over every pair."""
        return [
            Bar(
                label,
                spans.exact.f1,
                spans.overlap.f1,
                self._colours.get(label) or DEFAULT_COLOUR,
            )
            for label in report.labels
            for spans in [report.spans_for(label)]
        ]

    def task_failed(self, failure: TaskFailure, cancelled: bool) -> None:
        if cancelled:
            self.message.setText("Cancelled: nothing was computed.")
        else:
            self.message.setText(f"Not computed: {failure.message}")
            self.message.setToolTip(plain_tooltip(failure.details) if failure.details else "")

    def task_ended(self) -> None:
        self.progress.hide()

    def _show_empty(self, message: str) -> None:
        self.message.setText(message)
        self.message.setToolTip("")
        self.chart.set_bars([])
        _fill(self.label_table, [])
        _fill(self.document_table, [])
        self.details.clear()

    def update_buttons(self) -> None:
        running = self.task is not None
        self.refresh_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
