"""The inspector's Relations tab: the shown document's relations, and forms to add them.

A relation links two annotations (spans, events, claims, registry actors) with a label of the
schema: "“Kata'ib Hizbullah” affiliated_with “Iran”". The panel lists them with their status,
accepts, rejects and deletes the one selected, adds new ones from a head / label / child form,
and marks an event as the same real-world event as one reported in another article. It never
judges a link itself: the core refuses what the schema does not allow, and the Curator tells
the curator why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.changes import Change
from newsmark.core.claim_curation import ClaimRecord
from newsmark.core.errors import NewsmarkError
from newsmark.core.event_curation import EventRecord
from newsmark.core.relation_curation import SAME_EVENT, RelationRecord
from newsmark.core.schema import RelationLabel, Schema
from newsmark.core.span_curation import ACCEPTED, REJECTED
from newsmark.core.store import Store, StoredSpan
from newsmark.core.wording import short
from newsmark.gui.actor_chooser import choose_actor
from newsmark.gui.widgets import (
    RecordList,
    RecordPanel,
    event_line,
    list_heading,
    plain_label,
    plain_tooltip,
    side_by_side,
    small_button,
)

# Spans that stand for an event or a claim, offered as that event or claim instead.
STRUCTURE_LABELS = frozenset({"TRIGGER", "CUE", "CLAIM"})
# Combo items carry ends as "kind:id" text: Qt compares Python tuples by identity.
CHOOSE_ACTOR = "choose:actor"
KIND_ORDER = ("span", "event", "claim", "actor")
# The most events the same-event dialog lists at once (typing narrows them).
SAME_EVENT_LIMIT = 200

End = tuple[str, int]


@dataclass(frozen=True, slots=True)
class EndChoice:
    """Something a relation end can be, as the form's combos list it."""

    kind: str
    id: int
    text: str

    @property
    def end(self) -> End:
        return (self.kind, self.id)


class RelationPanel(RecordPanel):
    """Lists the shown document's relations and adds, decides and removes them.

    ``select(relation_id)`` shows a relation; ``same_event_as(event_id)`` asks which event of
    another article is the same one; ``sig_go_to_span`` asks the window to show a span.

    Threading: UI thread only; reads through ``curator.store``, edits through the Curator.
    """

    title = "Relations"

    def _setup(self) -> None:
        self._schema: Schema | None = None
        self._relations: list[RelationRecord] = []
        self._events: list[EventRecord] = []
        self._claims: list[ClaimRecord] = []
        self._choices: list[EndChoice] = []
        # Ends the curator brought in that the document does not list (registry actors,
        # a suggested span picked from the text), kept while the document is shown.
        self._extra: dict[End, EndChoice] = {}
        self._relation_id: int | None = None
        # What the add form has chosen: the combos show these, filtered by what fits.
        self._head: End | None = None
        self._child: End | None = None
        self._label_name: str | None = None

        self.heading = plain_label()
        self.list = RecordList("relationList")
        # A relation is read whole: its label sits in the middle of the line.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.status_label = plain_label()
        self.accept_button = small_button("Accept", "Accept the selected relation")
        self.reject_button = small_button("Reject", "Reject the selected relation")
        self.delete_button = small_button("Delete", "Delete the selected relation (Ctrl+Z undoes)")
        self.accept_button.clicked.connect(lambda: self._set_status(ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._set_status(REJECTED))
        self.delete_button.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.status_label, 1)
        for button in (self.accept_button, self.reject_button, self.delete_button):
            actions.addWidget(button)

        self.head_combo = _end_combo("relationHead")
        self.child_combo = _end_combo("relationChild")
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("relationLabel")
        self.label_note = plain_label(wrap=True)
        self.label_note.setEnabled(False)
        self.head_pick = small_button(
            "Pick", "Use what is selected or under the caret in the text (or click it next)"
        )
        self.child_pick = small_button(
            "Pick", "Use what is selected or under the caret in the text (or click it next)"
        )
        self.add_button = small_button("Add relation", "Link the head to the child with the label")
        self.add_form = QGroupBox("Add a relation")
        self.add_form.setObjectName("addRelation")
        form = QFormLayout(self.add_form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Head", side_by_side(self.head_combo, self.head_pick))
        form.addRow("Label", self.label_combo)
        form.addRow("", self.label_note)
        form.addRow("Child", side_by_side(self.child_combo, self.child_pick))
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        form.addRow(add_row)

        self.same_combo = QComboBox()
        self.same_combo.setObjectName("sameEventEvent")
        self.same_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.same_combo.setMinimumContentsLength(10)
        self.same_button = small_button("Same event as…", "Find this event in another article")
        self.same_form = QGroupBox("Same event in another article")
        same_layout = QHBoxLayout(self.same_form)
        same_layout.addWidget(self.same_combo, 1)
        same_layout.addWidget(self.same_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        layout.addWidget(self.add_form)
        layout.addWidget(self.same_form)

        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemActivated.connect(self._on_clicked)
        self.head_combo.activated.connect(lambda _i: self._on_end_chosen(self.head_combo))
        self.child_combo.activated.connect(lambda _i: self._on_end_chosen(self.child_combo))
        self.label_combo.activated.connect(lambda _i: self._on_label_chosen())
        self.head_pick.clicked.connect(lambda: self.pick_end(self.head_combo))
        self.child_pick.clicked.connect(lambda: self.pick_end(self.child_combo))
        self.add_button.clicked.connect(self.add_relation)
        self.same_button.clicked.connect(self._on_same_event)
        self._show_selected()
        self._fill_form()

    # -- InspectorPanel ---------------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        self._fill_form()

    def show_document(self, doc_id: int | None) -> None:
        if doc_id != self._doc_id:
            self._relation_id = None
            self._extra = {}
            self._head = self._child = None
        self._doc_id = doc_id
        store = self._curator.store
        if store is None or doc_id is None:
            self._relations, self._events, self._claims, spans = [], [], [], []
        else:
            self._relations = store.document_relations(doc_id)
            self._events = store.document_events(doc_id)
            self._claims = store.document_claims(doc_id)
            # The view holds the shown document's spans already; reading a long article's
            # tens of thousands again after every edit would stall the window.
            document = self._view.document()
            shown = document is not None and document.id == doc_id
            spans = self._view.spans() if shown else store.document_spans(doc_id)
        self._choices = _choices(spans, self._events, self._claims)
        # An end deleted meanwhile (or undone) is no longer chosen.
        available = {choice.end for choice in self._all_choices()}
        if self._head not in available:
            self._head = None
        if self._child not in available:
            self._child = None
        self._fill_list()
        self._show_selected()
        self._fill_form()

    def count(self) -> int:
        return sum(1 for relation in self._relations if relation.status != REJECTED)

    def select(self, relation_id: int) -> None:
        """Show this relation (of the shown document) selected."""
        if self.relation(relation_id) is None:
            self.show_document(self._doc_id)
        if self.relation(relation_id) is None:
            return
        self._relation_id = relation_id
        self._fill_list()
        self._show_selected()

    # -- the list ---------------------------------------------------------------------------

    def relation(self, relation_id: int | None) -> RelationRecord | None:
        return next((r for r in self._relations if r.id == relation_id), None)

    def selected_relation_id(self) -> int | None:
        return self._relation_id

    def rows(self) -> list[str]:
        """The lines of the list, as shown."""
        return self.list.lines()

    def _fill_list(self) -> None:
        lines = [(r, relation_line(r)) for r in self._relations]
        rows = [(r.id, line, r.status, f"{line}\n{r.status}") for r, line in lines]
        statuses = [r.status for r in self._relations]
        self.heading.setText(list_heading(self._doc_id, statuses, "relations"))
        self.list.show_records(rows, self._relation_id)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self._relation_id = current.data(Qt.ItemDataRole.UserRole) if current else None
        self._show_selected()

    def _show_selected(self) -> None:
        relation = self.relation(self._relation_id)
        self.status_label.setText(relation.status if relation else "")
        self.accept_button.setEnabled(relation is not None and relation.status != ACCEPTED)
        self.reject_button.setEnabled(relation is not None and relation.status != REJECTED)
        self.delete_button.setEnabled(relation is not None)

    def _on_clicked(self, item: QListWidgetItem) -> None:
        relation = self.relation(item.data(Qt.ItemDataRole.UserRole))
        store = self._curator.store
        if relation is None or store is None:
            return
        head = (relation.head_kind, relation.head_id)
        child = (relation.child_kind, relation.child_id)
        ends = store.relation_ends([head, child])
        for end in (head, child):
            found = ends.get(end)
            if found is not None and found.span_id is not None and found.doc_id == self._doc_id:
                self.go_to(found.span_id)
                return

    # -- deciding and deleting --------------------------------------------------------------

    def _set_status(self, status: str) -> None:
        relation_id = self._relation_id
        if relation_id is not None:
            self._change(
                lambda store, who: store.set_relation_status(relation_id, status, annotator=who)
            )

    def delete_selected(self) -> None:
        relation_id = self._relation_id
        if relation_id is not None:
            self._change(lambda store, _who: store.delete_relation(relation_id))

    # -- the form ---------------------------------------------------------------------------

    def _all_choices(self) -> list[EndChoice]:
        known = {choice.end for choice in self._choices}
        return self._choices + [c for end, c in self._extra.items() if end not in known]

    def _fill_form(self) -> None:
        """List the labels that fit the head and the children that fit the label.

        The chosen head, label and child are kept while they still fit; a label that no
        longer fits gives way to one that takes the chosen child, if any does.
        """
        labels = self._schema.relation_labels if self._schema is not None else ()
        head, child = self._head, self._child
        fitting = [r for r in labels if head is None or head[0] in _head_kinds(r)]
        if self._label_name not in {r.name for r in fitting}:
            head_kind = head[0] if head else None
            takes_child = [
                r for r in fitting if child is not None and child[0] in _child_kinds(r, head_kind)
            ]
            self._label_name = (takes_child or fitting)[0].name if fitting else None
        label = self._label(self._label_name)
        kinds = _child_kinds(label, head[0] if head else None) if label else set(KIND_ORDER)
        if child is not None and child[0] not in kinds:
            self._child = child = None

        choices = self._all_choices()
        _fill_ends(self.head_combo, choices, head)
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        for relation in fitting:
            self.label_combo.addItem(relation.name, relation.name)
            index = self.label_combo.count() - 1
            self.label_combo.setItemData(index, relation.description, Qt.ItemDataRole.ToolTipRole)
        self.label_combo.setCurrentIndex(self.label_combo.findData(self._label_name))
        self.label_combo.blockSignals(False)
        self.label_note.setText(label.description if label else "")
        self.label_note.setVisible(bool(label and label.description))
        _fill_ends(self.child_combo, [c for c in choices if c.kind in kinds], child, kinds)

        ready = self._doc_id is not None and bool(labels)
        for widget in (self.head_combo, self.child_combo, self.head_pick, self.child_pick):
            widget.setEnabled(ready)
        self.label_combo.setEnabled(ready)
        self.add_button.setEnabled(ready and None not in (head, child, label))
        self._fill_same_event()

    def _label(self, name: object) -> RelationLabel | None:
        schema = self._schema
        if schema is None:
            return None
        return next((r for r in schema.relation_labels if r.name == name), None)

    def _on_label_chosen(self) -> None:
        self._label_name = self.label_combo.currentData()
        self._fill_form()

    def _on_end_chosen(self, combo: QComboBox) -> None:
        key = combo.currentData()
        if key == CHOOSE_ACTOR:
            actor_id = choose_actor(self, self._curator)
            store = self._curator.store
            if actor_id is not None and store is not None:
                self.use_end(combo, ("actor", actor_id), f"Actor: {store.actor(actor_id).name}")
            else:
                self._fill_form()  # back to what was chosen before
            return
        self.use_end(combo, _end_of(key))

    def use_end(self, combo: QComboBox, end: End | None, text: str | None = None) -> None:
        """Make ``end`` the head (``combo`` is the head combo) or the child of the form,
        listing it when the document does not (a registry actor, a suggested span)."""
        if end is not None and end not in {c.end for c in self._all_choices()}:
            self._extra[end] = EndChoice(end[0], end[1], text or f"{end[0]} {end[1]}")
        if combo is self.head_combo:
            self._head = end
        else:
            self._child = end
            label = self._label(self._label_name)
            head_kind = self._head[0] if self._head else None
            if end is not None and (label is None or end[0] not in _child_kinds(label, head_kind)):
                self._label_name = None  # let the form find a label that takes this child
        self._fill_form()

    def pick_end(self, combo: QComboBox) -> None:
        """Use the span the curator means (or clicks next) as the head or child.

        A trigger stands for its event and a claim's cue or content for its claim.
        """
        span = self._picker.mention()
        if span is not None:
            self._use_span(combo, span)
        elif self._picker.selected_offsets() is None:
            side = "head" if combo is self.head_combo else "child"
            self._picker.pick(
                f"Click the relation's {side} in the text", lambda s: self._use_span(combo, s)
            )

    def _use_span(self, combo: QComboBox, span: StoredSpan) -> None:
        for event in self._events:
            if event.trigger is not None and event.trigger.span_id == span.id:
                self.use_end(combo, ("event", event.id))
                return
        for claim in self._claims:
            if span.id in {ref.span_id for ref in (claim.cue, claim.content) if ref is not None}:
                self.use_end(combo, ("claim", claim.id))
                return
        self.use_end(combo, ("span", span.id), _span_text(span))

    def add_relation(self) -> Change | None:
        """Add the relation the form describes (the core says if it may not be)."""
        head, child, label = self._head, self._child, self._label_name
        if head is None or child is None or label is None:
            return None
        change = self._change(
            lambda store, who: store.add_relation(label, head, child, annotator=who)
        )
        if change is not None and change.result is not None:
            self._child = None  # the head often takes several children in a row
            self.select(int(change.result))
            self._fill_form()
        return change

    # -- the same event in another article ----------------------------------------------------

    def _fill_same_event(self) -> None:
        current = self.same_combo.currentData()
        self.same_combo.clear()
        for event in self._events:
            self.same_combo.addItem(event_line(event), event.id)
        index = self.same_combo.findData(current)
        self.same_combo.setCurrentIndex(max(index, 0) if self._events else -1)
        has_label = self._label(SAME_EVENT) is not None
        self.same_combo.setEnabled(bool(self._events))
        self.same_button.setEnabled(bool(self._events) and has_label)
        self.same_form.setToolTip(
            "" if has_label else f"The project's schema has no “{SAME_EVENT}” relation label."
        )

    def _on_same_event(self) -> None:
        event_id = self.same_combo.currentData()
        if event_id is not None:
            self.same_event_as(event_id)

    def same_event_as(self, event_id: int) -> Change | None:
        """Ask which event of another article is the same as ``event_id``; mark them so."""
        store = self._curator.store
        if store is None:
            return None
        try:
            event = store.event(event_id)
        except NewsmarkError:
            return None
        dialog = SameEventDialog(store, event, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
                return None
            other = dialog.chosen
        finally:
            dialog.deleteLater()
        change = self._change(
            lambda store, who: store.mark_same_event(event_id, other, annotator=who)
        )
        if change is not None and change.result is not None:
            self.select(int(change.result))
        return change


class SameEventDialog(QDialog):
    """Lists the events of the other articles, filtered by words; the curator picks one.

    After ``exec()``, :attr:`chosen` is the event id picked (or None). The list is read with
    ``Store.events_elsewhere`` when the dialog opens and again as the filter is typed: at most
    :data:`SAME_EVENT_LIMIT` events, and a line saying so when there are more.

    Threading: UI thread only; reads the window's Store.
    """

    def __init__(self, store: Store, event: EventRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Same event as…")
        self.chosen: int | None = None
        self._store = store
        self._doc_id = event.doc_id
        question = plain_label(
            f"Which event in another article is the same as {event_line(event)}?", wrap=True
        )
        self.filter = QLineEdit()
        self.filter.setObjectName("sameEventFilter")
        self.filter.setPlaceholderText("Filter by words of the event, title or date")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("sameEventList")
        self.list.setAlternatingRowColors(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Same event")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.filter.textChanged.connect(self._refilter)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(lambda *_: self._update_button())
        self._refilter()
        self.filter.setFocus()

    def _refilter(self) -> None:
        text = self.filter.text()
        # One more than is shown: to know whether there are more.
        found = self._store.events_elsewhere(self._doc_id, text=text, limit=SAME_EVENT_LIMIT + 1)
        self.list.clear()
        for other, title, published in found[:SAME_EVENT_LIMIT]:
            where = " · ".join(
                part
                for part in (title or "(untitled)", published, f"document {other.doc_id}")
                if part
            )
            line = f"{event_line(other)}\n{where}"
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setToolTip(plain_tooltip(line))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        note = None
        if len(found) > SAME_EVENT_LIMIT:
            note = f"Only the first {SAME_EVENT_LIMIT} are listed: type words to narrow them."
        elif not found and not text.split():
            note = "No other article has events yet."
        if note is not None:
            self.list.addItem(QListWidgetItem(note))
            self.list.item(self.list.count() - 1).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_button()

    def _update_button(self) -> None:
        item = self.list.currentItem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        )

    def rows(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
        super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.list.count()
        ):
            self.list.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False


# ---------------------------------------------------------------------------------------------
# Texts and helpers
# ---------------------------------------------------------------------------------------------


def relation_line(relation: RelationRecord) -> str:
    """A relation as the list shows it: “Kata'ib Hizbullah” affiliated_with “Iran”."""
    line = f"{relation.head_text} {relation.label} {relation.child_text}"
    return line if relation.status == ACCEPTED else f"{line}  · {relation.status}"


MAX_LISTED_SPANS = 500


def _span_text(span: StoredSpan) -> str:
    return f"“{short(span.text, 50)}” {span.label}"


def _choices(
    spans: Sequence[StoredSpan], events: Sequence[EventRecord], claims: Sequence[ClaimRecord]
) -> list[EndChoice]:
    listed = [s for s in spans if s.status == ACCEPTED and s.label not in STRUCTURE_LABELS]
    # A combo of thousands of mentions helps nobody and takes long to fill: past the limit,
    # mentions are taken from the text with Pick.
    found = [EndChoice("span", s.id, _span_text(s)) for s in listed[:MAX_LISTED_SPANS]]
    found += [EndChoice("event", e.id, f"Event: {event_line(e)}") for e in events]
    found += [EndChoice("claim", c.id, f"Claim: {c.display_text}") for c in claims]
    actors: dict[int, str] = {}
    for span in spans:
        if span.actor_id is not None and span.status != REJECTED:
            actors.setdefault(span.actor_id, span.actor_name or f"actor {span.actor_id}")
    found += [EndChoice("actor", a, f"Actor: {name}") for a, name in sorted(actors.items())]
    return found


def _head_kinds(relation: RelationLabel) -> set[str]:
    kinds = set(relation.head)
    return kinds | set(relation.child) if relation.symmetric else kinds


def _child_kinds(relation: RelationLabel, head_kind: str | None) -> set[str]:
    if head_kind is None:
        return set(relation.child) | (set(relation.head) if relation.symmetric else set())
    kinds = set(relation.child) if head_kind in relation.head else set()
    # A symmetric label read the other way round.
    if relation.symmetric and head_kind in relation.child:
        kinds |= set(relation.head)
    return kinds


def _fill_ends(
    combo: QComboBox,
    choices: Sequence[EndChoice],
    keep: End | None,
    kinds: set[str] | None = None,
) -> None:
    """List ``choices`` grouped by kind, then the registry entry; choose ``keep`` again."""
    combo.blockSignals(True)
    combo.clear()
    previous = None
    for kind in KIND_ORDER:
        for choice in choices:
            if choice.kind != kind:
                continue
            if previous is not None and previous != kind:
                combo.insertSeparator(combo.count())
            previous = kind
            combo.addItem(choice.text, _key(choice.end))
            combo.setItemData(
                combo.count() - 1, plain_tooltip(choice.text), Qt.ItemDataRole.ToolTipRole
            )
    if kinds is None or "actor" in kinds:
        if combo.count():
            combo.insertSeparator(combo.count())
        combo.addItem("Registry actor…", CHOOSE_ACTOR)
    combo.setCurrentIndex(combo.findData(_key(keep)) if keep is not None else -1)
    combo.blockSignals(False)


def _key(end: End) -> str:
    return f"{end[0]}:{end[1]}"


def _end_of(key: object) -> End | None:
    if not isinstance(key, str) or key == CHOOSE_ACTOR:
        return None
    kind, _colon, end_id = key.partition(":")
    return (kind, int(end_id))


def _end_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    combo.setPlaceholderText("choose…")
    combo.setMaxVisibleItems(20)
    return combo
