"""Newsmark's own JSONL: one document per line with every annotation, for full round trips.

The format ("newsmark/1") is described in docs/FORMAT.md and, line by line, by the JSON
Schema ``newsmark-jsonl.schema.json`` shipped in ``newsmark.resources``. Offsets are Python
``str`` indices (code points) into ``text`` as stored. Every exported span is checked against
the text before anything reaches the target name; the file is written atomically. Pure
Python; never imports Qt.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsmark.core.records import json_object
from newsmark.exchange.records import (
    CheckedRecords,
    DocumentRecords,
    ExportOptions,
    RecordReader,
)
from newsmark.exchange.writing import atomic_text_file

if TYPE_CHECKING:
    from newsmark.core.store import Store

FORMAT = "newsmark/1"
SCHEMA_RESOURCE = "newsmark-jsonl.schema.json"
# Named document columns that go into ``meta``; the stored meta dict adds its other keys.
META_FIELDS = ("title", "author", "published", "source", "url", "external_id")
# Raw in json.dumps(ensure_ascii=False) output, yet line breaks to str.splitlines.
_LINE_ENDS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote: lines (documents), records of each kind, distinct actors,
    relations left out because an end no longer exists, the file, and the time it took."""

    documents: int
    spans: int
    events: int
    claims: int
    relations: int
    actors: int
    dangling_relations: int
    path: Path
    seconds: float

    @property
    def warnings(self) -> tuple[str, ...]:
        if not self.dangling_relations:
            return ()
        return (f"{self.dangling_relations} relation(s) left out: an end no longer exists",)

    def summary(self) -> str:
        return (
            f"Wrote {self.documents} documents ({self.spans} spans, {self.events} events, "
            f"{self.claims} claims, {self.relations} relations, {self.actors} actors) to "
            f"{self.path} in {self.seconds:.2f} s"
        )


def export_native(
    store: Store,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ExportReport:
    """Write the project's documents chosen by ``options`` to ``path`` as native JSONL.

    Raises :class:`ExportError` (nothing written under ``path``, a previous file there left
    as it was) when a span's offsets do not cover its stored text; the error lists every such
    span. ``progress(done, total)`` is called after each document.
    """
    started = time.perf_counter()
    target = Path(path)
    counts = dict.fromkeys(("documents", "spans", "events", "claims", "relations", "dangling"), 0)
    actors: set[int] = set()
    with atomic_text_file(target) as handle:
        for records in CheckedRecords(RecordReader(store, options), target, progress):
            write_line(handle, document_line(records))
            counts["documents"] += 1
            counts["spans"] += len(records.spans)
            counts["events"] += len(records.events)
            counts["claims"] += len(records.claims)
            counts["relations"] += len(records.relations)
            counts["dangling"] += records.dangling_relations
            actors.update(actor.id for actor in records.actors)
    return ExportReport(
        documents=counts["documents"],
        spans=counts["spans"],
        events=counts["events"],
        claims=counts["claims"],
        relations=counts["relations"],
        actors=len(actors),
        dangling_relations=counts["dangling"],
        path=target,
        seconds=time.perf_counter() - started,
    )


def write_line(handle: TextIO, line: dict[str, Any]) -> None:
    """One document as one JSON line: UTF-8 as is, except the three characters that
    ``str.splitlines`` (and JavaScript before ES2019) take for line ends, which are escaped so
    that a line of the file is always one document."""
    encoded = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _LINE_ENDS:
        if char in encoded:
            encoded = encoded.replace(char, escape)
    handle.write(encoded)
    handle.write("\n")


def document_line(records: DocumentRecords) -> dict[str, Any]:
    """The JSON object of one line of the format (see docs/FORMAT.md)."""
    doc = records.document
    meta: dict[str, Any] = {name: getattr(doc, name) for name in META_FIELDS}
    for key, value in doc.meta.items():
        meta.setdefault(key, value)
    elsewhere = records.elsewhere

    def end(kind: str, end_id: int) -> dict[str, Any]:
        found: dict[str, Any] = {"kind": kind, "id": end_id}
        if (kind, end_id) in elsewhere:
            found["doc"] = elsewhere[(kind, end_id)]
        return found

    def about(claim: Any) -> list[dict[str, Any]]:
        targets: list[dict[str, Any]] = []
        for event_id in claim.about_events:
            target: dict[str, Any] = {"event": event_id}
            if ("event", event_id) in elsewhere:
                target["doc"] = elsewhere[("event", event_id)]
            targets.append(target)
        targets.extend({"actor": actor_id} for actor_id, _name in claim.about_actors)
        return targets

    return {
        "format": FORMAT,
        "id": doc.id,
        "text": doc.text,
        "meta": meta,
        "status": doc.status,
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "label": s.label,
                "status": s.status,
                "origin": s.origin,
                "score": s.score,
                "annotator": s.annotator,
                "actor": s.actor_id,
                "attributes": _attributes(s.attributes),
            }
            for s in records.spans
        ],
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "country": a.country,
                "aliases": list(a.aliases),
                "external_ids": dict(a.external_ids),
            }
            for a in records.actors
        ],
        "events": [
            {
                "id": e.id,
                "type": e.type,
                "subtype": e.subtype,
                "trigger": e.trigger.span_id if e.trigger is not None else None,
                "arguments": [
                    {
                        "role": a.role,
                        "span": a.span.span_id if a.span is not None else None,
                        "actor": a.actor_id,
                        "value": a.value,
                    }
                    for a in e.arguments
                ],
                "attributes": e.attributes,
                "status": e.status,
                "origin": e.origin,
                "score": e.score,
                "annotator": e.annotator,
            }
            for e in records.events
        ],
        "claims": [
            {
                "id": c.id,
                "content": c.content.span_id if c.content is not None else None,
                "cue": c.cue.span_id if c.cue is not None else None,
                "claimant": c.claimant.span_id if c.claimant is not None else None,
                "claimant_actor": c.claimant_actor_id,
                "type": c.type,
                "stance": c.stance,
                "about": about(c),
                "attributes": {**c.attributes, "parent": c.parent_claim_id},
                "status": c.status,
                "origin": c.origin,
                "score": c.score,
                "annotator": c.annotator,
            }
            for c in records.claims
        ],
        "relations": [
            {
                "id": r.id,
                "head": end(r.head_kind, r.head_id),
                "child": end(r.child_kind, r.child_id),
                "label": r.label,
                "status": r.status,
                "origin": r.origin,
                "annotator": r.annotator,
            }
            for r in records.relations
        ],
    }


def _attributes(stored: str) -> dict[str, Any]:
    # Nearly every span has none: skip the parser for those.
    return {} if stored == "{}" else json_object(stored)
