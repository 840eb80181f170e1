"""Every curation action as an undoable step: the QUndoStack and its commands.

An action is written to the project file when it is made (each Store edit is one committed
transaction), then pushed on the stack; undo writes back the state before it, redo the state
after it (see :mod:`newsmark.core.span_curation`). The stack lives as long as the project is
open and spans documents: undoing an edit made on another document goes back to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from newsmark.core.changes import Change
from newsmark.core.errors import NewsmarkError
from newsmark.core.span_curation import ACCEPTED, REJECTED, SpanEdit
from newsmark.core.store import Store
from newsmark.core.wording import short

MAX_DESCRIPTION_TEXT = 40


def quoted(text: str) -> str:
    return f"“{short(text, MAX_DESCRIPTION_TEXT)}”"


class Curator(QObject):
    """Makes the curator's edits on the open project and keeps them undoable.

    Each method edits through the Store, pushes the edit on :attr:`undo_stack` and emits
    ``sig_changed(doc_id, span_ids, description, replayed)``; undo and redo emit it too, with
    ``replayed`` True and the description prefixed. A refused edit (bad offsets, a span in
    use, the file locked by another program) emits ``sig_error`` with the reason, and nothing
    is pushed.

    Threading: UI thread only; it uses the window's Store.
    """

    # doc id, list of span ids, what was done, whether by undo or redo
    sig_changed = Signal(int, object, str, bool)
    sig_error = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._store: Store | None = None
        self.annotator: str | None = None

    def set_store(self, store: Store | None, annotator: str | None) -> None:
        """Curate ``store`` from now on; the undo history of the previous project ends."""
        self.undo_stack.clear()
        self._store = store
        self.annotator = annotator
        if store is not None and annotator:
            self.annotator = store.ensure_annotator(annotator)

    def set_annotator(self, annotator: str) -> None:
        """Record later edits under ``annotator`` (edits already made keep their name)."""
        self.annotator = annotator
        if self._store is not None and annotator:
            self.annotator = self._store.ensure_annotator(annotator)

    # -- edits ------------------------------------------------------------------------------

    def create_span(self, doc_id: int, start: int, end: int, label: str) -> bool:
        def edit(store: Store) -> SpanEdit:
            return store.create_span(doc_id, start, end, label, annotator=self.annotator)

        return self._run(edit, lambda e: f"Annotate {label} {self._text_of(e)}")

    def set_status(self, span_ids: Sequence[int], status: str, what: str = "") -> bool:
        verb = {ACCEPTED: "Accept", REJECTED: "Reject"}[status]

        def edit(store: Store) -> SpanEdit:
            return store.set_span_status(list(span_ids), status, annotator=self.annotator)

        def describe(done: SpanEdit) -> str:
            count = len(done.span_ids())
            if what:
                return f"{verb} {what}"
            return f"{verb} {self._text_of(done)}" if count == 1 else f"{verb} {count} spans"

        return self._run(edit, describe)

    def relabel(self, span_id: int, label: str) -> bool:
        def edit(store: Store) -> SpanEdit:
            return store.relabel_span(span_id, label, annotator=self.annotator)

        return self._run(edit, lambda e: f"Relabel {self._text_of(e)} as {label}")

    def delete(self, span_id: int) -> bool:
        def edit(store: Store) -> SpanEdit:
            return store.delete_span(span_id, annotator=self.annotator)

        return self._run(edit, lambda e: f"Delete {self._text_of(e)}")

    def set_document_status(self, doc_id: int, status: str) -> bool:
        store = self._store
        if store is None:
            return False
        try:
            before = store.set_document_status(doc_id, status)
        except (KeyError, ValueError, NewsmarkError, sqlite3.Error) as exc:
            self.sig_error.emit(f"The document's status was not changed: {exc}")
            return False
        if before == status:
            return True
        label = status.replace("_", " ")
        self.undo_stack.push(_StatusCommand(self, doc_id, before, status, f"Mark {label}"))
        self.sig_changed.emit(doc_id, [], f"Marked document {doc_id} {label}", False)
        return True

    # -- events, claims, actors, relations, schema --------------------------------------------

    @property
    def store(self) -> Store | None:
        """The project being curated, for reading records (edits go through :meth:`change`)."""
        return self._store

    def change(self, edit: Callable[[Store, str | None], Change]) -> Change | None:
        """Make a structured edit, ``edit(store, annotator)``, and keep it undoable.

        Returns the Change (its ``result`` is what the edit made), or None when it was
        refused (``sig_error`` says why) or there is no project.
        """
        store = self._store
        if store is None:
            return None
        try:
            done = edit(store, self.annotator)
        except (NewsmarkError, sqlite3.Error) as exc:
            self.sig_error.emit(f"Not saved: {exc}")
            return None
        if not done.changed:
            self.sig_changed.emit(
                done.doc_id if done.doc_id is not None else -1,
                [],
                "Already so; nothing to change",
                False,
            )
            return done
        self.undo_stack.push(_ChangeCommand(self, done))
        self._announce(done, done.description, replayed=False)
        return done

    def _announce(self, change: Change, description: str, *, replayed: bool) -> None:
        """sig_changed once per document the change touched (once with -1 if none).

        Only the document the edit was made on is flagged as replayed (the window goes back
        to it on undo); a corpus-wide edit, such as linking every mention of an alias, leaves
        the curator where they are.
        """
        doc_ids = change.doc_ids()
        spans = _spans_by_document(change)
        for doc_id in doc_ids or [-1]:
            here = replayed and doc_id == change.doc_id
            self.sig_changed.emit(doc_id, spans.get(doc_id, []), description, here)

    def _replay(self, change: Change, *, undo: bool, description: str) -> None:
        store = self._store
        if store is None:
            return
        try:
            if undo:
                store.undo_change(change)
            else:
                store.redo_change(change)
        except sqlite3.Error as exc:
            self.sig_error.emit(f"{'Undo' if undo else 'Redo'} failed: {exc}")
            return
        self._announce(change, description, replayed=True)

    # -- plumbing ---------------------------------------------------------------------------

    def _run(self, edit: Callable[[Store], SpanEdit], describe: Callable[[SpanEdit], str]) -> bool:
        store = self._store
        if store is None:
            return False
        try:
            done = edit(store)
        except (NewsmarkError, sqlite3.Error) as exc:
            self.sig_error.emit(f"Not saved: {exc}")
            return False
        if not done.changed:
            self.sig_changed.emit(
                done.doc_id, done.span_ids(), "Already so; nothing to change", False
            )
            return True
        description = describe(done)
        self.undo_stack.push(_SpanCommand(self, done, description))
        self.sig_changed.emit(done.doc_id, done.span_ids(), description, False)
        return True

    def _text_of(self, edit: SpanEdit) -> str:
        for _span_id, state in edit.after + edit.before:
            if state is not None:
                return quoted(state.text)
        return "span"

    def _apply(self, edit: SpanEdit, *, undo: bool, description: str) -> None:
        store = self._store
        if store is None:
            return
        states, status = (
            (edit.before, edit.status_before) if undo else (edit.after, edit.status_after)
        )
        try:
            store.apply_states(edit.doc_id, states, status)
        except sqlite3.Error as exc:
            self.sig_error.emit(f"{'Undo' if undo else 'Redo'} failed: {exc}")
            return
        self.sig_changed.emit(edit.doc_id, edit.span_ids(), description, True)

    def _apply_status(self, doc_id: int, status: str, description: str) -> None:
        store = self._store
        if store is None:
            return
        try:
            store.set_document_status(doc_id, status)
        except (KeyError, sqlite3.Error) as exc:
            self.sig_error.emit(f"The document's status was not changed: {exc}")
            return
        self.sig_changed.emit(doc_id, [], description, True)


class _SpanCommand(QUndoCommand):
    """One span edit already written; undo/redo write its before/after states."""

    def __init__(self, curator: Curator, edit: SpanEdit, text: str):
        super().__init__(text)
        self._curator = curator
        self._edit = edit
        self._written = True  # the edit is in the file when the command is pushed

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._curator._apply(self._edit, undo=False, description=f"Redo: {self.text()}")

    def undo(self) -> None:
        self._curator._apply(self._edit, undo=True, description=f"Undo: {self.text()}")


def _spans_by_document(change: Change) -> dict[int, list[int]]:
    found: dict[int, set[int]] = {}
    for scope in change.scopes:
        if scope.table == "spans" and scope.changed:
            doc = scope.columns.index("doc_id")
            for row in scope.before + scope.after:
                found.setdefault(row[doc], set()).add(row[0])
    return {doc_id: sorted(ids) for doc_id, ids in found.items()}


class _ChangeCommand(QUndoCommand):
    """One recorded structured edit already written; undo/redo replay its rows."""

    def __init__(self, curator: Curator, change: Change):
        super().__init__(change.description)
        self._curator = curator
        self._change = change
        self._written = True

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._curator._replay(self._change, undo=False, description=f"Redo: {self.text()}")

    def undo(self) -> None:
        self._curator._replay(self._change, undo=True, description=f"Undo: {self.text()}")


class _StatusCommand(QUndoCommand):
    """A document status change already written."""

    def __init__(self, curator: Curator, doc_id: int, before: str, after: str, text: str):
        super().__init__(text)
        self._curator = curator
        self._doc_id = doc_id
        self._before = before
        self._after = after
        self._written = True

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._curator._apply_status(self._doc_id, self._after, f"Redo: {self.text()}")

    def undo(self) -> None:
        self._curator._apply_status(self._doc_id, self._before, f"Undo: {self.text()}")
