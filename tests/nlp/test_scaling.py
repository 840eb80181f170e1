"""Suggesting a long article costs what its paragraphs would cost as separate articles.

Nothing here is timed: the work is counted as the lines of Newsmark's suggester code that run
(a loop's every turn counts). A text made of 4N copies of a paragraph must take about four
times the lines that N copies take; a look-up that walks every quotation, entity or claim of
the document for each cue or trigger grows with the square of the copies instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import newsmark.nlp
from newsmark.nlp.loading import PipelineInfo
from newsmark.nlp.starter_registry import starter_registry
from newsmark.nlp.suggest import DocumentSuggester

# Every kind of look-up the suggesters make: quotations closed and opened by cues, a quotation
# continued after its claim, a "we" cue folded into the quoting claim, "according to", events
# with places, times and casualties, entities, and actor names and metonyms (Baghdad, Iraq).
PARAGRAPH = (
    "“We will not stop until Karsh is ours,” the commander said. Colonel Rami Aziz said: "
    "“Our forces shelled rebel positions near Dar Salem on Sunday.” Government forces shelled "
    "the outskirts of Port Amal on Monday, killing 12 civilians, officials said. “They burned "
    "our village,” said a resident of Kessa. “Nobody helped us.” “We reject these "
    "allegations,” the spokesperson said. A drone strike hit a convoy near Sefra, according "
    "to the Syrian Observatory for Human Rights. Baghdad said Iraqi forces had retaken the "
    "town, and the Iraq Body Count project warned that the death toll would rise."
)
SMALL, LARGE = 6, 24


class LineCounter:
    """Counts the lines run in ``newsmark.nlp`` modules while it is active."""

    def __init__(self) -> None:
        self.lines = 0
        self.package = str(Path(newsmark.nlp.__file__).parent)

    def _global(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "call" and frame.f_code.co_filename.startswith(self.package):
            return self._local
        return None

    def _local(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.lines += 1
        return self._local

    def __enter__(self) -> LineCounter:
        self._previous = sys.gettrace()
        sys.settrace(self._global)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)


@pytest.fixture(scope="module")
def suggester(nlp) -> DocumentSuggester:
    info = PipelineInfo(
        name=nlp.meta["name"],
        version=nlp.meta["version"],
        lang="en",
        components=tuple(nlp.pipe_names),
        source="test",
    )
    actors = [seed.as_actor() | {"id": n} for n, seed in enumerate(starter_registry(), 1)]
    label_map = {label: label for label in ("GPE", "LOC", "ORG", "NORP", "PERSON", "DATE")}
    return DocumentSuggester(nlp, info, label_map, actors)


def work(nlp, suggester: DocumentSuggester, copies: int) -> tuple[int, Any]:
    doc = nlp("\n\n".join([PARAGRAPH] * copies))
    with LineCounter() as counter:
        suggestions = suggester(0, doc)
    return counter.lines, suggestions


def test_work_grows_in_proportion_to_the_length_of_the_text(nlp, suggester):
    small, small_found = work(nlp, suggester, SMALL)
    large, large_found = work(nlp, suggester, LARGE)
    # Every kind of suggestion is made, in every copy.
    assert small_found.events and small_found.claims
    assert any(span.actor_id for span in small_found.spans)
    assert any(claim.attributes.get("continued_quote") for claim in small_found.claims)
    for name in ("spans", "events", "claims"):
        assert len(getattr(large_found, name)) == LARGE // SMALL * len(getattr(small_found, name))
    # Linear work gives a ratio of 4 (a little less: the per-document set-up is shared);
    # work that walks the whole document per cue or trigger gives 6 and more at these sizes.
    ratio = large / small
    assert ratio < 4.6, f"{LARGE} copies cost {ratio:.1f} times {SMALL} copies"
