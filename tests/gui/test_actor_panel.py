"""The Actors tab driven in the real window: mentions linked, the registry edited, merged,
linked across documents, exported and imported; every edit undone with Ctrl+Z."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.gui import actor_panel as actor_panel_module
from newsmark.gui.actor_chooser import ActorChooser
from newsmark.gui.actor_panel import CSV_EXCEL, ActorPanel
from newsmark.gui.main_window import MainWindow

KH = "Kata'ib Hizbullah"
DOC_1 = (
    "Kata'ib Hizbullah fighters fired rockets at a base near Baghdad on Sunday. "
    "A Kata'ib Hizbullah spokesman said the attack answered US strikes in Iraq."
)
DOC_2 = (
    "The Pentagon blamed Kata’ib Hizbullah for the drone attack. Tehran denied any role, "
    "and KH, as Kata'ib Hizbullah is often called, said nothing."
)
# (document, text, label): every occurrence of the text becomes an accepted span.
MENTIONS = (
    (1, KH, "ORG"),
    (1, "Baghdad", "GPE"),
    (1, "Iraq", "GPE"),
    (2, "Kata’ib Hizbullah", "ORG"),
    (2, KH, "ORG"),
    (2, "Tehran", "GPE"),
    (2, "KH", "ORG"),
)
TEXTS = {1: DOC_1, 2: DOC_2}


def build(path: Path) -> Path:
    with Store.open(path) as store:
        store.add_documents(
            [Document(text=DOC_1, title="Rockets"), Document(text=DOC_2, title="Drone")]
        )
        for doc_id, text, label in MENTIONS:
            for found in re.finditer(re.escape(text), TEXTS[doc_id]):
                store.create_span(doc_id, found.start(), found.end(), label, annotator="setup")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build(tmp_path / "actors.nmk")


@pytest.fixture
def panel(qtbot, open_window, project) -> ActorPanel:
    window = open_window(project)
    window.splitter.setSizes([300, 620, 380])
    made = window.actor_panel
    window.inspector.show_panel(made)
    open_document(qtbot, window, 1)
    return made


def window_of(panel: ActorPanel) -> MainWindow:
    window = panel.window()
    assert isinstance(window, MainWindow)
    return window


def store_of(panel: ActorPanel) -> Store:
    store = window_of(panel).store()
    assert store is not None
    return store


def open_document(qtbot, window: MainWindow, doc_id: int) -> None:
    assert window.corpus_panel.select_document(doc_id)
    qtbot.waitUntil(
        lambda: (
            window.document_view.document() is not None
            and window.document_view.document().id == doc_id
        )
    )


def span_id(store: Store, doc_id: int, text: str, nth: int = 0) -> int:
    spans = [s for s in store.document_spans(doc_id) if s.text == text]
    return spans[nth].id


def caret_on(panel: ActorPanel, text: str, nth: int = 0) -> int:
    """Put the caret on a mention of the shown document (as going to it from a list does)."""
    view = window_of(panel).document_view
    document = view.document()
    assert document is not None
    target = span_id(store_of(panel), document.id, text, nth)
    assert view.go_to_span(target)
    return target


def linked(store: Store) -> list[tuple[int, str, str | None]]:
    """(document, text, actor name) of every span linked to an actor."""
    return [
        (doc_id, span.text, span.actor_name)
        for doc_id in (1, 2)
        for span in store.document_spans(doc_id)
        if span.actor_id is not None
    ]


def undo(panel: ActorPanel) -> None:
    window_of(panel).curator.undo_stack.undo()


def make_actor_from_first_mention(qtbot, panel: ActorPanel) -> int:
    caret_on(panel, KH)
    qtbot.mouseClick(panel.new_from_mention_button, Qt.MouseButton.LeftButton)
    actor_id = panel.selected_actor_id()
    assert actor_id is not None
    return actor_id


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


# -- the mention under the caret ----------------------------------------------------------------


def test_a_new_actor_is_made_from_the_mention_under_the_caret_and_undone(qtbot, panel):
    store = store_of(panel)
    caret_on(panel, KH)
    assert panel.focus_text() == f"“{KH}” is not linked"
    assert panel.link_button.isVisible() and panel.new_from_mention_button.isVisible()
    assert not panel.unlink_button.isVisible()
    assert panel.count() == 0

    qtbot.mouseClick(panel.new_from_mention_button, Qt.MouseButton.LeftButton)

    actor_id = panel.selected_actor_id()
    actor = store.actor(actor_id)
    assert (actor.name, actor.aliases, actor.mention_count) == (KH, (), 1)
    assert linked(store) == [(1, KH, KH)]
    assert panel.focus_text() == f"“{KH}” → {KH}"
    assert panel.unlink_button.isVisible() and not panel.link_button.isVisible()
    assert panel.document_actor_rows() == [(KH, 1)]
    assert panel.count() == 1
    assert panel.name_edit.text() == KH
    assert panel.editor_heading.text() == f"{KH} · 1 linked mention"
    # The other mention here and the two in the second document read as the name.
    assert panel.link_all_button.text() == "Link all unlinked mentions (3)"
    assert panel.result_names() == [KH]
    inspector = window_of(panel).inspector
    assert inspector.tabText(inspector.indexOf(panel)) == "Actors (1)"

    undo(panel)
    assert store.search_actors("", limit=None) == []
    assert linked(store) == []
    assert panel.selected_actor_id() is None
    assert not panel.fields.isEnabled()
    assert panel.document_actor_rows() == []
    assert panel.result_names() == []


def test_link_focused_mention_uses_the_chooser_filled_with_the_mention(qtbot, panel, monkeypatch):
    store = store_of(panel)
    window = window_of(panel)
    open_document(qtbot, window, 2)
    iran = window.curator.change(lambda s, who: s.create_actor("Iran", annotator=who)).result
    asked: list[tuple[str, int | None]] = []

    def chooser(parent, curator, text="", from_span_id=None):
        asked.append((text, from_span_id))
        return iran

    monkeypatch.setattr(actor_panel_module, "choose_actor", chooser)
    tehran = caret_on(panel, "Tehran")
    assert panel.link_focused_mention() == iran
    assert asked == [("Tehran", tehran)]
    assert linked(store) == [(2, "Tehran", "Iran")]
    assert panel.focus_text() == "“Tehran” → Iran"
    assert panel.selected_actor_id() == iran
    assert window.curator.undo_stack.undoText() == "Link “Tehran” to Iran"

    qtbot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
    assert linked(store) == []
    assert panel.focus_text() == "“Tehran” is not linked"
    undo(panel)
    assert linked(store) == [(2, "Tehran", "Iran")]


def test_the_real_chooser_links_the_mention_to_the_actor_picked(qtbot, panel):
    store = store_of(panel)
    window = window_of(panel)
    open_document(qtbot, window, 2)
    iran = window.curator.change(lambda s, who: s.create_actor("Iran", annotator=who)).result
    caret_on(panel, "Tehran")
    seen: list[list[str]] = []

    def pick_iran() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ActorChooser)
        assert dialog.search.text() == "Tehran"  # pre-filled with the mention
        dialog.search.setText("ira")
        seen.append(dialog.rows())
        dialog.accept()

    QTimer.singleShot(0, pick_iran)
    assert panel.link_focused_mention() == iran
    assert seen == [["Iran", "Create “ira”"]]
    assert linked(store) == [(2, "Tehran", "Iran")]


def test_an_actor_the_chooser_creates_from_the_mention_is_linked_once(qtbot, panel, monkeypatch):
    store = store_of(panel)
    stack = window_of(panel).curator.undo_stack

    def chooser(parent, curator, text="", from_span_id=None):
        # What the real chooser does when the curator picks "Create …".
        change = curator.change(
            lambda s, who: s.create_actor(text, from_span_id=from_span_id, annotator=who)
        )
        return change.result

    monkeypatch.setattr(actor_panel_module, "choose_actor", chooser)
    caret_on(panel, "Baghdad")
    before = stack.count()
    actor_id = panel.link_focused_mention()
    assert store.actor(actor_id).name == "Baghdad"
    assert linked(store) == [(1, "Baghdad", "Baghdad")]
    assert stack.count() == before + 1  # no second, empty "link" step


def test_without_a_mention_under_the_caret_linking_says_what_to_do(qtbot, panel):
    messages: list[str] = []
    panel.sig_message.connect(messages.append)
    view = window_of(panel).document_view
    caret_on(panel, KH)
    cursor = view.text_edit.textCursor()
    cursor.setPosition(DOC_1.index("fighters") + 2)
    view.text_edit.setTextCursor(cursor)
    assert panel.focus_text() == "Put the caret on a mention to link it to an actor."
    assert panel.link_focused_mention() is None
    assert messages and "caret" in messages[0]


# -- editing the registry -----------------------------------------------------------------------


def test_alias_type_country_and_wikidata_are_edited_and_undone(qtbot, panel, message_boxes):
    store = store_of(panel)
    actor_id = make_actor_from_first_mention(qtbot, panel)

    type_into(qtbot, panel.alias_edit, "KH")
    assert store.actor(actor_id).aliases == ("KH",)
    assert panel.alias_names() == ("KH",)
    assert panel.alias_edit.text() == ""
    assert panel.link_all_button.text() == "Link all unlinked mentions (4)"

    combo = panel.type_combo
    index = combo.findData("political_militia")
    assert combo.itemText(index) == "political militia — 3 Political militias"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert store.actor(actor_id).type == "political_militia"
    assert panel.model.data(panel.model.index(0, 1)) == "Political militias"

    type_into(qtbot, panel.country_combo.lineEdit(), "Iraq")
    assert store.actor(actor_id).country == "IRQ"
    assert panel.country_combo.currentText() == "Iraq"
    assert panel.model.data(panel.model.index(0, 2)) == "IRQ"

    type_into(qtbot, panel.wikidata_edit, "https://www.wikidata.org/wiki/Q1754424")
    assert store.actor(actor_id).external_ids == {"wikidata": "Q1754424"}
    assert panel.wikidata_edit.text() == "Q1754424"

    # A country the registry does not know is refused, said, and the field shows the stored one.
    type_into(qtbot, panel.country_combo.lineEdit(), "Atlantis")
    assert store.actor(actor_id).country == "IRQ"
    (refusal,) = [text for text in message_boxes.texts() if "Atlantis" in text]
    assert "field country" in refusal
    assert panel.country_combo.currentText() == "Iraq"

    for _ in range(4):  # wikidata, country, type, alias
        undo(panel)
    actor = store.actor(actor_id)
    assert (actor.aliases, actor.type, actor.country, actor.external_ids) == ((), None, None, {})
    assert panel.alias_names() == ()
    assert panel.type_combo.currentIndex() == 0
    assert panel.country_combo.currentText() == ""
    assert panel.wikidata_edit.text() == ""


def test_an_alias_chip_removes_the_alias(qtbot, panel):
    store = store_of(panel)
    actor_id = make_actor_from_first_mention(qtbot, panel)
    type_into(qtbot, panel.alias_edit, "KH")
    type_into(qtbot, panel.alias_edit, "Hezbollah Brigades & allies")
    chips = panel.alias_chips()
    texts = sorted(chip.text() for chip in chips)
    # "&" doubled: shown as typed, not as a shortcut marker.
    assert texts == ["Hezbollah Brigades && allies  ✕", "KH  ✕"]
    chip = next(c for c in chips if c.property("alias") == "KH")
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert store.actor(actor_id).aliases == ("Hezbollah Brigades & allies",)
    assert panel.alias_names() == ("Hezbollah Brigades & allies",)
    undo(panel)
    assert store.actor(actor_id).aliases == ("Hezbollah Brigades & allies", "KH")


def test_renaming_keeps_the_search_and_the_selection(qtbot, panel):
    store = store_of(panel)
    actor_id = make_actor_from_first_mention(qtbot, panel)
    window_of(panel).curator.change(lambda s, who: s.create_actor("Kataib Sayyid", annotator=who))
    type_into(qtbot, panel.search, "kata")
    assert panel.result_names() == [KH, "Kataib Sayyid"]
    panel.select(actor_id)
    assert panel.search.text() == "kata"  # listed: the search stays

    type_into(qtbot, panel.name_edit, "Kata'ib Hezbollah")
    assert store.actor(actor_id).name == "Kata'ib Hezbollah"
    assert panel.search.text() == "kata"
    assert panel.selected_actor_id() == actor_id
    assert panel.table.currentIndex().row() == panel.model.row_of(actor_id)
    assert panel.focus_text() == f"“{KH}” → Kata'ib Hezbollah"
    assert window_of(panel).curator.undo_stack.undoText() == (
        f"Rename actor {KH} to Kata'ib Hezbollah"
    )
    undo(panel)
    assert store.actor(actor_id).name == KH
    assert panel.name_edit.text() == KH


def test_a_refresh_leaves_what_the_curator_is_typing(qtbot, panel):
    actor_id = make_actor_from_first_mention(qtbot, panel)
    panel.name_edit.setFocus()
    panel.name_edit.selectAll()
    qtbot.keyClicks(panel.name_edit, "Kata'ib Hez")
    # Another edit elsewhere (an accepted span, here a new actor) refreshes the panel.
    window_of(panel).curator.change(lambda s, who: s.create_actor("Other", annotator=who))
    assert panel.name_edit.text() == "Kata'ib Hez"
    assert panel.selected_actor_id() == actor_id
    # Another actor chosen: its fields replace the unfinished text, which went to the first.
    panel.select(store_of(panel).search_actors("Other")[0].id)
    assert panel.name_edit.text() == "Other"
    assert store_of(panel).actor(actor_id).name == "Kata'ib Hez"


def test_the_search_filters_as_the_curator_types(qtbot, panel):
    curator = window_of(panel).curator
    for name in ("Iran", "Iraq", "Islamic State"):
        curator.change(lambda s, who, n=name: s.create_actor(n, annotator=who))
    assert panel.result_names() == ["Iran", "Iraq", "Islamic State"]
    assert panel.registry_heading.text() == "Registry: 3 actors"
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "ir")
    assert panel.result_names() == ["Iran", "Iraq"]
    assert panel.registry_heading.text() == "Registry: 2 matches"
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.current_actor().name == "Iran"
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)  # an actor named "ir"
    assert panel.current_actor().name == "ir"


# -- linking every mention, merging, deleting ---------------------------------------------------


def test_link_all_unlinked_mentions_across_documents_in_one_step(qtbot, panel):
    store = store_of(panel)
    window = window_of(panel)
    actor_id = make_actor_from_first_mention(qtbot, panel)
    type_into(qtbot, panel.alias_edit, "KH")
    assert panel.link_all_button.text() == "Link all unlinked mentions (4)"

    qtbot.mouseClick(panel.link_all_button, Qt.MouseButton.LeftButton)

    assert sorted(linked(store)) == [
        (1, KH, KH),
        (1, KH, KH),
        (2, "KH", KH),
        (2, KH, KH),
        (2, "Kata’ib Hizbullah", KH),
    ]
    assert store.actor(actor_id).mention_count == 5
    assert {m.doc_id for m in store.actor_mentions(actor_id)} == {1, 2}
    assert window.curator.undo_stack.undoText() == (f"Link 4 mentions of “{KH}”, “KH” to {KH}")
    assert panel.link_all_button.text() == "Link all unlinked mentions (0)"
    assert not panel.link_all_button.isEnabled()
    assert panel.document_actor_rows() == [(KH, 2)]

    undo(panel)
    assert linked(store) == [(1, KH, KH)]
    assert store.actor(actor_id).mention_count == 1
    qtbot.waitUntil(lambda: panel.link_all_button.text() == "Link all unlinked mentions (4)")


def test_merge_asks_then_folds_one_actor_into_the_other(qtbot, panel, monkeypatch, message_boxes):
    store = store_of(panel)
    window = window_of(panel)
    keep = make_actor_from_first_mention(qtbot, panel)
    open_document(qtbot, window, 2)
    caret_on(panel, "KH")
    qtbot.mouseClick(panel.new_from_mention_button, Qt.MouseButton.LeftButton)
    drop = panel.selected_actor_id()
    assert drop != keep and store.actor(drop).name == "KH"
    chosen: list[str] = []

    def chooser(parent, curator, text="", from_span_id=None):
        chosen.append(text)
        return keep

    monkeypatch.setattr(actor_panel_module, "choose_actor", chooser)

    message_boxes.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert {a.name for a in store.search_actors("", limit=None)} == {KH, "KH"}
    question = message_boxes.texts()[-1]
    assert question.startswith(f"Merge “KH” (1 mention, 0 aliases) into “{KH}” (1 mention)?")

    message_boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert [a.name for a in store.search_actors("", limit=None)] == [KH]
    kept = store.actor(keep)
    assert (kept.aliases, kept.mention_count) == (("KH",), 2)
    assert sorted(linked(store)) == [(1, KH, KH), (2, "KH", KH)]
    assert panel.selected_actor_id() == keep
    assert panel.document_actor_rows() == [(KH, 1)]
    assert panel.focus_text() == f"“KH” → {KH}"

    undo(panel)
    assert {a.name for a in store.search_actors("", limit=None)} == {KH, "KH"}
    assert sorted(linked(store)) == [(1, KH, KH), (2, "KH", "KH")]
    assert store.actor(keep).aliases == ()


def test_an_actor_in_use_is_not_deleted_and_an_unused_one_is(qtbot, panel, message_boxes):
    store = store_of(panel)
    actor_id = make_actor_from_first_mention(qtbot, panel)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert store.actor(actor_id).name == KH
    assert any("used by 1 mention" in text for text in message_boxes.texts())

    unused = (
        window_of(panel)
        .curator.change(lambda s, who: s.create_actor("Nobody", annotator=who))
        .result
    )
    panel.select(unused)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert [a.name for a in store.search_actors("", limit=None)] == [KH]
    assert panel.selected_actor_id() is None
    undo(panel)
    assert store.actor(unused).name == "Nobody"


def test_double_clicking_an_actor_of_the_document_goes_to_its_mentions(qtbot, panel):
    store = store_of(panel)
    make_actor_from_first_mention(qtbot, panel)
    qtbot.mouseClick(panel.link_all_button, Qt.MouseButton.LeftButton)
    first, second = span_id(store, 1, KH, 0), span_id(store, 1, KH, 1)
    caret_on(panel, KH, 0)
    with qtbot.waitSignal(panel.sig_go_to_span) as blocker:
        panel.go_to_next_mention(panel.selected_actor_id())
    assert blocker.args == [second]
    assert window_of(panel).document_view.focused_span().id == second
    assert panel.go_to_next_mention(panel.selected_actor_id()) == first  # wraps


# -- CSV ----------------------------------------------------------------------------------------


def test_export_then_import_into_a_fresh_project(qtbot, panel, monkeypatch, tmp_path):
    store = store_of(panel)
    window = window_of(panel)
    actor_id = make_actor_from_first_mention(qtbot, panel)
    type_into(qtbot, panel.alias_edit, "KH")
    combo = panel.type_combo
    combo.activated.emit(combo.findData("political_militia"))
    type_into(qtbot, panel.country_combo.lineEdit(), "Iraq")
    type_into(qtbot, panel.wikidata_edit, "Q1754424")
    exported = tmp_path / "registry.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(exported), CSV_EXCEL)
    )
    panel.choose_export_file()
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # with BOM for Excel, as the filter chosen says
    assert KH.encode() in data
    before = store.actor(actor_id)

    assert window.open_project(tmp_path / "fresh.nmk", create=True)
    fresh = store_of(panel)
    assert fresh.search_actors("", limit=None) == []
    assert panel.result_names() == []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(exported), ""))
    panel.choose_import_file()

    (actor,) = fresh.search_actors("", limit=None)
    assert (actor.name, actor.type, actor.country, actor.aliases, actor.external_ids) == (
        before.name,
        "political_militia",
        "IRQ",
        ("KH",),
        {"wikidata": "Q1754424"},
    )
    assert panel.result_names() == [KH]
    dialog = panel.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text() == "registry.csv: 1 actor created, 0 updated, 0 unchanged."
    assert dialog.problems() == []
    undo(panel)
    assert fresh.search_actors("", limit=None) == []
    assert panel.export_csv(tmp_path / "plain.csv") == 0
    assert not (tmp_path / "plain.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_an_import_with_a_bad_row_lists_the_problem(qtbot, panel, tmp_path):
    store = store_of(panel)
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,type,country\nGovernment of Iraq,government,IRQ\nAtlantis Guard,military,Atlantis\n",
        encoding="utf-8",
    )
    report = panel.import_csv(path)
    assert report is not None and (report.created, report.updated) == (1, 0)
    assert [a.name for a in store.search_actors("", limit=None)] == ["Government of Iraq"]
    dialog = panel.import_dialog
    assert dialog.summary.text().startswith("bad.csv: 1 actor created, 0 updated, 0 unchanged.")
    assert "1 row skipped" in dialog.summary.text()
    (problem,) = dialog.problems()
    assert problem.startswith("bad.csv:3: column country: 'Atlantis' is not an ISO 3166 country")
    assert panel.model.data(panel.model.index(0, 1)) == "State forces"


def test_a_file_that_is_no_csv_is_refused_by_the_window(qtbot, panel, tmp_path, message_boxes):
    path = tmp_path / "notes.csv"
    path.write_text("just,some,columns\n1,2,3\n", encoding="utf-8")
    assert panel.import_csv(path) is None
    assert panel.import_dialog is None
    assert any("has no name column" in text for text in message_boxes.texts())


# -- looking at it ------------------------------------------------------------------------------


def test_the_panel_renders_legibly(qtbot, panel, tmp_path, request):
    window = window_of(panel)
    actor_id = make_actor_from_first_mention(qtbot, panel)
    for alias in ("KH", "Hezbollah Brigades", "Kataib Hezbollah", "Brigades of the Party of God"):
        type_into(qtbot, panel.alias_edit, alias)
    type_into(qtbot, panel.alias_edit, "<b>KH</b> & co")
    panel.type_combo.activated.emit(panel.type_combo.findData("political_militia"))
    type_into(qtbot, panel.country_combo.lineEdit(), "Iraq")
    type_into(qtbot, panel.wikidata_edit, "Q1754424")
    curator = window.curator
    for name, kind, country in (
        ("Government of Iraq", "government", "IRQ"),
        ("Iran", "government", "IRN"),
        ("Popular Mobilization Forces", "military", "IRQ"),
    ):
        curator.change(
            lambda s, who, n=name, k=kind, c=country: s.create_actor(
                n, type=k, country=c, annotator=who
            )
        )
    panel.select(actor_id)
    caret_on(panel, "Baghdad")
    assert 320 <= panel.width() <= 420
    chips = panel.alias_chips()
    assert len(chips) == 5 and all(chip.isVisible() for chip in chips)
    # The chips wrap inside the pane instead of widening it.
    assert len({chip.y() for chip in chips}) > 1
    assert max(chip.geometry().right() for chip in chips) < panel.alias_box.width()
    image = panel.grab()
    assert not image.isNull()
    shot = Path(request.config.getoption("basetemp") or tmp_path) / "actor_panel.png"
    assert image.save(str(shot))
    assert shot.stat().st_size > 0

    # Narrow, on a linked mention: the three buttons of a linked mention still fit.
    window.splitter.setSizes([300, 780, 320])
    caret_on(panel, KH, 1)
    assert panel.focus_text() == f"“{KH}” is not linked"
    caret_on(panel, KH, 0)
    assert panel.focus_text() == f"“{KH}” → {KH}"
    buttons = (panel.show_button, panel.change_button, panel.unlink_button)
    assert all(button.isVisible() for button in buttons)
    assert panel.unlink_button.geometry().right() < panel.width()
    assert panel.grab().save(str(shot.with_name("actor_panel_narrow.png")))
