"""Curating relations: labelled links between spans, events, claims and actors.

A relation names its two ends by kind and id (``head_kind``/``head_id``,
``child_kind``/``child_id``); the schema's relation label says which kinds each end may be.
A relation lies in the document of its ends; one whose ends are events or actors of different
documents ("these two articles report the same strike") has no document (``doc_id`` NULL) and
is shown with either end's document. Relations have no foreign keys: deleting an end is
expected to delete the relations pointing at it.

Every edit is recorded for undo (see core/changes.py). Pure Python: never imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsmark.core.changes import Change
from newsmark.core.clock import utc_now
from newsmark.core.schema import RELATION_ENDS
from newsmark.core.span_curation import ACCEPTED, REJECTED, CurationError
from newsmark.core.wording import short

if TYPE_CHECKING:
    from sqlite_utils import Database

    from newsmark.core.changes import ChangeRecorder
    from newsmark.core.schema import RelationLabel, Schema

SAME_EVENT = "same_event"
# Kinds whose records stand outside any one article's text, so a link between two
# documents can still be shown and followed from either side.
CROSS_DOCUMENT_KINDS = frozenset({"event", "actor"})

End = tuple[str, int]  # (kind, id)


@dataclass(frozen=True, slots=True)
class RelationEnd:
    """What a relation end is, resolved: its document, display text and a span to go to.

    ``doc_id`` is None for actors; ``span_id``/``start`` place the end in the text (an event's
    trigger, a claim's cue or content), None when it has no place there.
    """

    kind: str
    id: int
    doc_id: int | None
    text: str
    span_id: int | None
    start: int | None


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """One relation with short display texts for both ends (see :meth:`document_relations`)."""

    id: int
    doc_id: int | None
    label: str
    head_kind: str
    head_id: int
    head_text: str
    child_kind: str
    child_id: int
    child_text: str
    status: str
    origin: str
    annotator: str | None


_COLUMNS = """id, doc_id, label, head_kind, head_id, child_kind, child_id, status, origin,
    annotator"""
_TOUCHES = """(({side}_kind = 'span' AND {side}_id IN (SELECT id FROM spans WHERE doc_id = :d))
    OR ({side}_kind = 'event' AND {side}_id IN (SELECT id FROM events WHERE doc_id = :d))
    OR ({side}_kind = 'claim' AND {side}_id IN (SELECT id FROM claims WHERE doc_id = :d)))"""
# The relations of a document: its own, and cross-document ones with an end in it.
_OF_DOCUMENT = f"""doc_id = :d OR (doc_id IS NULL AND ({_TOUCHES.format(side="head")}
    OR {_TOUCHES.format(side="child")}))"""


RECORD_KINDS = ("event", "claim", "relation", "actor")
_COUNTS = {
    "event": "SELECT count(*) FROM events WHERE doc_id = :d AND status != 'rejected'",
    "claim": "SELECT count(*) FROM claims WHERE doc_id = :d AND status != 'rejected'",
    "relation": f"SELECT count(*) FROM relations WHERE ({_OF_DOCUMENT}) AND status != 'rejected'",
    "actor": "SELECT count(DISTINCT actor_id) FROM spans "
    "WHERE doc_id = :d AND actor_id IS NOT NULL AND status != 'rejected'",
}


class RelationCuration:
    """The Store's relation reads and edits; mixed into :class:`~newsmark.core.store.Store`.

    Relies on the Store's other mixins for recording (``_recording``), the schema
    (``project_schema``) and annotator rows (``_register``). Threading: like the Store, one
    thread per instance.
    """

    db: Database

    # -- reading ----------------------------------------------------------------------------

    def document_relations(self, doc_id: int) -> list[RelationRecord]:
        """A document's relations, and those across documents with an end in it, by id.

        An end in another document is shown with " (document N)"; an end that no longer
        exists as "(deleted event 12)".
        """
        rows = self._relation_rows(doc_id)
        ends = self.relation_ends(
            [(row[3], row[4]) for row in rows] + [(row[5], row[6]) for row in rows]
        )

        def text(kind: str, end_id: int) -> str:
            end = ends.get((kind, end_id))
            if end is None:
                return f"(deleted {kind} {end_id})"
            if end.doc_id is not None and end.doc_id != doc_id:
                return f"{end.text} (document {end.doc_id})"
            return end.text

        return [
            RelationRecord(
                id=row[0],
                doc_id=row[1],
                label=row[2],
                head_kind=row[3],
                head_id=row[4],
                head_text=text(row[3], row[4]),
                child_kind=row[5],
                child_id=row[6],
                child_text=text(row[5], row[6]),
                status=row[7],
                origin=row[8],
                annotator=row[9],
            )
            for row in rows
        ]

    def document_record_counts(
        self, doc_id: int, kinds: Iterable[str] = RECORD_KINDS
    ) -> dict[str, int]:
        """How many events, claims, relations (as :meth:`document_relations` lists them) and
        linked actors a document has, rejected ones left out, for the ``kinds`` asked: the
        inspector's tab titles, counted instead of reading every record."""
        counts = {}
        for kind in kinds:
            sql = _COUNTS[kind]
            counts[kind] = self.db.execute(sql, {"d": doc_id}).fetchone()[0]
        return counts

    def _relation_rows(self, doc_id: int) -> list[tuple[Any, ...]]:
        """Rows (in ``_COLUMNS`` order) of the relations :meth:`document_relations` lists."""
        return self.db.execute(
            f"SELECT {_COLUMNS} FROM relations WHERE {_OF_DOCUMENT} ORDER BY id", {"d": doc_id}
        ).fetchall()

    def relation_ends(self, ends: Iterable[End]) -> dict[End, RelationEnd]:
        """Resolve (kind, id) pairs in one query per kind; ends no longer stored are left out."""
        wanted: dict[str, list[int]] = {}
        for kind, end_id in ends:
            if kind in RELATION_ENDS:
                wanted.setdefault(kind, []).append(end_id)
        found: dict[End, RelationEnd] = {}
        for kind, ids in wanted.items():
            unique = sorted(set(ids))
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                marks = ", ".join("?" * len(chunk))
                for row in self.db.execute(_END_QUERIES[kind].format(marks=marks), chunk):
                    end = _end(kind, row)
                    found[(kind, end.id)] = end
        return found

    # -- edits ------------------------------------------------------------------------------

    def add_relation(
        self, label: str, head: End, child: End, *, annotator: str | None = None
    ) -> Change:
        """Link ``head`` to ``child`` with ``label``, accepted; ``result`` is the relation's id.

        Refused when the schema has no such label or it does not link these kinds, when an
        end does not exist, when the same link is already there (either way round for a
        symmetric label), or when the ends are in different documents and are not events or
        actors. A rejected identical link is accepted again instead of being added twice.
        """
        schema: Schema = self.project_schema()
        relation = _relation_label(schema, label)
        head, child = _checked_end(head, "head"), _checked_end(child, "child")
        if not _links(relation, head[0], child[0]):
            raise CurationError(
                f"a {_spoken(label)} relation links {_kinds(relation.head)} to "
                f"{_kinds(relation.child)}, not {_article(head[0])} to {_article(child[0])}"
            )
        if head == child:
            raise CurationError("a relation links two different annotations, not one to itself")
        with self.db.atomic():
            ends = self.relation_ends([head, child])
            for end in (head, child):
                if end not in ends:
                    raise CurationError(f"{end[0]} {end[1]} is no longer in the project")
            first, second = ends[head], ends[child]
            docs = {end.doc_id for end in (first, second) if end.doc_id is not None}
            doc_id = min(docs) if len(docs) == 1 else None
            if len(docs) > 1 and not {head[0], child[0]} <= CROSS_DOCUMENT_KINDS:
                raise CurationError(
                    f"“{first.text}” (document {first.doc_id}) and “{second.text}” (document "
                    f"{second.doc_id}) are in different documents; only events and actors can "
                    "be related across documents"
                )
            description = f"Relate {first.text} {_spoken(label)} {second.text}"
            existing = self._same_relation(relation, head, child)
            with self._recording(doc_id or first.doc_id or second.doc_id, description) as rec:
                now = utc_now()
                if existing is not None:
                    relation_id, status = existing
                    if status != REJECTED:
                        raise CurationError(
                            f"{first.text} is already related to {second.text} by "
                            f"{_spoken(label)} (relation {relation_id})"
                        )
                    rec.watch_ids("relations", [relation_id])
                    self._register(annotator, now)
                    self.db.execute(
                        "UPDATE relations SET status = 'accepted', "
                        "annotator = coalesce(?, annotator), updated_at = ? WHERE id = ?",
                        [annotator, now, relation_id],
                    )
                else:
                    self._register(annotator, now)
                    cursor = self.db.execute(
                        """INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id,
                               label, status, origin, annotator, attributes, created_at,
                               updated_at)
                           VALUES (?, ?, ?, ?, ?, ?, 'accepted', 'manual', ?, '{}', ?, ?)""",
                        [doc_id, *head, *child, label, annotator, now, now],
                    )
                    relation_id = int(cursor.lastrowid or 0)
                    rec.created("relations", relation_id)
                rec.result = relation_id
        return rec.change

    def mark_same_event(
        self, event_a: int, event_b: int, *, annotator: str | None = None
    ) -> Change:
        """Say two events (of one article or two) describe one real-world event."""
        schema: Schema = self.project_schema()
        if not any(item.name == SAME_EVENT for item in schema.relation_labels):
            raise CurationError(
                f"this project's schema has no “{SAME_EVENT}” relation label; add one (head and "
                "child: event, symmetric) to mark events as the same"
            )
        return self.add_relation(
            SAME_EVENT, ("event", event_a), ("event", event_b), annotator=annotator
        )

    def delete_relation(self, relation_id: int) -> Change:
        """Remove a relation."""
        with self._relation_edit(relation_id, "Delete relation") as rec:
            self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])
        return rec.change

    def set_relation_status(
        self, relation_id: int, status: str, *, annotator: str | None = None
    ) -> Change:
        """Accept or reject a relation."""
        if status not in (ACCEPTED, REJECTED):
            raise CurationError(f"a curator sets relations accepted or rejected, not {status!r}")
        verb = "Accept" if status == ACCEPTED else "Reject"
        with self._relation_edit(relation_id, f"{verb} relation") as rec:
            now = utc_now()
            self._register(annotator, now)
            self.db.execute(
                "UPDATE relations SET status = ?, annotator = coalesce(?, annotator), "
                "updated_at = ? "
                "WHERE id = ? AND status != ?",
                [status, annotator, now, relation_id, status],
            )
        return rec.change

    # -- helpers ----------------------------------------------------------------------------

    @contextmanager
    def _relation_edit(self, relation_id: int, verb: str) -> Iterator[ChangeRecorder]:
        """Record an edit of one relation (watched), described with its two ends."""
        with self.db.atomic():
            row = self.db.execute(
                "SELECT doc_id, label, head_kind, head_id, child_kind, child_id FROM relations "
                "WHERE id = ?",
                [relation_id],
            ).fetchone()
            if row is None:
                raise CurationError(f"relation {relation_id} is no longer in the project")
            doc_id, label, head_kind, head_id, child_kind, child_id = row
            head, child = (head_kind, head_id), (child_kind, child_id)
            ends = self.relation_ends([head, child])
            names = [
                ends[e].text if e in ends else f"(deleted {e[0]} {e[1]})" for e in (head, child)
            ]
            if doc_id is None:
                doc_id = next((ends[e].doc_id for e in (head, child) if e in ends), None)
            description = f"{verb} {names[0]} {_spoken(label)} {names[1]}"
            with self._recording(doc_id, description) as rec:
                rec.watch_ids("relations", [relation_id])
                yield rec

    def _same_relation(
        self, relation: RelationLabel, head: End, child: End
    ) -> tuple[int, str] | None:
        """An identical relation already stored, preferring one that is not rejected."""
        sql = (
            "SELECT id, status FROM relations WHERE label = ? AND head_kind = ? AND head_id = ? "
            "AND child_kind = ? AND child_id = ?"
        )
        params: list[Any] = [relation.name, *head, *child]
        if relation.symmetric:
            sql += " UNION ALL " + sql
            params += [relation.name, *child, *head]
        rows = self.db.execute(sql, params).fetchall()
        rows.sort(key=lambda row: (row[1] == REJECTED, row[0]))
        return (rows[0][0], rows[0][1]) if rows else None


_END_QUERIES = {
    "span": "SELECT id, doc_id, text, id, start FROM spans WHERE id IN ({marks})",
    "event": """SELECT e.id, e.doc_id, e.type, e.subtype, s.id, s.text, s.start
        FROM events e LEFT JOIN spans s ON s.id = e.trigger_span_id WHERE e.id IN ({marks})""",
    "claim": """SELECT c.id, c.doc_id, c.type, coalesce(q.id, t.id), coalesce(q.text, t.text),
            coalesce(q.start, t.start)
        FROM claims c LEFT JOIN spans q ON q.id = c.cue_span_id
            LEFT JOIN spans t ON t.id = c.content_span_id
        WHERE c.id IN ({marks})""",
    "actor": "SELECT id, name FROM actors WHERE id IN ({marks})",
}


def _end(kind: str, row: tuple[Any, ...]) -> RelationEnd:
    if kind == "span":
        return RelationEnd(kind, row[0], row[1], f"“{short(row[2])}”", row[3], row[4])
    if kind == "event":
        return RelationEnd(kind, row[0], row[1], event_text(row[2], row[3], row[5]), row[4], row[6])
    if kind == "claim":
        words = f" “{short(row[4])}”" if row[4] is not None else f" (claim {row[0]})"
        return RelationEnd(kind, row[0], row[1], f"{row[2]}{words}", row[3], row[5])
    return RelationEnd(kind, row[0], None, row[1], None, None)


def event_text(event_type: str, subtype: str | None, trigger: str | None) -> str:
    """An event as lists show it: “Battles ▸ Armed clash “clashed””."""
    name = f"{event_type} ▸ {subtype}" if subtype else event_type
    return f"{name} “{short(trigger)}”" if trigger is not None else f"{name} (no trigger)"


def _relation_label(schema: Schema, label: str) -> RelationLabel:
    for relation in schema.relation_labels:
        if relation.name == label:
            return relation
    names = ", ".join(r.name for r in schema.relation_labels) or "none"
    raise CurationError(f"“{label}” is not a relation label of this project (labels: {names})")


def _checked_end(end: Any, side: str) -> End:
    try:
        kind, end_id = end
    except (TypeError, ValueError):
        raise CurationError(f"the relation's {side} must be a (kind, id) pair") from None
    if kind not in RELATION_ENDS or isinstance(end_id, bool) or not isinstance(end_id, int):
        raise CurationError(
            f"the relation's {side} must be a span, event, claim or actor id, not {end!r}"
        )
    return kind, end_id


def _links(relation: RelationLabel, head_kind: str, child_kind: str) -> bool:
    if head_kind in relation.head and child_kind in relation.child:
        return True
    # A symmetric label has no direction: either way round is the same link.
    return relation.symmetric and child_kind in relation.head and head_kind in relation.child


def _spoken(label: str) -> str:
    return label.replace("_", " ")


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _kinds(kinds: Iterable[str]) -> str:
    names = [_article(kind) for kind in kinds]
    return " or ".join(names) if names else "nothing"
