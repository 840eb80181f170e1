"""The main window: a project's corpus on the left, the document being read in the centre."""

from __future__ import annotations

import contextlib
import gc
import platform
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QByteArray, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark import __version__
from newsmark.core.backups import take_backup
from newsmark.core.errors import ProjectError
from newsmark.core.paths import PROJECT_SUFFIX, default_project_path
from newsmark.core.schema import default_schema
from newsmark.core.store import DocumentRow, Store
from newsmark.corpus.importer import ImportReport
from newsmark.gui import settings as prefs
from newsmark.gui.actor_panel import ActorPanel
from newsmark.gui.adjudication_dialog import AdjudicationDialog
from newsmark.gui.agreement_dialog import AgreementDialog
from newsmark.gui.annotating import AnnotationActions
from newsmark.gui.background import (
    PROCESS_ABOVE,
    LoadedPipeline,
    StoredBatch,
    import_task,
    load_pipeline_task,
    merge_task,
    suggest_process_task,
    suggest_task,
)
from newsmark.gui.checks_dialog import ChecksDialog
from newsmark.gui.claim_panel import ClaimPanel
from newsmark.gui.corpus_model import STATUS_LABELS, CorpusModel
from newsmark.gui.corpus_panel import CorpusPanel
from newsmark.gui.curation import Curator
from newsmark.gui.document_view import DocumentView, ElidedLabel
from newsmark.gui.event_panel import EventPanel
from newsmark.gui.export_dialog import ExportDialog
from newsmark.gui.import_report import ImportReportDialog
from newsmark.gui.inspector import Inspector
from newsmark.gui.mention_picking import MentionPicker
from newsmark.gui.relation_panel import RelationPanel
from newsmark.gui.schema_dialog import SchemaDialog
from newsmark.gui.span_list import SpanListPanel
from newsmark.gui.structure_actions import StructureActions
from newsmark.gui.tasks import Task, TaskContext, TaskFailure, wait_for_tasks

APP_TITLE = "Newsmark"
PROJECT_FILTER = f"Newsmark projects (*{PROJECT_SUFFIX});;All files (*)"

KEY_GEOMETRY = "window/geometry"
KEY_SPLITTER = "window/splitter"
KEY_FONT_SIZE = "document/font_size"
KEY_STATE = "window/state"
TASK_SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005
EXTERNAL_CHECK_MS = 2000  # how often the window looks for changes made by another program

# Keys that work without a menu action; the shortcuts dialog lists them after the actions.
LIST_KEYS = (
    ("Ctrl+1 … Ctrl+9", "Label the selection with exactly the selected characters"),
    ("Shift+arrows", "Select text in the article from the keyboard"),
    ("Up / Down", "Previous / next document in the corpus list"),
    ("Page Up / Page Down", "Move a page through the corpus list"),
    ("Esc", "Clear the search field (while typing in it)"),
    ("Ctrl+Wheel", "Zoom the article text"),
)


def no_project_message() -> str:
    return (
        "No project is open.\n\n"
        "Open one with File ▸ Open project… (Ctrl+O), or start one with File ▸ New project…."
    )


def empty_project_message(project: Path) -> str:
    return (
        "This project has no documents yet.\n\n"
        "Drop article files or folders onto this window, or use File ▸ Import… (Ctrl+I).\n"
        "Newsmark reads .txt, .md, .html, .jsonl and .csv.\n\n"
        "From a terminal:\n"
        f"newsmark import PATH --project {shlex.quote(str(project))}\n"
        "then press F5 to reload the list."
    )


def select_message() -> str:
    return (
        "Select a document in the list to read it.\n\n"
        "Up and Down move through the list; Ctrl+F searches titles and texts.\n"
        "In an article: select words and press 1-9 to label them; N / P go through the "
        "suggestions, A accepts, X rejects. F1 lists every key."
    )


def annotation_summary(stats: dict[str, Any]) -> str:
    """'no annotations yet', or how many annotations are accepted and how many suggested."""
    kinds = [stats[key] for key in ("spans", "events", "claims")]
    if not any(kind["total"] for kind in kinds):
        return "no annotations yet"
    accepted = sum(kind["by_status"].get("accepted", 0) for kind in kinds)
    suggested = sum(kind["by_status"].get("suggested", 0) for kind in kinds)
    return f"{accepted:,} accepted · {suggested:,} suggested annotations"


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: every key the window answers to, read from its actions.

    Threading: UI thread only.
    """

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Keys", "Action"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        for row, (keys, action) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(action))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 640)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(row, 0).text(), self.table.item(row, 1).text())
            for row in range(self.table.rowCount())
        ]


class MainWindow(QMainWindow):
    """The application window: open a project, browse its corpus, read and annotate documents.

    It owns the project's Store for the UI thread (single-document reads and edits, each a
    short indexed query or one small transaction); the corpus list's page queries run on the
    model's loader thread, and import, suggest, statistics and loading the spaCy pipeline run
    as :class:`~newsmark.gui.tasks.Task` s with Stores of their own. Opening another project
    replaces the Store only once the new one has opened, so a file that fails to open leaves
    the current project as it was. Messages from files (titles, error texts naming paths) are
    shown as plain text.

    Threading: UI thread only.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._store: Store | None = None
        self._shortcuts_dialog: ShortcutsDialog | None = None
        self._pipeline: LoadedPipeline | None = None
        self._pipeline_task: Task | None = None
        self._task: Task | None = None  # the import or suggest run under way, if any
        self._stats_task: Task | None = None
        self._backup_task: Task | None = None
        self.last_backup: Path | None = None
        # Another program (a second window, a command) may change the project: its commits
        # move SQLite's data_version, looked at every few seconds.
        self._data_version: int | None = None
        self._external_timer = QTimer(self)
        self._external_timer.setInterval(EXTERNAL_CHECK_MS)
        self._external_timer.timeout.connect(self.check_external_changes)
        self._after_import: list[int] = []
        self.last_import_report: ImportReport | None = None
        self.last_suggest_report: Any = None
        self.import_report_dialog: ImportReportDialog | None = None
        self.last_failure: TaskFailure | None = None
        self._switch_interval = sys.getswitchinterval()
        # The shown document's id as a plain attribute: a suggest worker reads it.
        self._shown_id: int | None = None
        self.schema = default_schema()

        self.model = CorpusModel(self)
        self.corpus_panel = CorpusPanel(self.model)
        self.document_view = DocumentView()
        self.document_view.set_schema(self.schema)
        self.span_panel = SpanListPanel(self.document_view.label_colour)
        self.curator = Curator(self)
        self.picker = MentionPicker(self, self.document_view, self.curator, _snap)
        self.inspector = Inspector()
        self.inspector.addTab(self.span_panel, "Spans")
        self.event_panel = EventPanel(self.curator, self.picker, self.document_view)
        self.claim_panel = ClaimPanel(self.curator, self.picker, self.document_view)
        self.relation_panel = RelationPanel(self.curator, self.picker, self.document_view)
        self.actor_panel = ActorPanel(self.curator, self.picker, self.document_view)
        # Inspector tabs that show one kind of record, by the kind a check names.
        self.record_panels: dict[str, Any] = {}
        self._spans_stale = False
        self.inspector.currentChanged.connect(lambda _index: self._show_span_table())
        self.checks_dialog: ChecksDialog | None = None
        for kind, panel in (
            ("event", self.event_panel),
            ("claim", self.claim_panel),
            ("relation", self.relation_panel),
            ("actor", self.actor_panel),
        ):
            self.inspector.add_panel(panel, kind)
            panel.set_schema(self.schema)
            self.record_panels[kind] = panel
            panel.sig_go_to_span.connect(self._go_to_span)
            if hasattr(panel, "sig_message"):
                panel.sig_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.corpus_panel)
        self.splitter.addWidget(self.document_view)
        self.splitter.addWidget(self.inspector)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)
        # In a small window the article keeps a readable width; the side panes give way.
        self.document_view.setMinimumWidth(380)
        self.corpus_panel.setMinimumWidth(200)
        self.inspector.setMinimumWidth(300)
        self.corpus_panel.setContentsMargins(6, 6, 0, 0)
        self.setCentralWidget(self.splitter)
        self.setAcceptDrops(True)

        self.project_label = ElidedLabel()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedState")
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pipeline_label = QLabel()
        self.pipeline_label.setObjectName("pipelineState")
        self.pipeline_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        status = self.statusBar()
        status.addWidget(self.project_label, 1)
        status.addPermanentWidget(self.saved_label)
        status.addPermanentWidget(_separator())
        status.addPermanentWidget(self.pipeline_label)
        status.addPermanentWidget(_separator())
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(_separator())
        status.addPermanentWidget(self.summary_label)
        self.summary_label.setContentsMargins(0, 0, 6, 0)

        self._inspector_timer = QTimer(self)
        self._inspector_timer.setSingleShot(True)
        self._inspector_timer.setInterval(0)
        self._inspector_timer.timeout.connect(lambda: self.inspector.refresh())
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(800)
        self._summary_timer.timeout.connect(self._refresh_summary)

        self.annotating = AnnotationActions(self, self.document_view, self.curator, _snap)
        self.annotating.set_schema(self.schema)
        self.structure = StructureActions(self, self.document_view, self.curator, self.picker)
        self.structure.set_schema(self.schema)
        self.schema_dialog: SchemaDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.adjudication_dialog: AdjudicationDialog | None = None
        self.agreement_dialog: AgreementDialog | None = None
        self.first_name_dialog: QInputDialog | None = None
        self._create_actions()
        self._create_menus()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.annotating.palette)
        self._restore_layout()

        self.corpus_panel.sig_current_document_changed.connect(self.show_document)
        self.document_view.sig_font_size_changed.connect(self._remember_font_size)
        self.document_view.sig_focus_changed.connect(self._on_focus_changed)
        self.span_panel.sig_span_activated.connect(self._go_to_span)
        self.model.sig_reset_done.connect(self._on_list_reset)
        self.curator.sig_changed.connect(self._on_curated)
        self.curator.sig_error.connect(self._on_curation_error)
        # A bound method, not a lambda: Qt drops the connection when the window goes, so the
        # stack emptied at shutdown does not reach menus already deleted.
        self.curator.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.annotating.sig_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.structure.sig_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.structure.sig_event.connect(lambda event_id: self.show_record("event", event_id))
        self.structure.sig_claim.connect(lambda claim_id: self.show_record("claim", claim_id))
        self.picker.sig_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self._show_project_state()
        self._show_pipeline_state()
        self._update_actions()

    # -- actions and menus ------------------------------------------------------------------

    def _action(self, text: str, slot: Any, *shortcuts: QKeySequence | str) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(key) for key in shortcuts])
        action.triggered.connect(slot)
        # Added to the window too, so the keys work whichever pane has the focus.
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.action_open = self._action("&Open project…", self.open_project_dialog, keys.Open)
        self.action_new = self._action("&New project…", self.new_project_dialog, keys.New)
        self.action_import = self._action(
            "&Import articles or annotations…", self.choose_files_to_import, "Ctrl+I"
        )
        self.action_import_folder = self._action(
            "Import a &folder (articles or brat)…", self.choose_folder_to_import
        )
        self.action_export = self._action("&Export…", self.show_export_dialog, "Ctrl+E")
        self.action_merge = self._action(
            "&Merge annotators' project files…", self.choose_projects_to_merge
        )
        self.action_quit = self._action("&Quit", self.close, keys.Quit)
        stack = self.curator.undo_stack
        self.action_undo = stack.createUndoAction(self, "&Undo")
        self.action_undo.setShortcuts(keys.Undo)
        self.action_redo = stack.createRedoAction(self, "&Redo")
        self.action_redo.setShortcuts(
            [*QKeySequence.keyBindings(keys.Redo), QKeySequence("Ctrl+Shift+Z")]
        )
        for action in (self.action_undo, self.action_redo):
            self.addAction(action)
        self.action_done_next = self._action(
            "Mark &done and go to the next document", self.done_and_next, "Ctrl+Return"
        )
        self.action_annotator = self._action("Annotator &name…", self.ask_annotator_name)
        self.action_schema = self._action("Project &schema…", self.show_schema_dialog)
        self.action_link_actor = self._action(
            "&Link mention to actor…", self.link_mention_to_actor, "Ctrl+L"
        )
        self.action_import_actors = self._action(
            "Import actors from CSV…", self.actor_panel.choose_import_file
        )
        self.action_export_actors = self._action(
            "Export actors to CSV…", self.actor_panel.choose_export_file
        )
        self.action_suggest_document = self._action(
            "&Suggest for this document", self.suggest_current, "Ctrl+Shift+S"
        )
        self.action_suggest_all = self._action(
            "Suggest for &all documents not yet seen", self.suggest_all, "Ctrl+Alt+S"
        )
        self.action_find = self._action(
            "&Search documents", self.corpus_panel.focus_search, keys.Find
        )
        self.action_reload = self._action("&Reload corpus", self.reload, keys.Refresh)
        self.action_zoom_in = self._action(
            "Zoom &in", self.document_view.zoom_in, keys.ZoomIn, "Ctrl+="
        )
        self.action_zoom_out = self._action("Zoom &out", self.document_view.zoom_out, keys.ZoomOut)
        self.action_zoom_reset = self._action(
            "&Actual size", self.document_view.reset_zoom, "Ctrl+0"
        )
        self.action_shortcuts = self._action(
            "&Keyboard shortcuts", self.show_shortcuts, keys.HelpContents
        )
        self.action_about = self._action("&About Newsmark", self.show_about)
        self.action_adjudicate = self._action(
            "&Adjudicate this document…", self.show_adjudication_dialog
        )
        self.action_agreement = self._action("Agreement &report…", self.show_agreement_dialog)

    def _create_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.action_open)
        file_menu.addAction(self.action_new)
        self.recent_menu = QMenu("&Recent projects", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.action_import)
        file_menu.addAction(self.action_import_folder)
        file_menu.addAction(self.action_merge)
        file_menu.addAction(self.action_export)
        file_menu.addAction(self.action_import_actors)
        file_menu.addAction(self.action_export_actors)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)

        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_redo)
        edit_menu.addSeparator()
        for action in self.annotating.edit_actions:
            edit_menu.addAction(action)
        labels_menu = edit_menu.addMenu("&Label selection as")
        labels_menu.aboutToShow.connect(
            lambda: (labels_menu.clear(), labels_menu.addActions(self.annotating.label_actions))
        )
        edit_menu.addSeparator()
        for action in self.structure.actions:
            edit_menu.addAction(action)
        edit_menu.addAction(self.action_link_actor)
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_done_next)
        self.status_menu = edit_menu.addMenu("&Mark document as")
        for status, label in STATUS_LABELS.items():
            action = self.status_menu.addAction(label)
            action.setData(status)
            action.triggered.connect(lambda _c=False, s=status: self.mark_document(s))
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_annotator)
        edit_menu.addAction(self.action_schema)

        suggest_menu = menu_bar.addMenu("&Suggest")
        suggest_menu.addAction(self.action_suggest_document)
        suggest_menu.addAction(self.action_suggest_all)

        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(self.action_find)
        view_menu.addAction(self.action_reload)
        view_menu.addSeparator()
        view_menu.addAction(self.action_zoom_in)
        view_menu.addAction(self.action_zoom_out)
        view_menu.addAction(self.action_zoom_reset)
        view_menu.addSeparator()
        view_menu.addAction(self.annotating.palette.toggleViewAction())

        self.team_menu = menu_bar.addMenu("&Team")
        self.team_menu.addAction(self.action_adjudicate)
        self.team_menu.addAction(self.action_agreement)

        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.action_shortcuts)
        help_menu.addAction(self.action_about)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = prefs.recent_projects()
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)
            return
        for number, path in enumerate(recent, start=1):
            # "&" would be read as a mnemonic marker in a file name.
            name = path.name.replace("&", "&&")
            label = f"&{number} {name}" if number < 10 else name
            action = self.recent_menu.addAction(label)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear list", prefs.clear_recent_projects)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        exact = set(self.annotating.exact_actions)
        for action in self.actions():
            if action.shortcuts() and action not in exact:
                keys = ", ".join(
                    key.toString(QKeySequence.SequenceFormat.NativeText)
                    for key in action.shortcuts()
                )
                text = action.text().replace("&", "").rstrip("…")
                if action in self.annotating.label_actions:
                    text = f"Label the selection {text.split(' ', 1)[1]}"
                rows.append((keys, text))
        return rows + list(LIST_KEYS)

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        has_project = self._store is not None
        has_document = self.document_view.document() is not None
        busy = self._task is not None
        ready = self._pipeline is not None and self._pipeline.ready
        self.action_import.setEnabled(has_project and not busy)
        self.action_import_folder.setEnabled(has_project and not busy)
        self.action_merge.setEnabled(has_project and not busy)
        self.action_suggest_all.setEnabled(has_project and ready and not busy)
        self.action_suggest_document.setEnabled(has_document and ready and not busy)
        self.action_done_next.setEnabled(has_document)
        self.status_menu.setEnabled(has_document)
        for action in (
            self.annotating.edit_actions + self.annotating.label_actions + self.structure.actions
        ):
            action.setEnabled(has_document)
        self.action_schema.setEnabled(has_project)
        self.action_link_actor.setEnabled(has_document)
        self.action_adjudicate.setEnabled(has_document)
        self.action_agreement.setEnabled(has_project)
        self.action_import_actors.setEnabled(has_project)
        self.action_export_actors.setEnabled(has_project)

    # -- projects ---------------------------------------------------------------------------

    def store(self) -> Store | None:
        return self._store

    def project_path(self) -> Path | None:
        return self._store.path if self._store is not None else None

    def open_project(self, path: str | Path, *, create: bool = False) -> bool:
        """Open ``path`` in place of the current project; on failure say why and keep it."""
        path = Path(path).expanduser()
        if self._task is not None:
            self.show_error(
                "Cannot open project", f"Wait for “{self._task.title}” to finish, or cancel it."
            )
            return False
        try:
            store = Store.open(path, create=create)
        except (ProjectError, OSError) as exc:
            self.show_error("Cannot open project", str(exc))
            return False
        self._replace_store(store)
        prefs.remember_project(path)
        self._back_up_in_background(path)
        return True

    def _back_up_in_background(self, path: Path) -> None:
        """Take the rolling backup of a project just opened, off the UI thread."""
        if self._backup_task is not None:
            return

        def back_up(_context: TaskContext) -> Path | None:
            return take_backup(path)

        task = self._backup_task = Task("Backing up", back_up, self, dialog=False)

        def done(taken: Path | None) -> None:
            self.last_backup = taken
            if taken is not None:
                self.statusBar().showMessage(f"Backed up to {taken}", 4000)

        task.sig_done.connect(done)
        task.sig_failed.connect(
            lambda failure: self.statusBar().showMessage(f"No backup: {failure.message}", 8000)
        )
        task.sig_finished.connect(lambda: setattr(self, "_backup_task", None))
        task.start()

    def check_external_changes(self) -> bool:
        """Show what another program changed in the project since the last look (a second
        window, a command); True when something had changed."""
        store = self._store
        if store is None or self._task is not None:
            return False
        version = store.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self.reload()
        shown = self._shown_id
        if shown is not None:
            try:
                spans = store.document_spans(shown)
            except KeyError:
                spans = None
            if spans is not None:
                self.document_view.set_spans(spans)
                self._spans_stale = True
                self._show_span_table()
                self.inspector.show_document(shown)
        self.statusBar().showMessage("Updated with changes made by another program", 6000)
        return True

    def open_initial(self, project: Path | None) -> None:
        """Open what the app was started on: ``project``, else the last one, else the default."""
        if project is not None:
            project = project.expanduser()
            if project.exists():
                self.open_project(project)
            elif self.confirm(
                "Create project",
                f"{project} does not exist yet.\n\nCreate a new, empty project there?",
            ):
                self.open_project(project, create=True)
            return
        last = prefs.last_project()
        if last is not None and last.is_file() and self.open_project(last):
            return
        self.open_project(default_project_path(), create=True)

    def open_recent(self, path: Path) -> None:
        if not self.open_project(path):
            prefs.forget_project(path)

    def open_project_dialog(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Open project", str(self._dialog_folder()), PROJECT_FILTER
        )
        if chosen:
            self.open_project(chosen)

    def new_project_dialog(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "New project",
            str(self._dialog_folder() / f"untitled{PROJECT_SUFFIX}"),
            PROJECT_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.new_project(Path(chosen))

    def new_project(self, path: Path) -> bool:
        """Create an empty project at ``path`` (``.nmk`` added when it has no suffix)."""
        if not path.suffix:
            path = path.with_suffix(PROJECT_SUFFIX)
        if path.exists() and path.stat().st_size > 0:
            # Never overwrite: the file may hold months of someone's annotations.
            self.show_error(
                "Cannot create project",
                f"{path} already exists.\n\nUse File ▸ Open project… to open it, "
                "or choose a new file name.",
            )
            return False
        return self.open_project(path, create=True)

    def _dialog_folder(self) -> Path:
        current = self.project_path()
        return current.parent if current is not None else Path.home()

    def _replace_store(self, store: Store | None) -> None:
        old = self._store
        self._store = store
        self.curator.set_store(store, prefs.annotator_name() if store is not None else None)
        self.corpus_panel.forget_current()
        self.corpus_panel.clear_filters()
        self.model.set_store(store)  # stops the old loader before the old Store closes
        self.inspector.set_counter(store.document_record_counts if store is not None else None)
        if old is not None:
            old.close()
        self._follow_schema(store)
        self._show_project_state()
        self._refresh_labels()
        self.corpus_panel.table.setFocus()
        if store is not None:
            self._ensure_pipeline(store.get_setting("pipeline"))
            self._data_version = store.data_version()
            self._external_timer.start()
        else:
            self._external_timer.stop()
        self._update_actions()

    def _follow_schema(self, store: Store | None) -> None:
        """Use the project's schema everywhere, if it is not the one in use already."""
        schema = store.project_schema() if store is not None else default_schema()
        if schema is self.schema:
            return
        self.schema = schema
        self.document_view.set_schema(schema)
        self.annotating.set_schema(schema)
        self.structure.set_schema(schema)
        self.inspector.set_schema(schema)
        self._refresh_labels()

    def close_project(self) -> None:
        self._replace_store(None)

    def reload(self) -> None:
        """Query the corpus again: documents may have been imported from the command line."""
        if self._store is None:
            return
        self.model.reload()
        self._refresh_labels()
        self._show_project_state(keep_document=True)

    def _refresh_labels(self) -> None:
        labels = self._store.span_labels() if self._store is not None else []
        self.corpus_panel.set_labels(labels + self.annotating.labels())

    def _show_project_state(self, *, keep_document: bool = False) -> None:
        store = self._store
        if store is None:
            self.setWindowTitle(APP_TITLE)
            self.project_label.set_full_text("No project open")
            self.count_label.setText("")
            self.summary_label.setText("")
            self.saved_label.setText("")
            self._show_message(no_project_message())
            return
        self.setWindowTitle(f"{APP_TITLE} — {store.path.name}")
        self.project_label.set_full_text(str(store.path))
        self.project_label.setToolTip(str(store.path))
        self.saved_label.setText("All changes saved")
        # Counting a large project takes a moment: on a worker, like the corpus list, whose
        # first answer (_on_list_reset) says whether the project is empty.
        self._summary_timer.stop()
        self._refresh_summary()
        if keep_document and self.document_view.document() is not None:
            return
        self._show_message("Reading the corpus…")

    def _show_stats(self, stats: dict[str, Any]) -> None:
        total = stats["documents"]["total"]
        self.count_label.setText(f"{total:,} document{'' if total == 1 else 's'}")
        by_status = stats["documents"]["by_status"]
        self.count_label.setToolTip(
            "\n".join(f"{n:,} {status.replace('_', ' ')}" for status, n in by_status.items())
        )
        self.summary_label.setText(annotation_summary(stats))

    def _refresh_summary(self) -> None:
        """Count the project again on a worker thread (a large project takes a moment)."""
        store = self._store
        if store is None:
            return
        if self._stats_task is not None:
            self._summary_timer.start()  # one run at a time; try again shortly
            return
        path = store.path

        def count(_context: TaskContext) -> dict[str, Any]:
            with Store.open(path, create=False) as own:
                return own.stats()

        task = self._stats_task = Task("Counting annotations", count, self, dialog=False)

        def done(stats: dict[str, Any]) -> None:
            if self._store is not None and self._store.path == path:
                self._show_stats(stats)

        task.sig_done.connect(done)
        task.sig_finished.connect(lambda: setattr(self, "_stats_task", None))
        task.start()

    def _on_list_reset(self) -> None:
        # After F5, an empty project may have received documents.
        if self.document_view.document() is None and self._store is not None:
            if self.model.total_count() == 0:
                self._show_message(empty_project_message(self._store.path))
            else:
                self._show_message(select_message())

    # -- documents --------------------------------------------------------------------------

    def show_document(self, doc_id: int) -> None:
        if self._store is None:
            return
        self.picker.cancel()  # a click awaited in the previous document means nothing here
        try:
            document = self._store.get_document(doc_id)
        except KeyError:
            self._show_message(
                f"Document {doc_id} is no longer in the project.\n\nPress F5 to reload the list."
            )
            return
        # One indexed query; the view never reads the Store itself.
        spans = self._store.document_spans(doc_id)
        self.document_view.show_document(document, spans)
        self._shown_id = doc_id
        self._spans_stale = True
        self._show_span_table()
        self.inspector.show_document(doc_id)
        self._update_actions()

    def _show_message(self, text: str) -> None:
        self._shown_id = None
        self.document_view.show_message(text)
        self.span_panel.set_spans([])
        self.inspector.show_document(None)
        self._update_actions()

    def _refresh_document(self, row: DocumentRow, span_ids: list[int]) -> None:
        """Redraw the shown document after an edit: only the spans ``span_ids``, read again."""
        store = self._store
        if store is not None and span_ids:
            self.document_view.update_spans(store.spans_by_id(span_ids), span_ids)
        self._show_document_changes(row)

    def _show_document_changes(self, row: DocumentRow) -> None:
        """After the shown document's spans were redrawn: its status, side panel, details."""
        self.document_view.set_document_status(row.status)
        self._spans_stale = True
        self._show_span_table()

    def _show_span_table(self) -> None:
        """Fill the Spans tab again if it is on screen and out of date: a long article has
        tens of thousands of rows, not worth refilling after each edit made on another tab."""
        if not self._spans_stale or self.inspector.currentWidget() is not self.span_panel:
            return
        self._spans_stale = False
        view = self.document_view
        self.span_panel.set_spans(view.spans())
        self.span_panel.show_details(view.focused_span())

    def _go_to_span(self, span_id: int) -> None:
        self.document_view.go_to_span(span_id)
        self.document_view.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_focus_changed(self, span_id: int) -> None:
        self.span_panel.show_details(self.document_view.span(span_id))
        if span_id >= 0:
            self.span_panel.select_span(span_id)

    def mark_document(self, status: str) -> bool:
        """Set the shown document's curation status (undoable).

        Marking it done first lists what the schema finds incomplete or wrong, if anything;
        the curator goes there or confirms.
        """
        document = self.document_view.document()
        if document is None:
            return False
        if status == "done" and not self._checked_before_done(document.id, document.title):
            return False
        return self.curator.set_document_status(document.id, status)

    def _checked_before_done(self, doc_id: int, title: str | None) -> bool:
        store = self._store
        if store is None:
            return False
        problems = store.document_problems(doc_id)
        if not problems:
            return True
        dialog = ChecksDialog(title or f"Document {doc_id}", problems, self)
        self.checks_dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.checks_dialog = None
        if not accepted and dialog.chosen is not None:
            self.go_to_problem(dialog.chosen)
        return accepted

    def show_record(self, kind: str, record_id: int) -> None:
        """Open an event, claim, relation or actor in its inspector tab."""
        panel = self.record_panels.get(kind)
        if panel is not None:
            self.inspector.show_panel(panel)
            panel.select(record_id)

    def link_mention_to_actor(self) -> None:
        """Link the mention under the caret (or selected) to a registry actor."""
        self.inspector.show_panel(self.actor_panel)
        self.actor_panel.link_focused_mention()

    def show_schema_dialog(self) -> None:
        if self._store is None:
            return
        if self.schema_dialog is None:
            self.schema_dialog = SchemaDialog(self.curator, self)
        self.schema_dialog.refresh()
        self.schema_dialog.show()
        self.schema_dialog.raise_()

    def show_export_dialog(self) -> ExportDialog | None:
        if self._store is None:
            self.show_error("Cannot export", no_project_message())
            return None
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.store, self)
        self.export_dialog.refresh()
        self.export_dialog.show()
        self.export_dialog.raise_()
        return self.export_dialog

    def show_adjudication_dialog(self) -> AdjudicationDialog | None:
        """Compare the annotators' versions of the shown document and settle its gold layer."""
        if self.document_view.document() is None:
            return None
        if self.adjudication_dialog is None:
            dialog = AdjudicationDialog(self.curator, self.document_view.document, self)
            self.corpus_panel.sig_current_document_changed.connect(lambda _id: dialog.refresh())
            self.adjudication_dialog = dialog
        self.adjudication_dialog.refresh()
        self.adjudication_dialog.show()
        self.adjudication_dialog.raise_()
        return self.adjudication_dialog

    def show_agreement_dialog(self) -> AgreementDialog | None:
        """Compare the project's annotators over every document two or more annotated."""
        if self.store() is None:
            return None
        if self.agreement_dialog is None:
            self.agreement_dialog = AgreementDialog(self.store, self)
        self.agreement_dialog.show()
        self.agreement_dialog.raise_()
        self.agreement_dialog.start()
        return self.agreement_dialog

    def go_to_problem(self, problem: Any) -> None:
        """Show the record a check found fault with, and its text."""
        if problem.span_id is not None:
            self._go_to_span(problem.span_id)
        if problem.record_id is not None:
            self.show_record(problem.kind, problem.record_id)

    def ask_annotator_name(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            "Annotator name",
            "Your name, as recorded on every annotation you make from now on:",
            text=prefs.annotator_name(),
        )
        if ok and name.strip():
            self.set_annotator_name(name)

    def ask_first_annotator_name(self) -> QInputDialog | None:
        """On a user's first start, ask once for the name their annotations will carry.

        Window-modal but not blocking (the window keeps loading behind it); the login name is
        offered, and taken when the question is dismissed, so it is never asked again.
        """
        if prefs.has_annotator_name():
            return None
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Welcome to Newsmark")
        dialog.setLabelText(
            "Your name, as recorded on every annotation you make (several people can annotate\n"
            "the same documents; Edit → Annotator name changes it later):"
        )
        dialog.setTextValue(prefs.annotator_name())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.textValueSelected.connect(
            lambda name: self.set_annotator_name(name.strip() or prefs.annotator_name())
        )
        dialog.rejected.connect(lambda: self.set_annotator_name(prefs.annotator_name()))
        dialog.open()
        self.first_name_dialog = dialog
        return dialog

    def set_annotator_name(self, name: str) -> None:
        prefs.set_annotator_name(name)
        self.curator.set_annotator(prefs.annotator_name())
        self.statusBar().showMessage(f"Annotating as {prefs.annotator_name()}", 6000)

    def done_and_next(self) -> None:
        """Mark the shown document done and open the next one in the list."""
        document = self.document_view.document()
        if document is None:
            return
        if not self.mark_document("done"):
            return
        if not self.corpus_panel.select_next():
            self.statusBar().showMessage("That was the last document in the list.", 6000)

    # -- curation ---------------------------------------------------------------------------

    def _on_curated(
        self, doc_id: int, span_ids: list[int], description: str, replayed: bool
    ) -> None:
        store = self._store
        if store is None:
            return
        stamp = time.strftime("%H:%M:%S")
        self.saved_label.setText(f"Saved {stamp}")
        self.saved_label.setToolTip(f"{description}\nwritten to {store.path} at {stamp}")
        self.statusBar().showMessage(description, 6000)
        self._follow_schema(store)
        try:
            row = store.document_row(doc_id)
        except KeyError:
            # A change to no document in particular (the registry, the schema).
            self.inspector.refresh()
            return
        shown = self.document_view.document()
        if shown is not None and shown.id == doc_id:
            self._refresh_document(row, span_ids)
            self.inspector.refresh()
            if span_ids and replayed:
                self.document_view.go_to_span(span_ids[0])
        elif replayed:
            # The undone edit was made on another document: go there, so it can be seen.
            if not self.corpus_panel.select_document(doc_id):
                self.show_document(doc_id)
            if span_ids:
                self.document_view.go_to_span(span_ids[0])
        else:
            # Spans of another document changed (a registry-wide link touches many): the
            # registry and counts the inspector shows may have changed; read them once.
            self._inspector_timer.start()
        self.model.update_row(row)
        self._summary_timer.start()

    def _on_curation_error(self, message: str) -> None:
        self.saved_label.setText("Not saved")
        self.show_error("Not saved", message)

    # -- pipeline ---------------------------------------------------------------------------

    def _ensure_pipeline(self, preferred: str | None) -> None:
        """Load the project's pipeline in the background unless it is loaded or loading."""
        current = self._pipeline
        if current is not None and current.wanted == preferred:
            return
        if self._pipeline_task is not None:
            return  # the one loading is checked against the project when it arrives
        task = self._pipeline_task = Task(
            "Loading the pipeline", load_pipeline_task(preferred), self, dialog=False
        )
        task.sig_done.connect(self._on_pipeline_loaded)
        task.sig_failed.connect(
            lambda failure: self._on_pipeline_loaded(
                LoadedPipeline(reason=failure.message, wanted=preferred)
            )
        )
        task.sig_finished.connect(self._on_pipeline_task_finished)
        self._pipeline = None
        self._show_pipeline_state(loading=True)
        task.start()

    def _on_pipeline_loaded(self, loaded: LoadedPipeline) -> None:
        # The pipeline, Qt and Newsmark's modules stay for the process's life: move them out of
        # the garbage collector's sight, or each full collection (which stops every thread)
        # walks them all, some 80 ms that the window would feel while a worker runs.
        gc.freeze()
        self._pipeline = loaded
        self._show_pipeline_state()
        self._update_actions()

    def _on_pipeline_task_finished(self) -> None:
        self._pipeline_task = None
        # The project may have changed to one that wants another pipeline meanwhile.
        if self._store is not None:
            self._ensure_pipeline(self._store.get_setting("pipeline"))

    def pipeline(self) -> LoadedPipeline | None:
        return self._pipeline

    def _show_pipeline_state(self, *, loading: bool = False) -> None:
        loaded = self._pipeline
        if loading or (loaded is None and self._pipeline_task is not None):
            self.pipeline_label.setText("Pipeline: loading…")
            self.pipeline_label.setToolTip(
                "The spaCy pipeline loads in the background; you can read and annotate meanwhile."
            )
        elif loaded is None:
            self.pipeline_label.setText("")
        elif loaded.ready:
            self.pipeline_label.setText(f"Pipeline: {loaded.info.display_name}")
            self.pipeline_label.setToolTip(
                f"Suggestions come from {loaded.info.display_name} "
                f"({', '.join(loaded.info.components)}) and Newsmark's rules."
            )
        else:
            self.pipeline_label.setText("No pipeline: no suggestions")
            self.pipeline_label.setToolTip(loaded.reason)

    # -- long work: import and suggest ------------------------------------------------------

    def _start_task(
        self,
        title: str,
        function: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None],
    ) -> Task | None:
        if self._task is not None:
            self.show_error(title, f"Wait for “{self._task.title}” to finish, or cancel it.")
            return None
        task = self._task = Task(title, function, self)
        # The worker hands the GIL back to the UI thread sooner: the window makes many short
        # calls into Qt while it redraws, and each may wait a whole interval for the GIL.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(TASK_SWITCH_INTERVAL)
        task.sig_done.connect(on_done)
        task.sig_failed.connect(self._on_task_failed)
        task.sig_finished.connect(self._on_task_finished)
        task.start()
        self._update_actions()
        return task

    def _on_task_failed(self, failure: TaskFailure) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, failure.title, failure.message)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setParent(self, box.windowFlags())
        if failure.details:
            box.setDetailedText(failure.details)
        self.last_failure = failure
        box.exec()
        box.deleteLater()

    def _on_task_finished(self) -> None:
        self._task = None
        if self._store is not None:
            # What the window's own task wrote is shown already: not another program's.
            self._data_version = self._store.data_version()
        sys.setswitchinterval(self._switch_interval)
        self._update_actions()
        if self._after_import and self._pipeline is not None and self._pipeline.ready:
            new_ids, self._after_import = self._after_import, []
            self.suggest(new_ids)
        self._after_import = []

    def task(self) -> Task | None:
        return self._task

    def choose_files_to_import(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self,
            "Import articles",
            str(self._dialog_folder()),
            "Articles and annotations (*.txt *.md *.html *.htm *.jsonl *.ndjson *.csv);;"
            "All files (*)",
        )
        if chosen:
            self.import_files(chosen)

    def choose_folder_to_import(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Import a folder of articles or of brat files", str(self._dialog_folder())
        )
        if chosen:
            self.import_files([chosen])

    def choose_projects_to_merge(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, "Merge annotators' project files", str(self._dialog_folder()), PROJECT_FILTER
        )
        if chosen:
            self.merge_projects(chosen)

    def merge_projects(self, sources: list[str]) -> Task | None:
        """Merge annotators' project files into this project in the background; a report
        follows."""
        store = self._store
        if store is None:
            self.show_error("Cannot merge", no_project_message())
            return None
        return self._start_task("Merge", merge_task(store.path, sources), self._on_imported)

    def import_files(self, inputs: list[str]) -> Task | None:
        """Import files and folders in the background; a report follows."""
        store = self._store
        if store is None:
            self.show_error("Cannot import", no_project_message())
            return None
        return self._start_task("Import", import_task(store.path, inputs), self._on_imported)

    def _on_imported(self, report: ImportReport) -> None:
        self.last_import_report = report
        self.reload()
        self._summary_timer.start()
        self.import_report_dialog = ImportReportDialog(report, self)
        self.import_report_dialog.show()
        # Pre-highlight what came in, once the import's task has ended.
        self._after_import = [doc_id for _location, doc_id, _title in report.imported]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._store is not None and _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData().urls())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop returns: a drag source waits for it, and the import may ask things.
        QTimer.singleShot(0, lambda: self.import_files(paths))

    def suggest_current(self) -> None:
        document = self.document_view.document()
        if document is not None:
            self.suggest([document.id])

    def suggest_all(self) -> None:
        self.suggest(None)

    def suggest(self, doc_ids: list[int] | None) -> Task | None:
        """Run the suggesters on ``doc_ids`` (None: every document not seen yet)."""
        store, pipeline = self._store, self._pipeline
        if store is None:
            return None
        if pipeline is None or not pipeline.ready:
            reason = pipeline.reason if pipeline is not None else "It is still loading."
            self.show_error("Cannot suggest", f"No spaCy pipeline is ready. {reason}")
            return None
        # Many documents: in a child process, so the window's thread never waits for spaCy.
        many = doc_ids is None or len(doc_ids) > PROCESS_ABOVE
        make = suggest_process_task if many else suggest_task
        function = make(store.path, pipeline, doc_ids, lambda: self._shown_id)
        task = self._start_task("Suggest", function, self._on_suggested)
        if task is not None:
            task.sig_partial.connect(self._on_suggestions_stored)
        return task

    def _on_suggestions_stored(self, batch: StoredBatch) -> None:
        if self._store is None:
            return
        for row in batch.rows:
            self.model.update_row(row)
        view = self.document_view
        shown = view.document()
        if shown is None or batch.shown != shown.id or batch.spans is None:
            return
        view.set_spans(batch.spans)
        self._show_document_changes(next(row for row in batch.rows if row.id == shown.id))
        # The run may have suggested events and claims for it too.
        self.inspector.refresh()

    def _on_suggested(self, report: Any) -> None:
        self.last_suggest_report = report
        counts = report.counts
        if report.unavailable:
            self.show_error("Cannot suggest", report.unavailable)
            return
        if report.to_do == 0:
            message = "Nothing new to suggest: these documents were already seen by this pipeline."
        else:
            message = (
                f"Suggested {counts.spans:,} spans, {counts.events:,} events and "
                f"{counts.claims:,} claims in {counts.documents:,} documents"
                + (" (cancelled)" if report.cancelled else "")
            )
        self.statusBar().showMessage(message, 10000)
        self._refresh_labels()
        self._summary_timer.start()

    # -- messages ---------------------------------------------------------------------------

    def _message_box(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    ) -> QMessageBox.StandardButton:
        box = QMessageBox(icon, title, text, buttons, self)
        # Error texts quote paths, and a path may contain anything, "<b>" included.
        box.setTextFormat(Qt.TextFormat.PlainText)
        answer = QMessageBox.StandardButton(box.exec())
        box.deleteLater()
        return answer

    def show_error(self, title: str, text: str) -> None:
        self._message_box(QMessageBox.Icon.Critical, title, text)

    def confirm(self, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = self._message_box(QMessageBox.Icon.Question, title, text, buttons)
        return answer == QMessageBox.StandardButton.Yes

    def about_text(self) -> str:
        spacy = sys.modules.get("spacy")
        spacy_version = getattr(spacy, "__version__", None) if spacy is not None else None
        pipeline = self._pipeline
        if pipeline is not None and pipeline.ready:
            pipeline_text = pipeline.info.display_name
        elif pipeline is not None:
            pipeline_text = "none (" + pipeline.reason + ")"
        else:
            pipeline_text = "loading…"
        return (
            f"Newsmark {__version__}\n\n"
            "Annotate news articles with entities, events, actors and claims, offline, "
            "in one SQLite project file.\n\n"
            f"Python {platform.python_version()} · Qt {qVersion()} · "
            f"PySide6 {PySide6.__version__}\n"
            f"spaCy {spacy_version or 'not loaded yet'} · pipeline {pipeline_text}"
        )

    def show_about(self) -> None:
        self._message_box(QMessageBox.Icon.Information, "About Newsmark", self.about_text())

    def show_shortcuts(self) -> None:
        if self._shortcuts_dialog is None:
            self._shortcuts_dialog = ShortcutsDialog(self.shortcut_rows(), self)
        self._shortcuts_dialog.show()
        self._shortcuts_dialog.raise_()

    # -- settings and shutdown --------------------------------------------------------------

    def _restore_layout(self) -> None:
        store = prefs.settings()
        geometry = store.value(KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = store.value(KEY_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = store.value(KEY_SPLITTER)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([360, 620, 420])
        size = store.value(KEY_FONT_SIZE)
        # A hand-edited settings file may hold anything: keep the default size then.
        with contextlib.suppress(TypeError, ValueError):
            if size is not None:
                self.document_view.set_font_point_size(int(size))

    def _remember_font_size(self, size: int) -> None:
        prefs.settings().setValue(KEY_FONT_SIZE, size)

    def closeEvent(self, event: QCloseEvent) -> None:
        store = prefs.settings()
        store.setValue(KEY_GEOMETRY, self.saveGeometry())
        store.setValue(KEY_STATE, self.saveState())
        store.setValue(KEY_SPLITTER, self.splitter.saveState())
        for task in (self._task, self._stats_task, self._pipeline_task):
            if task is not None:
                task.cancel()
        # Every acknowledged edit is already committed; a running import or suggest stops at
        # its next batch, keeping what it stored.
        wait_for_tasks()
        self.model.close()
        self.curator.set_store(None, None)
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._shortcuts_dialog is not None:
            self._shortcuts_dialog.close()
        super().closeEvent(event)


def _local_paths(urls: list[Any]) -> list[str]:
    return [url.toLocalFile() for url in urls if url.isLocalFile() and url.toLocalFile()]


def _snap(text: str, start: int, end: int, exact: bool) -> tuple[int, int] | None:
    from newsmark.nlp.tokens import snap_span  # spaCy's tokenizer: imported on first use

    return snap_span(text, start, end, exact=exact)
