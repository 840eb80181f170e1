"""The trigger matcher finds exactly what spaCy's Matcher finds, on the lexicon and odd patterns."""

from __future__ import annotations

import pytest

from newsmark.nlp.events import EventSuggester
from newsmark.nlp.trigger_matching import TriggerMatcher, repeats

TEXT = " ".join(
    [
        "Rebels shelled the outskirts of Karsh on Tuesday, killing four civilians.",
        "A roadside bomb exploded near a patrol; two soldiers were wounded.",
        "The weather was calm and markets opened as usual in the capital.",
        "Police fired tear gas at protesters and arrested 12 people, officials said.",
        "Warplanes carried out air strikes on the village, and a car bomb went off later.",
        "Gunmen stabbed the young shopkeeper to death and beat two brothers badly to death.",
        "An air-strike hit the depot; a drone strike followed.",
    ]
    * 4
)


def spacy_matches(nlp, keyed_patterns, doc):
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    for key, patterns in keyed_patterns:
        matcher.add(key, list(patterns))
    return matcher(doc)


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        (None, (1, 1)),
        ("!", (1, 1)),
        ("?", (0, 1)),
        ("*", (0, None)),
        ("+", (1, None)),
        ("{2}", (2, 2)),
        ("{0,4}", (0, 4)),
        ("{,3}", (0, 3)),
        ("{1,}", (1, None)),
    ],
)
def test_repeats(op, expected):
    assert repeats(op) == expected


def test_the_event_lexicon_matches_as_spacy_does(nlp):
    suggester = EventSuggester(nlp)
    keyed = [(entry.key, entry.patterns) for entry in suggester._entries.values()]
    doc = nlp(TEXT)
    ours = TriggerMatcher(nlp.vocab, keyed)(doc)
    theirs = spacy_matches(nlp, keyed, doc)
    assert set(ours) == set(theirs)
    assert len(ours) > 30
    assert ours == sorted(ours, key=lambda m: (m[1], m[2]))


@pytest.mark.parametrize(
    "keyed",
    [
        # the same tokens under two keys: the first added must come first
        [("B", [[{"LOWER": "strike"}]]), ("A", [[{"LEMMA": {"IN": ["strike"]}}]])],
        # optional and ranged tokens, a negated token, POS restrictions
        [
            ("air", [[{"LOWER": "air"}, {"ORTH": "-", "OP": "?"}, {"LEMMA": "strike"}]]),
            (
                "death",
                [
                    [
                        {"LEMMA": {"IN": ["stab", "beat"]}, "POS": {"IN": ["VERB"]}},
                        {"OP": "{0,4}"},
                        {"LOWER": "to"},
                        {"LOWER": "death"},
                    ]
                ],
            ),
            ("not-the", [[{"LOWER": "the", "OP": "!"}, {"LEMMA": "bomb"}]]),
            ("verb", [[{"LEMMA": "shell", "POS": "VERB"}]]),
        ],
        # a pattern naming no required word: searched everywhere
        [("any-noun", [[{"POS": "NOUN"}, {"LOWER": "bomb", "OP": "?"}]])],
        # unbounded repetition: searched everywhere
        [("plus", [[{"LOWER": "air"}, {"OP": "+"}, {"LOWER": "village"}]])],
    ],
)
def test_odd_patterns_match_as_spacy_does(nlp, keyed):
    doc = nlp(TEXT)
    ours = TriggerMatcher(nlp.vocab, keyed)(doc)
    theirs = spacy_matches(nlp, keyed, doc)
    assert set(ours) == set(theirs)
    by_span: dict = {}
    for key, start, end in theirs:
        by_span.setdefault((start, end), key)
    assert {(s, e): k for k, s, e in reversed(ours)} == by_span
