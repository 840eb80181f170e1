"""Recorded changes: scopes read before and after an edit, and undo/redo putting rows back."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmark.core.documents import Document
from newsmark.core.store import Store

TEXT = "Militants attacked a checkpoint near Kirkuk on Sunday."


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.nmk") as s:
        s.add_documents([Document(text=TEXT, title="Attack")])
        yield s


def dump(store: Store) -> dict[str, list[tuple]]:
    return {
        table: [tuple(r) for r in store.db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        for table in ("spans", "events", "event_arguments", "documents")
    }


def add_span(store: Store, start: int, end: int, label: str) -> int:
    cursor = store.db.execute(
        'INSERT INTO spans (doc_id, start, "end", label, text, status, created_at, updated_at) '
        "VALUES (1, ?, ?, ?, ?, 'accepted', 't', 't')",
        [start, end, label, TEXT[start:end]],
    )
    return int(cursor.lastrowid)


def create_event(store: Store) -> tuple[int, object]:
    with store._recording(1, "Create event") as rec:
        trigger = add_span(store, 10, 18, "TRIGGER")
        rec.created("spans", trigger)
        cursor = store.db.execute(
            "INSERT INTO events (doc_id, type, trigger_span_id, status, created_at, updated_at) "
            "VALUES (1, 'Battles', ?, 'accepted', 't', 't')",
            [trigger],
        )
        event_id = int(cursor.lastrowid)
        rec.created("events", event_id)
        rec.watch("event_arguments", "event_id = ?", [event_id])
        place = add_span(store, 37, 43, "GPE")
        rec.created("spans", place)
        store.db.execute(
            "INSERT INTO event_arguments (event_id, role, span_id) VALUES (?, 'place', ?)",
            [event_id, place],
        )
        rec.result = event_id
    return event_id, rec.change


def test_a_creation_is_undone_and_redone_with_the_same_ids_and_document_status(store):
    empty = dump(store)
    event_id, change = create_event(store)
    made = dump(store)
    assert change.result == event_id and change.changed
    assert (change.status_before, change.status_after) == ("new", "in_progress")
    assert change.ids("spans") == [1, 2] and change.ids("events") == [event_id]

    store.undo_change(change)
    assert dump(store) == {**empty, "documents": dump(store)["documents"]}
    assert store.get_document(1).status == "new"
    store.redo_change(change)
    after = dump(store)
    assert after["spans"] == made["spans"] and after["events"] == made["events"]
    assert after["event_arguments"] == made["event_arguments"]
    assert store.get_document(1).status == "in_progress"


def test_a_deletion_that_cascades_comes_back_whole(store):
    event_id, _ = create_event(store)
    made = dump(store)
    with store._recording(1, "Delete event") as rec:
        rec.watch_ids("events", [event_id])
        rec.watch("event_arguments", "event_id = ?", [event_id])
        store.db.execute("DELETE FROM events WHERE id = ?", [event_id])
    change = rec.change
    assert store.db.execute("SELECT count(*) FROM event_arguments").fetchone()[0] == 0
    store.undo_change(change)
    assert dump(store) == made
    store.redo_change(change)
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_an_update_of_a_referenced_row_is_replayed_in_place_without_cascades(store):
    create_event(store)
    made = dump(store)
    with store._recording(1, "Relabel") as rec:
        rec.watch_ids("spans", [2])
        store.db.execute("UPDATE spans SET label = 'LOC' WHERE id = 2")
    store.undo_change(rec.change)
    # The argument pointing at span 2 survived: the span was updated, never deleted.
    assert dump(store) == made
    store.redo_change(rec.change)
    assert store.db.execute("SELECT label FROM spans WHERE id = 2").fetchone()[0] == "LOC"
    assert dump(store)["event_arguments"] == made["event_arguments"]


def test_overlapping_scopes_write_a_row_once(store):
    event_id, _ = create_event(store)
    with store._recording(1, "Drop argument") as rec:
        rec.watch("event_arguments", "event_id = ?", [event_id])
        rec.watch("event_arguments", "span_id = ?", [2])
        store.db.execute("DELETE FROM event_arguments")
    store.undo_change(rec.change)
    assert store.db.execute("SELECT count(*) FROM event_arguments").fetchone()[0] == 1


def test_an_edit_that_changes_nothing_is_not_a_change_and_a_failed_one_leaves_no_trace(store):
    with store._recording(1, "Nothing") as rec:
        rec.watch_ids("spans", [99])
    assert not rec.change.changed
    assert store.get_document(1).status == "new"
    before = dump(store)
    with pytest.raises(RuntimeError), store._recording(1, "Fails") as rec:
        add_span(store, 0, 9, "ORG")
        raise RuntimeError("refused")
    assert dump(store) == before


def test_only_known_tables_can_be_watched(store):
    with pytest.raises(ValueError, match="documents"), store._recording(1, "x") as rec:
        rec.watch("documents", "1")
