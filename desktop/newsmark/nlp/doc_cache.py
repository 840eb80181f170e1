"""Per-document values spaCy recomputes on every access, read once per Doc.

``Doc.text`` joins every token anew, and ``Span.ents`` and ``Token.sent`` scan tokens each
time; the suggesters ask for them hundreds of times per article.

One document is cached per thread: the suggesters finish one Doc before the next, and a Doc
does not change while they read it. Nothing is written into the Doc itself (its ``user_data``
would carry a copy of the text into every DocBin made from it).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


class DocFacts:
    """A Doc's text and entities, read once: entities in order and by token index."""

    __slots__ = ("at", "doc", "ents", "text")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.ents = tuple(doc.ents) if doc.has_annotation("ENT_IOB") else ()
        self.at: list[Span | None] = [None] * len(doc)
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.at[i] = ent


_LOCAL = threading.local()


def facts(doc: Doc) -> DocFacts:
    """The cached facts of ``doc`` (computed on first use in this thread)."""
    cached = getattr(_LOCAL, "facts", None)
    if cached is None or cached.doc is not doc:
        cached = _LOCAL.facts = DocFacts(doc)
    return cached


def doc_text(doc: Doc) -> str:
    """The document's text, built once per Doc."""
    return facts(doc).text


def sentence_ents(sent: Span) -> list[Span]:
    """The entities inside a sentence (or any span), from the per-document cache."""
    return [e for e in facts(sent.doc).ents if sent.start <= e.start and e.end <= sent.end]
