"""Reading one document's whole annotation record for an export, with the export's filters.

Everything is read through the Store's public read methods (no SQL here). The filters
(status, annotators, span labels) choose the records an export asks for; every record an
exported one points at in the same document is then added whatever the filters say (an
event's trigger and fillers, a claim's spans, parent claim and events, a relation's ends), so
that every id in an exported line resolves inside that line. References to records of other
documents (a claim about an event reported elsewhere, a cross-document relation) are kept,
with the other document's id in :attr:`DocumentRecords.elsewhere`. Pure Python; never
imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsmark.core.documents import DOCUMENT_STATUSES, StoredDocument
from newsmark.core.span_curation import SPAN_STATUSES
from newsmark.exchange.writing import ExportError, SpanMismatch

if TYPE_CHECKING:
    from newsmark.core.actor_registry import ActorRecord
    from newsmark.core.claim_curation import ClaimRecord
    from newsmark.core.event_curation import EventRecord
    from newsmark.core.relation_curation import RelationRecord
    from newsmark.core.span_curation import SpanState
    from newsmark.core.store import Store

ALL = "all"
STATUS_CHOICES = (*SPAN_STATUSES, ALL)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What an export takes from a project.

    ``status`` (one of :data:`STATUS_CHOICES`; ``all`` takes every status) and
    ``annotators`` choose spans, events, claims and relations; ``labels`` chooses spans by
    label; ``doc_statuses`` chooses documents (empty: every one). A document with nothing
    chosen is still exported (text and metadata) unless ``skip_empty``. ``gold`` takes only the
    adjudicated gold layer (records of origin ``adjudication``, see :mod:`newsmark.review.layers`).
    """

    status: str = "accepted"
    annotators: tuple[str, ...] = ()
    doc_statuses: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    skip_empty: bool = False
    gold: bool = False

    def __post_init__(self) -> None:
        for name in ("annotators", "doc_statuses", "labels"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.status not in STATUS_CHOICES:
            raise ExportError(f"status {self.status!r}: use one of {', '.join(STATUS_CHOICES)}")
        unknown = [s for s in self.doc_statuses if s not in DOCUMENT_STATUSES]
        if unknown:
            raise ExportError(
                f"document status {unknown[0]!r}: use one of {', '.join(DOCUMENT_STATUSES)}"
            )

    def wants(self, status: str, annotator: str | None, origin: str | None = None) -> bool:
        """Whether a record with this status, annotator and origin is chosen (labels aside)."""
        if self.status != ALL and status != self.status:
            return False
        if self.gold and not _is_gold(origin):
            return False
        return not self.annotators or annotator in self.annotators


def _is_gold(origin: str | None) -> bool:
    # review.layers reads through this module, so it is imported on use, not at the top.
    from newsmark.review.layers import is_gold

    return origin is not None and is_gold(origin)


@dataclass(frozen=True, slots=True)
class DocumentRecords:
    """One document and the records an export writes for it, each kind in the Store's order.

    ``elsewhere`` maps (kind, id) of records of other documents that exported records point at
    to their document's id. ``dangling_relations`` counts relations left out because an end
    no longer exists. Immutable, so any thread may read it.
    """

    document: StoredDocument
    spans: tuple[SpanState, ...]
    events: tuple[EventRecord, ...]
    claims: tuple[ClaimRecord, ...]
    relations: tuple[RelationRecord, ...]
    actors: tuple[ActorRecord, ...]
    elsewhere: dict[tuple[str, int], int] = field(default_factory=dict, hash=False)
    dangling_relations: int = 0

    @property
    def empty(self) -> bool:
        return not (self.spans or self.events or self.claims or self.relations)


class RecordReader:
    """Reads documents' export records from a Store, caching registry actors and the documents
    of records met in other documents across the whole export.

    Threading: like the Store, one thread per instance (the Store's thread).
    """

    def __init__(self, store: Store, options: ExportOptions | None = None):
        self.store = store
        self.options = options or ExportOptions()
        self._actors: dict[int, ActorRecord] = {}
        self._event_docs: dict[int, int] = {}

    def document_ids(self) -> list[int]:
        """The ids of the documents the options choose, in id order."""
        if not self.options.doc_statuses:
            return self.store.document_ids()
        ids: set[int] = set()
        for status in dict.fromkeys(self.options.doc_statuses):
            ids.update(row.id for row in self.store.list_documents(status=status))
        return sorted(ids)

    def read(self, doc_id: int) -> DocumentRecords:
        """The document ``doc_id`` and its chosen records (KeyError if it is not stored)."""
        store, options = self.store, self.options
        document = store.get_document(doc_id)
        spans = store.document_spans(doc_id, include_rejected=True)
        events = store.document_events(doc_id, include_rejected=True)
        claims = store.document_claims(doc_id, include_rejected=True)
        relations = store.document_relations(doc_id)

        labels = set(options.labels)
        span_ids = {
            s.id
            for s in spans
            if options.wants(s.status, s.annotator, s.origin) and (not labels or s.label in labels)
        }
        event_ids = {e.id for e in events if options.wants(e.status, e.annotator, e.origin)}
        claim_ids = {c.id for c in claims if options.wants(c.status, c.annotator, c.origin)}
        chosen_relations = [r for r in relations if options.wants(r.status, r.annotator, r.origin)]

        ends = store.relation_ends(
            [(r.head_kind, r.head_id) for r in chosen_relations]
            + [(r.child_kind, r.child_id) for r in chosen_relations]
        )
        kept_relations = [
            r
            for r in chosen_relations
            if (r.head_kind, r.head_id) in ends and (r.child_kind, r.child_id) in ends
        ]
        elsewhere: dict[tuple[str, int], int] = {}
        actor_ids: set[int] = set()
        for relation in kept_relations:
            for key in (
                (relation.head_kind, relation.head_id),
                (relation.child_kind, relation.child_id),
            ):
                end = ends[key]
                if end.kind == "actor":
                    actor_ids.add(end.id)
                elif end.doc_id != doc_id:
                    elsewhere[key] = int(end.doc_id or 0)
                elif end.kind == "span":
                    span_ids.add(end.id)
                elif end.kind == "event":
                    event_ids.add(end.id)
                else:
                    claim_ids.add(end.id)

        # Nested claims and claims about events pull in what they point at, until nothing new.
        claims_by_id = {c.id: c for c in claims}
        own_events = {e.id for e in events}
        pending = list(claim_ids)
        while pending:
            claim = claims_by_id[pending.pop()]
            parent = claim.parent_claim_id
            if parent is not None and parent in claims_by_id and parent not in claim_ids:
                claim_ids.add(parent)
                pending.append(parent)
            for event_id in claim.about_events:
                if event_id in own_events:
                    event_ids.add(event_id)
                else:
                    elsewhere[("event", event_id)] = self._event_doc(event_id)

        chosen_events = tuple(e for e in events if e.id in event_ids)
        chosen_claims = tuple(c for c in claims if c.id in claim_ids)
        for event in chosen_events:
            if event.trigger is not None:
                span_ids.add(event.trigger.span_id)
            for argument in event.arguments:
                if argument.span is not None:
                    span_ids.add(argument.span.span_id)
                if argument.actor_id is not None:
                    actor_ids.add(argument.actor_id)
        for claim in chosen_claims:
            for ref in (claim.content, claim.cue, claim.claimant):
                if ref is not None:
                    span_ids.add(ref.span_id)
            if claim.claimant_actor_id is not None:
                actor_ids.add(claim.claimant_actor_id)
            actor_ids.update(actor_id for actor_id, _name in claim.about_actors)

        ordered = [s.id for s in spans if s.id in span_ids]
        states = store.span_states(ordered) if ordered else {}
        chosen_spans = tuple(states[span_id] for span_id in ordered if span_id in states)
        actor_ids.update(s.actor_id for s in chosen_spans if s.actor_id is not None)
        return DocumentRecords(
            document=document,
            spans=chosen_spans,
            events=chosen_events,
            claims=chosen_claims,
            relations=tuple(kept_relations),
            actors=tuple(self._actor_records(sorted(actor_ids))),
            elsewhere=elsewhere,
            dangling_relations=len(chosen_relations) - len(kept_relations),
        )

    def _actor_records(self, actor_ids: Sequence[int]) -> Iterable[ActorRecord]:
        for actor_id in actor_ids:
            record = self._actors.get(actor_id)
            if record is None:
                record = self._actors[actor_id] = self.store.actor(actor_id)
            yield record

    def _event_doc(self, event_id: int) -> int:
        doc_id = self._event_docs.get(event_id)
        if doc_id is None:
            doc_id = self._event_docs[event_id] = self.store.event(event_id).doc_id
        return doc_id


def span_mismatches(records: DocumentRecords) -> list[SpanMismatch]:
    """The document's exported spans whose offsets do not cover their stored text."""
    text = records.document.text
    found = []
    for span in records.spans:
        covered = text[span.start : span.end]
        if covered != span.text:
            found.append(
                SpanMismatch(records.document.id, span.id, span.start, span.end, span.text, covered)
            )
    return found


class CheckedRecords:
    """The records every exporter writes, document by document, each checked first.

    Iterating reads each chosen document (``read`` counts them), checks every span against
    the text, and yields the records to write, leaving out empty documents when the options
    say so; ``progress(done, total)`` follows each document. Once one span does not match,
    nothing more is yielded, and after the last document :class:`ExportError` names every
    such span: raised inside the exporter's atomic writer, it leaves nothing under ``target``.
    """

    def __init__(
        self,
        reader: RecordReader,
        target: object,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.reader = reader
        self.target = target
        self.progress = progress
        self.read = 0

    def __iter__(self) -> Iterator[DocumentRecords]:
        doc_ids = self.reader.document_ids()
        skip_empty = self.reader.options.skip_empty
        mismatches: list[SpanMismatch] = []
        for done, doc_id in enumerate(doc_ids, start=1):
            records = self.reader.read(doc_id)
            self.read += 1
            mismatches.extend(span_mismatches(records))
            if not mismatches and not (skip_empty and records.empty):
                yield records
            if self.progress is not None:
                self.progress(done, len(doc_ids))
        if mismatches:
            raise ExportError.for_mismatches(mismatches, self.target)
