"""Whose version of a document is whose: each annotator's layer, and the adjudicated gold layer.

Several annotators' work on one document lives side by side in a project (a merge keeps every
record with its annotator). An annotator's **version** of a document is what that annotator
accepted, the gold layer aside. The **gold layer** is what an adjudicator settled: records with
origin :data:`GOLD_ORIGIN`, accepted, the adjudicator as annotator, and in their attributes the
ids of the records they were taken from (:data:`PROVENANCE_KEY`). Pure Python; never imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsmark.core.gold_layer import GOLD_ORIGIN
from newsmark.exchange.records import DocumentRecords, ExportOptions, RecordReader

if TYPE_CHECKING:
    from newsmark.core.store import Store


@dataclass(frozen=True, slots=True)
class Version:
    """One annotator's accepted records of one document (records they point at included, as
    an export reads them), the gold layer left out."""

    annotator: str
    records: DocumentRecords


def is_gold(origin: str) -> bool:
    return origin == GOLD_ORIGIN


def document_annotators(store: Store, doc_id: int) -> list[str]:
    """The annotators with accepted spans, events or claims on the document, gold aside,
    sorted."""
    found: set[str] = set()
    for record in (
        *store.document_spans(doc_id),
        *store.document_events(doc_id),
        *store.document_claims(doc_id),
    ):
        if record.annotator and record.status == "accepted" and not is_gold(record.origin):
            found.add(record.annotator)
    return sorted(found)


def annotator_version(store: Store, doc_id: int, annotator: str) -> Version:
    """What ``annotator`` accepted on the document, gold records left out."""
    records = RecordReader(store, ExportOptions(status="accepted", annotators=(annotator,))).read(
        doc_id
    )
    return Version(annotator, _without_gold(records))


def gold_version(store: Store, doc_id: int) -> DocumentRecords:
    """The document's gold layer (empty lists before any adjudication)."""
    records = RecordReader(store, ExportOptions(status="accepted")).read(doc_id)
    return DocumentRecords(
        document=records.document,
        spans=tuple(s for s in records.spans if is_gold(s.origin)),
        events=tuple(e for e in records.events if is_gold(e.origin)),
        claims=tuple(c for c in records.claims if is_gold(c.origin)),
        relations=tuple(r for r in records.relations if is_gold(r.origin)),
        actors=records.actors,
        elsewhere=records.elsewhere,
    )


def _without_gold(records: DocumentRecords) -> DocumentRecords:
    return DocumentRecords(
        document=records.document,
        spans=tuple(s for s in records.spans if not is_gold(s.origin)),
        events=tuple(e for e in records.events if not is_gold(e.origin)),
        claims=tuple(c for c in records.claims if not is_gold(c.origin)),
        relations=tuple(r for r in records.relations if not is_gold(r.origin)),
        actors=records.actors,
        elsewhere=records.elsewhere,
    )
