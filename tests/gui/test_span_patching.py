"""Patching a few changed spans gives exactly what redrawing the whole document gives."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from newsmark.core.store import StoredSpan, span_order
from newsmark.gui.document_view import Utf16Offsets
from newsmark.gui.highlights import LabelColours, build_runs
from newsmark.gui.span_patching import overlapping, patch_runs, patch_spans

TEXT = ("Rebels 🎉 shelled the town of Kessa on Sunday, the governor said. " * 40).strip()
LABELS = ("PERSON", "GPE", "CLAIM", "DATE")


def random_spans(rng: random.Random, count: int) -> list[StoredSpan]:
    spans = []
    for span_id in range(1, count + 1):
        start = rng.randrange(0, len(TEXT) - 2)
        end = min(len(TEXT), start + rng.choice((3, 5, 8, 40, 200)))
        status = rng.choice(("accepted", "suggested", "suggested"))
        spans.append(
            StoredSpan(
                span_id,
                start,
                end,
                rng.choice(LABELS),
                TEXT[start:end],
                status,
                "model:x",
                None,
                None,
                None,
                None,
            )
        )
    return sorted(spans, key=span_order)


def redraw(spans, colours, to_qt):
    return build_runs(spans, colours, to_qt, len(TEXT))


def cells(runs) -> list:
    """What each UTF-16 position looks like: equal however the runs are cut."""
    look = [None] * (len(TEXT) * 2 + 2)
    for run in runs:
        for position in range(run.start, run.end):
            look[position] = run.style
    return look


@pytest.mark.parametrize("seed", range(25))
def test_patching_equals_redrawing(seed: int):
    rng = random.Random(seed)
    colours = LabelColours()
    to_qt = Utf16Offsets(TEXT)
    spans = random_spans(rng, 120)
    runs = redraw(spans, colours, to_qt)
    for _edit in range(6):
        chosen = rng.sample(spans, rng.randint(1, 4))
        changed = []
        for span in chosen:
            what = rng.choice(("accepted", "rejected", "relabel", "gone"))
            if what == "relabel":
                changed.append(replace(span, label=rng.choice(LABELS), status="accepted"))
            elif what != "gone":
                changed.append(replace(span, status=what))
        if rng.random() < 0.3:  # a new span
            start = rng.randrange(0, len(TEXT) - 10)
            changed.append(
                StoredSpan(
                    10_000 + _edit,
                    start,
                    start + 7,
                    "GPE",
                    TEXT[start : start + 7],
                    "accepted",
                    "manual",
                    None,
                    "a",
                    None,
                    None,
                )
            )
        ids = [span.id for span in chosen] + [s.id for s in changed if s.id >= 10_000]
        patched, window = patch_spans(spans, changed, ids)
        truth = [s for s in spans if s.id not in ids] + [
            s for s in changed if s.status != "rejected"
        ]
        truth.sort(key=span_order)
        assert patched == [s for s in truth]
        if window is not None:
            runs = patch_runs(runs, patched, window, colours, to_qt, len(TEXT))
        spans = [s for s in patched if s.status != "rejected"]
        assert cells(runs) == cells(redraw(spans, colours, to_qt))
        assert all(a.end <= b.start for a, b in itertools.pairwise(runs))


def test_overlapping_finds_long_spans_that_start_far_before():
    rng = random.Random(3)
    spans = random_spans(rng, 200)
    for start, end in ((0, 5), (300, 320), (len(TEXT) - 4, len(TEXT))):
        expected = [s for s in spans if s.start < end and s.end > start]
        assert overlapping(spans, start, end) == expected


def test_an_edit_of_an_undrawn_span_changes_nothing():
    span = StoredSpan(1, 0, 6, "ORG", TEXT[:6], "rejected", "m", None, None, None, None)
    assert patch_spans([], [span], [1]) == ([], None)
