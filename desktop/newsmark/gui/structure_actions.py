"""Keys that turn text into structured records: E makes an event, C a claim.

E on a selection (or on the span under the caret) asks for the event type and sub-type in a
menu at the caret and makes an event with that text as its trigger; on the trigger of an
existing event it opens that event. C does the same for claims: the selection becomes the
claim's content, a CUE span under the caret its cue.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from newsmark.core.changes import Change
from newsmark.core.schema import Schema
from newsmark.core.store import Store
from newsmark.gui.annotating import swatch
from newsmark.gui.curation import Curator
from newsmark.gui.document_view import DocumentView
from newsmark.gui.mention_picking import MentionPicker

CUE_LABEL = "CUE"
TRIGGER_LABEL = "TRIGGER"


class StructureActions(QObject):
    """The E and C keys and their menus; says through signals which record to show.

    ``sig_event`` / ``sig_claim`` carry the id of the event or claim made or found, for the
    inspector to open; ``sig_message`` a hint or refusal for the status bar.

    Threading: UI thread only.
    """

    sig_event = Signal(int)
    sig_claim = Signal(int)
    sig_message = Signal(str)

    def __init__(
        self, window: QWidget, view: DocumentView, curator: Curator, picker: MentionPicker
    ):
        super().__init__(window)
        self._window = window
        self._view = view
        self._curator = curator
        self._picker = picker
        self._schema: Schema | None = None
        self.popup: QMenu | None = None  # the open menu, kept for tests

        def action(text: str, slot: Callable[[], object], key: str) -> QAction:
            made = QAction(text, window)
            made.setShortcut(QKeySequence(key))
            made.triggered.connect(slot)
            window.addAction(made)
            return made

        self.event_action = action("New &event from the selection…", self.event_menu, "E")
        self.claim_action = action("New &claim from the selection…", self.claim_menu, "C")
        self.actions = [self.event_action, self.claim_action]

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema

    # -- events ---------------------------------------------------------------------------

    def event_menu(self) -> bool:
        """Open the event whose trigger is under the caret, or offer types for a new one."""
        store, document = self._curator.store, self._view.document()
        if store is None or document is None or self._schema is None:
            return self._say("Open a document first.")
        trigger = self._trigger()
        if trigger is None:
            return self._say("Select the words that name the event (its trigger), then press E.")
        span_id, offsets = trigger
        if span_id is not None:
            for event in store.document_events(document.id, include_rejected=True):
                if event.trigger is not None and event.trigger.span_id == span_id:
                    self.sig_event.emit(event.id)
                    return True
        menu = QMenu(self._window)
        menu.setTitle("Event type")
        for event_type in self._schema.event_types:
            if not event_type.subtypes:
                item = menu.addAction(swatch(event_type.colour), event_type.name)
                item.triggered.connect(
                    lambda _c=False, t=event_type.name: self.make_event(t, None, span_id, offsets)
                )
                continue
            sub_menu = menu.addMenu(swatch(event_type.colour), event_type.name)
            for subtype in event_type.subtypes:
                item = sub_menu.addAction(subtype.name)
                if subtype.description:
                    item.setToolTip(subtype.description)
                item.triggered.connect(
                    lambda _c=False, t=event_type.name, s=subtype.name: self.make_event(
                        t, s, span_id, offsets
                    )
                )
            sub_menu.setToolTipsVisible(True)
        self._popup(menu)
        return True

    def make_event(
        self,
        event_type: str,
        subtype: str | None,
        span_id: int | None,
        offsets: tuple[int, int] | None,
    ) -> int | None:
        """Make the event (undoable) and announce it; returns its id, or None if refused."""
        return self._make(
            lambda store, doc_id, who: store.create_event(
                doc_id,
                event_type,
                subtype,
                trigger_span_id=span_id,
                trigger=offsets if span_id is None else None,
                annotator=who,
            ),
            self.sig_event,
        )

    def _trigger(self) -> tuple[int | None, tuple[int, int] | None] | None:
        """(a TRIGGER span's id, None) or (None, offsets for a new one), or None.

        The selection, else the span under the caret, names the trigger; a span of another
        label there gives its offsets, so the event gets a TRIGGER span of its own.
        """
        offsets = self._picker.selected_offsets()
        span = self._picker.mention() if offsets is not None else self._view.focused_span()
        if span is not None and span.label == TRIGGER_LABEL:
            return span.id, None
        if offsets is None and span is not None:
            offsets = (span.start, span.end)
        return (None, offsets) if offsets is not None else None

    # -- claims ---------------------------------------------------------------------------

    def claim_menu(self) -> bool:
        """Offer claim types for a claim whose content is the selection (or cue the caret's)."""
        store, document = self._curator.store, self._view.document()
        if store is None or document is None or self._schema is None:
            return self._say("Open a document first.")
        offsets = self._picker.selected_offsets()
        focused = self._view.focused_span()
        cue_id = focused.id if focused is not None and focused.label == CUE_LABEL else None
        if offsets is None and focused is None:
            return self._say("Select what is claimed (or put the caret on a cue), then press C.")
        if offsets is None and cue_id is None:
            assert focused is not None
            for claim in store.document_claims(document.id, include_rejected=True):
                if focused.id in _claim_span_ids(claim):
                    self.sig_claim.emit(claim.id)
                    return True
        if cue_id is not None and offsets is None:
            for claim in store.document_claims(document.id, include_rejected=True):
                if claim.cue is not None and claim.cue.span_id == cue_id:
                    self.sig_claim.emit(claim.id)
                    return True
        content_id = None
        if offsets is None and focused is not None and cue_id is None:
            content_id = focused.id
        menu = QMenu(self._window)
        for claim_type in self._schema.claim_types:
            item = menu.addAction(claim_type.name.replace("_", " "))
            if claim_type.description:
                item.setToolTip(claim_type.description)
            item.triggered.connect(
                lambda _c=False, t=claim_type.name: self.make_claim(t, offsets, content_id, cue_id)
            )
        menu.setToolTipsVisible(True)
        self._popup(menu)
        return True

    def make_claim(
        self,
        claim_type: str,
        offsets: tuple[int, int] | None,
        content_id: int | None,
        cue_id: int | None,
    ) -> int | None:
        """Make the claim (undoable) and announce it; returns its id, or None if refused."""
        return self._make(
            lambda store, doc_id, who: store.create_claim(
                doc_id,
                claim_type,
                content=offsets,
                content_span_id=content_id,
                cue_span_id=cue_id,
                annotator=who,
            ),
            self.sig_claim,
        )

    def _make(
        self, create: Callable[[Store, int, str | None], Change], announce: SignalInstance
    ) -> int | None:
        """Run ``create(store, doc_id, annotator)`` on the shown document, then announce the
        new record's id (``change.result``) so the inspector opens it."""
        document = self._view.document()
        if document is None:
            return None
        doc_id = document.id
        change = self._curator.change(lambda store, who: create(store, doc_id, who))
        if change is None or change.result is None:
            return None
        self._view.collapse_selection()
        announce.emit(change.result)
        return int(change.result)

    # -- plumbing -------------------------------------------------------------------------

    def _popup(self, menu: QMenu) -> None:
        edit = self._view.text_edit
        point = edit.cursorRect(edit.textCursor()).bottomLeft() + QPoint(0, 4)
        menu.popup(edit.viewport().mapToGlobal(point))
        self.popup = menu

    def _say(self, message: str) -> bool:
        self.sig_message.emit(message)
        return False


def _claim_span_ids(claim: object) -> set[int]:
    found = set()
    for name in ("content", "cue", "claimant"):
        ref = getattr(claim, name, None)
        if ref is not None:
            found.add(ref.span_id)
    return found
