"""What the store tests share: a project holding the documents a test writes, and its rows read
and written directly (to build states quickly, and to check that undo and redo restore them)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from newsmark.core.changes import Change
from newsmark.core.documents import Document
from newsmark.core.store import Store

# The tables an annotation edit may write, in the order a dump lists them.
ANNOTATION_TABLES = ("spans", "events", "event_arguments", "claims", "claim_targets", "relations")


class Rows:
    """A project's annotation rows, written and read with plain SQL.

    Written rows are recorded nowhere and checked against nothing, so a test reaches in one
    line a state the curation methods would refuse or take several steps to make (a label
    the schema lacks, an event of an unknown type). Threading: the test's thread only.
    """

    def __init__(self, store: Store):
        self.store = store

    def at(self, words: str, doc_id: int = 1) -> tuple[int, int]:
        """Where ``words`` first stand in the text of document ``doc_id``: (start, end)."""
        row = self.store.db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        start = row[0].index(words)
        return start, start + len(words)

    def span(
        self,
        words: str,
        label: str,
        *,
        doc_id: int = 1,
        status: str = "accepted",
        origin: str = "manual",
    ) -> int:
        """A span over the first ``words`` of the document; its id."""
        start, end = self.at(words, doc_id)
        cursor = self.store.db.execute(
            'INSERT INTO spans (doc_id, start, "end", label, text, status, origin, created_at, '
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 't', 't')",
            [doc_id, start, end, label, words, status, origin],
        )
        return int(cursor.lastrowid)

    def event(
        self,
        event_type: str,
        subtype: str | None,
        trigger: int | str | None,
        *,
        doc_id: int = 1,
        status: str = "accepted",
        attributes: dict[str, Any] | None = None,
    ) -> int:
        """An event; ``trigger`` is a span id, or words of the document that get an accepted
        TRIGGER span, or None. Its id."""
        if isinstance(trigger, str):
            trigger = self.span(trigger, "TRIGGER", doc_id=doc_id)
        cursor = self.store.db.execute(
            "INSERT INTO events (doc_id, type, subtype, trigger_span_id, status, attributes, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 't', 't')",
            [doc_id, event_type, subtype, trigger, status, json.dumps(attributes or {})],
        )
        return int(cursor.lastrowid)

    def dump(self) -> dict[str, list[tuple]]:
        """Every annotation row, table by table in rowid order, and each document's status."""
        db = self.store.db
        found = {
            table: [tuple(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
            for table in ANNOTATION_TABLES
        }
        found["status"] = [tuple(r) for r in db.execute("SELECT id, status FROM documents")]
        return found

    def check_undo_redo(self, change: Change, before: dict, after: dict | None = None) -> None:
        """Undoing ``change`` gives back exactly ``before``; redoing it, exactly ``after``
        (by default the rows as they are now)."""
        after = self.dump() if after is None else after
        assert change.changed
        self.store.undo_change(change)
        assert self.dump() == before
        self.store.redo_change(change)
        assert self.dump() == after


@pytest.fixture
def open_project(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """A function that opens a new project in ``tmp_path`` holding the documents given as
    (text, title) pairs, ids from 1 in that order; the project is closed after the test."""
    with ExitStack() as stack:

        def open_(*documents: tuple[str, str]) -> Store:
            store = stack.enter_context(Store.open(tmp_path / "p.nmk"))
            store.add_documents([Document(text=text, title=title) for text, title in documents])
            return store

        yield open_


@pytest.fixture
def rows(store: Store) -> Rows:
    """The rows of the test module's ``store``."""
    return Rows(store)
