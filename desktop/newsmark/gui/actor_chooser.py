"""Choosing a registry actor by typing part of a name or alias, or making a new one.

The inspector's panels ask for an actor in several places (a claim's claimant, what a claim
is about, a relation's end); they all call :func:`choose_actor`, which shows an
:class:`ActorChooser` and, when the curator asks for a new actor, creates it as an undoable
edit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.actor_registry import ActorRecord
from newsmark.core.store import Store
from newsmark.gui.curation import Curator
from newsmark.gui.widgets import plain_label, plain_tooltip

RESULT_LIMIT = 50
COLUMNS = ("Name", "Type", "Country", "Aliases", "Mentions")
COL_NAME, COL_TYPE, COL_COUNTRY, COL_ALIASES, COL_MENTIONS = range(len(COLUMNS))
EXISTING = "existing"
NEW = "new"

Choice = tuple[str, int | str]  # ("existing", actor id) or ("new", name)


def spoken(name: str | None) -> str:
    """A schema or registry name as prose: ``rebel_group`` → ``rebel group``."""
    return (name or "").replace("_", " ")


class ActorChooser(QDialog):
    """Type-ahead over the registry: pick an actor, or ask for a new one named as typed.

    Results follow the text as it is typed (``Store.search_actors``); the last row offers to
    create an actor with that name. Enter chooses the highlighted row (the first result while
    typing), Down moves into the list, Esc cancels. After ``exec()``, :attr:`choice` is
    ``("existing", id)``, ``("new", name)`` or None.

    Threading: UI thread only; it reads the window's Store.
    """

    def __init__(self, store: Store, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Choose an actor")
        self.choice: Choice | None = None
        self._store = store
        self.search = QLineEdit()
        self.search.setObjectName("actorSearch")
        self.search.setPlaceholderText("Type a name or an alias")
        self.search.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        self.results.setObjectName("actorResults")
        self.results.setColumnCount(len(COLUMNS))
        self.results.setHeaderLabels(list(COLUMNS))
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.results.header()
        header.setStretchLastSection(False)
        metrics = self.results.fontMetrics()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, sample in (
            (COL_TYPE, "political militia"),
            (COL_COUNTRY, "Country"),
            (COL_ALIASES, "Aliases, aliases, aliases"),
            (COL_MENTIONS, "Mentions"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        self.hint = plain_label("Enter chooses · ↓ moves into the list · Esc cancels")
        self.hint.setEnabled(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(600, 380)

        self.search.setText(text)
        self.search.textChanged.connect(self._refresh)
        self.search.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item, _column: self.accept())
        self.results.currentItemChanged.connect(lambda *_: self._update_button())
        self._refresh()
        self.search.selectAll()
        self.search.setFocus()

    # -- what is listed ---------------------------------------------------------------------

    def _refresh(self) -> None:
        text = " ".join(self.search.text().split())
        found = self._store.search_actors(text, limit=RESULT_LIMIT)
        self.results.clear()
        for actor in found:
            self.results.addTopLevelItem(_actor_item(actor))
        if text:
            create = QTreeWidgetItem([f"Create “{text}”"])
            create.setData(COL_NAME, Qt.ItemDataRole.UserRole, (NEW, text))
            create.setToolTip(COL_NAME, plain_tooltip(f"Add “{text}” to the registry"))
            font = QFont(self.results.font())
            font.setItalic(True)
            create.setFont(COL_NAME, font)
            self.results.addTopLevelItem(create)
            create.setFirstColumnSpanned(True)
        if self.results.topLevelItemCount():
            self.results.setCurrentItem(self.results.topLevelItem(0))
        self._update_button()

    def _update_button(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.results.currentItem() is not None
        )

    def rows(self) -> list[str]:
        """The names listed, the "Create …" row included (for tests and checks)."""
        return [
            self.results.topLevelItem(row).text(COL_NAME)
            for row in range(self.results.topLevelItemCount())
        ]

    # -- choosing ---------------------------------------------------------------------------

    def accept(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.choice = item.data(COL_NAME, Qt.ItemDataRole.UserRole)
        super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.search and key == Qt.Key.Key_Down:
            if self.results.topLevelItemCount():
                self.results.setFocus(Qt.FocusReason.TabFocusReason)
                if self.results.currentItem() is None:
                    self.results.setCurrentItem(self.results.topLevelItem(0))
            return True
        # Up from the first row goes back to typing, as in a completer's popup.
        first = self.results.indexOfTopLevelItem(self.results.currentItem()) <= 0
        if watched is self.results and key == Qt.Key.Key_Up and first:
            self.search.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False


def _actor_item(actor: ActorRecord) -> QTreeWidgetItem:
    aliases = ", ".join(actor.aliases)
    item = QTreeWidgetItem(
        [
            actor.name,
            spoken(actor.type),
            actor.country or "",
            aliases,
            f"{actor.mention_count:,}",
        ]
    )
    item.setData(COL_NAME, Qt.ItemDataRole.UserRole, (EXISTING, actor.id))
    item.setTextAlignment(COL_MENTIONS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    lines = [actor.name]
    details = " · ".join(part for part in (spoken(actor.type), actor.country) if part)
    if details:
        lines.append(details)
    if aliases:
        lines.append(f"also: {aliases}")
    lines.append(f"{actor.mention_count:,} linked mentions")
    tip = plain_tooltip("\n".join(lines))
    for column in range(len(COLUMNS)):
        item.setToolTip(column, tip)
    return item


def choose_actor(
    parent: QWidget | None, curator: Curator, text: str = "", from_span_id: int | None = None
) -> int | None:
    """Ask for an actor; the id of the one chosen, or of the one created, or None.

    A new actor is created through ``curator`` (one undoable edit); with ``from_span_id`` that
    mention is linked to it and its text becomes an alias when it is not the name.
    """
    store = curator.store
    if store is None:
        return None
    dialog = ActorChooser(store, text, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
            return None
        kind, value = dialog.choice
    finally:
        dialog.deleteLater()
    if kind == EXISTING:
        return int(value)
    name = str(value)
    change = curator.change(
        lambda store, who: store.create_actor(name, from_span_id=from_span_id, annotator=who)
    )
    if change is None or change.result is None:
        return None
    return int(change.result)
