"""Matching predictions to gold and the figures computed from it, on tiny hand cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmark.nlp.candidates import ClaimCandidate, EventCandidate, SpanCandidate
from newsmark.nlp.evaluation import (
    GoldClaim,
    GoldEvent,
    GoldItem,
    Score,
    evaluate,
    format_table,
    gold_item,
    load_gold,
    locate,
    match,
    score_claims,
    score_events,
)

TEXT = "Rebels shelled Kidal on Sunday, the army said, and the army said it retaliated."


def span(start: int, end: int, label: str = "X") -> SpanCandidate:
    return SpanCandidate(start, end, label, TEXT[start:end], "rule:test")


def event(start: int, end: int, subtype: str, type_: str = "Explosions/Remote violence"):
    return EventCandidate(type_, subtype, span(start, end, "TRIGGER"), "rule:test")


def claim(cue: tuple[int, int], type_: str, claimant: tuple[int, int] | None = None):
    return ClaimCandidate(
        type_,
        span(*cue, "CUE"),
        "rule:test",
        claimant=None if claimant is None else span(*claimant),
    )


SHELL = "Shelling/artillery/missile attack"


def test_locate_counts_whole_words_and_occurrences():
    assert locate(TEXT, "said") == (TEXT.index("said"), TEXT.index("said") + 4)
    assert locate(TEXT, "said", 2) == (TEXT.rindex("said"), TEXT.rindex("said") + 4)
    assert locate(TEXT, "it") == (TEXT.index(" it ") + 1, TEXT.index(" it ") + 3)  # not "Kidal"
    with pytest.raises(ValueError, match="occurrence 3"):
        locate(TEXT, "said", 3)
    with pytest.raises(ValueError):
        locate(TEXT, "said", 0)


def test_match_is_one_to_one_and_prefers_the_right_label():
    predicted = [(0, 10), (5, 12)]
    gold = [(4, 11)]
    # Without labels the larger overlap wins; with labels the labelled pair wins.
    assert match(predicted, gold) == [(0, 0)]
    assert match(predicted, gold, lambda i, j: i == 1) == [(1, 0)]
    assert match([(0, 3)], [(3, 6)]) == []  # touching is not overlapping


def test_event_detection_and_typing():
    gold = [
        GoldEvent((7, 14), "Explosions/Remote violence", SHELL),
        GoldEvent((60, 70), "Battles", "Armed clash"),
    ]
    predicted = [
        event(7, 14, SHELL),  # right trigger, right type
        event(62, 72, "Air/drone strike"),  # overlapping trigger, wrong type
        event(0, 6, "Air/drone strike"),  # spurious
    ]
    scores = score_events(predicted, gold)
    detection, typing = scores["event detection"], scores["event typing"]
    assert (detection.correct, detection.predicted, detection.gold) == (2, 3, 2)
    assert (typing.correct, typing.predicted, typing.gold) == (1, 3, 2)
    assert detection.precision == pytest.approx(2 / 3) and detection.recall == 1.0
    assert typing.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_claim_detection_typing_and_claimant():
    said_1, said_2 = locate(TEXT, "said"), locate(TEXT, "said", 2)
    army_1, army_2 = locate(TEXT, "the army"), locate(TEXT, "the army", 2)
    gold = [GoldClaim(said_1, "assertion", army_1), GoldClaim(said_2, "threat", army_2)]
    predicted = [
        claim(said_1, "assertion", (army_1[0] + 4, army_1[1])),  # "army" overlaps "the army"
        claim(said_2, "assertion", None),  # found, wrong type, no claimant
    ]
    scores = score_claims(predicted, gold)
    assert scores["claim detection"].correct == 2
    assert scores["claim typing"].correct == 1
    claimant = scores["claimant"]
    assert (claimant.correct, claimant.predicted, claimant.gold) == (1, 1, 2)
    rate = scores["claimant overlap rate"]
    assert rate.precision == rate.recall == pytest.approx(0.5)


def test_empty_scores_do_not_divide_by_zero():
    score = Score()
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_evaluate_sums_items_and_lists_the_mistakes():
    items = [
        GoldItem(TEXT, (GoldEvent((7, 14), "Explosions/Remote violence", SHELL),), ()),
        GoldItem(TEXT, (), (GoldClaim(locate(TEXT, "said"), "assertion", None),)),
    ]
    predictions = [
        ([event(7, 14, "Air/drone strike")], []),
        ([event(0, 6, SHELL)], [claim(locate(TEXT, "said"), "assertion")]),
    ]
    report = evaluate(items, predictions)
    assert report.items == 2
    assert report.scores["event detection"].correct == 1
    assert report.scores["event detection"].predicted == 2
    assert report.scores["claim typing"].correct == 1
    problems = sorted((m.item, m.kind, m.problem) for m in report.mistakes)
    assert problems == [(0, "event", "wrong type"), (1, "event", "spurious")]
    table = format_table(report)
    assert table.splitlines()[0].split() == [
        "figure",
        "precision",
        "recall",
        "F1",
        "right",
        "pred",
        "gold",
    ]
    assert "event detection" in table and "0.50" in table


def test_evaluate_wants_one_prediction_per_item():
    with pytest.raises(ValueError):
        evaluate([GoldItem(TEXT)], [])


def test_gold_lines_are_located_and_bad_lines_name_their_number(tmp_path: Path):
    record = {
        "text": TEXT,
        "events": [{"trigger": "shelled", "type": "Explosions/Remote violence", "subtype": SHELL}],
        "claims": [
            {"cue": "said", "type": "assertion", "claimant": "the army"},
            {"cue": "said", "cue_occurrence": 2, "type": "threat", "claimant": None},
        ],
    }
    assert gold_item(record).claims[1] == GoldClaim(locate(TEXT, "said", 2), "threat", None)
    path = tmp_path / "gold.jsonl"
    bad = dict(record, events=[{"trigger": "bombed", "type": "x", "subtype": "y"}])
    path.write_text(json.dumps(record) + "\n\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:3:"):
        load_gold(path)
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (item,) = load_gold(path)
    assert item.events == (GoldEvent((7, 14), "Explosions/Remote violence", SHELL),)


def test_the_shipped_gold_set_loads_and_uses_schema_names():
    from newsmark.nlp.candidates import ACLED_EVENT_TYPES, CLAIM_TYPES

    path = Path(__file__).resolve().parents[2] / "bench" / "gold" / "events_claims.jsonl"
    items = load_gold(path)
    assert 40 <= len(items) <= 60
    for item in items:
        for gold in item.events:
            assert gold.subtype in ACLED_EVENT_TYPES[gold.type]
        for gold in item.claims:
            assert gold.type in CLAIM_TYPES
    assert any(not item.events and not item.claims for item in items)  # negatives included
