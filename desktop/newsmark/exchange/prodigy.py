"""Prodigy-style JSONL: one annotation task per document, written for Prodigy and read back.

A line holds the text, its tokens, the spans with character and (inclusive) token offsets, and
relations between spans as Prodigy's ``relations`` interface shows them. Newsmark relations
become span relations (an event end is its trigger, a claim end its cue or content); event
roles become relations from the trigger to each filler span, labelled with the role; claims
become ``content`` and ``claimant`` relations from the cue. Types, stances, attributes and
actors are not carried (the native JSONL keeps everything; see docs/formats/prodigy-doccano.md).

The parts both span-and-relation JSONL formats share also live here and are used by
:mod:`newsmark.exchange.doccano`: the links between spans, the export loop and its report,
and reading a JSONL file one line at a time. Offsets are Python ``str`` indices (code points)
into the text as stored. Pure Python; never imports Qt.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsmark.core.documents import DOCUMENT_STATUSES
from newsmark.core.imported import ImportedDocument, ImportedRelation, ImportedSpan, ImportProblem
from newsmark.core.span_curation import ACCEPTED
from newsmark.exchange.native import META_FIELDS, write_line
from newsmark.exchange.records import CheckedRecords, DocumentRecords, ExportOptions, RecordReader
from newsmark.exchange.tokens import aligned_tokens, own_tokenizer, token_positions
from newsmark.exchange.writing import atomic_text_file

if TYPE_CHECKING:
    from newsmark.core.store import Store
    from newsmark.nlp.tokens import Tokenizer

# Link kinds, in the order the summary names them.
RELATION, ROLE, CLAIM_PART = "relation", "role", "claim part"
# Why a link could not be written, as the report's warnings say it.
LEFT_OUT = {
    "dangling": "relation(s) left out: an end no longer exists",
    "no_place": "relation(s) left out: an end is an actor or a record of another document, "
    "not a span of the text",
    "no_span": "relation(s) left out: an end is an event without a trigger or a claim without "
    "cue and content",
    "filler": "event role(s) left out: filled by an actor or a value, not a span",
    "untriggered": "event role(s) left out: the event has no trigger span",
    "claim_part": "claim part(s) left out: the claim has neither a cue nor a content span",
}
# A finished document with nothing annotated is an accepted "nothing here".
_FINISHED = ("done", "reviewed")
_BOM = b"\xef\xbb\xbf"


# -- links between spans (shared by both formats) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class SpanLink:
    """A labelled, directed link between two exported spans, by span id."""

    head: int
    child: int
    label: str
    kind: str  # RELATION, ROLE or CLAIM_PART


def span_links(records: DocumentRecords) -> tuple[list[SpanLink], Counter[str]]:
    """The document's relations, event roles and claim parts as links between its exported
    spans (each distinct head, child and label once), and how many of each LEFT_OUT reason
    could not be linked."""
    left_out: Counter[str] = Counter()
    if records.dangling_relations:
        left_out["dangling"] = records.dangling_relations
    links: list[SpanLink] = []
    links.extend(_relation_links(records, left_out))
    links.extend(_role_links(records, left_out))
    links.extend(_claim_links(records, left_out))
    # The record reader brings along every span a chosen record points at; a link to any other
    # would point out of the line.
    exported = {span.id for span in records.spans}
    kept = [link for link in links if link.head in exported and link.child in exported]
    if len(kept) < len(links):
        left_out["dangling"] += len(links) - len(kept)
    first = {(link.head, link.child, link.label): link for link in reversed(kept)}
    return [link for link in kept if first[(link.head, link.child, link.label)] is link], left_out


def _relation_links(records: DocumentRecords, left_out: Counter[str]) -> Iterator[SpanLink]:
    events = {event.id: event for event in records.events}
    claims = {claim.id: claim for claim in records.claims}

    def place(kind: str, end_id: int) -> int | str:
        """The span standing for a relation end, or the LEFT_OUT reason there is none."""
        if kind == "actor" or (kind, end_id) in records.elsewhere:
            return "no_place"
        if kind == "span":
            return end_id
        if kind == "event":
            trigger = events[end_id].trigger if end_id in events else None
            return trigger.span_id if trigger is not None else "no_span"
        claim = claims.get(end_id)
        if claim is None:
            return "no_span"
        ref = claim.cue if claim.cue is not None else claim.content
        return ref.span_id if ref is not None else "no_span"

    for relation in records.relations:
        head = place(relation.head_kind, relation.head_id)
        child = place(relation.child_kind, relation.child_id)
        if isinstance(head, str):
            left_out[head] += 1
        elif isinstance(child, str):
            left_out[child] += 1
        else:
            yield SpanLink(head, child, relation.label, RELATION)


def _role_links(records: DocumentRecords, left_out: Counter[str]) -> Iterator[SpanLink]:
    for event in records.events:
        for argument in event.arguments:
            if argument.span is None:
                left_out["filler"] += 1
            elif event.trigger is None:
                left_out["untriggered"] += 1
            else:
                yield SpanLink(event.trigger.span_id, argument.span.span_id, argument.role, ROLE)


def _claim_links(records: DocumentRecords, left_out: Counter[str]) -> Iterator[SpanLink]:
    for claim in records.claims:
        # The cue ("said", "denied") is where a reader sees the claim; without one the content
        # stands for it and only the claimant can hang from it.
        if claim.cue is not None:
            head = claim.cue.span_id
            parts = (("content", claim.content), ("claimant", claim.claimant))
        elif claim.content is not None:
            head = claim.content.span_id
            parts = (("claimant", claim.claimant),)
        else:
            if claim.claimant is not None:
                left_out["claim_part"] += 1
            continue
        for label, ref in parts:
            if ref is not None:
                yield SpanLink(head, ref.span_id, label, CLAIM_PART)


def document_meta(records: DocumentRecords) -> dict[str, Any]:
    """The document's metadata for a line: named fields that have a value, its Newsmark id and
    status, then the other keys of its stored meta."""
    doc = records.document
    meta: dict[str, Any] = {
        name: getattr(doc, name) for name in META_FIELDS if getattr(doc, name) is not None
    }
    meta["newsmark_id"] = doc.id
    meta["status"] = doc.status
    for key, value in doc.meta.items():
        meta.setdefault(key, value)
    return meta


# -- the export loop (shared by both formats) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkedExportReport:
    """What a span-and-relation JSONL export wrote: lines (documents), spans, links of each
    kind, links the format could not hold (LEFT_OUT reason -> count), the file, and the time."""

    title: str
    documents: int
    spans: int
    links: dict[str, int]
    left_out: dict[str, int]
    path: Path
    seconds: float

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(
            f"{self.left_out[reason]} {sentence}"
            for reason, sentence in LEFT_OUT.items()
            if self.left_out.get(reason)
        )

    def summary(self) -> str:
        parts = ", ".join(
            f"{self.links.get(kind, 0)} {name}"
            for kind, name in (
                (RELATION, "relations"),
                (ROLE, "event roles"),
                (CLAIM_PART, "claim parts"),
            )
        )
        return (
            f"Wrote {self.documents} documents ({self.spans} spans; {parts}) as {self.title} to "
            f"{self.path} in {self.seconds:.2f} s"
        )


LineMaker = Callable[[DocumentRecords], tuple[dict[str, Any], list[SpanLink], Counter[str]]]


def export_linked(
    store: Store,
    path: str | os.PathLike[str],
    options: ExportOptions | None,
    make_line: LineMaker,
    title: str,
    progress: Callable[[int, int], None] | None = None,
) -> LinkedExportReport:
    """Write one ``make_line`` line per chosen document to ``path``, as export_native does:
    nothing is written (ExportError listing them) when a span does not match its text, and
    the file appears atomically."""
    started = time.perf_counter()
    target = Path(path)
    documents = spans = 0
    links: Counter[str] = Counter()
    left_out: Counter[str] = Counter()
    with atomic_text_file(target) as handle:
        for records in CheckedRecords(RecordReader(store, options), target, progress):
            line, written, missed = make_line(records)
            write_line(handle, line)
            documents += 1
            spans += len(records.spans)
            links.update(link.kind for link in written)
            left_out.update(missed)
    return LinkedExportReport(
        title=title,
        documents=documents,
        spans=spans,
        links=dict(links),
        left_out=dict(left_out),
        path=target,
        seconds=time.perf_counter() - started,
    )


# -- Prodigy export ----------------------------------------------------------------------------


def export_prodigy(
    store: Store,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> LinkedExportReport:
    """Write the documents ``options`` choose to ``path`` as Prodigy JSONL (see
    docs/formats/prodigy-doccano.md); ExportError, with nothing written, when a span does not
    match its text. ``progress(done, total)`` is called after each document."""
    tokenizer = own_tokenizer()
    return export_linked(
        store,
        path,
        options,
        lambda records: prodigy_line(records, tokenizer),
        "Prodigy JSONL",
        progress,
    )


def prodigy_line(
    records: DocumentRecords, tokenizer: Tokenizer | None = None
) -> tuple[dict[str, Any], list[SpanLink], Counter[str]]:
    """One document as a Prodigy task, with the links written and those left out."""
    text = records.document.text
    ordered = sorted(records.spans, key=lambda s: (s.start, s.end, s.id))
    tokens = aligned_tokens(text, [(s.start, s.end) for s in ordered], tokenizer)
    token_at, token_ending = token_positions(tokens)
    spans = {
        s.id: {
            "start": s.start,
            "end": s.end,
            "token_start": token_at[s.start],
            # Inclusive, as in Prodigy: the index of the span's last token.
            "token_end": token_ending[s.end],
            "label": s.label,
            "text": s.text,
        }
        for s in ordered
    }
    links, left_out = span_links(records)
    line: dict[str, Any] = {
        "text": text,
        "tokens": [
            {"text": text[t.start : t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
            for i, t in enumerate(tokens)
        ],
        "spans": list(spans.values()),
        "relations": [
            _prodigy_relation(spans[link.head], spans[link.child], link.label) for link in links
        ],
        "meta": document_meta(records),
    }
    if _accepted(records):
        line["answer"] = "accept"
    return line, links, left_out


def _prodigy_relation(head: dict[str, Any], child: dict[str, Any], label: str) -> dict[str, Any]:
    # Prodigy anchors a relation on the last token of each span.
    def anchor(span: dict[str, Any]) -> dict[str, Any]:
        keys = ("start", "end", "token_start", "token_end", "label")
        return {key: span[key] for key in keys}

    return {
        "head": head["token_end"],
        "child": child["token_end"],
        "head_span": anchor(head),
        "child_span": anchor(child),
        "label": label,
    }


def _accepted(records: DocumentRecords) -> bool:
    """Whether the task is a curator's accepted answer: everything in it accepted, and either
    something in it or the document finished (an accepted "nothing to mark")."""
    statuses = [
        *(s.status for s in records.spans),
        *(e.status for e in records.events),
        *(c.status for c in records.claims),
        *(r.status for r in records.relations),
    ]
    if not statuses:
        return records.document.status in _FINISHED
    return all(status == ACCEPTED for status in statuses)


# -- reading JSONL (shared by both formats) ----------------------------------------------------


def json_records(
    path: str | os.PathLike[str],
) -> Iterator[tuple[str, dict[str, Any]] | ImportProblem]:
    """``(location, object)`` for each line of a JSONL file that is an object with a ``text``
    string, else a fatal ImportProblem naming the line. One line in memory at a time; blank
    lines are skipped; a byte-order mark before the first line is not part of it."""
    source = Path(path)
    with source.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if not raw.strip():
                continue
            location = f"{source}:{number}"
            parsed = _parse_line(raw, location)
            if isinstance(parsed, ImportProblem):
                yield parsed
            else:
                yield location, parsed


def _parse_line(raw: bytes, location: str) -> dict[str, Any] | ImportProblem:
    try:
        # Without its line end, a line cut off inside a string is reported as that.
        record = json.loads(raw.rstrip(b"\r\n").decode("utf-8"))
    except UnicodeDecodeError as exc:
        return ImportProblem(location, f"not valid UTF-8 (byte {exc.start + 1} of the line)")
    except json.JSONDecodeError as exc:
        return ImportProblem(location, f"not JSON ({exc.msg}, column {exc.colno})")
    if not isinstance(record, dict):
        return ImportProblem(location, f"expected a JSON object, found {_kind(record)}")
    if "text" not in record:
        return ImportProblem(location, "text: missing")
    if not isinstance(record["text"], str):
        return ImportProblem(location, f"text: expected a string, found {_kind(record['text'])}")
    return record


def offsets_problem(
    text: str, start: Any, end: Any, start_field: str, end_field: str
) -> str | None:
    """Why ``start``/``end`` (read from the named fields) are not a non-empty stretch of
    ``text``, or None when they are."""
    for field, value in ((start_field, start), (end_field, end)):
        if not _is_int(value):
            return f"{field}: expected a whole number, found {value!r}"
    if start < 0:
        return f"{start_field}: {start} is before the start of the text"
    if end > len(text):
        return f"{end_field}: {end} is past the end of the text ({len(text)} characters)"
    if start >= end:
        return f"{end_field}: {end} is not after {start_field} {start}"
    return None


def text_problem(text: str, start: int, end: int, given: Any, field: str) -> str | None:
    """Why a span's own ``text`` (if it gives one) is not what its offsets cover."""
    if given is None or given == text[start:end]:
        return None
    return f"{field}: {given!r}, but the text at {start}-{end} is {text[start:end]!r}"


def list_field(
    record: dict[str, Any], name: str, location: str, problems: list[ImportProblem]
) -> list[Any]:
    """``record[name]`` when it is a list; [] when absent or null; else [] and a problem."""
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(
            ImportProblem(
                location, f"{name}: expected a list, found {_kind(value)}; left out", False
            )
        )
        return []
    return value


def imported_meta(meta: dict[str, Any]) -> tuple[dict[str, Any], Any, str | None]:
    """A line's metadata as imported: all of it, the Newsmark id it names (the document's
    key) and a document status it names (taken out of the metadata)."""
    meta = dict(meta)
    status = meta.get("status")
    if status in DOCUMENT_STATUSES:
        del meta["status"]
    else:
        status = None
    key = meta.get("newsmark_id")
    return meta, key if _is_int(key) or isinstance(key, str) else None, status


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "null" if value is None else "a number"
    )


# -- Prodigy import ----------------------------------------------------------------------------


def read_prodigy(path: str | os.PathLike[str]) -> Iterator[ImportedDocument | ImportProblem]:
    """The documents of a Prodigy JSONL file (any recipe's tasks or db-out output), one line at
    a time, with a problem for each line or part of a line that cannot be read.

    Spans of an ``accept`` answer are imported as accepted (by ``_annotator_id``, if given);
    spans of a task without an answer as pre-annotations; a ``reject`` or ``ignore`` task
    gives its text only, with a non-fatal problem saying what was left out. Relation ends are
    found among the spans by start, end and label (``head_span``/``child_span``), else by
    their last token; a ``head_span`` that is no span of the line is added as one.
    """
    for item in json_records(path):
        if isinstance(item, ImportProblem):
            yield item
        else:
            yield from _ProdigyLine(*item).read()


class _ProdigyLine:
    """One Prodigy task being read: its spans, relations and the problems met."""

    def __init__(self, location: str, record: dict[str, Any]):
        self.location = location
        self.record = record
        self.text: str = record["text"]
        self.problems: list[ImportProblem] = []
        self.spans: list[ImportedSpan] = []
        self.tokens = _token_bounds(record.get("tokens"))
        # The index of the token ending at each offset, for relations given by token only.
        self.token_ending = {end: index for index, (_start, end) in enumerate(self.tokens or [])}
        answer = record.get("answer")
        self.status = ACCEPTED if answer == "accept" else None
        annotator = record.get("_annotator_id")
        self.annotator = annotator if self.status and isinstance(annotator, str) else None

    def read(self) -> Iterator[ImportedDocument | ImportProblem]:
        record = self.record
        raw_spans = list_field(record, "spans", self.location, self.problems)
        raw_relations = list_field(record, "relations", self.location, self.problems)
        answer = record.get("answer")
        if answer in ("reject", "ignore") and (raw_spans or raw_relations):
            self.problem(
                f"answer: {answer!r}, so its {len(raw_spans)} span(s) and {len(raw_relations)} "
                "relation(s) are not imported, only the text"
            )
            raw_spans, raw_relations = [], []
        for index, raw in enumerate(raw_spans):
            added = self.add_span(raw, f"spans[{index}]", index)
            if isinstance(added, str):
                self.problem(f"{added}; span left out")
        self.next_key = len(raw_spans)
        relations = [
            relation
            for index, raw in enumerate(raw_relations)
            if (relation := self.relation(raw, index)) is not None
        ]
        meta, key, status = self.meta()
        yield from self.problems
        yield ImportedDocument(
            location=self.location,
            text=self.text,
            key=key,
            meta=meta,
            status=status,
            spans=tuple(self.spans),
            relations=tuple(relations),
        )

    def problem(self, message: str) -> None:
        self.problems.append(ImportProblem(self.location, message, fatal=False))

    def add_span(self, raw: Any, field: str, key: int) -> ImportedSpan | str:
        """The span ``raw`` describes, added to the line's spans, or why it is not one."""
        if not isinstance(raw, dict):
            return f"{field}: expected an object, found {_kind(raw)}"
        start, end = raw.get("start"), raw.get("end")
        if start is None and end is None and self.tokens is not None:
            start, end = self.token_offsets(raw)
        label = raw.get("label")
        message = offsets_problem(self.text, start, end, f"{field}.start", f"{field}.end")
        if message is None:
            message = text_problem(self.text, start, end, raw.get("text"), f"{field}.text")
        if message is None and (not isinstance(label, str) or not label.strip()):
            message = f"{field}.label: expected a label, found {label!r}"
        if message is not None:
            return message
        score = raw.get("score")
        span = ImportedSpan(
            key=key,
            start=start,
            end=end,
            text=self.text[start:end],
            label=label,
            status=self.status,
            score=float(score)
            if isinstance(score, int | float) and not isinstance(score, bool)
            else None,
            annotator=self.annotator,
        )
        self.spans.append(span)
        return span

    def token_offsets(self, raw: dict[str, Any]) -> tuple[Any, Any]:
        """Character offsets of a span given only by (inclusive) token indices."""
        first, last = raw.get("token_start"), raw.get("token_end")
        tokens = self.tokens or []
        if _is_int(first) and _is_int(last) and 0 <= first <= last < len(tokens):
            return tokens[first][0], tokens[last][1]
        return None, None

    def relation(self, raw: Any, index: int) -> ImportedRelation | None:
        field = f"relations[{index}]"
        if not isinstance(raw, dict):
            self.problem(f"{field}: expected an object, found {_kind(raw)}; left out")
            return None
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            self.problem(f"{field}.label: expected a label, found {label!r}; relation left out")
            return None
        ends = []
        for side in ("head", "child"):
            found = self.relation_end(raw, side, field)
            if isinstance(found, str):
                self.problem(f"{found}; relation left out")
                return None
            ends.append(found)
        return ImportedRelation(
            key=index,
            head=("span", ends[0]),
            child=("span", ends[1]),
            label=label,
            status=self.status,
            annotator=self.annotator,
        )

    def relation_end(self, raw: dict[str, Any], side: str, field: str) -> int | str:
        """The key of the span at one end of a relation, or why there is none."""
        anchor = raw.get(f"{side}_span")
        if isinstance(anchor, dict):
            return self.span_for(anchor, f"{field}.{side}_span")
        token = raw.get(side)
        if not _is_int(token):
            return f"{field}.{side}: expected a token index or {side}_span, found {token!r}"
        for span in self.spans:
            if self.token_ending.get(span.end) == token:
                return int(span.key)
        return f"{field}.{side}: token {token} is the last token of no span"

    def span_for(self, anchor: dict[str, Any], field: str) -> int | str:
        start, end, label = anchor.get("start"), anchor.get("end"), anchor.get("label")
        if start is None and end is None and self.tokens is not None:
            start, end = self.token_offsets(anchor)
        message = offsets_problem(self.text, start, end, f"{field}.start", f"{field}.end")
        if message is not None:
            return message
        for span in self.spans:
            if (span.start, span.end) == (start, end) and label in (None, span.label):
                return int(span.key)
        if label is None:
            return f"{field}: no span at {start}-{end}, and no label to make one"
        added = self.add_span(anchor, field, self.next_key)
        if isinstance(added, str):
            return added
        self.next_key += 1
        return int(added.key)

    def meta(self) -> tuple[dict[str, Any], Any, str | None]:
        meta = self.record.get("meta")
        if meta is None:
            return {}, None, None
        if not isinstance(meta, dict):
            self.problem(f"meta: expected an object, found {_kind(meta)}; left out")
            return {}, None, None
        return imported_meta(meta)


def _token_bounds(tokens: Any) -> list[tuple[int, int]] | None:
    """The (start, end) of each of a task's tokens, or None when it has no usable tokens."""
    if not isinstance(tokens, list):
        return None
    bounds = []
    for token in tokens:
        if not isinstance(token, dict) or not (
            _is_int(token.get("start")) and _is_int(token.get("end"))
        ):
            return None
        bounds.append((token["start"], token["end"]))
    return bounds
