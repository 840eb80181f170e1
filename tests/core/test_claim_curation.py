"""Claim edits in the store: create, update, targets, assessment, status, delete; undo/redo."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from newsmark.core.claim_curation import CurationError
from newsmark.core.migrations import APPLICATION_ID, migrations
from newsmark.core.store import Store
from newsmark.nlp.candidates import ClaimCandidate, DocumentSuggestions, SpanCandidate

TEXT = (
    "Officials in Harbin said on Friday that the militia had denied burning the grain depot. "
    "A spokeswoman for the militia called the accusation a fabrication and demanded an apology."
)
OTHER = "Firefighters put out a blaze at a grain depot near Harbin late on Thursday."


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


LOOTING = ("Strategic developments", "Looting/property destruction")


@pytest.fixture
def store(open_project):
    return open_project((TEXT, "Depot"), (OTHER, "Fire"))


def suggest_claim(store: Store) -> int:
    def candidate(words: str, label: str) -> SpanCandidate:
        start, end = at(words)
        return SpanCandidate(start, end, label, words, origin="rule:claims", score=0.7)

    claim = ClaimCandidate(
        "denial",
        candidate("denied", "CUE"),
        "rule:claims",
        content=candidate("burning the grain depot", "CLAIM"),
        claimant=candidate("the militia", "ORG"),
        stance="negative",
        attributes={"quote": False},
    )
    store.add_suggestions([DocumentSuggestions(1, claims=[claim])], run_origin="test")
    (claim_id,) = [c.id for c in store.document_claims(1)]
    return claim_id


# -- creating ---------------------------------------------------------------------------------


def test_a_claim_made_from_offsets_gets_accepted_cue_and_content_spans(store, rows):
    officials = rows.span("Officials in Harbin", "ORG")
    before = rows.dump()
    change = store.create_claim(
        1,
        "assertion",
        stance="neutral",
        cue=at("said"),
        content=at("the militia had denied burning the grain depot"),
        claimant_span_id=officials,
        annotator="ana",
    )
    claim = store.claim(change.result)
    assert (claim.type, claim.stance, claim.status, claim.origin, claim.annotator) == (
        "assertion",
        "neutral",
        "accepted",
        "manual",
        "ana",
    )
    assert (claim.cue.text, claim.cue.label) == ("said", "CUE")
    assert claim.content.text == "the militia had denied burning the grain depot"
    assert claim.content.label == "CLAIM"
    assert claim.claimant.span_id == officials and claim.parent_claim_id is None
    assert (claim.check_worthy, claim.verdict, claim.evidence) == (None, None, "")
    assert change.description == "Create claim assertion “said”"
    assert (change.status_before, change.status_after) == ("new", "in_progress")
    created = {s.id: s for s in store.document_spans(1)}
    assert {created[claim.cue.span_id].status, created[claim.content.span_id].status} == {
        "accepted"
    }
    rows.check_undo_redo(change, before)


def test_a_claim_reuses_and_accepts_the_suggested_spans_it_is_made_from(store, rows):
    suggested_id = suggest_claim(store)
    cue_id = store.claim(suggested_id).cue.span_id
    claimant_id = store.claim(suggested_id).claimant.span_id
    before = rows.dump()
    change = store.create_claim(
        1, "denial", cue=at("denied"), claimant_span_id=claimant_id, annotator="ana"
    )
    claim = store.claim(change.result)
    assert claim.cue.span_id == cue_id and claim.content is None
    states = store.span_states([cue_id, claimant_id])
    assert [states[cue_id].status, states[claimant_id].status] == ["accepted", "accepted"]
    assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == len(before["spans"])
    rows.check_undo_redo(change, before)
    assert store.span_states([cue_id])[cue_id].status == "accepted"
    store.undo_change(change)
    assert store.span_states([cue_id])[cue_id].status == "suggested"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"claim_type": "rumour", "cue": (0, 9)}, "'rumour' is not a claim type"),
        (
            {"claim_type": "denial", "stance": "angry", "cue": (0, 9)},
            "'angry' is not a claim stance",
        ),
        ({"claim_type": "denial"}, "needs its content .* or its cue"),
        ({"claim_type": "denial", "cue": (5, 900)}, "offsets 5-900 are outside"),
        ({"claim_type": "denial", "cue": (0, 9), "claimant_actor_id": 99}, "actor 99 is no longer"),
        ({"claim_type": "denial", "cue_span_id": 999}, "span 999 is no longer"),
        ({"claim_type": "denial", "cue": (0, 9), "parent_claim_id": 77}, "claim 77 is no longer"),
    ],
)
def test_a_claim_that_cannot_be_made_is_refused_and_nothing_is_written(
    store, rows, kwargs, message
):
    before = rows.dump()
    with pytest.raises(CurationError, match=message):
        store.create_claim(1, **kwargs)
    assert rows.dump() == before


def test_spans_and_parents_must_be_in_the_claims_document(store, rows):
    elsewhere = rows.span("Firefighters", "ORG", doc_id=2)
    with pytest.raises(CurationError, match="is in document 2, not in the claim's document 1"):
        store.create_claim(1, "assertion", cue=at("said"), claimant_span_id=elsewhere)
    outer = store.create_claim(2, "assertion", content=at("put out a blaze", OTHER)).result
    with pytest.raises(CurationError, match="inside a claim of its own document"):
        store.create_claim(1, "denial", cue=at("denied"), parent_claim_id=outer)
    cue = rows.span("said", "CUE")
    with pytest.raises(CurationError, match="as a span or as offsets, not both"):
        store.create_claim(1, "assertion", cue=at("said"), cue_span_id=cue)


# -- updating ---------------------------------------------------------------------------------


def test_update_changes_only_the_fields_given_and_is_undone(store, rows):
    (actor_id,) = store.add_actors([{"name": "Harbin city council"}])
    claim_id = store.create_claim(1, "assertion", stance="neutral", cue=at("said")).result
    content = rows.span("the militia had denied burning the grain depot", "CLAIM")
    before = rows.dump()
    change = store.update_claim(
        claim_id,
        type="accusation",
        stance=None,
        content_span_id=content,
        claimant_actor_id=actor_id,
        annotator="bo",
    )
    claim = store.claim(claim_id)
    assert (claim.type, claim.stance, claim.content.span_id) == ("accusation", None, content)
    assert (claim.claimant_actor_id, claim.claimant_actor_name) == (actor_id, "Harbin city council")
    assert claim.cue.text == "said" and claim.annotator == "bo"
    assert change.description == "Edit claim accusation “said”"
    rows.check_undo_redo(change, before)


def test_an_edit_without_an_annotators_name_keeps_the_claims_annotator(store):
    claim_id = store.create_claim(1, "assertion", cue=at("said"), annotator="ana").result
    store.update_claim(claim_id, type="accusation")
    store.set_claim_about(claim_id, [], [])
    store.set_claim_assessment(claim_id, verdict="refuted")
    assert store.claim(claim_id).annotator == "ana"
    store.set_claim_assessment(claim_id, verdict="supported", annotator="bo")
    assert store.claim(claim_id).annotator == "bo"


def test_update_refuses_a_claim_without_content_or_cue_and_bad_values(store, rows):
    claim_id = store.create_claim(1, "assertion", cue=at("said")).result
    before = rows.dump()
    with pytest.raises(CurationError, match="neither its content nor its cue"):
        store.update_claim(claim_id, cue_span_id=None)
    with pytest.raises(CurationError, match="'gossip' is not a claim type"):
        store.update_claim(claim_id, type="gossip")
    with pytest.raises(CurationError, match="claim 404 is no longer"):
        store.update_claim(404, stance="neutral")
    assert rows.dump() == before


def test_nesting_refuses_cycles(store, rows):
    a = store.create_claim(1, "assertion", cue=at("said")).result
    b = store.create_claim(1, "denial", cue=at("denied"), parent_claim_id=a).result
    c = store.create_claim(1, "demand", cue=at("demanded"), parent_claim_id=b).result
    before = rows.dump()
    with pytest.raises(CurationError, match=f"claim {a} cannot be nested inside itself"):
        store.update_claim(a, parent_claim_id=a)
    with pytest.raises(CurationError, match=f"that claim is itself nested inside claim {a}"):
        store.update_claim(a, parent_claim_id=c)
    assert rows.dump() == before
    change = store.update_claim(c, parent_claim_id=a)
    assert store.claim(c).parent_claim_id == a
    rows.check_undo_redo(change, before)


def test_a_claim_inside_another_is_listed_in_text_order_with_its_parent(store, rows):
    inner = store.create_claim(1, "denial", stance="negative", cue=at("denied")).result
    outer_change = store.create_claim(
        1,
        "assertion",
        cue=at("said"),
        content=at("the militia had denied burning the grain depot"),
    )
    outer = outer_change.result
    before = rows.dump()
    change = store.update_claim(inner, parent_claim_id=outer)
    claims = store.document_claims(1)
    assert [(c.id, c.parent_claim_id) for c in claims] == [(outer, None), (inner, outer)]
    outer_content = store.claim(outer).content
    inner_cue = store.claim(inner).cue
    assert outer_content.start <= inner_cue.start < inner_cue.end <= outer_content.end
    rows.check_undo_redo(change, before)


# -- about, assessment, status ----------------------------------------------------------------


def test_a_claim_is_about_events_of_any_document_and_registry_actors(store, rows):
    here, there = rows.event(*LOOTING, "burning"), rows.event(*LOOTING, "blaze", doc_id=2)
    militia, city = store.add_actors([{"name": "Grain Militia"}, {"name": "Harbin"}])
    claim_id = store.create_claim(1, "denial", cue=at("denied")).result
    before = rows.dump()
    change = store.set_claim_about(claim_id, [here, there, here], [militia])
    claim = store.claim(claim_id)
    assert claim.about_events == (here, there)
    assert claim.about_actors == ((militia, "Grain Militia"),)
    after = rows.dump()
    rows.check_undo_redo(change, before, after)

    second = store.set_claim_about(claim_id, [], [city])
    assert store.claim(claim_id).about_events == ()
    assert store.document_claims(1)[0].about_actors == ((city, "Harbin"),)
    rows.check_undo_redo(second, after)
    with pytest.raises(CurationError, match="event 555 is no longer"):
        store.set_claim_about(claim_id, [555], [])


def test_an_assessment_is_kept_in_the_attributes_field_by_field(store, rows):
    claim_id = suggest_claim(store)
    store.set_claim_status(claim_id, "accepted")
    before = rows.dump()
    change = store.set_claim_assessment(
        claim_id, check_worthy=True, verdict="refuted", evidence="Satellite images show the fire."
    )
    claim = store.claim(claim_id)
    assert (claim.check_worthy, claim.verdict, claim.evidence) == (
        True,
        "refuted",
        "Satellite images show the fire.",
    )
    assert claim.attributes["quote"] is False  # the suggester's note is kept
    rows.check_undo_redo(change, before)

    partial = rows.dump()
    change = store.set_claim_assessment(claim_id, verdict=None, evidence="")
    claim = store.claim(claim_id)
    assert (claim.check_worthy, claim.verdict, claim.evidence) == (True, None, "")
    assert "verdict" not in claim.attributes and "evidence" not in claim.attributes
    rows.check_undo_redo(change, partial)
    with pytest.raises(CurationError, match="'probably' is not a verdict"):
        store.set_claim_assessment(claim_id, verdict="probably")
    with pytest.raises(CurationError, match="check-worthy is yes, no or not decided"):
        store.set_claim_assessment(claim_id, check_worthy="yes")


def test_accepting_a_suggested_claim_accepts_its_suggested_spans(store, rows):
    claim_id = suggest_claim(store)
    claim = store.claim(claim_id)
    span_ids = [claim.cue.span_id, claim.content.span_id, claim.claimant.span_id]
    before = rows.dump()
    change = store.set_claim_status(claim_id, "accepted", annotator="ana")
    assert store.claim(claim_id).status == "accepted"
    assert {s.status for s in store.span_states(span_ids).values()} == {"accepted"}
    assert change.description == "Accept claim denial “denied”"
    rows.check_undo_redo(change, before)

    accepted = rows.dump()
    change = store.set_claim_status(claim_id, "rejected")
    assert store.claim(claim_id).status == "rejected"
    assert store.document_claims(1) == []
    assert [c.id for c in store.document_claims(1, include_rejected=True)] == [claim_id]
    assert {s.status for s in store.span_states(span_ids).values()} == {"accepted"}
    rows.check_undo_redo(change, accepted)
    with pytest.raises(CurationError, match="accepted or rejected"):
        store.set_claim_status(claim_id, "suggested")


def test_editing_a_suggested_claim_decides_it(store, rows):
    claim_id = suggest_claim(store)
    before = rows.dump()
    change = store.update_claim(claim_id, stance="neutral")
    claim = store.claim(claim_id)
    assert claim.status == "accepted" and claim.stance == "neutral"
    assert store.span_states([claim.cue.span_id])[claim.cue.span_id].status == "accepted"
    rows.check_undo_redo(change, before)


# -- deleting ---------------------------------------------------------------------------------


def test_deleting_a_claim_takes_its_targets_relations_and_own_spans_and_undo_restores_them(
    store, rows
):
    made_before = rows.span("called", "CUE")
    # The child is made first, so it has the lower id: undo must still write the parent first.
    child = store.create_claim(1, "denial", cue=at("denied")).result
    doomed = store.create_claim(
        1, "assertion", cue=at("said"), content=at("the militia had denied burning the grain depot")
    ).result
    store.update_claim(child, parent_claim_id=doomed)
    other = store.create_claim(1, "condemnation", cue_span_id=made_before).result
    (militia,) = store.add_actors([{"name": "Grain Militia"}])
    store.set_claim_about(doomed, [rows.event(*LOOTING, "blaze", doc_id=2)], [militia])
    store.add_relation("responds_to", ("claim", other), ("claim", doomed))
    own = store.claim(doomed)
    before = rows.dump()

    change = store.delete_claim(doomed)
    after = rows.dump()
    assert change.description == "Delete claim assertion “said”"
    assert [c.id for c in store.document_claims(1)] == [child, other]
    assert store.claim(child).parent_claim_id is None
    assert after["claim_targets"] == [] and after["relations"] == []
    remaining = {s.id for s in store.document_spans(1)}
    assert own.cue.span_id not in remaining and own.content.span_id not in remaining
    assert made_before in remaining and store.claim(child).cue.span_id in remaining
    rows.check_undo_redo(change, before, after)
    store.undo_change(change)
    assert store.claim(child).parent_claim_id == doomed
    assert store.claim(doomed).about_actors == ((militia, "Grain Militia"),)


def test_deleting_a_claim_keeps_a_span_it_made_that_something_else_uses(store):
    first = store.create_claim(1, "denial", cue=at("denied")).result
    cue = store.claim(first).cue.span_id
    store.create_claim(1, "denial", cue_span_id=cue, content=at("burning the grain depot"))
    store.delete_claim(first)
    assert cue in {s.id for s in store.document_spans(1)}


# -- the migration ----------------------------------------------------------------------------


def test_a_project_made_before_nested_claims_gains_the_column(tmp_path):
    path = tmp_path / "old.nmk"
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db, stop_before="0004_nested_claims")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.execute(
        "INSERT INTO documents (content_hash, text, imported_at, updated_at) "
        "VALUES ('h', ?, 't', 't')",
        [TEXT],
    )
    db.execute(
        "INSERT INTO claims (doc_id, type, status, created_at, updated_at) "
        "VALUES (1, 'assertion', 'accepted', 't', 't')"
    )
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert "0004_nested_claims" in store.applied_migrations()
        columns = {row[1] for row in store.db.execute("PRAGMA table_info(claims)")}
        assert "parent_claim_id" in columns
        assert store.claim(1).parent_claim_id is None
        inner = store.create_claim(1, "denial", cue=at("denied"), parent_claim_id=1).result
        assert store.claim(inner).parent_claim_id == 1


def test_an_edit_that_changes_nothing_is_no_change(store, rows):
    (militia,) = store.add_actors([{"name": "Grain Militia"}])
    claim_id = store.create_claim(1, "denial", stance="negative", cue=at("denied")).result
    store.set_claim_about(claim_id, [], [militia])
    store.set_claim_assessment(claim_id, check_worthy=False)
    before = rows.dump()
    assert not store.update_claim(claim_id, stance="negative", annotator="bo").changed
    assert not store.set_claim_about(claim_id, [], [militia]).changed
    assert not store.set_claim_assessment(claim_id, check_worthy=False).changed
    assert not store.set_claim_status(claim_id, "accepted").changed
    assert rows.dump() == before
