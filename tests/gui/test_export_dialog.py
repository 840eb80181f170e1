"""File ▸ Export in the window: the formats offered, JSONL and CSV written off the UI thread
and read back span by span, the filters, Cancel and errors leaving nothing behind, the Open
button's folder and the remembered format and folder."""

from __future__ import annotations

import csv
import importlib.util
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from exchange_project import QUIET, TEXT, Project, at
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.csv_export import MENTION_COLUMNS
from newsmark.exchange.formats import EXPORT_FORMATS
from newsmark.exchange.native import SCHEMA_RESOURCE
from newsmark.gui.export_dialog import ExportDialog, available_formats
from newsmark.gui.main_window import MainWindow
from newsmark.gui.settings import annotator_name

EXPORT_TIMEOUT_MS = 30_000
CSV_FILES = ["actors.csv", "claims.csv", "events.csv", "mentions.csv"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "kersh.nmk"
    Project(path).store.close()
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def line_validator() -> jsonschema.protocols.Validator:
    body = resources.files("newsmark.resources").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(body))


def open_dialog(window: MainWindow) -> ExportDialog:
    window.action_export.trigger()
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def run(qtbot, dialog: ExportDialog) -> None:
    """Press Export and wait for the outcome."""
    assert dialog.export_button.isEnabled()
    dialog.export_button.click()
    assert dialog.is_running()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=EXPORT_TIMEOUT_MS)


def stored_spans(project: Path, statuses: tuple[str, ...]) -> dict[int, list[tuple[Any, ...]]]:
    """Each document's spans with these statuses: (id, start, end, label, text), in id order."""
    with Store.open(project, create=False) as store:
        return {
            doc_id: sorted(
                (s.id, s.start, s.end, s.label, s.text)
                for s in store.document_spans(doc_id, include_rejected=True)
                if s.status in statuses
            )
            for doc_id in store.document_ids()
        }


def jsonl_spans(
    path: Path, validator: jsonschema.protocols.Validator
) -> dict[int, list[tuple[Any, ...]]]:
    """The spans of each line of a JSONL export, each checked against the line's text."""
    raw = path.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in raw.split("\n")[:-1]]
    found = {}
    for line in lines:
        validator.validate(line)
        for span in line["spans"]:
            assert line["text"][span["start"] : span["end"]] == span["text"]
        found[line["id"]] = sorted(
            (s["id"], s["start"], s["end"], s["label"], s["text"]) for s in line["spans"]
        )
    return found


def test_the_file_menu_opens_the_dialog_on_the_project(qtbot, open_window, project):
    window = open_window(project)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.action_export in file_menu.actions()
    assert window.action_export.shortcut() == QKeySequence("Ctrl+E")
    dialog = open_dialog(window)

    offered = [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())]
    installed = [
        name
        for name, fmt in EXPORT_FORMATS.items()
        if importlib.util.find_spec(fmt.function.partition(":")[0]) is not None
    ]
    assert offered == installed == [fmt.name for fmt in available_formats()]
    assert {"jsonl", "csv"} <= set(offered)
    dialog.choose_format("jsonl")
    assert dialog.format_combo.currentText() == EXPORT_FORMATS["jsonl"].title
    assert EXPORT_FORMATS["jsonl"].loaded_by in dialog.format_hint.text()
    assert dialog.target() == project.parent / "kersh.jsonl"
    assert dialog.bom_check.isHidden() and dialog.spans_key_edit.isHidden()
    dialog.choose_format("csv")
    assert dialog.target() == project.parent / "kersh-csv"
    assert not dialog.bom_check.isHidden() and dialog.spans_key_edit.isHidden()

    # The window registers its curator as an annotator when it opens the project.
    assert dialog.annotator_list.names() == sorted({"ana", "bob", "cy", annotator_name()})
    labels = dialog.label_list.names()
    assert {"ORG", "GPE", "DATE", "PERSON", "FAC", "QUANTITY"} <= set(labels)
    assert dialog.status_combo.currentData() == "accepted"
    assert all(check.isChecked() for check in dialog.doc_status_checks.values())
    # Everything ticked is no filter at all.
    options = dialog.options()
    assert (options.annotators, options.labels, options.doc_statuses) == ((), (), ())
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText


def test_jsonl_export_writes_the_accepted_spans_and_open_shows_its_folder(
    qtbot, open_window, project, out, line_validator
):
    window = open_window(project)
    dialog = open_dialog(window)
    dialog.choose_format("jsonl")
    target = out / "kersh.jsonl"
    dialog.set_target(target)
    run(qtbot, dialog)

    assert dialog.last_failure is None
    report = dialog.last_report
    assert report is not None and report.path == target
    assert dialog.message.text() == report.summary()
    assert "Wrote 2 documents" in dialog.message.text()
    spans = jsonl_spans(target, line_validator)
    assert spans == stored_spans(project, ("accepted",))
    assert any(text == "Ke\u0301rsh" for _i, _s, _e, _l, text in spans[1])
    assert spans[2] == []
    assert sorted(p.name for p in out.iterdir()) == ["kersh.jsonl"]

    opened: list[QUrl] = []
    dialog.opener = opened.append
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(out))]


def test_status_all_also_writes_the_suggested_and_rejected_spans(
    qtbot, open_window, project, out, line_validator
):
    window = open_window(project)
    dialog = open_dialog(window)
    dialog.choose_format("jsonl")
    dialog.set_target(out / "accepted.jsonl")
    run(qtbot, dialog)
    dialog.set_status("all")
    dialog.set_target(out / "all.jsonl")
    run(qtbot, dialog)

    accepted = jsonl_spans(out / "accepted.jsonl", line_validator)
    every = jsonl_spans(out / "all.jsonl", line_validator)
    assert every == stored_spans(project, ("accepted", "suggested", "rejected"))
    added = [(text, label) for _i, _s, _e, label, text in set(every[1]) - set(accepted[1])]
    assert sorted(added) == [("Tuesday, killing", "DATE"), ("five traders", "QUANTITY")]


def test_annotator_document_and_empty_filters_choose_what_is_written(
    qtbot, open_window, project, out, line_validator
):
    window = open_window(project)
    dialog = open_dialog(window)
    dialog.choose_format("jsonl")
    dialog.annotator_list.set_ticked(["ana"])
    dialog.set_target(out / "ana.jsonl")
    run(qtbot, dialog)
    ana = jsonl_spans(out / "ana.jsonl", line_validator)
    texts = [text for _i, _s, _e, _l, text in ana[1]]
    assert "Rebel fighters" in texts
    assert "the governor" not in texts and "main market" not in texts  # bob's

    dialog.annotator_list.set_ticked(["ana", "bob", "cy"])
    for status, check in dialog.doc_status_checks.items():
        check.setChecked(status == "done")
    dialog.set_target(out / "done.jsonl")
    run(qtbot, dialog)
    done = jsonl_spans(out / "done.jsonl", line_validator)
    assert list(done) == [2]

    for check in dialog.doc_status_checks.values():
        check.setChecked(True)
    dialog.skip_empty.setChecked(True)
    dialog.set_target(out / "annotated.jsonl")
    run(qtbot, dialog)
    assert list(jsonl_spans(out / "annotated.jsonl", line_validator)) == [1]

    dialog.annotator_list.set_ticked([])
    dialog.set_target(out / "nobody.jsonl")
    dialog.export_button.click()
    assert not dialog.is_running()
    assert dialog.message.text() == "Tick at least one annotator."
    assert not (out / "nobody.jsonl").exists()


def test_csv_with_a_byte_order_mark_goes_into_a_new_folder(qtbot, open_window, project, out):
    window = open_window(project)
    dialog = open_dialog(window)
    dialog.choose_format("csv")
    dialog.bom_check.setChecked(True)
    assert dialog.extras() == {"bom": True}
    target = out / "tables"
    dialog.set_target(target)
    run(qtbot, dialog)

    assert dialog.last_failure is None, dialog.last_failure
    assert sorted(p.name for p in target.iterdir()) == CSV_FILES
    for name in CSV_FILES:
        assert (target / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    with (target / "mentions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(MENTION_COLUMNS)
    texts = {1: TEXT, 2: QUIET}
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert texts[int(row["doc_id"])][start:end] == row["text"]
    written = sorted(
        (int(r["span_id"]), int(r["start"]), int(r["end"]), r["label"], r["text"]) for r in rows
    )
    expected = stored_spans(project, ("accepted",))
    assert written == sorted(expected[1] + expected[2])

    opened: list[QUrl] = []
    dialog.opener = opened.append
    dialog.open_result()
    assert opened == [QUrl.fromLocalFile(str(target))]


@pytest.fixture
def big_project(tmp_path: Path) -> Path:
    path = tmp_path / "big.nmk"
    texts = [
        f"Rebels shelled the market in Kersh on day {i}, killing five, the governor said. "
        "The Eastern Front denied responsibility."
        for i in range(20_000)
    ]
    with Store.open(path) as store:
        store.add_documents([Document(text=text, title="Shelling") for text in texts])
        store.create_span(1, *at("Kersh", texts[0]), "GPE", annotator="ana")
    return path


@pytest.mark.parametrize(("name", "target_name"), [("jsonl", "big.jsonl"), ("csv", "tables")])
def test_cancel_midway_leaves_nothing(qtbot, open_window, big_project, out, name, target_name):
    window = open_window(big_project)
    dialog = open_dialog(window)
    dialog.choose_format(name)
    dialog.set_target(out / target_name)
    reports: list[tuple[int, int]] = []

    def on_progress(done: int, total: int, _text: str) -> None:
        reports.append((done, total))
        if len(reports) == 1:
            dialog.cancel_button.click()  # as the curator would, at the first report

    task = dialog.start()
    assert task is not None and dialog.cancel_button.isEnabled()
    task.sig_progress.connect(on_progress)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=EXPORT_TIMEOUT_MS)

    assert reports and reports[-1][0] < reports[-1][1] == 20_000
    assert dialog.last_report is None
    assert dialog.last_failure is not None
    assert dialog.message.text() == "Export cancelled: nothing was written."
    assert list(out.iterdir()) == []
    assert not dialog.open_button.isEnabled()
    assert dialog.export_button.isEnabled()


def test_a_missing_folder_is_shown_as_plain_text_and_nothing_is_written(
    qtbot, open_window, project, tmp_path
):
    window = open_window(project)
    dialog = open_dialog(window)
    dialog.choose_format("jsonl")
    missing = tmp_path / "<b>gone"
    dialog.set_target(missing / "kersh.jsonl")
    run(qtbot, dialog)

    assert dialog.last_report is None
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText
    assert dialog.message.text().startswith("Not exported: ")
    assert f"the folder {missing} does not exist" in dialog.message.text()
    assert not missing.exists()
    assert not dialog.open_button.isEnabled()


def test_the_project_file_itself_is_refused(qtbot, open_window, project):
    window = open_window(project)
    dialog = open_dialog(window)
    dialog.choose_format("jsonl")
    before = project.read_bytes()
    dialog.set_target(project)
    dialog.export_button.click()
    assert not dialog.is_running()
    assert "is the project file itself" in dialog.message.text()
    assert project.read_bytes() == before


def test_the_last_format_and_folder_are_remembered(qtbot, open_window, project, out):
    window = open_window(project)
    dialog = open_dialog(window)
    dialog.choose_format("csv")
    dialog.set_target(out / "tables")
    run(qtbot, dialog)
    assert dialog.last_report is not None

    again = ExportDialog(window.store, window)
    qtbot.addWidget(again)
    assert again.current_format() == EXPORT_FORMATS["csv"]
    assert again.target() == out / "kersh-csv"


def test_closing_the_window_cancels_a_running_export(qtbot, open_window, big_project, out):
    window = open_window(big_project)
    dialog = open_dialog(window)
    dialog.choose_format("jsonl")
    dialog.set_target(out / "big.jsonl")
    task = dialog.start()
    assert task is not None
    window.close()
    assert task.context.cancelled()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=EXPORT_TIMEOUT_MS)
    assert list(out.iterdir()) == []
