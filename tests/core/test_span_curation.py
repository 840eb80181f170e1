"""Span edits in the store: create, accept, reject, relabel, delete, and undo/redo of each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmark.core.documents import Document
from newsmark.core.span_curation import CurationError, SpanEdit
from newsmark.core.store import Store
from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

TEXT = "Rebels shelled Kherson on Sunday, the governor said. 🎉 Aid reached Odesa."


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.nmk") as s:
        s.add_documents([Document(text=TEXT, title="Shelling")])
        yield s


def suggest(store: Store, *spans: tuple[int, int, str]) -> list[int]:
    candidates = tuple(
        SpanCandidate(start, end, label, TEXT[start:end], origin="model:test", score=0.9)
        for start, end, label in spans
    )
    store.add_suggestions([DocumentSuggestions(1, candidates)], run_origin="test")
    return [s.id for s in store.document_spans(1)]


def rows(store: Store) -> list[tuple]:
    return [
        tuple(row)
        for row in store.db.execute(
            'SELECT id, start, "end", label, status, origin, annotator, attributes FROM spans '
            "ORDER BY id"
        )
    ]


def status(store: Store) -> str:
    return store.get_document(1).status


def undo(store: Store, edit: SpanEdit) -> None:
    store.apply_states(edit.doc_id, edit.before, edit.status_before)


def redo(store: Store, edit: SpanEdit) -> None:
    store.apply_states(edit.doc_id, edit.after, edit.status_after)


def test_create_span_stores_an_accepted_manual_span_and_marks_the_document_in_progress(store):
    start = TEXT.index("Kherson")
    edit = store.create_span(1, start, start + 7, "GPE", annotator="ana")
    (span,) = store.document_spans(1)
    assert (span.text, span.label, span.status, span.origin, span.annotator) == (
        "Kherson",
        "GPE",
        "accepted",
        "manual",
        "ana",
    )
    assert edit.changed and [s.id for s in edit.created()] == [span.id]
    assert (edit.status_before, edit.status_after, status(store)) == (
        "new",
        "in_progress",
        "in_progress",
    )


def test_offsets_after_an_emoji_are_code_points(store):
    start = TEXT.index("Odesa")
    store.create_span(1, start, start + 5, "GPE", annotator="ana")
    assert store.document_spans(1)[0].text == "Odesa"


def test_create_over_a_suggestion_accepts_it_instead_of_adding_a_second_span(store):
    start = TEXT.index("Kherson")
    (suggestion,) = suggest(store, (start, start + 7, "GPE"))
    edit = store.create_span(1, start, start + 7, "GPE", annotator="ana")
    (span,) = store.document_spans(1)
    assert span.id == suggestion and span.status == "accepted" and span.origin == "model:test"
    assert edit.created() == []


def test_creating_an_accepted_span_again_changes_nothing(store):
    store.create_span(1, 0, 6, "ORG", annotator="ana")
    before = rows(store)
    edit = store.create_span(1, 0, 6, "ORG", annotator="ana")
    assert not edit.changed and rows(store) == before


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (5, 5, "ORG", "outside"),
        (-1, 3, "ORG", "outside"),
        (0, 999, "ORG", "outside"),
        (0, 3, "  ", "label"),
    ],
)
def test_bad_spans_are_refused_and_nothing_is_written(store, start, end, label, message):
    with pytest.raises(CurationError, match=message):
        store.create_span(1, start, end, label, annotator="ana")
    assert rows(store) == [] and status(store) == "new"


def test_unknown_document_is_named(store):
    with pytest.raises(CurationError, match="document 42"):
        store.create_span(42, 0, 3, "ORG", annotator="ana")


def test_accept_and_reject_many_spans_at_once(store):
    ids = suggest(store, (0, 6, "ORG"), (15, 22, "GPE"), (26, 32, "DATE"))
    edit = store.set_span_status(ids[:2], "accepted", annotator="ana")
    assert [s.status for s in store.document_spans(1)] == ["accepted", "accepted", "suggested"]
    assert edit.span_ids() == ids[:2]
    store.set_span_status([ids[2]], "rejected", annotator="ana")
    assert [s.id for s in store.document_spans(1)] == ids[:2]
    assert len(store.document_spans(1, include_rejected=True)) == 3


def test_status_change_only_lists_spans_that_changed(store):
    ids = suggest(store, (0, 6, "ORG"), (15, 22, "GPE"))
    store.set_span_status([ids[0]], "accepted", annotator="ana")
    edit = store.set_span_status(ids, "accepted", annotator="ana")
    assert edit.span_ids() == [ids[1]]


def test_status_change_refuses_spans_of_two_documents_and_missing_spans(store):
    store.add_documents([Document(text="Another text about Kyiv.")])
    first = store.create_span(1, 0, 6, "ORG", annotator="a").span_ids()[0]
    second = store.create_span(2, 19, 23, "GPE", annotator="a").span_ids()[0]
    with pytest.raises(CurationError, match="one document"):
        store.set_span_status([first, second], "rejected", annotator="a")
    with pytest.raises(CurationError, match="span 999"):
        store.set_span_status([999], "rejected", annotator="a")
    with pytest.raises(CurationError, match="accepted or rejected"):
        store.set_span_status([first], "suggested", annotator="a")


def test_relabel_a_suggestion_keeps_its_id_and_remembers_the_suggested_label(store):
    (span_id,) = suggest(store, (15, 22, "ORG"))
    store.relabel_span(span_id, "GPE", annotator="ana")
    (span,) = store.document_spans(1)
    assert (span.id, span.label, span.status, span.annotator) == (span_id, "GPE", "accepted", "ana")
    attributes = json.loads(store.span_states([span_id])[span_id].attributes)
    assert attributes["suggested_label"] == "ORG"


def test_relabel_onto_an_existing_twin_accepts_the_twin_and_rejects_the_span(store):
    org, gpe = suggest(store, (15, 22, "ORG"), (15, 22, "GPE"))
    store.relabel_span(org, "GPE", annotator="ana")
    spans = {s.id: s for s in store.document_spans(1, include_rejected=True)}
    assert spans[gpe].status == "accepted" and spans[org].status == "rejected"
    assert spans[org].label == "ORG"


def test_delete_removes_a_manual_span_and_rejects_a_suggestion(store):
    manual = store.create_span(1, 0, 6, "ORG", annotator="a").span_ids()[0]
    store.delete_span(manual, annotator="a")
    assert store.span_states([manual]) == {}
    (suggestion,) = suggest(store, (15, 22, "GPE"))
    store.delete_span(suggestion, annotator="a")
    assert store.span_states([suggestion])[suggestion].status == "rejected"
    # The rejected suggestion is not offered again by the next run.
    suggest(store, (15, 22, "GPE"))
    assert store.document_spans(1) == []


def test_delete_refuses_a_span_a_relation_uses(store):
    manual = store.create_span(1, 0, 6, "ORG", annotator="a").span_ids()[0]
    store.db.execute(
        "INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label, "
        "created_at, updated_at) VALUES (1, 'span', ?, 'span', ?, 'x', 'now', 'now')",
        [manual, manual],
    )
    with pytest.raises(CurationError, match="relation 1"):
        store.delete_span(manual, annotator="a")
    assert store.span_states([manual])


def test_undo_and_redo_of_every_kind_of_edit_restore_the_rows_exactly(store):
    ids = suggest(store, (0, 6, "ORG"), (15, 22, "GPE"), (26, 32, "DATE"))
    start_rows, start_status = rows(store), status(store)
    edits = [
        store.create_span(1, 34, 37, "CLAIM", annotator="ana"),
        store.set_span_status(ids[:2], "accepted", annotator="ana"),
        store.relabel_span(ids[2], "TIME", annotator="ana"),
        store.delete_span(ids[0], annotator="ana"),
    ]
    manual = edits[0].span_ids()[0]
    edits.append(store.delete_span(manual, annotator="ana"))
    end_rows, end_status = rows(store), status(store)
    for edit in reversed(edits):
        undo(store, edit)
    assert rows(store) == start_rows and status(store) == start_status
    for edit in edits:
        redo(store, edit)
    assert rows(store) == end_rows and status(store) == end_status


def test_a_deleted_span_comes_back_with_its_id(store):
    edit = store.create_span(1, 0, 6, "ORG", annotator="a")
    (span_id,) = edit.span_ids()
    removal = store.delete_span(span_id, annotator="a")
    undo(store, removal)
    assert [s.id for s in store.document_spans(1)] == [span_id]


def test_undo_keeps_events_pointing_at_a_span(store):
    (trigger,) = suggest(store, (7, 14, "TRIGGER"))
    store.db.execute(
        "INSERT INTO events (doc_id, type, trigger_span_id, created_at, updated_at) "
        "VALUES (1, 'Battles', ?, 'now', 'now')",
        [trigger],
    )
    edit = store.set_span_status([trigger], "accepted", annotator="a")
    undo(store, edit)
    assert store.db.execute("SELECT trigger_span_id FROM events").fetchone()[0] == trigger


def test_label_filter_and_document_row(store):
    store.add_documents([Document(text="Nothing here.")])
    store.create_span(1, 0, 6, "ORG", annotator="a")
    assert [row.id for row in store.list_documents(label="ORG")] == [1]
    assert store.count_documents(label="ORG") == 1 and store.count_documents(label="GPE") == 0
    assert store.span_labels() == ["ORG"]
    row = store.document_row(1)
    assert (row.status, row.span_count, row.suggested_count) == ("in_progress", 1, 0)
    with pytest.raises(KeyError):
        store.document_row(99)


def test_annotators_are_registered_once(store):
    assert store.ensure_annotator("  Ana   Silva ") == "Ana Silva"
    store.ensure_annotator("Ana Silva")
    assert store.db.execute("SELECT count(*) FROM annotators").fetchone()[0] == 1
    with pytest.raises(ValueError):
        store.ensure_annotator("   ")


def test_spans_by_id_lists_any_status_in_text_order(store):
    ids = suggest(store, (26, 32, "DATE"), (0, 6, "ORG"))  # ids in text order: Rebels, Sunday
    store.set_span_status([ids[1]], "rejected", annotator="a")
    spans = store.spans_by_id([*ids, 999])
    assert [(s.text, s.status) for s in spans] == [("Rebels", "suggested"), ("Sunday", "rejected")]
