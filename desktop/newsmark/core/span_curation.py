"""Curating a document's spans: create, accept, reject, relabel, delete; and undoing each.

Every edit runs in one transaction and hands back a :class:`SpanEdit`: the state of each span
it touched before and after, and the document's status before and after. Undo writes the
*before* states back with :meth:`SpanCuration.apply_states`, redo writes the *after* states,
so a span deleted and brought back keeps its id, and later edits that name that id still
find it. The SQL lives here, as part of the Store (``Store`` inherits this class); nothing
outside the store runs SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsmark.core.clock import utc_now
from newsmark.core.errors import NewsmarkError

if TYPE_CHECKING:
    from sqlite_utils import Database

ACCEPTED = "accepted"
REJECTED = "rejected"
SUGGESTED = "suggested"
SPAN_STATUSES = (SUGGESTED, ACCEPTED, REJECTED)
MANUAL = "manual"

_COLUMNS = (
    'id, doc_id, start, "end", label, text, actor_id, status, origin, score, annotator, '
    "attributes, created_at, updated_at"
)


class CurationError(NewsmarkError):
    """An edit that cannot be made as asked (bad offsets, a span in use); nothing changed."""


@dataclass(frozen=True, slots=True)
class SpanState:
    """Every stored column of one span, so that it can be written back exactly."""

    id: int
    doc_id: int
    start: int
    end: int
    label: str
    text: str
    actor_id: int | None
    status: str
    origin: str
    score: float | None
    annotator: str | None
    attributes: str  # JSON, kept as stored
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class SpanEdit:
    """What one edit changed in one document.

    ``before`` and ``after`` hold, per touched span id, its state before and after the edit
    (None: the span did not exist then). ``status_before``/``status_after`` are the document's
    curation status around the edit (the first edit of a new document marks it in progress).
    """

    doc_id: int
    before: tuple[tuple[int, SpanState | None], ...]
    after: tuple[tuple[int, SpanState | None], ...]
    status_before: str
    status_after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.status_before != self.status_after

    def span_ids(self) -> list[int]:
        return [span_id for span_id, _state in self.after]

    def created(self) -> list[SpanState]:
        """Spans this edit brought into existence."""
        old = dict(self.before)
        return [state for span_id, state in self.after if state and old.get(span_id) is None]


def _state(row: Sequence[object]) -> SpanState:
    return SpanState(*row)  # type: ignore[arg-type]


class SpanCuration:
    """The Store's span edits (see the module docstring); mixed into :class:`Store`.

    Threading: like the Store, one thread per instance.
    """

    db: Database

    # -- reading ----------------------------------------------------------------------------

    def span_states(self, span_ids: Iterable[int]) -> dict[int, SpanState]:
        ids = list(dict.fromkeys(span_ids))
        found: dict[int, SpanState] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {_COLUMNS} FROM spans WHERE id IN ({marks})"
            for row in self.db.execute(sql, chunk):
                found[row[0]] = _state(row)
        return found

    def _document_text_and_status(self, doc_id: int) -> tuple[str, str]:
        sql = "SELECT text, status FROM documents WHERE id = ?"
        row = self.db.execute(sql, [doc_id]).fetchone()
        if row is None:
            raise CurationError(f"document {doc_id} is not in the project")
        return row[0], row[1]

    # -- edits ------------------------------------------------------------------------------

    def create_span(
        self,
        doc_id: int,
        start: int,
        end: int,
        label: str,
        *,
        annotator: str | None,
        now: str | None = None,
    ) -> SpanEdit:
        """Annotate ``text[start:end]`` with ``label``, accepted, by ``annotator``.

        A span with these offsets and this label that is already stored (a suggestion, or one
        rejected before) is accepted instead of being added twice.
        """
        label = _checked_label(label)
        now = now or utc_now()
        with self.db.atomic():
            self._register(annotator, now)
            text, status = self._document_text_and_status(doc_id)
            if not 0 <= start < end <= len(text):
                raise CurationError(
                    f"document {doc_id}: offsets {start}-{end} are outside its text (0-{len(text)})"
                )
            row = self.db.execute(
                f'SELECT {_COLUMNS} FROM spans WHERE doc_id = ? AND start = ? AND "end" = ? '
                "AND label = ? ORDER BY id LIMIT 1",
                [doc_id, start, end, label],
            ).fetchone()
            if row is not None:
                return self._accept(_state(row), status, annotator, now)
            cursor = self.db.execute(
                """INSERT INTO spans (doc_id, start, "end", label, text, status, origin,
                       annotator, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, 'accepted', 'manual', ?, ?, ?)""",
                [doc_id, start, end, label, text[start:end], annotator, now, now],
            )
            span_id = int(cursor.lastrowid or 0)
            created = self.span_states([span_id])[span_id]
            return self._write(doc_id, status, [(span_id, None)], [created], now, stored=True)

    def set_span_status(
        self, span_ids: Sequence[int], status: str, *, annotator: str | None, now: str | None = None
    ) -> SpanEdit:
        """Accept or reject spans of one document (e.g. every suggestion of one label)."""
        if status not in (ACCEPTED, REJECTED):
            raise CurationError(f"a curator sets spans accepted or rejected, not {status!r}")
        now = now or utc_now()
        with self.db.atomic():
            self._register(annotator, now)
            old = self._spans_of_one_document(span_ids)
            doc_id = old[0].doc_id
            _text, doc_status = self._document_text_and_status(doc_id)
            changed = [
                replace(state, status=status, annotator=annotator, updated_at=now)
                for state in old
                if state.status != status
            ]
            before = [(state.id, state) for state in old if state.status != status]
            return self._write(doc_id, doc_status, before, changed, now)

    def relabel_span(
        self, span_id: int, label: str, *, annotator: str | None, now: str | None = None
    ) -> SpanEdit:
        """Give a span another label and accept it.

        The span keeps its id and origin; a suggestion's first label is kept in its
        attributes as ``suggested_label``. When the same words already carry a span with the
        new label, that one is accepted and this one rejected, so the text never holds two
        identical spans.
        """
        label = _checked_label(label)
        now = now or utc_now()
        with self.db.atomic():
            self._register(annotator, now)
            (old,) = self._spans_of_one_document([span_id])
            _text, doc_status = self._document_text_and_status(old.doc_id)
            if old.label == label:
                return self._accept(old, doc_status, annotator, now)
            twin = self.db.execute(
                f'SELECT {_COLUMNS} FROM spans WHERE doc_id = ? AND start = ? AND "end" = ? '
                "AND label = ? AND id != ? ORDER BY id LIMIT 1",
                [old.doc_id, old.start, old.end, label, old.id],
            ).fetchone()
            if twin is not None:
                other = _state(twin)
                new_states = [
                    replace(other, status=ACCEPTED, annotator=annotator, updated_at=now),
                    replace(old, status=REJECTED, annotator=annotator, updated_at=now),
                ]
                before = [(other.id, other), (old.id, old)]
                return self._write(old.doc_id, doc_status, before, new_states, now)
            attributes = old.attributes
            if old.origin != MANUAL:
                attributes = _with_suggested_label(old.attributes, old.label)
            new = replace(
                old,
                label=label,
                status=ACCEPTED,
                annotator=annotator,
                attributes=attributes,
                updated_at=now,
            )
            return self._write(old.doc_id, doc_status, [(old.id, old)], [new], now)

    def delete_span(
        self, span_id: int, *, annotator: str | None, now: str | None = None
    ) -> SpanEdit:
        """Remove a span a curator made; a suggested span is rejected instead.

        A suggestion is kept as rejected so that running the suggesters again does not bring
        it back. A span that an event, a claim or a relation uses is refused, with what uses
        it named, because deleting it would silently change that annotation.
        """
        now = now or utc_now()
        with self.db.atomic():
            self._register(annotator, now)
            (old,) = self._spans_of_one_document([span_id])
            _text, doc_status = self._document_text_and_status(old.doc_id)
            if old.origin != MANUAL:
                if old.status == REJECTED:
                    return self._edit(old.doc_id, doc_status, [(old.id, old)], [(old.id, old)])
                new = replace(old, status=REJECTED, annotator=annotator, updated_at=now)
                return self._write(old.doc_id, doc_status, [(old.id, old)], [new], now)
            users = self.span_users(span_id)
            if users:
                raise CurationError(
                    f"span {span_id} (“{old.text}”) is used by {', '.join(users)}; "
                    "remove it there first"
                )
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
            return self._write(old.doc_id, doc_status, [(old.id, old)], [None], now, ids=[old.id])

    def span_users(self, span_id: int) -> list[str]:
        """The events, claims and relations that point at a span, as short descriptions."""
        users = []
        for (event_id,) in self.db.execute(
            "SELECT id FROM events WHERE trigger_span_id = ? UNION "
            "SELECT event_id FROM event_arguments WHERE span_id = ?",
            [span_id, span_id],
        ):
            users.append(f"event {event_id}")
        for (claim_id,) in self.db.execute(
            "SELECT id FROM claims WHERE ? IN (content_span_id, cue_span_id, claimant_span_id)",
            [span_id],
        ):
            users.append(f"claim {claim_id}")
        for (relation_id,) in self.db.execute(
            "SELECT id FROM relations WHERE (head_kind = 'span' AND head_id = ?) "
            "OR (child_kind = 'span' AND child_id = ?)",
            [span_id, span_id],
        ):
            users.append(f"relation {relation_id}")
        return users

    # -- undo and redo ----------------------------------------------------------------------

    def apply_states(
        self, doc_id: int, states: Sequence[tuple[int, SpanState | None]], doc_status: str
    ) -> None:
        """Make each listed span exactly as given (None: absent), and set the document status.

        Undo passes an edit's ``before``, redo its ``after``. Spans are updated in place (an
        upsert, never delete-and-insert, so events and claims pointing at them are untouched).
        """
        with self.db.atomic():
            for span_id, state in states:
                if state is None:
                    self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
                    continue
                self.db.execute(
                    f"""INSERT INTO spans ({_COLUMNS})
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET
                            start = excluded.start, "end" = excluded."end",
                            label = excluded.label, text = excluded.text,
                            actor_id = excluded.actor_id, status = excluded.status,
                            origin = excluded.origin, score = excluded.score,
                            annotator = excluded.annotator, attributes = excluded.attributes,
                            created_at = excluded.created_at, updated_at = excluded.updated_at""",
                    [
                        state.id,
                        state.doc_id,
                        state.start,
                        state.end,
                        state.label,
                        state.text,
                        state.actor_id,
                        state.status,
                        state.origin,
                        state.score,
                        state.annotator,
                        state.attributes,
                        state.created_at,
                        state.updated_at,
                    ],
                )
            self.db.execute("UPDATE documents SET status = ? WHERE id = ?", [doc_status, doc_id])

    # -- helpers ----------------------------------------------------------------------------

    def _register(self, annotator: str | None, now: str) -> None:
        # Spans name their annotator by a foreign key: the first edit registers the name.
        if annotator:
            self.db.execute(
                "INSERT OR IGNORE INTO annotators (id, name, created_at) VALUES (?, ?, ?)",
                [annotator, annotator, now],
            )

    def _spans_of_one_document(self, span_ids: Sequence[int]) -> list[SpanState]:
        if not span_ids:
            raise CurationError("no spans given")
        found = self.span_states(span_ids)
        missing = [span_id for span_id in span_ids if span_id not in found]
        if missing:
            raise CurationError(f"span {', '.join(map(str, missing))} is no longer in the project")
        states = [found[span_id] for span_id in dict.fromkeys(span_ids)]
        if len({state.doc_id for state in states}) > 1:
            raise CurationError("one edit changes the spans of one document")
        return states

    def _write(
        self,
        doc_id: int,
        doc_status: str,
        before: list[tuple[int, SpanState | None]],
        after: list[SpanState | None],
        now: str,
        *,
        stored: bool = False,
        ids: list[int] | None = None,
    ) -> SpanEdit:
        """Store ``after`` (unless ``stored``), mark the document in progress; the edit."""
        after_ids = ids if ids is not None else [state.id for state in after if state]
        if not stored:
            for state in after:
                if state is not None:
                    self.db.execute(
                        """UPDATE spans SET label = ?, status = ?, annotator = ?,
                               attributes = ?, updated_at = ? WHERE id = ?""",
                        [
                            state.label,
                            state.status,
                            state.annotator,
                            state.attributes,
                            state.updated_at,
                            state.id,
                        ],
                    )
        status_after = doc_status
        if after and doc_status == "new":
            status_after = "in_progress"
            self.db.execute(
                "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                [status_after, now, doc_id],
            )
        return SpanEdit(
            doc_id,
            tuple(before),
            tuple(zip(after_ids, after, strict=True)),
            doc_status,
            status_after,
        )

    def _accept(self, old: SpanState, doc_status: str, annotator: str | None, now: str) -> SpanEdit:
        """Accept ``old`` unless it is accepted already (then the edit changes nothing)."""
        if old.status == ACCEPTED:
            return self._edit(old.doc_id, doc_status, [(old.id, old)], [(old.id, old)])
        new = replace(old, status=ACCEPTED, annotator=annotator, updated_at=now)
        return self._write(old.doc_id, doc_status, [(old.id, old)], [new], now)

    def _edit(
        self,
        doc_id: int,
        doc_status: str,
        before: list[tuple[int, SpanState | None]],
        after: list[tuple[int, SpanState | None]],
    ) -> SpanEdit:
        return SpanEdit(doc_id, tuple(before), tuple(after), doc_status, doc_status)


def _checked_label(label: str) -> str:
    label = label.strip()
    if not label:
        raise CurationError("a span needs a label")
    return label


def _with_suggested_label(attributes: str, label: str) -> str:
    try:
        data = json.loads(attributes) if attributes else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    data.setdefault("suggested_label", label)
    return json.dumps(data, ensure_ascii=False)
