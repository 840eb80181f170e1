"""The whole team workflow on files: three annotators each annotate their own copy of the
project (built here from native JSONL the test writes), the copies are merged into a team
project, agreement is measured and checked against figures computed here independently (by
hand on one sentence, with ``krippendorff`` directly on the tokens), the agreed items are
adjudicated into the gold layer, and the gold layer is exported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pytest
import spacy

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.importing import import_annotations
from newsmark.exchange.native import export_native
from newsmark.exchange.records import ExportOptions
from newsmark.review.adjudication import merge_agreed
from newsmark.review.agreement import agreement
from newsmark.review.merge import merge_projects

TEXT = "Rebels shelled Kersh on Tuesday, the governor said."
# Who marked what (label per span text); None: not marked.
MARKS = {
    "ana": {"Rebels": "ORG", "Kersh": "GPE", "Tuesday": "DATE", "the governor": "PERSON"},
    "bob": {"Rebels": "NORP", "Kersh": "GPE", "Tuesday": "DATE"},
    "cy": {"Rebels": "ORG", "Kersh": "GPE", "the governor": "PERSON"},
}


def write_copy(folder: Path, annotator: str) -> Path:
    """An annotator's own project file: the article, then their spans from a JSONL file."""
    spans = []
    for key, (words, label) in enumerate(MARKS[annotator].items(), start=1):
        start = TEXT.index(words)
        spans.append(
            {
                "id": key,
                "start": start,
                "end": start + len(words),
                "text": words,
                "label": label,
                "status": "accepted",
                "origin": "manual",
                "annotator": annotator,
            }
        )
    source = folder / f"{annotator}.jsonl"
    line = {"format": "newsmark/1", "id": 1, "text": TEXT, "spans": spans}
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    path = folder / f"{annotator}.nmk"
    with Store.open(path) as store:
        store.add_documents([Document(text=TEXT, title="Kersh shelled")])
        assert import_annotations(store, [source]).refused == []
    return path


@pytest.fixture
def team(tmp_path: Path) -> Store:
    copies = [write_copy(tmp_path, name) for name in MARKS]
    store = Store.open(tmp_path / "team.nmk")
    report = merge_projects(store, copies)
    assert report.refused == [] and report.conflicts == []
    yield store
    store.close()


def test_agreement_after_a_merge_matches_figures_computed_independently(team: Store):
    report = agreement(team)
    assert report.annotators == ("ana", "bob", "cy")
    pairs = {pair.name: pair for pair in report.pairs}
    # ana-bob by hand: ana has 4 spans, bob 3; exact matches Kersh/GPE and Tuesday/DATE = 2.
    # P = 2/3, R = 2/4, F1 = 2PR/(P+R) = 2*(2/3)*(1/2)/(2/3+1/2) = 4/7.
    ana_bob = next(p for name, p in pairs.items() if "ana" in name and "bob" in name)
    assert ana_bob.spans.exact.f1 == pytest.approx(4 / 7)
    # ana-cy: cy's 3 spans all in ana's 4: P = 1, R = 3/4, F1 = 6/7.
    ana_cy = next(p for name, p in pairs.items() if "ana" in name and "cy" in name)
    assert ana_cy.spans.exact.f1 == pytest.approx(6 / 7)

    # Token labels rebuilt here from MARKS with spaCy's blank tokenizer: one row per annotator.
    doc = spacy.blank("en")(TEXT)
    rows = []
    for marks in MARKS.values():
        row = []
        for token in doc:
            label = "O"
            for words, span_label in marks.items():
                start = TEXT.index(words)
                if start < token.idx + len(token) and token.idx < start + len(words):
                    label = span_label
            row.append(label)
        rows.append(row)
    codes = {label: i for i, label in enumerate(sorted({x for row in rows for x in row}))}
    data = np.array([[codes[x] for x in row] for row in rows], dtype=float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert report.alpha == pytest.approx(expected)

    # Cohen's kappa for ana-bob from the same rows: po observed, pe by chance.
    first, second = rows[0], rows[1]
    n = len(first)
    po = sum(a == b for a, b in zip(first, second, strict=True)) / n
    pe = sum(first.count(c) * second.count(c) for c in set(first) | set(second)) / n**2
    assert ana_bob.kappa.kappa == pytest.approx((po - pe) / (1 - pe))


def test_the_agreed_items_become_the_gold_layer_and_export(team: Store, tmp_path: Path):
    merge_agreed(team, 1, "judge")
    out = tmp_path / "gold.jsonl"
    export_native(team, out, ExportOptions(gold=True))
    (line,) = [json.loads(raw) for raw in out.read_text(encoding="utf-8").splitlines()]
    gold: set[tuple[Any, ...]] = {(s["text"], s["label"], s["annotator"]) for s in line["spans"]}
    # Only Kersh/GPE is marked the same way by all three.
    assert gold == {("Kersh", "GPE", "judge")}
