"""Pre-highlighting a project: run the spaCy pipeline and the rule suggesters over its documents
and store what they propose as suggestions.

Documents stream from the project in small chunks and suggestions are committed in batches, so
memory stays flat however large the corpus. A document already seen by the same configuration
(pipeline name and version, rules version) is skipped; the store's own checks keep a second
run from adding anything twice or bringing back what a curator rejected.

A document longer than ``PIECE_CHARS`` (or the pipeline's ``nlp.max_length``, spaCy's guard
against the parser's memory use, if that is smaller) is parsed on its own, in pieces of at
most that length cut at paragraph breaks, one piece at a time, and the pieces are joined into
one Doc before the suggesters read it. en_core_web_sm needs about 3 GB to parse a million
characters as one Doc and 6 GB for two million (as one Doc, or as two in one ``nlp.pipe``
batch); a 2 MB text in pieces of 100,000 characters, one at a time, needs 0.6 GB and parses
in less time than it takes whole. A batch of ordinary documents therefore never holds more
than ``batch_size`` times ``PIECE_CHARS`` characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from newsmark.core.store import Store, SuggestionCounts
from newsmark.nlp.candidates import (
    ArgumentCandidate,
    ClaimCandidate,
    DocumentSuggestions,
    EventCandidate,
    SpanCandidate,
)
from newsmark.nlp.claims import ClaimSuggester
from newsmark.nlp.entities import EntitySuggester
from newsmark.nlp.events import EventSuggester
from newsmark.nlp.gazetteer import ActorGazetteer, entries_from_actors
from newsmark.nlp.loading import PipelineInfo, PipelineUnavailable, choose_pipeline, load_pipeline
from newsmark.nlp.starter_registry import starter_registry

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Bumped whenever the rule suggesters change what they propose, so documents seen by the old
# rules are offered to the new ones.
RULES_VERSION = "1"
PIPELINE_SETTING = "pipeline"
LABEL_MAP_SETTING = "label_map"
STARTER_SETTING = "starter_registry_seeded"
# Longest text parsed at once; longer documents are parsed in pieces (see the module docstring).
PIECE_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class SuggestOptions:
    """Which pipeline, which documents, how many processes, how often to commit."""

    model: str | None = None  # a pipeline name or path; None: the project's choice or default
    # None: every document this configuration has not seen yet. Listed documents are
    # suggested again even if seen (new registry actors, a changed schema): what is stored
    # already, accepted or rejected, is never suggested twice.
    doc_ids: Sequence[int] | None = None
    n_process: int = 1
    batch_size: int = 16  # documents per nlp.pipe batch
    commit_every: int = 64  # documents per transaction


@dataclass(frozen=True, slots=True)
class SuggestProgress:
    """Where a suggestion run stands, for a progress bar; ``stored``: the documents whose
    suggestions were just committed (a window showing one of them redraws it)."""

    done: int
    total: int
    stored: tuple[int, ...] = ()


@dataclass(slots=True)
class SuggestReport:
    """What a run did, or why it could not run (``unavailable``)."""

    pipeline: PipelineInfo | None = None
    unavailable: str | None = None
    run_origin: str | None = None
    to_do: int = 0
    counts: SuggestionCounts = field(default_factory=SuggestionCounts)
    missing_ids: list[int] = field(default_factory=list)
    actors_seeded: int = 0
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "pipeline": None if self.pipeline is None else self.pipeline.origin,
            "unavailable": self.unavailable,
            "documents": self.to_do,
            "processed": self.counts.documents,
            "added": {
                "spans": self.counts.spans,
                "events": self.counts.events,
                "claims": self.counts.claims,
            },
            "already_there": self.counts.already_there,
            "invalid": self.counts.invalid,
            "missing_ids": self.missing_ids,
            "actors_seeded": self.actors_seeded,
            "cancelled": self.cancelled,
        }


# ---------------------------------------------------------------------------------------------
# The suggesters for one pipeline
# ---------------------------------------------------------------------------------------------


class DocumentSuggester:
    """Turns one parsed Doc into a document's suggestions: entities, actors, events, claims.

    Threading: built once per run on the thread that uses it; the components are read-only
    after construction.
    """

    def __init__(
        self,
        nlp: Language,
        info: PipelineInfo,
        label_map: Mapping[str, str | None],
        actors: Sequence[Mapping[str, Any]],
    ):
        self.info = info
        self.label_map = dict(label_map)
        self.entities = EntitySuggester(label_map, info.origin)
        self.gazetteer = ActorGazetteer(nlp, entries_from_actors(actors))
        self.events = EventSuggester(nlp)
        self.claims = ClaimSuggester(nlp)

    def __call__(self, doc_id: int, doc: Doc) -> DocumentSuggestions:
        # Actor mentions first: at the same offsets and label they carry the actor link the
        # model's entity lacks, and the store keeps the first of two identical spans.
        spans: dict[tuple[int, int, str], SpanCandidate] = {}
        for span in (*self._relabel_all(self.gazetteer(doc)), *self.entities(doc)):
            spans.setdefault((span.start, span.end, span.label), span)
        return DocumentSuggestions(
            doc_id,
            spans=sorted(spans.values(), key=lambda s: (s.start, s.end, s.label)),
            events=[self._relabel_event(event) for event in self.events(doc)],
            claims=[self._relabel_claim(claim) for claim in self.claims(doc)],
        )

    # The rule suggesters and the gazetteer label spans with the model's own labels (GPE, ORG,
    # DATE...); the project's label map applies to them as to the model's entities. A role
    # filler whose label the project drops keeps its text as the argument's value.

    def _relabel(self, span: SpanCandidate) -> SpanCandidate | None:
        if span.label not in self.label_map:
            return span  # TRIGGER, CUE, CLAIM, ACTOR: Newsmark's own labels
        label = self.label_map[span.label]
        if label is None:
            return None
        return span if label == span.label else replace(span, label=label)

    def _relabel_all(self, spans: Sequence[SpanCandidate]) -> list[SpanCandidate]:
        return [s for s in (self._relabel(span) for span in spans) if s is not None]

    def _relabel_event(self, event: EventCandidate) -> EventCandidate:
        arguments = []
        for argument in event.arguments:
            if argument.span is None:
                arguments.append(argument)
                continue
            span = self._relabel(argument.span)
            arguments.append(
                replace(argument, span=span)
                if span is not None
                else ArgumentCandidate(argument.role, None, argument.value or argument.span.text)
            )
        # The rules read the pipeline's parse: which pipeline is part of their provenance.
        attributes = {**event.attributes, "pipeline": self.info.origin}
        return replace(event, arguments=tuple(arguments), attributes=attributes)

    def _relabel_claim(self, claim: ClaimCandidate) -> ClaimCandidate:
        claimant = self._relabel(claim.claimant) if claim.claimant is not None else None
        attributes = {**claim.attributes, "pipeline": self.info.origin}
        return replace(claim, claimant=claimant, attributes=attributes)


def run_origin(info: PipelineInfo) -> str:
    """Which configuration saw a document: the pipeline and the rules' version."""
    return f"{info.origin}+rules@{RULES_VERSION}"


def label_map_for(store: Store) -> dict[str, str | None]:
    """The project schema's model-label map, with the project's own overrides on top."""
    mapping = dict(store.project_schema().model_label_map)
    mapping.update(store.get_setting(LABEL_MAP_SETTING) or {})
    return mapping


def ensure_starter_registry(store: Store) -> int:
    """Give a project the starter actors once (states, governments, forces, IOs).

    Done once per project: a curator who deletes starter actors does not see them return.
    """
    if store.get_setting(STARTER_SETTING):
        return 0  # checked first so the registry is not even built when it is not needed
    return store.add_actors_once(STARTER_SETTING, (s.as_actor() for s in starter_registry()))


# ---------------------------------------------------------------------------------------------
# A run over a project
# ---------------------------------------------------------------------------------------------


def suggest_project(
    store: Store,
    options: SuggestOptions | None = None,
    *,
    progress: Callable[[SuggestProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    pipeline: tuple[Language, PipelineInfo] | None = None,
) -> SuggestReport:
    """Suggest entities, actor mentions, events and claims for a project's documents.

    Without a usable pipeline nothing is changed and ``report.unavailable`` says why. A
    pipeline named in ``options.model`` becomes the project's choice for later runs.
    ``pipeline`` hands over one already loaded (the window keeps one warm), skipping the load.
    """
    options = options or SuggestOptions()
    report = SuggestReport()
    if pipeline is None:
        preferred = options.model or store.get_setting(PIPELINE_SETTING)
        choice = choose_pipeline(preferred)
        if isinstance(choice, PipelineUnavailable):
            report.unavailable = choice.reason
            return report
        pipeline = load_pipeline(choice)
    nlp, report.pipeline = pipeline
    if options.model:
        store.set_setting(PIPELINE_SETTING, options.model)
    origin = report.run_origin = run_origin(report.pipeline)
    if options.doc_ids is not None:
        known = set(store.document_ids())
        report.missing_ids = [i for i in options.doc_ids if i not in known]
        todo = [i for i in dict.fromkeys(options.doc_ids) if i in known]
    else:
        todo = store.documents_to_suggest(origin)
    report.to_do = len(todo)
    if not todo:
        return report  # nothing new: no registry to seed, no gazetteer to build
    report.actors_seeded = ensure_starter_registry(store)
    suggester = DocumentSuggester(nlp, report.pipeline, label_map_for(store), store.list_actors())
    batch: list[DocumentSuggestions] = []
    parsed = nlp.pipe(
        _texts(store, todo, min(nlp.max_length, PIECE_CHARS)),
        as_tuples=True,
        batch_size=options.batch_size,
        n_process=max(1, options.n_process),
    )
    done = 0
    for doc, (doc_id, whole) in parsed:
        if not whole:
            doc = parse_in_pieces(nlp, _text(store, doc_id))
        batch.append(suggester(doc_id, doc))
        done += 1
        if len(batch) >= options.commit_every:
            report.counts.add(store.add_suggestions(batch, run_origin=origin))
            stored = tuple(item.doc_id for item in batch)
            batch.clear()
            if progress is not None:
                progress(SuggestProgress(done, len(todo), stored))
            if should_cancel is not None and should_cancel():
                report.cancelled = True
                _close(parsed)
                return report
    stored = tuple(item.doc_id for item in batch)
    if batch:
        report.counts.add(store.add_suggestions(batch, run_origin=origin))
    if progress is not None:
        progress(SuggestProgress(done, len(todo), stored))
    return report


def _texts(
    store: Store, doc_ids: list[int], limit: int, chunk: int = 64
) -> Iterator[tuple[str, tuple[int, bool]]]:
    """(text, (document id, whether the text is there)) for nlp.pipe; a text over ``limit``
    is left out (an empty text in its place), to be parsed in pieces on its own.

    Read a few documents at a time: the corpus never sits in memory whole.
    """
    for i in range(0, len(doc_ids), chunk):
        for doc_id, text in store.document_texts(doc_ids[i : i + chunk]):
            whole = len(text) <= limit
            yield (text if whole else ""), (doc_id, whole)


def _text(store: Store, doc_id: int) -> str:
    found = store.document_texts([doc_id])
    return found[0][1] if found else ""


def parse_in_pieces(nlp: Language, text: str) -> Doc:
    """``text`` parsed as pieces of at most ``PIECE_CHARS`` (and ``nlp.max_length``) cut by
    :func:`split_text`, one piece at a time, joined into one Doc.

    The Doc has every annotation the suggesters read (tokens, tags, lemmas, parse, sentences,
    entities) and ``text`` as its text; the pieces' tensors are dropped.
    """
    import numpy
    from spacy.tokens import Doc

    docs = []
    for doc in nlp.pipe(split_text(text, min(nlp.max_length, PIECE_CHARS)), batch_size=1):
        doc.tensor = numpy.zeros((0,), dtype="float32")  # the pieces' tensors add up
        docs.append(doc)
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


# Where a long text may be cut, best first: after a blank line, after a line break, after a
# space; a text with none of them within the limit is cut at the limit.
_CUTS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"\s"))


def split_text(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into it.

    A text within the limit stays whole. A longer one is cut after the last blank line that
    keeps a piece within the limit, or else after the last line break, or the last space; a
    sentence rarely runs over a blank line, so the pieces parse much as the whole would.
    """
    if len(text) <= limit:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = end
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(text, start, end)]
            if ends and ends[-1] > start:
                cut = ends[-1]
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _close(parsed: Any) -> None:
    # nlp.pipe with n_process > 1 owns worker processes; closing the generator ends them.
    close = getattr(parsed, "close", None)
    if close is not None:
        close()
