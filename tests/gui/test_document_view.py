"""The document view on its own: offsets, removals, highlighting, plain-text metadata, zoom."""

from __future__ import annotations

from gui_helpers import make_view, stored
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from newsmark.core.documents import Removal
from newsmark.gui.document_view import (
    REMOVED_BACKGROUND,
    TAB_ORIGINAL,
    TAB_REMOVALS,
    DocumentView,
    ElidedLabel,
    Utf16Offsets,
    locate_removals,
)


def background_at(view: DocumentView, qt_position: int):
    cursor = QTextCursor(view.original_edit.document())
    cursor.setPosition(qt_position + 1)  # the format of the character before the cursor
    return cursor.charFormat().background()


def qt_selection(view: DocumentView, start: int, end: int) -> str:
    cursor = QTextCursor(view.original_edit.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


# -- offsets ----------------------------------------------------------------------------------


def test_locate_removals_uses_the_recorded_line_and_claims_each_occurrence_once(samples):
    original = samples.cleaned_original
    found = locate_removals(original, samples.cleaned_removals)
    assert all(found)
    for removal, (start, end) in zip(samples.cleaned_removals, found, strict=True):
        assert original[start:end] == removal.text
        assert original.count("\n", 0, start) + 1 == removal.line
    # The two "Advertisement" lines are two places, not the first one twice.
    assert found[2] != found[3]


def test_locate_removals_falls_back_to_the_whole_text_and_reports_what_is_missing():
    original = "one\ntwo\nthree\n"
    found = locate_removals(
        original,
        (Removal("x", "one", 3), Removal("x", "absent", 1), Removal("x", "", 1)),
    )
    assert found == [(0, 3), None, None]


def test_utf16_offsets_count_astral_characters_twice():
    text = "a🎉b𝔸c"
    to_qt = Utf16Offsets(text)
    assert [to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert Utf16Offsets("plain")(5) == 5


# -- the view ---------------------------------------------------------------------------------


def test_empty_state_shows_the_message(qtbot):
    view = make_view(qtbot)
    view.show_message("Nothing here yet")
    assert not view.is_showing_document()
    assert view.message() == "Nothing here yet"
    assert view.document() is None


def test_metadata_is_plain_text_even_when_it_looks_like_html(qtbot, samples):
    view = make_view(qtbot)
    url = "https://example.org/" + "x" * 400
    view.show_document(
        stored(
            "Body.",
            title=samples.html_title,
            author="<script>alert(1)</script>",
            published="2024-01-02",
            source="<i>Feed</i>",
            url=url,
        )
    )
    assert view.is_showing_document()
    assert view.title_label.textFormat() == Qt.TextFormat.PlainText
    assert view.title_label.text() == samples.html_title
    assert view.meta_label.textFormat() == Qt.TextFormat.PlainText
    assert view.meta_label.full_text() == (
        f"<script>alert(1)</script> · 2024-01-02 · <i>Feed</i> · {url}"
    )
    # A long URL is shortened to the pane instead of widening it.
    assert view.meta_label.text() != view.meta_label.full_text()
    assert "…" in view.meta_label.text()
    assert view.meta_label.minimumSizeHint().width() == 0
    assert view.info_label.full_text() == "Document 7 · New"


def test_text_with_astral_characters_round_trips(qtbot, samples):
    view = make_view(qtbot)
    view.show_document(stored(samples.emoji_text, title="Fans celebrate 🎉 in Zürich"))
    assert view.text_edit.toPlainText() == samples.emoji_text
    assert view.title_label.text() == "Fans celebrate 🎉 in Zürich"
    assert view.text_edit.isReadOnly()


def test_removals_tab_lists_reason_line_and_text(qtbot, samples):
    view = make_view(qtbot)
    view.show_document(
        stored(
            samples.cleaned_text,
            original_text=samples.cleaned_original,
            removals=samples.cleaned_removals,
        )
    )
    assert view.tabs.tabText(TAB_REMOVALS) == "Removed by cleaning (5)"
    tree = view.removals_tree
    rows = [
        tuple(tree.topLevelItem(i).text(c) for c in range(3))
        for i in range(tree.topLevelItemCount())
    ]
    assert rows == [(r.reason, str(r.line), r.text) for r in samples.cleaned_removals]
    # A tooltip is rich text: the removed text is escaped in it.
    assert tree.topLevelItem(0).toolTip(2) == "<pre>BREAKING NEWS</pre>"


def test_original_tab_highlights_every_removed_piece(qtbot, samples):
    view = make_view(qtbot)
    view.show_document(
        stored(
            samples.cleaned_text,
            original_text=samples.cleaned_original,
            removals=samples.cleaned_removals,
        )
    )
    view.tabs.setCurrentIndex(TAB_ORIGINAL)
    assert view.original_edit.toPlainText() == samples.cleaned_original
    ranges = view.removal_ranges()
    assert len(ranges) == 5 and all(ranges)
    for start, end in ranges:
        assert background_at(view, start).color() == REMOVED_BACKGROUND
        assert background_at(view, end - 1).color() == REMOVED_BACKGROUND
    kept = samples.cleaned_original.index("Protesters")
    assert background_at(view, kept).style() == Qt.BrushStyle.NoBrush
    assert "5 removed pieces are highlighted" in view.original_note.text()


def test_highlights_land_on_the_right_characters_after_emoji(qtbot, samples):
    view = make_view(qtbot)
    view.tabs.setCurrentIndex(TAB_ORIGINAL)
    view.show_document(
        stored(
            samples.emoji_text,
            original_text=samples.emoji_original,
            removals=samples.emoji_removals,
        )
    )
    to_qt = Utf16Offsets(samples.emoji_original)
    for removal, (start, end) in zip(samples.emoji_removals, view.removal_ranges(), strict=True):
        assert qt_selection(view, to_qt(start), to_qt(end)) == removal.text
        assert background_at(view, to_qt(start)).color() == REMOVED_BACKGROUND
        assert background_at(view, to_qt(end) - 1).color() == REMOVED_BACKGROUND
    # The character right after the last removal's line break start is not highlighted.
    after = to_qt(samples.emoji_original.index("Second line"))
    assert background_at(view, after).style() == Qt.BrushStyle.NoBrush


def test_activating_a_removal_selects_it_in_the_original(qtbot, samples):
    view = make_view(qtbot)
    view.show_document(
        stored(
            samples.emoji_text,
            original_text=samples.emoji_original,
            removals=samples.emoji_removals,
        )
    )
    view.tabs.setCurrentIndex(TAB_REMOVALS)
    item = view.removals_tree.topLevelItem(1)
    view.removals_tree.itemActivated.emit(item, 0)
    assert view.tabs.currentIndex() == TAB_ORIGINAL
    assert view.original_edit.textCursor().selectedText() == "📣 Follow us 𝕏"


def test_original_is_the_text_when_imported_without_cleaning(qtbot):
    view = make_view(qtbot)
    view.show_document(stored("Just the text.\nTwo lines."))
    view.tabs.setCurrentIndex(TAB_ORIGINAL)
    assert view.original_edit.toPlainText() == "Just the text.\nTwo lines."
    assert "without cleaning" in view.original_note.text()
    assert view.tabs.tabText(TAB_REMOVALS) == "Removed by cleaning (0)"


def test_original_with_windows_line_endings_lines_up_with_removal_lines(qtbot):
    view = make_view(qtbot)
    view.show_document(
        stored(
            "Kept.",
            original_text="Header\r\nKept.\r\nFooter\r\n",
            removals=(Removal("footer", "Footer", 3),),
        )
    )
    view.tabs.setCurrentIndex(TAB_ORIGINAL)
    assert view.original_edit.toPlainText() == "Header\nKept.\nFooter\n"
    assert view.removal_ranges() == [(13, 19)]


def test_zoom_changes_both_text_panes_within_limits(qtbot):
    view = make_view(qtbot)
    default = view.font_point_size()
    with qtbot.waitSignal(view.sig_font_size_changed) as changed:
        view.zoom_in()
    assert changed.args == [default + 1]
    assert view.text_edit.font().pointSize() == default + 1
    assert view.original_edit.font().pointSize() == default + 1
    view.zoom_out()
    view.zoom_out()
    assert view.text_edit.font().pointSize() == default - 1
    view.reset_zoom()
    assert view.text_edit.font().pointSize() == default
    for _ in range(100):
        view.zoom_in()
    assert view.font_point_size() == 48


def test_elided_label_keeps_the_full_text(qtbot):
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.show()
    label.resize(80, 20)
    label.set_full_text("a rather long piece of metadata that cannot fit")
    assert label.full_text() == "a rather long piece of metadata that cannot fit"
    assert label.text().count("…") == 1
    label.resize(2000, 20)
    assert label.text() == label.full_text()


def test_crlf_and_a_bom_kept_by_an_annotation_import_leave_offsets_exact(qtbot):
    # Annotation imports keep a text exactly as the file had it, CRLF and BOM included.
    text = "\ufeffShelling in Kersh 🎯.\r\nThe Eastern Front denied it.\r\n"
    view = make_view(qtbot)
    view.show_document(stored(text))
    shown = view.text_edit.toPlainText()
    assert len(shown) == len(text)
    start = text.index("Eastern Front")
    to_qt = Utf16Offsets(text)
    cursor = view.text_edit.textCursor()
    cursor.setPosition(to_qt(start))
    cursor.setPosition(to_qt(start + len("Eastern Front")), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Eastern Front"
    view.text_edit.setTextCursor(cursor)
    assert view.selection_offsets() == (start, start + len("Eastern Front"))
