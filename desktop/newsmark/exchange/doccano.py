"""doccano JSONL (sequence labelling with relations): export and reading for import.

A line holds the text, ``entities`` (id, label, start and end offsets), ``relations`` (id,
from and to entity ids, type) and the document's metadata as top-level keys, which doccano
keeps with the example. The relations are those of the Prodigy export (see
:func:`newsmark.exchange.prodigy.span_links`): Newsmark relations between spans, event roles
from trigger to filler, claim parts from the cue. Reading also takes doccano's older
``label: [[start, end, "LABEL"], ...]`` lines. Offsets are Python ``str`` indices (code
points) into the text as stored. Pure Python; never imports Qt.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from newsmark.core.imported import ImportedDocument, ImportedRelation, ImportedSpan, ImportProblem
from newsmark.exchange.prodigy import (
    LinkedExportReport,
    SpanLink,
    document_meta,
    export_linked,
    imported_meta,
    json_records,
    list_field,
    offsets_problem,
    span_links,
)

if TYPE_CHECKING:
    from newsmark.core.store import Store
    from newsmark.exchange.records import DocumentRecords, ExportOptions

# Keys doccano gives a meaning; metadata never takes them.
RESERVED = frozenset({"id", "text", "entities", "relations", "label", "labels", "meta"})
# doccano's export adds its comments to each line; no annotation, nothing to keep when empty.
_COMMENTS = ("Comments", "comments")


def export_doccano(
    store: Store,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> LinkedExportReport:
    """Write the documents ``options`` choose to ``path`` as doccano JSONL (see
    docs/formats/prodigy-doccano.md); ExportError, with nothing written, when a span does not
    match its text. ``progress(done, total)`` is called after each document."""
    return export_linked(store, path, options, doccano_line, "doccano JSONL", progress)


def doccano_line(
    records: DocumentRecords,
) -> tuple[dict[str, Any], list[SpanLink], Counter[str]]:
    """One document as a doccano line, with the links written and those left out.

    Entity ids are the Newsmark span ids; relation ids count from 1 in each line (doccano
    gives both its own ids on import).
    """
    links, left_out = span_links(records)
    line: dict[str, Any] = {
        "text": records.document.text,
        "entities": [
            {"id": s.id, "label": s.label, "start_offset": s.start, "end_offset": s.end}
            for s in sorted(records.spans, key=lambda s: (s.start, s.end, s.id))
        ],
        "relations": [
            {"id": number, "from_id": link.head, "to_id": link.child, "type": link.label}
            for number, link in enumerate(links, start=1)
        ],
    }
    for key, value in document_meta(records).items():
        # A stored meta key doccano reads as something else keeps its value under meta_<key>.
        line[f"meta_{key}" if key in RESERVED else key] = value
    return line, links, left_out


def read_doccano(path: str | os.PathLike[str]) -> Iterator[ImportedDocument | ImportProblem]:
    """The documents of a doccano JSONL file, one line at a time, with a problem for each line
    or part of a line that cannot be read.

    Spans come from ``entities`` objects or, in older exports, ``label``/``labels`` triples
    ``[start, end, "LABEL"]`` (a list of plain strings there is a text classification's labels
    and goes to the metadata as ``labels``). Spans and relations are pre-annotations: doccano's
    export does not say which were approved. Every other top-level key (and a ``meta`` object)
    goes to the metadata; doccano's own ``id`` as ``doccano_id``.
    """
    for item in json_records(path):
        if isinstance(item, ImportProblem):
            yield item
        else:
            yield from _doccano_document(*item)


def _doccano_document(
    location: str, record: dict[str, Any]
) -> Iterator[ImportedDocument | ImportProblem]:
    text: str = record["text"]
    problems: list[ImportProblem] = []

    def problem(message: str) -> None:
        problems.append(ImportProblem(location, message, fatal=False))

    categories: list[str] = []
    if record.get("entities") is not None:
        spans = _entities(text, list_field(record, "entities", location, problems), problem)
    else:
        name = "label" if "label" in record else "labels"
        raw = list_field(record, name, location, problems)
        categories = [item for item in raw if isinstance(item, str)]
        triples = [(index, item) for index, item in enumerate(raw) if not isinstance(item, str)]
        spans = _triples(text, name, triples, problem)
    relations = _relations(list_field(record, "relations", location, problems), spans, problem)
    meta, key, status = imported_meta(_meta(record, categories, problem))
    yield from problems
    yield ImportedDocument(
        location=location,
        text=text,
        key=key,
        meta=meta,
        status=status,
        spans=tuple(spans.values()),
        relations=tuple(relations),
    )


def _entities(text: str, raw: list[Any], problem: Callable[[str], None]) -> dict[Any, ImportedSpan]:
    """Spans by entity id (the position in the list for an entity without one)."""
    spans: dict[Any, ImportedSpan] = {}
    for index, entity in enumerate(raw):
        field = f"entities[{index}]"
        if not isinstance(entity, dict):
            problem(f"{field}: expected an object; span left out")
            continue
        key = entity.get("id", index)
        if not isinstance(key, int | str) or isinstance(key, bool) or key in spans:
            problem(f"{field}.id: {key!r} is not a new entity id; span left out")
            continue
        start, end = entity.get("start_offset"), entity.get("end_offset")
        span = _span(text, key, start, end, entity.get("label"), field, problem)
        if span is not None:
            spans[key] = span
    return spans


def _triples(
    text: str, name: str, triples: list[tuple[int, Any]], problem: Callable[[str], None]
) -> dict[Any, ImportedSpan]:
    """Spans of the older ``[start, end, "LABEL"]`` form, by position in the list."""
    spans: dict[Any, ImportedSpan] = {}
    for index, item in triples:
        field = f"{name}[{index}]"
        if not isinstance(item, list) or len(item) != 3:
            problem(f"{field}: expected [start, end, label]; span left out")
            continue
        span = _span(text, index, item[0], item[1], item[2], field, problem, positional=True)
        if span is not None:
            spans[index] = span
    return spans


def _span(
    text: str,
    key: Any,
    start: Any,
    end: Any,
    label: Any,
    field: str,
    problem: Callable[[str], None],
    *,
    positional: bool = False,
) -> ImportedSpan | None:
    names = ("[0]", "[1]", "[2]") if positional else (".start_offset", ".end_offset", ".label")
    message = offsets_problem(text, start, end, field + names[0], field + names[1])
    if message is None and (not isinstance(label, str) or not label.strip()):
        message = f"{field}{names[2]}: expected a label, found {label!r}"
    if message is not None:
        problem(f"{message}; span left out")
        return None
    return ImportedSpan(key=key, start=start, end=end, text=text[start:end], label=label)


def _relations(
    raw: list[Any], spans: dict[Any, ImportedSpan], problem: Callable[[str], None]
) -> list[ImportedRelation]:
    relations = []
    for index, relation in enumerate(raw):
        field = f"relations[{index}]"
        if not isinstance(relation, dict):
            problem(f"{field}: expected an object; relation left out")
            continue
        label = relation.get("type")
        message = None
        if not isinstance(label, str) or not label.strip():
            message = f"{field}.type: expected a relation type, found {label!r}"
        for end in ("from_id", "to_id"):
            if message is None and _span_key(relation.get(end), spans) is None:
                message = f"{field}.{end}: no entity {relation.get(end)!r} in this line"
        if message is not None:
            problem(f"{message}; relation left out")
            continue
        relations.append(
            ImportedRelation(
                # Nothing points at a relation, so its position is key enough.
                key=index,
                head=("span", _span_key(relation["from_id"], spans)),
                child=("span", _span_key(relation["to_id"], spans)),
                label=label,
            )
        )
    return relations


def _span_key(value: Any, spans: dict[Any, ImportedSpan]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    return value if value in spans else None


def _meta(
    record: dict[str, Any], categories: list[str], problem: Callable[[str], None]
) -> dict[str, Any]:
    """Every key of a line doccano gives no meaning to, a ``meta`` object's keys, doccano's
    id as ``doccano_id`` and a classification's labels as ``labels``."""
    meta: dict[str, Any] = {}
    nested = record.get("meta")
    if isinstance(nested, dict):
        meta.update(nested)
    elif nested is not None:
        problem("meta: expected an object; left out")
    for key, value in record.items():
        if key in RESERVED or (key in _COMMENTS and not value):
            continue
        meta[key.removeprefix("meta_") if key.removeprefix("meta_") in RESERVED else key] = value
    if "id" in record:
        meta["doccano_id"] = record["id"]
    if categories:
        meta["labels"] = categories
    return meta
