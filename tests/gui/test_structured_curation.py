"""Structured curation end to end in the real window: an event with its roles and date, a denial
claim about it, made with the keys and the inspector, found again after reopening."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu, QPushButton

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui.main_window import MainWindow

TEXT = (
    "Gunmen from the Sinjar Brigade attacked an army base near Qayyarah on Sunday, killing "
    "three soldiers, the provincial governor said.\n\n"
    "For its part, the Sinjar Brigade has denied any responsibility for the attack on the base, "
    "calling the accusation a fabrication. 🎯"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "events.nmk"
    with Store.open(path) as store:
        store.add_documents(
            [Document(text=TEXT, title="Attack on an army base", published="2019-12-31")]
        )
    return path


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def select(window: MainWindow, word: str, nth: int = 0) -> None:
    start, end = at(word, nth)
    view = window.document_view
    to_qt = view._text_to_qt
    cursor = view.text_edit.textCursor()
    cursor.setPosition(to_qt(start))
    cursor.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.text_edit.setTextCursor(cursor)
    view.text_edit.setFocus()


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    # A closed popup menu leaves no window active, and window shortcuts need one.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.document_view.text_edit.setFocus()
    qtbot.keyClick(window.document_view.text_edit, key)


def choose(menu: QMenu, *path: str) -> None:
    """Trigger the entry at ``path`` (sub-menu titles, then the entry) of a popup menu."""
    top = menu
    for title in path[:-1]:
        (sub,) = [a.menu() for a in menu.actions() if a.menu() and a.text() == title]
        menu = sub
    (entry,) = [a for a in menu.actions() if a.text() == path[-1]]
    entry.trigger()
    top.close()


def open_document(qtbot, window: MainWindow) -> None:
    assert window.corpus_panel.select_document(1)
    qtbot.waitUntil(lambda: window.document_view.document() is not None)
    window.activateWindow()


def test_an_event_with_roles_and_date_and_a_denial_about_it_survive_reopening(
    qtbot, open_window, project
):
    window = open_window(project)
    open_document(qtbot, window)
    schema = window.schema

    # The trigger, then E and the type menu.
    select(window, "attacked")
    press(qtbot, window, Qt.Key.Key_E)
    choose(window.structure.popup, "Battles", "Armed clash")
    panel = window.event_panel
    assert window.inspector.currentWidget() is panel
    event_id = panel.selected_event_id()
    assert event_id is not None

    # Roles from the text: the attacker from a selection (a new ACTOR span), the others
    # labelled with their hotkeys first and taken from under the caret.
    select(window, "the Sinjar Brigade")
    panel.fill_from_text(event_id, schema.role("attacker"))
    for word, key, role in (
        ("army base", Qt.Key.Key_5, "target"),  # FAC
        ("Qayyarah", Qt.Key.Key_3, "place"),  # GPE
        ("Sunday", Qt.Key.Key_7, "time"),  # DATE
    ):
        select(window, word)
        press(qtbot, window, key)
        panel.fill_from_text(event_id, schema.role(role))

    # "Sunday" in an article of 31 December 2019 is proposed as 29 December; confirm it.
    confirm = panel.findChild(QPushButton, "dateConfirm")
    assert confirm is not None
    qtbot.waitUntil(confirm.isVisible)  # the editor was rebuilt for the new argument
    confirm.click()

    # The denial: its content from the selection and C, then cue and claimant.
    select(window, "any responsibility for the attack on the base")
    press(qtbot, window, Qt.Key.Key_C)
    choose(window.structure.popup, "denial")
    claims = window.claim_panel
    assert window.inspector.currentWidget() is claims
    claim_id = claims.selected_claim_id()
    select(window, "has denied")
    claims.set_span("cue")
    select(window, "the Sinjar Brigade", nth=1)
    claims.set_span("claimant")
    (about,) = [claims.events_list.item(i) for i in range(claims.events_list.count())]
    about.setCheckState(Qt.CheckState.Checked)

    window.close()

    # Reopened from the file: everything is there, in the store and in the inspector.
    with Store.open(project, create=False) as store:
        (event,) = store.document_events(1)
        assert (event.id, event.type, event.subtype) == (event_id, "Battles", "Armed clash")
        assert event.trigger.text == "attacked"
        roles = {(a.role, a.span.text, a.span.label) for a in event.arguments}
        assert roles == {
            ("attacker", "the Sinjar Brigade", "ACTOR"),
            ("target", "army base", "FAC"),
            ("place", "Qayyarah", "GPE"),
            ("time", "Sunday", "DATE"),
        }
        date = event.attributes["date"]
        assert (date["value"], date["precision"], date["confirmed"]) == ("2019-12-29", "day", True)
        (claim,) = store.document_claims(1)
        assert (claim.id, claim.type) == (claim_id, "denial")
        assert claim.content.text == "any responsibility for the attack on the base"
        assert claim.cue.text == "has denied"
        assert claim.claimant.text == "the Sinjar Brigade"
        assert claim.claimant.start == at("the Sinjar Brigade", 1)[0]
        assert claim.about_events == (event_id,)
        # Complete under the schema: marking it done will not stop at the checks.
        assert store.document_problems(1) == []

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.open_project(project)
    qtbot.waitUntil(lambda: again.model.is_open() and not again.model.is_loading())
    open_document(qtbot, again)
    titles = [again.inspector.tabText(i) for i in range(again.inspector.count())]
    assert "Events (1)" in titles and "Claims (1)" in titles
    again.show_record("event", event_id)
    assert again.event_panel.selected_event_id() == event_id
    again.show_record("claim", claim_id)
    assert again.claim_panel.selected_claim_id() == claim_id
    again.close()


def test_undo_takes_back_each_structured_step_in_turn(qtbot, open_window, project):
    window = open_window(project)
    open_document(qtbot, window)
    select(window, "attacked")
    press(qtbot, window, Qt.Key.Key_E)
    choose(window.structure.popup, "Battles", "Armed clash")
    event_id = window.event_panel.selected_event_id()
    select(window, "Qayyarah")
    press(qtbot, window, Qt.Key.Key_3)
    window.event_panel.fill_from_text(event_id, window.schema.role("place"))
    stack = window.curator.undo_stack
    with Store.open(project, create=False) as store:
        assert [a.role for a in store.event(event_id).arguments] == ["place"]

    stack.undo()  # the argument
    with Store.open(project, create=False) as store:
        assert store.event(event_id).arguments == ()
    stack.undo()  # the GPE span
    stack.undo()  # the event and its trigger
    with Store.open(project, create=False) as store:
        assert store.document_events(1, include_rejected=True) == []
        assert store.document_spans(1, include_rejected=True) == []
    assert window.event_panel.count() == 0
    stack.redo()
    assert window.event_panel.count() == 1


def test_a_span_just_labelled_is_the_one_in_focus_even_over_a_nested_one(
    qtbot, open_window, project
):
    window = open_window(project)
    open_document(qtbot, window)
    select(window, "Sinjar Brigade")
    press(qtbot, window, Qt.Key.Key_2)  # ORG, nested at the end of the next one
    select(window, "Gunmen from the Sinjar Brigade")
    press(qtbot, window, Qt.Key.Key_1)  # PERSON
    focused = window.document_view.focused_span()
    assert (focused.text, focused.label) == ("Gunmen from the Sinjar Brigade", "PERSON")
    assert window.document_view.selection_offsets() is None
