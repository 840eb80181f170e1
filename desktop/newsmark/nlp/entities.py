"""Entity suggestions: a spaCy Doc's named entities as schema-labelled span candidates.

Scores: spaCy's NER (en_core_web_sm included) gives no per-entity probability, and a made-up
number would mislead curators sorting by confidence, so ``score`` stays ``None`` unless the
pipeline really produced one: a span categorizer's ``doc.spans["sc"]`` with its ``scores``
array, or a ``Span._.score`` extension set by a custom component.

This module never imports spaCy: it only reads the Doc handed to it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from newsmark.nlp.candidates import SpanCandidate
from newsmark.nlp.doc_cache import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from newsmark.core.schema import Schema
    from newsmark.nlp.loading import PipelineInfo

SPANCAT_KEY = "sc"
# Edge characters that are never part of a name: quotes, dashes, list punctuation, bullets,
# invisible joiners. "." stays: spaCy keeps it inside an entity only for abbreviations
# ("U.S.", "Inc."). Brackets are handled separately (see _trim).
_EDGE_PUNCTUATION = set(",;:!?\"'*/\\|_•·‧\u200b\u200c\u200d\u2060\ufeff")
_EDGE_CATEGORIES = {"Pd", "Pi", "Pf"}  # dashes, opening and closing quotation marks
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_CLOSERS = {close: open_ for open_, close in _BRACKETS.items()}


def _is_edge_junk(ch: str) -> bool:
    return ch.isspace() or ch in _EDGE_PUNCTUATION or unicodedata.category(ch) in _EDGE_CATEGORIES


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace and stray punctuation at either edge.

    A bracket at an edge goes only when its partner is not inside the span, so
    "Islamic State (IS)" keeps its closing bracket while "(Kabul" loses the opening one.
    """
    while start < end:
        ch = text[start]
        if _is_edge_junk(ch) or (ch in _BRACKETS and _BRACKETS[ch] not in text[start:end]):
            start += 1
        else:
            break
    while end > start:
        ch = text[end - 1]
        if _is_edge_junk(ch) or (ch in _CLOSERS and _CLOSERS[ch] not in text[start:end]):
            end -= 1
        else:
            break
    return start, end


def _start_after_article(ent: Span) -> int:
    """Where the name starts once a lower-case leading "the" is left out.

    en_core_web_sm (trained on OntoNotes) includes "the" in many entities ("the Interior
    Ministry"); a curator marks the name alone. A capitalised "The" is kept: mid-sentence it
    belongs to the name ("The Hague", "The New York Times"), and at the start of a sentence
    it cannot be told apart from one.
    """
    if len(ent) > 1 and ent[0].text == "the":
        return ent[1].idx
    return ent.start_char


def _spancat_scores(doc: Doc) -> dict[tuple[int, int, str], float]:
    """Scores a span categorizer stored for its spans, by (start token, end token, label)."""
    if SPANCAT_KEY not in doc.spans:
        return {}
    group = doc.spans[SPANCAT_KEY]
    scores = group.attrs.get("scores")
    if scores is None or len(scores) != len(group):
        return {}
    return {
        (span.start, span.end, span.label_): float(score)
        for span, score in zip(group, scores, strict=True)
    }


def _extension_score(ent: Span) -> float | None:
    if not ent.has_extension("score"):
        return None
    value = ent._.score
    return None if value is None else float(value)


class EntitySuggester:
    """Turns ``doc.ents`` into :class:`SpanCandidate` objects labelled by the schema.

    ``label_map`` maps the pipeline's NER labels to schema labels; a label mapped to ``None``
    or absent from the map is dropped. ``origin`` is recorded on every candidate (normally
    :attr:`PipelineInfo.origin`). Offsets index ``doc.text``, and each candidate's text is
    exactly ``doc.text[start:end]``.

    Holds only immutable settings, so one instance may serve several threads; each thread
    must pass Docs made by its own ``Language``.
    """

    def __init__(self, label_map: Mapping[str, str | None], origin: str):
        self._label_map = dict(label_map)
        self.origin = origin

    @classmethod
    def for_pipeline(cls, schema: Schema, info: PipelineInfo) -> EntitySuggester:
        """The suggester for a project's schema and the pipeline it loaded."""
        return cls(schema.model_label_map, info.origin)

    @property
    def label_map(self) -> Mapping[str, str | None]:
        return dict(self._label_map)

    def __call__(self, doc: Doc) -> list[SpanCandidate]:
        spancat = _spancat_scores(doc)
        text = doc_text(doc)
        candidates = []
        for ent in doc.ents:
            label = self._label_map.get(ent.label_)
            if label is None:
                continue
            candidate = self._candidate(text, ent, label, spancat)
            if candidate is not None:
                candidates.append(candidate)
        return candidates

    def _candidate(
        self,
        text: str,
        ent: Span,
        label: str,
        spancat: dict[tuple[int, int, str], float],
    ) -> SpanCandidate | None:
        start, end = _trim(text, _start_after_article(ent), ent.end_char)
        if start >= end:
            return None  # nothing but punctuation
        score = _extension_score(ent)
        if score is None:
            score = spancat.get((ent.start, ent.end, ent.label_))
        return SpanCandidate(
            start=start,
            end=end,
            label=label,
            text=text[start:end],
            origin=self.origin,
            score=score,
            attributes={"model_label": ent.label_},
        )
