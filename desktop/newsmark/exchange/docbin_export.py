"""spaCy DocBin export: one ``Doc`` per document, for ``spacy train`` and any spaCy code.

Each document is tokenised by the tokenizer of a blank English pipeline (never a trained one,
so the export needs no model), then tokens are cut wherever a span starts or ends inside
them: every exported span lands on token boundaries and none is lost to misalignment, while
``doc.text`` stays the stored text exactly. ``doc.spans[spans_key]`` holds every exported
span (any label, overlaps allowed); ``doc.ents`` holds a non-overlapping selection of the
entity-labelled ones, the rest being counted in the report's warnings. The Newsmark document
id and title go in ``doc.user_data``; each span's Newsmark id in its ``id_``. Every span is
checked against the text before anything is written; the file is written atomically. The
format is described in docs/formats/spacy.md. Pure Python; never imports Qt.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import spacy
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, DocBin, Span

from newsmark.core.schema_curation import SUGGESTER_LABELS
from newsmark.core.span_curation import ACCEPTED, SUGGESTED
from newsmark.core.wording import plural
from newsmark.exchange.records import CheckedRecords, DocumentRecords, ExportOptions, RecordReader
from newsmark.exchange.tokens import aligned_tokens
from newsmark.exchange.writing import (
    ExportError,
    atomic_bytes_file,
    check_target,
)

if TYPE_CHECKING:
    from newsmark.core.span_curation import SpanState
    from newsmark.core.store import Store

DEFAULT_SPANS_KEY = "sc"  # the key spaCy's spancat reads by default
LANGUAGE = "en"
# doc.user_data keys (DocBin keeps them with store_user_data=True).
DOC_ID_KEY = "newsmark_id"
TITLE_KEY = "title"
# Which span wins a place in doc.ents: accepted, then suggested, then (exported with
# ``status="all"``) rejected.
_STATUS_RANK = {ACCEPTED: 0, SUGGESTED: 1}


@dataclass(frozen=True, slots=True)
class DocBinReport:
    """What a DocBin export wrote: documents read and written, spans put in the span group,
    spans made entities, spans kept out of ``doc.ents`` (overlapping another entity, repeating
    one, or starting or ending with whitespace, which spaCy's NER does not take) and in how many
    documents, spans whose label is not an entity label, the file, and the time it took."""

    documents: int
    docs_written: int
    spans: int
    ents: int
    left_out_overlapping: int
    left_out_duplicates: int
    left_out_whitespace: int
    left_out_docs: int
    not_entity_labels: int
    spans_key: str
    path: Path
    seconds: float

    @property
    def left_out(self) -> int:
        """Entity-labelled spans that are in ``doc.spans`` only."""
        return self.left_out_overlapping + self.left_out_duplicates + self.left_out_whitespace

    @property
    def warnings(self) -> tuple[str, ...]:
        where = f"in {plural(self.left_out_docs, 'document')}"
        only = f"kept in doc.spans[{self.spans_key!r}] only, not in doc.ents"
        found = []
        if self.left_out_overlapping:
            what = plural(self.left_out_overlapping, "overlapping span")
            found.append(f"{what} {where} {only}")
        if self.left_out_duplicates:
            what = plural(self.left_out_duplicates, "span")
            found.append(f"{what} repeating an entity (same words, same label) {where} {only}")
        if self.left_out_whitespace:
            what = plural(self.left_out_whitespace, "span")
            found.append(f"{what} starting or ending with whitespace {where} {only}")
        return tuple(found)

    def summary(self) -> str:
        return (
            f"Wrote {self.docs_written} documents ({self.spans} spans in "
            f"doc.spans[{self.spans_key!r}], {self.ents} of them entities, {self.left_out} "
            f"left out of doc.ents, {self.not_entity_labels} with a structural or non-entity "
            f"label) to {self.path} in {self.seconds:.2f} s"
        )


@dataclass(slots=True)
class _Counts:
    """Running totals of one export."""

    documents: int = 0
    docs_written: int = 0
    spans: int = 0
    ents: int = 0
    overlapping: int = 0
    duplicates: int = 0
    whitespace: int = 0
    left_out_docs: int = 0
    not_entity_labels: int = 0


@dataclass(slots=True)
class _Choice:
    """Which spans of one document become entities, and why the others did not."""

    ents: list[Span] = field(default_factory=list)
    overlapping: list[Span] = field(default_factory=list)
    duplicates: list[Span] = field(default_factory=list)
    whitespace: list[Span] = field(default_factory=list)

    @property
    def left_out(self) -> int:
        return len(self.overlapping) + len(self.duplicates) + len(self.whitespace)


def export_docbin(
    store: Store,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    spans_key: str = DEFAULT_SPANS_KEY,
) -> DocBinReport:
    """Write the project's documents chosen by ``options`` to ``path`` as a spaCy DocBin.

    Raises :class:`ExportError` (nothing written under ``path``, a previous file there left
    as it was) when a span's offsets do not cover its stored text; the error lists every such
    span. ``progress(done, total)`` is called after each document.
    """
    started = time.perf_counter()
    if not spans_key:
        raise ExportError("the spans key must not be empty")
    target = Path(path)
    check_target(target)
    entity_labels = _entity_labels(store)
    tokenizer = blank_tokenizer()
    docbin = DocBin(store_user_data=True)
    counts = _Counts()
    checked = CheckedRecords(RecordReader(store, options), target, progress)
    for records in checked:
        docbin.add(_document_doc(records, tokenizer, entity_labels, spans_key, counts))
    counts.documents = checked.read
    with atomic_bytes_file(target) as handle:
        handle.write(docbin.to_bytes())
    return DocBinReport(
        documents=counts.documents,
        docs_written=counts.docs_written,
        spans=counts.spans,
        ents=counts.ents,
        left_out_overlapping=counts.overlapping,
        left_out_duplicates=counts.duplicates,
        left_out_whitespace=counts.whitespace,
        left_out_docs=counts.left_out_docs,
        not_entity_labels=counts.not_entity_labels,
        spans_key=spans_key,
        path=target,
        seconds=time.perf_counter() - started,
    )


def _entity_labels(store: Store) -> frozenset[str]:
    """The schema's labels that name entities: all but those marking triggers, cues, claims
    and actor mentions, which are parts of events and claims rather than named things."""
    labels = {label.name for label in store.project_schema().entity_labels}
    return frozenset(labels - set(SUGGESTER_LABELS))


# ---------------------------------------------------------------------------------------------
# One document
# ---------------------------------------------------------------------------------------------


def blank_tokenizer() -> Tokenizer:
    """The tokenizer of a blank English pipeline: rules only, no trained model. Each export
    makes its own, so that the strings of one export do not stay in memory after it."""
    return spacy.blank(LANGUAGE).tokenizer


def _document_doc(
    records: DocumentRecords,
    tokenizer: Tokenizer,
    entity_labels: frozenset[str],
    spans_key: str,
    counts: _Counts,
) -> Doc:
    """The spaCy Doc of one document, its span group and entities set; counts updated."""
    document = records.document
    doc = aligned_doc(document.text, [(s.start, s.end) for s in records.spans], tokenizer)
    spans = [_span_of(doc, state, document.id) for state in records.spans]
    doc.spans[spans_key] = spans
    entity_spans = [
        (span, state)
        for span, state in zip(spans, records.spans, strict=True)
        if state.label in entity_labels
    ]
    choice = choose_entities(entity_spans)
    doc.set_ents(choice.ents, missing=_uncovered(doc, choice), default="outside")
    doc.user_data[DOC_ID_KEY] = document.id
    doc.user_data[TITLE_KEY] = document.title

    counts.docs_written += 1
    counts.spans += len(spans)
    counts.ents += len(choice.ents)
    counts.overlapping += len(choice.overlapping)
    counts.duplicates += len(choice.duplicates)
    counts.whitespace += len(choice.whitespace)
    counts.left_out_docs += bool(choice.left_out)
    counts.not_entity_labels += len(spans) - len(entity_spans)
    return doc


def aligned_doc(
    text: str, bounds: Sequence[tuple[int, int]], tokenizer: Tokenizer | None = None
) -> Doc:
    """``text`` tokenised by ``tokenizer`` (by default a new :func:`blank_tokenizer`), with
    tokens cut so that every ``(start, end)`` of ``bounds`` starts and ends on a token
    boundary; ``doc.text == text``.

    A span may also begin on the single space spaCy keeps after a token, or end just after
    it: that space then becomes a token of its own.
    """
    tokenizer = tokenizer or blank_tokenizer()
    tokens = aligned_tokens(text, bounds, tokenizer)
    doc = Doc(
        tokenizer.vocab,
        words=[text[token.start : token.end] for token in tokens],
        spaces=[token.ws for token in tokens],
    )
    if doc.text != text:  # the pieces cover the text exactly, so this never happens
        raise ExportError("re-tokenising changed a document's text")
    return doc


def _span_of(doc: Doc, state: SpanState, doc_id: int) -> Span:
    """The spaCy Span of a stored span, its Newsmark id as ``id_``; checked against the text."""
    span = doc.char_span(
        state.start, state.end, label=state.label, span_id=str(state.id), alignment_mode="strict"
    )
    if span is None or span.text != state.text:
        found = span.text if span is not None else "(no token boundaries there)"
        raise ExportError(
            f"document {doc_id}, span {state.id} ({state.start}-{state.end}): "
            f"{state.text!r} could not be placed on tokens: {found!r}"
        )
    return span


def choose_entities(candidates: Sequence[tuple[Span, SpanState]]) -> _Choice:
    """The entities of a document: accepted spans before suggested ones before rejected
    ones, then longer before shorter, then earlier before later, each taken unless it shares
    a token with one taken before. Spans that start or end with whitespace are never taken:
    spaCy's entity recogniser never starts an entity on whitespace, and its training error
    E024 names whitespace at an entity's edge as a cause."""
    choice = _Choice()
    taken: set[int] = set()
    kept: set[tuple[int, int, str]] = set()
    ordered = sorted(
        candidates,
        key=lambda pair: (
            _STATUS_RANK.get(pair[1].status, len(_STATUS_RANK)),
            -(pair[1].end - pair[1].start),
            pair[1].start,
        ),
    )
    for span, state in ordered:
        if state.text != state.text.strip():
            choice.whitespace.append(span)
        elif (span.start, span.end, span.label_) in kept:
            choice.duplicates.append(span)
        elif taken.intersection(range(span.start, span.end)):
            choice.overlapping.append(span)
        else:
            choice.ents.append(span)
            taken.update(range(span.start, span.end))
            kept.add((span.start, span.end, span.label_))
    choice.ents.sort(key=lambda span: span.start)
    return choice


def _uncovered(doc: Doc, choice: _Choice) -> list[Span]:
    """The tokens of spans left out of ``doc.ents`` that no entity covers, as runs: their
    entity tag is unknown (missing) rather than "outside", so training does not learn that
    words someone marked as an entity are none."""
    covered = {i for span in choice.ents for i in range(span.start, span.end)}
    unknown = sorted(
        {
            i
            for span in (*choice.overlapping, *choice.whitespace)
            for i in range(span.start, span.end)
        }
        - covered
    )
    runs: list[Span] = []
    for i in unknown:
        if runs and runs[-1].end == i:
            runs[-1] = Span(doc, runs[-1].start, i + 1)
        else:
            runs.append(Span(doc, i, i + 1))
    return runs
