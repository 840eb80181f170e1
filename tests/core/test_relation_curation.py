"""Relation edits in the store: kinds, duplicates, links across documents; undo/redo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmark.core.changes import Change
from newsmark.core.documents import Document
from newsmark.core.schema import default_schema, parse_schema
from newsmark.core.span_curation import CurationError
from newsmark.core.store import Store

TEXT = (
    "Drones struck a fuel convoy outside Tobruk at dawn, the coastguard commander said. "
    "The Sahel Brigade later denied sending the drones."
)
OTHER = "A convoy of tankers burned on the Tobruk road after an aerial attack, witnesses said."


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.nmk") as s:
        s.add_documents([Document(text=TEXT, title="Convoy"), Document(text=OTHER, title="Road")])
        yield s


def dump(store: Store) -> dict[str, list[tuple]]:
    return {
        "relations": [tuple(r) for r in store.db.execute("SELECT * FROM relations ORDER BY id")],
        "status": [tuple(r) for r in store.db.execute("SELECT id, status FROM documents")],
    }


def check_undo_redo(store: Store, change: Change, before: dict, after: dict) -> None:
    assert change.changed
    store.undo_change(change)
    assert dump(store) == before
    store.redo_change(change)
    assert dump(store) == after


def span(store: Store, words: str, label: str, doc_id: int = 1) -> int:
    start, end = at(words, TEXT if doc_id == 1 else OTHER)
    cursor = store.db.execute(
        'INSERT INTO spans (doc_id, start, "end", label, text, status, created_at, updated_at) '
        "VALUES (?, ?, ?, ?, ?, 'accepted', 't', 't')",
        [doc_id, start, end, label, words],
    )
    return int(cursor.lastrowid)


def event(store: Store, words: str, doc_id: int = 1) -> int:
    trigger = span(store, words, "TRIGGER", doc_id)
    cursor = store.db.execute(
        "INSERT INTO events (doc_id, type, subtype, trigger_span_id, status, created_at, "
        "updated_at) VALUES (?, 'Explosions/Remote violence', 'Air/drone strike', ?, "
        "'accepted', 't', 't')",
        [doc_id, trigger],
    )
    return int(cursor.lastrowid)


def test_a_relation_links_allowed_kinds_and_is_listed_with_display_texts(store):
    commander = span(store, "the coastguard commander", "PERSON")
    (coastguard,) = store.add_actors([{"name": "Libyan Coast Guard"}])
    before = dump(store)
    change = store.add_relation(
        "affiliated_with", ("span", commander), ("actor", coastguard), annotator="ana"
    )
    (relation,) = store.document_relations(1)
    assert relation.id == change.result and relation.doc_id == 1
    assert (relation.label, relation.status, relation.origin, relation.annotator) == (
        "affiliated_with",
        "accepted",
        "manual",
        "ana",
    )
    assert (relation.head_kind, relation.head_id, relation.head_text) == (
        "span",
        commander,
        "“the coastguard commander”",
    )
    assert (relation.child_kind, relation.child_text) == ("actor", "Libyan Coast Guard")
    assert change.description == (
        "Relate “the coastguard commander” affiliated with Libyan Coast Guard"
    )
    assert (change.status_before, change.status_after) == ("new", "in_progress")
    check_undo_redo(store, change, before, dump(store))


def test_claims_and_events_are_shown_by_type_and_words(store):
    strike = event(store, "struck")
    claim = store.create_claim(1, "denial", cue=at("denied")).result
    store.add_relation("responds_to", ("claim", claim), ("event", strike))
    (relation,) = store.document_relations(1)
    assert relation.head_text == "denial “denied”"
    assert relation.child_text == "Explosions/Remote violence ▸ Air/drone strike “struck”"


@pytest.mark.parametrize(
    ("label", "head", "child", "message"),
    [
        ("caused_by", ("span", 1), ("span", 2), "“caused_by” is not a relation label"),
        ("same_event", ("span", 1), ("event", 1), "links an event to an event, not a span"),
        ("located_in", ("span", 1), ("actor", 1), "not a span to an actor"),
        ("affiliated_with", ("span", 1), ("span", 99), "span 99 is no longer"),
        ("affiliated_with", ("span", 1), ("span", 1), "not one to itself"),
        ("affiliated_with", ("document", 1), ("span", 1), "must be a span, event, claim or actor"),
        ("affiliated_with", "span 1", ("span", 1), "must be a \\(kind, id\\) pair"),
    ],
)
def test_a_relation_the_schema_does_not_allow_is_refused(store, label, head, child, message):
    span(store, "Drones", "NORP")
    span(store, "Tobruk", "GPE")
    store.add_actors([{"name": "Sahel Brigade"}])
    event(store, "struck")
    before = dump(store)
    with pytest.raises(CurationError, match=message):
        store.add_relation(label, head, child)
    assert dump(store) == before


def test_the_same_relation_twice_is_refused_either_way_round_when_symmetric(store):
    first, second = event(store, "struck"), event(store, "sending")
    brigade = span(store, "The Sahel Brigade", "ORG")
    commander = span(store, "the coastguard commander", "PERSON")
    store.mark_same_event(first, second)
    with pytest.raises(CurationError, match="already related"):
        store.mark_same_event(first, second)
    with pytest.raises(CurationError, match="already related"):
        store.mark_same_event(second, first)
    store.add_relation("affiliated_with", ("span", commander), ("span", brigade))
    with pytest.raises(CurationError, match="already related"):
        store.add_relation("affiliated_with", ("span", commander), ("span", brigade))
    # affiliated_with has a direction: the other way round is another statement.
    store.add_relation("affiliated_with", ("span", brigade), ("span", commander))
    assert len(store.document_relations(1)) == 3


def test_same_event_across_articles_has_no_document_and_shows_in_both(store):
    here, there = event(store, "struck"), event(store, "burned", doc_id=2)
    before = dump(store)
    change = store.mark_same_event(here, there, annotator="ana")
    (relation,) = store.document_relations(1)
    assert relation.doc_id is None and relation.label == "same_event"
    assert relation.child_text.endswith("“burned” (document 2)")
    (seen_from_there,) = store.document_relations(2)
    assert seen_from_there.id == relation.id
    assert seen_from_there.head_text.endswith("“struck” (document 1)")
    assert change.doc_id == 1
    check_undo_redo(store, change, before, dump(store))


def test_spans_of_different_documents_cannot_be_related(store):
    here, there = span(store, "Tobruk", "GPE"), span(store, "Tobruk", "GPE", doc_id=2)
    with pytest.raises(CurationError, match="only events and actors can be related across"):
        store.add_relation("part_of", ("span", here), ("span", there))


def test_mark_same_event_needs_the_label_in_the_schema(store):
    body = default_schema().as_dict()
    body["relation_labels"] = [r for r in body["relation_labels"] if r["name"] != "same_event"]
    schema = parse_schema(json.dumps(body), "test")
    store.db.execute(
        "INSERT INTO label_schema (id, body, updated_at) VALUES (1, ?, 't')", [schema.as_json()]
    )
    first, second = event(store, "struck"), event(store, "sending")
    with pytest.raises(CurationError, match="schema has no “same_event” relation label"):
        store.mark_same_event(first, second)


def test_delete_and_status_changes_are_undone_and_redone(store):
    first, second = event(store, "struck"), event(store, "sending")
    relation_id = store.mark_same_event(first, second).result
    made = dump(store)
    rejected = store.set_relation_status(relation_id, "rejected", annotator="bo")
    assert store.document_relations(1)[0].status == "rejected"
    assert rejected.description.startswith("Reject relation Explosions/Remote violence")
    check_undo_redo(store, rejected, made, dump(store))

    # Adding a rejected relation again accepts it instead of storing a second copy.
    again = store.mark_same_event(second, first)
    assert again.result == relation_id and store.document_relations(1)[0].status == "accepted"
    store.undo_change(again)

    before = dump(store)
    deleted = store.delete_relation(relation_id)
    assert store.document_relations(1) == []
    check_undo_redo(store, deleted, before, dump(store))
    with pytest.raises(CurationError, match=f"relation {relation_id} is no longer"):
        store.delete_relation(relation_id)
    with pytest.raises(CurationError, match="accepted or rejected"):
        store.set_relation_status(relation_id, "suggested")


def test_a_relation_whose_end_was_deleted_is_still_listed(store):
    strike = event(store, "struck")
    claim = store.create_claim(1, "denial", cue=at("denied")).result
    store.add_relation("responds_to", ("claim", claim), ("event", strike))
    store.db.execute("DELETE FROM events WHERE id = ?", [strike])
    (relation,) = store.document_relations(1)
    assert relation.child_text == f"(deleted event {strike})"
