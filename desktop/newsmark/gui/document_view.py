"""The centre pane: one document, read-only, its spans highlighted, and what cleaning removed."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsmark.core.documents import Removal, StoredDocument, normalize_text
from newsmark.core.schema import Schema
from newsmark.core.store import StoredSpan, span_order
from newsmark.gui.corpus_model import STATUS_LABELS
from newsmark.gui.highlights import (
    LEGEND_TOOLTIP,
    LabelColours,
    Run,
    SpanHighlighter,
    SpanIndex,
    UnderlineGeometry,
    build_runs,
    legend_text,
    tooltip_html,
)
from newsmark.gui.span_patching import DRAWN, longest, patch_runs, patch_spans

MIN_FONT_SIZE = 6
MAX_FONT_SIZE = 48
# Translucent, so the theme's own background shows through: readable on light and dark themes.
REMOVED_BACKGROUND = QColor(230, 60, 60, 80)

TAB_TEXT, TAB_ORIGINAL, TAB_REMOVALS = range(3)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# ---------------------------------------------------------------------------------------------
# Offsets
# ---------------------------------------------------------------------------------------------


def locate_removals(original: str, removals: tuple[Removal, ...]) -> list[tuple[int, int] | None]:
    """Where each removed piece sits in ``original``, as ``str`` offsets, or None if absent.

    A piece is looked for from the start of the line it was recorded at, so a boilerplate line
    repeated through an article ("Advertisement") is found where it was removed, and each
    occurrence is claimed once. If the recorded line is off, the whole text is searched.
    """
    line_starts = [0]
    line_starts.extend(match.end() for match in re.finditer("\n", original))
    claimed: set[int] = set()
    found: list[tuple[int, int] | None] = []
    for removal in removals:
        if not removal.text:
            found.append(None)
            continue
        line = min(max(removal.line, 1), len(line_starts))
        position = _find_unclaimed(original, removal.text, line_starts[line - 1], claimed)
        if position < 0:
            position = _find_unclaimed(original, removal.text, 0, claimed)
        if position < 0:
            found.append(None)
            continue
        claimed.add(position)
        found.append((position, position + len(removal.text)))
    return found


def _find_unclaimed(text: str, piece: str, start: int, claimed: set[int]) -> int:
    position = text.find(piece, start)
    while position >= 0 and position in claimed:
        position = text.find(piece, position + 1)
    return position


def shown_text(text: str) -> str:
    """The text as the view shows it, with exactly as many characters as ``text``.

    Texts imported with their annotations keep CRLF line ends and a leading byte-order mark.
    QTextDocument makes one paragraph break of a CRLF pair and drops a leading BOM, either of
    which would shift every later offset; the CR becomes a space and the BOM a word joiner
    (also invisible) instead. A lone CR or LF is one break either way.
    """
    if text.startswith("\ufeff"):
        text = "\u2060" + text[1:]
    return text.replace("\r\n", " \n") if "\r\n" in text else text


class Utf16Offsets:
    """Turns Python ``str`` offsets into the UTF-16 positions QTextDocument counts in.

    Characters outside the Basic Multilingual Plane (most emoji, some CJK) are one ``str``
    index but two UTF-16 units, so every position after one of them shifts by one. Pure
    Python over one string: usable from any thread.
    """

    def __init__(self, text: str):
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        # Where each astral character starts in UTF-16 units.
        self._astral_qt = [offset + i for i, offset in enumerate(self._astral)]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset  # most articles: no bisect per span boundary
        return offset + bisect.bisect_left(self._astral, offset)

    def to_str(self, position: int) -> int:
        """The ``str`` offset of UTF-16 ``position`` (inside a surrogate pair: its start)."""
        if not self._astral_qt:
            return position
        return position - bisect.bisect_left(self._astral_qt, position)


# ---------------------------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------------------------


class ElidedLabel(QLabel):
    """A one-line plain-text label that shortens its text with an ellipsis to fit its width.

    Metadata such as a long URL has no spaces to wrap at; a plain QLabel would widen the whole
    pane to show it. Threading: UI thread only.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        elide: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ):
        super().__init__(parent)
        self._full_text = ""
        self._elide = elide
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self._refit()

    def full_text(self) -> str:
        return self._full_text

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()

    def _refit(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full_text, self._elide, self.width()))


class ReadingEdit(QPlainTextEdit):
    """A read-only plain-text pane whose Ctrl+wheel zoom goes through the document view.

    QPlainTextEdit zooms itself on Ctrl+wheel; routing it to the view keeps the text and the
    original at one size, the one the zoom keys set and the settings remember.
    Threading: UI thread only.
    """

    sig_zoom_step = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        # A caret the arrow keys move and Shift+arrows extend: selecting words to annotate
        # works from the keyboard as well as with the mouse.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(12)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.sig_zoom_step.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)


class SpanTextEdit(ReadingEdit):
    """The Text tab's pane: a ReadingEdit that lays its highlighter's backgrounds on the blocks
    it paints and paints the underlines over them.

    Backgrounds are layout formats Qt draws with the text; each block gets them just before it
    is first painted (see :class:`~newsmark.gui.highlights.SpanHighlighter`). The stacked
    underlines are painted here after the text, for the blocks in the repainted area only.
    Threading: UI thread only.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.highlighter = SpanHighlighter(self.document())
        self._underline_geometry = UnderlineGeometry.for_font(self.font())
        self.cursorPositionChanged.connect(self._format_caret_block)

    def setFont(self, font: QFont) -> None:
        super().setFont(font)
        self._underline_geometry = UnderlineGeometry.for_font(font)

    def underline_geometry(self) -> UnderlineGeometry:
        return self._underline_geometry

    def _format_caret_block(self) -> None:
        # Qt scrolls the caret into view (or centres it) after this signal, measuring its
        # block: measure it as it will be painted. Formats can move a line break, and a block
        # is laid out anew when it gets them.
        self.highlighter.format_block(self.textCursor().block())

    def paintEvent(self, event: QPaintEvent) -> None:
        area = event.rect()
        highlighter = self.highlighter
        if highlighter.has_runs():
            self._format_blocks(area.bottom())
        super().paintEvent(event)
        if highlighter.has_underlines():
            self._paint_underlines(area.top(), area.bottom())

    def _format_blocks(self, bottom: int) -> None:
        """Format the shown blocks down to ``bottom``, each before it is measured.

        Heights are summed from the first visible block, as QPlainTextEdit paints;
        ``blockBoundingGeometry`` would walk from the top block again for each block.
        """
        format_block = self.highlighter.format_block
        block = self.firstVisibleBlock()
        top = self.contentOffset().y()
        while block.isValid() and top <= bottom:
            if block.isVisible():
                format_block(block)
                top += self.blockBoundingRect(block).height()
            block = block.next()

    def _paint_underlines(self, top: int, bottom: int) -> None:
        block = self.firstVisibleBlock()
        if not block.isValid():
            return
        painter = QPainter(self.viewport())
        offset = self.contentOffset()
        geometry = self._underline_geometry
        paint_block = self.highlighter.paint_block
        while block.isValid():
            if block.isVisible():
                box = self.blockBoundingRect(block).translated(offset)
                if box.top() > bottom:
                    break
                if box.bottom() + 4 * geometry.step >= top:  # underlines reach below
                    paint_block(painter, block, box.topLeft(), geometry)
                offset.setY(box.bottom())
            block = block.next()
        painter.end()


def _muted(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)


def _one_line(text: str) -> str:
    return " ⏎ ".join(part.strip() for part in text.splitlines()) or text


class DocumentView(QWidget):
    """Shows one stored document read-only, or a message saying what to do when there is none.

    A metadata strip (title, author · date · source · URL, id and status, and a legend with
    the document's suggested and accepted span counts) sits over three tabs: the text as
    stored with its spans highlighted (see :class:`~newsmark.gui.highlights.SpanHighlighter`
    for the scheme: filled = accepted, underlined = suggested), the original file content with
    the pieces cleaning removed highlighted, and the list of those pieces with the reason and
    line of each. Hovering over a highlight shows every span there, with label, status,
    origin, score, annotator and linked actor. Everything from the document and its spans is
    shown as plain text or escaped, never as HTML: titles, labels and actor names come from
    strangers' files. The original is laid out only when its tab is shown, so moving through
    the corpus with the arrow keys costs one ``setPlainText`` and one highlight pass per
    document.

    Threading: UI thread only. It never touches the Store; the window hands it documents and
    their spans.
    """

    sig_font_size_changed = Signal(int)
    sig_focus_changed = Signal(int)  # the span under the caret (its id), or -1

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._document: StoredDocument | None = None
        self._focus_id = -1
        self._original_stale = False
        self._removal_ranges: list[tuple[int, int] | None] = []
        self._to_qt = Utf16Offsets("")
        self._colours = LabelColours()
        self._spans: list[StoredSpan] = []
        self._by_id: dict[int, StoredSpan] = {}
        self._reach = 0  # at least the length of the longest span
        self._span_index: SpanIndex | None = None  # built on the first hover
        self._text_to_qt = Utf16Offsets("")
        self._default_font_size = max(QApplication.font().pointSize(), 9) + 2
        self._font_size = self._default_font_size

        self.message_label = QLabel()
        self.message_label.setObjectName("emptyStateMessage")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setMargin(32)

        self.title_label = QLabel()
        self.title_label.setObjectName("documentTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        title_font = QFont(self.title_label.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        self.title_label.setFont(title_font)

        self.meta_label = ElidedLabel()
        self.meta_label.setObjectName("documentMeta")
        self.info_label = ElidedLabel()
        self.info_label.setObjectName("documentInfo")
        _muted(self.info_label)
        self.legend_label = ElidedLabel(elide=Qt.TextElideMode.ElideRight)
        self.legend_label.setObjectName("spanLegend")
        self.legend_label.setToolTip(LEGEND_TOOLTIP)
        _muted(self.legend_label)

        self.text_edit = SpanTextEdit()
        self.text_edit.setObjectName("documentText")
        self.highlighter = self.text_edit.highlighter
        self.original_edit = ReadingEdit()
        self.original_edit.setObjectName("originalText")
        self.original_note = QLabel()
        self.original_note.setTextFormat(Qt.TextFormat.PlainText)
        self.original_note.setWordWrap(True)
        _muted(self.original_note)

        self.removals_note = QLabel()
        self.removals_note.setTextFormat(Qt.TextFormat.PlainText)
        self.removals_note.setWordWrap(True)
        _muted(self.removals_note)
        self.removals_tree = QTreeWidget()
        self.removals_tree.setObjectName("removalsList")
        self.removals_tree.setHeaderLabels(["Reason", "Line", "Removed text"])
        self.removals_tree.setRootIsDecorated(False)
        self.removals_tree.setUniformRowHeights(True)
        self.removals_tree.setAlternatingRowColors(True)
        self.removals_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.removals_tree.setStyleSheet("QTreeView::item { padding: 3px 4px; }")
        header = self.removals_tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.text_edit, "Text")
        self.tabs.addTab(self._with_note(self.original_note, self.original_edit), "Original")
        self.tabs.addTab(self._with_note(self.removals_note, self.removals_tree), "")
        self.tabs.setTabToolTip(TAB_TEXT, "The text as stored: annotations point into it")
        self.tabs.setTabToolTip(TAB_ORIGINAL, "The file's text before cleaning")
        self.tabs.setTabToolTip(TAB_REMOVALS, "What the importer's cleaning took out, and why")

        strip = QVBoxLayout()
        strip.setContentsMargins(12, 10, 12, 6)
        strip.setSpacing(3)
        strip.addWidget(self.title_label)
        strip.addWidget(self.meta_label)
        strip.addWidget(self.info_label)
        strip.addWidget(self.legend_label)
        document_page = QWidget()
        page_layout = QVBoxLayout(document_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addLayout(strip)
        page_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.message_label)
        self.stack.addWidget(document_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.removals_tree.itemActivated.connect(self._on_removal_activated)
        self.text_edit.sig_zoom_step.connect(self._zoom_by)
        self.original_edit.sig_zoom_step.connect(self._zoom_by)
        # Span tooltips: QPlainTextEdit sends its help events to the viewport.
        self.text_edit.viewport().installEventFilter(self)
        self.text_edit.cursorPositionChanged.connect(self._on_cursor_moved)
        self._set_removal_count(0)
        self._apply_font_size()
        self.show_message("")

    @staticmethod
    def _with_note(note: QLabel, body: QWidget) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        note.setContentsMargins(12, 0, 12, 0)
        layout.addWidget(note)
        layout.addWidget(body, 1)
        return page

    # -- what is shown ----------------------------------------------------------------------

    def document(self) -> StoredDocument | None:
        return self._document

    def is_showing_document(self) -> bool:
        return self.stack.currentIndex() == 1

    def message(self) -> str:
        return self.message_label.text()

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of a document (no project, empty project, nothing selected)."""
        self._document = None
        self._focus_id = -1
        self.message_label.setText(text)
        self.text_edit.clear()
        self._forget_spans()
        self.original_edit.clear()
        self.removals_tree.clear()
        self.stack.setCurrentIndex(0)

    def show_document(self, document: StoredDocument, spans: Sequence[StoredSpan] = ()) -> None:
        """Show ``document`` with ``spans`` (its spans as the Store lists them) highlighted."""
        self._document = document
        self._focus_id = -1
        title = " ".join(document.title.split()) if document.title else ""
        self.title_label.setText(title or "(untitled)")
        parts = [document.author, document.published, document.source, document.url]
        self.meta_label.set_full_text(" · ".join(part for part in parts if part))
        self._show_info(document)

        # Forget the old spans first: setPlainText moves the caret, and the caret handler must
        # not look the new text up in the previous document's spans.
        self._forget_spans()
        self.text_edit.setPlainText(shown_text(document.text))
        self.set_spans(spans)
        self._fill_removals(document)
        self._original_stale = True
        self.stack.setCurrentIndex(1)
        if self.tabs.currentIndex() == TAB_ORIGINAL:
            self._render_original()
        # The caret starts at the top, perhaps on a span: say so to the panels. The focus id
        # stays unset, so N still goes to a suggestion right at the start.
        focused = self.focused_span()
        if focused is not None:
            self.sig_focus_changed.emit(focused.id)

    def set_document_status(self, status: str) -> None:
        """Show the shown document's new curation status (after an edit or Mark done)."""
        document = self._document
        if document is None or document.status == status:
            return
        self._document = replace(document, status=status)
        self._show_info(self._document)

    def _show_info(self, document: StoredDocument) -> None:
        status = STATUS_LABELS.get(document.status, document.status)
        origin = f" · from {document.origin}" if document.origin else ""
        self.info_label.set_full_text(f"Document {document.id} · {status}{origin}")

    # -- spans --------------------------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        """Colour labels after ``schema`` from now on (the shown spans are redrawn)."""
        self._colours = LabelColours(schema)
        if self._document is not None:
            self.set_spans(self._spans)

    def label_colour(self, label: str) -> str:
        """The "#rrggbb" a label is drawn in: the schema's colour, else one from its name."""
        return self._colours(label)

    def set_spans(self, spans: Sequence[StoredSpan]) -> None:
        """Highlight ``spans`` on the Text tab of the shown document, replacing what was there."""
        document = self._document
        if document is None:
            return
        self._text_to_qt = Utf16Offsets(document.text)
        # In the Store's order (already so from the Store: a linear pass), which patching and
        # next/previous rely on.
        self._spans = sorted(spans, key=span_order)
        self._by_id = {span.id: span for span in self._spans}
        self._reach = longest(self._spans)
        runs = build_runs(self._spans, self._colours, self._text_to_qt, len(document.text))
        self._span_index = None
        self.highlighter.apply(runs)
        self.text_edit.viewport().update()  # backgrounds are laid and underlines drawn at paint
        self.legend_label.set_full_text(legend_text(self._spans))

    def update_spans(self, changed: Sequence[StoredSpan], span_ids: Sequence[int]) -> None:
        """Redraw only the spans ``span_ids`` after an edit; ``changed`` holds their states
        now (a rejected or missing one is no longer drawn). See :mod:`span_patching`."""
        document = self._document
        if document is None:
            return
        self._spans, window = patch_spans(self._spans, changed, span_ids)
        if window is None:
            return
        for span_id in span_ids:
            self._by_id.pop(span_id, None)
        self._by_id.update((span.id, span) for span in changed if span.status in DRAWN)
        # An upper bound is enough: a removed long span may leave it too large, never too small.
        self._reach = max(self._reach, longest(changed))
        runs = patch_runs(
            self.highlighter.runs(),
            self._spans,
            window,
            self._colours,
            self._text_to_qt,
            len(document.text),
            self._reach,
        )
        self._span_index = None
        self.highlighter.apply(runs)
        self.text_edit.viewport().update()
        self.legend_label.set_full_text(legend_text(self._spans))

    def _forget_spans(self) -> None:
        self.highlighter.forget()
        self._spans = []
        self._by_id = {}
        self._span_index = None
        self._text_to_qt = Utf16Offsets("")
        self.legend_label.set_full_text("")

    def spans(self) -> list[StoredSpan]:
        return list(self._spans)

    def span(self, span_id: int) -> StoredSpan | None:
        return self._by_id.get(span_id)

    # -- the caret, the selection and the span in focus ---------------------------------------

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selected text of the Text tab as ``str`` offsets, or None without a selection."""
        if self._document is None or self.tabs.currentIndex() != TAB_TEXT:
            return None
        cursor = self.text_edit.textCursor()
        if not cursor.hasSelection():
            return None
        to_str = self._text_to_qt.to_str
        return to_str(cursor.selectionStart()), to_str(cursor.selectionEnd())

    def focused_span(self, *, status: str | None = None) -> StoredSpan | None:
        """The span the next action applies to, or None.

        It is the span last gone to (next/previous suggestion, the side panel) while the caret
        is still inside it; otherwise the innermost span under the caret, or under the start
        of the selection. With ``status``, only spans with that status count.
        """
        if self._document is None:
            return None
        cursor = self.text_edit.textCursor()
        position = cursor.selectionStart() if cursor.hasSelection() else cursor.position()
        focused = self.span(self._focus_id)
        if focused is not None and (status is None or focused.status == status):
            to_qt = self._text_to_qt
            if to_qt(focused.start) <= position <= to_qt(focused.end):
                return focused
        candidates = self._index().at(position)
        if not candidates and position > 0 and not cursor.hasSelection():
            # The caret just after a word (after a double-click or End) still means that word.
            candidates = self._index().at(position - 1)
        for span in candidates:
            if status is None or span.status == status:
                return span
        return None

    def go_to_span(self, span_id: int) -> bool:
        """Select ``span_id``'s text on the Text tab, scroll it into view, focus it."""
        span = self.span(span_id)
        if span is None:
            return False
        self.tabs.setCurrentIndex(TAB_TEXT)
        to_qt = self._text_to_qt
        cursor = self.text_edit.textCursor()
        cursor.setPosition(to_qt(span.start))
        cursor.setPosition(to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
        self._focus_id = span_id  # before setTextCursor, which reports the caret move
        self.text_edit.setTextCursor(cursor)
        self.text_edit.centerCursor()
        self.sig_focus_changed.emit(span_id)
        return True

    def next_suggestion(self, step: int = 1) -> StoredSpan | None:
        """Go to the next (``step`` 1) or previous (-1) suggestion from the caret, wrapping."""
        # Kept in the Store's order, so no sorting here.
        ordered = [span for span in self._spans if span.status == "suggested"]
        if not ordered:
            return None
        current = self.span(self._focus_id)
        edit = self.text_edit
        caret_shown = edit.viewport().rect().intersects(edit.cursorRect(edit.textCursor()))
        if not caret_shown:
            # Scrolled away from the caret: go on from what is on screen, not from the caret.
            current = None
        if current is not None:
            # From the span in focus: the order is by start, longer first, then id.
            keys = [span_order(span) for span in ordered]
            key = span_order(current)
            index = (
                bisect.bisect_right(keys, key) if step > 0 else bisect.bisect_left(keys, key) - 1
            )
        else:
            # From the caret: the first suggestion starting at or after it, or the last before.
            position = (
                edit.textCursor().selectionStart()
                if caret_shown
                else edit.cursorForPosition(QPoint(0, 0)).position()
            )
            here = self._text_to_qt.to_str(position)
            starts = [span.start for span in ordered]
            index = (
                bisect.bisect_left(starts, here)
                if step > 0
                else bisect.bisect_left(starts, here) - 1
            )
        chosen = ordered[index % len(ordered)]
        self.go_to_span(chosen.id)
        return chosen

    def collapse_selection(self) -> None:
        """Put the caret at the end of the selection, so a new span's fill shows."""
        cursor = self.text_edit.textCursor()
        if cursor.hasSelection():
            cursor.setPosition(cursor.selectionEnd())
            self.text_edit.setTextCursor(cursor)

    def focus_span(self, span_id: int) -> bool:
        """Make ``span_id`` the span in focus, with the caret at its end and no selection.

        After a curator labels a selection, the new span is what the next action means, even
        where a shorter span nested in it ends at the same place.
        """
        span = self.span(span_id)
        if span is None:
            return False
        cursor = self.text_edit.textCursor()
        cursor.setPosition(self._text_to_qt(span.end))
        self._focus_id = span_id  # before setTextCursor, which reports the caret move
        self.text_edit.setTextCursor(cursor)
        self.sig_focus_changed.emit(span_id)
        return True

    def _on_cursor_moved(self) -> None:
        if self._document is None:
            return
        focused = self.focused_span()
        focus_id = focused.id if focused is not None else -1
        if focus_id != self._focus_id:
            self._focus_id = focus_id
            self.sig_focus_changed.emit(focus_id)

    def highlight_runs(self) -> list[Run]:
        """The runs drawn on the Text tab, in UTF-16 positions (for tests and tools)."""
        return self.highlighter.runs()

    def _index(self) -> SpanIndex:
        # Built when first needed: most documents are read past without hovering over one.
        if self._span_index is None:
            length = len(self._document.text) if self._document is not None else 0
            self._span_index = SpanIndex(self._spans, self._text_to_qt, length)
        return self._span_index

    def spans_at(self, position: int) -> list[StoredSpan]:
        """The spans covering the Text tab's character at UTF-16 ``position``, innermost first."""
        return self._index().at(position)

    def span_tooltip(self, position: int) -> str:
        """The tooltip (escaped rich text) for the character at ``position``, or ""."""
        spans = self._index().at(position)
        return tooltip_html(spans, self._colours) if spans else ""

    def character_at(self, point: QPoint) -> int | None:
        """The UTF-16 position of the character under ``point`` (viewport coordinates), if any.

        QPlainTextEdit gives the nearest cursor position, which is either edge of a character;
        the character is the one whose box holds the point. Past a line's end, in the margins
        or below the text, there is none. Cursor moves, not ``± 1``, step over characters, so
        an emoji (two UTF-16 units) is one character here too.
        """
        after = self.text_edit.cursorForPosition(point)
        before = QTextCursor(after)
        candidates = [after.position()]
        if before.movePosition(QTextCursor.MoveOperation.PreviousCharacter):
            candidates.append(before.position())
        for candidate in candidates:
            box = self._character_box(candidate)
            if box is not None and box.contains(point):
                return candidate
        return None

    def _character_box(self, position: int) -> QRect | None:
        """Where the character starting at ``position`` is drawn (viewport coordinates)."""
        cursor = QTextCursor(self.text_edit.document())
        cursor.setPosition(position)
        start = self.text_edit.cursorRect(cursor)
        if not cursor.movePosition(QTextCursor.MoveOperation.NextCharacter):
            return None
        end = self.text_edit.cursorRect(cursor)
        if end.top() != start.top() or end.left() == start.left():
            return None  # a line break, or the space a wrapped line ends with
        left, right = sorted((start.left(), end.left()))  # right-to-left text runs leftwards
        return QRect(QPoint(left, start.top()), QPoint(right - 1, start.bottom()))

    def _cursor_rect(self, position: int) -> QRect:
        cursor = QTextCursor(self.text_edit.document())
        cursor.setPosition(position)
        return self.text_edit.cursorRect(cursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ToolTip
            and isinstance(event, QHelpEvent)
            and watched is self.text_edit.viewport()
        ):
            self._show_span_tooltip(event)
            return True
        return super().eventFilter(watched, event)

    def _show_span_tooltip(self, event: QHelpEvent) -> None:
        position = self.character_at(event.pos())
        text = self.span_tooltip(position) if position is not None else ""
        if position is None or not text:
            QToolTip.hideText()
            event.ignore()
            return
        # The tooltip stays while the mouse is over the same spans on this line.
        area = self._character_box(position)
        extent = self._index().extent(position)
        if area is not None and extent is not None:
            for edge in extent:
                rect = self._cursor_rect(edge)
                if rect.top() == area.top():
                    area = area.united(QRect(rect.left(), area.top(), 1, area.height()))
        QToolTip.showText(event.globalPos(), text, self.text_edit.viewport(), area or QRect())

    def _fill_removals(self, document: StoredDocument) -> None:
        self.removals_tree.clear()
        self._set_removal_count(len(document.removals))
        items = []
        for i, removal in enumerate(document.removals):
            item = QTreeWidgetItem([removal.reason, str(removal.line), _one_line(removal.text)])
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(2, f"<pre>{html.escape(removal.text)}</pre>")
            items.append(item)
        self.removals_tree.addTopLevelItems(items)
        if document.removals:
            self.removals_note.setText(
                "The importer removed these pieces from the original file. "
                "Double-click one to see it in the Original tab."
            )
        elif document.original_text is None:
            self.removals_note.setText("This document was imported without cleaning.")
        else:
            self.removals_note.setText("Cleaning removed nothing from this document.")

    def _set_removal_count(self, count: int) -> None:
        self.tabs.setTabText(TAB_REMOVALS, f"Removed by cleaning ({count})")

    def _on_tab_changed(self, index: int) -> None:
        if index == TAB_ORIGINAL and self._original_stale:
            self._render_original()

    def _render_original(self) -> None:
        document = self._document
        if document is None:
            return
        self._original_stale = False
        if document.original_text is None:
            original = document.text
        else:
            # Removal line numbers count lines after line-ending normalisation.
            original = normalize_text(document.original_text)
        self.original_edit.setPlainText(original)
        self._removal_ranges = locate_removals(original, document.removals)
        self._to_qt = to_qt = Utf16Offsets(original)
        highlight = QTextCharFormat()
        highlight.setBackground(REMOVED_BACKGROUND)
        cursor = QTextCursor(self.original_edit.document())
        for found in self._removal_ranges:
            if found is None:
                continue
            cursor.setPosition(to_qt(found[0]))
            cursor.setPosition(to_qt(found[1]), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(highlight)

        located = sum(1 for found in self._removal_ranges if found is not None)
        missing = len(document.removals) - located
        if document.original_text is None:
            note = "Imported without cleaning: the original is the text as stored."
        elif not document.removals:
            note = "The file's text before cleaning; cleaning removed nothing."
        else:
            note = f"The file's text before cleaning; the {located} removed pieces are highlighted."
            if missing:
                note += f" {missing} could not be found in it."
        self.original_note.setText(note)

    def removal_ranges(self) -> list[tuple[int, int] | None]:
        """Where the removals were found in the original (``str`` offsets), once it is shown."""
        return list(self._removal_ranges)

    def show_removal(self, index: int) -> None:
        """Switch to the Original tab and select the ``index``-th removed piece."""
        self.tabs.setCurrentIndex(TAB_ORIGINAL)
        if self._original_stale:
            self._render_original()
        if not 0 <= index < len(self._removal_ranges):
            return
        found = self._removal_ranges[index]
        if found is None:
            return
        to_qt = self._to_qt
        cursor = self.original_edit.textCursor()
        cursor.setPosition(to_qt(found[0]))
        cursor.setPosition(to_qt(found[1]), QTextCursor.MoveMode.KeepAnchor)
        self.original_edit.setTextCursor(cursor)
        self.original_edit.centerCursor()

    def _on_removal_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.show_removal(int(item.data(0, Qt.ItemDataRole.UserRole)))

    # -- zoom -------------------------------------------------------------------------------

    def font_point_size(self) -> int:
        return self._font_size

    def default_font_point_size(self) -> int:
        return self._default_font_size

    def set_font_point_size(self, size: int) -> None:
        size = min(max(int(size), MIN_FONT_SIZE), MAX_FONT_SIZE)
        if size == self._font_size:
            return
        self._font_size = size
        self._apply_font_size()
        self.sig_font_size_changed.emit(size)

    def zoom_in(self) -> None:
        self._zoom_by(1)

    def zoom_out(self) -> None:
        self._zoom_by(-1)

    def reset_zoom(self) -> None:
        self.set_font_point_size(self._default_font_size)

    def _zoom_by(self, steps: int) -> None:
        self.set_font_point_size(self._font_size + steps)

    def _apply_font_size(self) -> None:
        for edit in (self.text_edit, self.original_edit):
            font = QFont(edit.font())
            font.setPointSize(self._font_size)
            edit.setFont(font)
