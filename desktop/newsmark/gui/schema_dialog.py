"""Project ▸ Schema: the project's names with how much each is used; rename, remove, add, load.

Every edit goes through the Curator, so it is one undo step like any annotation, and a
refusal (a name still in use, a name the schema rules do not allow) arrives as the Curator's
error message.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.schema import Schema, SchemaError, load_schema
from newsmark.core.schema_curation import SchemaUsage, describe_name
from newsmark.gui.annotating import swatch
from newsmark.gui.curation import Curator

_KIND_ROLE = Qt.ItemDataRole.UserRole
# (kind, section title) in the order the schema file lists them
_SECTIONS = (
    ("label", "Span labels"),
    ("event_type", "Event types and sub-types"),
    ("role", "Event roles"),
    ("actor_kind", "Actor kinds"),
    ("claim_type", "Claim types"),
    ("stance", "Claim stances"),
    ("relation", "Relation labels"),
)


class SchemaDialog(QDialog):
    """Shows the project's schema as a tree of names with usage counts, and edits it.

    Threading: UI thread only.
    """

    def __init__(self, curator: Curator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Project schema")
        self._curator = curator
        self.tree = QTreeWidget()
        self.tree.setObjectName("schemaNames")
        self.tree.setHeaderLabels(["Name", "Used by"])
        self.tree.setColumnWidth(0, 340)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.source_label = QLabel()
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)
        self.source_label.setWordWrap(True)
        self.rename_button = QPushButton("&Rename…")
        self.remove_button = QPushButton("Re&move")
        self.add_label_button = QPushButton("Add &label…")
        self.load_button = QPushButton("&Load schema file…")
        self.export_button = QPushButton("&Export schema file…")
        self.rename_button.clicked.connect(self.rename_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.add_label_button.clicked.connect(self.add_label_dialog)
        self.load_button.clicked.connect(self.load_dialog)
        self.export_button.clicked.connect(self.export_dialog)
        row = QHBoxLayout()
        for button in (self.rename_button, self.remove_button, self.add_label_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.load_button)
        row.addWidget(self.export_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(640, 560)
        # Counting every name's uses reads the whole project: only while the dialog is open.
        curator.sig_changed.connect(self._on_changed)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def _on_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        store = self._curator.store
        if store is None:
            self.tree.clear()
            return
        current = self._current()
        schema = store.project_schema()
        usage = store.schema_usage()
        self.source_label.setText(
            "This project has its own schema (stored in the project file)."
            if store.has_own_schema()
            else "This project uses the default schema; a change here gives it its own."
        )
        self.tree.clear()
        for kind, title in _SECTIONS:
            section = QTreeWidgetItem([title, ""])
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(section)
            for name, colour, subtypes in _names(schema, kind):
                item = self._item(section, kind, name, None, usage)
                if colour:
                    item.setIcon(0, swatch(colour))
                for subtype in subtypes:
                    self._item(item, "subtype", subtype, name, usage)
            section.setExpanded(kind != "event_type")
        if current is not None:
            self._select(*current)
        self._update_buttons()

    def _item(
        self,
        parent: QTreeWidgetItem,
        kind: str,
        name: str,
        event_type: str | None,
        usage: SchemaUsage,
    ) -> QTreeWidgetItem:
        count = usage.uses(kind, name, event_type=event_type)
        item = QTreeWidgetItem(parent, [name, f"{count:,}" if count else ""])
        item.setData(0, _KIND_ROLE, (kind, name, event_type))
        item.setToolTip(0, describe_name(kind, name, event_type=event_type))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _current(self) -> tuple[str, str, str | None] | None:
        item = self.tree.currentItem()
        return item.data(0, _KIND_ROLE) if item is not None else None

    def _select(self, kind: str, name: str, event_type: str | None) -> bool:
        for item in _walk(self.tree):
            if item.data(0, _KIND_ROLE) == (kind, name, event_type):
                self.tree.setCurrentItem(item)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self._current() is not None
        self.rename_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # -- editing ----------------------------------------------------------------------------

    def rename(self, kind: str, name: str, new: str, event_type: str | None = None) -> bool:
        change = self._curator.change(
            lambda store, _who: store.rename_in_schema(kind, name, new, event_type=event_type)
        )
        if change is not None:
            self._select(kind, new, event_type)
        return change is not None

    def remove(self, kind: str, name: str, event_type: str | None = None) -> bool:
        change = self._curator.change(
            lambda store, _who: store.remove_from_schema(kind, name, event_type=event_type)
        )
        return change is not None

    def add_label(self, name: str, hotkey: str | None = None) -> bool:
        change = self._curator.change(
            lambda store, _who: store.add_to_schema("label", name, hotkey=hotkey or None)
        )
        if change is not None:
            self._select("label", name, None)
        return change is not None

    def load(self, path: str | Path) -> bool:
        """Use a schema file; a file with errors is reported with its lines, nothing changed."""
        store = self._curator.store
        if store is None:
            return False
        try:
            load_schema(path)  # the file's own errors, with lines, before anything is tried
        except SchemaError as exc:
            self._curator.sig_error.emit(f"The schema file was not used:\n{exc}")
            return False
        change = self._curator.change(lambda s, _who: s.load_project_schema(path))
        return change is not None

    def export(self, path: str | Path) -> None:
        store = self._curator.store
        if store is not None:
            Path(path).write_text(store.project_schema().as_json(), encoding="utf-8")

    def rename_current(self) -> None:
        current = self._current()
        if current is None:
            return
        kind, name, event_type = current
        new, ok = QInputDialog.getText(
            self, "Rename", f"New name for {describe_name(kind, name, event_type=event_type)}:"
        )
        if ok and new.strip() and new.strip() != name:
            self.rename(kind, name, new.strip(), event_type)

    def remove_current(self) -> None:
        current = self._current()
        if current is not None:
            self.remove(*current)

    def add_label_dialog(self) -> None:
        name, ok = QInputDialog.getText(self, "Add label", "Name of the new span label:")
        if ok and name.strip():
            self.add_label(name.strip())

    def load_dialog(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Load schema", "", "Schema files (*.json);;All files (*)"
        )
        if chosen:
            self.load(chosen)

    def export_dialog(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export schema", "schema.json", "Schema files (*.json)"
        )
        if chosen:
            self.export(chosen)


def _names(schema: Schema, kind: str) -> list[tuple[str, str | None, list[str]]]:
    """(name, colour or None, sub-types) of each name of ``kind`` in the schema."""
    if kind == "label":
        return [(x.name, x.colour, []) for x in schema.entity_labels]
    if kind == "event_type":
        return [(t.name, t.colour, [sub.name for sub in t.subtypes]) for t in schema.event_types]
    if kind == "actor_kind":
        return [(k, None, []) for t in schema.actor_types for k in t.kinds]
    named = {
        "role": schema.roles,
        "claim_type": schema.claim_types,
        "stance": schema.claim_stances,
        "relation": schema.relation_labels,
    }[kind]
    return [(x.name, None, []) for x in named]


def _walk(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    found = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.child(i) for i in range(item.childCount()))
    return found
