"""File ▸ Export: write the project in one of the export formats, with the export's filters.

The formats are those of :data:`newsmark.exchange.formats.EXPORT_FORMATS` whose exporter is
installed. The export runs as a :class:`~newsmark.gui.tasks.Task` on a worker thread with a
Store of its own, so the curator keeps reading and annotating meanwhile. Cancel makes the
exporter's next progress report raise; its atomic writers then leave nothing behind. The last
format and folder are remembered in the app's settings.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.documents import DOCUMENT_STATUSES
from newsmark.core.store import Store
from newsmark.exchange.formats import EXPORT_FORMATS, ExportFormat, ExportSummary, run_export
from newsmark.exchange.records import ALL, ExportOptions
from newsmark.exchange.writing import ExportError
from newsmark.gui import settings as prefs
from newsmark.gui.annotating import swatch
from newsmark.gui.corpus_model import STATUS_LABELS
from newsmark.gui.task_dialog import TaskDialog
from newsmark.gui.tasks import Task, TaskCancelled, TaskContext, TaskFailure
from newsmark.gui.widgets import plain_label, plain_tooltip, side_by_side

KEY_FORMAT = "export/format"
KEY_FOLDER = "export/folder"
DEFAULT_FORMAT = "jsonl"
DEFAULT_SPANS_KEY = "sc"

# Which spans, events, claims and relations go out, by status; accepted first (the usual).
STATUS_TITLES = {
    "accepted": "Accepted only",
    "suggested": "Suggested only",
    "rejected": "Rejected only",
    ALL: "Every status",
}
_NAME_ROLE = Qt.ItemDataRole.UserRole


def available_formats() -> list[ExportFormat]:
    """The export formats whose exporter module is installed, in the table's order.

    Only looked up, not imported: importing the spaCy exporter would load spaCy.
    """
    found = []
    for fmt in EXPORT_FORMATS.values():
        module = fmt.function.partition(":")[0]
        try:
            present = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            present = False
        if present:
            found.append(fmt)
    return found


def project_labels(store: Store) -> list[tuple[str, str | None]]:
    """The span labels an export can choose: the schema's (with colour), then any other
    label still on stored spans."""
    labels: dict[str, str | None] = {
        label.name: label.colour for label in store.project_schema().entity_labels
    }
    for name in store.span_labels():
        labels.setdefault(name, None)
    return list(labels.items())


def default_target(folder: Path, project: Path, fmt: ExportFormat) -> Path:
    """Where an export of ``project`` in ``fmt`` goes in ``folder`` unless the curator says
    otherwise: the project's name with the format's suffix, or a folder named after both."""
    if fmt.folder:
        return folder / f"{project.stem}-{fmt.name}"
    return folder / f"{project.stem}{fmt.suffix}"


def result_url(report: ExportSummary, fmt: ExportFormat) -> QUrl:
    """What "Open" shows: the folder an export wrote into, or the one holding its file."""
    path = Path(report.path)
    return QUrl.fromLocalFile(str(path if fmt.folder else path.parent))


def export_task(
    project: Path,
    name: str,
    target: Path,
    options: ExportOptions,
    extras: dict[str, Any],
) -> Callable[[TaskContext], ExportSummary]:
    """Export ``project`` in format ``name`` to ``target``, as ``newsmark export`` does."""

    def run(context: TaskContext) -> ExportSummary:
        def progress(done: int, total: int) -> None:
            # Raised inside the exporter's writing block: its temporary files go with it.
            if context.cancelled():
                raise TaskCancelled
            context.report(done, total, f"Exporting: {done:,} of {total:,} documents")

        fmt = EXPORT_FORMATS[name]
        try:
            fmt.exporter()
        except (ImportError, AttributeError) as exc:
            raise ExportError(f"{fmt.title} cannot be written by this installation: {exc}") from exc
        with Store.open(project, create=False) as store:
            return run_export(store, name, target, options, progress=progress, **extras)

    return run


class CheckList(QListWidget):
    """A list of names, each with a tick box; all ticked means "no filter"."""

    def __init__(self, object_name: str, empty_text: str):
        super().__init__()
        self.setObjectName(object_name)
        self.setUniformItemSizes(True)
        self.setMinimumHeight(96)
        self._empty_text = empty_text

    def fill(self, names: Sequence[tuple[str, str | None]]) -> None:
        """Show ``names`` (name, colour or None); names unticked before stay unticked."""
        unticked = set(self.names(Qt.CheckState.Unchecked))
        self.clear()
        for name, colour in names:
            item = QListWidgetItem(name)
            item.setData(_NAME_ROLE, name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = name not in unticked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            if colour:
                item.setIcon(swatch(colour))
            self.addItem(item)
        if not names:
            placeholder = QListWidgetItem(self._empty_text)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(placeholder)

    def names(self, state: Qt.CheckState = Qt.CheckState.Checked) -> list[str]:
        found = []
        for row in range(self.count()):
            item = self.item(row)
            name = item.data(_NAME_ROLE)
            if name is not None and item.checkState() == state:
                found.append(str(name))
        return found

    def has_names(self) -> bool:
        return any(self.item(row).data(_NAME_ROLE) is not None for row in range(self.count()))

    def set_ticked(self, names: Sequence[str]) -> None:
        wanted = set(names)
        for row in range(self.count()):
            item = self.item(row)
            if item.data(_NAME_ROLE) is not None:
                ticked = item.data(_NAME_ROLE) in wanted
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[str, ...] | None:
        """The filter: () when every name (or none exists) is ticked, the ticked names
        otherwise, None when names exist and none is ticked."""
        if not self.has_names() or not self.names(Qt.CheckState.Unchecked):
            return ()
        ticked = self.names()
        return tuple(ticked) if ticked else None


class ExportDialog(TaskDialog):
    """Chooses a format, a target and the filters, runs the export in the background and
    shows its report (or why it failed) as plain text, with "Open" to see the result.

    ``project_store`` gives the window's Store (None: no project); the lists of annotators
    and labels are read from it by :meth:`refresh`. ``opener`` opens a URL (replaceable, so
    that nothing is launched in tests).

    Threading: UI thread only, apart from the export itself.
    """

    progress_unit = "documents"

    def __init__(
        self, project_store: Callable[[], Store | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._project_store = project_store
        self._project: Path | None = None
        self.opener: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.last_report: ExportSummary | None = None
        self.result: QUrl | None = None
        self.formats = available_formats()

        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self._build_target_box())
        form_layout.addWidget(self._build_filter_box())

        self.progress.setObjectName("exportProgress")
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1)
        self.progress.hide()  # until the first run: an empty bar reads as a text field
        self.message.setObjectName("exportMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QListWidget()
        self.warnings.setObjectName("exportWarnings")
        self.warnings.setMaximumHeight(90)
        self.warnings.hide()

        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("C&ancel export")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Show the exported file's folder")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.export_button, self.cancel_button, self.open_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.warnings)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 620)
        self._select_format(str(prefs.settings().value(KEY_FORMAT, DEFAULT_FORMAT)))
        self.format_combo.currentIndexChanged.connect(lambda _index: self._on_format_changed())
        self._on_format_changed()
        self.refresh()

    # -- building ---------------------------------------------------------------------------

    def _build_target_box(self) -> QGroupBox:
        box = QGroupBox("Format and target")
        form = QFormLayout(box)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for fmt in self.formats:
            self.format_combo.addItem(fmt.title, fmt.name)
        self.format_hint = plain_label(wrap=True, faded=True)
        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("exportTarget")
        self.target_edit.textChanged.connect(lambda _text: self.update_buttons())
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        self.bom_check = QCheckBox("UTF-8 with a byte-order mark, for Excel")
        self.bom_check.setObjectName("exportBom")
        self.spans_key_edit = QLineEdit(DEFAULT_SPANS_KEY)
        self.spans_key_edit.setObjectName("exportSpansKey")
        self.spans_key_edit.setPlaceholderText(DEFAULT_SPANS_KEY)
        self.spans_key_edit.setToolTip("The doc.spans key the spans are stored under")
        form.addRow("&Format:", self.format_combo)
        form.addRow("", self.format_hint)
        form.addRow("&Save to:", side_by_side(self.target_edit, self.browse_button))
        form.addRow("", self.bom_check)
        form.addRow("Spans &key:", self.spans_key_edit)
        self._target_form = form
        # Each extra a format takes, by its keyword, with the widget that sets it.
        self._extras: dict[str, QWidget] = {"bom": self.bom_check, "spans_key": self.spans_key_edit}
        return box

    def _build_filter_box(self) -> QGroupBox:
        box = QGroupBox("What to export")
        form = QFormLayout(box)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("exportStatus")
        for status, title in STATUS_TITLES.items():
            self.status_combo.addItem(title, status)
        self.status_combo.setToolTip("Spans, events, claims and relations with this status")
        self.doc_status_checks: dict[str, QCheckBox] = {}
        for status in DOCUMENT_STATUSES:
            check = QCheckBox(STATUS_LABELS.get(status, status))
            check.setChecked(True)
            check.toggled.connect(lambda _on: self.update_buttons())
            self.doc_status_checks[status] = check
        self.annotator_list = CheckList("exportAnnotators", "(no annotators yet)")
        self.annotator_list.setToolTip(
            "Records by the ticked annotators. With any unticked, records nobody has "
            "curated (machine suggestions) are left out too."
        )
        self.label_list = CheckList("exportLabels", "(no span labels)")
        self.label_list.setToolTip("Spans with the ticked labels (and what records point at)")
        for check_list in (self.annotator_list, self.label_list):
            check_list.itemChanged.connect(lambda _item: self.update_buttons())
        self.skip_empty = QCheckBox("Leave out documents with nothing chosen")
        self.skip_empty.setObjectName("exportSkipEmpty")
        self.gold_only = QCheckBox("Gold layer only (adjudicated records)")
        self.gold_only.setObjectName("exportGoldOnly")
        lists = QWidget()
        lists_layout = QHBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        for title, check_list in (
            ("Annotators", self.annotator_list),
            ("Span labels", self.label_list),
        ):
            column = QVBoxLayout()
            column.addWidget(plain_label(title))
            column.addWidget(check_list)
            lists_layout.addLayout(column)
        form.addRow("S&tatus:", self.status_combo)
        form.addRow("Documents:", side_by_side(*self.doc_status_checks.values(), stretch=True))
        form.addRow(lists)
        form.addRow("", self.skip_empty)
        form.addRow("", self.gold_only)
        return box

    # -- project and format -----------------------------------------------------------------

    def refresh(self) -> None:
        """Read the annotators and labels of the window's project; a new project also gets
        its default target."""
        store = self._project_store()
        if store is None:
            self._project = None
            self.annotator_list.fill([])
            self.label_list.fill([])
            self.update_buttons()
            return
        self.annotator_list.fill([(name, None) for name in store.annotators()])
        self.label_list.fill(project_labels(store))
        if store.path != self._project:
            self._project = store.path
            self.target_edit.setText(str(self._default_target(self._start_folder())))
        self.update_buttons()

    def current_format(self) -> ExportFormat | None:
        name = self.format_combo.currentData()
        return EXPORT_FORMATS.get(name) if name is not None else None

    def choose_format(self, name: str) -> None:
        """Pick format ``name`` (ValueError if it is not offered)."""
        if not self._select_format(name):
            raise ValueError(f"format {name!r} is not available")

    def _select_format(self, name: str) -> bool:
        index = self.format_combo.findData(name)
        if index >= 0:
            self.format_combo.setCurrentIndex(index)
        return index >= 0

    def _on_format_changed(self) -> None:
        fmt = self.current_format()
        if fmt is None:
            self.format_hint.setText(
                "No export format is available: the exporters are not installed."
            )
            self.update_buttons()
            return
        self.format_hint.setText(f"Loaded by: {fmt.loaded_by}")
        self.target_edit.setToolTip(
            "A folder, made if missing; files of the same names in it are replaced"
            if fmt.folder
            else f"A {fmt.suffix} file; one of the same name is replaced"
        )
        for extra, widget in self._extras.items():
            self._target_form.setRowVisible(widget, extra in fmt.extras)
        target = self.target()
        if self._project is not None and target is not None:
            # Same folder, the project's name in the new format's shape.
            self.target_edit.setText(str(self._default_target(target.parent)))
        self.update_buttons()

    def _default_target(self, folder: Path) -> Path:
        fmt = self.current_format()
        if self._project is None or fmt is None:
            return folder
        return default_target(folder, self._project, fmt)

    def _start_folder(self) -> Path:
        remembered = prefs.settings().value(KEY_FOLDER)
        if remembered and Path(str(remembered)).is_dir():
            return Path(str(remembered))
        return self._project.parent if self._project is not None else Path.home()

    def target(self) -> Path | None:
        text = self.target_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_target(self, path: Path | str) -> None:
        self.target_edit.setText(str(path))

    def browse(self) -> None:
        fmt = self.current_format()
        if fmt is None:
            return
        current = self.target() or self._default_target(self._start_folder())
        if fmt.folder:
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder", str(current))
        else:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export to", str(current), f"{fmt.title} (*{fmt.suffix});;All files (*)"
            )
            if chosen and not Path(chosen).suffix:
                chosen += fmt.suffix
        if chosen:
            self.target_edit.setText(chosen)

    # -- choices ----------------------------------------------------------------------------

    def set_status(self, status: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))

    def options(self) -> ExportOptions:
        """The filters as chosen (ExportError when a list has nothing ticked)."""
        doc_statuses = [
            status for status, check in self.doc_status_checks.items() if check.isChecked()
        ]
        if not doc_statuses:
            raise ExportError("Tick at least one document status.")
        annotators = self.annotator_list.chosen()
        if annotators is None:
            raise ExportError("Tick at least one annotator.")
        labels = self.label_list.chosen()
        if labels is None:
            raise ExportError("Tick at least one span label.")
        return ExportOptions(
            status=str(self.status_combo.currentData()),
            annotators=annotators,
            doc_statuses=() if len(doc_statuses) == len(DOCUMENT_STATUSES) else doc_statuses,
            labels=labels,
            skip_empty=self.skip_empty.isChecked(),
            gold=self.gold_only.isChecked(),
        )

    def extras(self) -> dict[str, Any]:
        """The chosen format's own options, by the exporter's keyword."""
        fmt = self.current_format()
        taken = fmt.extras if fmt is not None else ()
        values: dict[str, Any] = {
            "bom": self.bom_check.isChecked(),
            "spans_key": self.spans_key_edit.text().strip() or DEFAULT_SPANS_KEY,
        }
        return {key: value for key, value in values.items() if key in taken}

    # -- running ----------------------------------------------------------------------------

    def start(self) -> Task | None:
        """Start the export as chosen; a choice that cannot work is said in the dialog."""
        if self.task is not None:
            return None
        store, fmt, target = self._project_store(), self.current_format(), self.target()
        try:
            if store is None:
                raise ExportError("No project is open.")
            if store.path != self._project:
                self.refresh()
                raise ExportError(
                    "The window now shows another project: check the choices, then export again."
                )
            if fmt is None or target is None:
                raise ExportError("Choose a format and where to write it.")
            if target.resolve() == store.path.resolve():
                raise ExportError(f"{target} is the project file itself: choose another name.")
            options = self.options()
        except ExportError as exc:
            self._show_outcome(str(exc))
            return None
        self.last_report, self.result = None, None
        self.warnings.clear()
        self.warnings.hide()
        return self.run_task(
            "Export",
            export_task(store.path, fmt.name, target, options, self.extras()),
            lambda report: self._on_done(report, fmt),
            f"Exporting to {target}…",
        )

    def open_result(self) -> None:
        if self.result is not None:
            self.opener(self.result)

    def _remember(self, fmt: ExportFormat, target: Path) -> None:
        store = prefs.settings()
        store.setValue(KEY_FORMAT, fmt.name)
        store.setValue(KEY_FOLDER, str(target.parent.resolve()))

    def _on_done(self, report: ExportSummary, fmt: ExportFormat) -> None:
        self.last_report = report
        self.result = result_url(report, fmt)
        self._remember(fmt, Path(report.path))
        self._show_outcome(report.summary(), report.warnings)
        self.progress.setValue(self.progress.maximum())

    def task_failed(self, failure: TaskFailure, cancelled: bool) -> None:
        if cancelled:
            self._show_outcome("Export cancelled: nothing was written.")
        else:
            self._show_outcome(f"Not exported: {failure.message}", details=failure.details)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)

    def _show_outcome(
        self, message: str, warnings: Sequence[str] = (), *, details: str = ""
    ) -> None:
        self.message.setText(message)
        self.message.setToolTip(plain_tooltip(details) if details else "")
        self.warnings.clear()
        self.warnings.addItems(list(warnings))
        self.warnings.setVisible(bool(warnings))
        self.update_buttons()

    def update_buttons(self) -> None:
        running = self.task is not None
        ready = self._project is not None and self.current_format() is not None
        self.form.setEnabled(not running)
        self.export_button.setEnabled(ready and not running and self.target() is not None)
        self.cancel_button.setEnabled(running)
        self.open_button.setEnabled(self.result is not None and not running)
