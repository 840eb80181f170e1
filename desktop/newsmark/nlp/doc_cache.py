"""Per-document values spaCy recomputes on every access, read once per Doc.

``Doc.text`` joins every token anew, and ``Span.ents`` and ``Token.sent`` scan tokens each
time; the suggesters ask for them hundreds of times per article. What is looked up per
sentence or per token is found by bisection, never by a scan of the whole document: a long
article (a 1 MB report has some 9,000 sentences and 16,000 entities) must cost what its
parts would cost as separate articles.

One document is cached per thread: the suggesters finish one Doc before the next, and a Doc
does not change while they read it. Nothing is written into the Doc itself (its ``user_data``
would carry a copy of the text into every DocBin made from it).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


class DocFacts:
    """A Doc's text and entities, read once: entities in order, their first tokens (for
    bisection), and the entity at each token index."""

    __slots__ = ("_breaks", "_sentences", "at", "doc", "ents", "starts", "text")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.ents = tuple(doc.ents) if doc.has_annotation("ENT_IOB") else ()
        self.starts = [ent.start for ent in self.ents]
        self.at: list[Span | None] = [None] * len(doc)
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.at[i] = ent
        self._breaks: tuple[list[int], list[int]] | None = None
        self._sentences: dict[tuple[str, int, int], Any] = {}

    def per_sentence(self, name: str, sent: Span, compute: Callable[[], T]) -> T:
        """``compute()`` for this sentence, computed on the first call only (by ``name``).

        For facts read once per trigger or cue: a long sentence with many of them would
        otherwise be read as many times. The value is shared, so it must not be changed.
        """
        key = (name, sent.start, sent.end)
        if key not in self._sentences:
            self._sentences[key] = compute()
        return self._sentences[key]

    def has_paragraph_break(self, low: int, high: int) -> bool:
        """Whether ``text[low:high]`` holds a blank line: a line break, spaces or tabs, and a
        line break (what ``events.PARAGRAPH_BREAK.search(text, low, high)`` finds), answered
        without reading the stretch.

        Each line break is paired with the next one; the first line break at or after ``low``
        that begins a blank line has the nearest partner, so it alone decides.
        """
        if self._breaks is None:
            text = self.text
            newlines = []
            at = text.find("\n")
            while at >= 0:
                newlines.append(at)
                at = text.find("\n", at + 1)
            firsts, seconds = [], []
            for a, b in pairwise(newlines):
                if _SPACES.fullmatch(text, a + 1, b):
                    firsts.append(a)
                    seconds.append(b)
            self._breaks = firsts, seconds
        firsts, seconds = self._breaks
        i = bisect_left(firsts, low)
        return i < len(firsts) and seconds[i] < high


T = TypeVar("T")
_SPACES = re.compile(r"[ \t]*")
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
    """The entities inside a sentence (or any span), in order, from the per-document cache.

    Entities are sorted and never overlap: the first one starting in the span is found by
    bisection, and the walk stops at the first one starting past it.
    """
    cached = facts(sent.doc)
    ents = cached.ents
    start, end = sent.start, sent.end
    found = []
    for i in range(bisect_left(cached.starts, start), len(ents)):
        ent = ents[i]
        if ent.start >= end:
            break
        if ent.end <= end:
            found.append(ent)
    return found
