"""How far annotators agree: spans, token labels, events and claims, pair by pair.

Every document with at least two annotators (see :mod:`newsmark.review.layers`: the gold layer
aside) is compared, each annotator's version of it against each other's. Within a pair the
annotator whose name sorts first is the reference: precision is the share of the second's
records the first also has, recall the share of the first's records the second also has (F1 is
the same either way round).

- **Spans**, per label, per document and overall: an *exact* match has the same start, end and
  label; an *overlapping* match has the same label and offsets that share at least one
  character. Overlapping matches are one-to-one, made greedily: of all pairs of spans that
  overlap, the pair sharing the most characters is taken first, ties broken by the smaller
  distance between the two spans' ends, then by text order; a span already taken is not
  taken again. An exact pair always comes before any other pair of either span, so every
  exact match is also an overlapping one. The structural labels (TRIGGER, CUE, CLAIM) are left
  out unless asked for by name: the events and claims measures judge them.
- **Token labels**: each document is cut into tokens by spaCy's blank English tokenizer
  (whitespace tokens left out); a token takes the label of the annotator's span that covers
  any of its characters, ``O`` when none does. Where several of one annotator's spans cover a
  token, the longest span wins (the outermost mention, as flat tagging schemes keep it), then
  the one starting first, then the label first in alphabetical order. Cohen's kappa is
  computed per pair over the tokens of the documents both annotated (po the observed share of
  equal labels, pe the chance agreement from each annotator's label shares; undefined when pe
  is 1), and Krippendorff's alpha (nominal) over every annotator, a token an annotator did not
  see counting as missing. Per label, the same on binary labels (the label or not).
- **Events** are paired, one to one and greedily as spans are, by overlapping trigger spans
  (events without a trigger stay unmatched). Reported: trigger F1, the share of matched events
  with the same type, and with the same type and sub-type, and role-filler F1 over
  (role, filler) of matched events, a filler being its span's offsets, else its actor, else
  its value.
- **Claims** are paired by overlapping cue spans, then the claims left by overlapping content
  spans. Reported: match F1, the share of matched claims with the same type, the same stance,
  and the same claimant: the same claimant span offsets or the same claimant actor (two claims
  that both name no claimant agree too).

Pure Python; never imports Qt.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from statistics import fmean
from typing import TYPE_CHECKING, Any, NamedTuple

import krippendorff
import numpy as np

from newsmark.core.claim_curation import CLAIM_LABEL, CUE_LABEL
from newsmark.core.event_curation import TRIGGER
from newsmark.exchange.tokens import own_tokenizer
from newsmark.review.layers import annotator_version, document_annotators

if TYPE_CHECKING:
    from newsmark.core.claim_curation import ClaimRecord
    from newsmark.core.event_curation import EventRecord
    from newsmark.core.records import SpanRef
    from newsmark.core.store import Store
    from newsmark.nlp.tokens import Tokenizer

OUTSIDE = "O"
STRUCTURAL_LABELS = (TRIGGER, CUE_LABEL, CLAIM_LABEL)
ALL_PAIRS = "all pairs"
TABLE_HEADERS = ("Pair", "Label", "Exact F1", "Overlap F1", "Kappa", "Alpha")
DOCUMENT_HEADERS = (
    "Document",
    "Title",
    "Annotators",
    "Tokens",
    "Exact F1",
    "Overlap F1",
    "Kappa",
    "Alpha",
)

NOT_ENOUGH = (
    "No document has two annotators yet: agreement compares the accepted work of at least two "
    "annotators on the same document (merge their projects or import their files first)."
)
Progress = Callable[[int, int], None]
Offsets = tuple[int, int]


# -- measures -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """How many records each side of a pair has and how many were paired: precision, recall
    and F1 with the first annotator as reference (None where a share has no denominator)."""

    matched: int = 0
    first: int = 0
    second: int = 0

    def __add__(self, other: Match) -> Match:
        return Match(
            self.matched + other.matched, self.first + other.first, self.second + other.second
        )

    @property
    def precision(self) -> float | None:
        return self.matched / self.second if self.second else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.first if self.first else None

    @property
    def f1(self) -> float | None:
        total = self.first + self.second
        return 2 * self.matched / total if total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "first": self.first,
            "second": self.second,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class SpanAgreement:
    """Exact and overlapping span matches of one pair over some documents and labels."""

    exact: Match = Match()
    overlap: Match = Match()

    def __add__(self, other: SpanAgreement) -> SpanAgreement:
        return SpanAgreement(self.exact + other.exact, self.overlap + other.overlap)

    def as_dict(self) -> dict[str, Any]:
        return {"exact": self.exact.as_dict(), "overlap": self.overlap.as_dict()}


@dataclass(frozen=True, slots=True)
class Kappa:
    """Cohen's kappa of two annotators' token labels: (po - pe) / (1 - pe)."""

    tokens: int
    po: float | None
    pe: float | None

    @property
    def kappa(self) -> float | None:
        if self.po is None or self.pe is None or self.pe >= 1.0:
            return None
        return (self.po - self.pe) / (1.0 - self.pe)

    def as_dict(self) -> dict[str, Any]:
        return {"tokens": self.tokens, "po": self.po, "pe": self.pe, "kappa": self.kappa}


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> Kappa:
    """Cohen's kappa of two equally long label sequences."""
    n = len(first)
    if n != len(second):
        raise ValueError("both annotators must label the same tokens")
    if n == 0:
        return Kappa(0, None, None)
    po = sum(a == b for a, b in zip(first, second, strict=True)) / n
    shares_first, shares_second = Counter(first), Counter(second)
    pe = sum(count * shares_second[label] for label, count in shares_first.items()) / (n * n)
    return Kappa(n, po, pe)


def nominal_alpha(rows: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's alpha (nominal) of annotators' labels, one row per annotator and one
    column per token, None for a token the annotator did not see; None when undefined (fewer
    than two values in all, or no token seen by two)."""
    codes: dict[str, int] = {}
    data = np.array(
        [
            [np.nan if value is None else codes.setdefault(value, len(codes)) for value in row]
            for row in rows
        ],
        dtype=float,
    )
    if data.size == 0 or len(codes) < 2:
        return None
    if not np.any(np.sum(~np.isnan(data), axis=0) >= 2):
        return None
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return None if math.isnan(value) else value


def _binary(labels: Iterable[str | None], label: str) -> list[str | None]:
    return [None if value is None else ("yes" if value == label else "no") for value in labels]


# -- events and claims ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventAgreement:
    """Events of a pair paired by trigger: trigger F1, shares of matched events with the same
    type (and sub-type), and role-filler F1 over matched events."""

    triggers: Match = Match()
    same_type: int = 0
    same_subtype: int = 0
    roles: Match = Match()

    def __add__(self, other: EventAgreement) -> EventAgreement:
        return EventAgreement(
            self.triggers + other.triggers,
            self.same_type + other.same_type,
            self.same_subtype + other.same_subtype,
            self.roles + other.roles,
        )

    @property
    def type_share(self) -> float | None:
        return _share(self.same_type, self.triggers.matched)

    @property
    def subtype_share(self) -> float | None:
        return _share(self.same_subtype, self.triggers.matched)

    def as_dict(self) -> dict[str, Any]:
        return {
            "triggers": self.triggers.as_dict(),
            "same_type": self.same_type,
            "same_type_share": self.type_share,
            "same_subtype": self.same_subtype,
            "same_subtype_share": self.subtype_share,
            "roles": self.roles.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class ClaimAgreement:
    """Claims of a pair paired by cue, else content: match F1 and the shares of matched claims
    with the same type, stance and claimant."""

    claims: Match = Match()
    same_type: int = 0
    same_stance: int = 0
    same_claimant: int = 0

    def __add__(self, other: ClaimAgreement) -> ClaimAgreement:
        return ClaimAgreement(
            self.claims + other.claims,
            self.same_type + other.same_type,
            self.same_stance + other.same_stance,
            self.same_claimant + other.same_claimant,
        )

    @property
    def type_share(self) -> float | None:
        return _share(self.same_type, self.claims.matched)

    @property
    def stance_share(self) -> float | None:
        return _share(self.same_stance, self.claims.matched)

    @property
    def claimant_share(self) -> float | None:
        return _share(self.same_claimant, self.claims.matched)

    def as_dict(self) -> dict[str, Any]:
        return {
            "claims": self.claims.as_dict(),
            "same_type": self.same_type,
            "same_type_share": self.type_share,
            "same_stance": self.same_stance,
            "same_stance_share": self.stance_share,
            "same_claimant": self.same_claimant,
            "same_claimant_share": self.claimant_share,
        }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _overlap(a: Offsets, b: Offsets) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def greedy_pairs(
    first: Sequence[Offsets | None], second: Sequence[Offsets | None]
) -> list[tuple[int, int]]:
    """One-to-one pairs (index in ``first``, index in ``second``) of overlapping offsets:
    the pair sharing most characters first, then the one whose ends lie closest, then text
    order. None (a record without the span) pairs with nothing."""
    candidates = []
    for i, a in enumerate(first):
        if a is None:
            continue
        for j, b in enumerate(second):
            if b is None:
                continue
            shared = _overlap(a, b)
            if shared > 0:
                distance = abs(a[0] - b[0]) + abs(a[1] - b[1])
                candidates.append((-shared, distance, a, b, i, j))
    candidates.sort()
    taken_first: set[int] = set()
    taken_second: set[int] = set()
    pairs = []
    for *_order, i, j in candidates:
        if i not in taken_first and j not in taken_second:
            taken_first.add(i)
            taken_second.add(j)
            pairs.append((i, j))
    return pairs


def _offsets(ref: SpanRef | None) -> Offsets | None:
    return (ref.start, ref.end) if ref is not None else None


def _filler(argument: Any) -> tuple[Any, ...]:
    if argument.span is not None:
        return ("span", argument.span.start, argument.span.end)
    if argument.actor_id is not None:
        return ("actor", argument.actor_id)
    return ("value", argument.value)


def event_agreement(first: Sequence[EventRecord], second: Sequence[EventRecord]) -> EventAgreement:
    """Agreement of two annotators' events on one document."""
    pairs = greedy_pairs(
        [_offsets(e.trigger) for e in first], [_offsets(e.trigger) for e in second]
    )
    same_type = same_subtype = 0
    roles = Match()
    for i, j in pairs:
        a, b = first[i], second[j]
        same_type += a.type == b.type
        same_subtype += a.type == b.type and a.subtype == b.subtype
        fillers_a = Counter((arg.role, _filler(arg)) for arg in a.arguments)
        fillers_b = Counter((arg.role, _filler(arg)) for arg in b.arguments)
        shared = sum((fillers_a & fillers_b).values())
        roles += Match(shared, len(a.arguments), len(b.arguments))
    return EventAgreement(
        Match(len(pairs), len(first), len(second)), same_type, same_subtype, roles
    )


def claim_pairs(
    first: Sequence[ClaimRecord], second: Sequence[ClaimRecord]
) -> list[tuple[int, int]]:
    """Claims paired by overlapping cue spans, then the rest by overlapping content spans."""
    pairs = greedy_pairs([_offsets(c.cue) for c in first], [_offsets(c.cue) for c in second])
    left_first = [i for i in range(len(first)) if i not in {i for i, _ in pairs}]
    left_second = [j for j in range(len(second)) if j not in {j for _, j in pairs}]
    by_content = greedy_pairs(
        [_offsets(first[i].content) for i in left_first],
        [_offsets(second[j].content) for j in left_second],
    )
    return pairs + [(left_first[i], left_second[j]) for i, j in by_content]


def same_claimant(a: ClaimRecord, b: ClaimRecord) -> bool:
    span_a, span_b = _offsets(a.claimant), _offsets(b.claimant)
    if span_a is not None and span_a == span_b:
        return True
    if a.claimant_actor_id is not None and a.claimant_actor_id == b.claimant_actor_id:
        return True
    return (span_a, span_b, a.claimant_actor_id, b.claimant_actor_id) == (None,) * 4


def claim_agreement(first: Sequence[ClaimRecord], second: Sequence[ClaimRecord]) -> ClaimAgreement:
    """Agreement of two annotators' claims on one document."""
    pairs = claim_pairs(first, second)
    return ClaimAgreement(
        Match(len(pairs), len(first), len(second)),
        sum(first[i].type == second[j].type for i, j in pairs),
        sum(first[i].stance == second[j].stance for i, j in pairs),
        sum(same_claimant(first[i], second[j]) for i, j in pairs),
    )


# -- spans and tokens -----------------------------------------------------------------------


class LabelledSpan(NamedTuple):
    """A span as the span and token measures see it: offsets and label."""

    start: int
    end: int
    label: str


def span_agreement(
    first: Sequence[LabelledSpan], second: Sequence[LabelledSpan], labels: Iterable[str]
) -> dict[str, SpanAgreement]:
    """Exact and overlapping matches of two annotators' spans on one document, per label."""
    found: dict[str, SpanAgreement] = {}
    for label in labels:
        a = [(s.start, s.end) for s in first if s.label == label]
        b = [(s.start, s.end) for s in second if s.label == label]
        exact = sum((Counter(a) & Counter(b)).values())
        overlapping = len(greedy_pairs(a, b))
        found[label] = SpanAgreement(
            Match(exact, len(a), len(b)), Match(overlapping, len(a), len(b))
        )
    return found


def document_tokens(text: str, tokenizer: Tokenizer | None = None) -> list[Offsets]:
    """The (start, end) of the text's tokens, whitespace tokens left out."""
    doc = (tokenizer or own_tokenizer())(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


def token_labels(tokens: Sequence[Offsets], spans: Iterable[LabelledSpan]) -> list[str]:
    """Each token's label: that of the annotator's span covering any of its characters
    (longest span first, then earliest, then label), ``O`` where none does."""
    labels = [OUTSIDE] * len(tokens)
    starts = [start for start, _end in tokens]
    ranked = sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label))
    for span in ranked:
        # The first token that may overlap: the one starting at or before the span's start.
        index = max(bisect.bisect_right(starts, span.start) - 1, 0)
        while index < len(tokens) and tokens[index][0] < span.end:
            if tokens[index][1] > span.start and labels[index] == OUTSIDE:
                labels[index] = span.label
            index += 1
    return labels


# -- the report -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Everything measured between two annotators over the documents both annotated."""

    first: str
    second: str
    documents: tuple[int, ...]
    spans: SpanAgreement
    spans_by_label: dict[str, SpanAgreement]
    spans_by_document: dict[int, SpanAgreement]
    kappa: Kappa
    kappa_by_label: dict[str, Kappa]
    kappa_by_document: dict[int, Kappa]
    alpha: float | None
    alpha_by_label: dict[str, float | None]
    events: EventAgreement
    claims: ClaimAgreement

    @property
    def name(self) -> str:
        return f"{self.first} – {self.second}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "second": self.second,
            "documents": list(self.documents),
            "spans": {
                "overall": self.spans.as_dict(),
                "by_label": {k: v.as_dict() for k, v in self.spans_by_label.items()},
                "by_document": {str(k): v.as_dict() for k, v in self.spans_by_document.items()},
            },
            "tokens": {
                **self.kappa.as_dict(),
                "alpha": self.alpha,
                "by_label": {
                    label: {**kappa.as_dict(), "alpha": self.alpha_by_label.get(label)}
                    for label, kappa in self.kappa_by_label.items()
                },
                "by_document": {str(k): v.as_dict() for k, v in self.kappa_by_document.items()},
            },
            "events": self.events.as_dict(),
            "claims": self.claims.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    """One compared document: its annotators and tokens, its spans pooled over every pair,
    the mean kappa of its pairs and the alpha of all its annotators."""

    doc_id: int
    title: str | None
    annotators: tuple[str, ...]
    tokens: int
    spans: SpanAgreement
    kappa: float | None
    alpha: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc_id,
            "title": self.title,
            "annotators": list(self.annotators),
            "tokens": self.tokens,
            "spans": self.spans.as_dict(),
            "mean_kappa": self.kappa,
            "alpha": self.alpha,
        }


class TableRow(NamedTuple):
    """One line of the agreement table: a pair (or all pairs) and a label (or all labels)."""

    pair: str
    label: str
    exact_f1: float | None
    overlap_f1: float | None
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """The agreement of a project's annotators: per pair, per document, and over everyone.

    "All pairs" figures pool the pairs' span counts, average their kappas (a plain mean) and
    take alpha over every annotator at once. ``skipped`` are the documents with fewer than
    two annotators. Immutable, so any thread may read it.
    """

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    documents: tuple[DocumentAgreement, ...]
    skipped: tuple[int, ...]
    tokens: int
    alpha: float | None
    alpha_by_label: dict[str, float | None] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether no document had two annotators to compare."""
        return not self.documents

    @property
    def spans(self) -> SpanAgreement:
        return sum((p.spans for p in self.pairs), SpanAgreement())

    def spans_for(self, label: str) -> SpanAgreement:
        return sum(
            (p.spans_by_label.get(label, SpanAgreement()) for p in self.pairs), SpanAgreement()
        )

    def mean_kappa(self, label: str | None = None) -> float | None:
        kappas = [(p.kappa if label is None else p.kappa_by_label[label]).kappa for p in self.pairs]
        return _mean(kappas)

    @property
    def events(self) -> EventAgreement:
        return sum((p.events for p in self.pairs), EventAgreement())

    @property
    def claims(self) -> ClaimAgreement:
        return sum((p.claims for p in self.pairs), ClaimAgreement())

    def table_rows(self) -> list[TableRow]:
        """Per label and overall, for all pairs together, then for each pair; columns as in
        :data:`TABLE_HEADERS`."""
        rows = []
        for label in self.labels:
            spans = self.spans_for(label)
            rows.append(
                TableRow(
                    ALL_PAIRS,
                    label,
                    spans.exact.f1,
                    spans.overlap.f1,
                    self.mean_kappa(label),
                    self.alpha_by_label.get(label),
                )
            )
        spans = self.spans
        rows.append(
            TableRow(
                ALL_PAIRS, "all", spans.exact.f1, spans.overlap.f1, self.mean_kappa(), self.alpha
            )
        )
        for pair in self.pairs:
            for label in self.labels:
                spans = pair.spans_by_label[label]
                rows.append(
                    TableRow(
                        pair.name,
                        label,
                        spans.exact.f1,
                        spans.overlap.f1,
                        pair.kappa_by_label[label].kappa,
                        pair.alpha_by_label.get(label),
                    )
                )
            rows.append(
                TableRow(
                    pair.name,
                    "all",
                    pair.spans.exact.f1,
                    pair.spans.overlap.f1,
                    pair.kappa.kappa,
                    pair.alpha,
                )
            )
        return rows

    def document_rows(self) -> list[tuple[Any, ...]]:
        """One row per compared document, columns as in :data:`DOCUMENT_HEADERS`."""
        return [
            (
                d.doc_id,
                d.title or "",
                ", ".join(d.annotators),
                d.tokens,
                d.spans.exact.f1,
                d.spans.overlap.f1,
                d.kappa,
                d.alpha,
            )
            for d in self.documents
        ]

    def text_lines(self) -> list[str]:
        """The report as plain text: who and what was compared, the table, events, claims."""
        if self.empty:
            return [NOT_ENOUGH]
        lines = [
            f"{len(self.annotators)} annotators ({', '.join(self.annotators)}) on "
            f"{_plural(len(self.documents), 'document')} ({_plural(self.tokens, 'token')})"
        ]
        if self.skipped:
            lines.append(
                f"{_plural(len(self.skipped), 'document')} with fewer than two annotators left out"
            )
        cells = [TABLE_HEADERS] + [
            (row.pair, row.label, *(figure(value) for value in row[2:]))
            for row in self.table_rows()
        ]
        widths = [max(len(str(line[i])) for line in cells) for i in range(len(TABLE_HEADERS))]
        lines.append("")
        lines.extend(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
            for line in cells
        )
        lines.append(
            f"({ALL_PAIRS}: span counts pooled, kappa the mean of the pairs', alpha over every "
            "annotator at once; - where a measure is undefined)"
        )
        lines.append("")
        lines.extend(self.event_claim_lines())
        return lines

    def event_claim_lines(self) -> list[str]:
        """Events and claims, for all pairs together, then for each pair, one line each."""
        lines = []
        for name, events, claims in [
            (ALL_PAIRS, self.events, self.claims),
            *((p.name, p.events, p.claims) for p in self.pairs),
        ]:
            lines.append(f"Events, {name}: {_events_text(events)}")
            lines.append(f"Claims, {name}: {_claims_text(claims)}")
        return lines

    def as_dict(self) -> dict[str, Any]:
        """The whole report as JSON-serialisable values (None where a measure is undefined)."""
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "documents": [d.as_dict() for d in self.documents],
            "skipped_documents": list(self.skipped),
            "overall": {
                "spans": self.spans.as_dict(),
                "spans_by_label": {label: self.spans_for(label).as_dict() for label in self.labels},
                "tokens": self.tokens,
                "mean_kappa": self.mean_kappa(),
                "mean_kappa_by_label": {label: self.mean_kappa(label) for label in self.labels},
                "alpha": self.alpha,
                "alpha_by_label": dict(self.alpha_by_label),
                "events": self.events.as_dict(),
                "claims": self.claims.as_dict(),
            },
            "pairs": [p.as_dict() for p in self.pairs],
        }


def figure(value: float | None) -> str:
    """A measure as shown in tables: three decimals, ``-`` when undefined."""
    return "-" if value is None else f"{value:.3f}"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _events_text(events: EventAgreement) -> str:
    triggers = events.triggers
    return (
        f"{triggers.matched} paired of {triggers.first} and {triggers.second} "
        f"(trigger F1 {figure(triggers.f1)}); same type {figure(events.type_share)}, "
        f"same sub-type {figure(events.subtype_share)}; role fillers F1 {figure(events.roles.f1)}"
    )


def _claims_text(claims: ClaimAgreement) -> str:
    matches = claims.claims
    return (
        f"{matches.matched} paired of {matches.first} and {matches.second} "
        f"(F1 {figure(matches.f1)}); same type {figure(claims.type_share)}, "
        f"same stance {figure(claims.stance_share)}, same claimant {figure(claims.claimant_share)}"
    )


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return fmean(known) if known else None


# -- computing ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Annotated:
    """One annotator's version of one document, as the measures need it."""

    spans: list[LabelledSpan]
    events: list[EventRecord]
    claims: list[ClaimRecord]
    tokens: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Document:
    """A compared document: its token count and each of its annotators' versions."""

    doc_id: int
    title: str | None
    tokens: int
    versions: dict[str, _Annotated]


def _read_document(
    store: Store,
    doc_id: int,
    names: Sequence[str],
    wanted: Callable[[str], bool],
    tokenizer: Tokenizer,
) -> _Document:
    versions: dict[str, _Annotated] = {}
    document = store.get_document(doc_id)
    for name in names:
        records = annotator_version(store, doc_id, name).records
        # A version brings along the records its own point at, whoever made them: keep
        # the annotator's own.
        versions[name] = _Annotated(
            [
                LabelledSpan(s.start, s.end, s.label)
                for s in records.spans
                if s.annotator == name and s.status == "accepted" and wanted(s.label)
            ],
            [e for e in records.events if e.annotator == name and e.status == "accepted"],
            [c for c in records.claims if c.annotator == name and c.status == "accepted"],
        )
    tokens = document_tokens(document.text, tokenizer)
    for version in versions.values():
        version.tokens = token_labels(tokens, version.spans)
    return _Document(doc_id, document.title, len(tokens), versions)


def agreement(
    store: Store,
    *,
    doc_ids: Iterable[int] | None = None,
    labels: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> AgreementReport:
    """The agreement of the annotators of ``doc_ids`` (default: every document) on spans of
    ``labels`` (default: every label but TRIGGER, CUE and CLAIM), token labels, events and
    claims. ``progress(done, total)`` is called after each document; an exception it raises
    stops the work."""
    chosen = sorted(set(doc_ids)) if doc_ids is not None else store.document_ids()
    asked = tuple(dict.fromkeys(labels)) if labels is not None else None

    def wanted(label: str) -> bool:
        return label in asked if asked is not None else label not in STRUCTURAL_LABELS

    tokenizer = own_tokenizer()
    documents: list[_Document] = []
    skipped: list[int] = []
    for done, doc_id in enumerate(chosen, start=1):
        names = document_annotators(store, doc_id)
        if len(names) >= 2:
            documents.append(_read_document(store, doc_id, names, wanted, tokenizer))
        else:
            skipped.append(doc_id)
        if progress is not None:
            progress(done, len(chosen))

    found = sorted({s.label for d in documents for v in d.versions.values() for s in v.spans})
    all_labels = asked if asked is not None else tuple(found)
    annotators = tuple(sorted({name for d in documents for name in d.versions}))
    pairs = tuple(
        _pair(first, second, documents, all_labels)
        for first, second in combinations(annotators, 2)
        if any(first in d.versions and second in d.versions for d in documents)
    )
    rows = _alpha_rows(documents, annotators)
    return AgreementReport(
        annotators=annotators,
        labels=all_labels,
        pairs=pairs,
        documents=tuple(_document_agreement(d, all_labels) for d in documents),
        skipped=tuple(skipped),
        tokens=sum(d.tokens for d in documents),
        alpha=nominal_alpha(rows),
        alpha_by_label={
            label: nominal_alpha([_binary(row, label) for row in rows]) for label in all_labels
        },
    )


def _alpha_rows(documents: Sequence[_Document], names: Sequence[str]) -> list[list[str | None]]:
    """Per annotator, the labels of every token of every document, None where unseen."""
    rows: list[list[str | None]] = [[] for _ in names]
    for document in documents:
        for row, name in zip(rows, names, strict=True):
            version = document.versions.get(name)
            row.extend(version.tokens if version is not None else [None] * document.tokens)
    return rows


def _pair(
    first: str, second: str, documents: Sequence[_Document], labels: Sequence[str]
) -> PairAgreement:
    shared = [d for d in documents if first in d.versions and second in d.versions]
    by_document: dict[int, SpanAgreement] = {}
    by_label = {label: SpanAgreement() for label in labels}
    kappa_by_document: dict[int, Kappa] = {}
    events, claims = EventAgreement(), ClaimAgreement()
    tokens_a: list[str] = []
    tokens_b: list[str] = []
    for document in shared:
        a, b = document.versions[first], document.versions[second]
        per_label = span_agreement(a.spans, b.spans, labels)
        by_document[document.doc_id] = sum(per_label.values(), SpanAgreement())
        for label, spans in per_label.items():
            by_label[label] += spans
        kappa_by_document[document.doc_id] = cohen_kappa(a.tokens, b.tokens)
        tokens_a.extend(a.tokens)
        tokens_b.extend(b.tokens)
        events += event_agreement(a.events, b.events)
        claims += claim_agreement(a.claims, b.claims)
    kappa_by_label = {}
    alpha_by_label = {}
    for label in labels:
        binary_a, binary_b = _binary(tokens_a, label), _binary(tokens_b, label)
        kappa_by_label[label] = cohen_kappa(binary_a, binary_b)
        alpha_by_label[label] = nominal_alpha([binary_a, binary_b])
    return PairAgreement(
        first=first,
        second=second,
        documents=tuple(d.doc_id for d in shared),
        spans=sum(by_document.values(), SpanAgreement()),
        spans_by_label=by_label,
        spans_by_document=by_document,
        kappa=cohen_kappa(tokens_a, tokens_b),
        kappa_by_label=kappa_by_label,
        kappa_by_document=kappa_by_document,
        alpha=nominal_alpha([tokens_a, tokens_b]),
        alpha_by_label=alpha_by_label,
        events=events,
        claims=claims,
    )


def _document_agreement(document: _Document, labels: Sequence[str]) -> DocumentAgreement:
    names = sorted(document.versions)
    spans = SpanAgreement()
    kappas = []
    for first, second in combinations(names, 2):
        a, b = document.versions[first], document.versions[second]
        spans += sum(span_agreement(a.spans, b.spans, labels).values(), SpanAgreement())
        kappas.append(cohen_kappa(a.tokens, b.tokens).kappa)
    return DocumentAgreement(
        doc_id=document.doc_id,
        title=document.title,
        annotators=tuple(names),
        tokens=document.tokens,
        spans=spans,
        kappa=_mean(kappas),
        alpha=nominal_alpha([document.versions[name].tokens for name in names]),
    )
