"""Relation edits in the store: kinds, duplicates, links across documents; undo/redo."""

from __future__ import annotations

import json

import pytest

from newsmark.core.schema import default_schema, parse_schema
from newsmark.core.span_curation import CurationError

TEXT = (
    "Drones struck a fuel convoy outside Tobruk at dawn, the coastguard commander said. "
    "The Sahel Brigade later denied sending the drones."
)
OTHER = "A convoy of tankers burned on the Tobruk road after an aerial attack, witnesses said."


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


STRIKE = ("Explosions/Remote violence", "Air/drone strike")


@pytest.fixture
def store(open_project):
    return open_project((TEXT, "Convoy"), (OTHER, "Road"))


def test_a_relation_links_allowed_kinds_and_is_listed_with_display_texts(store, rows):
    commander = rows.span("the coastguard commander", "PERSON")
    (coastguard,) = store.add_actors([{"name": "Libyan Coast Guard"}])
    before = rows.dump()
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
    rows.check_undo_redo(change, before)


def test_claims_and_events_are_shown_by_type_and_words(store, rows):
    strike = rows.event(*STRIKE, "struck")
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
def test_a_relation_the_schema_does_not_allow_is_refused(store, rows, label, head, child, message):
    rows.span("Drones", "NORP")
    rows.span("Tobruk", "GPE")
    store.add_actors([{"name": "Sahel Brigade"}])
    rows.event(*STRIKE, "struck")
    before = rows.dump()
    with pytest.raises(CurationError, match=message):
        store.add_relation(label, head, child)
    assert rows.dump() == before


def test_the_same_relation_twice_is_refused_either_way_round_when_symmetric(store, rows):
    first, second = rows.event(*STRIKE, "struck"), rows.event(*STRIKE, "sending")
    brigade = rows.span("The Sahel Brigade", "ORG")
    commander = rows.span("the coastguard commander", "PERSON")
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


def test_same_event_across_articles_has_no_document_and_shows_in_both(store, rows):
    here, there = rows.event(*STRIKE, "struck"), rows.event(*STRIKE, "burned", doc_id=2)
    before = rows.dump()
    change = store.mark_same_event(here, there, annotator="ana")
    (relation,) = store.document_relations(1)
    assert relation.doc_id is None and relation.label == "same_event"
    assert relation.child_text.endswith("“burned” (document 2)")
    (seen_from_there,) = store.document_relations(2)
    assert seen_from_there.id == relation.id
    assert seen_from_there.head_text.endswith("“struck” (document 1)")
    assert change.doc_id == 1
    rows.check_undo_redo(change, before)


def test_spans_of_different_documents_cannot_be_related(store, rows):
    here, there = rows.span("Tobruk", "GPE"), rows.span("Tobruk", "GPE", doc_id=2)
    with pytest.raises(CurationError, match="only events and actors can be related across"):
        store.add_relation("part_of", ("span", here), ("span", there))


def test_mark_same_event_needs_the_label_in_the_schema(store, rows):
    body = default_schema().as_dict()
    body["relation_labels"] = [r for r in body["relation_labels"] if r["name"] != "same_event"]
    schema = parse_schema(json.dumps(body), "test")
    store.db.execute(
        "INSERT INTO label_schema (id, body, updated_at) VALUES (1, ?, 't')", [schema.as_json()]
    )
    first, second = rows.event(*STRIKE, "struck"), rows.event(*STRIKE, "sending")
    with pytest.raises(CurationError, match="schema has no “same_event” relation label"):
        store.mark_same_event(first, second)


def test_delete_and_status_changes_are_undone_and_redone(store, rows):
    first, second = rows.event(*STRIKE, "struck"), rows.event(*STRIKE, "sending")
    relation_id = store.mark_same_event(first, second).result
    made = rows.dump()
    rejected = store.set_relation_status(relation_id, "rejected", annotator="bo")
    assert store.document_relations(1)[0].status == "rejected"
    assert rejected.description.startswith("Reject relation Explosions/Remote violence")
    rows.check_undo_redo(rejected, made)

    # Adding a rejected relation again accepts it instead of storing a second copy.
    again = store.mark_same_event(second, first)
    assert again.result == relation_id and store.document_relations(1)[0].status == "accepted"
    store.undo_change(again)

    before = rows.dump()
    deleted = store.delete_relation(relation_id)
    assert store.document_relations(1) == []
    rows.check_undo_redo(deleted, before)
    with pytest.raises(CurationError, match=f"relation {relation_id} is no longer"):
        store.delete_relation(relation_id)
    with pytest.raises(CurationError, match="accepted or rejected"):
        store.set_relation_status(relation_id, "suggested")


def test_a_relation_whose_end_was_deleted_is_still_listed(store, rows):
    strike = rows.event(*STRIKE, "struck")
    claim = store.create_claim(1, "denial", cue=at("denied")).result
    store.add_relation("responds_to", ("claim", claim), ("event", strike))
    store.db.execute("DELETE FROM events WHERE id = ?", [strike])
    (relation,) = store.document_relations(1)
    assert relation.child_text == f"(deleted event {strike})"
