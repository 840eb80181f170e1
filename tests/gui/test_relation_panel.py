"""The Relations tab driven in the real window: list, add form, decide, delete, same event."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_helpers import answer, choose, combo_texts, mount_panel, offsets, select_text, store_of
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui import relation_panel
from newsmark.gui.actor_chooser import ActorChooser
from newsmark.gui.main_window import MainWindow
from newsmark.gui.relation_panel import RelationPanel, SameEventDialog

TEXT = (
    "Late on Tuesday, Tehran has denied any responsibility for rocket fire on camps housing "
    "coalition troops in Iraq, the foreign ministry said. "
    "Kata'ib Hizbullah fighters clashed with police near Baghdad on Monday, officials said."
)
OTHER = "Gunmen clashed with security forces outside Baghdad on Monday, police said."
THIRD = "A convoy was ambushed near Basra on Sunday."


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    return offsets(words, text)


def build(path: Path) -> Path:
    with Store.open(path) as store:
        store.add_documents(
            [
                Document(text=TEXT, title="Denial", published="2024-02-05"),
                Document(text=OTHER, title="Clashes near Baghdad", published="2024-02-05"),
                Document(text=THIRD, title="Ambush", published="2024-02-04"),
            ]
        )
        for words, label in (
            ("Tehran", "GPE"),
            ("Kata'ib Hizbullah", "ORG"),
            ("Baghdad", "GPE"),
            ("police", "ORG"),
        ):
            store.create_span(1, *at(words), label, annotator=None)
        store.create_event(1, "Battles", "Armed clash", trigger=at("clashed"))
        store.create_event(2, "Battles", "Armed clash", trigger=at("clashed", OTHER))
        store.create_event(3, "Violence against civilians", "Attack", trigger=at("ambushed", THIRD))
        store.create_claim(1, "denial", cue=at("has denied"))
        store.create_actor("Iran", type="state", country="IRN", aliases=["Tehran"])
    return path


@pytest.fixture
def bench(qtbot, open_window, tmp_path: Path) -> tuple[MainWindow, RelationPanel]:
    window = open_window(build(tmp_path / "relations.nmk"))
    panel = mount_panel(window, RelationPanel)
    qtbot.waitUntil(lambda: panel.head_combo.count() > 1)
    return window, panel


def span_id(window: MainWindow, words: str) -> int:
    return next(s.id for s in store_of(window).document_spans(1) if s.text == words)


def relate(window: MainWindow, label: str, head: tuple[str, int], child: tuple[str, int]) -> int:
    change = window.curator.change(
        lambda store, who: store.add_relation(label, head, child, annotator=who)
    )
    assert change is not None
    return int(change.result)


# -- the list ---------------------------------------------------------------------------------


def test_the_list_shows_relations_with_their_status(bench):
    window, panel = bench
    kh, tehran = span_id(window, "Kata'ib Hizbullah"), span_id(window, "Tehran")
    relate(window, "affiliated_with", ("span", kh), ("span", tehran))
    store_of(window).db.execute(
        "INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label, status, "
        "origin, created_at, updated_at) VALUES (1, 'span', ?, 'span', ?, 'located_in', "
        "'suggested', 'rules:test', 't', 't')",
        [span_id(window, "police"), span_id(window, "Baghdad")],
    )
    window.inspector.refresh()
    assert panel.rows() == [
        "“Kata'ib Hizbullah” affiliated_with “Tehran”",
        "“police” located_in “Baghdad”  · suggested",
    ]
    assert panel.list.item(1).font().italic()
    assert panel.count() == 2
    assert panel.heading.text() == "1 accepted · 1 suggested"
    assert window.inspector.tabText(window.inspector.indexOf(panel)) == "Relations (2)"


def test_clicking_a_relation_goes_to_its_head_in_the_text(qtbot, bench):
    window, panel = bench
    kh, tehran = span_id(window, "Kata'ib Hizbullah"), span_id(window, "Tehran")
    relate(window, "affiliated_with", ("span", kh), ("span", tehran))
    rect = panel.list.visualItemRect(panel.list.item(0))
    with qtbot.waitSignal(panel.sig_go_to_span) as signal:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [kh]
    assert window.document_view.selection_offsets() == at("Kata'ib Hizbullah")


# -- the add form -----------------------------------------------------------------------------


def test_labels_and_children_follow_the_head(bench):
    _window, panel = bench
    assert combo_texts(panel.head_combo) == [
        "“Tehran” GPE",
        "“Kata'ib Hizbullah” ORG",
        "“police” ORG",
        "“Baghdad” GPE",
        "Event: “clashed” · Battles ▸ Armed clash",
        "Claim: denial “has denied”",
        "Registry actor…",
    ]
    choose(panel.head_combo, "“Kata'ib Hizbullah” ORG")
    labels = combo_texts(panel.label_combo)
    assert labels == ["affiliated_with", "metonym_of", "part_of", "located_in"]
    choose(panel.label_combo, "located_in")
    assert combo_texts(panel.child_combo) == [
        "“Tehran” GPE",
        "“Kata'ib Hizbullah” ORG",
        "“police” ORG",
        "“Baghdad” GPE",
    ]
    choose(panel.head_combo, "Claim: denial “has denied”")
    assert combo_texts(panel.label_combo) == ["responds_to"]
    assert combo_texts(panel.child_combo) == [
        "Event: “clashed” · Battles ▸ Armed clash",
        "Claim: denial “has denied”",
    ]
    assert not panel.add_button.isEnabled()
    choose(panel.child_combo, "Event: “clashed” · Battles ▸ Armed clash")
    assert panel.add_button.isEnabled()


def test_a_relation_to_a_registry_actor_is_added_and_undone(bench):
    window, panel = bench
    store = store_of(window)
    choose(panel.head_combo, "“Kata'ib Hizbullah” ORG")
    choose(panel.label_combo, "affiliated_with")
    errors = answer(ActorChooser, lambda d: (d.search.setText("iran"), d.accept()))
    choose(panel.child_combo, "Registry actor…")
    assert not errors
    assert panel.child_combo.currentText() == "Actor: Iran"
    panel.add_button.click()
    iran = store.search_actors("Iran")[0].id
    relations = store.document_relations(1)
    assert [(r.label, r.head_id, r.child_kind, r.child_id) for r in relations] == [
        ("affiliated_with", span_id(window, "Kata'ib Hizbullah"), "actor", iran)
    ]
    assert panel.rows() == ["“Kata'ib Hizbullah” affiliated_with Iran"]
    assert panel.selected_relation_id() == relations[0].id
    # The head stays chosen for the next relation; the child is cleared.
    assert panel.head_combo.currentText() == "“Kata'ib Hizbullah” ORG"
    assert panel.child_combo.currentIndex() == -1
    window.curator.undo_stack.undo()
    assert store.document_relations(1) == []
    assert panel.rows() == []


def test_a_chosen_end_that_is_deleted_is_no_longer_chosen(bench):
    window, panel = bench
    store = store_of(window)
    choose(panel.head_combo, "Claim: denial “has denied”")
    choose(panel.child_combo, "Event: “clashed” · Battles ▸ Armed clash")
    assert panel.add_button.isEnabled()
    claim = store.document_claims(1)[0].id
    window.curator.change(lambda s, _who: s.delete_claim(claim))
    assert panel.head_combo.currentIndex() == -1
    assert not panel.add_button.isEnabled()
    window.curator.undo_stack.undo()
    assert "Claim: denial “has denied”" in combo_texts(panel.head_combo)


def test_ends_are_taken_from_the_text_a_trigger_meaning_its_event(bench):
    window, panel = bench
    store = store_of(window)
    select_text(window, "clashed")
    panel.head_pick.click()
    assert panel.head_combo.currentText() == "Event: “clashed” · Battles ▸ Armed clash"
    assert combo_texts(panel.label_combo) == ["same_event", "responds_to", "part_of", "located_in"]
    choose(panel.label_combo, "located_in")
    window.document_view.go_to_span(span_id(window, "Baghdad"))
    window.document_view.collapse_selection()
    panel.child_pick.click()
    assert panel.child_combo.currentText() == "“Baghdad” GPE"
    panel.add_button.click()
    assert panel.rows() == ["Battles ▸ Armed clash “clashed” located_in “Baghdad”"]
    assert [r.head_kind for r in store.document_relations(1)] == ["event"]


def test_what_the_core_refuses_is_reported_and_nothing_is_written(bench, message_boxes):
    window, panel = bench
    store = store_of(window)
    kh, tehran = span_id(window, "Kata'ib Hizbullah"), span_id(window, "Tehran")
    relate(window, "affiliated_with", ("span", kh), ("span", tehran))
    choose(panel.head_combo, "“Kata'ib Hizbullah” ORG")
    choose(panel.label_combo, "affiliated_with")
    choose(panel.child_combo, "“Tehran” GPE")
    steps = window.curator.undo_stack.count()
    assert panel.add_relation() is None
    assert "already related" in message_boxes.texts()[-1]
    assert len(store.document_relations(1)) == 1
    assert window.curator.undo_stack.count() == steps


# -- deciding and deleting --------------------------------------------------------------------


def test_the_selected_relation_is_rejected_accepted_and_deleted(bench):
    window, panel = bench
    store = store_of(window)
    kh, tehran = span_id(window, "Kata'ib Hizbullah"), span_id(window, "Tehran")
    relation = relate(window, "affiliated_with", ("span", kh), ("span", tehran))
    assert not panel.delete_button.isEnabled()
    panel.select(relation)
    assert panel.delete_button.isEnabled() and not panel.accept_button.isEnabled()
    panel.reject_button.click()
    assert store.document_relations(1)[0].status == "rejected"
    assert panel.list.item(0).font().strikeOut()
    assert panel.count() == 0
    panel.accept_button.click()
    assert store.document_relations(1)[0].status == "accepted"
    panel.delete_button.click()
    assert store.document_relations(1) == []
    window.curator.undo_stack.undo()
    assert [r.id for r in store.document_relations(1)] == [relation]
    assert panel.rows() == ["“Kata'ib Hizbullah” affiliated_with “Tehran”"]


# -- the same event in another article ----------------------------------------------------------


def test_same_event_is_found_in_another_article_by_filtering(qtbot, bench):
    window, panel = bench
    store = store_of(window)
    assert combo_texts(panel.same_combo) == ["“clashed” · Battles ▸ Armed clash"]
    seen: list[list[str]] = []

    def pick(dialog: SameEventDialog) -> None:
        seen.append(dialog.rows())
        dialog.filter.setText("baghdad 02-05")  # every word, in the event, title or date
        seen.append(dialog.rows())
        dialog.filter.setText("baghdad nowhere")
        seen.append(dialog.rows())
        dialog.filter.setText("clashed")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    errors = answer(SameEventDialog, pick)
    panel.same_button.click()
    assert not errors
    assert seen == [
        [
            "“clashed” · Battles ▸ Armed clash\nClashes near Baghdad · 2024-02-05 · document 2",
            "“ambushed” · Violence against civilians ▸ Attack\nAmbush · 2024-02-04 · document 3",
        ],
        ["“clashed” · Battles ▸ Armed clash\nClashes near Baghdad · 2024-02-05 · document 2"],
        [],
    ]
    other = store.document_events(2)[0].id
    relations = store.document_relations(1)
    assert [(r.label, r.child_id, r.doc_id) for r in relations] == [("same_event", other, None)]
    assert panel.rows() == [
        "Battles ▸ Armed clash “clashed” same_event Battles ▸ Armed clash “clashed” (document 2)"
    ]
    # Shown with the other article too.
    assert [r.id for r in store.document_relations(2)] == [relations[0].id]
    window.curator.undo_stack.undo()
    assert store.document_relations(1) == []


def test_the_same_event_dialog_lists_at_most_its_limit_and_reads_again_as_typed(
    qtbot, bench, monkeypatch
):
    window, _panel = bench
    store = store_of(window)
    monkeypatch.setattr(relation_panel, "SAME_EVENT_LIMIT", 1)
    dialog = SameEventDialog(store, store.document_events(1)[0])
    qtbot.addWidget(dialog)
    assert dialog.rows() == [
        "“clashed” · Battles ▸ Armed clash\nClashes near Baghdad · 2024-02-05 · document 2",
        "Only the first 1 are listed: type words to narrow them.",
    ]
    assert dialog.list.item(1).flags() == Qt.ItemFlag.NoItemFlags
    dialog.filter.setText("AMBUSH")  # read again from the store, case ignored
    assert dialog.rows() == [
        "“ambushed” · Violence against civilians ▸ Attack\nAmbush · 2024-02-04 · document 3"
    ]
    store.db.execute("UPDATE events SET status = 'rejected' WHERE doc_id != 1")
    dialog.filter.setText("")
    assert dialog.rows() == ["No other article has events yet."]
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_cancelling_the_same_event_dialog_changes_nothing(bench):
    window, panel = bench
    errors = answer(SameEventDialog, lambda d: d.reject())
    panel.same_button.click()
    assert not errors
    assert store_of(window).document_relations(1) == []
    assert window.curator.undo_stack.count() == 0


# -- the look ---------------------------------------------------------------------------------


def test_the_panel_renders_legibly_in_a_narrow_pane(qtbot, bench, tmp_path):
    window, panel = bench
    kh, tehran = span_id(window, "Kata'ib Hizbullah"), span_id(window, "Tehran")
    relate(window, "affiliated_with", ("span", kh), ("span", tehran))
    event = store_of(window).document_events(1)[0].id
    relate(window, "located_in", ("event", event), ("span", span_id(window, "Baghdad")))
    relate(window, "part_of", ("span", span_id(window, "police")), ("span", tehran))
    store_of(window).db.execute("UPDATE relations SET status = 'suggested' WHERE id = 3")
    window.inspector.refresh()
    panel.select(store_of(window).document_relations(1)[0].id)
    choose(panel.head_combo, "“Kata'ib Hizbullah” ORG")
    panel.setParent(None)
    panel.resize(320, 640)
    panel.show()
    qtbot.waitExposed(panel)
    QApplication.processEvents()
    assert panel.minimumSizeHint().width() <= 320
    image = panel.grab()
    folder = Path(os.environ.get("NEWSMARK_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / "relation_panel.png"))
    assert not image.isNull() and image.width() == 320
