"""Redrawing a few changed spans of a long document without redoing all of it.

An accept or a reject changes one span (or, for "accept all of a label", a few dozen) of a
document that may carry tens of thousands: a 2 MB article with 46,000 spans took half a second
per keypress when every edit re-read the spans, rebuilt every run and re-laid every block.
Here the span list is patched in place and the runs are rebuilt only over the stretch of text
the changed spans cover, from the spans overlapping it. Pure Python, any thread.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from newsmark.core.store import StoredSpan, span_order
from newsmark.gui.highlights import Run, build_runs

DRAWN = ("accepted", "suggested")


def patch_spans(
    spans: list[StoredSpan], changed: Sequence[StoredSpan], span_ids: Sequence[int]
) -> tuple[list[StoredSpan], tuple[int, int] | None]:
    """``spans`` (in Store order) with the spans ``span_ids`` replaced by their ``changed``
    state: dropped when rejected or gone, added or updated otherwise.

    Returns the new list and the stretch of text (``str`` offsets) whose look may have
    changed, or None when nothing drawn changed.
    """
    touched = set(span_ids)
    fresh = {span.id: span for span in changed if span.status in DRAWN}
    old = [span for span in spans if span.id in touched]
    edges = [(span.start, span.end) for span in old] + [
        (span.start, span.end) for span in fresh.values()
    ]
    if not edges:
        return spans, None
    kept = [span for span in spans if span.id not in touched]
    for span in fresh.values():
        kept.insert(_position(kept, span), span)
    return kept, (min(start for start, _ in edges), max(end for _, end in edges))


def _position(spans: list[StoredSpan], span: StoredSpan) -> int:
    # A bisection on the Store's order without building a list of keys.
    low, high, key = 0, len(spans), span_order(span)
    while low < high:
        middle = (low + high) // 2
        if span_order(spans[middle]) < key:
            low = middle + 1
        else:
            high = middle
    return low


def longest(spans: Sequence[StoredSpan]) -> int:
    return max((span.end - span.start for span in spans), default=0)


def overlapping(
    spans: Sequence[StoredSpan], start: int, end: int, reach: int | None = None
) -> list[StoredSpan]:
    """The drawn spans of ``spans`` (in Store order) that overlap ``start``-``end``.

    ``reach`` is at least the length of the longest span (computed when not given).
    """
    reach = longest(spans) if reach is None else reach
    first = _position_by_start(spans, start - reach)
    found = []
    for span in spans[first:]:
        if span.start >= end:
            break
        if span.end > start and span.status in DRAWN:
            found.append(span)
    return found


def _position_by_start(spans: Sequence[StoredSpan], start: int) -> int:
    low, high = 0, len(spans)
    while low < high:
        middle = (low + high) // 2
        if spans[middle].start < start:
            low = middle + 1
        else:
            high = middle
    return low


def patch_runs(
    runs: list[Run],
    spans: Sequence[StoredSpan],
    window: tuple[int, int],
    colour_of: Callable[[str], str],
    to_qt: Callable[[int], int],
    text_length: int,
    reach: int | None = None,
) -> list[Run]:
    """``runs`` with the stretch ``window`` (``str`` offsets) rebuilt from ``spans``.

    The runs inside the window are those :func:`build_runs` makes from the spans overlapping
    it, clipped to it; runs reaching across an edge of the window are cut there. ``reach``
    is passed on to :func:`overlapping`.
    """
    low, high = to_qt(window[0]), to_qt(window[1])
    fresh = [
        Run(max(run.start, low), min(run.end, high), run.style)
        for run in build_runs(
            overlapping(spans, window[0], window[1], reach), colour_of, to_qt, text_length
        )
        if run.end > low and run.start < high
    ]
    first = bisect.bisect_right([run.end for run in runs], low)
    last = bisect.bisect_left([run.start for run in runs], high)
    before = runs[:first]
    after = runs[last:]
    cut = runs[first:last]
    if cut and cut[0].start < low:
        before.append(Run(cut[0].start, low, cut[0].style))
    if cut and cut[-1].end > high:
        after.insert(0, Run(high, cut[-1].end, cut[-1].style))
    return before + fresh + after
