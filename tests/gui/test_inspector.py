"""The inspector reads only the tab on screen after an edit; hidden tabs catch up when shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmark.core.documents import Document
from newsmark.core.store import Store

TEXT = "Gunmen attacked a police post in Karsh on Friday. The governor condemned the attack."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.nmk"
    with Store.open(path) as store:
        store.add_documents([Document(text=TEXT, title="Karsh")])
        start = TEXT.index("attacked")
        event = store.create_event(1, "Battles", "Armed clash", trigger=(start, start + 8)).result
        cue = TEXT.index("condemned")
        claim = store.create_claim(1, "condemnation", cue=(cue, cue + 9)).result
        store.add_relation("responds_to", ("claim", claim), ("event", event))
        place = TEXT.index("Karsh")
        span = store.create_span(1, place, place + 5, "GPE", annotator="ana").after[0][0]
        actor = store.create_actor("Karsh", country="IQ").result
        store.link_mention(span, actor)
    return path


def test_record_counts_match_what_each_tab_lists(project):
    with Store.open(project, create=False) as store:
        counts = store.document_record_counts(1)
        assert counts == {"event": 1, "claim": 1, "relation": 1, "actor": 1}
        store.set_event_status(1, "rejected")
        assert store.document_record_counts(1)["event"] == 0


def test_hidden_tabs_are_read_when_shown_and_titled_from_the_counts(
    qtbot, open_window, project, monkeypatch
):
    window = open_window(project)
    reads: list[str] = []
    for kind, panel in window.record_panels.items():
        original = panel.show_document
        monkeypatch.setattr(
            panel, "show_document", lambda d, o=original, k=kind: (reads.append(k), o(d))
        )
    assert window.corpus_panel.select_document(1)
    qtbot.waitUntil(lambda: window.document_view.document() is not None)
    inspector = window.inspector
    titles = [inspector.tabText(i) for i in range(inspector.count())]
    assert titles == ["Spans", "Events (1)", "Claims (1)", "Relations (1)", "Actors (1)"]
    assert reads == []  # the Spans tab is on screen: nothing else was read

    inspector.show_panel(window.claim_panel)
    assert reads == ["claim"] and window.claim_panel.count() == 1
    reads.clear()
    window.curator.change(lambda store, who: store.delete_claim(1))
    assert reads == ["claim"]  # only the tab on screen reads again
    titles = [inspector.tabText(i) for i in range(inspector.count())]
    assert titles[2] == "Claims" and titles[3] == "Relations"  # the relation went with it


def test_the_spans_table_is_filled_when_its_tab_comes_back(qtbot, open_window, project):
    window = open_window(project)
    assert window.corpus_panel.select_document(1)
    qtbot.waitUntil(lambda: window.document_view.document() is not None)
    table = window.span_panel.model
    shown = table.rowCount()
    window.inspector.show_panel(window.event_panel)
    start = TEXT.index("police post")
    window.curator.create_span(1, start, start + 11, "FAC")
    assert table.rowCount() == shown  # hidden: not refilled after the edit
    window.inspector.setCurrentWidget(window.span_panel)
    assert table.rowCount() == shown + 1
