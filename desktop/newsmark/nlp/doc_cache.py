"""Per-document values spaCy recomputes on every access, read once per Doc.

``Doc.text`` joins every token anew, and ``Span.ents`` and ``Token.sent`` scan tokens each
time; the suggesters ask for them hundreds of times per article.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_TEXT_KEY = "newsmark.text"


class _Entities:
    """A Doc's entities, read once: in order, and by token index.

    ``Span.ents`` and ``Token.sent`` scan tokens on every access; the argument helpers ask
    for a sentence's entities hundreds of times per article.
    """

    __slots__ = ("at", "doc", "ents")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.ents = tuple(doc.ents)
        self.at: list[Span | None] = [None] * len(doc)
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.at[i] = ent


# One cached document per thread: the suggesters finish one Doc before the next, and a Doc's
# entities do not change while they read it. Not kept in doc.user_data, which spaCy would
# try to serialise with the Doc.
_LOCAL = threading.local()


def entities_of(doc: Doc) -> _Entities:
    """The cached entities of ``doc`` (computed on first use in this thread)."""
    cached = getattr(_LOCAL, "entities", None)
    if cached is None or cached.doc is not doc:
        cached = _LOCAL.entities = _Entities(doc)
    return cached


def sentence_ents(sent: Span) -> list[Span]:
    """The entities inside a sentence (or any span), from the per-document cache."""
    return [e for e in entities_of(sent.doc).ents if sent.start <= e.start and e.end <= sent.end]


def doc_text(doc: Doc) -> str:
    """The document's text, built once per Doc.

    spaCy rebuilds ``Doc.text`` from every token on each read, which the span helpers would
    otherwise do thousands of times per article. The text of a Doc never changes, so it is
    kept in ``doc.user_data`` (spaCy's place for such per-document data).
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text
