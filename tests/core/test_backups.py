"""Rolling backups: taken with SQLite's backup API (consistent while another connection
writes), the newest few kept, none when nothing changed or one was just taken, restored in
place after a safety copy; the commands that write take one, and ``newsmark restore``."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from newsmark.cli import main
from newsmark.core import backups
from newsmark.core.backups import BackupError, list_backups, restore_backup, take_backup
from newsmark.core.documents import Document
from newsmark.core.store import Store


def add(path: Path, text: str) -> None:
    with Store.open(path) as store:
        store.add_documents([Document(text=text)])


def count(path: Path) -> int:
    with Store.open(path, create=False) as store:
        return len(store.document_ids())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "work.nmk"
    add(path, "Rebels shelled Kersh on Tuesday.")
    return path


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr(backups, "MIN_INTERVAL", 0)


def test_a_backup_is_a_readable_copy_kept_outside_the_project_folder(project):
    taken = take_backup(project)
    assert taken is not None and taken.parent == backups.backup_folder(project)
    assert not taken.is_relative_to(project.parent)
    with sqlite3.connect(taken) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (only,) = list_backups(project)
    assert only.path == taken and only.documents == 1


def test_nothing_is_taken_when_nothing_changed_or_one_was_just_taken(project, no_wait):
    assert take_backup(project) is not None
    assert take_backup(project) is None  # unchanged
    time.sleep(0.01)
    add(project, "Police dispersed protesters in Basra.")
    assert take_backup(project) is not None
    add(project, "A ceasefire was signed in Gao.")
    backups.MIN_INTERVAL = 3600
    assert take_backup(project) is None  # changed, but one is less than an hour old
    assert take_backup(project, force=True) is not None


def test_only_the_newest_are_kept(project, no_wait):
    for n in range(7):
        add(project, f"Article number {n} about a strike.")
        take_backup(project, keep=3)
    kept = list_backups(project)
    assert [b.documents for b in kept] == [8, 7, 6]


def test_a_backup_taken_while_another_connection_writes_is_consistent(project, no_wait):
    with Store.open(project) as writer:
        writer.add_documents([Document(text="Committed before the backup.")])
        with writer.transaction():
            writer.add_documents([Document(text="Not yet committed.")])
            taken = take_backup(project, force=True)
    with sqlite3.connect(taken) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_restoring_puts_the_backup_back_and_keeps_what_was_there(project, no_wait):
    first = take_backup(project)
    add(project, "Written after the backup.")
    safety = restore_backup(project, first)
    assert count(project) == 1
    assert safety != first and list_backups(project)[0].path == safety
    assert list_backups(project)[0].documents == 2
    with pytest.raises(BackupError, match="not a readable Newsmark backup"):
        bad = project.parent / "junk.nmk"
        bad.write_bytes(b"junk" * 100)
        restore_backup(project, bad)
    assert count(project) == 1


def test_commands_that_write_back_up_first_and_restore_lists_and_restores(
    project, no_wait, tmp_path, capsys
):
    article = tmp_path / "a.txt"
    article.write_text("Floods displaced families in Sindh on Friday.\n", encoding="utf-8")
    assert main(["import", str(article), "--project", str(project), "--quiet"]) == 0
    assert [b.documents for b in list_backups(project)] == [1]  # taken before the import
    assert count(project) == 2
    capsys.readouterr()
    assert main(["restore", "--project", str(project)]) == 0
    listing = capsys.readouterr().out
    assert listing.lstrip().startswith("1  ") and "1 documents" in listing
    assert main(["restore", "1", "--project", str(project)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert count(project) == 1
    assert main(["restore", "--now", "--project", str(project)]) == 0
    with pytest.raises(SystemExit):
        main(["restore", "99", "--project", str(project)])
