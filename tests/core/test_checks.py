"""The before-done checks: each kind of problem found, in order, and a clean document passes."""

from __future__ import annotations

import time

import pytest

from newsmark.core.checks import Problem
from newsmark.core.documents import Document
from newsmark.core.store import Store

TEXT = (
    "Gunmen stormed a police post in Kassala on Tuesday, killing two officers, the governor "
    "said. Residents said a car bomb exploded near the cattle market. Protesters blocked the "
    "highway to Gedaref for hours."
)
CLEAN = "Soldiers clashed with fighters of the Eastern Front near Kassala, a spokesman said."


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def store(open_project):
    return open_project((TEXT, "Kassala"), (CLEAN, "Clean"))


def argument(store: Store, event_id: int, role: str, *, span_id=None, actor_id=None, value=None):
    store.db.execute(
        "INSERT INTO event_arguments (event_id, role, span_id, actor_id, value) "
        "VALUES (?, ?, ?, ?, ?)",
        [event_id, role, span_id, actor_id, value],
    )


def claim(store: Store, claim_type: str, stance: str | None, cue: int | None, status="accepted"):
    cursor = store.db.execute(
        "INSERT INTO claims (doc_id, type, stance, cue_span_id, status, created_at, updated_at) "
        "VALUES (1, ?, ?, ?, ?, 't', 't')",
        [claim_type, stance, cue, status],
    )
    return int(cursor.lastrowid)


def relation(store: Store, label: str, head: tuple[str, int], child: tuple[str, int]) -> int:
    cursor = store.db.execute(
        "INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label, status, "
        "created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, 'accepted', 't', 't')",
        [*head, *child, label],
    )
    return int(cursor.lastrowid)


def test_every_kind_of_problem_is_found_and_listed_by_severity_then_position(store, rows):
    # Spans: one with a label the schema lacks, three suggestions.
    weapon = rows.span("car bomb", "WEAPON")
    for words in ("Residents", "Gedaref", "two officers"):
        rows.span(words, "PERSON", status="suggested")
    # Events.
    stormed = rows.event(
        "Battles",
        "Armed clash",
        rows.span("stormed", "TRIGGER"),
        attributes={
            "fatalities": -2,
            "modality": "rumoured",
            "rule": "storm",
            "date": {"value": "2024-05", "precision": "decade"},
        },
    )
    argument(store, stormed, "place", span_id=rows.span("the governor", "PERSON"))
    argument(store, stormed, "weather", value="rain")
    argument(store, stormed, "target", actor_id=store.add_actors([{"name": "Police"}])[0])
    exploded = rows.event("Explosions/Remote violence", None, rows.span("exploded", "TRIGGER"))
    blocked = rows.event("Protests", "Peaceful protest", rows.span("blocked", "TRIGGER"))
    argument(store, blocked, "attacker", span_id=rows.span("Protesters", "NORP"))
    rows.event("Earthquake", None, rows.span("killing", "TRIGGER"))
    rows.event("Battles", "Ambush", rows.span("post", "TRIGGER"))
    untriggered = rows.event("Riots", "Mob violence", None)
    rows.event("Battles", "Armed clash", rows.span("hours", "TRIGGER"), status="suggested")
    rows.event("Riots", "Mob violence", None, status="suggested")
    # Claims.
    gossip = claim(store, "gossip", "furious", rows.span("said", "CUE"))
    claim(store, "assertion", None, rows.span("Residents said", "CUE"), status="suggested")
    # Relations.
    relation(store, "caused", ("event", stormed), ("event", exploded))
    relation(store, "same_event", ("span", weapon), ("event", exploded))
    gone = relation(store, "part_of", ("event", exploded), ("event", 999))

    problems = store.document_problems(1)
    assert all(isinstance(p, Problem) for p in problems)
    summary = [(p.severity, p.kind, p.field) for p in problems]
    assert summary == [
        ("error", "event", "attribute fatalities"),  # all at "stormed"
        ("error", "event", "attribute modality"),
        ("error", "event", "attribute date"),
        ("error", "event", "role weather"),
        ("error", "relation", "label"),
        ("error", "event", "subtype"),  # "post"
        ("error", "event", "type"),  # "killing"
        ("error", "event", "role place"),  # at its filler, "the governor"
        ("error", "claim", "type"),  # "said"
        ("error", "claim", "stance"),
        ("error", "span", "label"),  # "car bomb"
        ("error", "relation", "label"),
        ("error", "relation", "child"),  # "exploded"
        ("error", "event", "role attacker"),  # "Protesters"
        ("incomplete", "claim", "claimant"),
        ("incomplete", "claim", "content"),
        ("incomplete", "event", "subtype"),
        ("incomplete", "event", "trigger"),  # no place in the text: last
        ("undecided", "span", "status"),
        ("undecided", "claim", "status"),
        ("undecided", "event", "status"),
    ]
    messages = {(p.kind, p.field): p.message for p in problems if p.severity != "undecided"}
    assert messages[("event", "subtype")] == (
        "Event “exploded” (Explosions/Remote violence) has no sub-type."
    )
    assert messages[("event", "trigger")] == (
        f"Event {untriggered} (Riots ▸ Mob violence) has no trigger."
    )
    assert messages[("event", "type")] == (
        "Event “killing” (Earthquake) has the type “Earthquake”, which the schema does not have."
    )
    assert messages[("event", "role place")] == (
        "The place of event “stormed” (Battles ▸ Armed clash) is a PERSON span (“the governor”), "
        "which that role does not accept."
    )
    assert messages[("event", "role attacker")] == (
        "Event “blocked” (Protests ▸ Peaceful protest) has an attacker argument (“Protesters”), "
        "but that role does not apply to Protests ▸ Peaceful protest."
    )
    assert messages[("event", "attribute fatalities")] == (
        "Event “stormed” (Battles ▸ Armed clash) has fatalities -2, which is below the minimum 0."
    )
    assert messages[("span", "label")] == (
        "Span “car bomb” has the label WEAPON, which the schema does not have."
    )
    assert messages[("claim", "claimant")].startswith("Claim “said” (gossip) has no claimant")
    assert messages[("relation", "child")] == (
        "Relation Explosions/Remote violence “exploded” part of (deleted event 999) points at "
        "event 999, which no longer exists."
    )
    undecided = {p.kind: p.message for p in problems if p.severity == "undecided"}
    assert undecided == {
        "span": "3 suggested spans are neither accepted nor rejected.",
        "event": "2 suggested events are neither accepted nor rejected.",
        "claim": "1 suggested claim is neither accepted nor rejected.",
    }
    by_record = {(p.kind, p.record_id) for p in problems}
    assert ("claim", gossip) in by_record and ("relation", gone) in by_record
    assert all(p.span_id is not None for p in problems if p.field != "trigger")


def test_a_clean_document_has_no_problems(store, rows):
    trigger = rows.span("clashed", "TRIGGER", doc_id=2)
    soldiers = rows.span("Soldiers", "NORP", doc_id=2)
    place = rows.span("Kassala", "GPE", doc_id=2)
    clash = rows.event(
        "Battles",
        "Armed clash",
        trigger,
        doc_id=2,
        attributes={"fatalities": 0, "modality": "reported", "date_text": "Monday"},
    )
    argument(store, clash, "attacker", span_id=soldiers)
    argument(store, clash, "place", span_id=place)
    (front,) = store.add_actors([{"name": "Eastern Front"}])
    argument(store, clash, "target", actor_id=front)
    spokesman = rows.span("a spokesman", "PERSON", doc_id=2)
    claim_id = store.create_claim(
        2,
        "assertion",
        cue=at("said", CLEAN),
        content=at("Soldiers clashed with fighters of the Eastern Front near Kassala", CLEAN),
        claimant_span_id=spokesman,
    ).result
    store.add_relation("located_in", ("event", clash), ("span", place))
    store.add_relation("responds_to", ("claim", claim_id), ("event", clash))
    assert store.document_problems(2) == []


def test_the_problems_of_a_large_document_are_found_in_a_handful_of_queries(store, rows):
    words = "word " * 6000
    store.add_documents([Document(text=words, title="Long")])
    span_rows = [
        (
            3,
            i * 5,
            i * 5 + 4,
            "PERSON" if i % 7 else "ODD",
            "word",
            "accepted" if i % 3 else "suggested",
        )
        for i in range(5000)
    ]
    store.db.conn.executemany(
        'INSERT INTO spans (doc_id, start, "end", label, text, status, created_at, updated_at) '
        "VALUES (?, ?, ?, ?, ?, ?, 't', 't')",
        span_rows,
    )
    for i in range(0, 400, 4):
        trigger = store.db.execute("SELECT id FROM spans WHERE doc_id = 3 AND start = ?", [i * 5])
        rows.event("Battles", None, trigger.fetchone()[0], doc_id=3)
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    began = time.perf_counter()
    problems = store.document_problems(3)
    elapsed = time.perf_counter() - began
    store.db.conn.set_trace_callback(None)
    assert len(statements) <= 12, statements
    assert elapsed < 1.0
    odd = sum(1 for row in span_rows if row[3] == "ODD" and row[5] == "accepted")
    assert sum(1 for p in problems if p.kind == "span" and p.severity == "error") == odd
    assert sum(1 for p in problems if p.field == "subtype") == 100
    assert problems[-1].message == "1667 suggested spans are neither accepted nor rejected."
