"""Undoable edits of structured records, recorded row by row and replayed exactly.

An edit of events, claims, actors, relations or the project's schema first declares the rows
it may touch, as *scopes*: a table and a WHERE clause. The recorder reads each scope before
the edit writes and again after, inside the edit's one transaction, and hands back a
:class:`Change` holding both states. Undo puts the *before* rows back, redo the *after* rows,
ids included, so a later edit that names an id still finds it.

A scope must cover every row the edit changes in that table, before and after; it is read
again when the change is replayed, when the file is in the other state, so a WHERE clause
that selects by a value the edit changes (an actor id during a merge) lists both values.

Rows other rows point at (actors, spans, events, claims) are updated in place and only the
ones that should not exist are deleted, children first, so no ``ON DELETE`` action touches a
row outside the change. Rows nothing points at (aliases, arguments, claim targets,
relations, the schema row) are replaced as a whole scope.

Pure Python: this module never imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsmark.core.clock import utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database

# Parents before children: inserts follow this order, deletes the reverse.
TABLE_ORDER = (
    "label_schema",
    "actors",
    "actor_aliases",
    "spans",
    "events",
    "event_arguments",
    "claims",
    "claim_targets",
    "relations",
)
# Tables whose rows other rows reference by id.
ENTITY_TABLES = frozenset({"actors", "spans", "events", "claims"})
# Tables without an id column.
_ROWID_TABLES = frozenset({"actor_aliases", "claim_targets"})


@dataclass(frozen=True, slots=True)
class TableRows:
    """One scope of a change: its rows before and after, as full stored tuples."""

    table: str
    where: str
    params: tuple[Any, ...]
    columns: tuple[str, ...]
    before: tuple[tuple[Any, ...], ...]
    after: tuple[tuple[Any, ...], ...]

    @property
    def changed(self) -> bool:
        return set(self.before) != set(self.after)

    def ids(self) -> set[int]:
        """Ids of the rows in either state (entity tables)."""
        return {row[0] for row in self.before} | {row[0] for row in self.after}


@dataclass(frozen=True, slots=True)
class Change:
    """What one edit did: its scopes before and after, and the document's status around it.

    ``doc_id`` is the document the edit was made on (None for corpus-wide edits such as a
    registry merge). ``result`` is what the edit made, for the caller (a new event's id).
    """

    description: str
    doc_id: int | None
    scopes: tuple[TableRows, ...]
    status_before: str | None = None
    status_after: str | None = None
    result: Any = None

    @property
    def changed(self) -> bool:
        return self.status_before != self.status_after or any(s.changed for s in self.scopes)

    def ids(self, table: str) -> list[int]:
        """Ids of ``table``'s rows this change touched (in either state), sorted."""
        found: set[int] = set()
        for scope in self.scopes:
            if scope.table == table and scope.changed:
                found |= scope.ids()
        return sorted(found)

    def doc_ids(self) -> list[int]:
        """Every document whose annotations this change touched, sorted."""
        found = {self.doc_id} if self.doc_id is not None else set()
        for scope in self.scopes:
            if scope.table in ("spans", "events", "claims") and scope.changed:
                index = scope.columns.index("doc_id")
                found |= {row[index] for row in scope.before + scope.after}
        return sorted(found)


# table, where, params, columns, rows before
_Scope = tuple[str, str, tuple[Any, ...], tuple[str, ...], tuple[tuple[Any, ...], ...]]


@dataclass(slots=True)
class ChangeRecorder:
    """Collects the scopes of one edit while it runs; see :meth:`ChangeReplay._recording`."""

    db: Database
    doc_id: int | None
    description: str
    result: Any = None
    change: Change | None = None
    _pending: list[
        tuple[str, str, tuple[Any, ...], tuple[str, ...], tuple[tuple[Any, ...], ...]]
    ] = field(default_factory=list)

    def watch(self, table: str, where: str, params: Sequence[Any] = ()) -> None:
        """Declare that the edit may change ``table``'s rows matching ``where``; read them now.

        Declare a new row (one the edit is about to insert) after inserting it, with
        :meth:`created`.
        """
        if table not in TABLE_ORDER:
            raise ValueError(f"{table!r} is not a table edits can record")
        columns, rows = _read(self.db, table, where, tuple(params))
        self._pending.append((table, where, tuple(params), columns, rows))

    def watch_ids(self, table: str, ids: Sequence[int]) -> None:
        """:meth:`watch` the rows of ``table`` with these ids."""
        ids = sorted(set(ids))
        if ids:
            self.watch(table, f"id IN ({', '.join('?' * len(ids))})", ids)

    def created(self, table: str, row_id: int) -> None:
        """Record a row the edit has just inserted: it did not exist before."""
        columns, _rows = _read(self.db, table, "0", ())
        self._pending.append((table, "id = ?", (row_id,), columns, ()))

    def finish(self) -> tuple[TableRows, ...]:
        scopes = []
        for table, where, params, columns, before in self._pending:
            _columns, after = _read(self.db, table, where, params)
            scopes.append(TableRows(table, where, params, columns, before, after))
        return tuple(scopes)


def _read(
    db: Database, table: str, where: str, params: tuple[Any, ...]
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    if table in _ROWID_TABLES:
        # No id column: the rowid is read and written back too, so undo keeps row order.
        sql = f"SELECT rowid, * FROM [{table}] WHERE {where} ORDER BY rowid"
    else:
        sql = f"SELECT * FROM [{table}] WHERE {where} ORDER BY 1"
    cursor = db.execute(sql, list(params))
    columns = tuple(d[0] for d in cursor.description)
    return columns, tuple(tuple(row) for row in cursor.fetchall())


class ChangeReplay:
    """The Store's recorded edits: the recording context and undo/redo; mixed into the Store.

    Threading: like the Store, one thread per instance.
    """

    db: Database

    @contextmanager
    def _recording(self, doc_id: int | None, description: str) -> Iterator[ChangeRecorder]:
        """Run an edit in one transaction, recording what it changes.

        Declare every scope (``recorder.watch``) before the first write, and new rows
        (``recorder.created``) right after inserting them. After the block,
        ``recorder.change`` holds the :class:`Change`. The first change to a new document
        marks it in progress, as span edits do.
        """
        with self.db.atomic():
            recorder = ChangeRecorder(self.db, doc_id, description)
            status_before = self._status_of(doc_id)
            yield recorder
            scopes = recorder.finish()
            status_after = status_before
            if status_before == "new" and any(s.changed for s in scopes):
                status_after = "in_progress"
                self.db.execute(
                    "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                    [status_after, utc_now(), doc_id],
                )
            recorder.change = Change(
                recorder.description,
                doc_id,
                scopes,
                status_before,
                status_after,
                recorder.result,
            )

    def _status_of(self, doc_id: int | None) -> str | None:
        if doc_id is None:
            return None
        row = self.db.execute("SELECT status FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def undo_change(self, change: Change) -> None:
        """Put back the state before ``change`` (the file must be in the state after it)."""
        self._replay(change, undo=True)

    def redo_change(self, change: Change) -> None:
        """Put back the state after ``change`` (the file must be in the state before it)."""
        self._replay(change, undo=False)

    def _replay(self, change: Change, *, undo: bool) -> None:
        rank = {table: i for i, table in enumerate(TABLE_ORDER)}
        scopes = sorted(change.scopes, key=lambda s: rank[s.table])
        with self.db.atomic():
            # Rows are written back in table order, not in the order of references within one
            # table (a nested claim may point at a parent with a higher id): foreign keys are
            # checked at commit. The pragma ends with the transaction.
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            # Children first: delete what must not exist, so no cascade reaches further.
            for scope in reversed(scopes):
                target = scope.before if undo else scope.after
                if scope.table in ENTITY_TABLES:
                    keep = {row[0] for row in target}
                    _current, rows = _read(self.db, scope.table, scope.where, scope.params)
                    gone = [row[0] for row in rows if row[0] not in keep]
                    for row_id in gone:
                        self.db.execute(f"DELETE FROM [{scope.table}] WHERE id = ?", [row_id])
                else:
                    self.db.execute(
                        f"DELETE FROM [{scope.table}] WHERE {scope.where}", list(scope.params)
                    )
            # Parents first: write every row of the target state. Two scopes of one table may
            # hold the same row, so rows are gathered per table and written once.
            targets: dict[str, tuple[tuple[str, ...], dict[Any, tuple[Any, ...]]]] = {}
            for scope in scopes:
                _columns, rows = targets.setdefault(scope.table, (scope.columns, {}))
                for row in scope.before if undo else scope.after:
                    rows[row[0]] = row  # by id or rowid: two scopes may hold one row
            for table, (columns, rows) in targets.items():
                if not rows:
                    continue
                names = ", ".join(f"[{c}]" for c in columns)
                marks = ", ".join("?" * len(columns))
                sql = f"INSERT INTO [{table}] ({names}) VALUES ({marks})"
                if columns[0] == "id":
                    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns[1:])
                    sql += f" ON CONFLICT(id) DO UPDATE SET {updates}"
                self.db.conn.executemany(sql, list(rows.values()))
            status = change.status_before if undo else change.status_after
            if change.doc_id is not None and status is not None:
                self.db.execute(
                    "UPDATE documents SET status = ? WHERE id = ? AND status != ?",
                    [status, change.doc_id, status],
                )
