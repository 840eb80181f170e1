"""The report shown after an import: what came in, what was a duplicate, what was refused, why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark.corpus.importer import ImportReport

MAX_ROWS_PER_GROUP = 2000


def report_summary(report: ImportReport) -> str:
    """One paragraph: the counts, in the curator's words."""
    parts = [f"{len(report.imported):,} imported"]
    if report.annotated:
        parts.append(f"{len(report.annotated):,} with annotations")
    if report.duplicates:
        parts.append(f"{len(report.duplicates):,} already in the project")
    if report.rejected:
        parts.append(f"{len(report.rejected):,} refused")
    if report.warnings:
        parts.append(f"{len(report.warnings):,} warnings")
    text = f"{report.files:,} file{'' if report.files == 1 else 's'} read: " + ", ".join(parts)
    if report.passed_over:
        text += f". {report.passed_over:,} files of other types in the folders were left alone"
    if report.cancelled:
        text += ". The import was cancelled; what was stored before stays stored"
    return text + "."


class ImportReportDialog(QDialog):
    """Lists the refused inputs (file or file:line, and the reason), the warnings, the
    documents that came with annotations (and what was added), the duplicates and the imported
    documents, refused first: they are what needs attention.

    Everything is shown as plain text (file names and titles come from strangers).
    Threading: UI thread only.
    """

    def __init__(self, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.report = report
        self.summary = QLabel(report_summary(report))
        self.summary.setObjectName("importSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("importDetails")
        self.tree.setHeaderLabels(["Input", "What happened"])
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 320)
        header.setStretchLastSection(True)
        self._group("Refused", [(error.location, error.message) for error in report.rejected], True)
        self._group("Warnings", list(report.warnings), True)
        self._group(
            "Annotations",
            [
                (location, f"document {doc_id}: {added}")
                for location, doc_id, added in report.annotated
            ],
            True,
        )
        self._group(
            "Already in the project",
            [
                (location, f"same text as document {doc_id}")
                for location, doc_id in report.duplicates
            ],
            False,
        )
        self._group(
            "Imported",
            [
                (location, f"document {doc_id}: {title or '(untitled)'}")
                for location, doc_id, title in report.imported
            ],
            False,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 440)

    def _group(self, title: str, rows: list[tuple[str, str]], expanded: bool) -> None:
        if not rows:
            return
        group = QTreeWidgetItem([f"{title} ({len(rows):,})", ""])
        shown = rows[:MAX_ROWS_PER_GROUP]
        group.addChildren([QTreeWidgetItem([location, what]) for location, what in shown])
        if len(rows) > len(shown):
            more = len(rows) - len(shown)
            group.addChild(QTreeWidgetItem([f"… and {more:,} more", "see newsmark import --json"]))
        self.tree.addTopLevelItem(group)
        group.setExpanded(expanded)

    def group_titles(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def rows(self, group: int) -> list[tuple[str, str]]:
        item = self.tree.topLevelItem(group)
        return [(item.child(i).text(0), item.child(i).text(1)) for i in range(item.childCount())]
