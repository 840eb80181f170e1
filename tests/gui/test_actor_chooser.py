"""The actor chooser: type-ahead over the registry, keys, and creating an actor (undoable)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import answer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui.actor_chooser import COL_NAME, ActorChooser, choose_actor
from newsmark.gui.curation import Curator

TEXT = "Late on Tuesday, Tehran has denied any responsibility for rocket fire on bases in Iraq."


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "actors.nmk") as s:
        s.add_documents([Document(text=TEXT, title="Denial")])
        s.create_actor("Iran", type="state", country="IRN", aliases=["Tehran", "Islamic Republic"])
        s.create_actor("Iraq", type="state", country="IRQ", aliases=["Baghdad"])
        s.create_actor("Kata'ib Hizbullah", type="political_militia", aliases=["KH"])
        start = TEXT.index("Tehran")
        s.create_span(1, start, start + len("Tehran"), "GPE", annotator=None)
        yield s


@pytest.fixture
def curator(qtbot, store: Store) -> Curator:
    made = Curator()
    made.set_store(store, "tester")
    return made


def chooser(qtbot, store: Store, text: str = "") -> ActorChooser:
    dialog = ActorChooser(store, text)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_typing_filters_the_registry_by_name_and_alias(qtbot, store):
    dialog = chooser(qtbot, store)
    assert dialog.rows() == ["Iran", "Iraq", "Kata'ib Hizbullah"]  # empty: everyone by name
    qtbot.keyClicks(dialog.search, "ira")
    assert dialog.rows() == ["Iran", "Iraq", "Create “ira”"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "tehr")  # an alias of Iran
    assert dialog.rows() == ["Iran", "Create “tehr”"]
    first = dialog.results.topLevelItem(0)
    assert [first.text(column) for column in range(5)] == [
        "Iran",
        "state",
        "IRN",
        "Islamic Republic, Tehran",
        "0",
    ]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "nobody by that name")
    assert dialog.rows() == ["Create “nobody by that name”"]


def test_enter_chooses_the_first_result(qtbot, store):
    dialog = chooser(qtbot, store, "kata")
    assert dialog.search.text() == "kata"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice == ("existing", store.search_actors("Kata'ib")[0].id)


def test_down_moves_into_the_list_and_enter_chooses_there(qtbot, store):
    dialog = chooser(qtbot, store, "ira")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.results.hasFocus()
    assert dialog.results.currentItem().text(COL_NAME) == "Iran"
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
    assert dialog.results.currentItem().text(COL_NAME) == "Iraq"
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    iraq = store.search_actors("Iraq")[0].id
    assert dialog.choice == ("existing", iraq)


def test_up_from_the_first_row_goes_back_to_typing(qtbot, store):
    dialog = chooser(qtbot, store, "ira")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Up)
    assert dialog.search.hasFocus()
    assert dialog.isVisible()


def test_double_click_chooses(qtbot, store):
    dialog = chooser(qtbot, store, "ira")
    item = dialog.results.topLevelItem(1)
    rect = dialog.results.visualItemRect(item)
    viewport = dialog.results.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.choice == ("existing", store.search_actors("Iraq")[0].id)


def test_escape_cancels(qtbot, store):
    dialog = chooser(qtbot, store, "ira")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.choice is None


def test_the_create_row_asks_for_a_new_actor(qtbot, store):
    dialog = chooser(qtbot, store, "  Foreign   ministry ")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.choice == ("new", "Foreign ministry")


def test_choose_actor_returns_an_existing_actor_without_an_edit(qtbot, store, curator):
    parent = QWidget()
    qtbot.addWidget(parent)
    errors = answer(ActorChooser, lambda d: qtbot.keyClick(d.search, Qt.Key.Key_Return))
    chosen = choose_actor(parent, curator, "Tehran")
    assert not errors
    assert chosen == store.search_actors("Iran")[0].id
    assert curator.undo_stack.count() == 0


def test_choose_actor_creates_the_new_actor_from_the_mention_undoably(qtbot, store, curator):
    span = store.document_spans(1)[0]
    before = [a.name for a in store.search_actors("")]

    def create(dialog: ActorChooser) -> None:
        dialog.search.setText("Iranian government")
        dialog.results.setCurrentItem(
            dialog.results.topLevelItem(dialog.results.topLevelItemCount() - 1)
        )
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)

    errors = answer(ActorChooser, create)
    made = choose_actor(None, curator, "Tehran", from_span_id=span.id)
    assert not errors
    assert made is not None
    actor = store.actor(made)
    assert (actor.name, actor.aliases) == ("Iranian government", ("Tehran",))
    assert store.document_spans(1)[0].actor_id == made  # the mention is linked to it
    assert curator.undo_stack.count() == 1
    curator.undo_stack.undo()
    assert [a.name for a in store.search_actors("")] == before
    assert store.document_spans(1)[0].actor_id is None


def test_cancelling_choose_actor_changes_nothing(qtbot, store, curator):
    errors = answer(ActorChooser, lambda d: qtbot.keyClick(d.search, Qt.Key.Key_Escape))
    assert choose_actor(None, curator, "Ira") is None
    assert not errors
    assert curator.undo_stack.count() == 0
