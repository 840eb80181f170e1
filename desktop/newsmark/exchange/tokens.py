"""Tokens for token-based annotation formats, cut so that every span starts and ends on one.

The tokens are spaCy's blank English tokenizer's (the one span snapping uses, see
:mod:`newsmark.nlp.tokens`; no trained model), then cut wherever a span starts or ends inside a
token, and the single trailing space spaCy keeps outside tokens becomes a token of its own when
a span starts on it or ends after it. Spans are never moved to fit the tokens. Together the
tokens tile the text: each one ends where the next starts, or one space before it when ``ws``.
Offsets are Python ``str`` indices (code points). Pure Python; never imports Qt.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from newsmark.nlp.tokens import Tokenizer, default_tokenizer

_local = threading.local()


@dataclass(frozen=True, slots=True)
class Token:
    """``text[start:end]``; ``ws`` when one space follows that belongs to no token."""

    start: int
    end: int
    ws: bool


def aligned_tokens(
    text: str, spans: Iterable[tuple[int, int]], tokenizer: Tokenizer | None = None
) -> list[Token]:
    """The tokens of ``text``, cut at both ends of every ``(start, end)`` in ``spans``."""
    spans = list(spans)
    cuts = sorted({offset for span in spans for offset in span})
    starts = {start for start, _end in spans}
    ends = {end for _start, end in spans}
    doc = (tokenizer or default_tokenizer())(text)
    tokens: list[Token] = []
    for token in doc:
        start = token.idx
        end = start + len(token.text)
        inner = cuts[bisect.bisect_right(cuts, start) : bisect.bisect_left(cuts, end)]
        for left, right in pairwise([start, *inner, end]):
            tokens.append(Token(left, right, False))
        if not token.whitespace_:
            continue
        # The space after the token is in no token: a span that starts on it or ends after it
        # needs it as a token.
        if end in starts or end + 1 in ends:
            tokens.append(Token(end, end + 1, False))
        else:
            tokens[-1] = Token(tokens[-1].start, end, True)
    return tokens


def own_tokenizer() -> Tokenizer:
    """A blank English tokenizer of the calling thread's own: spaCy's tokenizer writes a cache
    as it goes, so an export in a worker thread never shares the one the editor uses for span
    snapping. Made on a thread's first call, then kept for its later exports."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        import spacy

        tokenizer = _local.tokenizer = spacy.blank("en").tokenizer
    return tokenizer


def token_positions(tokens: list[Token]) -> tuple[dict[int, int], dict[int, int]]:
    """Which token starts at each offset, and which ends at each offset."""
    starts = {token.start: index for index, token in enumerate(tokens)}
    ends = {token.end: index for index, token in enumerate(tokens)}
    return starts, ends
