"""The adjudication dialog in the real window: two annotators' versions imported from native
JSONL, merged and accepted into gold through the dialog, undone from the window, and the gold
layer exported and read back span by span."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import store_of

from newsmark.core.gold_layer import GOLD_ORIGIN
from newsmark.core.store import Store
from newsmark.exchange.importing import import_annotations
from newsmark.exchange.native import export_native
from newsmark.exchange.records import ExportOptions
from newsmark.gui.adjudication_dialog import AGREEMENT_COLOURS, NO, YES, AdjudicationDialog
from newsmark.gui.main_window import MainWindow
from newsmark.review.adjudication import ALL_AGREE, ONE_ONLY
from newsmark.review.layers import gold_version

pytestmark = pytest.mark.gui

TEXT = "Militia fighters 🚀 raided Dulan village on Friday, a spokesman said."
ADJUDICATOR = "Judge Ida"


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def line(annotator: str, spans: list[tuple[str, str]]) -> dict[str, Any]:
    """One annotator's native JSONL line: accepted spans of ``(words, label)``."""
    return {
        "format": "newsmark/1",
        "id": 1,
        "text": TEXT,
        "meta": {"title": "Village raided"},
        "spans": [
            {
                "id": key,
                "start": at(words)[0],
                "end": at(words)[1],
                "text": words,
                "label": label,
                "status": "accepted",
                "origin": "manual",
                "annotator": annotator,
            }
            for key, (words, label) in enumerate(spans, start=1)
        ],
    }


@pytest.fixture
def team_project(tmp_path: Path) -> Path:
    versions = {
        "ana": [("Militia fighters", "ORG"), ("Dulan", "GPE"), ("on Friday", "DATE")],
        "bob": [("Militia fighters", "ORG"), ("Dulan village", "GPE"), ("a spokesman", "PERSON")],
    }
    files = []
    for annotator, spans in versions.items():
        path = tmp_path / f"{annotator}.jsonl"
        path.write_text(json.dumps(line(annotator, spans), ensure_ascii=False) + "\n", "utf-8")
        files.append(path)
    project = tmp_path / "team.nmk"
    with Store.open(project) as store:
        assert not import_annotations(store, files).refused
    return project


def open_dialog(window: MainWindow) -> AdjudicationDialog:
    assert window.corpus_panel.select_document(1)
    assert window.action_adjudicate.isEnabled()
    window.action_adjudicate.trigger()
    dialog = window.adjudication_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def row_of(dialog: AdjudicationDialog, text: str, label: str) -> int:
    (row,) = [
        row
        for row, item in enumerate(dialog.shown_items())
        if item.text == text and item.label == label
    ]
    return row


def cell(dialog: AdjudicationDialog, row: int, header: str) -> str:
    headers = [
        dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
    ]
    return dialog.table.item(row, headers.index(header)).text()


def gold_in_view(window: MainWindow) -> set[tuple[int, int, str, str | None]]:
    return {
        (s.start, s.end, s.label, s.annotator)
        for s in window.document_view.spans()
        if s.origin == GOLD_ORIGIN
    }


def test_merge_accept_undo_and_export_the_gold_layer(
    open_window, team_project: Path, tmp_path: Path, message_boxes
):
    window = open_window(team_project)
    window.set_annotator_name(ADJUDICATOR)
    dialog = open_dialog(window)

    # One column per annotator and one for gold; rows coloured by agreement.
    headers = [
        dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
    ]
    assert headers[-3:] == ["ana", "bob", "Gold"]
    militia = row_of(dialog, "Militia fighters", "ORG")
    dulan = row_of(dialog, "Dulan", "GPE")
    village = row_of(dialog, "Dulan village", "GPE")
    assert [cell(dialog, militia, h) for h in ("ana", "bob", "Gold")] == [YES, YES, NO]
    assert [cell(dialog, dulan, h) for h in ("ana", "bob")] == [YES, NO]
    colour = dialog.table.item(militia, 0).background().color()
    assert colour == AGREEMENT_COLOURS[ALL_AGREE]
    assert dialog.table.item(dulan, 0).background().color() == AGREEMENT_COLOURS[ONE_ONLY]
    assert cell(dialog, dulan, "Group") == cell(dialog, village, "Group")  # a near miss
    dialog.set_filter("Disagreements")
    assert {i.text for i in dialog.shown_items()} == {
        "Dulan",
        "Dulan village",
        "on Friday",
        "a spokesman",
    }
    dialog.set_filter("All")
    assert not dialog.accept_button.isEnabled()  # nothing selected

    dialog.merge_button.click()
    assert gold_in_view(window) == {(*at("Militia fighters"), "ORG", ADJUDICATOR)}
    assert cell(dialog, row_of(dialog, "Militia fighters", "ORG"), "Gold") == YES

    dialog.table.selectRow(row_of(dialog, "Dulan village", "GPE"))
    assert dialog.accept_button.isEnabled()
    dialog.accept_button.click()
    expected = {
        (*at("Militia fighters"), "ORG", ADJUDICATOR),
        (*at("Dulan village"), "GPE", ADJUDICATOR),
    }
    assert gold_in_view(window) == expected
    assert cell(dialog, row_of(dialog, "Dulan village", "GPE"), "Gold") == YES

    # Undo from the window takes the last copy out of gold, view and dialog alike; redo again.
    window.action_undo.trigger()
    assert gold_in_view(window) == {(*at("Militia fighters"), "ORG", ADJUDICATOR)}
    assert cell(dialog, row_of(dialog, "Dulan village", "GPE"), "Gold") == NO
    window.action_redo.trigger()
    assert gold_in_view(window) == expected

    dialog.reviewed_button.click()
    store = store_of(window)
    assert store.get_document(1).status == "reviewed"
    assert message_boxes.shown == []

    target = tmp_path / "gold.jsonl"
    export_native(store, target, ExportOptions(gold=True))
    (exported,) = [json.loads(raw) for raw in target.read_text("utf-8").splitlines()]
    assert exported["status"] == "reviewed"
    spans = {(s["start"], s["end"], s["label"], s["annotator"]) for s in exported["spans"]}
    assert spans == expected
    assert spans == {(s.start, s.end, s.label, s.annotator) for s in gold_version(store, 1).spans}
    for span in exported["spans"]:
        assert exported["text"][span["start"] : span["end"]] == span["text"]


def test_remove_from_gold_and_an_adjudicator_who_annotated(
    open_window, team_project: Path, message_boxes
):
    window = open_window(team_project)
    window.set_annotator_name("ana")
    dialog = open_dialog(window)
    dialog.merge_button.click()
    # ana annotated this document: the refusal is shown and nothing is written.
    assert any("another name" in text for text in message_boxes.texts())
    assert gold_in_view(window) == set()

    window.set_annotator_name(ADJUDICATOR)
    dialog.version_combo.setCurrentText("bob")
    assert dialog.accept_version_button.text() == "Accept bob's version"
    dialog.accept_version_button.click()
    assert {s[2] for s in gold_in_view(window)} == {"ORG", "GPE", "PERSON"}
    dialog.set_filter("In gold")
    dialog.table.selectRow(row_of(dialog, "a spokesman", "PERSON"))
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()
    assert {s[2] for s in gold_in_view(window)} == {"ORG", "GPE"}
    assert "a spokesman" not in {i.text for i in dialog.shown_items()}
    window.action_undo.trigger()
    assert {s[2] for s in gold_in_view(window)} == {"ORG", "GPE", "PERSON"}
    assert "a spokesman" in {i.text for i in dialog.shown_items()}
