"""Which mention an inspector action means: the selection, the span under the caret, or a click.

Filling an event role or a claim's claimant takes a mention from the article. The curator
either has it ready (selected, or the caret on it) or is asked to click it; both paths end in
the same callback with a stored span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from newsmark.core.store import StoredSpan
from newsmark.gui.curation import Curator
from newsmark.gui.document_view import DocumentView

Snap = Callable[[str, int, int, bool], "tuple[int, int] | None"]


class MentionPicker(QObject):
    """Finds or makes the span an action is about, or waits for the curator to click one.

    ``mention(labels)`` answers at once: the span exactly covering the selection (snapped to
    tokens), else a new span over it labelled ``labels[0]``, else the span under the caret.
    ``pick(prompt, callback)`` waits for the next click on a span in the article; Esc or a new
    pick cancels the wait. ``sig_message`` carries prompts and refusals for the status bar.

    Threading: UI thread only.
    """

    sig_message = Signal(str)
    sig_picking = Signal(bool)

    def __init__(self, window: QWidget, view: DocumentView, curator: Curator, snap: Snap):
        super().__init__(window)
        self._view = view
        self._curator = curator
        self._snap = snap
        self._waiting: Callable[[StoredSpan], object] | None = None
        view.sig_focus_changed.connect(self._on_focus_changed)
        self._cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), view)
        self._cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._cancel.activated.connect(self.cancel)
        self._cancel.setEnabled(False)

    @property
    def picking(self) -> bool:
        return self._waiting is not None

    def selected_offsets(self, *, exact: bool = False) -> tuple[int, int] | None:
        """The selection snapped to tokens (``exact``: as selected), or None."""
        document = self._view.document()
        selection = self._view.selection_offsets()
        if document is None or selection is None:
            return None
        return self._snap(document.text, selection[0], selection[1], exact)

    def mention(self, labels: Sequence[str] = ()) -> StoredSpan | None:
        """The span the curator means now (see the class docstring), or None."""
        offsets = self.selected_offsets()
        if offsets is not None:
            found = self._span_at(offsets)
            if found is not None or not labels:
                return found
            document = self._view.document()
            assert document is not None  # offsets come from a shown document
            if not self._curator.create_span(document.id, offsets[0], offsets[1], labels[0]):
                return None
            return self._span_at(offsets)
        return self._view.focused_span()

    def _span_at(self, offsets: tuple[int, int]) -> StoredSpan | None:
        start, end = offsets
        exact = [s for s in self._view.spans() if s.start == start and s.end == end]
        exact.sort(key=lambda s: s.status == "rejected")
        return exact[0] if exact else None

    def pick(self, prompt: str, callback: Callable[[StoredSpan], object]) -> None:
        """Call ``callback`` with the span the curator clicks next; say ``prompt`` meanwhile."""
        self._waiting = callback
        self._cancel.setEnabled(True)
        self.sig_picking.emit(True)
        self.sig_message.emit(f"{prompt} (Esc cancels)")
        self._view.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel(self) -> None:
        if self._waiting is None:
            return
        self._stop()
        self.sig_message.emit("Cancelled.")

    def _stop(self) -> None:
        self._waiting = None
        self._cancel.setEnabled(False)
        self.sig_picking.emit(False)

    def _on_focus_changed(self, span_id: int) -> None:
        callback = self._waiting
        if callback is None or span_id < 0:
            return
        span = self._view.span(span_id)
        if span is None:
            return
        self._stop()
        callback(span)
