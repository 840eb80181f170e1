"""The main window: a project's corpus on the left, the document being read in the centre."""

from __future__ import annotations

import contextlib
import platform
import shlex
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QByteArray, Qt, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHeaderView,
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
from newsmark.core.errors import ProjectError
from newsmark.core.paths import PROJECT_SUFFIX, default_project_path
from newsmark.core.store import Store
from newsmark.gui import settings as prefs
from newsmark.gui.corpus_model import CorpusModel
from newsmark.gui.corpus_panel import CorpusPanel
from newsmark.gui.document_view import DocumentView, ElidedLabel

APP_TITLE = "Newsmark"
PROJECT_FILTER = f"Newsmark projects (*{PROJECT_SUFFIX});;All files (*)"

KEY_GEOMETRY = "window/geometry"
KEY_SPLITTER = "window/splitter"
KEY_FONT_SIZE = "document/font_size"

# Keys that work without a menu action; the shortcuts dialog lists them after the actions.
LIST_KEYS = (
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
        "Import articles from the command line:\n\n"
        f"newsmark import PATH --project {shlex.quote(str(project))}\n\n"
        "PATH is an article file or a folder of them (.txt, .md, .html, .jsonl, .csv). "
        "Then press F5 to reload the list."
    )


def select_message() -> str:
    return (
        "Select a document in the list to read it.\n\n"
        "Up and Down move through the list; Ctrl+F searches titles and texts."
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
        self.resize(520, 420)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(row, 0).text(), self.table.item(row, 1).text())
            for row in range(self.table.rowCount())
        ]


class MainWindow(QMainWindow):
    """The application window: open a project, browse its corpus, read its documents.

    It owns the project's Store for the UI thread (single-document reads, a document's spans
    and statistics, each a one-row, indexed or grouped query); the corpus list's page queries
    run on the model's loader thread. Opening another project replaces the Store only once the
    new one has opened, so a file that fails to open leaves the current project as it was.
    Messages from files (titles, error texts naming paths) are shown as plain text.

    Threading: UI thread only.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._store: Store | None = None
        self._shortcuts_dialog: ShortcutsDialog | None = None

        self.model = CorpusModel(self)
        self.corpus_panel = CorpusPanel(self.model)
        self.document_view = DocumentView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.corpus_panel)
        self.splitter.addWidget(self.document_view)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.corpus_panel.setContentsMargins(6, 6, 0, 0)
        self.setCentralWidget(self.splitter)

        self.project_label = ElidedLabel()
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        status = self.statusBar()
        status.addWidget(self.project_label, 1)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(_separator())
        status.addPermanentWidget(self.summary_label)
        self.summary_label.setContentsMargins(0, 0, 6, 0)

        self._create_actions()
        self._create_menus()
        self._restore_layout()

        self.corpus_panel.sig_current_document_changed.connect(self.show_document)
        self.document_view.sig_font_size_changed.connect(self._remember_font_size)
        self.model.sig_reset_done.connect(self._on_list_reset)
        self._show_project_state()

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
        self.action_quit = self._action("&Quit", self.close, keys.Quit)
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

    def _create_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.action_open)
        file_menu.addAction(self.action_new)
        self.recent_menu = QMenu("&Recent projects", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)

        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(self.action_find)
        view_menu.addAction(self.action_reload)
        view_menu.addSeparator()
        view_menu.addAction(self.action_zoom_in)
        view_menu.addAction(self.action_zoom_out)
        view_menu.addAction(self.action_zoom_reset)

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
        for action in self.actions():
            if action.shortcuts():
                keys = ", ".join(
                    key.toString(QKeySequence.SequenceFormat.NativeText)
                    for key in action.shortcuts()
                )
                rows.append((keys, action.text().replace("&", "").rstrip("…")))
        return rows + list(LIST_KEYS)

    # -- projects ---------------------------------------------------------------------------

    def store(self) -> Store | None:
        return self._store

    def project_path(self) -> Path | None:
        return self._store.path if self._store is not None else None

    def open_project(self, path: str | Path, *, create: bool = False) -> bool:
        """Open ``path`` in place of the current project; on failure say why and keep it."""
        path = Path(path).expanduser()
        try:
            store = Store.open(path, create=create)
        except (ProjectError, OSError) as exc:
            self.show_error("Cannot open project", str(exc))
            return False
        self._replace_store(store)
        prefs.remember_project(path)
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
        self.corpus_panel.forget_current()
        self.corpus_panel.clear_filters()
        self.model.set_store(store)  # stops the old loader before the old Store closes
        if old is not None:
            old.close()
        self._show_project_state()
        self.corpus_panel.table.setFocus()

    def close_project(self) -> None:
        self._replace_store(None)

    def reload(self) -> None:
        """Query the corpus again: documents may have been imported from the command line."""
        if self._store is None:
            return
        self.model.reload()
        self._show_project_state(keep_document=True)

    def _show_project_state(self, *, keep_document: bool = False) -> None:
        store = self._store
        if store is None:
            self.setWindowTitle(APP_TITLE)
            self.project_label.set_full_text("No project open")
            self.count_label.setText("")
            self.summary_label.setText("")
            self.document_view.show_message(no_project_message())
            return
        self.setWindowTitle(f"{APP_TITLE} — {store.path.name}")
        self.project_label.set_full_text(str(store.path))
        self.project_label.setToolTip(str(store.path))
        stats = store.stats()
        total = stats["documents"]["total"]
        self.count_label.setText(f"{total:,} document{'' if total == 1 else 's'}")
        by_status = stats["documents"]["by_status"]
        self.count_label.setToolTip(
            "\n".join(f"{n:,} {status.replace('_', ' ')}" for status, n in by_status.items())
        )
        self.summary_label.setText(annotation_summary(stats))
        if keep_document and self.document_view.document() is not None:
            return
        if total == 0:
            self.document_view.show_message(empty_project_message(store.path))
        else:
            self.document_view.show_message(select_message())

    def _on_list_reset(self) -> None:
        # After F5, an empty project may have received documents.
        if self.document_view.document() is None and self._store is not None:
            if self.model.total_count() == 0:
                self.document_view.show_message(empty_project_message(self._store.path))
            else:
                self.document_view.show_message(select_message())

    # -- documents --------------------------------------------------------------------------

    def show_document(self, doc_id: int) -> None:
        if self._store is None:
            return
        try:
            document = self._store.get_document(doc_id)
        except KeyError:
            self.document_view.show_message(
                f"Document {doc_id} is no longer in the project.\n\nPress F5 to reload the list."
            )
            return
        # One indexed query; the view never reads the Store itself.
        self.document_view.show_document(document, self._store.document_spans(doc_id))

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

    def show_about(self) -> None:
        self._message_box(
            QMessageBox.Icon.Information,
            "About Newsmark",
            f"Newsmark {__version__}\n\n"
            "Annotate news articles with entities, events, actors and claims, offline, "
            "in one SQLite project file.\n\n"
            f"Python {platform.python_version()} · Qt {qVersion()} · "
            f"PySide6 {PySide6.__version__}",
        )

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
            self.resize(1280, 800)
        splitter = store.value(KEY_SPLITTER)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([640, 640])
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
        store.setValue(KEY_SPLITTER, self.splitter.saveState())
        self.model.close()
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._shortcuts_dialog is not None:
            self._shortcuts_dialog.close()
        super().closeEvent(event)
