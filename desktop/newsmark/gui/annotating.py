"""The keyboard and toolbar actions that annotate the shown document.

Like Prodigy, the schema's labels carry the hotkeys 1-9: select words and press one to
annotate them (snapped to whole tokens, spaces trimmed; with Ctrl, exactly the selected
characters). With nothing selected, the key relabels the span under the caret. Suggestions are
worked through with N / P (next, previous), A (accept), X (reject), Shift+A (accept every
suggestion of that label in the document); L changes a label from a menu, Delete removes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from newsmark.core.schema import Schema
from newsmark.gui.curation import Curator
from newsmark.gui.document_view import DocumentView
from newsmark.gui.widgets import plain_tooltip

SUGGESTED = "suggested"
ACCEPTED = "accepted"
REJECTED = "rejected"


def swatch(colour: str, size: int = 14) -> QIcon:
    """A small square of ``colour`` for menus and buttons."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class AnnotationActions(QObject):
    """Owns the annotating actions and the label palette, and turns each into a Curator edit.

    The actions are added to ``window`` so their keys work whichever pane has the focus (a
    search field typing a letter keeps it: Qt gives text fields priority over one-key
    shortcuts). ``sig_message`` carries a line for the status bar when an action has nothing
    to act on.

    Threading: UI thread only.
    """

    sig_message = Signal(str)

    def __init__(
        self,
        window: QWidget,
        view: DocumentView,
        curator: Curator,
        snap: Callable[[str, int, int, bool], tuple[int, int] | None],
    ):
        super().__init__(window)
        self._window = window
        self._view = view
        self._curator = curator
        self._snap = snap
        self._schema: Schema | None = None
        self.label_actions: list[QAction] = []
        self.exact_actions: list[QAction] = []
        self.palette = QToolBar("Labels")
        self.palette.setObjectName("labelPalette")
        self.palette.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        def action(text: str, slot: Callable[[], object], *keys: str) -> QAction:
            made = QAction(text, window)
            made.setShortcuts([QKeySequence(key) for key in keys])
            made.triggered.connect(slot)
            window.addAction(made)
            return made

        self.accept = action("&Accept suggestion", self.accept_focused, "A")
        self.reject = action("&Reject suggestion", self.reject_focused, "X")
        self.accept_label = action(
            "Accept all suggestions of this &label", self.accept_all_of_label, "Shift+A"
        )
        self.next = action("&Next suggestion", lambda: self.go_to_suggestion(1), "N")
        self.previous = action("&Previous suggestion", lambda: self.go_to_suggestion(-1), "P")
        self.relabel = action("C&hange label…", self.relabel_menu, "L")
        self.delete = action("&Delete annotation", self.delete_focused, "Delete", "Backspace")
        self.edit_actions = [
            self.accept,
            self.reject,
            self.accept_label,
            self.next,
            self.previous,
            self.relabel,
            self.delete,
        ]

    # -- the schema's labels ----------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        """Make a palette button and hotkeys 1-9 (Ctrl: exact characters) for the labels."""
        self._schema = schema
        for made in self.label_actions + self.exact_actions:
            self._window.removeAction(made)
            made.deleteLater()
        self.label_actions, self.exact_actions = [], []
        self.palette.clear()
        for label in schema.entity_labels:
            if not label.hotkey:
                continue
            name = label.name
            made = QAction(swatch(label.colour), f"{label.hotkey} {name}", self._window)
            made.setShortcut(QKeySequence(label.hotkey))
            about = f"{name}: {label.description}\n" if label.description else f"{name}\n"
            # Label names and descriptions come from schemas and imports: shown verbatim.
            made.setToolTip(
                plain_tooltip(
                    about + f"Select words and press {label.hotkey} (Ctrl+{label.hotkey}: exact "
                    "characters); with no selection, relabels the span under the caret"
                )
            )
            made.setData(name)
            made.triggered.connect(lambda _c=False, n=name: self.label_selection(n, exact=False))
            self._window.addAction(made)
            self.palette.addAction(made)
            self.label_actions.append(made)
            exact = QAction(f"Label {name}, exact characters", self._window)
            exact.setShortcut(QKeySequence(f"Ctrl+{label.hotkey}"))
            exact.triggered.connect(lambda _c=False, n=name: self.label_selection(n, exact=True))
            self._window.addAction(exact)
            self.exact_actions.append(exact)

    def labels(self) -> list[str]:
        return [label.name for label in self._schema.entity_labels] if self._schema else []

    # -- what the keys do ---------------------------------------------------------------------

    def label_selection(self, label: str, *, exact: bool = False) -> bool:
        view = self._view
        document = view.document()
        if document is None:
            return self._say("Open a document to annotate it.")
        selection = view.selection_offsets()
        if selection is None:
            span = view.focused_span()
            if span is None:
                return self._say(
                    f"Select the words to label {label} first (or put the caret on a span "
                    "to relabel it)."
                )
            return self._done(self._curator.relabel(span.id, label))
        snapped = self._snap(document.text, selection[0], selection[1], exact)
        if snapped is None:
            return self._say("The selection holds only spaces: nothing to annotate.")
        made = self._curator.create_span(document.id, snapped[0], snapped[1], label)
        if made:
            for span in view.spans():
                if (span.start, span.end, span.label) == (*snapped, label):
                    view.focus_span(span.id)
                    return True
        return self._done(made)

    def accept_focused(self) -> bool:
        span = self._view.focused_span(status=SUGGESTED)
        if span is None:
            return self._say("No suggestion under the caret (N goes to the next one).")
        return self._done(self._curator.set_status([span.id], ACCEPTED))

    def reject_focused(self) -> bool:
        span = self._view.focused_span(status=SUGGESTED) or self._view.focused_span()
        if span is None:
            return self._say("No annotation under the caret (N goes to the next suggestion).")
        return self._done(self._curator.set_status([span.id], REJECTED))

    def accept_all_of_label(self) -> bool:
        span = self._view.focused_span()
        if span is None:
            return self._say(
                "Put the caret on a span: every suggestion with its label will be accepted."
            )
        ids = [
            other.id
            for other in self._view.spans()
            if other.label == span.label and other.status == SUGGESTED
        ]
        if not ids:
            return self._say(f"No {span.label} suggestions left in this document.")
        noun = "suggestion" if len(ids) == 1 else "suggestions"
        accepted = self._curator.set_status(ids, ACCEPTED, what=f"{len(ids)} {span.label} {noun}")
        return self._done(accepted)

    def go_to_suggestion(self, step: int) -> bool:
        if self._view.document() is None:
            return self._say("Open a document first.")
        if self._view.next_suggestion(step) is None:
            return self._say("No suggestions left in this document.")
        return True

    def delete_focused(self) -> bool:
        span = self._view.focused_span()
        if span is None:
            return self._say("No annotation under the caret.")
        return self._curator.delete(span.id)

    def relabel_menu(self) -> bool:
        span = self._view.focused_span()
        if span is None:
            return self._say("Put the caret on a span to change its label.")
        menu = QMenu(self._window)
        schema = self._schema
        for name in self.labels():
            entry = schema.label(name) if schema is not None else None
            colour = entry.colour if entry is not None else "#888888"
            # Text after a tab is shown right-aligned, where menus show keys.
            hint = f"\t{entry.hotkey}" if entry is not None and entry.hotkey else ""
            item = menu.addAction(swatch(colour), name + hint)
            item.setData(name)
            item.setCheckable(True)
            item.setChecked(name == span.label)
            item.triggered.connect(lambda _c=False, n=name, i=span.id: self._curator.relabel(i, n))
        edit = self._view.text_edit
        cursor = edit.textCursor()
        point = edit.cursorRect(cursor).bottomLeft() + QPoint(0, 4)
        menu.popup(edit.viewport().mapToGlobal(point))
        self.relabel_popup = menu  # kept for tests and so the menu is not collected
        return True

    def _done(self, saved: bool) -> bool:
        # The selection would hide the new look of the span (its fill, or its absence).
        if saved:
            self._view.collapse_selection()
        return saved

    def _say(self, message: str) -> bool:
        self.sig_message.emit(message)
        return False
