"""The Events tab of the inspector: the shown document's events, and an editor for one of them.

At the top, a compact list: each event's type, trigger words, status (suggestions in grey
italics, rejected ones only with "Show rejected") and how many of its roles are filled. Below
it, the selected event: its type and sub-type, trigger, status buttons, a row per role of its
type with the fillers as removable chips and a "+" menu (a mention from the text, a registry
actor, a value), and the schema's event attributes (date with a proposal read from the text,
place, counts, enums).

Every edit goes through :meth:`Curator.change`, one undo step each; the window re-shows the
inspector after every change, undo and redo. The editor is rebuilt only when the selected
event's stored record changed, keeping the focused field focused, so a refresh never gets in
the way of typing. Field edits are written when editing finishes (Return, leaving the field,
picking from a list), never on every keystroke. Text from documents, labels and actor names
is shown as plain text only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.changes import Change
from newsmark.core.dates import DateProposal
from newsmark.core.event_curation import (
    PLACE_ROLE,
    TRIGGER,
    ArgumentRecord,
    EventRecord,
)
from newsmark.core.schema import (
    FILLER_KINDS,
    EventAttribute,
    EventRole,
    Schema,
    default_schema,
)
from newsmark.core.span_curation import ACCEPTED, REJECTED, SUGGESTED
from newsmark.core.store import StoredSpan
from newsmark.core.wording import short
from newsmark.gui.actor_chooser import choose_actor
from newsmark.gui.annotating import swatch
from newsmark.gui.item_models import OneCallPerCell, role_set
from newsmark.gui.widgets import (
    Edit,
    FlowLayout,
    RecordPanel,
    heading,
    mnemonic_safe,
    plain_label,
    plain_tooltip,
)

AnyIndex = QModelIndex | QPersistentModelIndex

MAX_CHIP = 32
MAX_LIST_TEXT = 60
FADED = QColor("#808080")
PLACE_LABELS = ("GPE", "LOC", "FAC")
INT_CEILING = 1_000_000
# The ISO form a date value has at the precisions the core knows (others take any form).
DATE_FORMS = {"day": "day", "week": "day", "month": "month", "year": "year"}
_ISO_FORMS = (
    ("day", re.compile(r"\d{4}-\d{2}-\d{2}")),
    ("month", re.compile(r"\d{4}-\d{2}")),
    ("year", re.compile(r"\d{4}")),
)
_FORM_LENGTHS = {"day": 10, "month": 7, "year": 4}
_EXAMPLES = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}


# ---------------------------------------------------------------------------------------------
# Small pieces of text
# ---------------------------------------------------------------------------------------------


def roles_filled(event: EventRecord, schema: Schema) -> str:
    """The completeness hint of the event list: "2 of 7 roles filled"."""
    names = [role.name for role in schema.roles_for(event.type, event.subtype)]
    filled = {argument.role for argument in event.arguments} & set(names)
    if not names:
        return "no roles"
    return f"{len(filled)} of {len(names)} roles filled"


def type_colour(schema: Schema, event_type: str, subtype: str | None) -> str:
    try:
        found = schema.event_type(event_type)
    except KeyError:
        return "#999999"
    for item in found.subtypes:
        if item.name == subtype:
            return item.colour
    return found.colour


def date_form(text: str) -> str | None:
    """Which ISO form ``text`` has: "day", "month", "year", or None."""
    for form, pattern in _ISO_FORMS:
        if pattern.fullmatch(text):
            return form
    return None


def role_labels(role: EventRole) -> list[str]:
    """The span labels that may fill ``role`` (not the kinds actor, span and value)."""
    return [filler for filler in role.fillers if filler not in FILLER_KINDS]


def filler_words(role: EventRole) -> str:
    words = {"actor": "a registry actor", "span": "a span of any label", "value": "a value"}
    return ", ".join(words.get(filler, filler) for filler in role.fillers)


def proposal_text(proposal: DateProposal) -> str:
    """ "Proposed from “Sunday” (article of 2019-12-31): 2019-12-29, day"."""
    source = f"Proposed from “{short(proposal.text, 40)}”"
    if proposal.relative and proposal.base:
        source += f" (article of {proposal.base})"
    return f"{source}: {proposal.value}, {proposal.precision}"


# ---------------------------------------------------------------------------------------------
# The event list
# ---------------------------------------------------------------------------------------------


_SERVED_ROLES = role_set(
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.UserRole,
)


class EventListModel(OneCallPerCell, QAbstractListModel):
    """A document's events, two lines each: "Type ▸ Sub-type", then “trigger” · status ·
    how many roles are filled. Suggested events are grey and italic, rejected ones struck out.

    Threading: UI thread only.
    """

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._events: list[EventRecord] = []
        self._schema = default_schema()

    def set_events(self, events: Sequence[EventRecord], schema: Schema) -> None:
        events = list(events)
        if [event.id for event in events] == self.ids() and events:
            # The same events (an edit of one of them): repaint in place, so the list keeps
            # its scroll position and current row.
            self._events, self._schema = events, schema
            self.dataChanged.emit(self.index(0, 0), self.index(len(events) - 1, 0))
            return
        self.beginResetModel()
        self._events = events
        self._schema = schema
        self.endResetModel()

    def record(self, row: int) -> EventRecord:
        return self._events[row]

    def row_of(self, event_id: int) -> int | None:
        for row, event in enumerate(self._events):
            if event.id == event_id:
                return row
        return None

    def ids(self) -> list[int]:
        return [event.id for event in self._events]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SERVED_ROLES or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(self.lines(event))
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(type_colour(self._schema, event.type, event.subtype))
        if role == Qt.ItemDataRole.FontRole and event.status != ACCEPTED:
            font = QFont()
            font.setItalic(event.status == SUGGESTED)
            font.setStrikeOut(event.status == REJECTED)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and event.status != ACCEPTED:
            return FADED
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [event.label, f"{event.status} · from {event.origin or 'unknown'}"]
            if event.score is not None:
                lines[-1] += f" · score {event.score:.2f}"
            if event.annotator:
                lines.append(f"annotator: {event.annotator}")
            if event.trigger is not None:
                lines.append(f"trigger: “{short(event.trigger.text, 200)}”")
            lines.extend(
                f"{argument.role}: {short(argument.filler_text, 80)}"
                for argument in event.arguments
            )
            lines.append("Double-click or Enter: go to its trigger in the text")
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.UserRole:
            return event.id
        return None

    def lines(self, event: EventRecord) -> list[str]:
        """The two lines an event is listed with."""
        parts = [f"“{short(event.trigger.text, MAX_LIST_TEXT)}”" if event.trigger else "no trigger"]
        if event.status != ACCEPTED:
            parts.append(event.status)
        parts.append(roles_filled(event, self._schema))
        return [event.label, " · ".join(parts)]


# ---------------------------------------------------------------------------------------------
# Widgets the editor is made of
# ---------------------------------------------------------------------------------------------


class QuietCombo(QComboBox):
    """A combo box the mouse wheel changes only once focused: scrolling the editor over it
    must not retype the event. Threading: UI thread only."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class QuietSpin(QSpinBox):
    """A spin box the mouse wheel changes only once focused (see :class:`QuietCombo`).
    Threading: UI thread only."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class Chip(QFrame):
    """One filler of a role: its text (a click goes to its span) and ✕ to remove it; a
    span's label colour as a swatch, a registry actor marked ◆. Threading: UI thread only."""

    def __init__(self, argument: ArgumentRecord, colour: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.argument = argument
        self.setObjectName(f"chip:{argument.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "Chip { border: 1px solid palette(mid); border-radius: 9px; "
            "background: palette(base); }"
        )
        span = argument.span
        if span is not None:
            text = short(span.text, MAX_CHIP)
            tip = [f"{span.label} · {span.status}", span.text, "Click: go to it in the text"]
            if argument.actor_name:
                tip.insert(2, f"actor: {argument.actor_name}")
        elif argument.actor_id is not None:
            text = "◆ " + short(argument.actor_name or f"actor {argument.actor_id}", MAX_CHIP)
            tip = ["A registry actor", argument.actor_name or ""]
        else:
            text = short(argument.value or "", MAX_CHIP)
            tip = ["A value", argument.value or ""]
        self.button = QToolButton()
        self.button.setObjectName(f"chipText:{argument.id}")
        self.button.setAutoRaise(True)
        self.button.setText(mnemonic_safe(text))
        self.button.setToolTip(plain_tooltip("\n".join(tip)))
        if colour is not None:
            self.button.setIcon(swatch(colour, 9))
            self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        if span is not None and span.status == SUGGESTED:
            font = self.button.font()
            font.setItalic(True)
            self.button.setFont(font)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName(f"chipRemove:{argument.id}")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(
            plain_tooltip(f"Remove “{short(argument.filler_text, 60)}” from {argument.role}")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.button)
        layout.addWidget(self.remove_button)


class RoleRow:
    """The widgets of one role in the editor: its name, chips and "+" menu (a plain holder;
    UI thread only)."""

    def __init__(self, name: str, label: QLabel, chips: list[Chip], add: QToolButton | None):
        self.name = name
        self.label = label
        self.chips = chips
        self.add_button = add

    def action(self, text: str) -> Any:
        """The "+" menu's entry starting with ``text`` (for tests and keyboard use)."""
        assert self.add_button is not None and self.add_button.menu() is not None
        for action in self.add_button.menu().actions():
            if action.text().replace("&", "").startswith(text):
                return action
        raise KeyError(f"role {self.name}: no menu entry {text!r}")


def _section(text: str) -> QLabel:
    label = heading(text)
    label.setContentsMargins(0, 8, 0, 2)
    return label


def _name_label(text: str, tip: str) -> QLabel:
    label = plain_label(text)
    label.setToolTip(plain_tooltip(tip))
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


# ---------------------------------------------------------------------------------------------
# The editor of one event
# ---------------------------------------------------------------------------------------------


class EventEditor(QWidget):
    """Edits one event as stored when it was built; a newer record means a new editor.

    Its widgets call back into the panel; once the panel replaces it (:meth:`retire`), they
    no longer do, so a field losing its focus as it goes away writes nothing.

    Threading: UI thread only.
    """

    def __init__(
        self,
        panel: EventPanel,
        event: EventRecord,
        schema: Schema,
        proposal: DateProposal | None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("eventEditor")
        self.live = True
        self.record = event
        self.proposal = proposal
        self._panel = panel
        self._schema = schema
        self.role_rows: dict[str, RoleRow] = {}
        self.fields: dict[str, dict[str, QWidget]] = {}
        self.confirm_button: QPushButton | None = None
        self.proposal_label: QLabel | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 8)
        layout.setSpacing(4)
        layout.addLayout(self._status_row())
        layout.addLayout(self._type_grid())
        layout.addWidget(_section("Roles"))
        layout.addLayout(self._roles_grid())
        layout.addWidget(_section("Attributes"))
        layout.addLayout(self._attributes_grid())
        layout.addStretch(1)

    def retire(self) -> None:
        """Stop acting on signals: the panel shows a newer editor."""
        self.live = False

    def _act(self, action: Callable[..., object], *args: Any) -> Callable[..., None]:
        def slot(*_ignored: Any) -> None:
            if self.live:
                action(*args)

        return slot

    # -- status, type, trigger ----------------------------------------------------------------

    def _status_row(self) -> QHBoxLayout:
        event = self.record
        row = QHBoxLayout()
        row.setSpacing(4)
        words = [event.status.capitalize()]
        if event.origin and event.origin != "manual":
            words.append(f"from {event.origin}")
        if event.score is not None:
            words.append(f"score {event.score:.2f}")
        self.status_label = plain_label(
            " · ".join(words), wrap=True, faded=event.status != ACCEPTED
        )
        self.status_label.setObjectName("eventStatus")
        notes = [
            f"{key}: {value}"
            for key, value in event.attributes.items()
            if not _known(self._schema, key)
        ]
        tip = [f"Event {event.id}", f"annotator: {event.annotator or 'unknown'}", *notes]
        self.status_label.setToolTip(plain_tooltip("\n".join(tip)))
        row.addWidget(self.status_label, 1)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setObjectName("eventAccept")
        self.accept_button.setToolTip("Accept the event with its trigger and suggested fillers")
        self.accept_button.clicked.connect(self._act(self._panel.set_status, event.id, ACCEPTED))
        self.reject_button = QPushButton("Reject")
        self.reject_button.setObjectName("eventReject")
        self.reject_button.setToolTip("Reject the event: the suggester will not propose it again")
        self.reject_button.clicked.connect(self._act(self._panel.set_status, event.id, REJECTED))
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("eventDelete")
        self.delete_button.setToolTip("Delete the event with its arguments (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self._act(self._panel.delete_event, event.id))
        self.accept_button.setVisible(event.status != ACCEPTED)
        self.reject_button.setVisible(event.status != REJECTED)
        for button in (self.accept_button, self.reject_button, self.delete_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        return row

    def _type_grid(self) -> QGridLayout:
        event = self.record
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self.type_combo = QuietCombo()
        self.type_combo.setObjectName("eventType")
        known = False
        for event_type in self._schema.event_types:
            self.type_combo.addItem(swatch(event_type.colour), event_type.name, event_type.name)
            if event_type.description:
                index = self.type_combo.count() - 1
                self.type_combo.setItemData(
                    index, plain_tooltip(event_type.description), Qt.ItemDataRole.ToolTipRole
                )
            known = known or event_type.name == event.type
        if not known:  # a type the schema no longer has: shown, so nothing is hidden
            self.type_combo.addItem(f"{event.type} (not in the schema)", event.type)
        self.type_combo.setCurrentIndex(self.type_combo.findData(event.type))
        self.type_combo.activated.connect(self._act(self._type_chosen))
        self.subtype_combo = QuietCombo()
        self.subtype_combo.setObjectName("eventSubtype")
        self.subtype_combo.addItem("(no sub-type)", None)
        subtypes = self._schema.event_type(event.type).subtypes if known else ()
        for subtype in subtypes:
            self.subtype_combo.addItem(subtype.name, subtype.name)
            if subtype.description:
                index = self.subtype_combo.count() - 1
                self.subtype_combo.setItemData(
                    index, plain_tooltip(subtype.description), Qt.ItemDataRole.ToolTipRole
                )
        if event.subtype is not None and self.subtype_combo.findData(event.subtype) < 0:
            self.subtype_combo.addItem(f"{event.subtype} (not in the schema)", event.subtype)
        found = self.subtype_combo.findData(event.subtype) if event.subtype else 0
        self.subtype_combo.setCurrentIndex(max(found, 0))
        self.subtype_combo.activated.connect(self._act(self._subtype_chosen))
        grid.addWidget(_name_label("Type", "The event type (ACLED's by default)"), 0, 0)
        grid.addWidget(self.type_combo, 0, 1, 1, 2)
        grid.addWidget(_name_label("Sub-type", "The sub-type of the event type"), 1, 0)
        grid.addWidget(self.subtype_combo, 1, 1, 1, 2)

        grid.addWidget(_name_label("Trigger", "The words of the text that name the event"), 2, 0)
        self.trigger_button = QToolButton()
        self.trigger_button.setObjectName("eventTrigger")
        self.trigger_button.setAutoRaise(True)
        trigger = event.trigger
        if trigger is not None:
            self.trigger_button.setText(mnemonic_safe(f"“{short(trigger.text, 40)}”"))
            self.trigger_button.setToolTip(
                plain_tooltip(f"{trigger.text}\n{trigger.label} · {trigger.status}\nGo to it")
            )
            self.trigger_button.clicked.connect(self._act(self._panel.go_to, trigger.span_id))
        else:
            self.trigger_button.setText("(none)")
            self.trigger_button.setEnabled(False)
        self.set_trigger_button = QToolButton()
        self.set_trigger_button.setObjectName("eventSetTrigger")
        self.set_trigger_button.setText("Set from text")
        self.set_trigger_button.setToolTip(
            "Make the selection (or the trigger under the caret, or the span you click next) "
            "the event's trigger"
        )
        self.set_trigger_button.clicked.connect(self._act(self._panel.trigger_from_text, event.id))
        trigger_row = QHBoxLayout()
        trigger_row.setSpacing(4)
        trigger_row.addWidget(self.trigger_button, 0, Qt.AlignmentFlag.AlignLeft)
        trigger_row.addStretch(1)
        trigger_row.addWidget(self.set_trigger_button)
        grid.addLayout(trigger_row, 2, 1, 1, 2)
        return grid

    def _type_chosen(self) -> None:
        chosen = self.type_combo.currentData()
        if chosen != self.record.type:
            self._panel.set_type(self.record.id, chosen, None)

    def _subtype_chosen(self) -> None:
        chosen = self.subtype_combo.currentData()
        if chosen != self.record.subtype:
            self._panel.set_type(self.record.id, self.record.type, chosen)

    # -- roles --------------------------------------------------------------------------------

    def _roles_grid(self) -> QGridLayout:
        event = self.record
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(1, 1)
        roles = self._schema.roles_for(event.type, event.subtype)
        names = {role.name for role in roles}
        for row, role in enumerate(roles):
            fillers = [a for a in event.arguments if a.role == role.name]
            tip = f"{role.description}\nFilled by: {filler_words(role)}".strip()
            label = _name_label(role.name, tip)
            self._add_role_row(grid, row, role.name, label, fillers, self._add_menu(role))
        other = [a for a in event.arguments if a.role not in names]
        if other:
            tip = "Fillers of roles this event type does not have (remove or retype)"
            label = _name_label("Other", tip)
            self._add_role_row(grid, len(roles), "", label, other, None)
        if not roles and not other:
            grid.addWidget(
                plain_label("The schema gives this event type no roles.", faded=True), 0, 0
            )
        return grid

    def _add_role_row(
        self,
        grid: QGridLayout,
        row: int,
        name: str,
        label: QLabel,
        arguments: list[ArgumentRecord],
        add: QToolButton | None,
    ) -> None:
        holder = QWidget()
        flow = FlowLayout(holder, spacing=3)
        chips = []
        for argument in arguments:
            chip = Chip(argument, self._colour(argument))
            if argument.span is not None:
                chip.button.clicked.connect(self._act(self._panel.go_to, argument.span.span_id))
            chip.remove_button.clicked.connect(self._act(self._panel.remove_argument, argument.id))
            if name == "":  # "Other": name the role in the chip
                chip.button.setText(mnemonic_safe(f"{argument.role}: ") + chip.button.text())
            flow.addWidget(chip)
            chips.append(chip)
        # Name, first line of chips and "+" share one height, so they line up.
        line = max([chip.sizeHint().height() for chip in chips] or [0])
        line = max(line, add.sizeHint().height() if add is not None else 0)
        if not arguments:
            empty = plain_label("—", faded=True)
            empty.setMinimumHeight(line)
            flow.addWidget(empty)
        label.setMinimumHeight(line)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(holder, row, 1)
        if add is not None:
            add.setMinimumHeight(line)
            grid.addWidget(add, row, 2, Qt.AlignmentFlag.AlignTop)
        self.role_rows[name or "other"] = RoleRow(name or "other", label, chips, add)

    def _colour(self, argument: ArgumentRecord) -> str | None:
        if argument.span is None:
            return None
        return self._panel.label_colour(argument.span.label)

    def _add_menu(self, role: EventRole) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"role:{role.name}:add")
        button.setText("+")
        button.setToolTip(plain_tooltip(f"Fill {role.name}: {filler_words(role)}"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        menu = QMenu(button)
        event_id = self.record.id
        labels = role_labels(role)
        if labels or "span" in role.fillers:
            mention = menu.addAction("Mention from text")
            mention.setToolTip("The selection, the span under the caret, or the span you click")
            mention.triggered.connect(self._act(self._panel.fill_from_text, event_id, role))
        if role.accepts("actor"):
            actor = menu.addAction("Registry actor…")
            actor.triggered.connect(self._act(self._panel.fill_with_actor, event_id, role))
        if role.accepts("value"):
            value = menu.addAction("Value…")
            value.triggered.connect(self._act(self._panel.fill_with_value, event_id, role.name))
        menu.setToolTipsVisible(True)
        button.setMenu(menu)
        return button

    # -- attributes ---------------------------------------------------------------------------

    def _attributes_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        row = 0
        for attribute in self._schema.event_attributes:
            stored = self.record.attributes.get(attribute.name)
            label = _name_label(attribute.name, attribute.description or attribute.name)
            # Level with the first line of a field that takes two (a place).
            label.setMinimumHeight(QLineEdit().sizeHint().height())
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            if attribute.type == "date":
                grid.addLayout(self._date_field(attribute, stored), row, 1)
                if self.proposal is not None and not _confirmed(stored):
                    row += 1  # the editor's full width: the sentence wraps less
                    grid.addLayout(self._proposal_row(self.proposal), row, 0, 1, 2)
            elif attribute.type == "place":
                grid.addLayout(self._place_field(attribute, stored), row, 1)
            elif attribute.type == "int":
                grid.addWidget(self._int_field(attribute, stored), row, 1)
            else:
                grid.addWidget(self._enum_field(attribute, stored), row, 1)
            row += 1
        if row == 0:
            grid.addWidget(plain_label("The schema lists no event attributes.", faded=True), 0, 0)
        return grid

    def _precision_combo(self, attribute: EventAttribute, current: str | None) -> QuietCombo:
        combo = QuietCombo()
        combo.setObjectName(f"attr:{attribute.name}:precision")
        combo.setMinimumContentsLength(5)
        combo.setToolTip(plain_tooltip(f"How precisely the text gives the {attribute.name}"))
        for choice in attribute.precision:
            combo.addItem(choice.name, choice.name)
            if choice.description:
                combo.setItemData(
                    combo.count() - 1,
                    plain_tooltip(choice.description),
                    Qt.ItemDataRole.ToolTipRole,
                )
        if current is not None and combo.findData(current) < 0:
            combo.addItem(f"{current} (not in the schema)", current)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
        return combo

    def _date_field(self, attribute: EventAttribute, stored: Any) -> QHBoxLayout:
        value = _as_dict(stored)
        line = QLineEdit(str(value.get("value") or ""))
        line.setObjectName(f"attr:{attribute.name}")
        line.setPlaceholderText("YYYY-MM-DD")
        line.setToolTip("YYYY-MM-DD, YYYY-MM or YYYY; empty clears it")
        if value.get("text"):
            line.setToolTip(
                plain_tooltip(f"Read from “{value['text']}”\nYYYY-MM-DD, YYYY-MM or YYYY")
            )
        combo = self._precision_combo(attribute, value.get("precision"))
        line.editingFinished.connect(self._act(self._date_edited, attribute, line, combo))
        combo.activated.connect(self._act(self._date_precision_chosen, attribute, line, combo))
        self.fields[attribute.name] = {"value": line, "precision": combo}
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(line, 1)
        row.addWidget(combo)
        return row

    def _proposal_row(self, proposal: DateProposal) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        self.proposal_label = plain_label(proposal_text(proposal) + " —", wrap=True, faded=True)
        self.proposal_label.setObjectName("dateProposal")
        self.confirm_button = QPushButton("Confirm")
        self.confirm_button.setObjectName("dateConfirm")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setToolTip("Store this date as the event's date")
        self.confirm_button.clicked.connect(
            self._act(self._panel.confirm_date, self.record.id, proposal)
        )
        row.addWidget(self.proposal_label, 1)
        row.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignBottom)
        return row

    def _date_edited(self, attribute: EventAttribute, line: QLineEdit, combo: QComboBox) -> None:
        stored = self.record.attributes.get(attribute.name)
        old = _as_dict(stored)
        text = line.text().strip()
        if not text:
            if stored is not None:
                self._panel.set_attribute(self.record.id, attribute.name, None)
            return
        precision = combo.currentData()
        form = date_form(text)
        names = [choice.name for choice in attribute.precision]
        if form is not None and DATE_FORMS.get(precision) not in (None, form) and form in names:
            precision = form  # "2019-12" typed with "day" chosen means the month
        if (text, precision) == (old.get("value"), old.get("precision")):
            return
        value = {"value": text, "precision": precision, "confirmed": True}
        self._panel.set_attribute(self.record.id, attribute.name, value)

    def _date_precision_chosen(
        self, attribute: EventAttribute, line: QLineEdit, combo: QComboBox
    ) -> None:
        stored = self.record.attributes.get(attribute.name)
        old = _as_dict(stored)
        precision = combo.currentData()
        text = line.text().strip()
        if not text or (precision == old.get("precision") and text == old.get("value")):
            return
        wanted, form = DATE_FORMS.get(precision), date_form(text)
        if wanted is not None and form is not None and wanted != form:
            if _FORM_LENGTHS[wanted] < _FORM_LENGTHS[form]:
                text = text[: _FORM_LENGTHS[wanted]]  # coarser: the day's month or year
            else:
                # Finer than the value: the curator has to say which day or month.
                line.setFocus(Qt.FocusReason.OtherFocusReason)
                line.selectAll()
                self._panel.say(f"Type the {attribute.name} as {_EXAMPLES[wanted]}.")
                return
        value = {key: old[key] for key in ("text", "base", "relative") if key in old}
        value.update(value=text, precision=precision, confirmed=True)
        self._panel.set_attribute(self.record.id, attribute.name, value)

    def _place_field(self, attribute: EventAttribute, stored: Any) -> QVBoxLayout:
        value = _as_dict(stored)
        line = QLineEdit(str(value.get("value") or ""))
        line.setObjectName(f"attr:{attribute.name}")
        line.setPlaceholderText("place name")
        tip = ["The place's name; empty clears it"]
        if value.get("span_id") is not None:
            tip.insert(0, "Taken from the text")
        if value.get("country"):
            tip.insert(0, f"Country: {value['country']}")
        line.setToolTip(plain_tooltip("\n".join(tip)))
        combo = self._precision_combo(attribute, value.get("precision"))
        pick = QToolButton()
        pick.setObjectName(f"attr:{attribute.name}:fromText")
        pick.setText("From text")
        pick.setToolTip("The selected place, the one under the caret, or the one you click")
        line.editingFinished.connect(self._act(self._place_edited, attribute, line, combo))
        combo.activated.connect(self._act(self._place_edited, attribute, line, combo))
        pick.clicked.connect(
            self._act(self._panel.place_from_text, self.record.id, attribute, combo)
        )
        self.fields[attribute.name] = {"value": line, "precision": combo, "from_text": pick}
        # Two lines: the name gets the pane's width, its precision and source go below.
        lines = QVBoxLayout()
        lines.setSpacing(3)
        first, row = QHBoxLayout(), QHBoxLayout()
        first.setSpacing(4)
        row.setSpacing(4)
        lines.addLayout(first)
        lines.addLayout(row)
        first.addWidget(line, 1)
        row.addWidget(combo)
        row.addStretch(1)
        if value.get("span_id") is not None:
            go = QToolButton()
            go.setObjectName(f"attr:{attribute.name}:goTo")
            go.setText("↗")
            go.setAutoRaise(True)
            go.setToolTip("Go to it in the text")
            go.clicked.connect(self._act(self._panel.go_to, int(value["span_id"])))
            first.addWidget(go)
            self.fields[attribute.name]["go_to"] = go
        row.addWidget(pick)
        return lines

    def _place_edited(self, attribute: EventAttribute, line: QLineEdit, combo: QComboBox) -> None:
        stored = self.record.attributes.get(attribute.name)
        old = _as_dict(stored)
        name = line.text().strip()
        if not name:
            if stored is not None:
                self._panel.set_attribute(self.record.id, attribute.name, None)
            return
        precision = combo.currentData()
        if (name, precision) == (old.get("value"), old.get("precision")):
            return
        value: dict[str, Any] = {"value": name, "precision": precision}
        if name == old.get("value"):  # only the precision changed: keep where it came from
            value.update({key: old[key] for key in ("span_id", "country") if key in old})
        elif "country" in old:
            value["country"] = old["country"]
        self._panel.set_attribute(self.record.id, attribute.name, value)

    def _int_field(self, attribute: EventAttribute, stored: Any) -> QSpinBox:
        spin = QuietSpin()
        spin.setObjectName(f"attr:{attribute.name}")
        # One below the lowest allowed value stands for "not given".
        bottom = (attribute.minimum if attribute.minimum is not None else 0) - 1
        spin.setRange(bottom, INT_CEILING)
        spin.setSpecialValueText("—")
        spin.setAccelerated(True)
        default = attribute.default if isinstance(attribute.default, int) else None
        current = stored if isinstance(stored, int) and not isinstance(stored, bool) else default
        spin.setValue(current if current is not None else bottom)
        tip = attribute.description or attribute.name
        if default is not None:
            tip += f"\nDefault {default}"
        spin.setToolTip(plain_tooltip(tip + "\n— : not given"))
        spin.editingFinished.connect(self._act(self._int_edited, attribute, spin, current))
        self.fields[attribute.name] = {"value": spin}
        return spin

    def _int_edited(self, attribute: EventAttribute, spin: QSpinBox, current: int | None) -> None:
        chosen = None if spin.value() == spin.minimum() else spin.value()
        default = attribute.default if isinstance(attribute.default, int) else None
        if (chosen if chosen is not None else default) == current:
            return
        self._panel.set_attribute(self.record.id, attribute.name, chosen)

    def _enum_field(self, attribute: EventAttribute, stored: Any) -> QComboBox:
        combo = QuietCombo()
        combo.setObjectName(f"attr:{attribute.name}")
        if attribute.default is None:
            combo.addItem("—", None)
        for choice in attribute.values:
            text = choice.name + (" (default)" if choice.name == attribute.default else "")
            combo.addItem(text, choice.name)
            if choice.description:
                combo.setItemData(
                    combo.count() - 1,
                    plain_tooltip(choice.description),
                    Qt.ItemDataRole.ToolTipRole,
                )
        current = stored if stored is not None else attribute.default
        if current is not None and combo.findData(current) < 0:
            combo.addItem(f"{current} (not in the schema)", current)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.setToolTip(plain_tooltip(attribute.description or attribute.name))
        combo.activated.connect(self._act(self._enum_chosen, attribute, combo, current))
        self.fields[attribute.name] = {"value": combo}
        return combo

    def _enum_chosen(self, attribute: EventAttribute, combo: QComboBox, current: Any) -> None:
        chosen = combo.currentData()
        if chosen != current:
            self._panel.set_attribute(self.record.id, attribute.name, chosen)


def _as_dict(stored: Any) -> dict[str, Any]:
    """A stored date or place as a dict (older files and suggesters may store plain text)."""
    if isinstance(stored, dict):
        return stored
    return {"value": stored} if isinstance(stored, str) else {}


def _confirmed(stored: Any) -> bool:
    return isinstance(stored, dict) and bool(stored.get("confirmed"))


def _known(schema: Schema, name: str) -> bool:
    return any(attribute.name == name for attribute in schema.event_attributes)


# ---------------------------------------------------------------------------------------------
# The panel
# ---------------------------------------------------------------------------------------------


class EventPanel(RecordPanel):
    """The inspector's Events tab: the shown document's events and the selected one's editor.

    Implements :class:`~newsmark.gui.inspector.InspectorPanel`. ``select(event_id)`` shows an
    event (the E key, the checks before "done"); ``sig_go_to_span`` asks the window to show a
    span the curator clicked (a trigger, a filler); ``sig_message`` carries a hint for the
    status bar. The selected event stays selected across refreshes; when it leaves the list
    (rejected while rejected ones are hidden, deleted) its neighbour is selected. While the
    tab is hidden only the list is kept up to date; the editor is built when it is shown.

    Threading: UI thread only; it reads through ``curator.store`` and never runs SQL.
    """

    title = "Events"
    sig_message = Signal(str)

    def _setup(self) -> None:
        self._schema = default_schema()
        self._all: list[EventRecord] = []
        self._selected: int | None = None
        self._selected_row = 0
        self._built_for: tuple[EventRecord, Schema] | None = None
        self._editor_stale = True
        self._selecting = False
        self.editor: EventEditor | None = None

        self.heading = plain_label()
        self.heading.setObjectName("eventsHeading")
        self.show_rejected = QCheckBox("Show rejected")
        self.show_rejected.setObjectName("eventsShowRejected")
        self.show_rejected.toggled.connect(lambda _on: self._show_list())
        self.model = EventListModel(self)
        self.list = QListView()
        self.list.setObjectName("eventList")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list.activated.connect(self._on_activated)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 6, 6, 0)
        top_layout.setSpacing(3)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.show_rejected)
        top_layout.addLayout(header)
        top_layout.addWidget(self.list, 1)

        self.placeholder = plain_label(wrap=True, faded=True)
        self.placeholder.setObjectName("eventsPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholder.setContentsMargins(6, 6, 6, 6)
        self._holder = QWidget()
        self._holder_layout = QVBoxLayout(self._holder)
        self._holder_layout.setContentsMargins(0, 0, 0, 0)
        self._holder_layout.addWidget(self.placeholder)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("eventEditorScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self._holder)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._show_list()

    # -- InspectorPanel -----------------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        self._built_for = None  # names, colours and roles may all have changed

    def show_document(self, doc_id: int | None) -> None:
        store = self._curator.store
        if doc_id != self._doc_id:
            self._selected, self._selected_row = None, 0
        self._doc_id = doc_id if store is not None else None
        if store is None or doc_id is None:
            self._all = []
        else:
            self._all = store.document_events(doc_id, include_rejected=True)
        self._show_list()

    def count(self) -> int:
        return sum(1 for event in self._all if event.status != REJECTED)

    # -- selecting ----------------------------------------------------------------------------

    def select(self, event_id: int) -> bool:
        """Show ``event_id`` (an event of the shown document); False if it is not one."""
        if self._doc_id is not None and all(event.id != event_id for event in self._all):
            self.show_document(self._doc_id)  # made since the last refresh
        found = next((event for event in self._all if event.id == event_id), None)
        if found is None:
            return False
        if found.status == REJECTED and not self.show_rejected.isChecked():
            self._selected = event_id
            self.show_rejected.setChecked(True)  # re-lists, keeping the selection
        self._select_row(self.model.row_of(event_id))
        self._update_editor()
        return True

    def selected_event_id(self) -> int | None:
        return self._selected

    def _listed(self) -> list[EventRecord]:
        if self.show_rejected.isChecked():
            return list(self._all)
        return [event for event in self._all if event.status != REJECTED]

    def _show_list(self) -> None:
        listed = self._listed()
        self.model.set_events(listed, self._schema)
        self._show_heading(listed)
        row = self.model.row_of(self._selected) if self._selected is not None else None
        if row is None and listed:
            row = min(self._selected_row, len(listed) - 1)
        self._select_row(row)
        self._update_editor()

    def _show_heading(self, listed: list[EventRecord]) -> None:
        if self._doc_id is None:
            self.heading.setText("No document")
            return
        suggested = sum(1 for event in self._all if event.status == SUGGESTED)
        rejected = sum(1 for event in self._all if event.status == REJECTED)
        shown = self.count()
        words = [f"{shown} event{'' if shown == 1 else 's'}"]
        if suggested:
            words.append(f"{suggested} suggested")
        if rejected:
            words.append(f"{rejected} rejected")
        self.heading.setText(" · ".join(words))
        self.show_rejected.setEnabled(bool(rejected) or self.show_rejected.isChecked())

    def _select_row(self, row: int | None) -> None:
        selection = self.list.selectionModel()
        if row is None:
            self._selected = None
            selection.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(row, 0)
        self._selected, self._selected_row = self.model.record(row).id, row
        self._selecting = True  # the caller updates the editor, once
        try:
            self.list.setCurrentIndex(index)
        finally:
            self._selecting = False
        self.list.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        self._selected, self._selected_row = self.model.record(current.row()).id, current.row()
        self._update_editor()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            trigger = self.model.record(index.row()).trigger
            if trigger is not None:
                self.go_to(trigger.span_id)

    # -- the editor ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._editor_stale:
            self._update_editor()

    def _update_editor(self, *, force: bool = False) -> None:
        """Show the selected event, rebuilding the editor only if its record changed."""
        if not self.isVisible():
            self._editor_stale = True
            return
        self._editor_stale = False
        record = next((event for event in self._all if event.id == self._selected), None)
        if record is None:
            self._retire_editor()
            self._built_for = None
            self.placeholder.setText(self._empty_text())
            self.placeholder.show()
            return
        if not force and self.editor is not None and self._built_for == (record, self._schema):
            return
        self._build_editor(record)

    def _empty_text(self) -> str:
        if self._doc_id is None:
            return "Open a document to see its events."
        if not self._listed():
            return (
                "No events yet.\n\nSelect the words that name one (its trigger) in the text "
                "and press E to choose its type."
            )
        return "Select an event in the list to edit it."

    def _build_editor(self, record: EventRecord) -> None:
        store = self._curator.store
        proposal = store.propose_event_date(record.id) if store is not None else None
        old = self.editor
        focus = QApplication.focusWidget()
        focus_name, cursor = None, None
        if old is not None and focus is not None and old.isAncestorOf(focus):
            focus_name = focus.objectName()
            if isinstance(focus, QLineEdit):
                cursor = focus.cursorPosition()
        scrolled = self.scroll_area.verticalScrollBar().value()
        self._retire_editor()
        self.placeholder.hide()
        self.editor = EventEditor(self, record, self._schema, proposal)
        self._holder_layout.insertWidget(0, self.editor)
        self._built_for = (record, self._schema)
        if focus_name:
            again = self.editor.findChild(QWidget, focus_name)
            if again is not None:
                again.setFocus(Qt.FocusReason.OtherFocusReason)
                if cursor is not None and isinstance(again, QLineEdit):
                    again.setCursorPosition(cursor)
        if scrolled:
            # The new editor's height is known once its layout has run.
            bar = self.scroll_area.verticalScrollBar()
            QTimer.singleShot(0, bar, lambda: bar.setValue(scrolled))

    def _retire_editor(self) -> None:
        old, self.editor = self.editor, None
        if old is None:
            return
        old.retire()  # first: hiding it moves the focus, and a field losing it must not write
        self._holder_layout.removeWidget(old)
        old.hide()
        old.deleteLater()

    def label_colour(self, label: str) -> str:
        return self._view.label_colour(label)

    # -- edits (called by the editor) ---------------------------------------------------------

    def _edit(self, edit: Edit) -> Change | None:
        change = self._change(edit)
        if change is None:
            # Refused (the window says why): the fields show what is stored again.
            self._update_editor(force=True)
        return change

    def say(self, message: str) -> None:
        self.sig_message.emit(message)

    def set_type(self, event_id: int, event_type: str, subtype: str | None) -> None:
        self._edit(lambda store, _who: store.set_event_type(event_id, event_type, subtype))

    def set_status(self, event_id: int, status: str) -> None:
        self._edit(lambda store, who: store.set_event_status(event_id, status, annotator=who))

    def delete_event(self, event_id: int) -> None:
        self._edit(lambda store, _who: store.delete_event(event_id))

    def remove_argument(self, argument_id: int) -> None:
        self._edit(lambda store, _who: store.remove_argument(argument_id))

    def set_attribute(self, event_id: int, name: str, value: Any) -> None:
        self._edit(lambda store, _who: store.set_event_attribute(event_id, name, value))

    def confirm_date(self, event_id: int, proposal: DateProposal) -> None:
        self._edit(lambda store, _who: store.confirm_event_date(event_id, proposal))

    def add_span_argument(self, event_id: int, role: str, span: StoredSpan) -> None:
        self._edit(
            lambda store, who: store.add_argument(event_id, role, span_id=span.id, annotator=who)
        )

    def fill_from_text(self, event_id: int, role: EventRole) -> None:
        """Fill ``role`` with the mention meant now, or with the span clicked next."""
        labels = role_labels(role)
        selected = self._picker.selected_offsets() is not None
        span = self._picker.mention(labels)
        # The caret resting on a span the role cannot take (often the trigger just made)
        # means nothing was chosen yet: wait for a click instead of refusing.
        if span is not None and (selected or role.accepts(span.label)):
            self.add_span_argument(event_id, role.name, span)
            return
        self._picker.pick(
            f"Click the {role.name} in the text",
            lambda clicked: self.add_span_argument(event_id, role.name, clicked),
        )

    def fill_with_actor(self, event_id: int, role: EventRole) -> None:
        """Fill ``role`` with a registry actor chosen (or made) in the actor chooser; the
        search starts from the selection, and a new actor is linked to that mention."""
        text, span = self._mention_hint()
        span_id = span.id if span is not None and role.accepts(span.label) else None
        actor_id = choose_actor(self, self._curator, text=text, from_span_id=span_id)
        if actor_id is None:
            return
        self._edit(
            lambda store, who: store.add_argument(
                event_id, role.name, actor_id=actor_id, annotator=who
            )
        )

    def fill_with_value(self, event_id: int, role: str) -> None:
        value, ok = QInputDialog.getText(
            self, f"Fill {role}", f"The {role} of the event, in a few words:"
        )
        if ok and value.strip():
            self._edit(
                lambda store, who: store.add_argument(event_id, role, value=value, annotator=who)
            )

    def _mention_hint(self) -> tuple[str, StoredSpan | None]:
        """What is selected (or the span under the caret), to start the actor search with."""
        document = self._view.document()
        offsets = self._picker.selected_offsets()
        if document is not None and offsets is not None:
            exact = [s for s in self._view.spans() if (s.start, s.end) == offsets]
            return document.text[offsets[0] : offsets[1]], exact[0] if exact else None
        focused = self._view.focused_span()
        if focused is not None and focused.label != TRIGGER:
            return focused.text, focused
        return "", None

    def trigger_from_text(self, event_id: int) -> None:
        """Make the selection, the TRIGGER span under the caret, or the span clicked next the
        event's trigger (a span of another label gets a TRIGGER span over the same words)."""
        offsets = self._picker.selected_offsets()
        if offsets is not None:
            self._set_trigger_at(event_id, offsets)
            return
        focused = self._view.focused_span()
        if focused is not None and focused.label == TRIGGER:
            self._set_trigger_span(event_id, focused.id)
            return

        def clicked(span: StoredSpan) -> None:
            if span.label == TRIGGER:
                self._set_trigger_span(event_id, span.id)
            else:
                self._set_trigger_at(event_id, (span.start, span.end))

        self._picker.pick("Click the words that name the event in the text", clicked)

    def _set_trigger_at(self, event_id: int, offsets: tuple[int, int]) -> None:
        # One change, one undo step: the TRIGGER span over the words and the new trigger.
        self._edit(
            lambda store, who: store.set_event_trigger(
                event_id, None, trigger=offsets, annotator=who
            )
        )

    def _set_trigger_span(self, event_id: int, span_id: int) -> None:
        self._edit(lambda store, who: store.set_event_trigger(event_id, span_id, annotator=who))

    def place_from_text(self, event_id: int, attribute: EventAttribute, combo: QComboBox) -> None:
        """Set a place attribute from a place mention: its words and its span."""
        labels = list(PLACE_LABELS)
        if any(role.name == PLACE_ROLE for role in self._schema.roles):
            labels = role_labels(self._schema.role(PLACE_ROLE)) or labels
        precision = combo.currentData()

        def use(span: StoredSpan) -> None:
            value = {"value": span.text, "precision": precision, "span_id": span.id}
            self.set_attribute(event_id, attribute.name, value)

        selected = self._picker.selected_offsets() is not None
        span = self._picker.mention(labels)
        if span is not None and (selected or span.label in labels):
            use(span)
            return
        self._picker.pick(f"Click the {attribute.name} in the text", use)
