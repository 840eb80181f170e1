"""Agreement between annotators: a tiny project worked out by hand, a larger random one checked
against Krippendorff's alpha and Cohen's kappa computed here, the token rule, the JSON report
and the ``newsmark agreement`` command."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pytest
import spacy

from newsmark.cli import main
from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.importing import import_annotations
from newsmark.review.agreement import (
    LabelledSpan,
    agreement,
    greedy_pairs,
    token_labels,
)

KERSH = (
    "Rebels shelled the market in Kersh on Tuesday, killing five, the governor said. "
    "The Eastern Front denied responsibility."
)
QUIET = "Nothing happened in Port Amal today."


def at(words: str, text: str = KERSH) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


class Line:
    """One annotator's native JSONL line for a text, built record by record."""

    def __init__(self, text: str, annotator: str, origin: str = "manual"):
        self.text, self.annotator, self.origin = text, annotator, origin
        self.spans: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []
        self.actors: list[dict[str, Any]] = []

    def _common(self) -> dict[str, Any]:
        return {"status": "accepted", "origin": self.origin, "annotator": self.annotator}

    def span(self, words: str | tuple[int, int], label: str) -> int:
        start, end = at(words, self.text) if isinstance(words, str) else words
        self.spans.append(
            {
                "id": len(self.spans) + 1,
                "start": start,
                "end": end,
                "text": self.text[start:end],
                "label": label,
                "score": None,
                "actor": None,
                "attributes": {},
                **self._common(),
            }
        )
        return len(self.spans)

    def actor(self, name: str) -> int:
        self.actors.append({"id": len(self.actors) + 1, "name": name, "aliases": []})
        return len(self.actors)

    def event(self, kind: str, subtype: str | None, trigger: str, *arguments: dict) -> None:
        self.events.append(
            {
                "id": len(self.events) + 1,
                "type": kind,
                "subtype": subtype,
                "trigger": self.span(trigger, "TRIGGER"),
                "arguments": list(arguments),
                "attributes": {},
                **self._common(),
            }
        )

    def claim(self, kind: str, stance: str | None, **parts: Any) -> None:
        cue = parts.get("cue")
        content = parts.get("content")
        self.claims.append(
            {
                "id": len(self.claims) + 1,
                "type": kind,
                "stance": stance,
                "cue": self.span(cue, "CUE") if cue else None,
                "content": self.span(content, "CLAIM") if content else None,
                "claimant": parts.get("claimant"),
                "claimant_actor": parts.get("claimant_actor"),
                "about": [],
                "attributes": {"parent": None},
                **self._common(),
            }
        )

    def dump(self) -> str:
        line = {
            "format": "newsmark/1",
            "id": 1,
            "text": self.text,
            "meta": {"title": self.text[:20]},
            "status": "in_progress",
            "spans": self.spans,
            "actors": self.actors,
            "events": self.events,
            "claims": self.claims,
            "relations": [],
        }
        return json.dumps(line, ensure_ascii=False)


def argument(role: str, span: int | None = None, actor: int | None = None, value=None) -> dict:
    return {"role": role, "span": span, "actor": actor, "value": value}


def build_project(path: Path, lines: list[Line]) -> Path:
    """A project holding every line's document once, each annotator's records side by side."""
    with Store.open(path) as store:
        for number, line in enumerate(lines):
            source = path.parent / f"{path.stem}-{number}-{line.annotator}.jsonl"
            source.write_text(line.dump() + "\n", encoding="utf-8")
            report = import_annotations(store, [source], fmt="jsonl")
            assert not report.refused, report.refused
    return path


def kersh_lines() -> list[Line]:
    """ana and bob on the Kersh report; a gold span by an adjudicator; cy alone on QUIET."""
    ana = Line(KERSH, "ana")
    rebels = ana.span("Rebels", "ORG")
    kersh = ana.span("Kersh", "GPE")
    tuesday = ana.span("on Tuesday", "DATE")
    ana.span("the governor", "PERSON")
    front = ana.span("The Eastern Front", "ORG")
    ana_front = ana.actor("Eastern Front")
    ana.event(
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "shelled",
        argument("attacker", span=rebels),
        argument("place", span=kersh),
        argument("time", span=tuesday),
    )
    ana.claim(
        "denial",
        "negative",
        cue="denied",
        content="responsibility",
        claimant=front,
        claimant_actor=ana_front,
    )
    ana.claim("accusation", None, cue="said", content="Rebels shelled the market")

    bob = Line(KERSH, "bob")
    rebels = bob.span("Rebels", "ORG")
    kersh = bob.span("Kersh", "GPE")
    tuesday = bob.span("Tuesday", "DATE")
    bob.span("governor", "PERSON")
    bob.span("Eastern Front", "ORG")
    bob.span("the market", "LOC")
    bob_front = bob.actor("Eastern Front")
    bob.event(
        "Explosions/Remote violence",
        "Air/drone strike",
        "shelled",
        argument("attacker", span=rebels),
        argument("place", span=kersh),
        argument("time", span=tuesday),
    )
    bob.claim("denial", "negative", cue="denied", claimant_actor=bob_front)
    # No cue: paired with ana's accusation by their overlapping contents.
    bob.claim("accusation", None, content="shelled the market in Kersh")

    judge = Line(KERSH, "judge", origin="adjudication")
    judge.span("Kersh", "GPE")
    cy = Line(QUIET, "cy")
    cy.span("Port Amal", "GPE")
    return [ana, bob, judge, cy]


@pytest.fixture
def kersh_project(tmp_path: Path) -> Path:
    return build_project(tmp_path / "kersh.nmk", kersh_lines())


def test_tiny_case_by_hand(kersh_project: Path):
    with Store.open(kersh_project, create=False) as store:
        report = agreement(store)
    # The judge's gold span is no annotator's; QUIET has only cy.
    assert report.annotators == ("ana", "bob")
    assert [d.doc_id for d in report.documents] == [1]
    assert report.skipped == (2,)
    assert report.labels == ("DATE", "GPE", "LOC", "ORG", "PERSON")
    (pair,) = report.pairs
    assert (pair.first, pair.second) == ("ana", "bob")

    # Spans: ana 5, bob 6. Exact: Rebels, Kersh -> 2.
    # P = 2/6, R = 2/5, F1 = 2*2/(5+6) = 4/11.
    exact = pair.spans.exact
    assert (exact.matched, exact.first, exact.second) == (2, 5, 6)
    assert exact.precision == pytest.approx(2 / 6)
    assert exact.recall == pytest.approx(2 / 5)
    assert exact.f1 == pytest.approx(4 / 11)
    # Overlapping: also Tuesday~on Tuesday, governor~the governor, Eastern Front~The Eastern
    # Front -> 5. P = 5/6, R = 5/5, F1 = 10/11. bob's LOC has no LOC of ana's.
    overlap = pair.spans.overlap
    assert (overlap.matched, overlap.first, overlap.second) == (5, 5, 6)
    assert overlap.precision == pytest.approx(5 / 6)
    assert overlap.recall == 1.0
    assert overlap.f1 == pytest.approx(10 / 11)
    date = pair.spans_by_label["DATE"]
    assert (date.exact.matched, date.overlap.matched, date.exact.f1) == (0, 1, 0.0)
    assert pair.spans_by_label["LOC"].overlap.f1 == 0.0  # 2*0/(0+1)
    assert pair.spans_by_document[1] == pair.spans

    # Tokens (22): Rebels shelled the market in Kersh on Tuesday , killing five , the governor
    # said . The Eastern Front denied responsibility .
    # ana: ORG - - - - GPE DATE DATE - - - - PERSON PERSON - - ORG ORG ORG - - -
    # bob: ORG - LOC LOC - GPE - DATE - - - - - PERSON - - - ORG ORG - - -
    # They differ on the, market, on, the (governor), The: po = 17/22.
    # ana: ORG 4, GPE 1, DATE 2, PERSON 2, O 13; bob: ORG 3, GPE 1, DATE 1, PERSON 1, LOC 2,
    # O 14. pe = (4*3 + 1*1 + 2*1 + 2*1 + 13*14) / 22^2 = 199/484.
    # kappa = (374/484 - 199/484) / (285/484) = 175/285 = 35/57.
    assert pair.kappa.tokens == 22
    assert pair.kappa.po == pytest.approx(17 / 22)
    assert pair.kappa.pe == pytest.approx(199 / 484)
    assert pair.kappa.kappa == pytest.approx(35 / 57)
    # Alpha (nominal, 2 coders, 22 units, none missing): 44 values, n_c = ORG 7, GPE 2,
    # DATE 3, PERSON 3, LOC 2, O 27. Disagreeing units 5, each 2 off-diagonal coincidences:
    # D = 10. Expected: 44^2 - (49+4+9+9+4+729) = 1132. alpha = 1 - 43*10/1132 = 351/566.
    assert report.alpha == pytest.approx(351 / 566)
    assert pair.alpha == pytest.approx(351 / 566)
    assert report.documents[0].alpha == pytest.approx(351 / 566)
    assert report.documents[0].tokens == 22
    # Binary ORG: ana yes on Rebels, The, Eastern, Front; bob on Rebels, Eastern, Front.
    # po = 21/22; pe = (4*3 + 18*19)/484 = 354/484; kappa = (462-354)/(484-354) = 108/130.
    org = pair.kappa_by_label["ORG"]
    assert org.po == pytest.approx(21 / 22)
    assert org.pe == pytest.approx(354 / 484)
    assert org.kappa == pytest.approx(108 / 130)

    # Events: one each, triggers both "shelled": matched 1 of 1 and 1. Same type, other
    # sub-type. Fillers (role, offsets): attacker Rebels, place Kersh agree; time "on
    # Tuesday" vs "Tuesday" does not: 2 of 3 and 3, F1 = 4/6.
    events = pair.events
    assert (events.triggers.matched, events.triggers.f1) == (1, 1.0)
    assert (events.type_share, events.subtype_share) == (1.0, 0.0)
    assert (events.roles.matched, events.roles.first, events.roles.second) == (2, 3, 3)
    assert events.roles.f1 == pytest.approx(4 / 6)

    # Claims: denial by cue "denied"; accusation by content (bob's has no cue). Both types
    # agree; stances agree (negative, none). Claimants: the denial names the same registry
    # actor (ana also a span, bob only the actor) -> agree; ana's accusation has none and so
    # has bob's -> agree. 2 of 2.
    claims = pair.claims
    assert (claims.claims.matched, claims.claims.first, claims.claims.second) == (2, 2, 2)
    assert (claims.type_share, claims.stance_share, claims.claimant_share) == (1.0, 1.0, 1.0)


def test_labels_filter_and_structural_labels(kersh_project: Path):
    with Store.open(kersh_project, create=False) as store:
        org = agreement(store, labels=["ORG"])
        triggers = agreement(store, labels=["TRIGGER"])
        only_quiet = agreement(store, doc_ids=[2])
    assert org.labels == ("ORG",)
    (pair,) = org.pairs
    # ORG: ana Rebels, The Eastern Front; bob Rebels, Eastern Front: exact 1, overlap 2.
    assert (pair.spans.exact.matched, pair.spans.overlap.matched) == (1, 2)
    # Tokens of other labels are O now: ORG differs only on "The". po = 21/22 as above.
    assert pair.kappa.po == pytest.approx(21 / 22)
    # Asked by name, the event triggers are compared as spans: "shelled" both.
    assert triggers.pairs[0].spans.exact.f1 == 1.0
    assert only_quiet.empty and only_quiet.skipped == (2,)


def test_overlapping_spans_of_one_annotator_on_a_token():
    tokens = [(0, 6), (7, 14), (15, 18), (19, 25)]
    spans = [
        LabelledSpan(15, 25, "FAC"),  # "the market"
        LabelledSpan(19, 25, "LOC"),  # "market": shorter, loses
        LabelledSpan(0, 3, "ORG"),  # part of a token still labels it
        LabelledSpan(0, 6, "PERSON"),  # longer than ORG's 3: wins "Rebels"
    ]
    assert token_labels(tokens, spans) == ["PERSON", "O", "FAC", "FAC"]
    # Same length: the one starting first, then the label in alphabetical order.
    assert token_labels([(0, 4), (5, 9)], [LabelledSpan(5, 9, "B"), LabelledSpan(0, 9, "Z")]) == [
        "Z",
        "Z",
    ]
    assert token_labels([(0, 4)], [LabelledSpan(0, 4, "B"), LabelledSpan(0, 4, "A")]) == ["A"]


def test_greedy_pairs_prefer_the_largest_overlap_then_the_closest():
    # b0 overlaps a0 by 2 and a1 by 5: a1 takes it; a0 is left with b1.
    assert sorted(greedy_pairs([(0, 5), (3, 10)], [(3, 8), (0, 4)])) == [(0, 1), (1, 0)]
    # Same overlap: the exact one wins.
    assert greedy_pairs([(0, 10), (2, 5)], [(2, 5)]) == [(1, 0)]
    assert greedy_pairs([None, (0, 3)], [(5, 9), None]) == []


# -- a larger random project ----------------------------------------------------------------

WORDS = ["Rebels", "shelled", "Kérsh", "market", "police", "🎯", "governor", "Tuesday", "army"]
LABELS = ["ORG", "GPE", "PERSON"]


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))


def random_spans(rng: random.Random, text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping spans of whole words: runs of 1-3 words, each word taken with p 0.3."""
    starts, position = [], 0
    for word in text.split(" "):
        starts.append((position, position + len(word)))
        position += len(word) + 1
    spans, index = [], 0
    while index < len(starts):
        if rng.random() < 0.3:
            length = rng.randint(1, 3)
            last = min(index + length, len(starts)) - 1
            spans.append((starts[index][0], starts[last][1], rng.choice(LABELS)))
            index = last + 1
        index += 1
    return spans


def perturbed(rng: random.Random, spans: list[tuple[int, int, str]]) -> list:
    """Another annotator's take: most spans kept, some relabelled, some dropped."""
    kept = []
    for start, end, label in spans:
        roll = rng.random()
        if roll < 0.15:
            continue
        kept.append((start, end, rng.choice(LABELS) if roll < 0.3 else label))
    return kept


def test_random_project_against_krippendorff_and_kappa(tmp_path: Path):
    rng = random.Random(7)
    names = ["ana", "bob", "cy"]
    texts = [random_text(rng) for _ in range(6)]
    layers: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    lines = []
    for number, text in enumerate(texts):
        base = random_spans(rng, text)
        # Each document: two or three of the annotators.
        annotators = names if number % 2 == 0 else rng.sample(names, 2)
        for name in annotators:
            spans = perturbed(rng, base) or base[:1]
            layers[number, name] = spans
            line = Line(text, name)
            for start, end, label in spans:
                line.span((start, end), label)
            lines.append(line)
    with Store.open(tmp_path / "random.nmk") as store:
        store.add_documents([Document(text=text) for text in texts])
    build_project(tmp_path / "random.nmk", lines)

    with Store.open(tmp_path / "random.nmk", create=False) as store:
        report = agreement(store)
        ids = {store.get_document(i).text: i for i in store.document_ids()}

    # The tokens and their labels, built here with spaCy's blank English tokenizer.
    tokenizer = spacy.blank("en").tokenizer
    columns: dict[str, list[float]] = {name: [] for name in names}
    codes = {"O": 0, **{label: n + 1 for n, label in enumerate(LABELS)}}
    pair_labels: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for number, text in enumerate(texts):
        tokens = [(t.idx, t.idx + len(t.text)) for t in tokenizer(text) if not t.is_space]
        per_name: dict[str, list[str]] = {}
        for name in names:
            spans = layers.get((number, name))
            if spans is None:
                columns[name].extend([np.nan] * len(tokens))
                continue
            labels = []
            for start, end in tokens:
                covering = [lab for s, e, lab in spans if s < end and e > start]
                labels.append(covering[0] if covering else "O")
            per_name[name] = labels
            columns[name].extend(codes[label] for label in labels)
        for first, second in [("ana", "bob"), ("ana", "cy"), ("bob", "cy")]:
            if first in per_name and second in per_name:
                got = pair_labels.setdefault((first, second), ([], []))
                got[0].extend(per_name[first])
                got[1].extend(per_name[second])
        document = next(d for d in report.documents if d.doc_id == ids[text])
        assert document.tokens == len(tokens)
        assert document.annotators == tuple(sorted(per_name))

    expected_alpha = krippendorff.alpha(
        reliability_data=np.array([columns[name] for name in names]),
        level_of_measurement="nominal",
    )
    assert report.alpha == pytest.approx(expected_alpha)
    assert report.tokens == len(columns["ana"])

    for pair in report.pairs:
        first_labels, second_labels = pair_labels[pair.first, pair.second]
        n = len(first_labels)
        po = sum(a == b for a, b in zip(first_labels, second_labels, strict=True)) / n
        counts_a, counts_b = Counter(first_labels), Counter(second_labels)
        pe = sum(counts_a[label] * counts_b[label] for label in codes) / n**2
        assert pair.kappa.tokens == n
        assert pair.kappa.kappa == pytest.approx((po - pe) / (1 - pe))
        # Exact span matches, counted here from the layers.
        shared = [number for number in range(len(texts)) if (number, pair.first) in layers]
        shared = [number for number in shared if (number, pair.second) in layers]
        exact = sum(
            len(set(layers[number, pair.first]) & set(layers[number, pair.second]))
            for number in shared
        )
        assert pair.spans.exact.matched == exact
        assert pair.spans.exact.first == sum(len(layers[n, pair.first]) for n in shared)
        assert pair.spans.overlap.matched >= exact


# -- the report as JSON and the command -------------------------------------------------------


def test_report_as_dict_is_json(kersh_project: Path):
    with Store.open(kersh_project, create=False) as store:
        report = agreement(store)
    data = json.loads(json.dumps(report.as_dict(), allow_nan=False))
    assert data["annotators"] == ["ana", "bob"]
    assert data["skipped_documents"] == [2]
    assert data["overall"]["spans"]["exact"]["f1"] == pytest.approx(4 / 11)
    assert data["pairs"][0]["tokens"]["kappa"] == pytest.approx(35 / 57)
    assert data["pairs"][0]["spans"]["by_document"]["1"]["overlap"]["matched"] == 5
    assert data["overall"]["events"]["same_subtype_share"] == 0.0
    # LOC: only bob has one, so po/pe exist, and ana never says LOC.
    assert data["pairs"][0]["spans"]["by_label"]["LOC"]["exact"]["precision"] == 0.0
    assert data["pairs"][0]["spans"]["by_label"]["LOC"]["exact"]["recall"] is None
    rows = report.table_rows()
    assert rows[-1].pair == "ana – bob" and rows[-1].label == "all"
    assert rows[-1].kappa == pytest.approx(35 / 57)
    all_pairs = {row.label: row for row in rows if row.pair == "all pairs"}
    assert all_pairs["all"].alpha == pytest.approx(351 / 566)
    assert all_pairs["GPE"].exact_f1 == 1.0
    assert report.document_rows()[0][:4] == (1, KERSH[:20], "ana, bob", 22)


def test_command_prints_a_table_and_json(kersh_project: Path, capsys):
    assert main(["agreement", "--project", str(kersh_project)]) == 0
    out = capsys.readouterr().out
    assert "ana – bob" in out
    assert "0.364" in out  # exact F1 4/11
    assert "0.909" in out  # overlap F1 10/11
    assert "0.614" in out  # kappa 35/57
    assert "0.620" in out  # alpha 351/566

    assert main(["agreement", "--project", str(kersh_project), "--json", "--label", "ORG"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["labels"] == ["ORG"]
    assert data["overall"]["spans"]["overlap"]["matched"] == 2


def test_command_without_two_annotators(tmp_path: Path, capsys):
    path = build_project(tmp_path / "alone.nmk", [kersh_lines()[0]])
    assert main(["agreement", "--project", str(path)]) == 1
    err = capsys.readouterr().err
    assert "two annotators" in err
