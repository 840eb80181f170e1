"""Precision, recall and F1 of event and claim suggestions against a hand-written gold set.

Pure functions over plain data; nothing here needs spaCy. The gold format (one JSON object per
line) is::

    {"text": "...",
     "events": [{"trigger": "drone strike", "type": "...", "subtype": "...",
                 "trigger_occurrence": 1}],
     "claims": [{"cue": "said", "type": "assertion", "claimant": "the army" | null,
                 "cue_occurrence": 1, "claimant_occurrence": 1}]}

Strings are located by their first occurrence in the text unless an ``*_occurrence`` (1-based)
says otherwise.

Matching is one-to-one. A predicted event matches a gold event when their trigger spans
overlap; a predicted claim matches a gold claim when their cue spans overlap. Among several
overlapping candidates the one with the right (sub)type, then the largest overlap, wins.

Figures:

* event detection: matched events / predicted (precision), / gold (recall);
* event typing: matched events whose sub-type (and type) is right, over predicted and gold;
* claim detection and claim typing: the same for claims (typing: the claim type is right);
* claimant: matched claims whose predicted claimant overlaps the gold claimant, over the
  predicted claims that name a claimant (precision) and the gold claims that name one
  (recall). ``claimant_overlap_rate`` is the same count over matched claims whose gold names a
  claimant: how often the claimant is right when the claim itself was found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsmark.nlp.candidates import ClaimCandidate, EventCandidate

Offsets = tuple[int, int]


# ---------------------------------------------------------------------------------------------
# Gold data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """A gold event: trigger offsets, ACLED type and sub-type."""

    trigger: Offsets
    type: str
    subtype: str | None


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """A gold claim: cue offsets, claim type, claimant offsets (None: nobody named)."""

    cue: Offsets
    type: str
    claimant: Offsets | None


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold sentence or short paragraph with its events and claims."""

    text: str
    events: tuple[GoldEvent, ...] = ()
    claims: tuple[GoldClaim, ...] = ()


def locate(text: str, needle: str, occurrence: int = 1) -> Offsets:
    """Offsets of the ``occurrence``-th (1-based) appearance of ``needle`` in ``text``.

    Only whole words count: "it" is not found inside "with", nor "said" inside "unsaid".
    """
    if occurrence < 1:
        raise ValueError(f"occurrence must be 1 or more, not {occurrence}")
    before = r"(?<!\w)" if needle[:1].isalnum() else ""
    after = r"(?!\w)" if needle[-1:].isalnum() else ""
    found = list(re.finditer(before + re.escape(needle) + after, text))
    if len(found) < occurrence:
        raise ValueError(f"{needle!r} (occurrence {occurrence}) is not in {text[:60]!r}")
    return found[occurrence - 1].span()


def gold_item(record: dict[str, Any]) -> GoldItem:
    """A GoldItem from one parsed JSON line of the gold file."""
    text = record["text"]
    events = tuple(
        GoldEvent(
            locate(text, e["trigger"], e.get("trigger_occurrence", 1)),
            e["type"],
            e.get("subtype"),
        )
        for e in record.get("events", ())
    )
    claims = tuple(
        GoldClaim(
            locate(text, c["cue"], c.get("cue_occurrence", 1)),
            c["type"],
            None
            if c.get("claimant") is None
            else locate(text, c["claimant"], c.get("claimant_occurrence", 1)),
        )
        for c in record.get("claims", ())
    )
    return GoldItem(text, events, claims)


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold JSONL file; a bad line raises ValueError naming its line number."""
    items = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                items.append(gold_item(json.loads(line)))
            except (ValueError, KeyError) as error:
                raise ValueError(f"{path}:{number}: {error}") from error
    return items


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Score:
    """Counts behind one precision/recall/F1 figure."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold


def overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def overlap_size(a: Offsets, b: Offsets) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(
    predicted: Sequence[Offsets],
    gold: Sequence[Offsets],
    same_label: Callable[[int, int], bool] = lambda i, j: True,
) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) of overlapping spans.

    Greedy over all overlapping pairs, best first: a pair with the same label beats one
    without, then a larger overlap, then earlier positions (so results are deterministic).
    """
    pairs = [
        (not same_label(i, j), -overlap_size(p, g), i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if overlaps(p, g)
    ]
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    result = []
    for _, _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        result.append((i, j))
    return sorted(result)


def score_events(
    predicted: Sequence[EventCandidate], gold: Sequence[GoldEvent]
) -> dict[str, Score]:
    """Detection (trigger overlap) and typing (overlap and the same type and sub-type)."""
    spans = [(e.trigger.start, e.trigger.end) for e in predicted]

    def typed(i: int, j: int) -> bool:
        return (predicted[i].type, predicted[i].subtype) == (gold[j].type, gold[j].subtype)

    pairs = match(spans, [g.trigger for g in gold], typed)
    n_pred, n_gold = len(predicted), len(gold)
    return {
        "event detection": Score(len(pairs), n_pred, n_gold),
        "event typing": Score(sum(typed(i, j) for i, j in pairs), n_pred, n_gold),
    }


def score_claims(
    predicted: Sequence[ClaimCandidate], gold: Sequence[GoldClaim]
) -> dict[str, Score]:
    """Detection (cue overlap), typing (and the same type) and claimant (overlapping span)."""
    spans = [(c.cue.start, c.cue.end) for c in predicted]

    def typed(i: int, j: int) -> bool:
        return predicted[i].type == gold[j].type

    pairs = match(spans, [g.cue for g in gold], typed)
    claimant_right = 0
    claimant_expected = 0
    for i, j in pairs:
        gold_claimant = gold[j].claimant
        if gold_claimant is None:
            continue
        claimant_expected += 1
        found = predicted[i].claimant
        if found is not None and overlaps((found.start, found.end), gold_claimant):
            claimant_right += 1
    return {
        "claim detection": Score(len(pairs), len(predicted), len(gold)),
        "claim typing": Score(sum(typed(i, j) for i, j in pairs), len(predicted), len(gold)),
        "claimant": Score(
            claimant_right,
            sum(c.claimant is not None for c in predicted),
            sum(g.claimant is not None for g in gold),
        ),
        "claimant overlap rate": Score(claimant_right, claimant_expected, claimant_expected),
    }


FIGURES = (
    "event detection",
    "event typing",
    "claim detection",
    "claim typing",
    "claimant",
    "claimant overlap rate",
)


@dataclass(slots=True)
class Mistake:
    """A false positive, a miss or a wrong type, for reading what the rules get wrong."""

    item: int
    kind: str  # "event" | "claim"
    problem: str  # "spurious" | "missed" | "wrong type" | "wrong claimant"
    text: str
    detail: str


@dataclass(slots=True)
class Report:
    """Scores summed over a gold set, and the mistakes behind them."""

    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIGURES})
    mistakes: list[Mistake] = field(default_factory=list)
    items: int = 0

    def rows(self) -> list[tuple[str, float, float, float, int, int, int]]:
        return [
            (name, s.precision, s.recall, s.f1, s.correct, s.predicted, s.gold)
            for name, s in self.scores.items()
        ]


def evaluate(
    items: Iterable[GoldItem],
    predictions: Iterable[tuple[Sequence[EventCandidate], Sequence[ClaimCandidate]]],
) -> Report:
    """Score predictions (events, claims) item by item against the gold items, in order."""
    report = Report()
    for number, (item, (events, claims)) in enumerate(zip(items, predictions, strict=True)):
        report.items += 1
        for name, score in {
            **score_events(events, item.events),
            **score_claims(claims, item.claims),
        }.items():
            report.scores[name].add(score)
        report.mistakes.extend(_event_mistakes(number, item, events))
        report.mistakes.extend(_claim_mistakes(number, item, claims))
    return report


def _snippet(text: str, span: Offsets) -> str:
    return text[span[0] : span[1]]


def _mistakes(
    number: int,
    text: str,
    kind: str,
    predicted: Sequence[tuple[Offsets, str, str]],
    gold: Sequence[tuple[Offsets, str]],
) -> tuple[list[Mistake], list[tuple[int, int]]]:
    """Spurious, missed and wrongly typed items of one kind; also the matched pairs.

    ``predicted`` holds (offsets, covered text, type) and ``gold`` (offsets, type).
    """
    pairs = match(
        [offsets for offsets, _text, _type in predicted],
        [offsets for offsets, _type in gold],
        lambda i, j: predicted[i][2] == gold[j][1],
    )
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    out = [
        Mistake(number, kind, "spurious", text, f"{covered!r} -> {type_}")
        for i, (_offsets, covered, type_) in enumerate(predicted)
        if i not in matched_p
    ]
    out += [
        Mistake(number, kind, "missed", text, f"{_snippet(text, offsets)!r} ({type_})")
        for j, (offsets, type_) in enumerate(gold)
        if j not in matched_g
    ]
    out += [
        Mistake(
            number,
            kind,
            "wrong type",
            text,
            f"{predicted[i][1]!r}: {predicted[i][2]}, gold {gold[j][1]}",
        )
        for i, j in pairs
        if predicted[i][2] != gold[j][1]
    ]
    return out, pairs


def _event_mistakes(number: int, item: GoldItem, events: Sequence[EventCandidate]) -> list[Mistake]:
    # Sub-types are unique across ACLED types, so they alone decide "wrong type".
    out, _pairs = _mistakes(
        number,
        item.text,
        "event",
        [((e.trigger.start, e.trigger.end), e.trigger.text, e.subtype or e.type) for e in events],
        [(g.trigger, g.subtype or g.type) for g in item.events],
    )
    return out


def _claim_mistakes(number: int, item: GoldItem, claims: Sequence[ClaimCandidate]) -> list[Mistake]:
    out, pairs = _mistakes(
        number,
        item.text,
        "claim",
        [((c.cue.start, c.cue.end), c.cue.text, c.type) for c in claims],
        [(g.cue, g.type) for g in item.claims],
    )
    for i, j in pairs:
        gold, found = item.claims[j], claims[i].claimant
        if gold.claimant is not None and (
            found is None or not overlaps((found.start, found.end), gold.claimant)
        ):
            out.append(
                Mistake(
                    number,
                    "claim",
                    "wrong claimant",
                    item.text,
                    f"{claims[i].cue.text!r}: "
                    f"{None if found is None else found.text!r}, gold "
                    f"{_snippet(item.text, gold.claimant)!r}",
                )
            )
    return out


def format_table(report: Report) -> str:
    """The scores as a fixed-width text table."""
    lines = [
        f"{'figure':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'right':>7}{'pred':>6}{'gold':>6}",
    ]
    for name, p, r, f, correct, predicted, gold in report.rows():
        lines.append(f"{name:<24}{p:>10.2f}{r:>8.2f}{f:>7.2f}{correct:>7}{predicted:>6}{gold:>6}")
    return "\n".join(lines)
