"""Adjudicating a document: settling the annotators' versions into its gold layer.

The annotators' versions of a document (:mod:`newsmark.review.layers`) are compared item by
item: every distinct span (offsets and label), event (trigger offsets, type, sub-type and
fillers) and claim (content and cue offsets, type, stance and claimant) any annotator has. An
item is *agreed* when every annotator of the document has exactly that item; items that
differ only slightly (same label, overlapping offsets) share a group number so that they can
be shown side by side, but only exactness counts as agreement.

The adjudicator copies a whole version, chosen items, or everything agreed into the gold
layer. A copy goes through the Store's annotation import (records of origin
:data:`~newsmark.review.layers.GOLD_ORIGIN`, accepted, the adjudicator as annotator, matched
only against the adjudicator's own records), so the annotators' records stay untouched and
copying twice adds nothing. An event's trigger and fillers, and a claim's spans, are copied
with it; each gold record names the annotators' records it stands for under
:data:`~newsmark.review.layers.PROVENANCE_KEY`. Every operation is one transaction and returns
a :class:`~newsmark.core.changes.Change`, so that the window can undo and redo it.

Pure Python; never imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsmark.core.errors import NewsmarkError
from newsmark.core.gold_layer import PROVENANCE_KEY, GoldRemoval
from newsmark.core.imported import (
    ImportedArgument,
    ImportedClaim,
    ImportedDocument,
    ImportedEvent,
    ImportedSpan,
)
from newsmark.core.records import json_object
from newsmark.core.span_curation import CurationError
from newsmark.core.wording import plural, short
from newsmark.review.layers import (
    annotator_version,
    document_annotators,
    gold_version,
)

if TYPE_CHECKING:
    from newsmark.core.changes import Change
    from newsmark.core.claim_curation import ClaimRecord
    from newsmark.core.event_curation import EventRecord
    from newsmark.core.store import Store
    from newsmark.exchange.records import DocumentRecords

KINDS = ("span", "event", "claim")
REVIEWED = "reviewed"
# How far the annotators agree on an item, for colouring and filtering.
ALL_AGREE, SOME_AGREE, ONE_ONLY, GOLD_ONLY = "all", "some", "one", "gold"

Identity = tuple[Any, ...]


class AdjudicationError(NewsmarkError):
    """An adjudication step that cannot be made (nothing written)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One distinct span, event or claim of a document, and who has it.

    ``identity`` is what must be equal for two records to be the same item. ``sources`` are
    the (annotator, record id) pairs of the annotators' records that are this item;
    ``gold_ids`` the gold records that are it. ``group`` is shared by items of one kind and
    label whose offsets overlap (near misses), numbered in text order.
    """

    kind: str
    identity: Identity
    label: str
    start: int
    end: int
    text: str
    detail: str
    sources: tuple[tuple[str, int], ...]
    gold_ids: tuple[int, ...]
    all_agree: bool
    group: int = 0

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(sorted({name for name, _id in self.sources}))

    @property
    def in_gold(self) -> bool:
        return bool(self.gold_ids)

    @property
    def agreement(self) -> str:
        """:data:`ALL_AGREE`, :data:`SOME_AGREE` (more than one annotator, not all),
        :data:`ONE_ONLY`, or :data:`GOLD_ONLY` (no annotator has it, only the gold layer)."""
        if not self.sources:
            return GOLD_ONLY
        if self.all_agree:
            return ALL_AGREE
        return SOME_AGREE if len(self.annotators) > 1 else ONE_ONLY


@dataclass(frozen=True, slots=True)
class GoldEdit:
    """What a gold-layer operation did: records added (or found there already), removed,
    and spans a removal kept because a gold event or claim still uses them."""

    added: int = 0
    already_there: int = 0
    removed: int = 0
    kept: tuple[int, ...] = ()


# ---------------------------------------------------------------------------------------------
# Comparing the versions
# ---------------------------------------------------------------------------------------------


def _span_key(ref: Any) -> Identity:
    return (ref.start, ref.end, ref.label)


def span_identity(span: Any) -> Identity:
    return ("span", span.start, span.end, span.label)


def event_identity(event: EventRecord) -> Identity:
    fillers = []
    for argument in event.arguments:
        if argument.span is not None:
            filler: Identity = ("span", *_span_key(argument.span))
        elif argument.actor_id is not None:
            filler = ("actor", argument.actor_id)
        else:
            filler = ("value", argument.value)
        fillers.append((argument.role, filler))
    trigger = None if event.trigger is None else (event.trigger.start, event.trigger.end)
    return ("event", event.type, event.subtype, trigger, tuple(sorted(fillers, key=repr)))


def claim_identity(claim: ClaimRecord) -> Identity:
    def offsets(ref: Any) -> tuple[int, int] | None:
        return None if ref is None else (ref.start, ref.end)

    claimant = None if claim.claimant is None else _span_key(claim.claimant)
    return (
        "claim",
        claim.type,
        claim.stance,
        offsets(claim.content),
        offsets(claim.cue),
        claimant,
        claim.claimant_actor_id,
    )


def part_span_ids(records: DocumentRecords) -> set[int]:
    """Spans that are parts of an event or claim (a trigger, a claim's content or cue), which
    are copied with it rather than listed as items of their own."""
    parts = {e.trigger.span_id for e in records.events if e.trigger is not None}
    for claim in records.claims:
        parts.update(ref.span_id for ref in (claim.content, claim.cue) if ref is not None)
    return parts


@dataclass(slots=True)
class _Layers:
    """Every annotator's version of one document and its gold layer, indexed by identity."""

    annotators: list[str]
    versions: dict[str, DocumentRecords]
    gold: DocumentRecords
    # identity -> [(annotator, record id)], for every span (parts included), event and claim
    sources: dict[Identity, list[tuple[str, int]]] = field(default_factory=dict)
    gold_ids: dict[Identity, list[int]] = field(default_factory=dict)
    # spans that are a part of an event or claim in some version: they go with it
    parts: set[Identity] = field(default_factory=set)

    @classmethod
    def read(cls, store: Store, doc_id: int) -> _Layers:
        annotators = document_annotators(store, doc_id)
        versions = {name: annotator_version(store, doc_id, name).records for name in annotators}
        layers = cls(annotators, versions, gold_version(store, doc_id))
        for name, records in versions.items():
            for identity, record_id in _identities(records):
                layers.sources.setdefault(identity, []).append((name, record_id))
            parts = part_span_ids(records)
            layers.parts.update(span_identity(s) for s in records.spans if s.id in parts)
        for identity, record_id in _identities(layers.gold):
            layers.gold_ids.setdefault(identity, []).append(record_id)
        return layers

    def items_of(self, records: DocumentRecords) -> set[Identity]:
        """The identities of a version's items, parts left to the records they belong to."""
        return {identity for identity, _id in _identities(records) if identity not in self.parts}

    def agreed(self, identity: Identity) -> bool:
        have = {name for name, _id in self.sources.get(identity, ())}
        return bool(self.annotators) and have == set(self.annotators)


def _identities(records: DocumentRecords) -> Iterable[tuple[Identity, int]]:
    for span in records.spans:
        yield span_identity(span), span.id
    for event in records.events:
        yield event_identity(event), event.id
    for claim in records.claims:
        yield claim_identity(claim), claim.id


def adjudication_items(store: Store, doc_id: int) -> list[Item]:
    """Every distinct span, event and claim of the document's versions and its gold layer,
    in text order, with who has it, whether all agree and whether gold has it already."""
    layers = _Layers.read(store, doc_id)
    found: dict[Identity, Item] = {}
    for records in [*layers.versions.values(), layers.gold]:
        parts = part_span_ids(records)
        for span in records.spans:
            if span.id not in parts:
                _add_item(found, layers, span_identity(span), "span", span, span.label)
        for event in records.events:
            _add_item(found, layers, event_identity(event), "event", event, event.label)
        for claim in records.claims:
            _add_item(found, layers, claim_identity(claim), "claim", claim, claim.type)
    items = sorted(found.values(), key=lambda i: (i.start, i.end, KINDS.index(i.kind), i.label))
    return _grouped(items)


def _add_item(
    found: dict[Identity, Item],
    layers: _Layers,
    identity: Identity,
    kind: str,
    record: Any,
    label: str,
) -> None:
    if identity in found:
        return
    start, end, text = _place(kind, record)
    found[identity] = Item(
        kind=kind,
        identity=identity,
        label=label,
        start=start,
        end=end,
        text=text,
        detail=_detail(kind, record),
        sources=tuple(layers.sources.get(identity, ())),
        gold_ids=tuple(layers.gold_ids.get(identity, ())),
        all_agree=layers.agreed(identity),
    )


def _place(kind: str, record: Any) -> tuple[int, int, str]:
    if kind == "span":
        return record.start, record.end, record.text
    anchor = record.trigger if kind == "event" else record.anchor
    if anchor is None:
        return -1, -1, ""
    return anchor.start, anchor.end, anchor.text


def _detail(kind: str, record: Any) -> str:
    if kind == "span":
        return ""
    if kind == "event":
        return "; ".join(f"{a.role}: {short(a.filler_text, 30)}" for a in record.arguments)
    parts = []
    if record.stance:
        parts.append(record.stance)
    if record.content is not None:
        parts.append(f"“{short(record.content.text, 40)}”")
    claimant = record.claimant.text if record.claimant is not None else record.claimant_actor_name
    if claimant:
        parts.append(f"by {short(claimant, 30)}")
    return " ".join(parts)


def _grouped(items: list[Item]) -> list[Item]:
    """The items with group numbers: one kind and label, overlapping offsets, one group."""
    result: list[Item] = []
    open_groups: dict[tuple[str, str], tuple[int, int]] = {}  # (kind, label) -> (group, end)
    next_group = 0
    for item in items:
        key = (item.kind, item.label)
        current = open_groups.get(key)
        if current is not None and item.start >= 0 and item.start < current[1]:
            group = current[0]
            open_groups[key] = (group, max(current[1], item.end))
        else:
            next_group += 1
            group = next_group
            open_groups[key] = (group, item.end)
        result.append(_with_group(item, group))
    return result


def _with_group(item: Item, group: int) -> Item:
    return Item(
        item.kind,
        item.identity,
        item.label,
        item.start,
        item.end,
        item.text,
        item.detail,
        item.sources,
        item.gold_ids,
        item.all_agree,
        group,
    )


# ---------------------------------------------------------------------------------------------
# Copying into the gold layer
# ---------------------------------------------------------------------------------------------


def accept_version(store: Store, doc_id: int, annotator: str, adjudicator: str) -> Change:
    """Copy ``annotator``'s whole version of the document into the gold layer."""
    layers = _Layers.read(store, doc_id)
    if annotator not in layers.versions:
        raise AdjudicationError(f"{annotator} has accepted nothing on document {doc_id}")
    chosen = layers.items_of(layers.versions[annotator])
    return _copy(store, doc_id, layers, chosen, adjudicator, f"Accept {annotator}'s version")


def accept_items(store: Store, doc_id: int, items: Sequence[Item], adjudicator: str) -> Change:
    """Copy the chosen items (as the first annotator who has each one made it) into gold."""
    layers = _Layers.read(store, doc_id)
    chosen = {item.identity for item in items if layers.sources.get(item.identity)}
    return _copy(
        store, doc_id, layers, chosen, adjudicator, f"Accept {plural(len(chosen), 'item')}"
    )


def merge_agreed(store: Store, doc_id: int, adjudicator: str) -> Change:
    """Copy every item all the document's annotators agree on into the gold layer."""
    layers = _Layers.read(store, doc_id)
    chosen = {i for i in layers.sources if i not in layers.parts and layers.agreed(i)}
    return _copy(store, doc_id, layers, chosen, adjudicator, "Merge the agreed items")


def mark_adjudicated(store: Store, doc_id: int) -> str:
    """Set the document's status to ``reviewed``; returns the status it had."""
    return store.set_document_status(doc_id, REVIEWED)


def _copy(
    store: Store,
    doc_id: int,
    layers: _Layers,
    chosen: set[Identity],
    adjudicator: str,
    description: str,
) -> Change:
    adjudicator = " ".join(adjudicator.split())
    if not adjudicator:
        raise AdjudicationError("an adjudicator needs a name, recorded on the gold layer")
    if adjudicator in layers.annotators:
        # Gold copies are matched against the adjudicator's own records: those of an
        # annotator of the same name would be taken for gold copies already made.
        raise AdjudicationError(
            f"{adjudicator} annotated this document; adjudicate under another name"
        )
    document = _GoldDocument(layers, chosen)
    imported = document.build(store.get_document(doc_id).text, f"document {doc_id}")

    def describe(done: Any) -> tuple[str, GoldEdit]:
        counts = done.counts
        added = counts.spans + counts.events + counts.claims
        edit = GoldEdit(added=added, already_there=counts.already_there)
        return f"{description}: {plural(added, 'record')} added to gold", edit

    try:
        return store.copy_to_gold(doc_id, imported, adjudicator, dict(document.actor_ids), describe)
    except CurationError as exc:
        raise AdjudicationError(str(exc)) from exc


class _GoldDocument:
    """The chosen items, taken from the first annotator who has each, as one imported
    document whose keys are the source records' ids."""

    def __init__(self, layers: _Layers, chosen: set[Identity]):
        self.layers = layers
        self.chosen = chosen
        self.spans: dict[int, ImportedSpan] = {}
        self.events: dict[int, ImportedEvent] = {}
        self.claims: dict[int, ImportedClaim] = {}
        self.actor_ids: dict[int, int] = {}
        self._records: dict[tuple[str, int], Any] = {}
        for records in layers.versions.values():
            for span in records.spans:
                self._records[("span", span.id)] = span
            for event in records.events:
                self._records[("event", event.id)] = event
            for claim in records.claims:
                self._records[("claim", claim.id)] = claim

    def build(self, text: str, location: str) -> ImportedDocument:
        for identity in sorted(self.chosen, key=repr):
            record = self._first(identity)
            if record is None:
                continue
            kind = identity[0]
            if kind == "span":
                self._span(record.id)
            elif kind == "event":
                self._event(record)
            else:
                self._claim(record)
        return ImportedDocument(
            location=location,
            text=text,
            spans=tuple(self.spans.values()),
            events=tuple(self.events.values()),
            claims=tuple(self.claims.values()),
        )

    def _first(self, identity: Identity) -> Any:
        sources = self.layers.sources.get(identity)
        if not sources:
            return None
        return self._records.get((identity[0], sources[0][1]))

    def _provenance(self, identity: Identity, attributes: dict[str, Any]) -> dict[str, Any]:
        sources = self.layers.sources.get(identity, ())
        return {
            **attributes,
            PROVENANCE_KEY: [{"annotator": name, "id": record_id} for name, record_id in sources],
        }

    def _actor(self, actor_id: int | None) -> int | None:
        if actor_id is not None:
            self.actor_ids[actor_id] = actor_id
        return actor_id

    def _span(self, span_id: int) -> int:
        if span_id not in self.spans:
            span = self._records[("span", span_id)]
            self.spans[span_id] = ImportedSpan(
                key=span.id,
                start=span.start,
                end=span.end,
                text=span.text,
                label=span.label,
                score=span.score,
                actor=self._actor(span.actor_id),
                attributes=self._provenance(span_identity(span), json_object(span.attributes)),
            )
        return span_id

    def _event(self, event: EventRecord) -> int:
        if event.id in self.events:
            return event.id
        for value in event.attributes.values():
            # A place names its span: the span comes along so the copy can name its copy.
            if isinstance(value, dict) and ("span", value.get("span_id")) in self._records:
                self._span(value["span_id"])
        arguments = tuple(
            ImportedArgument(
                role=a.role,
                span=None if a.span is None else self._span(a.span.span_id),
                actor=self._actor(a.actor_id),
                value=a.value,
            )
            for a in event.arguments
        )
        self.events[event.id] = ImportedEvent(
            key=event.id,
            type=event.type,
            subtype=event.subtype,
            trigger=None if event.trigger is None else self._span(event.trigger.span_id),
            arguments=arguments,
            attributes=self._provenance(event_identity(event), event.attributes),
            score=event.score,
        )
        return event.id

    def _linked(self, kind: str, record_id: int) -> Any:
        """The record a claim points at, when it is chosen too or already in gold (the
        import then finds the gold copy); otherwise the link is not carried over."""
        record = self._records.get((kind, record_id))
        if record is None:
            return None
        identity = event_identity(record) if kind == "event" else claim_identity(record)
        if identity in self.chosen or identity in self.layers.gold_ids:
            return record
        return None

    def _claim(self, claim: ClaimRecord) -> int:
        if claim.id in self.claims:
            return claim.id
        about = []
        for event_id in claim.about_events:
            event = self._linked("event", event_id)
            if event is not None:
                about.append(self._event(event))
        parent = None
        if claim.parent_claim_id is not None:
            found = self._linked("claim", claim.parent_claim_id)
            if found is not None:
                parent = self._claim(found)

        def span(ref: Any) -> int | None:
            return None if ref is None else self._span(ref.span_id)

        attributes = {k: v for k, v in claim.attributes.items() if k != "parent"}
        self.claims[claim.id] = ImportedClaim(
            key=claim.id,
            type=claim.type,
            content=span(claim.content),
            cue=span(claim.cue),
            claimant=span(claim.claimant),
            claimant_actor=self._actor(claim.claimant_actor_id),
            stance=claim.stance,
            about_events=tuple(about),
            about_actors=tuple(self._actor(actor_id) for actor_id, _name in claim.about_actors),
            parent=parent,
            attributes=self._provenance(claim_identity(claim), attributes),
            score=claim.score,
        )
        return claim.id


# ---------------------------------------------------------------------------------------------
# Taking records out of the gold layer
# ---------------------------------------------------------------------------------------------


def remove_gold(store: Store, doc_id: int, items: Sequence[Item]) -> Change:
    """Delete the gold records of ``items``, with the triggers, cues and contents of removed
    events and claims and the relations pointing at what goes; a span a gold event or claim
    still uses stays (:attr:`GoldEdit.kept`)."""
    plan = _Removal.plan(store, doc_id, items)
    removed = len(plan.spans) + len(plan.events) + len(plan.claims)
    description = f"Remove {plural(removed, 'record')} from gold"
    if plan.kept:
        description += f" ({plural(len(plan.kept), 'span')} kept: still used)"
    removal = GoldRemoval(
        spans=plan.spans,
        events=plan.events,
        claims=plan.claims,
        children=plan.children,
        target_claims=plan.target_claims,
        relations=plan.relations,
    )
    return store.remove_from_gold(
        doc_id, removal, description, GoldEdit(removed=removed, kept=tuple(plan.kept))
    )


@dataclass(slots=True)
class _Removal:
    """The gold rows a removal deletes, worked out before anything is written."""

    spans: list[int]
    events: list[int]
    claims: list[int]
    children: list[int]  # claims whose parent goes: their parent link is cleared
    target_claims: list[int]  # claims whose targets change
    relations: list[int]
    kept: list[int]

    @classmethod
    def plan(cls, store: Store, doc_id: int, items: Sequence[Item]) -> _Removal:
        gold = gold_version(store, doc_id)
        wanted = {(item.kind, record_id) for item in items for record_id in item.gold_ids}
        events = [e for e in gold.events if ("event", e.id) in wanted]
        claims = [c for c in gold.claims if ("claim", c.id) in wanted]
        event_ids = {e.id for e in events}
        claim_ids = {c.id for c in claims}
        candidates = {s.id for s in gold.spans if ("span", s.id) in wanted}
        for event in events:
            if event.trigger is not None:
                candidates.add(event.trigger.span_id)
        for claim in claims:
            candidates.update(r.span_id for r in (claim.content, claim.cue) if r is not None)
        used: set[int] = set()
        all_events = store.document_events(doc_id, include_rejected=True)
        all_claims = store.document_claims(doc_id, include_rejected=True)
        for event in all_events:
            if event.id not in event_ids:
                used.update(_event_spans(event))
        for claim in all_claims:
            if claim.id not in claim_ids:
                used.update(claim_spans(claim))
        spans = sorted(candidates - used)
        kept = sorted(candidates & used & {s.id for s in gold.spans if ("span", s.id) in wanted})
        gone = {("span", i) for i in spans} | {("event", i) for i in event_ids}
        gone |= {("claim", i) for i in claim_ids}
        relations = [
            r.id
            for r in store.document_relations(doc_id)
            if (r.head_kind, r.head_id) in gone or (r.child_kind, r.child_id) in gone
        ]
        return cls(
            spans=spans,
            events=sorted(event_ids),
            claims=sorted(claim_ids),
            children=sorted(c.id for c in all_claims if c.parent_claim_id in claim_ids),
            target_claims=sorted(
                {c.id for c in all_claims if event_ids & set(c.about_events)} | claim_ids
            ),
            relations=relations,
            kept=kept,
        )


def _event_spans(event: EventRecord) -> set[int]:
    found = {a.span.span_id for a in event.arguments if a.span is not None}
    if event.trigger is not None:
        found.add(event.trigger.span_id)
    return found


def claim_spans(claim: ClaimRecord) -> set[int]:
    return {r.span_id for r in (claim.content, claim.cue, claim.claimant) if r is not None}
