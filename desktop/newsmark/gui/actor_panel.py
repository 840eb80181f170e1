"""The Actors tab of the inspector: the shown document's actors and the registry's editor.

The top part lists the actors the shown document's mentions are linked to, and says what the
mention under the caret is linked to, with buttons to link, change, unlink it or make an
actor of it. The bottom part searches the registry as the curator types and edits the chosen
actor: name, kind (grouped by ACLED actor type), country, Wikidata id and aliases; it links
every unlinked mention of the actor's names in one step, merges it into another, deletes it,
and imports or exports the registry as CSV. Every edit goes through :meth:`Curator.change`,
so each is one undo step; the window shows the panel again after each one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pycountry
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.actor_registry import ActorImportReport, ActorRecord, UnknownActorError
from newsmark.core.changes import Change
from newsmark.core.schema import Schema, default_schema
from newsmark.core.store import Store, StoredSpan
from newsmark.core.wording import plural
from newsmark.gui.actor_chooser import choose_actor, spoken
from newsmark.gui.curation import quoted
from newsmark.gui.item_models import OneCallPerCell, role_set
from newsmark.gui.widgets import (
    Edit,
    FlowLayout,
    RecordPanel,
    heading,
    plain_label,
    plain_message_box,
    plain_tooltip,
    record_table,
    removable_chip,
)

AnyIndex = QModelIndex | QPersistentModelIndex

RESULT_LIMIT = 200
COLUMNS = ("Name", "Type", "Country", "#")
HEADER_TIPS = ("", "ACLED actor type", "ISO 3166 alpha-3", "Linked mentions in the project")
COL_NAME, COL_TYPE, COL_COUNTRY, COL_MENTIONS = range(len(COLUMNS))
CSV_PLAIN = "CSV, UTF-8 (*.csv)"
CSV_EXCEL = "CSV, UTF-8 with BOM for Excel (*.csv)"
CSV_OPEN = "CSV files (*.csv *.tsv *.txt);;All files (*)"
NO_TYPE = "(no type)"


@functools.cache
def countries() -> tuple[tuple[str, str], ...]:
    """(name as shown, ISO alpha-3) of every country, by name: the common name when it has one
    ("Iran", not "Iran, Islamic Republic of"), which the registry also accepts."""
    named = [
        (str(getattr(country, "common_name", None) or country.name), str(country.alpha_3))
        for country in pycountry.countries
    ]
    return tuple(sorted(named, key=lambda pair: pair[0].casefold()))


def country_name(code: str | None) -> str:
    """The shown name of an alpha-3 code ("" for None; the code itself when unknown)."""
    if not code:
        return ""
    for name, alpha_3 in countries():
        if alpha_3 == code:
            return name
    return code


class ActorTableModel(OneCallPerCell, QAbstractTableModel):
    """Registry search results: name, ACLED actor type, country code, linked mentions.

    Threading: UI thread only.
    """

    _ROLES = role_set(
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole,
    )

    def __init__(self, type_name: Callable[[str | None], str], parent: Any = None):
        super().__init__(parent)
        self._actors: list[ActorRecord] = []
        self._row_of: dict[int, int] = {}
        self._type_name = type_name

    def set_actors(self, actors: Sequence[ActorRecord]) -> None:
        self.beginResetModel()
        self._actors = list(actors)
        self._row_of = {actor.id: row for row, actor in enumerate(self._actors)}
        self.endResetModel()

    def set_type_name(self, type_name: Callable[[str | None], str]) -> None:
        self._type_name = type_name
        if self._actors:
            last = len(self._actors) - 1
            self.dataChanged.emit(self.index(0, COL_TYPE), self.index(last, COL_TYPE))

    def actor(self, row: int) -> ActorRecord:
        return self._actors[row]

    def actors(self) -> list[ActorRecord]:
        return list(self._actors)

    def row_of(self, actor_id: int | None) -> int | None:
        return self._row_of.get(actor_id) if actor_id is not None else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._actors)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and HEADER_TIPS[section]:
            return HEADER_TIPS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self._ROLES or not 0 <= index.row() < len(self._actors):
            return None
        actor = self._actors[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return actor.name
            if column == COL_TYPE:
                return self._type_name(actor.type)
            if column == COL_COUNTRY:
                return actor.country or ""
            return f"{actor.mention_count:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_MENTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip("\n".join(actor_summary(actor, self._type_name)))
        if role == Qt.ItemDataRole.UserRole:
            return actor.id
        return None


def actor_summary(actor: ActorRecord, type_name: Callable[[str | None], str]) -> list[str]:
    """Lines describing an actor for a tooltip: name, kind and type, country, ids, aliases."""
    lines = [actor.name]
    if actor.type:
        lines.append(f"{spoken(actor.type)} ({type_name(actor.type)})")
    if actor.country:
        lines.append(f"{country_name(actor.country)} ({actor.country})")
    lines += [f"{key}: {value}" for key, value in sorted(actor.external_ids.items())]
    if actor.aliases:
        lines.append("also: " + ", ".join(actor.aliases))
    lines.append(f"{plural(actor.mention_count, 'linked mention')} in the project")
    return lines


class ActorImportDialog(QDialog):
    """What an actor CSV import did: counts, then each skipped row and why (plain text).

    Threading: UI thread only.
    """

    def __init__(self, report: ActorImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Actors imported")
        self.report = report
        name = Path(report.path).name
        counts = (
            f"{name}: {plural(report.created, 'actor')} created, {report.updated:,} updated, "
            f"{report.unchanged:,} unchanged."
        )
        if report.problems:
            counts += (
                f"\n{plural(len(report.problems), 'row')} skipped; fix them in the file "
                "and import it again:"
            )
        self.summary = plain_label(counts, wrap=True)
        self.summary.setObjectName("actorImportSummary")
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("actorImportProblems")
        self.problem_list.addItems(report.problems)
        self.problem_list.setWordWrap(True)
        self.problem_list.setVisible(bool(report.problems))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_list, 1)
        layout.addWidget(buttons)
        self.resize(640, 360 if report.problems else 120)

    def problems(self) -> list[str]:
        return [self.problem_list.item(i).text() for i in range(self.problem_list.count())]


class ActorPanel(RecordPanel):
    """The inspector's Actors tab (see the module docstring).

    ``select(actor_id)`` shows an actor in the editor; ``link_focused_mention()`` links the
    mention under the caret through the actor chooser (the window binds it to a key).
    ``sig_go_to_span`` asks the window to go to a mention, ``sig_message`` to say something in
    the status bar. The registry part is read again only while the tab is visible (and when it
    becomes so); what the curator is typing in a field is never overwritten by a refresh.

    Threading: UI thread only; it reads through ``curator.store`` and edits through
    ``curator.change``.
    """

    title = "Actors"
    sig_message = Signal(str)

    def _setup(self) -> None:
        self._schema: Schema = default_schema()
        self._doc_actors: list[tuple[ActorRecord, list[StoredSpan]]] = []
        self._focused: StoredSpan | None = None
        self._actor_id: int | None = None
        self._actor: ActorRecord | None = None
        self._restoring = False
        self._registry_stale = True
        self.import_dialog: ActorImportDialog | None = None

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_document_part())
        self.splitter.addWidget(self._build_registry_part())
        self.splitter.addWidget(self._build_editor())
        self.splitter.setSizes([190, 250, 400])
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.addWidget(self.splitter)

        self._view.sig_focus_changed.connect(lambda _span_id: self._show_focus())
        self._fill_type_combo()
        self.show_document(None)

    # -- building ---------------------------------------------------------------------------

    def _build_document_part(self) -> QWidget:
        part = QWidget()
        self.document_heading = heading("In this document")
        self.document_actors = QTreeWidget()
        self.document_actors.setObjectName("documentActors")
        self.document_actors.setHeaderLabels(["Actor", "Here"])
        self.document_actors.setRootIsDecorated(False)
        self.document_actors.setUniformRowHeights(True)
        self.document_actors.setAlternatingRowColors(True)
        self.document_actors.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.document_actors.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("Here") + 24)
        self.document_actors.setToolTip(
            "Click: show the actor in the registry · double-click: go to its next mention here"
        )
        self.document_actors.itemClicked.connect(self._on_document_actor_clicked)
        self.document_actors.itemActivated.connect(self._on_document_actor_activated)

        self.focus_label = plain_label(wrap=True)
        self.focus_label.setObjectName("actorFocus")
        self.show_button = QPushButton("Show")
        self.show_button.setToolTip("Show this actor in the registry below")
        self.change_button = QPushButton("Change…")
        self.change_button.setToolTip("Link this mention to another actor (Ctrl+L)")
        self.unlink_button = QPushButton("Unlink")
        self.link_button = QPushButton("Link…")
        self.link_button.setToolTip("Link this mention to a registry actor (Ctrl+L)")
        self.new_from_mention_button = QPushButton("New actor from mention")
        self.new_from_mention_button.setToolTip(
            "Add an actor named as this mention to the registry and link the mention to it"
        )
        self.show_button.clicked.connect(self._show_focused_actor)
        self.change_button.clicked.connect(self.link_focused_mention)
        self.link_button.clicked.connect(self.link_focused_mention)
        self.unlink_button.clicked.connect(self.unlink_focused_mention)
        self.new_from_mention_button.clicked.connect(self.new_actor_from_mention)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.show_button,
            self.change_button,
            self.unlink_button,
            self.link_button,
            self.new_from_mention_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.document_heading)
        layout.addWidget(self.document_actors, 1)
        layout.addWidget(self.focus_label)
        layout.addLayout(buttons)
        return part

    def _build_registry_part(self) -> QWidget:
        part = QWidget()
        self.registry_heading = heading("Registry")
        self.search = QLineEdit()
        self.search.setObjectName("registrySearch")
        self.search.setPlaceholderText("Search names and aliases…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._refresh_registry())
        self.search.returnPressed.connect(self._choose_first_result)
        self.new_button = QToolButton()
        self.new_button.setText("New")
        self.new_button.setToolTip("Add an actor named as the search text to the registry")
        self.new_button.clicked.connect(self.new_actor_from_search)
        self.csv_button = QToolButton()
        self.csv_button.setText("CSV")
        self.csv_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        csv_menu = QMenu(self.csv_button)
        self.import_action = csv_menu.addAction("Import CSV…", self.choose_import_file)
        self.export_action = csv_menu.addAction("Export CSV…", self.choose_export_file)
        self.csv_button.setMenu(csv_menu)
        self.csv_button.setToolTip("Import or export the registry as a CSV file")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.csv_button)

        self.model = ActorTableModel(self.type_name, self)
        self.table = record_table(self.model, "registryTable")
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, sample in (
            (COL_TYPE, "Identity militias"),
            (COL_COUNTRY, "Country"),
            (COL_MENTIONS, "9,999"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.registry_heading)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        return part

    def _build_editor(self) -> QWidget:
        self.editor = QWidget()
        self.editor.setObjectName("actorEditor")
        self.editor_heading = heading("")
        self.editor_heading.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.editingFinished.connect(self._commit_name)

        self.type_combo = QComboBox()
        self.type_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.type_combo.setMinimumContentsLength(12)
        self.type_combo.activated.connect(self._commit_type)

        self.country_combo = QComboBox()
        self.country_combo.setEditable(True)
        self.country_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.country_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.country_combo.setMinimumContentsLength(12)
        self.country_combo.addItem("", None)
        for name, code in countries():
            self.country_combo.addItem(name, code)
        completer = QCompleter(self.country_combo.model(), self.country_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.country_combo.setCompleter(completer)
        country_edit = self.country_combo.lineEdit()
        country_edit.setPlaceholderText("Country name or ISO code")
        country_edit.editingFinished.connect(self._commit_country)
        self.country_combo.activated.connect(lambda _index: self._commit_country())
        completer.activated.connect(lambda _text: self._commit_country())

        self.wikidata_edit = QLineEdit()
        self.wikidata_edit.setPlaceholderText("Q… (or paste the Wikidata page address)")
        self.wikidata_edit.editingFinished.connect(self._commit_wikidata)

        self.alias_box = QWidget()
        self.alias_box.setObjectName("aliasChips")
        self.alias_flow = FlowLayout(self.alias_box)
        self.alias_edit = QLineEdit()
        self.alias_edit.setPlaceholderText("Add alias (Enter)")
        self.alias_edit.returnPressed.connect(self.add_alias_from_field)
        aliases = QVBoxLayout()
        aliases.setContentsMargins(0, 0, 0, 0)
        aliases.addWidget(self.alias_box)
        aliases.addWidget(self.alias_edit)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Name", self.name_edit)
        form.addRow("Type", self.type_combo)
        form.addRow("Country", self.country_combo)
        form.addRow("Wikidata", self.wikidata_edit)
        form.addRow("Aliases", aliases)

        self.link_all_button = QPushButton("Link all unlinked mentions")
        self.link_all_button.setToolTip(
            "Link every mention in the project that reads as the name or an alias and is "
            "linked to no actor (one undo step)"
        )
        self.link_all_button.clicked.connect(self.link_all_unlinked)
        self.merge_button = QPushButton("Merge into…")
        self.merge_button.setToolTip(
            "Fold this actor into another: its mentions, roles, claims and relations move "
            "there, its names become aliases, and it is removed"
        )
        self.merge_button.clicked.connect(self.merge_into)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Remove this actor (only if nothing refers to it)")
        self.delete_button.clicked.connect(self.delete_actor)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.merge_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)

        self.fields = QWidget()
        fields = QVBoxLayout(self.fields)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addLayout(form)
        fields.addWidget(self.link_all_button)
        fields.addLayout(row)

        layout = QVBoxLayout(self.editor)
        layout.setContentsMargins(0, 4, 4, 4)
        layout.addWidget(self.editor_heading)
        layout.addWidget(self.fields)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self.editor)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    # -- the inspector's protocol -------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        self._fill_type_combo()
        self.model.set_type_name(self.type_name)

    def show_document(self, doc_id: int | None) -> None:
        self._doc_id = doc_id
        self._refresh_document_part()
        self._show_focus()
        if self.isVisible():
            self._refresh_registry()
        else:
            # Read again when the tab is shown: other tabs' edits cost no registry queries.
            self._registry_stale = True

    def count(self) -> int:
        return len(self._doc_actors)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._registry_stale:
            self._refresh_registry()

    def select(self, actor_id: int) -> None:
        """Show ``actor_id`` in the registry part (clearing a search that hides it).

        A field of the actor shown before that is still being typed in is saved first, as
        leaving the field would.
        """
        if actor_id != self._actor_id:
            self._commit_pending()
        self._actor_id = actor_id
        if self.model.row_of(actor_id) is None and self.search.text():
            self.search.clear()  # refreshes the registry
        else:
            self._refresh_registry()
        self._fill_editor(force=True)
        row = self.model.row_of(actor_id)
        if row is not None:
            self.table.scrollTo(self.model.index(row, COL_NAME))

    def selected_actor_id(self) -> int | None:
        return self._actor_id

    # -- names ------------------------------------------------------------------------------

    def type_name(self, kind: str | None) -> str:
        """The ACLED actor type a registry kind falls under ("State forces"), or ""."""
        if not kind:
            return ""
        code = self._schema.actor_kinds.get(kind)
        if code is None:
            return f"{spoken(kind)} (not in the schema)"
        return self._schema.actor_type(code).name

    def type_label(self, kind: str) -> str:
        """A kind as the type menu shows it: "government — 1 State forces"."""
        code = self._schema.actor_kinds.get(kind)
        if code is None:
            return f"{spoken(kind)} — not in the schema"
        return f"{spoken(kind)} — {code} {self._schema.actor_type(code).name}"

    def _fill_type_combo(self) -> None:
        combo = self.type_combo
        combo.clear()
        combo.addItem(NO_TYPE, None)
        for actor_type in self._schema.actor_types:
            if not actor_type.kinds:
                continue
            combo.insertSeparator(combo.count())
            for kind in actor_type.kinds:
                combo.addItem(self.type_label(kind), kind)
                if actor_type.description:
                    combo.setItemData(
                        combo.count() - 1,
                        plain_tooltip(actor_type.description),
                        Qt.ItemDataRole.ToolTipRole,
                    )
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        if self._actor is not None:
            self._show_type(self._actor.type)

    def _show_type(self, kind: str | None) -> None:
        combo = self.type_combo
        index = combo.findData(kind)
        if index < 0 and kind:
            # A kind the schema no longer lists: shown as it is, so it is not silently lost.
            combo.addItem(self.type_label(kind), kind)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    # -- the shown document ---------------------------------------------------------------------

    def _store(self) -> Store | None:
        return self._curator.store

    def _spans(self) -> list[StoredSpan]:
        store, doc_id = self._store(), self._doc_id
        if store is None or doc_id is None:
            return []
        document = self._view.document()
        if document is not None and document.id == doc_id:
            return self._view.spans()
        return store.document_spans(doc_id)

    def _refresh_document_part(self) -> None:
        store = self._store()
        linked: dict[int, list[StoredSpan]] = {}
        for span in self._spans():
            if span.actor_id is not None and span.status != "rejected":
                linked.setdefault(span.actor_id, []).append(span)
        self._doc_actors = []
        for actor_id, spans in linked.items():
            try:
                record = store.actor(actor_id) if store is not None else None
            except UnknownActorError:
                continue  # the view's spans may predate a merge; the next refresh catches up
            if record is not None:
                self._doc_actors.append((record, spans))
        self._doc_actors.sort(key=lambda pair: (-len(pair[1]), pair[0].name.casefold()))
        tree = self.document_actors
        selected = self._document_actor_id(tree.currentItem())
        tree.clear()
        for record, spans in self._doc_actors:
            item = QTreeWidgetItem([record.name, f"{len(spans):,}"])
            item.setData(0, Qt.ItemDataRole.UserRole, record.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            forms = sorted({" ".join(span.text.split()) for span in spans})
            tip = plain_tooltip(
                "\n".join(
                    [
                        *actor_summary(record, self.type_name),
                        f"here as: {', '.join(forms)}",
                    ]
                )
            )
            item.setToolTip(0, tip)
            item.setToolTip(1, tip)
            tree.addTopLevelItem(item)
            if record.id == selected:
                tree.setCurrentItem(item)
        if self._doc_id is None:
            self.document_heading.setText("In this document")
        elif self._doc_actors:
            self.document_heading.setText(
                f"In this document: {plural(len(self._doc_actors), 'actor')}"
            )
        else:
            self.document_heading.setText("In this document: no mention linked yet")

    def document_actor_rows(self) -> list[tuple[str, int]]:
        """(actor name, mentions here) as listed, for tests and checks."""
        return [(record.name, len(spans)) for record, spans in self._doc_actors]

    @staticmethod
    def _document_actor_id(item: QTreeWidgetItem | None) -> int | None:
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_document_actor_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        actor_id = self._document_actor_id(item)
        if actor_id is not None:
            self.select(actor_id)

    def _on_document_actor_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        actor_id = self._document_actor_id(item)
        if actor_id is not None:
            self.go_to_next_mention(actor_id)

    def go_to_next_mention(self, actor_id: int) -> int | None:
        """Ask to go to the actor's next mention here after the caret's (wrapping); its id."""
        spans = next((s for record, s in self._doc_actors if record.id == actor_id), [])
        if not spans:
            return None
        ordered = sorted(spans, key=lambda span: (span.start, span.id))
        focused = self._view.focused_span()
        after = focused.start if focused is not None else -1
        target = next((span for span in ordered if span.start > after), ordered[0])
        self.go_to(target.id)
        return target.id

    # -- the mention under the caret ----------------------------------------------------------

    def _show_focus(self) -> None:
        store = self._store()
        span = self._view.focused_span() if store is not None else None
        document = self._view.document()
        if span is not None and (document is None or document.id != self._doc_id):
            span = None
        self._focused = span
        name: str | None = None
        if span is None:
            text = (
                "Put the caret on a mention to link it to an actor."
                if self._doc_id is not None
                else "Open a document to link its mentions to actors."
            )
        elif span.actor_id is None:
            text = f"{quoted(span.text)} is not linked"
        else:
            try:
                name = store.actor(span.actor_id).name if store is not None else None
            except UnknownActorError:
                name = None  # the view's spans may predate a merge or an undo
            text = (
                f"{quoted(span.text)} → {name}"
                if name is not None
                else f"{quoted(span.text)} is linked to an actor no longer in the registry"
            )
        self.focus_label.setText(text)
        has_link = span is not None and span.actor_id is not None
        self.show_button.setVisible(name is not None)
        self.change_button.setVisible(has_link)
        self.unlink_button.setVisible(has_link)
        self.link_button.setVisible(span is not None and not has_link)
        self.new_from_mention_button.setVisible(span is not None and not has_link)

    def focus_text(self) -> str:
        return self.focus_label.text()

    def _mention(self) -> StoredSpan | None:
        """The mention an action means: the selected span, else the one under the caret."""
        if self._view.document() is None:
            return None
        return self._picker.mention() or self._view.focused_span()

    def link_focused_mention(self) -> int | None:
        """Link the mention under the caret to an actor chosen (or made) in the chooser,
        pre-filled with its text; returns the actor's id, or None."""
        span = self._mention()
        if span is None:
            self.sig_message.emit("Put the caret on a mention (or select one) to link it.")
            return None
        actor_id = choose_actor(self, self._curator, text=span.text, from_span_id=span.id)
        if actor_id is None:
            return None
        store = self._store()
        # The chooser links the mention itself when it creates the actor from it.
        now = store.spans_by_id([span.id]) if store is not None else []
        if not now or now[0].actor_id != actor_id:
            change = self._change(lambda s, who: s.link_mention(span.id, actor_id, annotator=who))
            if change is None:
                return None
        self.select(actor_id)
        return actor_id

    def unlink_focused_mention(self) -> bool:
        span = self._focused
        if span is None or span.actor_id is None:
            return False
        return self._change(lambda s, who: s.link_mention(span.id, None, annotator=who)) is not None

    def new_actor_from_mention(self) -> int | None:
        """Add an actor named as the mention under the caret, linked to it; its id."""
        span = self._mention()
        if span is None:
            self.sig_message.emit("Put the caret on a mention to make an actor of it.")
            return None
        name = " ".join(span.text.split())
        change = self._change(
            lambda s, who: s.create_actor(name, from_span_id=span.id, annotator=who)
        )
        if change is None or change.result is None:
            return None
        self.select(int(change.result))
        return int(change.result)

    def _show_focused_actor(self) -> None:
        span = self._focused
        if span is not None and span.actor_id is not None:
            self.select(span.actor_id)

    # -- the registry list ----------------------------------------------------------------------

    def _refresh_registry(self) -> None:
        self._registry_stale = False
        store = self._store()
        self.search.setEnabled(store is not None)
        self.new_button.setEnabled(store is not None and bool(self.search.text().strip()))
        self.csv_button.setEnabled(store is not None)
        text = " ".join(self.search.text().split())
        found = store.search_actors(text, limit=RESULT_LIMIT + 1) if store is not None else []
        more = len(found) > RESULT_LIMIT
        self.model.set_actors(found[:RESULT_LIMIT])
        self._restore_selection()
        if store is None:
            self.registry_heading.setText("Registry")
        elif more:
            self.registry_heading.setText(
                f"Registry: first {RESULT_LIMIT} {'matches' if text else 'actors'}; type to narrow"
            )
        elif text:
            self.registry_heading.setText(f"Registry: {plural(len(found), 'match', 'matches')}")
        else:
            self.registry_heading.setText(f"Registry: {plural(len(found), 'actor')}")
        self._fill_editor(force=False)

    def _restore_selection(self) -> None:
        row = self.model.row_of(self._actor_id)
        selection = self.table.selectionModel()
        self._restoring = True
        try:
            if row is None:
                selection.clear()
            else:
                selection.setCurrentIndex(
                    self.model.index(row, COL_NAME),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        finally:
            self._restoring = False

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring or not current.isValid():
            return
        actor_id = self.model.actor(current.row()).id
        if actor_id != self._actor_id:
            self._actor_id = actor_id
            self._fill_editor(force=True)

    def _choose_first_result(self) -> None:
        if self.model.rowCount() and self.model.row_of(self._actor_id) is None:
            self.table.setCurrentIndex(self.model.index(0, COL_NAME))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def result_names(self) -> list[str]:
        return [actor.name for actor in self.model.actors()]

    def new_actor_from_search(self) -> int | None:
        """Add an actor named as the search text; its id, or None."""
        name = " ".join(self.search.text().split())
        if not name:
            return None
        change = self._change(lambda s, who: s.create_actor(name, annotator=who))
        if change is None or change.result is None:
            return None
        self.select(int(change.result))
        return int(change.result)

    # -- the editor -----------------------------------------------------------------------------

    def current_actor(self) -> ActorRecord | None:
        return self._actor

    def _fill_editor(self, *, force: bool) -> None:
        """Show the selected actor's fields; ``force`` also replaces text being typed (when
        another actor is shown)."""
        store = self._store()
        actor = None
        if store is not None and self._actor_id is not None:
            try:
                actor = store.actor(self._actor_id)
            except UnknownActorError:
                self._actor_id = None  # merged or deleted (perhaps by an undo)
        self._actor = actor
        self.fields.setEnabled(actor is not None)
        if actor is None:
            self.editor_heading.setText(
                "Select an actor above to edit it, or make one from a mention."
            )
            for edit in (self.name_edit, self.wikidata_edit, self.country_combo.lineEdit()):
                edit.clear()
            self.type_combo.setCurrentIndex(0)
            self._show_aliases(())
            self.link_all_button.setText("Link all unlinked mentions")
            return
        self.editor_heading.setText(
            f"{actor.name} · {plural(actor.mention_count, 'linked mention')}"
        )
        _set_line(self.name_edit, actor.name, force)
        self._show_type(actor.type)
        _set_line(self.country_combo.lineEdit(), country_name(actor.country), force)
        _set_line(self.wikidata_edit, actor.external_ids.get("wikidata", ""), force)
        if force:
            self.alias_edit.clear()
        self._show_aliases(actor.aliases)
        unlinked = store.unlinked_mentions([actor.name, *actor.aliases]) if store else 0
        self.link_all_button.setText(f"Link all unlinked mentions ({unlinked:,})")
        self.link_all_button.setEnabled(unlinked > 0)

    def _show_aliases(self, aliases: Sequence[str]) -> None:
        if tuple(aliases) == self.alias_names():
            return
        while (item := self.alias_flow.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for alias in aliases:
            chip = removable_chip(alias, f"Remove the alias “{alias}”", "aliasChip")
            chip.setProperty("alias", alias)
            chip.clicked.connect(lambda _checked=False, a=alias: self.remove_alias(a))
            self.alias_flow.addWidget(chip)
            chip.show()  # at once, not at the next event loop pass as the layout would
        self.alias_box.setVisible(bool(aliases))
        self.alias_flow.invalidate()

    def alias_chips(self) -> list[QToolButton]:
        """The alias chips shown, in order (a click on one removes its alias)."""
        chips = []
        for index in range(self.alias_flow.count()):
            item = self.alias_flow.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QToolButton):
                chips.append(widget)
        return chips

    def alias_names(self) -> tuple[str, ...]:
        """The aliases shown as chips, in order."""
        return tuple(str(chip.property("alias")) for chip in self.alias_chips())

    def _commit_pending(self) -> None:
        if self.name_edit.isModified():
            self._commit_name()
        if self.country_combo.lineEdit().isModified():
            self._commit_country()
        if self.wikidata_edit.isModified():
            self._commit_wikidata()

    def _commit_name(self) -> None:
        actor = self._actor
        self.name_edit.setModified(False)
        if actor is None:
            return
        name = " ".join(self.name_edit.text().split())
        if not name:
            self.sig_message.emit("An actor needs a name; the name was left as it was.")
            self.name_edit.setText(actor.name)
            return
        if name == actor.name:
            return
        self._edit_actor(lambda s, who: s.update_actor(actor.id, name=name, annotator=who))

    def _commit_type(self, index: int) -> None:
        actor = self._actor
        if actor is None:
            return
        kind = self.type_combo.itemData(index)
        if kind == actor.type:
            return
        self._edit_actor(lambda s, who: s.update_actor(actor.id, type=kind, annotator=who))

    def _commit_country(self) -> None:
        actor = self._actor
        edit = self.country_combo.lineEdit()
        edit.setModified(False)
        if actor is None:
            return
        text = " ".join(edit.text().split())
        wanted = text.casefold()
        # A listed name is stored as its code; anything else (a code, an official name) is
        # left to the registry, which refuses it with suggestions if it is no country.
        code = next((c for name, c in countries() if name.casefold() == wanted), text) or None
        if code == actor.country:
            edit.setText(country_name(actor.country))
            return
        self._edit_actor(lambda s, who: s.update_actor(actor.id, country=code, annotator=who))

    def _commit_wikidata(self) -> None:
        actor = self._actor
        self.wikidata_edit.setModified(False)
        if actor is None:
            return
        text = self.wikidata_edit.text().strip()
        ids = dict(actor.external_ids)
        if text:
            ids["wikidata"] = text
        else:
            ids.pop("wikidata", None)
        if ids == actor.external_ids:
            return
        self._edit_actor(lambda s, who: s.update_actor(actor.id, external_ids=ids, annotator=who))

    def add_alias_from_field(self) -> bool:
        actor = self._actor
        alias = " ".join(self.alias_edit.text().split())
        if actor is None or not alias:
            return False
        if self._change(lambda s, _who: s.add_alias(actor.id, alias)) is None:
            return False
        self.alias_edit.clear()
        return True

    def remove_alias(self, alias: str) -> bool:
        actor = self._actor
        if actor is None:
            return False
        return self._change(lambda s, _who: s.remove_alias(actor.id, alias)) is not None

    def link_all_unlinked(self) -> int | None:
        """Link every unlinked mention of the actor's name and aliases (one undo step);
        how many were linked, or None if refused."""
        actor = self._actor
        if actor is None:
            return None
        change = self._change(lambda s, who: s.link_alias_mentions(actor.id, annotator=who))
        if change is None:
            return None
        self.sig_message.emit(change.description)
        return int(change.result or 0)

    def merge_into(self) -> int | None:
        """Merge the selected actor into one chosen in the chooser, after confirming; the
        kept actor's id, or None."""
        drop = self._actor
        store = self._store()
        if drop is None or store is None:
            return None
        keep_id = choose_actor(self, self._curator)
        if keep_id is None:
            return None
        if keep_id == drop.id:
            self.sig_message.emit(f"{drop.name} cannot be merged into itself.")
            return None
        try:
            keep = store.actor(keep_id)
            drop = store.actor(drop.id)
        except UnknownActorError as exc:
            self.sig_message.emit(str(exc))
            return None
        text = (
            f"Merge “{drop.name}” ({plural(drop.mention_count, 'mention')}, "
            f"{plural(len(drop.aliases), 'alias', 'aliases')}) into “{keep.name}” "
            f"({plural(keep.mention_count, 'mention')})?\n\n"
            f"“{drop.name}” and its aliases become aliases of “{keep.name}”; its mentions, "
            f"event roles, claims and relations move to “{keep.name}”; then “{drop.name}” "
            "is removed from the registry. Edit ▸ Undo reverses it."
        )
        if not self._confirm("Merge actors", text):
            return None
        if self._change(lambda s, who: s.merge_actors(keep.id, drop.id, annotator=who)) is None:
            return None
        self.select(keep.id)
        return keep.id

    def delete_actor(self) -> bool:
        """Delete the selected actor; one still in use is refused (the window says why)."""
        actor = self._actor
        if actor is None:
            return False
        return self._change(lambda s, _who: s.delete_actor(actor.id)) is not None

    # -- CSV ------------------------------------------------------------------------------------

    def _folder(self) -> str:
        store = self._store()
        return str(store.path.parent) if store is not None else str(Path.home())

    def choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Import actors", self._folder(), CSV_OPEN)
        if path:
            self.import_csv(path)

    def choose_export_file(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export actors",
            str(Path(self._folder()) / "actors.csv"),
            f"{CSV_PLAIN};;{CSV_EXCEL}",
        )
        if path:
            self.export_csv(path, bom=chosen == CSV_EXCEL)

    def import_csv(self, path: str | Path) -> ActorImportReport | None:
        """Import actors from a CSV file (one undo step) and show what it did; the report,
        or None when the file could not be read (the window says why)."""
        reports: list[ActorImportReport] = []

        def edit(store: Store, _who: str | None) -> Change:
            report = store.import_actors_csv(path)
            reports.append(report)
            return report.change

        if self._change(edit) is None or not reports:
            return None
        report = reports[0]
        if self.import_dialog is not None:
            self.import_dialog.close()
            self.import_dialog.deleteLater()
        self.import_dialog = ActorImportDialog(report, self)
        self.import_dialog.open()
        return report

    def export_csv(self, path: str | Path, *, bom: bool = False) -> int | None:
        """Write the registry to ``path`` as CSV (with a byte-order mark for Excel if ``bom``);
        how many actors were written, or None if the file could not be written."""
        store = self._store()
        if store is None:
            return None
        try:
            count = store.export_actors_csv(path, bom=bom)
        except OSError as exc:
            plain_message_box(
                self,
                QMessageBox.Icon.Critical,
                "Export failed",
                f"The actors were not exported to {path}: {exc.strerror or exc}",
            )
            return None
        self.sig_message.emit(f"Exported {plural(count, 'actor')} to {path}")
        return count

    # -- plumbing -------------------------------------------------------------------------------

    def _edit_actor(self, edit: Edit) -> Change | None:
        """An edit of the shown actor's fields; a refused one puts the stored values back."""
        change = self._change(edit)
        if change is None:
            self._fill_editor(force=True)
        return change

    def _confirm(self, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = plain_message_box(self, QMessageBox.Icon.Question, title, text, buttons)
        return answer == QMessageBox.StandardButton.Yes


def _set_line(edit: QLineEdit, text: str, force: bool) -> None:
    """Show ``text`` unless the curator is typing there (``force``: even then)."""
    if not force and edit.hasFocus() and edit.isModified():
        return
    if edit.text() != text:
        edit.setText(text)
    edit.setModified(False)
