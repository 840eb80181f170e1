"""Team ▸ Agreement report in the window: the report computed off the UI thread for two
annotators' imported files, its tables cell by cell, the bar chart as painted, and a project
with nobody to compare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from newsmark.core.store import Store
from newsmark.exchange.importing import import_annotations
from newsmark.gui.agreement_dialog import AgreementDialog, Bar, F1Chart
from newsmark.gui.main_window import MainWindow

TIMEOUT_MS = 30_000
TEXT = (
    "Rebels shelled the market in Kersh on Tuesday, killing five, the governor said. "
    "The Eastern Front denied responsibility."
)
QUIET = "Nothing happened in Port Amal today."


def line(text: str, annotator: str, spans: list[tuple[str, str]]) -> str:
    """A native JSONL line: ``annotator``'s accepted spans over the given words."""
    records: list[dict[str, Any]] = []
    for number, (words, label) in enumerate(spans, start=1):
        start = text.index(words)
        records.append(
            {
                "id": number,
                "start": start,
                "end": start + len(words),
                "text": words,
                "label": label,
                "status": "accepted",
                "origin": "manual",
                "annotator": annotator,
                "attributes": {},
            }
        )
    return json.dumps({"format": "newsmark/1", "id": 1, "text": text, "spans": records})


def build(path: Path, lines: list[str]) -> Path:
    with Store.open(path) as store:
        for number, body in enumerate(lines):
            source = path.parent / f"{path.stem}-{number}.jsonl"
            source.write_text(body + "\n", encoding="utf-8")
            assert not import_annotations(store, [source], fmt="jsonl").refused
    return path


@pytest.fixture
def team_project(tmp_path: Path) -> Path:
    ana = [
        ("Rebels", "ORG"),
        ("Kersh", "GPE"),
        ("on Tuesday", "DATE"),
        ("the governor", "PERSON"),
        ("The Eastern Front", "ORG"),
    ]
    bob = [
        ("Rebels", "ORG"),
        ("Kersh", "GPE"),
        ("Tuesday", "DATE"),
        ("governor", "PERSON"),
        ("Eastern Front", "ORG"),
        ("the market", "LOC"),
    ]
    return build(
        tmp_path / "team.nmk",
        [line(TEXT, "ana", ana), line(TEXT, "bob", bob), line(QUIET, "cy", [("Port Amal", "GPE")])],
    )


def open_report(qtbot, window: MainWindow) -> AgreementDialog:
    window.action_agreement.trigger()
    dialog = window.agreement_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT_MS)
    return dialog


def cells(table) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_report_of_two_annotators(qtbot, open_window, team_project: Path):
    window = open_window(team_project)
    assert window.action_agreement.isEnabled()
    dialog = open_report(qtbot, window)
    assert dialog.report is not None and dialog.last_failure is None
    assert dialog.message.text() == "2 annotators (ana, bob) on 1 document (22 tokens)"

    rows = cells(dialog.label_table)
    # All pairs, then the pair ana – bob: per label, then "all". Exact F1 4/11 overall,
    # overlapping 10/11, kappa 35/57, alpha 351/566 (worked out in tests/review).
    assert rows[5] == ["all pairs", "all", "0.364", "0.909", "0.614", "0.620"]
    assert rows[11] == ["ana – bob", "all", "0.364", "0.909", "0.614", "0.620"]
    assert [row[1] for row in rows[:6]] == ["DATE", "GPE", "LOC", "ORG", "PERSON", "all"]
    assert rows[1][2:4] == ["1.000", "1.000"]  # GPE: Kersh both
    assert rows[0][2:4] == ["0.000", "1.000"]  # DATE: "on Tuesday" / "Tuesday"
    assert rows[3][2:4] == ["0.500", "1.000"]  # ORG: Rebels exact, Eastern Front overlapping
    assert cells(dialog.document_table) == [
        ["1", "", "ana, bob", "22", "0.364", "0.909", "0.614", "0.620"]
    ]
    assert "Events, all pairs: 0 paired of 0 and 0" in dialog.details.toPlainText()

    bars = dialog.chart.bars()
    assert [bar.label for bar in bars] == ["DATE", "GPE", "LOC", "ORG", "PERSON"]
    assert [(bar.exact, bar.overlap) for bar in bars][:2] == [(0.0, 1.0), (1.0, 1.0)]
    schema_colours = {
        label.name: label.colour for label in window.store().project_schema().entity_labels
    }
    assert bars[1].colour == (schema_colours.get("GPE") or "#4c78a8")


def test_chart_paints_each_bar_to_its_height(qtbot):
    chart = F1Chart()
    qtbot.addWidget(chart)
    chart.resize(400, 240)
    chart.set_bars([Bar("ORG", 0.5, 1.0, "#ff0000"), Bar("GPE", None, None, "#0000ff")])
    image: QImage = chart.grab().toImage()
    column = int(chart.width() * 0.25) + 10  # inside ORG's slot, right of the axis labels
    reds = [
        y
        for y in range(image.height())
        if QColor(image.pixel(column, y)).red() > 200
        and QColor(image.pixel(column, y)).green() < 80
    ]
    light = [
        y
        for y in range(image.height())
        if (c := QColor(image.pixel(column, y))).red() > 200 and 100 <= c.green() < 200
    ]
    # Solid red, then above it the same red, lighter, on the background.
    assert reds and light and max(light) < min(reds)
    # The solid (exact 0.5) part is half the height of the whole bar (overlap 1.0).
    solid, whole = len(reds), max(reds) - min(light) + 1
    assert abs(solid / whole - 0.5) < 0.05
    # GPE's F1 is undefined: no blue anywhere.
    assert not any(
        QColor(image.pixel(x, y)).blue() > 200 and QColor(image.pixel(x, y)).red() < 80
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    )


def test_project_without_two_annotators(qtbot, open_window, tmp_path: Path):
    path = build(tmp_path / "alone.nmk", [line(QUIET, "cy", [("Port Amal", "GPE")])])
    dialog = open_report(qtbot, open_window(path))
    assert dialog.report is not None and dialog.report.empty
    assert "No document has two annotators" in dialog.message.text()
    assert dialog.label_table.rowCount() == 0 and dialog.chart.bars() == []


def test_computing_again_and_closing(qtbot, open_window, team_project: Path):
    window = open_window(team_project)
    dialog = open_report(qtbot, window)
    first = dialog.report
    task = dialog.start()
    assert task is not None and dialog.is_running()
    assert dialog.start() is None  # one computation at a time
    assert not dialog.refresh_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT_MS)
    assert dialog.report is not first and dialog.report == first
    assert window.show_agreement_dialog() is dialog
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT_MS)
    dialog.reject()
    assert not dialog.isVisible()
