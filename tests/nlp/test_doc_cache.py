"""The per-document look-ups answer what a scan of the whole document would answer."""

from __future__ import annotations

import random

import spacy

from newsmark.nlp.doc_cache import DocFacts, sentence_ents
from newsmark.nlp.events import PARAGRAPH_BREAK
from newsmark.nlp.gazetteer import _inside_longer_entity


def test_paragraph_breaks_are_found_as_the_pattern_finds_them():
    rng = random.Random(5)
    blank = spacy.blank("en")
    for _ in range(200):
        text = "".join(rng.choice("ab \t\n\n") for _ in range(rng.randint(0, 30)))
        facts = DocFacts(blank(text))
        for low in range(len(text) + 1):
            for high in range(low, len(text) + 1):
                expected = PARAGRAPH_BREAK.search(text, low, high) is not None
                assert facts.has_paragraph_break(low, high) == expected, (text, low, high)


def test_sentence_entities_are_those_a_scan_finds(nlp):
    doc = nlp(
        "Government forces shelled Dar Salem on Monday, the United Nations said. "
        "In Kabul and Herat, NATO and the Taliban met on 12 March 2024.\n\n"
        "Omar Khalil of Reuters reported from Baghdad."
    )
    assert doc.ents
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            span = doc[start:end]
            expected = [e for e in doc.ents if start <= e.start and e.end <= end]
            assert sentence_ents(span) == expected


def test_a_name_inside_a_longer_entity_is_found_by_bisection():
    entities = [(0, 5), (7, 20), (20, 24), (30, 31)]
    starts = [start for start, _end in entities]
    for start in range(0, 35):
        for end in range(start + 1, 36):
            expected = any(s <= start and end <= e and (e - s) > (end - start) for s, e in entities)
            assert _inside_longer_entity(start, end, entities, starts) == expected
