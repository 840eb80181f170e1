"""How a document's spans look in the Text tab: colours, runs of highlighted text, tooltips.

The first half is pure Python (no Qt): the colour of a label, the sweep that turns a list of
possibly overlapping spans into runs of characters that each have one look, the look-up of
the spans under a position, and the text of a hover tooltip. The second half draws those runs
with Qt: backgrounds as layout formats on the blocks of a QTextDocument, underlines painted
over the text. :class:`SpanHighlighter` documents the scheme itself.
"""

from __future__ import annotations

import bisect
import colorsys
import heapq
import html
import itertools
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from newsmark.core.schema import Schema, default_schema
from newsmark.core.store import StoredSpan
from newsmark.core.wording import short

ACCEPTED = "accepted"
SUGGESTED = "suggested"

# Label colours are mid-tones: at these opacities over the theme's own background, black text
# on a light theme and white text on a dark one both stay readable.
FILL_ALPHA = 96  # an accepted span's background, of 255
TINT_ALPHA = 34  # a suggested span's faint background, of 255

# Fallback colours for labels the schema does not know: a hue from the name, at the saturation
# and brightness of the schema's own palette.
FALLBACK_SATURATION = 0.60
FALLBACK_VALUE = 0.82

TOOLTIP_MAX_SPANS = 8
TOOLTIP_MAX_TEXT = 80

# Underlines stack below the text, innermost span nearest to it; more would run into the next
# line (QPlainTextEdit has no line spacing to give them).
MAX_UNDERLINES = 2

# "suggested": a suggestion's solid underline; "outer": a longer accepted span continuing
# under a shorter accepted one, dashed.
UnderlineKind = Literal["suggested", "outer"]


# ---------------------------------------------------------------------------------------------
# Colours
# ---------------------------------------------------------------------------------------------


def fallback_colour(label: str) -> str:
    """A stable "#rrggbb" for a label the schema has no colour for.

    The hue comes from a CRC of the name, not from ``hash()``, which Python salts per process:
    the same custom label has the same colour in every session and on every machine.
    """
    hue = (zlib.crc32(label.encode("utf-8")) % 360) / 360
    red, green, blue = colorsys.hsv_to_rgb(hue, FALLBACK_SATURATION, FALLBACK_VALUE)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (red, green, blue)))


class LabelColours:
    """A label's display colour: the schema's, else a fallback derived from the name.

    Immutable after construction apart from a memo of answers; pure Python, any thread.
    """

    def __init__(self, schema: Schema | None = None):
        self._schema = schema if schema is not None else default_schema()
        self._memo: dict[str, str] = {}

    @property
    def schema(self) -> Schema:
        return self._schema

    def __call__(self, label: str) -> str:
        colour = self._memo.get(label)
        if colour is None:
            if self._schema.has_label(label):
                colour = self._schema.label(label).colour.lower()
            else:
                colour = fallback_colour(label)
            self._memo[label] = colour
        return colour


# ---------------------------------------------------------------------------------------------
# Runs: the sweep over span boundaries
# ---------------------------------------------------------------------------------------------


class Underline(NamedTuple):
    """One underline of a run: a label colour ("#rrggbb") and how the line is drawn."""

    colour: str
    kind: UnderlineKind


@dataclass(frozen=True, slots=True)
class RunStyle:
    """How one run of characters is drawn; equal styles share one Qt format.

    ``background`` is a label colour, shown strongly (``filled``: an accepted span) or as a
    faint tint (a suggested span). ``underlines`` are stacked below the text, the first one
    nearest to it.
    """

    background: str | None = None
    filled: bool = False
    underlines: tuple[Underline, ...] = ()


class Run(NamedTuple):
    """Characters ``start`` to ``end`` (UTF-16 positions in the text) drawn in ``style``."""

    start: int
    end: int
    style: RunStyle


def _same(offset: int) -> int:
    return offset


def _placed(
    spans: Sequence[StoredSpan], to_qt: Callable[[int], int], text_length: int | None
) -> list[tuple[int, int, int]]:
    """(start, end, index) in UTF-16 positions of the spans that are drawn, sorted.

    Rejected spans are not drawn; offsets are clipped to the text, so a span a bad import left
    pointing past the end cannot reach into nothing.
    """
    placed = []
    for index, span in enumerate(spans):
        if span.status not in (ACCEPTED, SUGGESTED):
            continue
        start = max(span.start, 0)
        end = span.end if text_length is None else min(span.end, text_length)
        if end > start:
            placed.append((to_qt(start), to_qt(end), index))
    placed.sort()
    return placed


def _second(heap: list[tuple[int, int, int, int, str]], position: int) -> str | None:
    """The colour of the next-innermost span covering ``position`` in a cleaned ``heap``.

    ``heap[0]`` covers ``position`` already (the caller dropped the spans the sweep passed at
    the top). The smaller of ``heap[1]`` and ``heap[2]`` is the least of the rest; if it still
    covers ``position`` it is the answer, else passed spans further down are dropped the slow
    way, with the top set aside.
    """
    size = len(heap)
    if size < 2:
        return None
    candidate = heap[1] if size == 2 or heap[1] < heap[2] else heap[2]
    if candidate[3] > position:
        return candidate[4]
    first = heapq.heappop(heap)
    while heap and heap[0][3] <= position:
        heapq.heappop(heap)
    found = heap[0][4] if heap else None
    heapq.heappush(heap, first)
    return found


def _run_style(
    inner_accepted: str | None,
    outer_accepted: str | None,
    inner_suggested: str | None,
    outer_suggested: str | None,
) -> RunStyle:
    underlines: list[Underline] = []
    if inner_suggested is not None:
        underlines.append(Underline(inner_suggested, "suggested"))
    if outer_suggested is not None:
        underlines.append(Underline(outer_suggested, "suggested"))
    if outer_accepted is not None:
        underlines.append(Underline(outer_accepted, "outer"))
    if inner_accepted is not None:
        return RunStyle(inner_accepted, True, tuple(underlines))
    return RunStyle(inner_suggested, False, tuple(underlines))


def build_runs(
    spans: Sequence[StoredSpan],
    colour_of: Callable[[str], str],
    to_qt: Callable[[int], int] = _same,
    text_length: int | None = None,
) -> list[Run]:
    """The highlighted runs for ``spans``, in order, with positions mapped by ``to_qt``.

    ``to_qt`` turns ``str`` offsets into the editor's UTF-16 positions (``Utf16Offsets``).
    A run starts or ends at every span boundary, so each run has one set of covering spans.
    Per run: the innermost (shortest) accepted span gives the fill; with no accepted span,
    the innermost suggestion gives a tint. The two innermost suggestions each give a solid
    underline, innermost first; if there is room left and a second accepted span covers the
    run, it gives a dashed one. Rejected spans and spans outside the text (``text_length``, in
    ``str`` offsets) are left out. Equal styles are one object.

    A sweep over sorted boundaries with one heap per status: O(n log n) for n spans. Each
    heap holds (length, -start, index, end, colour), innermost on top (ties: the span that
    starts later, then the one listed first), and drops a span once the sweep has passed its
    end and it comes to the top. A run's style depends only on the colours of the two
    innermost spans of each status, so it is looked up by those four colours and built once.
    """
    placed = _placed(spans, to_qt, text_length)
    if not placed:
        return []
    points = sorted({position for start, end, _index in placed for position in (start, end)})
    accepted: list[tuple[int, int, int, int, str]] = []
    suggested: list[tuple[int, int, int, int, str]] = []
    colours: dict[str, str] = {}
    starts, heaps, entries = [], [], []
    for start, end, index in placed:
        span = spans[index]
        colour = colours.get(span.label)
        if colour is None:
            colour = colours[span.label] = colour_of(span.label)
        starts.append(start)
        heaps.append(accepted if span.status == ACCEPTED else suggested)
        entries.append((end - start, -start, index, end, colour))
    heappush, heappop = heapq.heappush, heapq.heappop
    by_colours: dict[tuple[str | None, ...], RunStyle] = {}
    styles: dict[RunStyle, RunStyle] = {}
    runs: list[Run] = []
    waiting, count = 0, len(placed)
    for here, following in itertools.pairwise(points):
        while waiting < count and starts[waiting] == here:
            heappush(heaps[waiting], entries[waiting])
            waiting += 1
        while accepted and accepted[0][3] <= here:
            heappop(accepted)
        while suggested and suggested[0][3] <= here:
            heappop(suggested)
        inner_suggested = outer_suggested = inner_accepted = outer_accepted = None
        lines = 0
        if suggested:
            inner_suggested = suggested[0][4]
            outer_suggested = _second(suggested, here)
            lines = 1 if outer_suggested is None else 2
        if accepted:
            inner_accepted = accepted[0][4]
            if lines < MAX_UNDERLINES:
                outer_accepted = _second(accepted, here)
        elif not suggested:
            continue  # a gap between spans
        key = (inner_accepted, outer_accepted, inner_suggested, outer_suggested)
        style = by_colours.get(key)
        if style is None:
            style = _run_style(*key)
            style = by_colours[key] = styles.setdefault(style, style)
        runs.append(Run(here, following, style))
    return runs


def status_counts(spans: Iterable[StoredSpan]) -> tuple[int, int]:
    """How many of ``spans`` are suggested and how many accepted."""
    suggested = accepted = 0
    for span in spans:
        if span.status == SUGGESTED:
            suggested += 1
        elif span.status == ACCEPTED:
            accepted += 1
    return suggested, accepted


def legend_text(spans: Sequence[StoredSpan]) -> str:
    """The line under the metadata: the counts, then how to read the highlights."""
    suggested, accepted = status_counts(spans)
    if not suggested and not accepted:
        return "No annotations on this document yet."
    return (
        f"{suggested:,} suggested · {accepted:,} accepted  —  filled = accepted · "
        "underlined = suggested · lines stack where spans overlap"
    )


LEGEND_TOOLTIP = (
    "How the Text tab shows annotations:\n"
    "• Filled in the label's colour: an accepted span.\n"
    "• Underlined in the label's colour over a light tint: a suggestion.\n"
    "• Two underlines, one below the other: two suggestions overlap there; the one\n"
    "  nearest the text is the shorter one (an entity inside a claim, say). Two lines\n"
    "  that start and end together: two labels suggested for the same words.\n"
    "• Dashed underline: a longer accepted span continues under a shorter one.\n"
    "Hover over the text to see every span there, with its origin, score, annotator\n"
    "and actor."
)


# ---------------------------------------------------------------------------------------------
# Finding the spans under a position
# ---------------------------------------------------------------------------------------------


class SpanIndex:
    """The spans of one document by UTF-16 position, for hover look-ups.

    Starts are kept sorted along with the longest span's length, so a look-up bisects to the
    first span that could still reach the position and scans from there; every span boundary
    is kept sorted too, for the stretch of text a tooltip stays valid over. Holds the same
    spans :func:`build_runs` draws (accepted and suggested, inside the text). Pure Python, any
    thread.
    """

    def __init__(
        self,
        spans: Sequence[StoredSpan],
        to_qt: Callable[[int], int] = _same,
        text_length: int | None = None,
    ):
        entries = _placed(spans, to_qt, text_length)
        boundaries = {position for start, end, _index in entries for position in (start, end)}
        self._spans = spans
        self._entries = entries
        self._starts = [entry[0] for entry in entries]
        self._boundaries = sorted(boundaries)
        self._longest = max((end - start for start, end, _ in entries), default=0)

    def __len__(self) -> int:
        return len(self._entries)

    def at(self, position: int) -> list[StoredSpan]:
        """The spans covering the character at ``position``, innermost (shortest) first."""
        first = bisect.bisect_left(self._starts, position - self._longest + 1)
        last = bisect.bisect_right(self._starts, position)
        found = [
            (end - start, -start, index)
            for start, end, index in self._entries[first:last]
            if position < end
        ]
        found.sort()
        return [self._spans[index] for _length, _start, index in found]

    def extent(self, position: int) -> tuple[int, int] | None:
        """The run of positions around ``position`` with the same covering spans, if any."""
        boundaries = self._boundaries
        after = bisect.bisect_right(boundaries, position)
        if after == 0 or after == len(boundaries) or not self.at(position):
            return None
        return boundaries[after - 1], boundaries[after]


# ---------------------------------------------------------------------------------------------
# Tooltips
# ---------------------------------------------------------------------------------------------


def _shorten(text: str) -> str:
    return short(text, TOOLTIP_MAX_TEXT)


def span_details(span: StoredSpan) -> list[str]:
    """A span's tooltip lines as plain text: label and status, text, provenance, actor."""
    lines = [f"{span.label} · {span.status}", f"“{_shorten(span.text)}”"]
    origin = f"from {span.origin}" if span.origin else "origin unknown"
    if span.score is not None:
        origin += f" · score {span.score:.2f}"
    lines.append(origin)
    if span.annotator:
        lines.append(f"annotator: {span.annotator}")
    if span.actor_name:
        lines.append(f"actor: {span.actor_name}")
    elif span.actor_id is not None:
        lines.append(f"actor #{span.actor_id}")
    return lines


def tooltip_plain_text(spans: Sequence[StoredSpan]) -> str:
    """What the tooltip says, as plain text: one paragraph per span, innermost first."""
    shown = ["\n".join(span_details(span)) for span in spans[:TOOLTIP_MAX_SPANS]]
    if len(spans) > TOOLTIP_MAX_SPANS:
        shown.append(f"… and {len(spans) - TOOLTIP_MAX_SPANS} more")
    return "\n\n".join(shown)


def tooltip_html(spans: Sequence[StoredSpan], colour_of: Callable[[str], str]) -> str:
    """The tooltip as Qt rich text, every value from the project escaped.

    QToolTip guesses rich text from the string, so a label such as ``<b>x</b>`` shown as plain
    text would be rendered as markup; escaping everything and marking it up ourselves keeps
    what strangers' files contain literal.
    """
    blocks = []
    for span in spans[:TOOLTIP_MAX_SPANS]:
        head, *rest = span_details(span)
        colour = colour_of(span.label)  # "#rrggbb": from the schema or computed, never free text
        lines = [
            f"<span style='color:{colour}'>■</span> <b>{html.escape(head)}</b>",
            *(html.escape(line) for line in rest),
        ]
        blocks.append("<br>".join(lines))
    if len(spans) > TOOLTIP_MAX_SPANS:
        blocks.append(html.escape(f"… and {len(spans) - TOOLTIP_MAX_SPANS} more"))
    return "<p style='white-space:pre'>" + "<br><br>".join(blocks) + "</p>"


# ---------------------------------------------------------------------------------------------
# Qt: backgrounds as layout formats on the blocks, underlines painted over the text
# ---------------------------------------------------------------------------------------------


def char_format(style: RunStyle) -> QTextCharFormat:
    """The Qt format for ``style``'s background (underlines are painted, see below)."""
    text_format = QTextCharFormat()
    if style.background is not None:
        colour = QColor(style.background)
        colour.setAlpha(FILL_ALPHA if style.filled else TINT_ALPHA)
        text_format.setBackground(colour)
    return text_format


class UnderlineGeometry(NamedTuple):
    """Where stacked underlines go for one font: thickness, first offset below the baseline
    and the step between lines, in pixels."""

    thickness: float
    offset: float
    step: float

    @classmethod
    def for_font(cls, font: QFont) -> UnderlineGeometry:
        # Qt's own underline is one pixel at reading sizes: too thin to show a label's colour.
        metrics = QFontMetricsF(font)
        thickness = max(2.0, round(metrics.height() / 9))
        gap = max(1.0, round(thickness / 2))
        return cls(thickness, gap, thickness + gap)


class SpanHighlighter:
    """Draws a document's spans on one QPlainTextEdit's QTextDocument.

    The scheme: accepted spans are *filled* with their label's colour (translucent, so text
    stays readable on light and dark themes); suggested spans are *underlined* in their label's
    colour over a faint tint of it (the "outlined" of the design: text formats cannot draw
    boxes). Where spans overlap, each character shows its innermost (shortest) spans: the
    innermost accepted span's fill, else the innermost suggestion's tint; and up to two
    underlines stacked below the text, nearest first: the innermost suggestion, then the next
    suggestion out (a claim around an entity keeps its line under the entity's), or, where
    there is room, a *dashed* line for a longer accepted span continuing under a shorter
    accepted one. Two labels suggested for the same words show as two lines that start and end
    together. Anything deeper is listed by the tooltip.

    Backgrounds go on each block's QTextLayout (``setFormats``), as QSyntaxHighlighter does,
    not into the document's character formats: no undo entries, no change to the text, and
    nothing to undo before the next document. Underlines are painted by the editor after the
    text (:meth:`paint_block`), 2 px or more thick; Qt's own underline is 1 px and one per
    character. Runs are built once per document by :func:`build_runs`.

    Backgrounds are laid lazily. :meth:`apply` keeps the runs and takes off the formats laid
    for the previous ones; the editor calls :meth:`format_block` for each block it is about to
    paint, and each block is formatted once per :meth:`apply`: opening or re-highlighting a long
    article costs the blocks on screen, not every block with a span. Whatever reads the formats
    of blocks that may not have been painted yet (tests; an export or ``QTextDocument.print``,
    which copy layout formats) calls :meth:`ensure_formatted` or :meth:`format_all` first.

    Formatting from a paint event is safe: ``setFormats`` drops the block's lines, so Qt lays
    the block out again when it next measures or draws it, and it emits no signal (the document
    notes the change and reports it with the next edit or ``markContentsDirty``), so nothing is
    scheduled to repaint. It is not free of layout effects: formats cut the text into more
    shaping runs, which moves a line break by a word in a few blocks of a long article. So the
    editor formats a block before measuring it in its paint event, and every block is drawn
    laid out with its formats, as it would be if they had been laid eagerly.

    Threading: UI thread only (it works on a QTextDocument and paints).
    """

    def __init__(self, document: QTextDocument):
        self._document = document
        self._formats: dict[tuple[str | None, bool], QTextCharFormat] = {}
        self._colours: dict[str, QColor] = {}  # underline colours, parsed once
        self._touched: set[int] = set()  # block numbers that carry formats
        self._visited: set[int] = set()  # block numbers formatted for the current runs
        self._runs: list[Run] = []
        self._run_ends: list[int] = []  # sorted too: the runs do not overlap
        self._by_style: dict[int, QTextCharFormat] = {}  # id(style): ``_runs`` keeps each alive
        self._underlined: list[Run] = []  # the runs with underlines, for painting
        self._underlined_starts: list[int] = []
        self._longest_underlined = 0

    def runs(self) -> list[Run]:
        return list(self._runs)

    def has_runs(self) -> bool:
        return bool(self._runs)

    def has_underlines(self) -> bool:
        return bool(self._underlined)

    def clear(self) -> None:
        """Remove the highlights this object laid on the document, if its text is unchanged."""
        document = self._document
        touched = sorted(self._touched)
        for number in touched:
            block = document.findBlockByNumber(number)
            if block.isValid():
                layout = block.layout()
                layout.clearFormats()
                layout.setCacheEnabled(False)
        if touched:
            # One relayout and repaint for the lot; it also reports the ``setFormats`` calls
            # the document has noted since the last one.
            first = document.findBlockByNumber(touched[0])
            last = document.findBlockByNumber(touched[-1])
            if first.isValid() and last.isValid():
                end = last.position() + last.length()
                document.markContentsDirty(first.position(), end - first.position())
        self.forget()

    def forget(self) -> None:
        """Drop the runs and the record of formatted blocks: the document's text was replaced."""
        self._touched = set()
        self._set_runs([])

    def _set_runs(self, runs: Sequence[Run]) -> None:
        self._runs = list(runs)
        self._run_ends = [run.end for run in self._runs]
        self._visited = set()
        self._by_style = {}
        self._underlined = [run for run in self._runs if run.style.underlines]
        self._underlined_starts = [run.start for run in self._underlined]
        self._longest_underlined = max((r.end - r.start for r in self._underlined), default=0)

    def apply(self, runs: Sequence[Run]) -> None:
        """Show ``runs`` (sorted, non-overlapping UTF-16 positions) instead of the current ones.

        The formats laid for the previous runs come off at once (:meth:`clear`: the text is
        untouched); the new ones are laid block by block as the editor paints them. The caller
        repaints the editor's viewport, as it must for the underlines anyway.
        """
        self.clear()
        self._set_runs(runs)

    def is_formatted(self, block: QTextBlock) -> bool:
        """Whether ``block`` has had its backgrounds laid for the current runs."""
        return block.isValid() and block.blockNumber() in self._visited

    def format_block(self, block: QTextBlock) -> None:
        """Lay the backgrounds of the runs in ``block`` on its layout, once per :meth:`apply`.

        The runs are bisected to the first one reaching into the block. Neighbouring runs with
        the same background (an entity underlined inside an accepted claim, say) share one
        format range: fewer pieces for Qt to lay the line out in, and no darker seam where two
        translucent ranges meet.
        """
        if not self._runs or not block.isValid():
            return
        number = block.blockNumber()
        if number in self._visited:
            return
        self._visited.add(number)
        block_start = block.position()
        block_end = block_start + block.length()
        limit = self._document.characterCount()
        runs, by_style = self._runs, self._by_style
        new_range = QTextLayout.FormatRange
        ranges: list[QTextLayout.FormatRange] = []
        last_format, last_end = None, -1
        for index in range(bisect.bisect_right(self._run_ends, block_start), len(runs)):
            start, end, style = runs[index]
            if start >= block_end:
                break
            start = max(start, block_start)
            clipped = min(end, block_end, limit)
            if clipped <= start:
                continue
            text_format = by_style.get(id(style))
            if text_format is None:
                text_format = by_style[id(style)] = self._format(style)
            if text_format is last_format and start == last_end:
                ranges[-1].length += clipped - start
            else:
                format_range = new_range()
                format_range.start = start - block_start
                format_range.length = clipped - start
                format_range.format = text_format
                ranges.append(format_range)
                last_format = text_format
            last_end = clipped
        if ranges:
            layout = block.layout()
            layout.setFormats(ranges)
            # Keep the shaped glyphs between layout, drawing and finding where underlines go;
            # without it Qt shapes the block anew for each.
            layout.setCacheEnabled(True)
            self._touched.add(number)

    def ensure_formatted(self, first: QTextBlock, last: QTextBlock | None = None) -> None:
        """Format the blocks from ``first`` to ``last`` (inclusive; ``first`` alone without it).

        For code that reads layout formats or lays blocks out without painting them; blocks
        between runs are skipped over, not visited one by one.
        """
        if not self._runs or not first.isValid():
            return
        last_number = (first if last is None else last).blockNumber()
        document, runs, ends = self._document, self._runs, self._run_ends
        block = first
        while block.isValid() and block.blockNumber() <= last_number:
            self.format_block(block)
            block_end = block.position() + block.length()
            index = bisect.bisect_right(ends, block_end)  # the first run going past the block
            if index == len(runs):
                break
            start = runs[index].start
            block = block.next() if start < block_end else document.findBlock(start)

    def format_all(self) -> None:
        """Format every block with runs (tests, exports), as painting it all would."""
        document = self._document
        self.ensure_formatted(document.firstBlock(), document.lastBlock())

    def _format(self, style: RunStyle) -> QTextCharFormat:
        """The one Qt format for ``style``'s background: equal backgrounds share it."""
        key = (style.background, style.filled)
        text_format = self._formats.get(key)
        if text_format is None:
            text_format = self._formats[key] = char_format(style)
        return text_format

    # -- underlines -------------------------------------------------------------------------

    def underlined_runs(self, start: int, end: int) -> list[Run]:
        """The runs with underlines that touch positions ``start`` to ``end``."""
        first = bisect.bisect_left(self._underlined_starts, start - self._longest_underlined)
        last = bisect.bisect_left(self._underlined_starts, end)
        return [run for run in self._underlined[first:last] if run.end > start]

    def paint_block(
        self, painter: QPainter, block: QTextBlock, origin: QPointF, geometry: UnderlineGeometry
    ) -> None:
        """Paint the underlines of ``block``, laid out with its top left at ``origin``.

        Runs come in order, so each one's first line is found by bisecting the line starts;
        a run's edge is usually its neighbour's too, so each x position is asked of Qt once.
        """
        block_start = block.position()
        block_length = block.length()
        runs = self.underlined_runs(block_start, block_start + block_length)
        if not runs:
            return
        layout = block.layout()
        lines = [layout.lineAt(number) for number in range(layout.lineCount())]
        if not lines:
            return
        line_starts = [line.textStart() for line in lines]
        line_ends = [line.textStart() + line.textLength() for line in lines]
        xs: dict[tuple[int, int], float] = {}

        def x_at(number: int, position: int) -> float:
            x = xs.get((number, position))
            if x is None:
                x = xs[number, position] = lines[number].cursorToX(position)[0]
            return x

        left_edge, top_edge = origin.x(), origin.y()
        last = block_length - 1  # the block separator is not underlined
        for run in runs:
            start = max(run.start - block_start, 0)
            end = min(run.end - block_start, last)
            if end <= start:
                continue
            number = bisect.bisect_right(line_starts, start) - 1
            while number < len(lines) and line_starts[number] < end:
                left = x_at(number, max(start, line_starts[number]))
                right = x_at(number, min(end, line_ends[number]))
                if right < left:
                    left, right = right, left  # right-to-left text
                if right > left:
                    line = lines[number]
                    baseline = top_edge + line.y() + line.ascent()
                    for lane, underline in enumerate(run.style.underlines):
                        top = baseline + geometry.offset + lane * geometry.step
                        area = QRectF(left_edge + left, top, right - left, geometry.thickness)
                        self._draw_line(painter, area, underline)
                number += 1

    def _draw_line(self, painter: QPainter, area: QRectF, underline: Underline) -> None:
        colour = self._colours.get(underline.colour)
        if colour is None:
            colour = self._colours[underline.colour] = QColor(underline.colour)
        if underline.kind == "outer":
            pen = QPen(colour, area.height(), Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            middle = area.top() + area.height() / 2
            painter.drawLine(QPointF(area.left(), middle), QPointF(area.right(), middle))
        else:
            painter.fillRect(area, colour)
