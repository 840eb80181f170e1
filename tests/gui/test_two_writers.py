"""Two programs on one project: the window takes a backup when it opens a project, a command
writing to the same file while the window is open serialises with it (nothing lost, nothing
damaged), and the window notices the other program's changes and shows them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from newsmark.core.backups import list_backups
from newsmark.core.documents import Document
from newsmark.core.store import Store

TEXT = "Gunmen attacked a checkpoint near Gao on Monday, the army said."


def test_another_programs_writes_are_shown_and_nothing_is_lost(
    qtbot, open_window, tmp_path, wait_loaded
):
    project = tmp_path / "shared.nmk"
    with Store.open(project) as store:
        store.add_documents([Document(text=TEXT, title="Checkpoint attack")])
    window = open_window(project)
    qtbot.waitUntil(lambda: window.last_backup is not None, timeout=10_000)
    assert list_backups(project)[0].path == window.last_backup
    window.show_document(1)
    # The window edits; a command-line process writes to the same file at the same time.
    start = TEXT.index("Gao")
    script = (
        "import sys; from newsmark.core.store import Store;"
        "s = Store.open(sys.argv[1], create=False);"
        "s.create_span(1, 0, 6, 'ORG', annotator='cli');"
        "s.set_document_status(1, 'done'); s.close()"
    )
    other = subprocess.Popen([sys.executable, "-c", script, str(project)])
    assert window.curator.create_span(1, start, start + 3, "GPE")
    assert other.wait(timeout=60) == 0
    assert window.check_external_changes()
    shown = {(s.text, s.label) for s in window.document_view.spans()}
    assert shown == {("Gao", "GPE"), ("Gunmen", "ORG")}
    wait_loaded(window.model)
    assert window.model.row_data(window.model.row_of(1)).status == "done"
    assert not window.check_external_changes()  # nothing new since
    with sqlite3.connect(project) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 2


def test_the_window_does_not_take_its_own_edits_for_another_programs(
    qtbot, open_window, tmp_path: Path
):
    project = tmp_path / "own.nmk"
    with Store.open(project) as store:
        store.add_documents([Document(text=TEXT)])
    window = open_window(project)
    window.show_document(1)
    assert window.curator.create_span(1, 0, 6, "ORG")
    assert not window.check_external_changes()
