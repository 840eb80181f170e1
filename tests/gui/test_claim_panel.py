"""The Claims tab driven in the real window: list, editor, spans from the text, undo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_helpers import answer, choose, mount_panel, offsets, select_text, store_of
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui.actor_chooser import ActorChooser
from newsmark.gui.claim_panel import ClaimPanel
from newsmark.gui.main_window import MainWindow
from newsmark.nlp.candidates import ClaimCandidate, DocumentSuggestions, SpanCandidate

TEXT = (
    "Late on Tuesday, Tehran has denied any responsibility for rocket fire on camps housing "
    "coalition troops in Iraq, the foreign ministry said. "
    "Kata'ib Hizbullah fighters clashed with police near Baghdad on Monday, officials said. "
    "The militia accused Washington of provoking the violence."
)
OTHER = "Gunmen clashed with security forces outside Baghdad on Monday, police said."
CONTENT = "any responsibility for rocket fire on camps housing coalition troops in Iraq"


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    return offsets(words, text)


def build(path: Path) -> Path:
    """Two articles; spans, an event and actors in the first; one suggested claim."""
    with Store.open(path) as store:
        store.add_documents([Document(text=TEXT, title="Denial"), Document(text=OTHER, title="B")])
        for words, label in (("Tehran", "GPE"), ("Kata'ib Hizbullah", "ORG"), ("Iraq", "GPE")):
            store.create_span(1, *at(words), label, annotator=None)
        store.create_event(1, "Battles", "Armed clash", trigger=at("clashed"))
        store.create_event(2, "Battles", "Armed clash", trigger=at("clashed", OTHER))
        store.create_actor("Iran", type="state", country="IRN", aliases=["Tehran"])
        store.create_actor("Kata'ib Hizbullah", type="political_militia", aliases=["KH"])
        cue = SpanCandidate(*at("accused"), "CUE", "accused", "rules:test", 0.8)
        content = SpanCandidate(
            *at("of provoking the violence"), "CLAIM", "of provoking the violence", "rules:test"
        )
        store.add_suggestions(
            [
                DocumentSuggestions(
                    1, claims=[ClaimCandidate("accusation", cue, "rules:test", content=content)]
                )
            ],
            run_origin="test",
        )
    return path


@pytest.fixture
def bench(qtbot, open_window, tmp_path: Path) -> tuple[MainWindow, ClaimPanel]:
    window = open_window(build(tmp_path / "claims.nmk"))
    panel = mount_panel(window, ClaimPanel)
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    return window, panel


def new_claim(window: MainWindow, claim_type: str = "assertion", **fields) -> int:
    change = window.curator.change(
        lambda store, who: store.create_claim(1, claim_type, annotator=who, **fields)
    )
    assert change is not None
    return int(change.result)


# -- the list ---------------------------------------------------------------------------------


def test_the_list_shows_suggested_claims_apart(bench):
    window, panel = bench
    made = new_claim(window, "denial", content=at(CONTENT), cue=at("has denied"))
    assert panel.count() == 2
    rows = [panel.list.item(row) for row in range(panel.list.count())]
    texts = [item.text() for item in rows]
    assert texts == [
        "denial “has denied”",
        "accusation “accused”  · suggested",
    ]
    assert not rows[0].font().italic()
    assert rows[1].font().italic()
    assert panel.heading.full_text() == "1 accepted · 1 suggested"
    assert window.inspector.tabText(window.inspector.indexOf(panel)) == "Claims (2)"
    assert panel.list.item(0).data(Qt.ItemDataRole.UserRole) == made


def test_rejected_claims_are_listed_only_on_request(bench):
    window, panel = bench
    suggested = store_of(window).document_claims(1)[0].id
    panel.select(suggested)
    panel.reject_button.click()
    assert store_of(window).claim(suggested).status == "rejected"
    # The one just rejected stays in view while it is selected.
    assert panel.list.count() == 1
    assert panel.list.item(0).font().strikeOut()
    assert panel.count() == 0
    panel.list.setCurrentRow(-1)
    window.inspector.refresh()
    assert panel.list.count() == 0
    panel.show_rejected.setChecked(True)
    assert panel.list.count() == 1
    panel.select(suggested)
    panel.accept_button.click()
    assert store_of(window).claim(suggested).status == "accepted"
    assert not panel.list.item(0).font().strikeOut()


# -- editing a claim from the text --------------------------------------------------------------


def test_a_claim_is_built_from_the_text_and_undone_step_by_step(qtbot, bench):
    window, panel = bench
    store = store_of(window)
    claim_id = new_claim(window, content=at(CONTENT))
    panel.select(claim_id)
    assert panel.stack.currentWidget() is panel.scroll
    assert panel.span_fields["content"].text() == f"“{CONTENT}”"
    assert panel.span_fields["cue"].text() == "—"

    # The cue: the selection becomes a CUE span.
    select_text(window, "has denied")
    panel.span_fields["cue"].set_button.click()
    claim = store.claim(claim_id)
    assert (claim.cue.text, claim.cue.label) == ("has denied", "CUE")
    assert panel.span_fields["cue"].text() == "“has denied”"

    # The claimant: the caret on an annotated mention is enough.
    tehran = next(s for s in store.document_spans(1) if s.text == "Tehran")
    window.document_view.go_to_span(tehran.id)
    window.document_view.collapse_selection()
    panel.span_fields["claimant"].set_button.click()
    assert store.claim(claim_id).claimant.span_id == tehran.id

    choose(panel.type_combo, "denial")
    assert store.claim(claim_id).type == "denial"
    choose(panel.stance_combo, "negative")
    assert store.claim(claim_id).stance == "negative"

    event = store.document_events(1)[0]
    assert panel.events_list.count() == 1
    item = panel.events_list.item(0)
    assert item.text() == "“clashed” · Battles ▸ Armed clash"
    item.setCheckState(Qt.CheckState.Checked)
    assert store.claim(claim_id).about_events == (event.id,)

    choose(panel.verdict_combo, "not enough information")
    assert store.claim(claim_id).verdict == "not_enough_information"
    panel.check_buttons[2].click()  # "no"
    assert store.claim(claim_id).check_worthy is False

    # The list and the editor show the claim as stored, still selected.
    assert panel.selected_claim_id() == claim_id
    assert panel.list.currentItem().text() == "denial “has denied” — Tehran"
    assert panel.type_combo.currentText() == "denial"

    undo = window.curator.undo_stack.undo
    undo()
    assert store.claim(claim_id).check_worthy is None
    assert panel.check_buttons[0].isChecked()
    undo()
    assert store.claim(claim_id).verdict is None
    assert panel.verdict_combo.currentText() == "—"
    undo()
    assert store.claim(claim_id).about_events == ()
    assert panel.events_list.item(0).checkState() == Qt.CheckState.Unchecked
    undo()
    undo()
    assert store.claim(claim_id).type == "assertion"
    assert panel.type_combo.currentText() == "assertion"
    undo()
    assert store.claim(claim_id).claimant is None
    assert panel.span_fields["claimant"].text() == "—"
    undo()  # the cue
    undo()  # the CUE span made from the selection
    assert store.claim(claim_id).cue is None
    assert [s.text for s in store.document_spans(1) if s.label == "CUE"] == ["accused"]
    assert panel.selected_claim_id() == claim_id


def test_set_waits_for_a_click_when_nothing_is_selected(qtbot, bench):
    window, panel = bench
    store = store_of(window)
    claim_id = new_claim(window, content=at(CONTENT))
    panel.select(claim_id)
    view = window.document_view
    cursor = view.text_edit.textCursor()
    cursor.setPosition(0)  # "For" has no span
    view.text_edit.setTextCursor(cursor)
    panel.span_fields["claimant"].set_button.click()
    assert window.picker.picking
    kh = next(s for s in store.document_spans(1) if s.text == "Kata'ib Hizbullah")
    view.go_to_span(kh.id)  # what a click on the mention does
    assert not window.picker.picking
    assert store.claim(claim_id).claimant.text == "Kata'ib Hizbullah"


def test_clicking_a_span_of_the_claim_goes_to_it_in_the_text(qtbot, bench):
    window, panel = bench
    claim_id = new_claim(window, content=at(CONTENT), cue=at("has denied"))
    panel.select(claim_id)
    link = panel.span_fields["cue"].link
    with qtbot.waitSignal(panel.sig_go_to_span) as signal:
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    cue = store_of(window).claim(claim_id).cue
    assert signal.args == [cue.span_id]
    assert window.document_view.selection_offsets() == at("has denied")


def test_clearing_the_only_anchor_is_refused_and_reported(bench, message_boxes):
    window, panel = bench
    claim_id = new_claim(window, content=at(CONTENT))
    panel.select(claim_id)
    panel.span_fields["content"].clear_button.click()
    assert "neither its content nor its cue" in message_boxes.texts()[-1]
    assert store_of(window).claim(claim_id).content.text == CONTENT
    assert panel.span_fields["content"].text() == f"“{CONTENT}”"


# -- actors ---------------------------------------------------------------------------------


def test_claimant_actor_and_about_actors_come_from_the_registry(qtbot, bench):
    window, panel = bench
    store = store_of(window)
    claim_id = new_claim(window, "denial", content=at(CONTENT), cue=at("has denied"))
    panel.select(claim_id)

    errors = answer(ActorChooser, lambda d: (d.search.setText("tehr"), d.accept()))
    panel.actor_choose.click()
    assert not errors
    claim = store.claim(claim_id)
    assert claim.claimant_actor_name == "Iran"
    assert panel.actor_label.full_text() == "Iran"

    def create(dialog: ActorChooser) -> None:
        dialog.search.setText("US forces in Iraq")
        last = dialog.results.topLevelItemCount() - 1
        dialog.results.setCurrentItem(dialog.results.topLevelItem(last))
        dialog.accept()

    errors = answer(ActorChooser, create)
    panel.add_actor_button.click()
    assert not errors
    names = [name for _id, name in store.claim(claim_id).about_actors]
    assert names == ["US forces in Iraq"]
    chips = [panel.chip_layout.itemAt(i).widget() for i in range(panel.chip_layout.count())]
    assert [chip.text() for chip in chips] == ["US forces in Iraq  ✕", "Add actor…"]

    errors = answer(ActorChooser, lambda d: (d.search.setText("KH"), d.accept()))
    panel.add_actor_button.click()
    assert not errors
    assert [n for _i, n in store.claim(claim_id).about_actors] == [
        "US forces in Iraq",
        "Kata'ib Hizbullah",
    ]
    first_chip = panel.chip_layout.itemAt(0).widget()
    first_chip.click()
    assert [n for _i, n in store.claim(claim_id).about_actors] == ["Kata'ib Hizbullah"]
    window.curator.undo_stack.undo()
    assert len(store.claim(claim_id).about_actors) == 2
    panel.actor_clear.click()
    assert store.claim(claim_id).claimant_actor_id is None
    assert panel.actor_label.full_text() == "—"


# -- nesting, status, deleting ----------------------------------------------------------------


def test_a_claim_is_nested_inside_another_and_deleted(bench):
    window, panel = bench
    store = store_of(window)
    outer = new_claim(window, content=at(CONTENT), cue=at("said", TEXT))
    inner = new_claim(window, "denial", cue=at("has denied"))
    panel.select(inner)
    options = [panel.parent_combo.itemText(i) for i in range(panel.parent_combo.count())]
    assert options == [
        "none (not nested)",
        "assertion “said”",
        "accusation “accused”",
    ]
    choose(panel.parent_combo, "assertion “said”")
    assert store.claim(inner).parent_claim_id == outer
    assert panel.list.currentItem().text().startswith("↳ denial")
    # The outer claim cannot be nested in the claim reported inside it.
    panel.select(outer)
    options = [panel.parent_combo.itemText(i) for i in range(panel.parent_combo.count())]
    assert "denial “has denied”" not in options

    panel.select(inner)
    panel.delete_button.click()
    remaining = [c.id for c in store.document_claims(1)]
    assert outer in remaining and inner not in remaining and len(remaining) == 2
    # The next claim in the list is shown instead.
    assert panel.selected_claim_id() in remaining
    window.curator.undo_stack.undo()
    assert store.claim(inner).parent_claim_id == outer


def test_a_suggested_claim_is_accepted_with_its_spans(bench):
    window, panel = bench
    store = store_of(window)
    suggested = store.document_claims(1)[0]
    panel.select(suggested.id)
    assert panel.status_label.text().startswith("Suggested by rules:test")
    assert not panel.status_label.isHidden()
    assert panel.accept_button.isEnabled() and panel.reject_button.isEnabled()
    panel.accept_button.click()
    assert store.claim(suggested.id).status == "accepted"
    assert store.claim(suggested.id).cue.label == "CUE"
    assert not panel.accept_button.isEnabled()
    assert panel.status_label.isHidden()
    assert panel.list.item(0).text() == "accusation “accused”"
    assert not panel.list.item(0).font().italic()


# -- evidence -------------------------------------------------------------------------------


def test_evidence_is_saved_once_when_the_box_loses_the_focus(qtbot, bench):
    window, panel = bench
    store = store_of(window)
    claim_id = new_claim(window, "denial", cue=at("has denied"))
    panel.select(claim_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    steps = window.curator.undo_stack.count()
    panel.evidence.setFocus()
    qtbot.keyClicks(panel.evidence, "Ministry statement, 3 May")
    assert store.claim(claim_id).evidence == ""  # nothing written while typing
    # A refresh while typing (an edit elsewhere) leaves the box and its caret alone.
    window.inspector.refresh()
    assert panel.evidence.toPlainText() == "Ministry statement, 3 May"
    assert panel.evidence.textCursor().position() == len("Ministry statement, 3 May")
    panel.list.setFocus()
    assert store.claim(claim_id).evidence == "Ministry statement, 3 May"
    assert window.curator.undo_stack.count() == steps + 1
    window.curator.undo_stack.undo()
    assert store.claim(claim_id).evidence == ""
    assert panel.evidence.toPlainText() == ""


def test_evidence_is_saved_after_a_pause(qtbot, bench):
    window, panel = bench
    store = store_of(window)
    claim_id = new_claim(window, "denial", cue=at("has denied"))
    panel.select(claim_id)
    panel.evidence.setFocus()
    qtbot.keyClicks(panel.evidence, "see https://example.org/statement")
    qtbot.waitUntil(lambda: store.claim(claim_id).evidence != "", timeout=5000)
    assert store.claim(claim_id).evidence == "see https://example.org/statement"


def test_selecting_another_claim_saves_the_evidence_to_the_first(qtbot, bench):
    window, panel = bench
    store = store_of(window)
    first = new_claim(window, "denial", cue=at("has denied"))
    second = store.document_claims(1)[1].id
    panel.select(first)
    qtbot.keyClicks(panel.evidence, "a note")
    panel.select(second)
    assert store.claim(first).evidence == "a note"
    assert store.claim(second).evidence == ""
    assert panel.evidence.toPlainText() == ""


# -- the look ---------------------------------------------------------------------------------


def test_the_panel_renders_legibly_in_a_narrow_pane(qtbot, bench, tmp_path):
    window, panel = bench
    store = store_of(window)
    claim_id = new_claim(window, "denial", content=at(CONTENT), cue=at("has denied"))
    tehran = next(s for s in store.document_spans(1) if s.text == "Tehran")
    iran = store.search_actors("Iran")[0].id
    event = store.document_events(1)[0].id
    window.curator.change(
        lambda s, who: s.update_claim(
            claim_id, claimant_span_id=tehran.id, claimant_actor_id=iran, annotator=who
        )
    )
    window.curator.change(lambda s, who: s.set_claim_about(claim_id, [event], [iran]))
    window.curator.change(
        lambda s, who: s.set_claim_assessment(
            claim_id, check_worthy=True, verdict="refuted", evidence="Pentagon statement, 4 May"
        )
    )
    panel.select(claim_id)
    panel.setParent(None)
    panel.resize(320, 820)
    panel.show()
    qtbot.waitExposed(panel)
    QApplication.processEvents()  # the layout requests the first show posted
    # Nothing needs a horizontal scroll bar at this width.
    assert panel.editor.minimumSizeHint().width() <= panel.scroll.viewport().width()
    assert panel.span_fields["content"].link.isVisible()
    image = panel.grab()
    folder = Path(os.environ.get("NEWSMARK_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / "claim_panel.png"))
    assert not image.isNull() and image.width() == 320
