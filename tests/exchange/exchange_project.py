"""A small project with every kind of record on awkward text, shared by the exchange tests:
two documents, spans by three annotators, an actor, an event with four fillers and a confirmed
date, a claim about it, a relation, a scored suggestion and a rejected span."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from newsmark.core.documents import Document, normalize_text
from newsmark.core.store import Store
from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

# As a file from Windows would arrive: a byte-order mark and CRLF, which import normalises.
RAW = (
    "\ufeffRebel fighters\tshelled the main market in Ke\u0301rsh 🎯 on Tuesday, killing five "
    "traders, the governor said.\r\nThe Eastern Front denied responsibility 𝄞 for the attack.\r\n"
)
TEXT = normalize_text(RAW)
QUIET = "Nothing happened in Port Amal today."


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


class Project:
    """A two-document project with every kind of record; ids of what the tests look for."""

    def __init__(self, path: Path):
        self.store = store = Store.open(path)
        store.add_documents(
            [
                Document(text=TEXT, title="Market shelled", published="2024-03-12", meta={"x": 1}),
                Document(text=QUIET, title="Quiet day"),
            ]
        )

        def span(words: str, label: str, annotator: str = "ana") -> int:
            return store.create_span(1, *at(words), label, annotator=annotator).created()[0].id

        self.rebels = span("Rebel fighters", "ORG")
        self.place = span("Ke\u0301rsh", "GPE")
        self.when = span("on Tuesday", "DATE")
        self.front_span = span("The Eastern Front", "ORG")
        self.governor = span("the governor", "PERSON", annotator="bob")
        self.market = span("main market", "FAC", annotator="bob")
        self.front = store.create_actor(
            "Eastern Front", type=None, aliases=["EF"], from_span_id=self.front_span
        ).result
        self.event = store.create_event(
            1,
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            trigger=at("shelled"),
            annotator="ana",
        ).result
        store.add_argument(self.event, "attacker", span_id=self.rebels, annotator="ana")
        store.add_argument(self.event, "place", span_id=self.place, annotator="ana")
        store.add_argument(self.event, "time", span_id=self.when, annotator="ana")
        store.add_argument(self.event, "target", actor_id=self.front, annotator="ana")
        store.confirm_event_date(self.event, store.propose_event_date(self.event))
        self.claim = store.create_claim(
            1,
            "denial",
            stance="negative",
            cue=at("denied"),
            content=at("responsibility 𝄞 for the attack"),
            claimant_span_id=self.front_span,
            claimant_actor_id=self.front,
            annotator="ana",
        ).result
        store.set_claim_about(self.claim, [self.event], [self.front], annotator="ana")
        self.relation = store.add_relation(
            "located_in", ("event", self.event), ("span", self.place), annotator="ana"
        ).result
        # A suggestion (with a score and attributes) and a rejected span, left out by default.
        start, end = at("five traders")
        suggestion = SpanCandidate(
            start, end, "QUANTITY", "five traders", "rule:test", 0.5, attributes={"n": 5}
        )
        store.add_suggestions([DocumentSuggestions(1, spans=[suggestion])], run_origin="test")
        (self.suggested,) = [s.id for s in store.document_spans(1) if s.status == "suggested"]
        self.rejected = span("Tuesday, killing", "DATE", annotator="cy")
        store.set_span_status([self.rejected], "rejected", annotator="cy")
        store.set_document_status(2, "done")


# Pieces of awkward text for property-based tests: a byte-order mark, every line end, tabs,
# astral and combining characters, joiners, no-break spaces, and any other code point.
PIECES = st.one_of(
    st.sampled_from(
        [
            "\ufeff",
            "\r\n",
            "\r",
            "\n",
            "\t",
            "🎯",
            "e\u0301",
            "𝄞",
            "👩‍👩‍👧",
            "\u200d",
            " ",
            "\u00a0",
            "Ab",
            "\u00e9",
            "-",
            "'s",
            ".",
        ]
    ),
    st.characters(exclude_categories=("Cs",)),
)


@st.composite
def texts_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """A text of awkward pieces (never blank) and up to eight spans on it, overlaps allowed."""
    text = "".join(draw(st.lists(PIECES, min_size=1, max_size=40)))
    if not text.strip():
        text += "x"
    bounds = st.integers(0, len(text))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start, end = sorted((draw(bounds), draw(bounds)))
        if start < end:
            spans.append((start, end, draw(st.sampled_from(["PERSON", "ORG", "GPE"]))))
    return text, spans
