"""The right-hand inspector: the shown document's spans, events, claims, relations, and actors.

Each tab is a panel that reads its records from the Store through the Curator and edits them
through :meth:`Curator.change`; the window tells the inspector which document is shown and
when something changed, and the inspector passes it on to the panel on screen. A hidden panel
is only marked out of date and reads its records when it is shown: after every edit of a long
article, reading every kind of record again would be felt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

from newsmark.core.schema import Schema

# (doc id, kinds) -> {kind: number of records}, for the titles of the tabs not on screen
Counter = Callable[[int, Sequence[str]], dict[str, int]]


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
    """The tabs of the right-hand pane; refreshes the one on screen, keeps titles' counts.

    Threading: UI thread only.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setDocumentMode(True)
        self._panels: list[tuple[QWidget, InspectorPanel, str]] = []
        self._stale: set[int] = set()  # ids of the panel widgets to read again when shown
        self._doc_id: int | None = None
        self._counter: Counter | None = None
        self.currentChanged.connect(self._on_current_changed)

    def add_panel(self, panel: QWidget, kind: str) -> None:
        """Add a tab; ``panel`` is a QWidget that is also an :class:`InspectorPanel`, and
        ``kind`` names its records in :data:`Counter`'s answer."""
        inspector_panel: InspectorPanel = panel  # type: ignore[assignment]
        self._panels.append((panel, inspector_panel, kind))
        self.addTab(panel, inspector_panel.title)

    def set_counter(self, counter: Counter | None) -> None:
        """Where the titles of hidden tabs get their counts (the project's Store)."""
        self._counter = counter

    def set_schema(self, schema: Schema) -> None:
        for _widget, panel, _kind in self._panels:
            panel.set_schema(schema)
        self.refresh()

    def show_document(self, doc_id: int | None) -> None:
        self._doc_id = doc_id
        self.refresh()

    def refresh(self) -> None:
        """Read the shown document's records again (after an edit, undo or redo)."""
        current = self.currentWidget()
        for widget, panel, _kind in self._panels:
            if widget is current:
                panel.show_document(self._doc_id)
                self._stale.discard(id(widget))
            else:
                self._stale.add(id(widget))
        self.update_titles()

    def panel_ready(self, panel: QWidget) -> None:
        """Bring a hidden panel up to date now (to read its state without showing it)."""
        for widget, inspector_panel, _kind in self._panels:
            if widget is panel and id(widget) in self._stale:
                inspector_panel.show_document(self._doc_id)
                self._stale.discard(id(widget))

    def update_titles(self) -> None:
        counts: dict[str, int] = {}
        hidden = [kind for widget, _panel, kind in self._panels if id(widget) in self._stale]
        if self._counter is not None and self._doc_id is not None and hidden:
            counts = self._counter(self._doc_id, hidden)
        for widget, panel, kind in self._panels:
            count = panel.count() if id(widget) not in self._stale else counts.get(kind, 0)
            title = f"{panel.title} ({count})" if count else panel.title
            self.setTabText(self.indexOf(widget), title)

    def show_panel(self, panel: QWidget) -> None:
        self.setCurrentWidget(panel)
        self.panel_ready(panel)

    def _on_current_changed(self, _index: int) -> None:
        widget = self.currentWidget()
        if widget is not None and id(widget) in self._stale:
            self.panel_ready(widget)
            self.update_titles()
