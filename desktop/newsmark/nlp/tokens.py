"""Snapping a curator's selection to token boundaries, without tokenizing the whole article.

When a label key is pressed, the selected characters become a span: whitespace at either end is
trimmed, and unless the curator asked for exact characters each end moves outward to the edge
of the token it falls in, as ``Doc.char_span(start, end, alignment_mode="expand")`` would on
the whole text. Offsets are Python ``str`` indices (code points), as everywhere in Newsmark.

The tokens are spaCy's English tokenizer's: ``spacy.blank("en").tokenizer`` by default, or the
loaded pipeline's ``nlp.tokenizer`` when the caller passes it (en_core_web_sm's tokenizer has
the same rules, prefixes, suffixes, infixes and URL pattern as the blank English one, so the
two give the same tokens). spaCy is imported on first use, or earlier by :func:`warm_up`; this
module never imports Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Tokenizer", "default_tokenizer", "snap_span", "token_bounds", "warm_up"]

Tokenizer = Callable[[str], "Doc"]

# Why a few words of text around an offset are enough: spaCy's tokenizer first cuts the text at
# whitespace (str.isspace, the same test as here) and then tokenizes each whitespace-delimited
# chunk on its own (prefixes, suffixes, infixes, exceptions, URLs), so a stretch cut at
# whitespace yields the same tokens as the whole text does there. One thing reaches across
# chunks: afterwards its special-case matcher runs over the token sequence of the whole doc,
# where a case such as ":(" (affix-split into ":" "(") also matches ": (" across a space. Such a
# match changes nothing itself (no rule is named ": ("), but it can win over an overlapping real
# match, so "m( :(s)" splits ":(" in the whole text and not on its own. Tokenizing a margin of
# whole chunks on each side covers every such match: the longest English special case,
# "(╯°□°）╯︵┻━┻", is 11 affix tokens, so no match can reach more than 10 chunks away.
# (Chains of such matches could in theory reach further; 100,000 random strings of emoticon
# punctuation and spaces showed none needing more than 2 chunks.)
_CONTEXT_CHUNKS = 10

_lock = threading.Lock()
_tokenizer: Tokenizer | None = None


def default_tokenizer() -> Tokenizer:
    """The blank English spaCy tokenizer, created on first call and shared by the process."""
    global _tokenizer
    # Read once without the lock: after creation the global only ever holds the same object.
    tokenizer = _tokenizer
    if tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import spacy

                _tokenizer = spacy.blank("en").tokenizer
            tokenizer = _tokenizer
    return tokenizer


def warm_up() -> None:
    """Import spaCy and create the default tokenizer now (meant for a background thread).

    Calling it again, or concurrently with :func:`snap_span`, is harmless.
    """
    # Only creation: the tokenizer is not called here, since its cache is not meant to be
    # written from two threads at once and the first real call is fast anyway (~0.1 ms).
    default_tokenizer()


def snap_span(
    text: str,
    start: int,
    end: int,
    *,
    exact: bool = False,
    tokenizer: Tokenizer | None = None,
) -> tuple[int, int] | None:
    """The span to store for a selection of ``text[start:end]``, or None if it is only whitespace.

    The offsets are clamped to the text and put in order, then whitespace (``str.isspace``:
    newlines and non-breaking spaces too) is trimmed from both ends. Unless ``exact``, each end
    then moves outward to the edge of the token it falls in, so "ondon" in "in London." becomes
    "London" and "he protest" becomes "the protest"; punctuation split off by the tokenizer is
    not pulled in. ``tokenizer`` is a spaCy tokenizer (``nlp.tokenizer``); the default is
    :func:`default_tokenizer`. Only a few words around each end are tokenized.
    """
    trimmed = _trim(text, *_clamp(text, start, end))
    if trimmed is None or exact:
        return trimmed
    start, end = trimmed
    if tokenizer is None:
        tokenizer = default_tokenizer()
    first = _token_at(text, start, tokenizer)
    last = first if first[1] >= end else _token_at(text, end - 1, tokenizer)
    # Tokens of the English tokenizer never start or end with whitespace, but a pipeline's
    # tokenizer with custom special cases might.
    return _trim(text, first[0], last[1])


def token_bounds(
    text: str, start: int, end: int, tokenizer: Tokenizer | None = None
) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every token that overlaps ``text[start:end]``, in text order.

    Offsets are clamped and ordered as in :func:`snap_span`; whitespace tokens are left out.
    They are the tokens the whole text would be tokenized into, found by tokenizing only the
    selected stretch and a few words either side.
    """
    start, end = _clamp(text, start, end)
    if start == end:
        return []
    if tokenizer is None:
        tokenizer = default_tokenizer()
    bounds = _tokens(text, start, end, tokenizer)
    return [(a, b) for a, b in bounds if a < end and b > start]


def _clamp(text: str, start: int, end: int) -> tuple[int, int]:
    length = len(text)
    start = min(max(start, 0), length)
    end = min(max(end, 0), length)
    return (start, end) if start <= end else (end, start)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _token_at(text: str, index: int, tokenizer: Tokenizer) -> tuple[int, int]:
    """The token holding the non-whitespace character ``text[index]``."""
    for bounds in _tokens(text, index, index + 1, tokenizer):
        if bounds[0] <= index < bounds[1]:
            return bounds
    # Every non-whitespace character is in some token; this is for an odd custom tokenizer.
    return index, index + 1


def _tokens(text: str, start: int, end: int, tokenizer: Tokenizer) -> list[tuple[int, int]]:
    """Non-whitespace tokens of the whole-chunk stretch around ``text[start:end]``, plus margin."""
    low = _left_edge(text, start, _CONTEXT_CHUNKS)
    high = _right_edge(text, end, _CONTEXT_CHUNKS)
    doc = tokenizer(text[low:high])
    return [(low + token.idx, low + token.idx + len(token)) for token in doc if not token.is_space]


def _left_edge(text: str, index: int, chunks: int) -> int:
    """The start of the chunk ``index`` is in (``index`` itself after whitespace), and then the
    start of each of up to ``chunks`` whitespace-delimited chunks before it."""
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    for _ in range(chunks):
        before = index
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if before == 0:
            break
        while before > 0 and not text[before - 1].isspace():
            before -= 1
        index = before
    return index


def _right_edge(text: str, index: int, chunks: int) -> int:
    """The end of the chunk an end offset ``index`` is in (``index`` itself before whitespace),
    and then the end of each of up to ``chunks`` whitespace-delimited chunks after it."""
    length = len(text)
    while index < length and not text[index].isspace():
        index += 1
    for _ in range(chunks):
        after = index
        while after < length and text[after].isspace():
            after += 1
        if after == length:
            break
        while after < length and not text[after].isspace():
            after += 1
        index = after
    return index
