"""The Store's writes to a document's gold layer: copies of annotators' records, and removals.

The gold layer is what an adjudicator settled: records with origin :data:`GOLD_ORIGIN`,
accepted, the adjudicator as annotator, naming in their attributes (:data:`PROVENANCE_KEY`) the
annotators' records they stand for. Deciding *what* to copy or remove is
:mod:`newsmark.review.adjudication`'s business; this module writes it, each edit one recorded
change that undo and redo put back exactly. Pure Python; never imports Qt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsmark.core.annotation_import import DocumentImport, ImportDefaults
from newsmark.core.span_curation import CurationError

if TYPE_CHECKING:
    from newsmark.core.changes import Change, ChangeRecorder
    from newsmark.core.imported import ImportedDocument, Key

GOLD_ORIGIN = "adjudication"
# Attribute of a gold record: {"annotator": ..., "id": ...} of each record it was taken from.
PROVENANCE_KEY = "adjudicated_from"


@dataclass(frozen=True, slots=True)
class GoldRemoval:
    """The gold rows one removal deletes, worked out before anything is written: spans,
    events and claims to delete, claims whose parent goes (their link is cleared), claims
    whose targets change, and relations that point at what goes."""

    spans: Sequence[int]
    events: Sequence[int]
    claims: Sequence[int]
    children: Sequence[int]
    target_claims: Sequence[int]
    relations: Sequence[int]


class GoldLayer:
    """Writing the gold layer; mixed into :class:`~newsmark.core.store.Store`.

    Threading: like the Store, one thread per instance.
    """

    def copy_to_gold(
        self,
        doc_id: int,
        imported: ImportedDocument,
        adjudicator: str,
        actor_ids: dict[Key, int],
        describe: Callable[[DocumentImport], tuple[str, Any]],
    ) -> Change:
        """Write ``imported`` (records keyed by the ids of the annotators' records they copy)
        into the document's gold layer as one recorded change.

        Records match only the adjudicator's own, so the annotators' stay untouched and a
        second copy adds nothing. An event attribute naming a copied span (a place's
        ``span_id``) is pointed at the span's copy. ``describe(result)`` gives the change's
        description and result once the copy is written.
        """
        defaults = ImportDefaults(
            origin=GOLD_ORIGIN, status="accepted", annotator=adjudicator, per_annotator=True
        )
        with self._recording(doc_id, "Copy into gold") as recorder:
            _watch_gold(recorder, doc_id)
            done = self.import_document(imported, defaults, actor_ids)
            if done.problems or done.doc_id != doc_id:
                # Raised inside the recording: the transaction is rolled back.
                why = done.problems[0].message if done.problems else "another document matched"
                raise CurationError(f"the gold copy of document {doc_id} failed: {why}")
            self._point_places_at_copies(imported, done.keys)
            recorder.description, recorder.result = describe(done)
        assert recorder.change is not None
        return recorder.change

    def remove_from_gold(
        self, doc_id: int, removal: GoldRemoval, description: str, result: Any = None
    ) -> Change:
        """Delete the gold rows ``removal`` names as one recorded change."""
        with self._recording(doc_id, description) as recorder:
            _watch_removal(recorder, removal)
            self._delete(removal)
            recorder.result = result
        assert recorder.change is not None
        return recorder.change

    def _point_places_at_copies(
        self, imported: ImportedDocument, keys: dict[tuple[str, Any], int]
    ) -> None:
        copied_spans = {span.key for span in imported.spans}
        for event in imported.events:
            gold_id = keys.get(("event", event.key))
            if gold_id is None:
                continue
            stored = self.event(gold_id).attributes
            changed = False
            for value in stored.values():
                if isinstance(value, dict) and value.get("span_id") in copied_spans:
                    copy = keys.get(("span", value["span_id"]))
                    if copy is not None and copy != value["span_id"]:
                        value["span_id"] = copy
                        changed = True
            if changed:
                self.db.execute(
                    "UPDATE events SET attributes = ? WHERE id = ?",
                    [json.dumps(stored, ensure_ascii=False), gold_id],
                )

    def _delete(self, removal: GoldRemoval) -> None:
        db = self.db
        if removal.relations:
            marks = _marks(removal.relations)
            db.execute(f"DELETE FROM relations WHERE id IN ({marks})", list(removal.relations))
        if removal.events:
            events, marks = list(removal.events), _marks(removal.events)
            db.execute(f"DELETE FROM claim_targets WHERE event_id IN ({marks})", events)
            db.execute(f"DELETE FROM event_arguments WHERE event_id IN ({marks})", events)
            db.execute(f"DELETE FROM events WHERE id IN ({marks})", events)
        if removal.claims:
            claims, marks = list(removal.claims), _marks(removal.claims)
            db.execute(f"DELETE FROM claim_targets WHERE claim_id IN ({marks})", claims)
            db.execute(
                f"UPDATE claims SET parent_claim_id = NULL WHERE parent_claim_id IN ({marks})",
                claims,
            )
            db.execute(f"DELETE FROM claims WHERE id IN ({marks})", claims)
        if removal.spans:
            spans = list(removal.spans)
            db.execute(f"DELETE FROM spans WHERE id IN ({_marks(spans)})", spans)


def _watch_gold(recorder: ChangeRecorder, doc_id: int) -> None:
    """Declare the document's gold rows: a copy only adds gold spans, events and claims (with
    their arguments and targets), so undo removes exactly what it added."""
    gold_events = "SELECT id FROM events WHERE doc_id = ? AND origin = ?"
    gold_claims = "SELECT id FROM claims WHERE doc_id = ? AND origin = ?"
    params = (doc_id, GOLD_ORIGIN)
    recorder.watch("spans", "doc_id = ? AND origin = ?", params)
    recorder.watch("events", "doc_id = ? AND origin = ?", params)
    recorder.watch("event_arguments", f"event_id IN ({gold_events})", params)
    recorder.watch("claims", "doc_id = ? AND origin = ?", params)
    recorder.watch("claim_targets", f"claim_id IN ({gold_claims})", params)


def _watch_removal(recorder: ChangeRecorder, removal: GoldRemoval) -> None:
    recorder.watch_ids("spans", list(removal.spans))
    recorder.watch_ids("events", list(removal.events))
    if removal.events:
        events = list(removal.events)
        recorder.watch("event_arguments", f"event_id IN ({_marks(events)})", events)
    # The removed claims' own scope first: undo writes a child's parent back after it.
    recorder.watch_ids("claims", list(removal.claims))
    recorder.watch_ids("claims", list(removal.children))
    if removal.target_claims:
        targets = list(removal.target_claims)
        recorder.watch("claim_targets", f"claim_id IN ({_marks(targets)})", targets)
    recorder.watch_ids("relations", list(removal.relations))


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" * len(ids))
