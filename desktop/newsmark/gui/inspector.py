"""The right-hand inspector: the shown document's spans, events, claims, relations, and actors.

Each tab is a panel that reads its records from the Store through the Curator and edits them
through :meth:`Curator.change`; the window tells the inspector which document is shown and
when something changed, and the inspector passes it on to every panel.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

from newsmark.core.schema import Schema


class InspectorPanel(Protocol):
    """What a tab of the inspector does (besides being a QWidget)."""

    title: str

    def set_schema(self, schema: Schema) -> None:
        """Use this schema's names, colours and constraints from now on."""

    def show_document(self, doc_id: int | None) -> None:
        """Read and show the records of this document (None: no document shown)."""

    def count(self) -> int:
        """How many records the tab shows, for its title."""


class Inspector(QTabWidget):
    """The tabs of the right-hand pane; keeps their titles' counts in step.

    Threading: UI thread only.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setDocumentMode(True)
        self._panels: list[tuple[QWidget, InspectorPanel]] = []
        self._doc_id: int | None = None

    def add_panel(self, panel: QWidget) -> None:
        """Add a tab; ``panel`` is a QWidget that is also an :class:`InspectorPanel`."""
        inspector_panel: InspectorPanel = panel  # type: ignore[assignment]
        self._panels.append((panel, inspector_panel))
        self.addTab(panel, inspector_panel.title)

    def set_schema(self, schema: Schema) -> None:
        for _widget, panel in self._panels:
            panel.set_schema(schema)
        self.refresh()

    def show_document(self, doc_id: int | None) -> None:
        self._doc_id = doc_id
        self.refresh()

    def refresh(self) -> None:
        """Read the shown document's records again (after an edit, undo or redo)."""
        for _widget, panel in self._panels:
            panel.show_document(self._doc_id)
        self.update_titles()

    def update_titles(self) -> None:
        for widget, panel in self._panels:
            count = panel.count()
            title = f"{panel.title} ({count})" if count else panel.title
            self.setTabText(self.indexOf(widget), title)

    def show_panel(self, panel: QWidget) -> None:
        self.setCurrentWidget(panel)
