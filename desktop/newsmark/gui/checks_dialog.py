"""Before a document is marked done: what is still incomplete or wrong under the schema."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from newsmark.gui.widgets import plain_tooltip

SEVERITY_TITLES = {"error": "Wrong", "incomplete": "Incomplete", "undecided": "Undecided"}


class ChecksDialog(QDialog):
    """Lists a document's problems; the curator goes to one, or marks the document anyway.

    After ``exec()``: ``Accepted`` means "mark it anyway"; otherwise :attr:`chosen` is the
    problem to go to (or None when the curator cancelled).

    Threading: UI thread only.
    """

    def __init__(self, title: str, problems: Sequence[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Before marking the document done")
        self.chosen: Any = None
        self._problems = list(problems)
        counts: dict[str, int] = {}
        for problem in problems:
            counts[problem.severity] = counts.get(problem.severity, 0) + 1
        summary = ", ".join(
            f"{n} {SEVERITY_TITLES.get(sev, sev).lower()}" for sev, n in counts.items()
        )
        heading = QLabel(f"“{title}” is not complete under the project's schema ({summary}).")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("problems")
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "incomplete": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "undecided": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion),
        }
        for problem in problems:
            item = QListWidgetItem(icons.get(problem.severity, QListWidgetItem().icon()), "")
            item.setText(f"{SEVERITY_TITLES.get(problem.severity, '')}: {problem.message}")
            item.setToolTip(plain_tooltip(problem.message))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.go_there())
        buttons = QDialogButtonBox()
        self.go_button = QPushButton("&Go there")
        self.go_button.setDefault(True)
        self.anyway_button = QPushButton("&Mark done anyway")
        buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.anyway_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.go_button.clicked.connect(self.go_there)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    @property
    def problems(self) -> list[Any]:
        return list(self._problems)

    def go_there(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._problems):
            self.chosen = self._problems[row]
        self.done(QDialog.DialogCode.Rejected)
