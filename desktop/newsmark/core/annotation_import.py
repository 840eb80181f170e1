"""Writing annotations read from another file into the project, one document at a time.

A reader (:mod:`newsmark.exchange`) turns a file into :class:`ImportedDocument` objects; this
module writes each one in a single transaction: the document is found by content (or added
with its text exactly as given), actors are matched to the registry or added, then spans,
events, claims and relations are written with the source's keys turned into project ids.
Importing the same file twice adds nothing the second time. Whatever cannot be written is a
located :class:`ImportProblem`; the rest of the document still goes in.

When the project already holds the article with a text that differs only in spacing or line
endings (it was cleaned at import, the file kept CRLF), offsets are carried over through the
characters both texts share. Pure Python; never imports Qt.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsmark.core.actor_registry import fold_form
from newsmark.core.clock import utc_now
from newsmark.core.documents import DOCUMENT_STATUSES, Document, content_hash
from newsmark.core.imported import (
    ElsewhereRef,
    ImportedActor,
    ImportedClaim,
    ImportedDocument,
    ImportedEvent,
    ImportedRelation,
    ImportedSpan,
    ImportProblem,
    Key,
)
from newsmark.core.span_curation import SPAN_STATUSES

RELATION_KINDS = ("span", "event", "claim", "actor")
_META_COLUMNS = ("title", "author", "published", "source", "url", "external_id")
# What two copies of one article may differ by (see documents.content_hash).
_IGNORED = frozenset(" \t\n\r\x0b\x0c\u00a0")


@dataclass(frozen=True, slots=True)
class ImportDefaults:
    """What an import decides for records whose source does not say.

    ``origin`` (e.g. ``import:prodigy``), ``status`` and ``annotator`` apply to records that
    carry none; with ``keep_recorded`` (Newsmark's own JSONL) a record's own origin, status,
    annotator and a document's status are kept, otherwise these defaults apply to all.
    """

    origin: str
    status: str = "suggested"
    annotator: str | None = None
    keep_recorded: bool = False
    # Whether a record matches one already there only when both have the same annotator
    # (None: when ``keep_recorded``). Another tool's pre-annotation is the same as a record
    # already there whoever made either; Newsmark's own records, and an adjudicator's copies,
    # stand beside each annotator's version.
    per_annotator: bool | None = None

    @property
    def matches_per_annotator(self) -> bool:
        return self.keep_recorded if self.per_annotator is None else self.per_annotator

    def __post_init__(self) -> None:
        if self.status not in SPAN_STATUSES:
            raise ValueError(f"status {self.status!r}: use one of {', '.join(SPAN_STATUSES)}")


@dataclass(slots=True)
class ImportedCounts:
    """Records an import wrote, and those it found already in the project."""

    documents: int = 0
    new_documents: int = 0
    spans: int = 0
    events: int = 0
    claims: int = 0
    relations: int = 0
    actors: int = 0
    already_there: int = 0

    def add(self, other: ImportedCounts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def records(self) -> str:
        """What was added, in words: "3 spans, 1 event", or "nothing new"."""
        parts = [
            f"{count} {name if count != 1 else name[:-1]}"
            for name, count in (
                ("spans", self.spans),
                ("events", self.events),
                ("claims", self.claims),
                ("relations", self.relations),
            )
            if count
        ]
        return ", ".join(parts) or "nothing new"


@dataclass(slots=True)
class DocumentImport:
    """The outcome of writing one imported document.

    ``keys`` maps the source's ``(kind, key)`` to project ids, so that records of later
    documents pointing here can be linked; ``pending`` holds the links to other documents
    (:class:`ElsewhereRef`) that wait for those documents.
    """

    location: str
    doc_id: int | None = None
    counts: ImportedCounts = field(default_factory=ImportedCounts)
    problems: list[ImportProblem] = field(default_factory=list)
    keys: dict[tuple[str, Key], int] = field(default_factory=dict)
    pending: list[PendingLink] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PendingLink:
    """A claim target or a relation with an end in another document of the same source."""

    location: str
    claim_id: int | None = None  # a claim target: this claim is about ``event``
    event: ElsewhereRef | None = None
    relation: ImportedRelation | None = None  # a relation: its ends, some resolved already
    resolved: tuple[tuple[str, int] | None, tuple[str, int] | None] = (None, None)
    doc_id: int | None = None
    defaults: ImportDefaults | None = None


class TextAlignment:
    """Carries offsets from one text to another that differs only by ignorable characters
    (spacing, line endings, a byte-order mark): position k of the characters both share maps
    to position k in the other."""

    def __init__(self, source: str, target: str):
        self.identity = source == target
        if self.identity:
            return
        self._source = [i for i, c in enumerate(source) if c not in _IGNORED and c != "\ufeff"]
        self._target = [i for i, c in enumerate(target) if c not in _IGNORED and c != "\ufeff"]
        self.possible = len(self._source) == len(self._target) and all(
            source[i] == target[j] for i, j in zip(self._source, self._target, strict=True)
        )

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The target offsets of source ``start:end``, or None when the span holds none of
        the shared characters."""
        if self.identity:
            return start, end
        first = bisect.bisect_left(self._source, start)
        last = bisect.bisect_left(self._source, end) - 1
        if first > last:
            return None
        return self._target[first], self._target[last] + 1


class AnnotationImport:
    """The Store's import of annotations; mixed into :class:`~newsmark.core.store.Store`.

    Threading: like the Store, one thread per instance.
    """

    def import_document(
        self,
        imported: ImportedDocument,
        defaults: ImportDefaults,
        actor_ids: dict[Key, int] | None = None,
    ) -> DocumentImport:
        """Write one imported document and its records in one transaction.

        ``actor_ids`` maps source actor keys to registry ids across a whole file (updated
        here), so one source actor becomes one registry entry. A fatal problem (the text
        cannot hold the offsets) writes nothing for this document.
        """
        result = DocumentImport(imported.location)
        actor_ids = {} if actor_ids is None else actor_ids
        with self.db.atomic():
            found = self._find_or_add_document(imported, defaults, result)
            if found is None:
                return result
            doc_id, alignment, text = found
            writer = _DocumentWriter(self, doc_id, text, alignment, defaults, result, actor_ids)
            writer.write(imported)
        return result

    def link_pending(
        self, links: Iterable[PendingLink], keys: Mapping[tuple[Any, str, Key], int]
    ) -> tuple[int, list[ImportProblem]]:
        """Write claim targets and relations that point into other documents of the source,
        now that those are written. ``keys`` maps (document key, kind, record key) to project
        ids. Returns how many were linked and what could not be."""
        problems: list[ImportProblem] = []
        linked = 0
        now = utc_now()
        with self.db.atomic():
            for link in links:
                if link.event is not None and link.claim_id is not None:
                    event_id = keys.get((link.event.doc, "event", link.event.key))
                    if event_id is None:
                        problems.append(_missing(link.location, "event", link.event))
                        continue
                    exists = self.db.execute(
                        "SELECT 1 FROM claim_targets WHERE claim_id = ? AND event_id = ?",
                        [link.claim_id, event_id],
                    ).fetchone()
                    if not exists:
                        self.db.execute(
                            "INSERT INTO claim_targets (claim_id, event_id) VALUES (?, ?)",
                            [link.claim_id, event_id],
                        )
                        linked += 1
                elif link.relation is not None:
                    ends = []
                    for (kind, ref), done in zip(
                        (link.relation.head, link.relation.child), link.resolved, strict=True
                    ):
                        if done is not None:
                            ends.append(done)
                        elif isinstance(ref, ElsewhereRef) and (ref.doc, kind, ref.key) in keys:
                            ends.append((kind, keys[(ref.doc, kind, ref.key)]))
                        else:
                            problems.append(_missing(link.location, kind, ref))
                            break
                    else:
                        assert link.defaults is not None
                        if _insert_relation(
                            self, link.doc_id, ends[0], ends[1], link.relation, link.defaults, now
                        ):
                            linked += 1
        return linked, problems

    def merge_registry_actor(self, actor: ImportedActor) -> tuple[int, str | None, bool]:
        """Match a registry actor of another copy of this project (an annotator's file) to
        this registry: ``(id, conflict, created)``.

        The same id with the same name is the same actor: aliases it lacks are added, other
        differences (type, country, external ids) are reported as a conflict and this
        registry's values kept. The same id with another name is a conflict too; the actor is
        then matched by Wikidata id, name or alias like any imported one, or added, keeping its
        id when that is free so that later copies line up.
        """
        name = " ".join(actor.name.split())
        with self.db.atomic():
            row = self.db.execute(
                "SELECT name, type, country, external_ids FROM actors WHERE id = ?", [actor.key]
            ).fetchone()
            conflict = None
            if row is not None and fold_form(row[0]) == fold_form(name):
                differs = [
                    f"{field} {theirs!r} (kept {ours!r})"
                    for field, ours, theirs in (
                        ("type", row[1], actor.type),
                        ("country", row[2], actor.country),
                        ("external ids", json.loads(row[3]), dict(actor.external_ids)),
                    )
                    if theirs and theirs != ours
                ]
                self._add_aliases(int(actor.key), actor.aliases)
                if differs:
                    conflict = f"actor {actor.key} {name!r} differs: {', '.join(differs)}"
                return int(actor.key), conflict, False
            if row is not None:
                conflict = (
                    f"actor id {actor.key} is {row[0]!r} here but {name!r} there; "
                    f"{name!r} matched by name or added, {row[0]!r} left as it was"
                )
            found = _registry_match(self.db, name, actor.external_ids.get("wikidata"))
            if found is not None:
                self._add_aliases(found, actor.aliases)
                return found, conflict, False
            now = utc_now()
            free = row is None and isinstance(actor.key, int)
            cursor = self.db.execute(
                """INSERT INTO actors (id, name, type, country, external_ids, attributes,
                       created_at, updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)""",
                [
                    actor.key if free else None,
                    name,
                    actor.type,
                    actor.country,
                    _json(actor.external_ids),
                    now,
                    now,
                ],
            )
            actor_id = int(cursor.lastrowid or 0)
            self._add_aliases(actor_id, actor.aliases)
            return actor_id, conflict, True

    def _add_aliases(self, actor_id: int, aliases: Iterable[str]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
            [(actor_id, a.strip()) for a in aliases if a and a.strip()],
        )

    # -- documents ----------------------------------------------------------------------------

    def _find_or_add_document(
        self, imported: ImportedDocument, defaults: ImportDefaults, result: DocumentImport
    ) -> tuple[int, TextAlignment, str] | None:
        text = imported.text
        if not text.strip():
            result.problems.append(ImportProblem(imported.location, "the text is empty"))
            return None
        digest = content_hash(text)
        row = self.db.execute(
            "SELECT id, text FROM documents WHERE content_hash = ?", [digest]
        ).fetchone()
        if row is not None:
            doc_id, stored = row
            alignment = TextAlignment(text, stored)
            if not alignment.identity and not alignment.possible:
                result.problems.append(
                    ImportProblem(
                        imported.location,
                        f"the project holds this article as document {doc_id} with a text that "
                        "differs in more than spacing and line breaks (Unicode form?), so the "
                        "offsets cannot be carried over; nothing imported for it",
                    )
                )
                return None
            result.doc_id = doc_id
            result.counts.documents = 1
            return doc_id, alignment, stored
        meta = dict(imported.meta)
        named = {name: _text_or_none(meta.pop(name, None)) for name in _META_COLUMNS}
        document = Document(
            text=text,
            meta=meta,
            origin=imported.location,
            content_hash=digest,
            **named,
        )
        (added,) = self.add_documents([document], index=False)
        doc_id = added.doc_id
        if defaults.keep_recorded and imported.status in DOCUMENT_STATUSES:
            self.db.execute(
                "UPDATE documents SET status = ? WHERE id = ?", [imported.status, doc_id]
            )
        result.doc_id = doc_id
        result.counts.documents = result.counts.new_documents = 1
        return doc_id, TextAlignment(text, text), text


def _missing(location: str, kind: str, ref: Any) -> ImportProblem:
    where = f"document {ref.doc!r}, {kind} {ref.key!r}" if isinstance(ref, ElsewhereRef) else ref
    return ImportProblem(
        location, f"points at {where}, which is not in the file; link left out", fatal=False
    )


def _registry_match(db: Any, name: str, wikidata: str | None) -> int | None:
    """The registry actor with this Wikidata id, else this name, else this alias."""
    if wikidata:
        row = db.execute(
            "SELECT id FROM actors WHERE json_extract(external_ids, '$.wikidata') = ? "
            "ORDER BY id LIMIT 1",
            [wikidata],
        ).fetchone()
        if row:
            return int(row[0])
    wanted = fold_form(name)
    for actor_id, stored in db.execute(
        "SELECT id, name FROM actors WHERE name = ? COLLATE NOCASE ORDER BY id", [name]
    ):
        if fold_form(stored) == wanted:
            return int(actor_id)
    for (actor_id,) in db.execute(
        "SELECT actor_id FROM actor_aliases WHERE alias = ? COLLATE NOCASE ORDER BY actor_id",
        [name],
    ):
        return int(actor_id)
    return None


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _insert_relation(
    store: Any,
    doc_id: int | None,
    head: tuple[str, int],
    child: tuple[str, int],
    relation: ImportedRelation,
    defaults: ImportDefaults,
    now: str,
) -> bool:
    """Insert a relation unless the same one (ends, label, and for Newsmark's own records the
    annotator) is there already."""
    status, origin, annotator = _provenance(relation, defaults)
    store._register(annotator, now)
    who = annotator if defaults.matches_per_annotator else None
    exists = store.db.execute(
        """SELECT 1 FROM relations WHERE head_kind = ? AND head_id = ? AND child_kind = ?
           AND child_id = ? AND label = ? AND (? IS NULL OR annotator IS ?)""",
        [head[0], head[1], child[0], child[1], relation.label, who, who],
    ).fetchone()
    if exists:
        return False
    store.db.execute(
        """INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label,
               status, origin, score, annotator, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            doc_id,
            head[0],
            head[1],
            child[0],
            child[1],
            relation.label,
            status,
            origin,
            relation.score,
            annotator,
            now,
            now,
        ],
    )
    return True


def _provenance(record: Any, defaults: ImportDefaults) -> tuple[str, str, str | None]:
    """(status, origin, annotator) of an imported record under ``defaults``."""
    if defaults.keep_recorded:
        status = record.status if record.status in SPAN_STATUSES else defaults.status
        origin = record.origin or defaults.origin
        annotator = record.annotator or defaults.annotator
    else:
        status, origin = defaults.status, defaults.origin
        annotator = defaults.annotator or record.annotator
    if annotator is not None:
        annotator = " ".join(str(annotator).split()) or None
    return status, origin, annotator


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, default=str)


class _DocumentWriter:
    """Writes one document's imported records inside the caller's transaction."""

    def __init__(
        self,
        store: Any,
        doc_id: int,
        text: str,
        alignment: TextAlignment,
        defaults: ImportDefaults,
        result: DocumentImport,
        actor_ids: dict[Key, int],
    ):
        self.store = store
        self.db = store.db
        self.doc_id = doc_id
        self.text = text
        self.alignment = alignment
        self.defaults = defaults
        self.result = result
        self.actor_ids = actor_ids
        self.now = utc_now()
        self.spans: dict[Key, int] = {}
        self.events: dict[Key, int] = {}
        self.claims: dict[Key, int] = {}
        self.location = result.location
        self.anyone = not defaults.matches_per_annotator

    def problem(self, message: str) -> None:
        self.result.problems.append(ImportProblem(self.location, message, fatal=False))

    def write(self, imported: ImportedDocument) -> None:
        for actor in imported.actors:
            self._actor(actor)
        self._spans(imported.text, imported.spans)
        for event in imported.events:
            self._event(event)
        for claim in imported.claims:
            self._claim(claim)
        self._parents(imported.claims)
        for relation in imported.relations:
            self._relation(relation)
        keys = self.result.keys
        for kind, table in (("span", self.spans), ("event", self.events), ("claim", self.claims)):
            for key, record_id in table.items():
                keys[(kind, key)] = record_id
        for key, actor_id in self.actor_ids.items():
            keys[("actor", key)] = actor_id

    # -- actors -----------------------------------------------------------------------------

    def _actor(self, actor: Any) -> None:
        if actor.key in self.actor_ids:
            return
        name = " ".join(str(actor.name or "").split())
        if not name:
            self.problem(f"actor {actor.key!r} has no name; left out")
            return
        found = _registry_match(self.db, name, actor.external_ids.get("wikidata"))
        if found is None:
            (found,) = self.store.add_actors(
                [
                    {
                        "name": name,
                        "type": actor.type,
                        "country": actor.country,
                        "aliases": list(actor.aliases),
                        "external_ids": dict(actor.external_ids),
                    }
                ]
            )
            self.result.counts.actors += 1
        self.actor_ids[actor.key] = found

    def _actor_id(self, key: Key | None, what: str) -> int | None:
        if key is None:
            return None
        found = self.actor_ids.get(key)
        if found is None:
            self.problem(f"{what} names actor {key!r}, which the file does not list; left out")
        return found

    # -- spans ------------------------------------------------------------------------------

    def _spans(self, source: str, spans: Iterable[ImportedSpan]) -> None:
        existing: dict[tuple[int, int, str], list[tuple[int, str | None]]] = {}
        for span_id, start, end, label, annotator in self.db.execute(
            'SELECT id, start, "end", label, annotator FROM spans WHERE doc_id = ?', [self.doc_id]
        ):
            existing.setdefault((start, end, label), []).append((span_id, annotator))
        rows = []
        for span in spans:
            placed = self._place(source, span)
            if placed is None:
                continue
            start, end = placed
            status, origin, annotator = _provenance(span, self.defaults)
            key = (start, end, span.label)
            same = [
                span_id for span_id, who in existing.get(key, ()) if self.anyone or who == annotator
            ]
            if same:
                self.spans[span.key] = same[0]
                self.result.counts.already_there += 1
                continue
            actor_id = self._actor_id(span.actor, f"span {span.key!r}")
            self.store._register(annotator, self.now)
            cursor = self.db.execute(
                """INSERT INTO spans (doc_id, start, "end", label, text, actor_id, status,
                       origin, score, annotator, attributes, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    self.doc_id,
                    start,
                    end,
                    span.label,
                    self.text[start:end],
                    actor_id,
                    status,
                    origin,
                    span.score,
                    annotator,
                    _json(span.attributes),
                    self.now,
                    self.now,
                ],
            )
            span_id = int(cursor.lastrowid or 0)
            existing.setdefault(key, []).append((span_id, annotator))
            self.spans[span.key] = span_id
            rows.append(span_id)
        self.result.counts.spans += len(rows)

    def _place(self, source: str, span: ImportedSpan) -> tuple[int, int] | None:
        """The span's offsets in the stored text, or None (with a problem) when it has none."""
        what = f"span {span.key!r} ({span.start}-{span.end} {span.label})"
        if not span.label or not str(span.label).strip():
            self.problem(f"{what} has no label; left out")
            return None
        if not (0 <= span.start < span.end <= len(source)):
            self.problem(f"{what} lies outside the text (length {len(source)}); left out")
            return None
        covered = source[span.start : span.end]
        if span.text is not None and covered != span.text:
            self.problem(f"{what} says {span.text!r} but the text there is {covered!r}; left out")
            return None
        placed = self.alignment.span(span.start, span.end)
        if placed is None:
            self.problem(f"{what} covers only spacing, which the stored text lacks; left out")
        return placed

    def _span_id(self, key: Key | None, what: str) -> int | None:
        if key is None:
            return None
        found = self.spans.get(key)
        if found is None:
            self.problem(f"{what} points at span {key!r}, which was not imported; left out")
        return found

    # -- events -----------------------------------------------------------------------------

    def _event(self, event: ImportedEvent) -> None:
        what = f"event {event.key!r} ({event.type})"
        if not event.type:
            self.problem(f"{what} has no type; left out")
            return
        trigger = self._span_id(event.trigger, what)
        if event.trigger is not None and trigger is None:
            return
        arguments = []
        for argument in event.arguments:
            span_id = self._span_id(argument.span, f"{what}, role {argument.role}")
            actor_id = self._actor_id(argument.actor, f"{what}, role {argument.role}")
            if span_id is None and actor_id is None and argument.value is None:
                continue
            arguments.append((argument.role, span_id, actor_id, argument.value))
        status, origin, annotator = _provenance(event, self.defaults)
        signature = (event.type, event.subtype, trigger, tuple(sorted(arguments, key=repr)))
        for event_id in self._events_like(event.type, trigger, None if self.anyone else annotator):
            if self._event_signature(event_id) == signature:
                self.events[event.key] = event_id
                self.result.counts.already_there += 1
                return
        self.store._register(annotator, self.now)
        cursor = self.db.execute(
            """INSERT INTO events (doc_id, type, subtype, trigger_span_id, status, origin, score,
                   annotator, attributes, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                self.doc_id,
                event.type,
                event.subtype,
                trigger,
                status,
                origin,
                event.score,
                annotator,
                _json(event.attributes),
                self.now,
                self.now,
            ],
        )
        event_id = int(cursor.lastrowid or 0)
        self.db.conn.executemany(
            "INSERT INTO event_arguments (event_id, role, span_id, actor_id, value) "
            "VALUES (?, ?, ?, ?, ?)",
            [(event_id, *argument) for argument in arguments],
        )
        self.events[event.key] = event_id
        self.result.counts.events += 1

    def _events_like(self, type_: str, trigger: int | None, annotator: str | None) -> list[int]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM events WHERE doc_id = ? AND type = ? AND trigger_span_id IS ? "
                "AND (? IS NULL OR annotator IS ?)",
                [self.doc_id, type_, trigger, annotator, annotator],
            )
        ]

    def _event_signature(self, event_id: int) -> tuple[Any, ...]:
        type_, subtype, trigger = self.db.execute(
            "SELECT type, subtype, trigger_span_id FROM events WHERE id = ?", [event_id]
        ).fetchone()
        arguments = [
            tuple(row)
            for row in self.db.execute(
                "SELECT role, span_id, actor_id, value FROM event_arguments WHERE event_id = ?",
                [event_id],
            )
        ]
        return (type_, subtype, trigger, tuple(sorted(arguments, key=repr)))

    # -- claims -----------------------------------------------------------------------------

    def _claim(self, claim: ImportedClaim) -> None:
        what = f"claim {claim.key!r} ({claim.type})"
        if not claim.type:
            self.problem(f"{what} has no type; left out")
            return
        content = self._span_id(claim.content, f"{what}, content")
        cue = self._span_id(claim.cue, f"{what}, cue")
        claimant = self._span_id(claim.claimant, f"{what}, claimant")
        claimant_actor = self._actor_id(claim.claimant_actor, f"{what}, claimant")
        status, origin, annotator = _provenance(claim, self.defaults)
        who = None if self.anyone else annotator
        row = self.db.execute(
            """SELECT id FROM claims WHERE doc_id = ? AND type = ? AND content_span_id IS ?
               AND cue_span_id IS ? AND claimant_span_id IS ? AND claimant_actor_id IS ?
               AND (? IS NULL OR annotator IS ?)""",
            [self.doc_id, claim.type, content, cue, claimant, claimant_actor, who, who],
        ).fetchone()
        if row is not None:
            self.claims[claim.key] = int(row[0])
            self.result.counts.already_there += 1
            self._targets(int(row[0]), claim)
            return
        self.store._register(annotator, self.now)
        cursor = self.db.execute(
            """INSERT INTO claims (doc_id, type, stance, content_span_id, cue_span_id,
                   claimant_span_id, claimant_actor_id, status, origin, score, annotator,
                   attributes, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                self.doc_id,
                claim.type,
                claim.stance,
                content,
                cue,
                claimant,
                claimant_actor,
                status,
                origin,
                claim.score,
                annotator,
                _json(claim.attributes),
                self.now,
                self.now,
            ],
        )
        claim_id = int(cursor.lastrowid or 0)
        self.claims[claim.key] = claim_id
        self.result.counts.claims += 1
        self._targets(claim_id, claim)

    def _targets(self, claim_id: int, claim: ImportedClaim) -> None:
        have = {
            (event_id, actor_id)
            for event_id, actor_id in self.db.execute(
                "SELECT event_id, actor_id FROM claim_targets WHERE claim_id = ?", [claim_id]
            )
        }
        wanted: list[tuple[int | None, int | None]] = []
        for ref in claim.about_events:
            if isinstance(ref, ElsewhereRef):
                self.result.pending.append(PendingLink(self.location, claim_id=claim_id, event=ref))
                continue
            event_id = self.events.get(ref)
            if event_id is None:
                self.problem(f"claim {claim.key!r} is about event {ref!r}, which was not imported")
            else:
                wanted.append((event_id, None))
        for key in claim.about_actors:
            actor_id = self._actor_id(key, f"claim {claim.key!r}")
            if actor_id is not None:
                wanted.append((None, actor_id))
        fresh = [pair for pair in dict.fromkeys(wanted) if pair not in have]
        self.db.conn.executemany(
            "INSERT INTO claim_targets (claim_id, event_id, actor_id) VALUES (?, ?, ?)",
            [(claim_id, *pair) for pair in fresh],
        )

    def _parents(self, claims: Iterable[ImportedClaim]) -> None:
        for claim in claims:
            if claim.parent is None or claim.key not in self.claims:
                continue
            parent = self.claims.get(claim.parent)
            if parent is None:
                self.problem(
                    f"claim {claim.key!r} is reported inside claim {claim.parent!r}, which was "
                    "not imported; it stands on its own"
                )
                continue
            self.db.execute(
                "UPDATE claims SET parent_claim_id = ? WHERE id = ?",
                [parent, self.claims[claim.key]],
            )

    # -- relations --------------------------------------------------------------------------

    def _relation(self, relation: ImportedRelation) -> None:
        what = f"relation {relation.key!r} ({relation.label})"
        if not relation.label:
            self.problem(f"{what} has no label; left out")
            return
        ends: list[tuple[str, int] | None] = []
        elsewhere = False
        for kind, ref in (relation.head, relation.child):
            if kind not in RELATION_KINDS:
                self.problem(
                    f"{what}: an end of kind {kind!r}; use one of span, event, claim, actor"
                )
                return
            if isinstance(ref, ElsewhereRef):
                ends.append(None)
                elsewhere = True
                continue
            table = {"span": self.spans, "event": self.events, "claim": self.claims}.get(kind)
            found = self.actor_ids.get(ref) if table is None else table.get(ref)
            if found is None:
                self.problem(f"{what} points at {kind} {ref!r}, which was not imported; left out")
                return
            ends.append((kind, found))
        if elsewhere:
            self.result.pending.append(
                PendingLink(
                    self.location,
                    relation=relation,
                    resolved=(ends[0], ends[1]),
                    doc_id=None,
                    defaults=self.defaults,
                )
            )
            return
        head, child = ends
        assert head is not None and child is not None
        # A relation between registry actors belongs to no document.
        doc_id = None if head[0] == child[0] == "actor" else self.doc_id
        if _insert_relation(self.store, doc_id, head, child, relation, self.defaults, self.now):
            self.result.counts.relations += 1
        else:
            self.result.counts.already_there += 1
