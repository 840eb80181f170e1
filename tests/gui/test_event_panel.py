"""The Events tab driven inside the real window: list, editor, role fillers, attributes, undo."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QLineEdit, QSpinBox

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui import event_panel
from newsmark.gui.event_panel import EventPanel
from newsmark.gui.main_window import MainWindow
from newsmark.nlp.candidates import (
    ArgumentCandidate,
    DocumentSuggestions,
    EventCandidate,
    SpanCandidate,
)

# The example sentence between two of our own.
TEXT = (
    "The Pentagon confirmed on Monday that American jets had bombed five militia sites. "
    "Four of Sunday's US airstrikes hit depots inside Iraq near the border town of Qaim, and "
    "one struck a training camp used by Kata'ib Hizbullah in Syria. "
    "A militia spokesman said 25 fighters died and the group vowed revenge."
)
PUBLISHED = "2019-12-31"
STRIKE = "Explosions/Remote violence"
AIR = "Air/drone strike"


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "strikes.nmk"
    with Store.open(path) as store:
        store.add_documents(
            [Document(text=TEXT, title="US strikes in Iraq and Syria", published=PUBLISHED)]
        )
        for word, label in (("US", "GPE"), ("Iraq", "GPE"), ("Syria", "GPE")):
            store.create_span(1, *at(word), label, annotator="ana")
        # The date as the model suggests it: taking it as a filler accepts it.
        start, end = at("Sunday's")
        store.add_suggestions(
            [DocumentSuggestions(1, [SpanCandidate(start, end, "DATE", "Sunday's", "model:t")])],
            run_origin="test",
        )
    return path


def open_panel(qtbot, window: MainWindow) -> EventPanel:
    """The window's Events tab, showing document 1."""
    panel = window.event_panel
    assert window.corpus_panel.select_document(1)
    qtbot.waitUntil(lambda: window.document_view.document() is not None)
    window.inspector.show_panel(panel)
    window.resize(1300, 900)
    window.splitter.setSizes([260, 640, 400])
    return panel


def store_of(window: MainWindow) -> Store:
    store = window.store()
    assert store is not None
    return store


def caret(window: MainWindow, start: int, end: int | None = None) -> None:
    """Put the caret at ``start`` in the text (or select ``start``..``end``)."""
    view = window.document_view
    cursor = view.text_edit.textCursor()
    cursor.setPosition(view._text_to_qt(start))
    if end is not None:
        cursor.setPosition(view._text_to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.text_edit.setTextCursor(cursor)


def span_id(window: MainWindow, word: str, label: str | None = None) -> int:
    start, end = at(word)
    for span in store_of(window).document_spans(1):
        if (span.start, span.end) == (start, end) and label in (None, span.label):
            return span.id
    raise AssertionError(f"no span over {word!r}")


def make_event(window: MainWindow, word: str, event_type: str, subtype: str | None) -> int:
    change = window.curator.change(
        lambda store, who: store.create_event(
            1, event_type, subtype, trigger=at(word), annotator=who
        )
    )
    assert change is not None
    return int(change.result)


def choose(combo: QComboBox, data: object) -> None:
    """Pick the entry holding ``data`` as the curator would (activated, not just set)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def fillers(window: MainWindow, event_id: int) -> list[tuple[str, str]]:
    event = store_of(window).event(event_id)
    return [(argument.role, argument.filler_text) for argument in event.arguments]


def type_in(qtbot, field: QLineEdit | QSpinBox, text: str) -> None:
    """Replace a field's text by typing, then press Return."""
    field.setFocus()
    edit = field.lineEdit() if isinstance(field, QSpinBox) else field
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_filling_an_event_from_the_text_with_date_proposal_undo_and_a_kept_selection(
    qtbot, open_window, project
):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    assert "No events yet" in panel.placeholder.text()
    event_id = make_event(window, "airstrikes", "Battles", "Armed clash")
    assert panel.select(event_id)
    editor = panel.editor
    assert editor is not None and editor.type_combo.currentData() == "Battles"
    assert editor.trigger_button.text() == "“airstrikes”"

    # Type and sub-type: each combo edits at once.
    choose(editor.type_combo, STRIKE)
    assert (store_of(window).event(event_id).type, store_of(window).event(event_id).subtype) == (
        STRIKE,
        None,
    )
    choose(panel.editor.subtype_combo, AIR)
    assert store_of(window).event(event_id).label == f"{STRIKE} ▸ {AIR}"
    assert panel.editor.subtype_combo.currentText() == AIR

    # attacker: the caret on the "US" span.
    caret(window, at("US")[0] + 1)
    panel.editor.role_rows["attacker"].action("Mention from text").trigger()
    # target: selected words with no span yet; a span is made for them, then used.
    caret(window, *at("Kata'ib Hizbullah"))
    panel.editor.role_rows["target"].action("Mention from text").trigger()
    # place: nothing at the caret, so the panel waits for a click on a span.
    caret(window, 0)
    panel.editor.role_rows["place"].action("Mention from text").trigger()
    assert window.picker.picking
    assert "Click the place in the text" in window.statusBar().currentMessage()
    window.document_view.go_to_span(span_id(window, "Iraq"))
    assert not window.picker.picking
    # time: the suggested DATE span under the caret.
    caret(window, at("Sunday's")[0] + 2)
    panel.editor.role_rows["time"].action("Mention from text").trigger()
    assert fillers(window, event_id) == [
        ("attacker", "US"),
        ("target", "Kata'ib Hizbullah"),
        ("place", "Iraq"),
        ("time", "Sunday's"),
    ]
    spans = {s.text: (s.label, s.status) for s in store_of(window).document_spans(1)}
    assert spans["Sunday's"] == ("DATE", "accepted")
    assert spans["Kata'ib Hizbullah"][1] == "accepted"
    chips = panel.editor.role_rows["target"].chips
    assert [chip.button.text() for chip in chips] == ["Kata'ib Hizbullah"]

    # The date, proposed from "Sunday's" against the article's date, then confirmed.
    editor = panel.editor
    assert editor.proposal_label is not None
    assert editor.proposal_label.text() == (
        "Proposed from “Sunday's” (article of 2019-12-31): 2019-12-29, day —"
    )
    assert editor.confirm_button is not None
    editor.confirm_button.click()
    date = store_of(window).event(event_id).attributes["date"]
    assert (date["value"], date["precision"], date["confirmed"]) == ("2019-12-29", "day", True)
    assert panel.editor.proposal_label is None  # confirmed: no proposal any more
    assert panel.editor.fields["date"]["value"].text() == "2019-12-29"

    # The location from the place mention under the caret.
    caret(window, at("Iraq")[0] + 1)
    panel.editor.fields["location"]["from_text"].click()
    location = store_of(window).event(event_id).attributes["location"]
    assert location == {"value": "Iraq", "precision": "exact", "span_id": span_id(window, "Iraq")}

    # Fatalities typed; the field keeps the focus though the editor was rebuilt.
    window.activateWindow()
    before = panel.editor
    type_in(qtbot, panel.editor.fields["fatalities"]["value"], "25")
    assert store_of(window).event(event_id).attributes["fatalities"] == 25
    assert panel.editor is not before
    assert panel.editor.fields["fatalities"]["value"].value() == 25
    focused = QApplication.focusWidget()
    assert focused is not None and panel.editor.isAncestorOf(focused)
    assert focused.objectName() == "attr:fatalities"

    # The list line, with its completeness hint.
    row = panel.model.row_of(event_id)
    assert row is not None
    assert panel.model.data(panel.model.index(row, 0)) == (
        f"{STRIKE} ▸ {AIR}\n“airstrikes” · 4 of 7 roles filled"
    )

    # Remove the target; undo brings it back, redo takes it away again.
    chip = panel.editor.role_rows["target"].chips[0]
    chip.remove_button.click()
    assert ("target", "Kata'ib Hizbullah") not in fillers(window, event_id)
    assert panel.editor.role_rows["target"].chips == []
    window.curator.undo_stack.undo()
    assert ("target", "Kata'ib Hizbullah") in fillers(window, event_id)
    assert [c.button.text() for c in panel.editor.role_rows["target"].chips] == [
        "Kata'ib Hizbullah"
    ]
    window.curator.undo_stack.redo()
    assert ("target", "Kata'ib Hizbullah") not in fillers(window, event_id)

    # A new event earlier in the text changes the list's order; the selection stays put.
    make_event(window, "bombed", "Explosions/Remote violence", AIR)
    assert panel.model.row_of(event_id) == 1
    assert panel.selected_event_id() == event_id
    assert panel.list.currentIndex().row() == 1
    assert panel.editor.record.id == event_id
    assert window.inspector.tabText(window.inspector.indexOf(panel)) == "Events (2)"

    # Clicking a chip or the trigger goes to that span in the text.
    panel.editor.role_rows["attacker"].chips[0].button.click()
    assert window.document_view.focused_span().text == "US"
    panel.editor.trigger_button.click()
    assert window.document_view.focused_span().text == "airstrikes"


def test_a_refresh_leaves_a_field_being_typed_in_alone(qtbot, open_window, project):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    event_id = make_event(window, "airstrikes", STRIKE, AIR)
    other = make_event(window, "bombed", STRIKE, AIR)
    panel.select(event_id)
    editor = panel.editor
    line = editor.fields["date"]["value"]
    line.setFocus()
    qtbot.keyClicks(line, "2019-12")
    # An edit of another event refreshes the inspector: this editor is not rebuilt.
    caret(window, at("Syria")[0] + 1)
    window.curator.change(
        lambda store, who: store.add_argument(
            other, "place", span_id=span_id(window, "Syria"), annotator=who
        )
    )
    window.inspector.refresh()
    assert panel.editor is editor and line.text() == "2019-12"
    assert "date" not in store_of(window).event(event_id).attributes  # nothing written yet
    qtbot.keyClick(line, Qt.Key.Key_Return)
    date = store_of(window).event(event_id).attributes["date"]
    # A month typed while "day" was chosen means the month.
    assert (date["value"], date["precision"]) == ("2019-12", "month")
    assert panel.editor.fields["date"]["precision"].currentData() == "month"
    # Choosing a coarser precision cuts the value down to it.
    choose(panel.editor.fields["date"]["precision"], "year")
    assert store_of(window).event(event_id).attributes["date"]["value"] == "2019"
    window.curator.undo_stack.undo()
    assert store_of(window).event(event_id).attributes["date"]["value"] == "2019-12"
    assert panel.editor.fields["date"]["value"].text() == "2019-12"


def test_refused_input_is_reported_and_the_stored_value_comes_back(
    qtbot, open_window, project, message_boxes
):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    event_id = make_event(window, "airstrikes", STRIKE, AIR)
    panel.select(event_id)
    steps = window.curator.undo_stack.count()
    type_in(qtbot, panel.editor.fields["date"]["value"], "2019-13-45")
    assert any("day date is written YYYY-MM-DD" in text for text in message_boxes.texts())
    assert panel.editor.fields["date"]["value"].text() == ""
    assert window.curator.undo_stack.count() == steps
    # A filler the role does not take: the core's refusal is shown, nothing is added.
    caret(window, *at("Sunday's"))
    panel.editor.role_rows["attacker"].action("Mention from text").trigger()
    assert any("attacker cannot be filled by a DATE span" in t for t in message_boxes.texts())
    assert fillers(window, event_id) == []


def test_int_and_enum_attributes_with_unset_and_default(qtbot, open_window, project):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    event_id = make_event(window, "airstrikes", STRIKE, AIR)
    panel.select(event_id)
    fields = panel.editor.fields
    assert fields["fatalities"]["value"].text() == "—"  # not given
    assert fields["count"]["value"].value() == 1  # its default
    modality = fields["modality"]["value"]
    assert modality.currentText() == "asserted (default)"
    choose(modality, "reported")
    assert store_of(window).event(event_id).attributes == {"modality": "reported"}
    type_in(qtbot, panel.editor.fields["count"]["value"], "3")
    assert store_of(window).event(event_id).attributes["count"] == 3
    type_in(qtbot, panel.editor.fields["fatalities"]["value"], "7")
    # Back to "—" (below the minimum) clears it; the default is not stored.
    spin = panel.editor.fields["fatalities"]["value"]
    spin.setFocus()
    spin.setValue(spin.minimum())
    spin.editingFinished.emit()
    choose(panel.editor.fields["modality"]["value"], "asserted")
    assert store_of(window).event(event_id).attributes == {"count": 3}
    window.curator.undo_stack.undo()
    assert store_of(window).event(event_id).attributes["modality"] == "reported"
    assert panel.editor.fields["modality"]["value"].currentData() == "reported"


def test_suggested_events_are_marked_rejected_ones_hidden_and_status_buttons_work(
    qtbot, open_window, project
):
    with Store.open(project, create=False) as store:
        start, end = at("bombed")
        trigger = SpanCandidate(start, end, "TRIGGER", "bombed", "rule:t")
        place = SpanCandidate(*at("Iraq"), "GPE", "Iraq", "rule:t")
        event = EventCandidate(
            STRIKE,
            AIR,
            trigger,
            "rule:t",
            (ArgumentCandidate("place", place),),
            {"date_text": "on Monday"},
            0.8,
        )
        store.add_suggestions([DocumentSuggestions(1, events=[event])], run_origin="rules")
    window = open_window(project)
    panel = open_panel(qtbot, window)
    assert panel.model.rowCount() == 1
    index = panel.model.index(0, 0)
    assert panel.model.data(index).endswith("“bombed” · suggested · 1 of 7 roles filled")
    font = panel.model.data(index, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert panel.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    # Shown at once (the first event), with Accept and Reject; the date is proposed from
    # the suggester's date_text.
    editor = panel.editor
    assert editor is not None and editor.status_label.text().startswith("Suggested")
    assert not editor.accept_button.isHidden() and not editor.reject_button.isHidden()
    assert editor.proposal_label is not None and "2019-12-30, day" in editor.proposal_label.text()

    suggested = store_of(window).event(editor.record.id)
    editor.reject_button.click()
    assert store_of(window).event(suggested.id).status == "rejected"
    assert panel.model.rowCount() == 0 and panel.count() == 0
    assert "1 rejected" in panel.heading.text()
    # select() of a rejected event shows the rejected ones.
    assert panel.select(suggested.id)
    assert panel.show_rejected.isChecked() and panel.model.rowCount() == 1
    font = panel.model.data(panel.model.index(0, 0), Qt.ItemDataRole.FontRole)
    assert font.strikeOut()
    panel.editor.accept_button.click()
    assert store_of(window).event(suggested.id).status == "accepted"
    assert panel.editor.accept_button.isHidden()
    assert panel.editor.status_label.text() == "Accepted · from rule:t · score 0.80"
    spans = {s.text: s.status for s in store_of(window).document_spans(1)}
    assert spans["bombed"] == "accepted"

    panel.editor.delete_button.click()
    assert store_of(window).document_events(1, include_rejected=True) == []
    assert panel.editor is None and "No events yet" in panel.placeholder.text()
    window.curator.undo_stack.undo()
    assert panel.selected_event_id() == suggested.id
    assert panel.editor is not None and panel.editor.record.id == suggested.id


def test_registry_actor_value_and_other_roles(qtbot, open_window, project, monkeypatch):
    with Store.open(project, create=False) as store:
        actor_id = store.create_actor("United States", type="state").result
    window = open_window(project)
    panel = open_panel(qtbot, window)
    event_id = make_event(window, "airstrikes", STRIKE, AIR)
    panel.select(event_id)
    asked: list[tuple[str, int | None]] = []

    def fake_choose(parent, curator, text="", from_span_id=None):
        asked.append((text, from_span_id))
        return actor_id

    monkeypatch.setattr(event_panel, "choose_actor", fake_choose)
    caret(window, at("US")[0] + 1)
    panel.editor.role_rows["attacker"].action("Registry actor").trigger()
    assert asked == [("US", span_id(window, "US"))]
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("laser-guided bombs", True))
    panel.editor.role_rows["instrument"].action("Value").trigger()
    assert fillers(window, event_id) == [
        ("attacker", "United States"),
        ("instrument", "laser-guided bombs"),
    ]
    chips = panel.editor.role_rows["attacker"].chips
    assert chips[0].button.text() == "◆ United States"
    # A role without "actor" or "value" among its fillers offers only the text.
    place_menu = panel.editor.role_rows["place"].add_button.menu()
    assert [a.text() for a in place_menu.actions()] == ["Mention from text"]

    # A role the event's type no longer has (the schema changed) is listed under Other.
    store = store_of(window)
    store.db.execute(
        "INSERT INTO event_arguments (event_id, role, value) VALUES (?, 'sponsor', 'Iran')",
        [event_id],
    )
    store.db.conn.commit()
    window.inspector.refresh()
    other = panel.editor.role_rows["other"]
    assert [chip.button.text() for chip in other.chips] == ["sponsor: Iran"]
    other.chips[0].remove_button.click()
    assert ("sponsor", "Iran") not in fillers(window, event_id)
    assert "other" not in panel.editor.role_rows


def test_the_trigger_is_set_from_the_selection_in_one_go(qtbot, open_window, project):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    event_id = make_event(window, "airstrikes", STRIKE, AIR)
    panel.select(event_id)
    caret(window, *at("bombed"))
    panel.editor.set_trigger_button.click()
    event = store_of(window).event(event_id)
    assert event.trigger is not None and event.trigger.text == "bombed"
    assert event.trigger.label == "TRIGGER"
    assert panel.editor.trigger_button.text() == "“bombed”"
    # With nothing at the caret it waits for a click; a place span gets a TRIGGER twin.
    caret(window, 0)
    panel.editor.set_trigger_button.click()
    assert window.picker.picking
    window.document_view.go_to_span(span_id(window, "Syria"))
    event = store_of(window).event(event_id)
    assert (event.trigger.text, event.trigger.label) == ("Syria", "TRIGGER")
    # One undo takes back both the TRIGGER span and the new trigger.
    window.curator.undo_stack.undo()
    event = store_of(window).event(event_id)
    assert event.trigger.text == "bombed"
    triggers = [s.text for s in store_of(window).document_spans(1) if s.label == "TRIGGER"]
    assert "Syria" not in triggers


def test_render_a_filled_event(qtbot, open_window, project, tmp_path):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    event_id = make_event(window, "airstrikes", STRIKE, AIR)
    make_event(window, "bombed", STRIKE, "Shelling/artillery/missile attack")
    store = store_of(window)
    for role, word in (("attacker", "US"), ("target", "Syria"), ("place", "Iraq")):
        window.curator.change(
            lambda s, who, r=role, w=word: s.add_argument(
                event_id, r, span_id=span_id(window, w), annotator=who
            )
        )
    window.curator.change(
        lambda s, who: s.add_argument(
            event_id, "time", span_id=span_id(window, "Sunday's"), annotator=who
        )
    )
    window.curator.change(lambda s, _who: s.set_event_attribute(event_id, "fatalities", 25))
    place = {"value": "Iraq", "precision": "country", "span_id": span_id(window, "Iraq")}
    window.curator.change(lambda s, _who: s.set_event_attribute(event_id, "location", place))
    panel.select(event_id)
    assert store.propose_event_date(event_id) is not None
    QApplication.processEvents()  # let the new editor's layout run before drawing it
    assert panel.editor is not None and panel.editor.isVisible()
    assert panel.editor.height() > 400
    image = panel.grab()
    out = Path("/tmp/event_panel.png")
    assert image.save(str(out))
    assert image.save(str(tmp_path / "event_panel.png"))
    assert image.width() >= 300 and image.height() >= 600


def test_a_hidden_tab_builds_its_editor_when_shown_and_checks_can_open_an_event(
    qtbot, open_window, project
):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    first = make_event(window, "bombed", STRIKE, AIR)
    second = make_event(window, "airstrikes", STRIKE, AIR)
    window.inspector.setCurrentIndex(0)  # the Spans tab: the editor waits
    window.inspector.refresh()
    assert panel.selected_event_id() == first and panel.count() == 2
    assert panel.editor is not None and not panel.editor.isVisible()
    window.curator.change(lambda s, _who: s.set_event_attribute(first, "fatalities", 4))
    assert panel.editor.fields["fatalities"]["value"].value() != 4  # not rebuilt while hidden
    window.inspector.show_panel(panel)
    assert panel.editor.fields["fatalities"]["value"].value() == 4
    # What the before-done checks do with a problem found on an event.
    problem = SimpleNamespace(kind="event", record_id=second, span_id=span_id(window, "airstrikes"))
    window.inspector.setCurrentIndex(0)
    window.go_to_problem(problem)
    assert window.inspector.currentWidget() is panel
    assert panel.selected_event_id() == second and panel.editor.record.id == second
    assert window.document_view.focused_span().text == "airstrikes"


def test_the_e_key_makes_an_event_and_opens_it_in_the_tab(qtbot, open_window, project):
    window = open_window(project)
    panel = open_panel(qtbot, window)
    window.inspector.setCurrentIndex(0)
    caret(window, *at("airstrikes"))
    window.document_view.text_edit.setFocus()
    qtbot.keyClick(window.document_view.text_edit, Qt.Key.Key_E)
    menu = window.structure.popup
    assert menu is not None
    strike = next(a for a in menu.actions() if a.text() == STRIKE).menu()
    next(a for a in strike.actions() if a.text() == AIR).trigger()
    (event,) = store_of(window).document_events(1)
    assert window.inspector.currentWidget() is panel
    assert panel.selected_event_id() == event.id
    assert panel.editor is not None and panel.editor.subtype_combo.currentData() == AIR
    # E on that trigger again opens the same event, whichever was shown.
    other = make_event(window, "bombed", "Battles", None)
    assert panel.select(other)
    caret(window, at("airstrikes")[0] + 2)
    qtbot.keyClick(window.document_view.text_edit, Qt.Key.Key_E)
    assert len(store_of(window).document_events(1)) == 2
    assert panel.selected_event_id() == event.id
    assert panel.editor.record.id == event.id
