"""Storing suggestions: idempotent, never over curated work, never resurrecting rejections."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.nlp.candidates import (
    ArgumentCandidate,
    ClaimCandidate,
    DocumentSuggestions,
    EventCandidate,
    SpanCandidate,
)

TEXT = "Rebels shelled Karsh on Friday, killing 4. The army denied the report, officials said."
MODEL = "model:en_test@1.0"


def span(text: str, label: str, origin: str = MODEL, occurrence: int = 1, **kw) -> SpanCandidate:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(text, start + 1)
    return SpanCandidate(start, start + len(text), label, text, origin, **kw)


def suggestions(doc_id: int) -> DocumentSuggestions:
    rebels = span("Rebels", "ORG")
    karsh = span("Karsh", "GPE", actor_id=None)
    friday = span("Friday", "DATE")
    return DocumentSuggestions(
        doc_id,
        spans=[rebels, karsh, friday, span("army", "ORG")],
        events=[
            EventCandidate(
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
                span("shelled", "TRIGGER", "rule:events"),
                "rule:events",
                arguments=(
                    ArgumentCandidate("attacker", rebels),
                    ArgumentCandidate("place", karsh),
                    ArgumentCandidate("time", friday),
                    ArgumentCandidate("fatalities", value="4"),
                ),
                attributes={"fatalities": 4},
            )
        ],
        claims=[
            ClaimCandidate(
                "denial",
                span("denied", "CUE", "rule:claims"),
                "rule:claims",
                content=span("the report", "CLAIM", "rule:claims"),
                claimant=span("The army", "ACTOR", "rule:claims"),
                stance="negative",
            )
        ],
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.nmk") as s:
        s.add_documents([Document(text=TEXT, title="Karsh")])
        yield s


def count(store: Store, table: str, where: str = "1") -> int:
    return store.db.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def test_suggestions_are_stored_as_records(store: Store):
    counts = store.add_suggestions([suggestions(1)], run_origin="run-a")
    assert (counts.documents, counts.events, counts.claims) == (1, 1, 1)
    # 4 entities + trigger + cue + content + claimant; arguments reuse the entity spans
    assert counts.spans == 4
    assert count(store, "spans") == 8
    assert count(store, "spans", "status = 'suggested'") == 8
    event = store.db.execute("SELECT type, subtype, status, attributes FROM events").fetchone()
    assert event == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "suggested",
        '{"fatalities": 4}',
    )
    roles = store.db.execute(
        "SELECT a.role, s.text, a.value FROM event_arguments a"
        " LEFT JOIN spans s ON s.id = a.span_id ORDER BY a.id"
    ).fetchall()
    assert roles == [
        ("attacker", "Rebels", None),
        ("place", "Karsh", None),
        ("time", "Friday", None),
        ("fatalities", None, "4"),
    ]
    claim = store.db.execute(
        "SELECT c.type, cue.text, content.text, who.text FROM claims c "
        "JOIN spans cue ON cue.id = c.cue_span_id JOIN spans content ON content.id = "
        "c.content_span_id JOIN spans who ON who.id = c.claimant_span_id"
    ).fetchone()
    assert claim == ("denial", "denied", "the report", "The army")
    for start, end, text in store.db.execute('SELECT start, "end", text FROM spans'):
        assert TEXT[start:end] == text
    assert store.documents_to_suggest("run-a") == []
    assert store.documents_to_suggest("run-b") == [1]


def test_running_twice_adds_nothing(store: Store):
    store.add_suggestions([suggestions(1)], run_origin="run-a")
    before = [count(store, t) for t in ("spans", "events", "event_arguments", "claims")]
    again = store.add_suggestions([suggestions(1)], run_origin="run-b")
    assert (again.spans, again.events, again.claims) == (0, 0, 0)
    assert again.already_there == 6
    assert [count(store, t) for t in ("spans", "events", "event_arguments", "claims")] == before


def test_rejected_suggestions_never_come_back_and_accepted_work_is_untouched(store: Store):
    store.add_suggestions([suggestions(1)], run_origin="run-a")
    store.db.execute("UPDATE spans SET status = 'rejected' WHERE text = 'Friday'")
    store.db.execute("UPDATE events SET status = 'rejected'")
    store.db.execute("UPDATE claims SET status = 'rejected'")
    # The curator accepted "Karsh" as a LOC; a GPE suggestion there must not reappear.
    store.db.execute("UPDATE spans SET status = 'accepted', label = 'LOC' WHERE text = 'Karsh'")
    store.db.execute("DELETE FROM spans WHERE text = 'army'")  # deleted: may be proposed again
    fresh = suggestions(1)
    fresh.spans.append(span("Karsh", "GPE"))
    counts = store.add_suggestions([fresh], run_origin="run-b")
    assert (counts.events, counts.claims) == (0, 0)
    assert counts.spans == 1  # only "army"
    assert count(store, "spans", "text = 'Friday'") == 1
    assert count(store, "spans", "status = 'rejected'") == 1
    assert store.db.execute("SELECT label, status FROM spans WHERE text = 'Karsh'").fetchall() == [
        ("LOC", "accepted")
    ]
    assert count(store, "events") == 1 and count(store, "claims") == 1


def test_offsets_that_do_not_match_the_text_are_refused(store: Store):
    bad = SpanCandidate(0, 6, "ORG", "Robels", MODEL)
    outside = SpanCandidate(80, 200, "ORG", "x", MODEL)
    counts = store.add_suggestions(
        [DocumentSuggestions(1, spans=[bad, outside, span("Karsh", "GPE")])], run_origin="r"
    )
    assert (counts.spans, counts.invalid) == (1, 2)


def test_a_failing_batch_writes_nothing(store: Store):
    with pytest.raises(KeyError):
        store.add_suggestions([suggestions(1), suggestions(99)], run_origin="r")
    assert count(store, "spans") == 0
    assert store.documents_to_suggest("r") == [1]


def test_settings_and_actors(store: Store):
    assert store.get_setting("pipeline") is None
    store.set_setting("pipeline", "en_core_web_sm")
    store.set_setting("label_map", {"GPE": "PLACE"})
    assert store.get_setting("pipeline") == "en_core_web_sm"
    assert store.get_setting("label_map") == {"GPE": "PLACE"}
    store.set_setting("pipeline", None)
    assert store.get_setting("pipeline", "default") == "default"
    ids = store.add_actors(
        [
            {
                "name": "Government of Iraq",
                "type": "government",
                "country": "IRQ",
                "aliases": ["Baghdad", "Iraqi government", "Baghdad", "Government of Iraq"],
            },
            {"name": "Kata'ib Hizbullah", "type": "militia"},
        ]
    )
    actors = store.list_actors()
    assert [a["id"] for a in actors] == ids
    assert actors[0]["aliases"] == ["Baghdad", "Iraqi government"]
    with pytest.raises(ValueError, match="needs a name"):
        store.add_actors([{"name": " "}])
    assert len(store.list_actors()) == 2


def test_document_spans_for_display(store: Store):
    store.add_actors([{"name": "Karsh Municipality"}])
    fresh = suggestions(1)
    fresh.spans[1] = span("Karsh", "GPE", actor_id=1)
    store.add_suggestions([fresh], run_origin="r")
    store.db.execute("UPDATE spans SET status = 'rejected' WHERE text = 'Friday'")
    shown = store.document_spans(1)
    assert [s.text for s in shown][:3] == ["Rebels", "shelled", "Karsh"]
    assert all(s.status != "rejected" for s in shown)
    karsh = next(s for s in shown if s.text == "Karsh")
    assert (karsh.actor_id, karsh.actor_name, karsh.label) == (1, "Karsh Municipality", "GPE")
    assert len(store.document_spans(1, include_rejected=True)) == len(shown) + 1
    starts = [(s.start, -s.end) for s in shown]
    assert starts == sorted(starts)
