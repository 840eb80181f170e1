"""The inspector's Claims tab: the shown document's claims, and an editor for the one selected.

A claim is who said what (its claimant, its content, the cue words that report it), of which
type and stance, about which events and actors, reported inside which other claim, and the
curator's assessment of it (worth checking, verdict, evidence). Every control edits through
:meth:`Curator.change` (one undoable step each); the window then shows the panel again, and
the panel keeps the selected claim and any evidence being typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.claim_curation import VERDICTS, ClaimRecord
from newsmark.core.event_curation import EventRecord
from newsmark.core.records import SpanRef
from newsmark.core.schema import Schema
from newsmark.core.span_curation import ACCEPTED, REJECTED, SUGGESTED, CurationError
from newsmark.core.store import StoredSpan
from newsmark.core.wording import short
from newsmark.gui.actor_chooser import choose_actor, spoken
from newsmark.gui.document_view import ElidedLabel
from newsmark.gui.widgets import (
    FlowLayout,
    RecordList,
    RecordPanel,
    event_line,
    list_heading,
    plain_label,
    plain_tooltip,
    removable_chip,
    side_by_side,
    small_button,
)

CLAIMANT_LABELS = ("PERSON", "ORG", "GPE", "NORP")
SPAN_ROLES = {
    # role: (labels a new span over the selection gets, what to ask for when nothing is ready)
    "content": (("CLAIM",), "Click what is claimed in the text"),
    "cue": (("CUE",), "Click the reporting words (the cue) in the text"),
    "claimant": (CLAIMANT_LABELS, "Click the claimant in the text"),
}
VERDICT_NAMES = {verdict: spoken(verdict) for verdict in VERDICTS}
EVIDENCE_PAUSE_MS = 1500
MAX_EVENT_ROWS = 5
NONE = "—"
CHECK_WORTHY = ((None, "unknown"), (True, "yes"), (False, "no"))


class ClaimPanel(RecordPanel):
    """Lists the shown document's claims and edits the selected one.

    Suggested claims are listed in italics, marked "suggested"; rejected ones only with
    "Show rejected". ``select(claim_id)`` shows a claim (the C key, the before-done checks);
    ``sig_go_to_span`` asks the window to show a span the curator clicked here.

    Threading: UI thread only; reads through ``curator.store``, edits through the Curator.
    """

    title = "Claims"

    def _setup(self) -> None:
        self._schema: Schema | None = None
        self._claims: list[ClaimRecord] = []
        self._events: list[EventRecord] = []
        self._claim_id: int | None = None
        self._about_rows: list[tuple[int, str]] | None = None
        self._chip_rows: list[tuple[int, str]] | None = None
        self._filling = False
        # The evidence being typed, saved after a pause or when the box loses the focus.
        self._evidence_claim: int | None = None
        self._evidence_dirty = False

        self.heading = ElidedLabel(elide=Qt.TextElideMode.ElideRight)
        self.show_rejected = QCheckBox("Show rejected")
        self.list = RecordList("claimList")
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.show_rejected)
        top_layout.addLayout(heading_row)
        top_layout.addWidget(self.list, 1)

        self.placeholder = plain_label(
            "Select a claim to edit it.\n\nTo make one, select what is claimed in the text "
            "(or put the caret on a cue) and press C.",
            wrap=True,
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholder.setEnabled(False)
        self.editor = QWidget()
        self.editor.setObjectName("claimEditor")
        self._build_editor()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.editor)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.scroll)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        # The list's own size hint would take half the pane; the editor needs most of it.
        self.splitter.setSizes([160, 640])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.addWidget(self.splitter)

        self.list.currentItemChanged.connect(self._on_current_changed)
        # A click (not a move with the arrow keys, which keeps the focus here) shows the text.
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemActivated.connect(self._on_clicked)
        self.show_rejected.toggled.connect(lambda _on: self._fill_list())
        self._evidence_timer = QTimer(self)
        self._evidence_timer.setSingleShot(True)
        self._evidence_timer.setInterval(EVIDENCE_PAUSE_MS)
        self._evidence_timer.timeout.connect(self.save_evidence)
        self._show_editor()

    # -- the editor's widgets ---------------------------------------------------------------

    def _build_editor(self) -> None:
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 4, 4, 4)
        # Room left over goes below the fields, not into the rows that wrap.
        outer = QVBoxLayout(self.editor)
        outer.setContentsMargins(0, 0, 0, 0)
        # Said only when the claim is not accepted: the buttons show the rest.
        self.status_label = plain_label(wrap=True)
        self.status_label.setObjectName("claimStatus")
        self.status_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.status_label.setMargin(4)
        outer.addWidget(self.status_label)
        outer.addWidget(fields)
        outer.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self.type_combo = QComboBox()
        self.type_combo.setObjectName("claimType")
        self.type_combo.activated.connect(self._on_type)
        form.addRow("Type", self.type_combo)
        self.stance_combo = QComboBox()
        self.stance_combo.setObjectName("claimStance")
        self.stance_combo.activated.connect(self._on_stance)
        form.addRow("Stance", self.stance_combo)

        self.accept_button = small_button("Accept", "Accept this claim (and its spans)")
        self.reject_button = small_button("Reject", "Reject this claim")
        self.delete_button = small_button("Delete", "Delete this claim (Ctrl+Z brings it back)")
        self.accept_button.clicked.connect(lambda: self._set_status(ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._set_status(REJECTED))
        self.delete_button.clicked.connect(self._delete)
        form.addRow(
            "Status",
            side_by_side(self.accept_button, self.reject_button, self.delete_button, stretch=True),
        )

        self.span_fields: dict[str, _SpanField] = {}
        for role, title in (("content", "Content"), ("cue", "Cue"), ("claimant", "Claimant")):
            span_field = _SpanField(role)
            span_field.link.clicked.connect(self.go_to)
            span_field.set_button.clicked.connect(lambda _c=False, r=role: self.set_span(r))
            span_field.clear_button.clicked.connect(lambda _c=False, r=role: self._clear_span(r))
            self.span_fields[role] = span_field
            form.addRow(title, span_field)

        self.actor_label = ElidedLabel(elide=Qt.TextElideMode.ElideRight)
        self.actor_label.setObjectName("claimantActor")
        self.actor_choose = small_button("Choose…", "Choose the claimant in the actor registry")
        self.actor_clear = small_button("✕", "No claimant actor")
        self.actor_choose.clicked.connect(self.choose_claimant_actor)
        self.actor_clear.clicked.connect(lambda: self._update(claimant_actor_id=None))
        form.addRow("Actor", side_by_side(self.actor_label, self.actor_choose, self.actor_clear))

        self.events_list = QListWidget()
        self.events_list.setObjectName("aboutEvents")
        self.events_list.setUniformItemSizes(True)
        self.events_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.events_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.events_list.itemChanged.connect(self._on_event_checked)
        self.events_list.itemActivated.connect(self._on_event_activated)
        self.no_events = plain_label(
            "No events in this document yet (select a trigger, press E).", wrap=True
        )
        self.no_events.setEnabled(False)
        self.chips = QWidget()
        self.chips.setObjectName("aboutActors")
        self.chip_layout = FlowLayout(self.chips)
        self.add_actor_button = small_button("Add actor…", "Add an actor the claim is about")
        self.add_actor_button.clicked.connect(self.add_about_actor)
        self.chip_layout.addWidget(self.add_actor_button)
        about = QWidget()
        about_layout = QVBoxLayout(about)
        about_layout.setContentsMargins(0, 0, 0, 0)
        about_layout.setSpacing(4)
        about_layout.addWidget(self.events_list)
        about_layout.addWidget(self.no_events)
        about_layout.addWidget(self.chips)
        form.addRow("About", about)

        self.parent_combo = QComboBox()
        self.parent_combo.setObjectName("parentClaim")
        self.parent_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.parent_combo.setMinimumContentsLength(12)
        self.parent_combo.setToolTip("The claim this one is reported inside, if any")
        self.parent_combo.activated.connect(self._on_parent)
        form.addRow("Reported in", self.parent_combo)

        self.check_group = QButtonGroup(self)
        check_row = QWidget()
        check_layout = QHBoxLayout(check_row)
        check_layout.setContentsMargins(0, 0, 0, 0)
        self.check_buttons: list[QRadioButton] = []
        for index, (_value, text) in enumerate(CHECK_WORTHY):
            button = QRadioButton(text)
            self.check_group.addButton(button, index)
            self.check_buttons.append(button)
            check_layout.addWidget(button)
        check_layout.addStretch(1)
        self.check_group.idClicked.connect(self._on_check_worthy)
        form.addRow("Check-worthy", check_row)

        self.verdict_combo = QComboBox()
        self.verdict_combo.setObjectName("verdict")
        self.verdict_combo.addItem(NONE, None)
        for verdict, name in VERDICT_NAMES.items():
            self.verdict_combo.addItem(name, verdict)
        self.verdict_combo.activated.connect(self._on_verdict)
        form.addRow("Verdict", self.verdict_combo)

        self.evidence = QPlainTextEdit()
        self.evidence.setObjectName("evidence")
        self.evidence.setPlaceholderText("Sources, links, notes (saved when you pause or leave)")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setFixedHeight(self.evidence.fontMetrics().lineSpacing() * 4 + 12)
        self.evidence.textChanged.connect(self._on_evidence_typed)
        self.evidence.installEventFilter(self)
        form.addRow("Evidence", self.evidence)

    # -- InspectorPanel ---------------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        self.type_combo.clear()
        for item in schema.claim_types:
            self.type_combo.addItem(spoken(item.name), item.name)
            self.type_combo.setItemData(
                self.type_combo.count() - 1, item.description, Qt.ItemDataRole.ToolTipRole
            )
        self.stance_combo.clear()
        self.stance_combo.addItem(NONE, None)
        for item in schema.claim_stances:
            self.stance_combo.addItem(spoken(item.name), item.name)
            self.stance_combo.setItemData(
                self.stance_combo.count() - 1, item.description, Qt.ItemDataRole.ToolTipRole
            )
        self._show_editor()

    def show_document(self, doc_id: int | None) -> None:
        if doc_id != self._doc_id:
            self.save_evidence()
            self._claim_id = None
        self._doc_id = doc_id
        store = self._curator.store
        if store is None or doc_id is None:
            self._claims, self._events = [], []
        else:
            self._claims = store.document_claims(doc_id, include_rejected=True)
            self._events = store.document_events(doc_id)
        self._fill_list()
        self._show_editor()

    def count(self) -> int:
        return sum(1 for claim in self._claims if claim.status != REJECTED)

    def select(self, claim_id: int) -> None:
        """Show this claim (of the shown document) in the editor."""
        if self.claim(claim_id) is None:
            self.show_document(self._doc_id)  # made since the panel last read its claims
        record = self.claim(claim_id)
        if record is None:
            return
        self.save_evidence()
        self._claim_id = claim_id
        if record.status == REJECTED and not self.show_rejected.isChecked():
            self.show_rejected.setChecked(True)  # refills the list
        self._fill_list()
        self._show_editor()
        self.scroll.verticalScrollBar().setValue(0)

    # -- reading ----------------------------------------------------------------------------

    def selected_claim_id(self) -> int | None:
        return self._claim_id

    def claim(self, claim_id: int | None) -> ClaimRecord | None:
        """The claim as last read (None if it is not in the shown document)."""
        return next((c for c in self._claims if c.id == claim_id), None)

    def _visible(self) -> list[ClaimRecord]:
        if self.show_rejected.isChecked():
            return list(self._claims)
        return [c for c in self._claims if c.status != REJECTED or c.id == self._claim_id]

    def _fill_list(self) -> None:
        claims = self._visible()
        ids = {c.id for c in self._claims}
        rows = [
            (c.id, _claim_line(c, c.parent_claim_id in ids), c.status, _claim_tip(c))
            for c in claims
        ]
        statuses = [c.status for c in self._claims]
        self.heading.set_full_text(list_heading(self._doc_id, statuses, "claims"))
        self.list.show_records(rows, self._claim_id)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if self._filling:
            return
        # The new claim first: saving the evidence refreshes the panel, which must keep it.
        claim_id = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self._claim_id = claim_id
        self.save_evidence()
        self._show_editor()

    def _on_clicked(self, item: QListWidgetItem) -> None:
        record = self.claim(item.data(Qt.ItemDataRole.UserRole))
        if record is not None and record.anchor is not None:
            self.go_to(record.anchor.span_id)

    # -- showing the selected claim ---------------------------------------------------------

    def _show_editor(self) -> None:
        record = self.claim(self._claim_id)
        if record is None or self._schema is None:
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.stack.setCurrentWidget(self.scroll)
        self._filling = True
        try:
            _choose(self.type_combo, record.type, spoken(record.type))
            _choose(self.stance_combo, record.stance, spoken(record.stance))
            self.status_label.setText(_status_note(record))
            self.status_label.setVisible(record.status != ACCEPTED)
            self.accept_button.setEnabled(record.status != ACCEPTED)
            self.reject_button.setEnabled(record.status != REJECTED)
            for role, span_field in self.span_fields.items():
                span_field.show_span(getattr(record, role))
            name = record.claimant_actor_name
            self.actor_label.set_full_text(name or NONE)
            self.actor_label.setToolTip(plain_tooltip(name) if name else "")
            self.actor_clear.setEnabled(record.claimant_actor_id is not None)
            self._show_about(record)
            self._show_parents(record)
            index = next(i for i, (v, _t) in enumerate(CHECK_WORTHY) if v == record.check_worthy)
            self.check_buttons[index].setChecked(True)
            _choose(self.verdict_combo, record.verdict, spoken(record.verdict))
            self._show_evidence(record)
        finally:
            self._filling = False

    def _show_about(self, record: ClaimRecord) -> None:
        rows = [(event.id, event_line(event)) for event in self._events]
        shown = {event.id for event in self._events}
        store = self._curator.store
        for event_id in record.about_events:
            if event_id in shown or store is None:
                continue
            # An event of another article (or a rejected one) the claim is about: listed too,
            # so it can be unticked.
            try:
                event = store.event(event_id)
            except CurationError:
                continue
            where = "rejected" if event.doc_id == self._doc_id else f"document {event.doc_id}"
            rows.append((event.id, f"{event_line(event)} ({where})"))
        if rows != self._about_rows:
            self._about_rows = rows
            self.events_list.clear()
            for event_id, line in rows:
                item = QListWidgetItem(line)
                item.setData(Qt.ItemDataRole.UserRole, event_id)
                item.setToolTip(plain_tooltip(line))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                self.events_list.addItem(item)
            visible = min(len(rows), MAX_EVENT_ROWS)
            row_height = self.events_list.sizeHintForRow(0) if rows else 0
            self.events_list.setFixedHeight(
                visible * row_height + 2 * self.events_list.frameWidth()
            )
        self.events_list.setVisible(bool(rows))
        self.no_events.setVisible(not rows)
        about = set(record.about_events)
        for row in range(self.events_list.count()):
            item = self.events_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in about
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

        chips = list(record.about_actors)
        if chips != self._chip_rows:
            self._chip_rows = chips
            while self.chip_layout.count() > 1:
                taken = self.chip_layout.takeAt(0)
                widget = taken.widget() if taken is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
            for actor_id, name in chips:
                chip = _actor_chip(name or f"actor {actor_id}", self.chips.fontMetrics())
                chip.clicked.connect(lambda _c=False, a=actor_id: self.remove_about_actor(a))
                self.chip_layout.insertWidget(self.chip_layout.count() - 1, chip)
                chip.show()  # now, not when the layout's queued show comes round

    def _show_parents(self, record: ClaimRecord) -> None:
        children: dict[int, list[int]] = {}
        for claim in self._claims:
            if claim.parent_claim_id is not None:
                children.setdefault(claim.parent_claim_id, []).append(claim.id)
        # Neither the claim itself nor a claim reported inside it can hold it.
        excluded, todo = set(), [record.id]
        while todo:
            current = todo.pop()
            if current not in excluded:
                excluded.add(current)
                todo.extend(children.get(current, []))
        self.parent_combo.clear()
        self.parent_combo.addItem("none (not nested)", None)
        for claim in self._claims:
            if claim.id not in excluded and (claim.status != REJECTED or claim.id == record.id):
                self.parent_combo.addItem(claim.display_text, claim.id)
                self.parent_combo.setItemData(
                    self.parent_combo.count() - 1,
                    plain_tooltip(_claim_tip(claim)),
                    Qt.ItemDataRole.ToolTipRole,
                )
        _choose(self.parent_combo, record.parent_claim_id, f"claim {record.parent_claim_id}")

    def _show_evidence(self, record: ClaimRecord) -> None:
        typing = self._evidence_dirty and self._evidence_claim == record.id
        if not typing and self.evidence.toPlainText() != record.evidence:
            self.evidence.blockSignals(True)
            self.evidence.setPlainText(record.evidence)
            self.evidence.blockSignals(False)
        self._evidence_claim = record.id

    # -- edits ------------------------------------------------------------------------------

    def _update(self, **fields: object) -> None:
        claim_id = self._claim_id
        if claim_id is None:
            return
        self._change(lambda store, who: store.update_claim(claim_id, annotator=who, **fields))

    def _on_type(self, index: int) -> None:
        self._update(type=self.type_combo.itemData(index))

    def _on_stance(self, index: int) -> None:
        self._update(stance=self.stance_combo.itemData(index))

    def _on_parent(self, index: int) -> None:
        self._update(parent_claim_id=self.parent_combo.itemData(index))

    def _set_status(self, status: str) -> None:
        claim_id = self._claim_id
        if claim_id is not None:
            self._change(lambda store, who: store.set_claim_status(claim_id, status, annotator=who))

    def _delete(self) -> None:
        claim_id = self._claim_id
        if claim_id is None:
            return
        # The neighbour in the list is shown next, so the curator can go on down the list.
        ids = self.list.record_ids()
        at = ids.index(claim_id) if claim_id in ids else -1
        neighbours = ids[at + 1 :] + ids[:at][::-1] if at >= 0 else []
        self._evidence_dirty = False
        self._claim_id = neighbours[0] if neighbours else None
        if self._change(lambda store, _who: store.delete_claim(claim_id)) is None:
            self._claim_id = claim_id  # refused: it stays
        self._fill_list()
        self._show_editor()

    def set_span(self, role: str) -> None:
        """Make the span the curator means (selected, under the caret, or clicked next) the
        selected claim's content, cue or claimant."""
        claim_id = self._claim_id
        if claim_id is None:
            return
        labels, prompt = SPAN_ROLES[role]
        span = self._picker.mention(labels)
        if span is not None:
            self._use_span(claim_id, role, span)
        elif self._picker.selected_offsets() is None:
            self._picker.pick(prompt, lambda picked: self._use_span(claim_id, role, picked))
        # else: a span over the selection was refused, and the curator was told why

    def _use_span(self, claim_id: int, role: str, span: StoredSpan) -> None:
        fields = {f"{role}_span_id": span.id}
        self._change(lambda store, who: store.update_claim(claim_id, annotator=who, **fields))

    def _clear_span(self, role: str) -> None:
        self._update(**{f"{role}_span_id": None})

    def choose_claimant_actor(self) -> None:
        claim_id, record = self._claim_id, self.claim(self._claim_id)
        if claim_id is None or record is None:
            return
        text, from_span = "", None
        if record.claimant is not None:
            span = self._view.span(record.claimant.span_id)
            text = span.actor_name if span and span.actor_name else record.claimant.text
            # A new actor made from the claimant's words links that mention, unless it is
            # linked to an actor already.
            if span is not None and span.actor_id is None:
                from_span = span.id
        actor_id = choose_actor(self, self._curator, text, from_span)
        if actor_id is not None:
            self._change(
                lambda store, who: store.update_claim(
                    claim_id, annotator=who, claimant_actor_id=actor_id
                )
            )

    def _set_about(self, claim_id: int, events: Sequence[int], actors: Sequence[int]) -> None:
        self._change(
            lambda store, who: store.set_claim_about(claim_id, events, actors, annotator=who)
        )

    def _on_event_checked(self, item: QListWidgetItem) -> None:
        record = self.claim(self._claim_id)
        if self._filling or record is None:
            return
        checked = [
            self.events_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.events_list.count())
            if self.events_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        listed = {r[0] for r in self._about_rows or []}
        # A target the list could not show (an event no longer readable) is kept as it is.
        kept = [e for e in record.about_events if e not in listed]
        self._set_about(record.id, kept + checked, [a for a, _n in record.about_actors])

    def _on_event_activated(self, item: QListWidgetItem) -> None:
        store = self._curator.store
        if store is None:
            return
        try:
            event = store.event(item.data(Qt.ItemDataRole.UserRole))
        except CurationError:
            return
        if event.trigger is not None and event.doc_id == self._doc_id:
            self.go_to(event.trigger.span_id)

    def add_about_actor(self) -> None:
        record = self.claim(self._claim_id)
        if record is None:
            return
        actor_id = choose_actor(self, self._curator)
        if actor_id is None:
            return
        actors = [a for a, _n in record.about_actors]
        if actor_id not in actors:
            self._set_about(record.id, list(record.about_events), [*actors, actor_id])

    def remove_about_actor(self, actor_id: int) -> None:
        record = self.claim(self._claim_id)
        if record is None:
            return
        actors = [a for a, _n in record.about_actors if a != actor_id]
        self._set_about(record.id, list(record.about_events), actors)

    def _on_check_worthy(self, index: int) -> None:
        claim_id = self._claim_id
        if claim_id is None or self._filling:
            return
        value = CHECK_WORTHY[index][0]
        self._change(
            lambda store, who: store.set_claim_assessment(
                claim_id, check_worthy=value, annotator=who
            )
        )

    def _on_verdict(self, index: int) -> None:
        claim_id = self._claim_id
        if claim_id is None:
            return
        verdict = self.verdict_combo.itemData(index)
        self._change(
            lambda store, who: store.set_claim_assessment(claim_id, verdict=verdict, annotator=who)
        )

    def _on_evidence_typed(self) -> None:
        if self._filling or self._evidence_claim is None:
            return
        self._evidence_dirty = True
        self._evidence_timer.start()

    def save_evidence(self) -> None:
        """Save the evidence typed since the last save, if any (one undoable step)."""
        self._evidence_timer.stop()
        claim_id = self._evidence_claim
        if not self._evidence_dirty or claim_id is None:
            return
        self._evidence_dirty = False
        text = self.evidence.toPlainText()
        if self.claim(claim_id) is None:
            return  # deleted meanwhile (an undo): nothing to write to
        self._change(
            lambda store, who: store.set_claim_assessment(claim_id, evidence=text, annotator=who)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.evidence and event.type() == QEvent.Type.FocusOut:
            self.save_evidence()
        return False


# ---------------------------------------------------------------------------------------------
# Small widgets and texts
# ---------------------------------------------------------------------------------------------


class _ClickableLabel(QLabel):
    """A plain-text label that says when it is clicked (a claim's span, to go to it)."""

    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.span_id: int | None = None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.span_id is not None:
            self.clicked.emit(self.span_id)
        super().mouseReleaseEvent(event)


class _SpanField(QWidget):
    """One of a claim's spans: its words (click to go there), Set and ✕."""

    def __init__(self, role: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{role}Field")
        self.link = _ClickableLabel()
        self.set_button = small_button(
            "Set", f"Use the selection, or the span under the caret, as the claim's {role}"
        )
        self.clear_button = small_button("✕", f"Remove the claim's {role}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.link, 1)
        layout.addWidget(self.set_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_span(self, span: SpanRef | None) -> None:
        self.link.span_id = span.span_id if span is not None else None
        self.clear_button.setEnabled(span is not None)
        if span is None:
            self.link.setText(NONE)
            self.link.setToolTip("")
            self.link.unsetCursor()
            return
        self.link.setText(f"“{short(span.text, 140)}”")
        self.link.setToolTip(plain_tooltip(f"{span.label}: {span.text}\n(click to show it)"))
        self.link.setCursor(Qt.CursorShape.PointingHandCursor)

    def text(self) -> str:
        return self.link.text()


def _actor_chip(name: str, metrics: QFontMetrics) -> QToolButton:
    elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, 180)
    return removable_chip(
        elided, f"{name}\n(click to remove it from what the claim is about)", "actorChip"
    )


def _status_note(claim: ClaimRecord) -> str:
    if claim.status == SUGGESTED:
        return f"Suggested by {claim.origin}: Accept confirms it, and so does any edit."
    if claim.status == REJECTED:
        return "Rejected: Accept brings it back."
    return ""


def _choose(combo: QComboBox, value: object, text: str) -> None:
    """Show ``value`` in ``combo``, adding it when the schema no longer lists it."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(text, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _claim_line(claim: ClaimRecord, nested: bool) -> str:
    anchor = claim.anchor
    words = f"“{short(anchor.text, 50)}”" if anchor else f"(claim {claim.id})"
    line = f"{'↳ ' if nested else ''}{spoken(claim.type)} {words}"
    who = claim.claimant_actor_name or (claim.claimant.text if claim.claimant else None)
    if who:
        line += f" — {short(who, 30)}"
    if claim.status != ACCEPTED:
        line += f"  · {claim.status}"
    return line


def _claim_tip(claim: ClaimRecord) -> str:
    lines = [f"{spoken(claim.type)} · {claim.status}"]
    for name in ("cue", "content", "claimant"):
        span = getattr(claim, name)
        if span is not None:
            lines.append(f"{name}: {span.text}")
    if claim.claimant_actor_name:
        lines.append(f"claimant actor: {claim.claimant_actor_name}")
    return "\n".join(lines)
